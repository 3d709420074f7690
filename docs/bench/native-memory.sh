#!/usr/bin/env bash
# Native-memory soak: resident memory over 10,000 inference calls (ClipModel.embedImage of a
# PNG + embedText, demo-sized model) and 2,000 training steps (a tiny `clip train` run through
# ExperimentRunner), sampled 20 times each from /proc/self/status. The Java heap is fixed and
# touched at start (-Xms = -Xmx, AlwaysPreTouch), so what RSS still does is native memory:
# a leaked TensorFlow tensor or result would grow it on every call.
#
#   docs/bench/native-memory.sh [INFERENCE_CALLS] [TRAINING_STEPS]   (defaults 10000 2000)
#
# Prints the samples and a summary line per phase as JSON lines (see NativeMemorySoak).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
calls="${1:-10000}"
steps="${2:-2000}"
export CLIP_JAVA_OPTS="-Xms1g -Xmx1g -Xmn256m -XX:+AlwaysPreTouch -XX:+UseParallelGC"
export CLIP_MAIN=dev.clipjvm.clip.examples.bench.NativeMemorySoak
"$root/clip" inference "$calls"
"$root/clip" train "$steps" 2> /dev/null
