#!/usr/bin/env bash
# kill -9 at random moments of training, including inside checkpoint writes: every resume must
# continue from the last complete checkpoint and the finished run must equal the uninterrupted
# one (the same model.safetensors tensor bytes and the same metrics.jsonl records, bit for bit).
#
#   docs/bench/kill9.sh [TRIALS] [STEPS]      (defaults 20 and 60)
#   KILL9_JOBS=N runs N trials at once (default 1); KILL9_SEED picks the random moments.
#
# Each trial starts `clip train` on a tiny experiment that checkpoints every 2 steps and
# evaluates every 10, kills the JVM with SIGKILL one to three times, resumes (or starts afresh
# when no checkpoint was complete) until the run finishes, then compares with a reference run.
# Kills alternate between two moments: a random delay after the run's first logged step, drawn
# over the reference run's span from that step to exit (training, evaluations, checkpoints,
# final export and report) and "in a write": the harness watches checkpoints/ and
# kills as soon as a step-N.tmp-* folder appears (after a random number of earlier writes).
# Whether a kill really hit a write is recorded from what it left: a *.tmp-* entry.
# A last `--resume` of each finished run must exit 0 saying it already finished and change no
# file. Prints a Markdown table; exit status 0 only when every trial passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
trials="${1:-20}"
steps="${2:-60}"
"$root/clip" --version > /dev/null # builds the command line when its sources changed
work="$(mktemp -d /tmp/kill9-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export TF_CPP_MIN_LOG_LEVEL=2
python3 - "$root" "$work" "$trials" "$steps" <<'PY'
import concurrent.futures, hashlib, json, os, random, signal, struct, subprocess, sys, time

root, work, trials, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
seed = int(os.environ.get("KILL9_SEED", "15"))
jobs = int(os.environ.get("KILL9_JOBS", "1"))  # trials run at once
java = ["java", "--add-modules", "jdk.incubator.vector", "-Xmx2g", "-XX:+UseParallelGC", "-cp",
        f"{root}/clip-examples/target/clip-examples.jar:{root}/clip-examples/target/lib/*",
        "dev.clipjvm.clip.examples.cli.ClipCommand"]

d = json.load(open(f"{root}/clip-examples/configs/demo.json"))
d["name"] = "kill9"
d["model"]["embed_dim"] = 32
d["model"]["vision_cfg"].update(image_size=16, layers=1, width=32, patch_size=8, head_width=16)
d["model"]["text_cfg"].update(width=32, layers=1)
d["data"]["image_size"] = 16
d["model"]["text_cfg"]["vocab_size"] = 600  # a small learned vocabulary: a quicker start
d["tokenizer"].update(vocab_size=600, corpus=500)
d["evaluation"]["tasks"] = d["evaluation"]["tasks"][:2]
t = d["training"]
t.update(batch_size=16, steps=steps, checkpoint_interval=2, keep_checkpoints=2, log_interval=1,
         eval_interval=10)
t["schedule"]["warmup_steps"] = 2
for task in d["evaluation"]["tasks"]:
    task["images"]["count"] = 20
d["evaluation"]["batch_size"] = 20
config = f"{work}/tiny.json"
json.dump(d, open(config, "w"), indent=1)

def start(out, resume, log):
    args = java + ["train", "--config", config, "--out", out, "--quiet"]
    return subprocess.Popen(args + (["--resume"] if resume else []), stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT)

def tensors(path):  # tensor bytes only: the header's metadata holds timings
    b = open(path, "rb").read()
    return hashlib.sha256(b[8 + struct.unpack("<Q", b[:8])[0]:]).hexdigest()

def records(path):  # every metrics record without its timing fields
    out = []
    for line in open(path):
        o = json.loads(line)
        o.pop("pairs_per_s", None); o.pop("data_wait_s", None)
        out.append(json.dumps(o, sort_keys=True))
    return out

def complete(out):
    try:
        names = os.listdir(f"{out}/checkpoints")
    except FileNotFoundError:
        return []
    return sorted(int(n[5:]) for n in names if n.startswith("step-") and ".tmp-" not in n)

def leftovers(out):
    found = []
    for sub in (out, f"{out}/checkpoints"):
        try:
            found += [n for n in os.listdir(sub) if ".tmp-" in n]
        except FileNotFoundError:
            pass
    return found

def snapshot(out):
    state = {}
    for base, dirs, files in os.walk(out):
        for n in dirs + files:
            p = os.path.join(base, n)
            st = os.stat(p)
            data = open(p, "rb").read() if os.path.isfile(p) else b""
            state[p] = (st.st_mtime_ns, hashlib.sha256(data).hexdigest())
    return state

