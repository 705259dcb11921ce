# Shared helpers of the ESP provisioning tests: the device emulator
# (esp_emulator.py) started from a JSON config, its state, and assertions.
# Source it; it stops the emulator and removes its files at exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d /tmp/doorstep-espprov-test.XXXXXX)
emu_pid=""
espprov_cleanup() {
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid"
    wait "$emu_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap espprov_cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# emu_start CONFIG_JSON [ARGS...]: starts the emulator, waits for its ready line
# (at most 30 s) and leaves it in $tmp/ready.json.
emu_start() {
  local config=$1 start=$SECONDS
  shift
  printf '%s\n' "$config" >"$tmp/devices.json"
  /usr/bin/python3 "$here/esp_emulator.py" --config "$tmp/devices.json" "$@" \
    >"$tmp/ready.json" 2>"$tmp/emulator.log" &
  emu_pid=$!
  until grep -q '"ready": true' "$tmp/ready.json" 2>/dev/null; do
    kill -0 "$emu_pid" 2>/dev/null || fail "the emulator stopped: $(cat "$tmp/emulator.log")"
    [ $((SECONDS - start)) -lt 30 ] || fail "the emulator did not get ready within 30 s"
    sleep 0.05
  done
}

# emu_port NAME: a device's HTTP port from the ready line.
emu_port() {
  /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print([x for x in d["devices"] if x["name"] == sys.argv[2]][0]["port"])' "$tmp/ready.json" "$1"
}

# emu_state NAME FILE: the device's state (what it received, counters) as JSON.
emu_state() {
  /usr/bin/python3 -c 'import json, sys, urllib.request
port = json.load(open(sys.argv[1]))["control_port"]
print(urllib.request.urlopen("http://127.0.0.1:%d/_emu/state/%s" % (port, sys.argv[2]), timeout=5).read().decode())' \
    "$tmp/ready.json" "$1" >"$2"
}

# emu_control ACTION NAME: a POST to the control port (vanish, revive, power-cycle).
emu_control() {
  /usr/bin/python3 -c 'import json, sys, urllib.request
port = json.load(open(sys.argv[1]))["control_port"]
urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:%d/_emu/%s/%s" % (port, sys.argv[2], sys.argv[3]), data=b"", method="POST"), timeout=5).read()' \
    "$tmp/ready.json" "$1" "$2"
}

# jcheck FILE PYTHON-EXPR: asserts the expression over the parsed JSON document d.
jcheck() {
  /usr/bin/python3 - "$1" "$2" <<'PY' || fail "$2 (document: $(cat "$1"))"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}
