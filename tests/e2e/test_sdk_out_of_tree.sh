#!/usr/bin/env bash
# The plugin SDK as a vendor uses it: install the dev component to a staging
# prefix, build plugins/example out of tree twice (Makefile + pkg-config,
# CMake + find_package(DoorstepPlugin)), sign each result, and load it with
# the real doorstep: `doorstep plugins --json` lists it as loaded and trusted,
# `doorstep plugin check` passes it, and the wizard (in tmux) adds its siren
# and replaces the siren's factory PIN.
source "$(dirname "$0")/lib.sh"

: "${DOORSTEP_BUILD_DIR:?}" "${DOORSTEP_SOURCE_DIR:?}" "${DOORSTEP_SIGN_TOOL:?}" "${DOORSTEP_DEV_KEY:?}"
STAGE="$E2E_TMP/stage"
HEADER="$DOORSTEP_SOURCE_DIR/plugins/sdk/doorstep/plugin.h"
ABI=$(sed -n 's/^#define DS_PLUGIN_ABI_MAJOR \([0-9]*\)$/\1/p' "$HEADER").$(sed -n 's/^#define DS_PLUGIN_ABI_MINOR \([0-9]*\)$/\1/p' "$HEADER")

# ---- the SDK, installed on its own (the doorstep-dev package's files) ----
cmake --install "$DOORSTEP_BUILD_DIR" --prefix "$STAGE" --component dev > "$E2E_TMP/install.log" \
  || e2e_fail "cmake --install --component dev failed: $(cat "$E2E_TMP/install.log")"
cmp -s "$STAGE/include/doorstep/plugin.h" "$HEADER" || e2e_fail "the installed header differs from the source"
PC=$(find "$STAGE" -name doorstep-plugin.pc)
[ -n "$PC" ] || e2e_fail "no doorstep-plugin.pc under $STAGE"
CONFIG=$(find "$STAGE" -name DoorstepPluginConfig.cmake)
[ -n "$CONFIG" ] && [ -f "$(dirname "$CONFIG")/DoorstepPluginConfigVersion.cmake" ] \
  || e2e_fail "no DoorstepPlugin CMake package under $STAGE"
[ -z "$(find "$STAGE" -name '*.so' -o -name doorstep -type f)" ] \
  || e2e_fail "the dev component installs more than the SDK: $(find "$STAGE" -type f)"
e2e_ok "the dev component installs the header, the .pc file and the CMake package"

export PKG_CONFIG_PATH="$(dirname "$PC")"
[ "$(pkg-config --modversion doorstep-plugin)" = "$ABI" ] \
  || e2e_fail "pkg-config version $(pkg-config --modversion doorstep-plugin) is not the ABI $ABI"
CFLAGS_SDK=$(pkg-config --cflags doorstep-plugin)
case "$CFLAGS_SDK" in *"/include"*-fvisibility=hidden*) ;; *) e2e_fail "cflags: $CFLAGS_SDK" ;; esac
PLUGINDIR=$(pkg-config --variable=plugindir doorstep-plugin)
case "$PLUGINDIR" in */doorstep/plugins) ;; *) e2e_fail "plugindir is $PLUGINDIR" ;; esac
[ "$(realpath -m "$(pkg-config --variable=includedir doorstep-plugin)")" = "$(realpath "$STAGE/include")" ] \
  || e2e_fail "the .pc file does not name the staged prefix"
[ "$(pkg-config --variable=trustdir doorstep-plugin)" = "$(cmake -L -N "$DOORSTEP_BUILD_DIR" | sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' | sed 's|^/usr$||')/etc/doorstep/trusted.d" ] \
  || e2e_fail "trustdir is $(pkg-config --variable=trustdir doorstep-plugin)"
e2e_ok "pkg-config: version $ABI, cflags, plugindir and trustdir under the staged prefix"

