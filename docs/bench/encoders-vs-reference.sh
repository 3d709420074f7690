#!/usr/bin/env bash
# Encoder rows only, ours against OpenAI's reference in alternating rounds (docs/speed.md):
#
#   docs/bench/encoders-vs-reference.sh --clip-src /tmp/openai_clip [--rounds N] [--seconds S]
#
# Each round runs docs/bench/reference_throughput.py --only ViT-B-32,RN50 (PyTorch, 2 threads) and
# then `./clip bench --only matmul_gflops,vit_b32_images_per_s,rn50_images_per_s,text_full_per_s`,
# and records the load average before each. Prints per round and median ratios and our
# fractions of the matmul peak (per round and median). Needs Debian's python3-torch and python3-regex.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
clip_src="" rounds=3 seconds=4 out="$(mktemp -d)"
while [ $# -gt 0 ]; do
  case "$1" in
    --clip-src) clip_src="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$clip_src" ] && [ -f "$clip_src/clip/model.py" ] || { echo "--clip-src must point at an openai/CLIP checkout" >&2; exit 2; }
mkdir -p "$out"
"$root/clip" --version >/dev/null   # builds the command line if needed
for r in $(seq 1 "$rounds"); do
  cut -d' ' -f1 /proc/loadavg > "$out/load.torch.$r"
  /usr/bin/python3 "$root/docs/bench/reference_throughput.py" --clip-src "$clip_src" --threads 2 \
    --only ViT-B-32,RN50 --seconds "$seconds" > "$out/torch.$r.jsonl"
  cut -d' ' -f1 /proc/loadavg > "$out/load.clip.$r"
  "$root/clip" bench --json --seconds "$seconds" \
    --only matmul_gflops,vit_b32_images_per_s,rn50_images_per_s,text_full_per_s \
    2>/dev/null | tail -n 1 > "$out/clip.$r.json"
  echo "round $r done (load $(cat "$out/load.torch.$r") / $(cat "$out/load.clip.$r"))" >&2
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows = [("ViT-B/32 images/s", "vit_b32_images_per_s", "ViT-B-32 image"),
        ("RN50 images/s", "rn50_images_per_s", "RN50 image"),
        ("text 77 tokens, texts/s", "text_full_per_s", "ViT-B-32 text")]
per = {k: [] for _, k, _ in rows}
fracs = {k: [] for _, k, _ in rows}
for r in range(1, rounds + 1):
    ref = {}
    for line in open(f"{out}/torch.{r}.jsonl"):
        if line.startswith("{"):
            x = json.loads(line); ref[x["what"]] = x["value"]
    ours = json.load(open(f"{out}/clip.{r}.json"))
    load = open(f"{out}/load.torch.{r}").read().strip() + "/" + open(f"{out}/load.clip.{r}").read().strip()
    cells = []
    for label, key, prefix in rows:
        theirs = next(v for k, v in ref.items() if k.startswith(prefix))
        per[key].append(ours[key] / theirs)
        frac = ours.get(key.replace("_per_s", "") + "_fraction_of_peak")
        if frac is not None:
            fracs[key].append(frac)
        cells.append(f"{label}: {ours[key]:.2f} vs {theirs:.2f} = {ours[key] / theirs:.2f}x (peak {frac})")
    print(f"round {r} (load {load}, matmul {ours['matmul_gflops']} GFLOP/s): " + "; ".join(cells))
for label, key, _ in rows:
    frac = f", median fraction of peak {statistics.median(fracs[key]):.3f}" if fracs[key] else ""
    print(f"{label}: median ratio {statistics.median(per[key]):.2f}x over {rounds} rounds "
          f"({' / '.join(f'{x:.2f}' for x in per[key])}){frac}")
PY
