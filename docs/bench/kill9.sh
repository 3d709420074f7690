#!/usr/bin/env bash
# kill -9 at random moments of training, including during checkpoint writes: every resume must
# continue from the last complete checkpoint and the finished run must equal the uninterrupted
# one (same final loss and the same model.safetensors bytes of weights).
#
#   docs/bench/kill9.sh [TRIALS] [STEPS]      (defaults 20 and 40; about 1 min per trial here)
#
# Each trial starts `clip train` on a tiny demo-like experiment (checkpoint every 5 steps), kills
# it with SIGKILL after a random delay, resumes with --resume until the run finishes (killing
# again at random on the way), then compares with a reference run.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
clip="$root/clip"
trials="${1:-20}"
steps="${2:-40}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$root/clip-examples/configs/demo.json" "$work/tiny.json" "$steps" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
steps = int(sys.argv[3])
d["name"] = "kill9"
d["model"]["embed_dim"] = 32
d["model"]["vision_cfg"].update(image_size=16, layers=1, width=32, patch_size=8, head_width=16)
d["model"]["text_cfg"].update(width=32, layers=1)
d["data"]["image_size"] = 16
t = d["training"]
t.update(batch_size=16, steps=steps, checkpoint_interval=5, keep_checkpoints=2, log_interval=1,
         eval_interval=0)
t["schedule"]["warmup_steps"] = 2
for task in d["evaluation"]["tasks"]:
    task["images"]["count"] = 20
d["evaluation"]["batch_size"] = 20
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY

weights() { python3 - "$1" <<'PY'
import hashlib, json, struct, sys
b = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", b[:8])[0]
print(hashlib.sha256(b[8 + n:]).hexdigest())  # tensor bytes only (metadata holds timings)
PY
}

"$clip" train --config "$work/tiny.json" --out "$work/ref" --quiet > "$work/ref.log" 2>&1 \
  || { echo "reference run failed"; cat "$work/ref.log"; exit 1; }
ref="$(weights "$work/ref/model.safetensors")"
echo "reference: $steps steps, weights $ref"

pass=0
for trial in $(seq 1 "$trials"); do
  out="$work/t$trial"
  kills=0
  resume=""
  while true; do
    "$clip" train --config "$work/tiny.json" --out "$out" $resume --quiet > "$out.log" 2>&1 &
    pid=$!
    delay="$(python3 -c "import random; print(round(random.uniform(2, 25), 2))")"
    if [ "$kills" -lt 3 ] && ! timeout "$delay" tail --pid="$pid" -f /dev/null; then
      kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
      wait "$pid" 2>/dev/null
      # Killed before the first checkpoint: start afresh; otherwise resume.
      if ls "$out"/checkpoints/step-* > /dev/null 2>&1; then resume="--resume"; else resume=""; fi
      continue
    fi
    wait "$pid"
    rc=$?
    break
  done
  got="$(weights "$out/model.safetensors" 2>/dev/null || echo none)"
  if [ "$rc" = 0 ] && [ "$got" = "$ref" ]; then
    pass=$((pass + 1)); verdict=equal
  else
    verdict="DIFFERENT (exit $rc)"
  fi
  echo "trial $trial: $kills kill(s), finished run $verdict"
done
echo "$pass of $trials trials resumed to the uninterrupted run's weights"
