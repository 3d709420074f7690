#!/usr/bin/python3
"""scikit-learn's answer to the problem `clip eval linear-probe --l2 LAMBDA` solves.

Reads the same safetensors feature files, fits LogisticRegression(multinomial, lbfgs) with
C = 1 / (LAMBDA * N) (its objective C * sum(CE) + ||W||^2 / 2 is C * N times the probe's
mean(CE) + LAMBDA / 2 * ||W||^2; the intercept is not penalized by lbfgs), and prints the probe's
objective at sklearn's solution and the test accuracy, as one JSON line.

  python3 docs/bench/linear_probe_sklearn.py --train F --test F --l2 LAMBDA
Needs Debian's python3-sklearn; not used by any test.
"""
import argparse
import json
import struct
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8", "I32": "<i4"}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        start, end = t["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + start:8 + n + end], DTYPES[t["dtype"]]) \
            .reshape(t["shape"])
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--train", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--l2", type=float, required=True)
    p.add_argument("--tol", type=float, default=1e-8)
    p.add_argument("--max-iter", type=int, default=5000)
    a = p.parse_args()
    train, test = read_safetensors(a.train), read_safetensors(a.test)
    x = train["features"].astype(np.float64)
    y = train["labels"]
    n = len(y)
    t0 = time.time()
    clf = LogisticRegression(C=1.0 / (a.l2 * n), solver="lbfgs", tol=a.tol,
                             max_iter=a.max_iter, multi_class="multinomial")
    clf.fit(x, y)
    seconds = time.time() - t0
    logits = x @ clf.coef_.T + clf.intercept_
    logits -= logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    ce = -log_p[np.arange(n), np.searchsorted(clf.classes_, y)].mean()
    objective = ce + 0.5 * a.l2 * (clf.coef_ ** 2).sum()
    accuracy = (clf.predict(test["features"].astype(np.float64)) == test["labels"]).mean()
    print(json.dumps({"objective": objective, "accuracy": accuracy, "l2": a.l2,
                      "iterations": int(clf.n_iter_[0]), "seconds": round(seconds, 1)}))


if __name__ == "__main__":
    main()
