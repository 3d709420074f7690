#!/usr/bin/env bash
# Peak resident memory and pairs/s of training steps, one JVM per measurement (VmHWM never
# falls), for the plain step, recomputation and the gradient cache.
# Usage: docs/bench/step-memory.sh MODEL [batch sizes...]   (default: 256 1024 4096)
#   MODEL: demo, a preset (ViT-B/32, ...) or a JSON model config.
#   MICRO (default 256): micro-batch of the gradient cache; STEPS (default 3): steps per run.
#   MODES (default "plain recompute cache"): which modes to run.
# Prints one JSON line per measurement (see StepMemory's javadoc); a run that dies (out of
# memory) prints nothing. docs/bench/memory-curves.sh turns the lines into PNG curves.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:?usage: step-memory.sh MODEL [batch sizes...]}"
shift
sizes=("${@:-256 1024 4096}")
micro="${MICRO:-256}"
steps="${STEPS:-3}"
modes="${MODES:-plain recompute cache}"
for b in ${sizes[@]}; do
  for mode in $modes; do
    case "$mode" in
      plain) args=("$b" false) ;;
      recompute) args=("$b" true) ;;
      cache) [ "$micro" -lt "$b" ] || continue; args=("$micro" false) ;;
      *) echo "step-memory.sh: unknown mode $mode" >&2; exit 2 ;;
    esac
    CLIP_MAIN=dev.clipjvm.clip.examples.bench.StepMemory "$root/clip" "$model" "$b" "${args[@]}" \
      "$steps" || echo "step-memory.sh: $model batch $b $mode failed" >&2
  done
done