def trained(log_path):  # the run has logged its first training step
    return any(l.startswith("step ") for l in open(log_path))

# The reference run times its training part (first logged step to exit: training, evaluations,
# checkpoints, final export and report); random kills fall inside that span, after start-up.
with open(f"{work}/ref.log", "w") as log:
    p = start(f"{work}/ref", False, log)
    while p.poll() is None and not trained(f"{work}/ref.log"):
        time.sleep(0.005)
    t0 = time.time()
    if p.wait() != 0:
        sys.exit("reference run failed:\n" + open(f"{work}/ref.log").read())
span = time.time() - t0
ref_w, ref_m = tensors(f"{work}/ref/model.safetensors"), records(f"{work}/ref/metrics.jsonl")
print(f"reference: {steps} steps, {span:.1f} s from its first step to exit, {len(ref_m)} metrics records, "
      f"weights sha256 {ref_w[:16]}")
def trial(number):
    """One trial: kills, resumes, comparison; returns its table row and counts."""
    rng = random.Random(seed * 1000 + number)
    out = f"{work}/t{number}"
    planned = rng.randint(1, 3)
    kills, resumes_ok, resume, n, hits = [], True, False, 0, 0
    while True:
        n += 1
        log_path = f"{out}.{n}.log"
        before = set(leftovers(out))
        with open(log_path, "w") as log:
            p = start(out, resume, log)
            expect = complete(out)[-1] if resume else 0
            killed = None
            if len(kills) < planned:
                if len(kills) % 2 == 0:
                    while p.poll() is None and not trained(log_path):
                        time.sleep(0.005)
                    deadline = time.time() + rng.uniform(0, span)
                    while time.time() < deadline and p.poll() is None:
                        time.sleep(0.005)
                    moment = "random"
                else:
                    skip, seen, last = rng.randint(0, steps // 4), 0, None
                    while p.poll() is None:
                        tmp = [x for x in leftovers(out) if x.startswith("step-")]
                        if tmp and tmp[0] != last:
                            last, seen = tmp[0], seen + 1
                            if seen > skip:
                                break
                        time.sleep(0.0005)
                    moment = "in a write"
                if p.poll() is None:
                    os.kill(p.pid, signal.SIGKILL)
                    killed = moment
            rc = p.wait()
        logged = [int(l.split()[1].split("/")[0]) for l in open(log_path)
                  if l.startswith("step ") and "/" in l.split()[1]]
        if logged and logged[0] != expect + 1:
            resumes_ok = False
        if killed is None:
            break
        new = [x for x in leftovers(out) if x not in before]  # older: the next run removes them
        hits += any(x.startswith("step-") for x in new)
        ckpts = complete(out)
        at = f"after step {logged[-1]}" if logged else "before its first step"
        kills.append(f"{killed} {at} ({ckpts[-1] if ckpts else 'none'}; "
                     f"{', '.join(new) or 'nothing'})")
        resume = bool(ckpts)
    weights_ok = rc == 0 and tensors(f"{out}/model.safetensors") == ref_w
    metrics_ok = rc == 0 and records(f"{out}/metrics.jsonl") == ref_m
    before = snapshot(out)
    again = subprocess.run(java + ["train", "--config", config, "--out", out, "--quiet",
                                   "--resume"], stdin=subprocess.DEVNULL, capture_output=True,
                           text=True)
    again_ok = (again.returncode == 0 and "already finished" in again.stderr
                and snapshot(out) == before and not leftovers(out))
    ok = weights_ok and metrics_ok and resumes_ok and again_ok
    row = (f"| {number} | {'<br>'.join(kills)} | {'yes' if resumes_ok else 'NO'} | "
           f"{'equal' if weights_ok else 'DIFFERENT (exit %d)' % rc} | "
           f"{'equal' if metrics_ok else 'DIFFERENT'} | "
           f"{'exit 0, unchanged' if again_ok else 'CHANGED or failed'} |")
    print(f"trial {number} done: {'pass' if ok else 'FAIL'}", file=sys.stderr, flush=True)
    return row, ok, len(kills), hits

with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
    results = list(pool.map(trial, range(1, trials + 1)))
print()
print("| trial | kills: moment (last complete checkpoint; *.tmp-* left behind) | resumes "
      "from the last complete checkpoint | weights | metrics | finished run resumed again |")
print("|---|---|---|---|---|---|")
for row, _, _, _ in results:
    print(row)
passed = sum(r[1] for r in results)
print()
print(f"{passed} of {trials} trials equal to the uninterrupted run after "
      f"{sum(r[2] for r in results)} kills, {sum(r[3] for r in results)} of them inside a "
      f"checkpoint write (a step-N.tmp-* folder left behind)")
sys.exit(0 if passed == trials else 1)
PY
