#!/usr/bin/env bash
# Checkpoint load time, ours vs PyTorch, alternating fresh processes on this machine.
#
#   docs/bench/load-time.sh --clip-src /tmp/openai_clip --checkpoint MODEL.safetensors [--rounds 5]
#
# Make a full-size checkpoint with docs/bench/reference_fixture.py (e.g. --arch ViT-B-32).
# "Ready" = the model can encode: ours ClipEncoder.load(path) returned; PyTorch torch.load plus
# the reference build_model(sd).float().eval() returned. fresh_ready counts from a stamp taken
# before the process starts (JVM/interpreter start and TensorFlow/torch import included);
# in_process lists the 2nd and 3rd load inside the same process.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
clip_src="" checkpoint="" rounds=5
while [ $# -gt 0 ]; do
  case "$1" in
    --clip-src) clip_src="$2"; shift 2 ;;
    --checkpoint) checkpoint="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$checkpoint" ] || { echo "--checkpoint must name a safetensors file" >&2; exit 2; }
[ -f "$clip_src/clip/model.py" ] || { echo "--clip-src must point at an openai/CLIP checkout" >&2; exit 2; }
"$root/clip" --version >/dev/null   # builds the command line if needed
pt="${checkpoint%.safetensors}.pt"
[ -f "$pt" ] || /usr/bin/python3 "$root/docs/bench/safetensors_to_pt.py" "$checkpoint" "$pt"
cp="$root/clip-examples/target/clip-examples.jar:$root/clip-examples/target/lib/*"
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-1}" TF_CPP_MIN_LOG_LEVEL=2
for i in $(seq "$rounds"); do
  start=$(date +%s.%N)
  echo "ours  $(java -Xmx8g -cp "$cp" dev.clipjvm.clip.examples.bench.LoadReady "$start" "$checkpoint" 3 | tr '\n' ' ')"
  start=$(date +%s.%N)
  echo "torch $(/usr/bin/python3 "$root/docs/bench/torch_load_ready.py" "$start" "$clip_src" "$pt" 3 | tr '\n' ' ')"
done
