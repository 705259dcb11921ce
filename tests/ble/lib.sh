# Shared helpers of the BLE tests: the mocked BlueZ (bluez_mock.sh), a
# private XDG tree, and assertions. Source it; it removes both at exit.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bluez_mock.sh"
: "${DOORSTEP_BIN:?DOORSTEP_BIN must point at the doorstep binary}"
tmp=$(mktemp -d /tmp/doorstep-ble-test.XXXXXX)
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
trap 'ble_mock_stop; rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# jcheck FILE PYTHON-EXPR: asserts the expression over the parsed JSON document d.
jcheck() {
  /usr/bin/python3 - "$1" "$2" <<'PY' || fail "$2 (document: $(cat "$1"))"
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}
