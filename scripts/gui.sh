#!/usr/bin/env bash
# Sets up, builds and launches the ThreadLab GUI. Extra arguments go to
# `threadlab gui` (for example a lesson id and a language: connection-pool --lang zh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target threadlab
exec ./build/app/threadlab gui "$@"
