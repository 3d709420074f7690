#!/usr/bin/env bash
# Same-run comparison of `./clip bench` against OpenAI's reference implementation on this machine.
#
#   docs/bench/compare-with-reference.sh --clip-src /tmp/openai_clip [--out DIR] [--seconds S]
#
# Needs a checkout of the public openai/CLIP repository (--clip-src) and Debian's python3-torch,
# python3-torchvision, python3-pil, python3-regex and libopenblas0-pthread. Runs, back to back:
# the reference encoders and training step (shared/peer/torch_peer_bench.py, 2 threads), the
# reference tokenizer and PIL + torchvision preprocessing (shared/peer/inputs_peer_bench.py) on
# the same captions and JPEGs our rows use, then `./clip bench --json`, and prints the ratios.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="$root/../shared/peer"
clip_src="" out="$(mktemp -d)" seconds=4
while [ $# -gt 0 ]; do
  case "$1" in
    --clip-src) clip_src="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$clip_src" ] && [ -f "$clip_src/clip/model.py" ] || { echo "--clip-src must point at an openai/CLIP checkout" >&2; exit 2; }
[ -d "$peer" ] || { echo "reference scripts not found at $peer" >&2; exit 2; }
mkdir -p "$out"

"$root/clip" --version >/dev/null   # builds the command line if needed
cp="$root/clip-examples/target/clip-examples.jar:$root/clip-examples/target/lib/*"
jpegs="${TMPDIR:-/tmp}/clip-bench-jpegs-500x375"
java -cp "$cp" dev.clipjvm.clip.data.bench.InputsBenchmark --captions 5000 \
  --write-captions "$out/captions.txt" --make-jpegs "$jpegs" --count 200 >/dev/null

echo "reference encoders and training step..." >&2
/usr/bin/python3 "$peer/torch_peer_bench.py" --clip-src "$clip_src" --threads 2 | tee "$out/torch.jsonl" >&2
echo "reference tokenizer and preprocessing..." >&2
/usr/bin/python3 "$peer/inputs_peer_bench.py" --clip-src "$clip_src" \
  --texts "$out/captions.txt" --images "$jpegs" | tee "$out/inputs.jsonl" >&2
echo "clip bench..." >&2
CLIP_BPE="${CLIP_BPE:-$root/../shared/reference/bpe_simple_vocab_16e6.txt.gz}" \
  "$root/clip" bench --json --seconds "$seconds" | tee "$out/clip.txt" >&2
tail -n 1 "$out/clip.txt" > "$out/clip.json"

/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
ref = {}
for f in ("torch.jsonl", "inputs.jsonl"):
    for line in open(os.path.join(out, f)):
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line); ref[r["what"]] = r["value"]
ours = json.load(open(os.path.join(out, "clip.json")))
def find(prefix):
    return next((v for k, v in ref.items() if k.startswith(prefix)), None)
rows = [
    ("ViT-B/32 images/s (b16)", "vit_b32_images_per_s", find("ViT-B-32 image encode"), 1.5),
    ("RN50 images/s (b16)", "rn50_images_per_s", find("RN50 image encode"), 1.3),
    ("text 77 tokens texts/s (b64)", "text_full_per_s", find("ViT-B-32 text encode"), 1.5),
    ("text <=16 tokens vs reference 77", "text_short_per_s", find("ViT-B-32 text encode"), 5.0),
    ("small-train pairs/s (b64)", "small_train_pairs_per_s", find("small-train step"), 1.3),
    ("tokenizer strings/s (cold)", "tokenize_strings_per_s", find("reference tokenizer, first pass"), 5.0),
    ("eval preprocess images/s", "preprocess_images_per_s", find("PIL+torchvision eval preprocess"), 2.0),
]
print("| row | ours | reference | ratio | target |")
print("|---|---:|---:|---:|---:|")
for label, key, r, target in rows:
    o = ours.get(key)
    if o is None or r is None:
        print(f"| {label} | {o} | {r} | - | {target}x |"); continue
    print(f"| {label} | {o:.1f} | {r:.1f} | {o / r:.2f}x | {target}x |")
print(f"\nmatmul_gflops: {ours.get('matmul_gflops')}; results in {out}")
PY