# check_plugin DIR LABEL: signs DIR/example.so, loads it from DIR, checks it.
check_plugin() {
  local dir=$1 label=$2 syms
  syms=$(nm -D --defined-only "$dir/example.so" | awk '$2 == "T" { print $3 }')
  [ "$syms" = doorstep_plugin_v1 ] || e2e_fail "$label exports more than the entry point: $syms"
  "$DOORSTEP_SIGN_TOOL" sign -c "example, built $label" "$DOORSTEP_DEV_KEY" "$dir/example.so" \
    > /dev/null || e2e_fail "signing the $label build failed"
  DOORSTEP_PLUGIN_PATH="$dir" "$DOORSTEP_BIN" plugins --json > "$E2E_TMP/plugins.json" \
    || e2e_fail "doorstep plugins failed"
  python3 - "$E2E_TMP/plugins.json" "$dir/example.so" "$ABI" <<'PY' || e2e_fail "$label build: $(cat "$E2E_TMP/plugins.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
mine = [p for p in doc["loaded"] if p["path"] == sys.argv[2]]
assert len(mine) == 1, "not loaded"
assert mine[0]["id"] == "example" and mine[0]["trust"] == "trusted", mine[0]
assert mine[0]["abi"] == sys.argv[3], mine[0]["abi"]
assert not [r for r in doc["rejected"] if r["path"] == sys.argv[2]]
PY
  "$DOORSTEP_BIN" plugin check --json "$dir/example.so" > "$E2E_TMP/check.json" \
    || e2e_fail "plugin check failed the $label build: $(cat "$E2E_TMP/check.json")"
  grep -q '"verdict":[[:space:]]*"pass"' "$E2E_TMP/check.json" || e2e_fail "no pass verdict"
}

# ---- Makefile + pkg-config, in a copy of the example's sources ----
cp -r "$DOORSTEP_SOURCE_DIR/plugins/example" "$E2E_TMP/example-make"
make -s -C "$E2E_TMP/example-make" CFLAGS="-O2 -Wall -Wextra -Werror" > "$E2E_TMP/make.log" 2>&1 \
  || e2e_fail "make against the staged SDK failed: $(cat "$E2E_TMP/make.log")"
check_plugin "$E2E_TMP/example-make" "with make and pkg-config"
e2e_ok "built with make and pkg-config, signed, loaded and trusted; plugin check passes"

# ---- CMake + find_package(DoorstepPlugin) ----
unset PKG_CONFIG_PATH
cp -r "$DOORSTEP_SOURCE_DIR/plugins/example" "$E2E_TMP/example-cmake"
rm -f "$E2E_TMP/example-cmake/example.so"
cmake -S "$E2E_TMP/example-cmake" -B "$E2E_TMP/build-cmake" -DCMAKE_PREFIX_PATH="$STAGE" \
  -DCMAKE_C_FLAGS="-Werror" > "$E2E_TMP/cmake.log" 2>&1 \
  || e2e_fail "cmake configure failed: $(cat "$E2E_TMP/cmake.log")"
cmake --build "$E2E_TMP/build-cmake" > "$E2E_TMP/cmake-build.log" 2>&1 \
  || e2e_fail "cmake build failed: $(cat "$E2E_TMP/cmake-build.log")"
check_plugin "$E2E_TMP/build-cmake" "with CMake and find_package"
e2e_ok "built with CMake and find_package(DoorstepPlugin), signed, loaded and trusted; plugin check passes"

# An SDK too old for what the plugin asks is refused at configure time.
sed -i 's/find_package(DoorstepPlugin 1.1 REQUIRED)/find_package(DoorstepPlugin 2.0 REQUIRED)/' \
  "$E2E_TMP/example-cmake/CMakeLists.txt"
if cmake -S "$E2E_TMP/example-cmake" -B "$E2E_TMP/build-cmake2" -DCMAKE_PREFIX_PATH="$STAGE" \
  > "$E2E_TMP/cmake2.log" 2>&1; then
  e2e_fail "find_package(DoorstepPlugin 2.0) accepted an ABI $ABI SDK"
fi
grep -q "compatible with requested version" "$E2E_TMP/cmake2.log" || e2e_fail "$(cat "$E2E_TMP/cmake2.log")"
e2e_ok "find_package(DoorstepPlugin 2.0) refuses the ABI $ABI SDK"

# ---- the out-of-tree build in the wizard: its siren is added and its PIN replaced ----
e2e_start 110x32 DOORSTEP_PLUGIN_PATH="$E2E_TMP/example-make" -- --demo
e2e_wait "Welcome to doorstep"
e2e_keys Enter
e2e_wait "Label code"
e2e_type "ACMESIREN:ES-000123"
e2e_keys Enter
e2e_wait_re "Outdoor siren +Siren +ES-000123 +factory password"
e2e_keys F10
e2e_wait "Outdoor siren takes a PIN: 6 to 8 digits"
e2e_type "582914"
e2e_keys Tab
e2e_type "582914"
e2e_keys Enter
e2e_wait_re "Outdoor siren +Siren +ES-000123 +changed, verified"
e2e_ok "the wizard adds the out-of-tree siren by its label and replaces its factory PIN"

e2e_done
