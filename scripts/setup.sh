#!/usr/bin/env bash
# doorstep's one entry point for a fresh Debian 12 machine.
#   scripts/setup.sh demo   install what is missing, build, start the wizard on the demo system
#   scripts/setup.sh test   install what is missing, build, run every test (also under ASan+UBSan),
#                           then fuzz each parser for DS_FUZZ_SECONDS (default 15) seconds (docs/fuzzing.md)
#   scripts/setup.sh bench  build and run the benchmarks
# Run it as root, or as a user who may use sudo (it asks only to install packages).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
jobs=$(nproc 2>/dev/null || echo 2)

packages=(build-essential cmake pkg-config gettext locales tmux dbus
  libncurses-dev libcurl4-openssl-dev libsodium-dev libqrencode-dev libcjson-dev
  libcriterion-dev libsystemd-dev libzxcvbn-dev libzbar-dev zbar-tools qrencode libpng-dev
  python3-dbusmock mobile-broadband-provider-info minisign)
# The parsers' fuzz targets (tests/fuzz) need clang and its libFuzzer runtime.
packages+=(clang libclang-rt-14-dev)
# scripts/check_format.sh: git clang-format on the lines a change touches.
packages+=(clang-format git)
# The Debian packages (cpack, dpkg-shlibdeps), the man page and bash completion.
packages+=(dpkg-dev file man-db groff-base bash-completion)
packages+=(python3)  # tests/modem/modem_emulator.py (standard library only)
# tests/espprov: the ESP provisioning device emulator (X25519, AES-CTR/GCM).
packages+=(python3-cryptography)
# The diagnostics tests: servers on 127.0.0.1 with a test CA (openssl), and the benchmark's comparison with curl.
packages+=(openssl curl)
# The operator database (app/mno) is read with expat.
packages+=(libexpat1-dev)
# The ESP provisioning core (plugins/espprov): protocol buffers in C (protoc-c
# generates the code at build time), AES and SRP-6a's big numbers from libcrypto.
packages+=(protobuf-c-compiler libprotobuf-c-dev libssl-dev)
# tests/onvif: the real ONVIF client (npm `onvif`) runs on node; its multicast
# test makes a network namespace (unshare from util-linux, ip from iproute2).
# npm is installed only when missing (install_npm_client): some nodejs builds
# carry it and conflict with Debian's separate npm package.
packages+=(nodejs util-linux iproute2)
# The npm package `onvif` of tests/onvif, outside git (tests/onvif/README.md).
onvif_npm_version=0.8.3
npm_dir=${DOORSTEP_NPM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/doorstep/npm}
# Lines of /etc/locale.gen, and the name each one has in `locale -a`.
locales_wanted=("de_DE.UTF-8 UTF-8:de_DE.utf8" "fr_FR.UTF-8 UTF-8:fr_FR.utf8"
  "es_ES.UTF-8 UTF-8:es_ES.utf8" "de_DE ISO-8859-1:de_DE.iso88591")
locales_wanted+=("es_ES ISO-8859-1:es_ES.iso88591")

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}

install_locales() {
  local missing=0 entry line name
  for entry in "${locales_wanted[@]}"; do
    line=${entry%%:*}; name=${entry##*:}
    locale -a 2>/dev/null | grep -qx "$name" && continue
    missing=1
    if grep -qx "# *$line" /etc/locale.gen; then
      as_root sed -i "s|^# *$line\$|$line|" /etc/locale.gen
    elif ! grep -qx "$line" /etc/locale.gen; then
      echo "$line" | as_root tee -a /etc/locale.gen >/dev/null
    fi
  done
  [ $missing -eq 0 ] || as_root locale-gen >/dev/null
}

install_npm_client() {
  if ! command -v npm >/dev/null; then
    echo "== installing: npm"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm
  fi
  local have
  have=$(node -p "require('$npm_dir/node_modules/onvif/package.json').version" 2>/dev/null || true)
  if [ "$have" != "$onvif_npm_version" ]; then
    echo "== installing the npm package onvif@$onvif_npm_version into $npm_dir"
    mkdir -p "$npm_dir"
    npm install --prefix "$npm_dir" --no-audit --no-fund "onvif@$onvif_npm_version"
  fi
  export DOORSTEP_NPM_DIR=$npm_dir
}

build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -DDS_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
}

case "${1:-}" in
  demo)
    install_packages
    install_locales
    build build
    exec build/doorstep --demo
    ;;
  test)
    install_packages
    install_locales
    install_npm_client
    build build
    echo "== tests (release build)"
    (cd build && ctest -j"$jobs" --output-on-failure --timeout 600)
    echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
    build build-asan -DDS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest -j"$jobs" --output-on-failure --timeout 900)
    echo "== fuzzing every parser for ${DS_FUZZ_SECONDS:-15} s each (clang, libFuzzer)"
    tests/fuzz/run.sh "${DS_FUZZ_SECONDS:-15}"
    ;;
  bench)
    install_packages
    build build
    cmake --build build --target bench
    ;;
  *)
    echo "usage: scripts/setup.sh demo|test|bench" >&2
    exit 2
    ;;
esac
