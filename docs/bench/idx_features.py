#!/usr/bin/env python3
"""Writes raw pixels of an IDX image file (Fashion-MNIST, MNIST) as linear-probe features.

Output: a safetensors file with 'features' (F32 [N, rows*cols], pixel / 255) and 'labels'
(I64 [N]), the format `clip eval linear-probe` reads (and `clip features` writes).

  python3 docs/bench/idx_features.py IMAGES.gz LABELS.gz OUT.safetensors [--limit N]
"""
import argparse
import gzip
import json
import struct

import numpy as np


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(shape)


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, (dtype, array) in tensors.items():
        blob = np.ascontiguousarray(array).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("images")
    p.add_argument("labels")
    p.add_argument("out")
    p.add_argument("--limit", type=int, default=0, help="keep the first N images (0 = all)")
    a = p.parse_args()
    x = read_idx(a.images).reshape(-1, 1).astype(np.float32)
    y = read_idx(a.labels).astype(np.int64)
    x = x.reshape(len(y), -1) / np.float32(255)
    if a.limit:
        x, y = x[:a.limit], y[:a.limit]
    write_safetensors(a.out, {"features": ("F32", x.astype("<f4")), "labels": ("I64", y.astype("<i8"))})
    print(f"{a.out}: {x.shape[0]} rows of {x.shape[1]} features")


if __name__ == "__main__":
    main()
