#!/usr/bin/env bash
# PNG curves of peak memory and pairs/s against batch size (docs/memory.md) from the JSON lines
# of docs/bench/step-memory.sh, one pair of plots per model.
# Usage: docs/bench/memory-curves.sh POINTS.jsonl OUT_DIR
#   e.g. docs/bench/step-memory.sh demo 256 1024 2048 >> points.jsonl
#        docs/bench/memory-curves.sh points.jsonl docs/memory
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLIP_MAIN=dev.clipjvm.clip.examples.render.MemoryCurves "$root/clip" "$@"
