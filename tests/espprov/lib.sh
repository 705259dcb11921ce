# Shared helpers of the ESP provisioning tests: the device emulator
# (esp_emulator.py) started from a JSON config, its state, and assertions.
# Source it; it stops the emulator and removes its files at exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../support/emulator_process.sh"
tmp=$(mktemp -d /tmp/doorstep-espprov-test.XXXXXX)
espprov_cleanup() {
  emulator_stop
  rm -rf "$tmp"
}
trap espprov_cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
EMULATOR_FAIL=fail

# emu_start CONFIG_JSON [ARGS...]: starts the emulator, waits for its ready line
# (at most 30 s) and leaves it in $tmp/ready.json.
emu_start() {
  printf '%s\n' "$1" >"$tmp/devices.json"
  shift
  emulator_start "$tmp" "$here/esp_emulator.py" "$tmp/devices.json" "$@"
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
