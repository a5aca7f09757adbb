#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs aimcsim's build and test dependencies from Debian packages. Idempotent: apt-get runs
# only when a package is missing. `install-deps.sh fuzz` adds clang and its libFuzzer/sanitizer
# runtime for scripts/fuzz.sh.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev libyaml-cpp-dev libspdlog-dev libboost-dev nlohmann-json3-dev libcli11-dev
  libeigen3-dev libopenblas-dev libgtest-dev libgmock-dev libbenchmark-dev
  time
  python3-torch  # scripts/convert-afm-checkpoint.py and its test (tests/parsers)
)
if [[ "${1:-}" == fuzz ]]; then
  packages+=(clang libclang-rt-14-dev)  # Debian 12: clang 14, libFuzzer in libclang-rt-14-dev
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
