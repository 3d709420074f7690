#!/usr/bin/env bash
# Peak resident memory and pairs/s of demo-model training steps, one JVM per measurement
# (VmHWM never falls), for the plain step, recomputation and the gradient cache.
# Usage: docs/bench/step-memory.sh [batch sizes...]   (default: 256 1024 4096)
# Prints one JSON line per measurement (see StepMemory's javadoc).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes=("${@:-256 1024 4096}")
micro="${MICRO:-256}"
for b in ${sizes[@]}; do
  modes=("$b false" "$b true")
  if [ "$micro" -lt "$b" ]; then modes+=("$micro false"); fi
  for mode in "${modes[@]}"; do
    read -r m r <<<"$mode"
    CLIP_MAIN=dev.clipjvm.clip.examples.bench.StepMemory "$root/clip" "$b" "$m" "$r"
  done
done
