#!/usr/bin/env bash
# Peak memory of `threadlab run --trace` against the same run without it, on
# the largest valid gil-contention run (about 905,000 events, a 109 MB trace).
# Usage: bash bench/trace_export_memory.sh [path/to/threadlab]
set -euo pipefail
bin=${1:-build/app/threadlab}
run=(run gil-contention --mode deterministic --set work_ms=5000 --set switch_ms=0.1 --set io_ms=9 --set cores=7)
trace=$(mktemp --suffix=.json)
trap 'rm -f "$trace"' EXIT
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
with=$(peak "$bin" "${run[@]}" --trace "$trace")
without=$(peak "$bin" "${run[@]}")
echo "peak with --trace: $((with / 1024)) MiB, without: $((without / 1024)) MiB," \
     "ratio $(python3 -c "print(f'{$with / $without:.2f}')"), trace $(( $(stat -c %s "$trace") / 1000000 )) MB"
