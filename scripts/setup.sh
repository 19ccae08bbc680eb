#!/usr/bin/env bash
# Installs what ThreadLab needs from Debian bookworm's packages, and does
# nothing when everything is already there. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libimgui-dev libglfw3-dev libgl-dev      # the GUI (libimgui.a holds the GLFW + OpenGL3 backends)
  libmd4c-dev                              # lesson Markdown
  fonts-wqy-microhei                       # a font that renders Chinese
  libcli11-dev nlohmann-json3-dev          # command line, JSON
  catch2 libbenchmark-dev                  # tests, benchmarks
  xvfb xauth libgl1-mesa-dri               # GUI tests with no display: Mesa's software renderer
  python3                                  # CPython, the baseline some benchmarks compare against
  libpython3.11-dev                        # CPython 3.11 embedded: lessons are real Python programs
  libpython3.11-testsuite                  # CPython's own tests, run on the engine as a fidelity check
  python3-greenlet python3-gevent          # coroutine lessons
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
