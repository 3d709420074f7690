#!/usr/bin/env bash
# Same-run comparison of `./clip bench` against OpenAI's reference implementation on this machine.
#
#   docs/bench/compare-with-reference.sh --clip-src /tmp/openai_clip [--out DIR] [--seconds S] [--rounds N]
#
# Needs a checkout of the public openai/CLIP repository (--clip-src) and Debian's python3-torch,
# python3-torchvision, python3-pil, python3-regex and libopenblas0-pthread. Runs, back to back:
# the reference encoders and training step (docs/bench/reference_throughput.py, 2 threads), the
# reference tokenizer and PIL + torchvision preprocessing (docs/bench/reference_inputs.py) on
# the same captions and JPEGs our rows use, then `./clip bench --json`; with --rounds N it
# repeats that N times (the machine's speed drifts by tens of percent between minutes) and
# prints each row's ratio per round and the median ratio.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bench="$root/docs/bench"
clip_src="" out="$(mktemp -d)" seconds=4 rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --clip-src) clip_src="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$clip_src" ] && [ -f "$clip_src/clip/model.py" ] || { echo "--clip-src must point at an openai/CLIP checkout" >&2; exit 2; }
mkdir -p "$out"

"$root/clip" --version >/dev/null   # builds the command line if needed
cp="$root/clip-examples/target/clip-examples.jar:$root/clip-examples/target/lib/*"
jpegs="${TMPDIR:-/tmp}/clip-bench-jpegs-500x375"
java -cp "$cp" dev.clipjvm.clip.examples.bench.InputsBenchmark --captions 5000 \
  --write-captions "$out/captions.txt" --make-jpegs "$jpegs" --count 200 >/dev/null

for r in $(seq 1 "$rounds"); do
  echo "round $r: reference encoders and training step..." >&2
  /usr/bin/python3 "$bench/reference_throughput.py" --clip-src "$clip_src" --threads 2 | tee "$out/torch.$r.jsonl" >&2
  echo "round $r: reference tokenizer and preprocessing..." >&2
  /usr/bin/python3 "$bench/reference_inputs.py" --clip-src "$clip_src" \
    --texts "$out/captions.txt" --images "$jpegs" | tee "$out/inputs.$r.jsonl" >&2
  echo "round $r: clip bench..." >&2
  CLIP_BPE="${CLIP_BPE:-$root/../shared/reference/bpe_simple_vocab_16e6.txt.gz}" \
    "$root/clip" bench --json --seconds "$seconds" | tee "$out/clip.$r.txt" >&2
  tail -n 1 "$out/clip.$r.txt" > "$out/clip.$r.json"
done

/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def reference(r):
    ref = {}
    for f in (f"torch.{r}.jsonl", f"inputs.{r}.jsonl"):
        for line in open(os.path.join(out, f)):
            line = line.strip()
            if line.startswith("{"):
                x = json.loads(line); ref[x["what"]] = x["value"]
    return ref
def find(ref, prefix):
    return next((v for k, v in ref.items() if k.startswith(prefix)), None)
refs = [reference(r) for r in range(1, rounds + 1)]
ours = [json.load(open(os.path.join(out, f"clip.{r}.json"))) for r in range(1, rounds + 1)]
rows = [
    ("ViT-B/32 images/s (b16)", "vit_b32_images_per_s", "ViT-B-32 image encode", 1.5),
    ("RN50 images/s (b16)", "rn50_images_per_s", "RN50 image encode", 1.3),
    ("text 77 tokens texts/s (b64)", "text_full_per_s", "ViT-B-32 text encode", 1.5),
    ("text <=16 tokens vs reference 77", "text_short_per_s", "ViT-B-32 text encode", 5.0),
    ("small-train pairs/s (b64)", "small_train_pairs_per_s", "small-train step", 1.3),
    ("tokenizer strings/s (cold)", "tokenize_strings_per_s", "reference tokenizer, first pass", 5.0),
    ("eval preprocess images/s", "preprocess_images_per_s", "PIL+torchvision eval preprocess", 2.0),
]
print("| row | ours | reference | ratio per round | median ratio | target |")
print("|---|---:|---:|---|---:|---:|")
for label, key, prefix, target in rows:
    pairs = [(o.get(key), find(ref, prefix)) for o, ref in zip(ours, refs)]
    pairs = [(o, r) for o, r in pairs if o is not None and r is not None]
    if not pairs:
        print(f"| {label} | - | - | - | - | {target}x |"); continue
    ratios = [o / r for o, r in pairs]
    print(f"| {label} | {statistics.median(o for o, _ in pairs):.1f} | "
          f"{statistics.median(r for _, r in pairs):.1f} | "
          f"{' / '.join(f'{q:.2f}' for q in ratios)} | {statistics.median(ratios):.2f}x | {target}x |")
print(f"\nmatmul_gflops per round: {[o.get('matmul_gflops') for o in ours]}; results in {out}")
PY
