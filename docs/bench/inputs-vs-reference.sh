#!/usr/bin/env bash
# Eval preprocessing against PIL + torchvision, alternating round by round on the same JPEGs.
#
#   docs/bench/inputs-vs-reference.sh --clip-src /tmp/openai_clip [--rounds 5] [--count 1000]
#
# Writes --count photo-like 500x375 JPEGs (quality 90, BenchImages) once, then each round runs
# InputsBenchmark through the ./clip launcher's JVM settings (decode + resize + crop + normalize
# to float [3, 224, 224], 2 threads, median of 5 passes after 3 s of warm-up) and then the
# reference, docs/bench/reference_inputs.py (PIL + torchvision, a pool of 2 processes), on the
# same folder. This machine's speed drifts by tens of percent from minute to minute, so each
# round's ratio compares two measurements taken seconds apart; the median ratio is the figure.
# Needs Debian's python3-torch, python3-torchvision and python3-pil and an openai/CLIP checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="$root/docs/bench/reference_inputs.py"
clip_src="" rounds=5 count=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --clip-src) clip_src="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$clip_src" ] && [ -f "$clip_src/clip/simple_tokenizer.py" ] || { echo "--clip-src must point at an openai/CLIP checkout" >&2; exit 2; }
[ -f "$peer" ] || { echo "reference script not found at $peer" >&2; exit 2; }
bench() { CLIP_MAIN=dev.clipjvm.clip.examples.bench.InputsBenchmark "$root/clip" "$@"; }
jpegs="${TMPDIR:-/tmp}/clip-compare-jpegs-500x375-$count"
if [ "$(find "$jpegs" -name '*.jpg' 2>/dev/null | wc -l)" != "$count" ]; then
  rm -rf "$jpegs"
  bench --make-jpegs "$jpegs" --count "$count" >/dev/null
fi

ours=() refs=()
for r in $(seq 1 "$rounds"); do
  o="$(bench --images "$jpegs" --threads 2 2>/dev/null | tail -n 1 \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])')"
  p="$(/usr/bin/python3 "$peer" --clip-src "$clip_src" --images "$jpegs" \
    | /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["value"])')"
  ours+=("$o") refs+=("$p")
  echo "round $r: ours $o images/s, PIL + torchvision $p images/s" >&2
done
/usr/bin/python3 - "${ours[*]}" "${refs[*]}" <<'PY'
import statistics, sys
ours = [float(x) for x in sys.argv[1].split()]
refs = [float(x) for x in sys.argv[2].split()]
ratios = [o / r for o, r in zip(ours, refs)]
print("| round | ours images/s | PIL + torchvision images/s | ratio |")
print("|---:|---:|---:|---:|")
for i, (o, r, q) in enumerate(zip(ours, refs, ratios), 1):
    print(f"| {i} | {o:.0f} | {r:.0f} | {q:.2f}x |")
print(f"| median | {statistics.median(ours):.0f} | {statistics.median(refs):.0f} | {statistics.median(ratios):.2f}x |")
PY
