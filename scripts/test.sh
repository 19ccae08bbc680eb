#!/usr/bin/env bash
# Sets up, builds and runs every test: the normal build (engine, scenarios,
# CLI and the GUI under Xvfb) and a ThreadSanitizer build of everything but
# the GUI.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
bash scripts/setup.sh

echo "== build (release, with GUI)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"
echo "== tests"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build (ThreadSanitizer, no GUI)"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTHREADLAB_TSAN=ON -DTHREADLAB_GUI=OFF -DTHREADLAB_BENCH=OFF
cmake --build build-tsan -j"$jobs"
echo "== tests under ThreadSanitizer"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
(cd build-tsan && ctest --output-on-failure -j"$jobs")
