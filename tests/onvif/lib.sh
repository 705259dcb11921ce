# Shared helpers of the ONVIF tests: the npm client's folder, the camera
# emulator (camera_emulator.py) started from a JSON config, and assertions.
# Source it; it stops the emulator and removes its files at exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The real ONVIF client (npm package `onvif`) lives outside git; scripts/setup.sh
# installs it here. One variable names the folder (tests/onvif/README.md).
: "${DOORSTEP_NPM_DIR:=${XDG_CACHE_HOME:-$HOME/.cache}/doorstep/npm}"
source "$here/../support/emulator_process.sh"
tmp=$(mktemp -d /tmp/doorstep-onvif-test.XXXXXX)
onvif_cleanup() {
  emulator_stop
  rm -rf "$tmp"
}
trap onvif_cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
EMULATOR_FAIL=fail

# The npm client must be there: a missing client fails the test (never a skip).
need_npm_client() {
  command -v node >/dev/null || fail "node is not installed: run scripts/setup.sh test (it installs Debian's nodejs)"
  [ -f "$DOORSTEP_NPM_DIR/node_modules/onvif/package.json" ] || fail "the npm package onvif is not in $DOORSTEP_NPM_DIR.
  Install it with: scripts/setup.sh test
  or by hand:      npm install --prefix \"$DOORSTEP_NPM_DIR\" --no-audit --no-fund onvif@0.8.3
  (DOORSTEP_NPM_DIR chooses another folder)"
  export NODE_PATH="$DOORSTEP_NPM_DIR/node_modules"
}

# emu_start CONFIG_JSON [ARGS...]: starts the emulator, waits for its ready line
# (at most 30 s) and leaves it in $tmp/ready.json.
emu_start() {
  printf '%s\n' "$1" >"$tmp/cameras.json"
  shift
  emulator_start "$tmp" "$here/camera_emulator.py" "$tmp/cameras.json" "$@"
}

# emu_port NAME KEY: a camera's port from the ready line (http_port, rtsp_port, udp_port).
emu_port() {
  /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print([c for c in d["cameras"] if c["name"] == sys.argv[2]][0][sys.argv[3]])' "$tmp/ready.json" "$1" "$2"
}

# emu_state NAME FILE: the camera's state (accounts, clock, counters) as JSON.
emu_state() {
  /usr/bin/python3 -c 'import json, sys, urllib.request
port = json.load(open(sys.argv[1]))["control_port"]
print(urllib.request.urlopen("http://127.0.0.1:%d/emulator/state/%s" % (port, sys.argv[2]), timeout=5).read().decode())' \
    "$tmp/ready.json" "$1" >"$2"
}

# jcheck FILE PYTHON-EXPR: asserts the expression over the parsed JSON document d.
jcheck() {
  /usr/bin/python3 - "$1" "$2" <<'PY' || fail "$2 (document: $(cat "$1"))"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}

# ---- doorstep itself against the emulator ----

: "${DOORSTEP_BIN:=${DOORSTEP_BUILD_DIR:-$here/../../build}/doorstep}"

# ds_env: a private XDG tree for doorstep under $tmp; the laptop's network
# checks go to the emulator's control port (nothing leaves this machine).
ds_env() {
  export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
  mkdir -p "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/doorstep" "$HOME"
  local control
  control=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["control_port"])' "$tmp/ready.json")
  cat >"$XDG_CONFIG_HOME/doorstep/config.json" <<EOC
{ "diagnostics": { "targets": [ "http://127.0.0.1:$control/emulator/state" ], "timeout_seconds": 2, "portal_url": "" } }
EOC
}

# emu_probe_list: every camera's unicast WS-Discovery address, comma-separated.
emu_probe_list() {
  /usr/bin/python3 -c 'import json, sys
print(",".join("%s:%d" % (c["address"], c["udp_port"]) for c in json.load(open(sys.argv[1]))["cameras"]))' "$tmp/ready.json"
}

# emu_control PATH: a POST to the emulator's control port (vanish/revive).
emu_control() {
  /usr/bin/python3 -c 'import json, sys, urllib.request
port = json.load(open(sys.argv[1]))["control_port"]
urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:%d%s" % (port, sys.argv[2]), data=b"", method="POST"), timeout=5).read()' \
    "$tmp/ready.json" "$1"
}

# timed SECONDS OUT ERR CMD...: tests/support/timed.sh
source "$here/../support/timed.sh"
