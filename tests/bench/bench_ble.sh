#!/usr/bin/env bash
# The Bluetooth benchmark's setting: a mocked BlueZ on a private bus with
# DEVICES devices (default 500) that change their signal RATE times a second
# (default 300), then bench_ble measures keypresses in the panel, and a
# scan checks that the list the CLI prints is sorted by signal throughout.
#   bench_ble.sh BENCH_BLE DOORSTEP_BIN [RUNS [DEVICES [RATE]]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../ble/bluez_mock.sh"
bench=$1 bin=$2 runs=${3:-20} devices=${4:-500} rate=${5:-300}
work=$(mktemp -d /tmp/doorstep-bench-ble.XXXXXX)
trap 'ble_mock_stop; rm -rf "$work"' EXIT
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" LANG=C.UTF-8

ble_mock_start
ble_ctl adapter hci0
ble_ctl flood hci0 "$devices" "$rate" 3600 >"$work/flood.out" 2>/dev/null &
for _ in $(seq 600); do grep -q ready "$work/flood.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/flood.out" || { echo "the mock never got its $devices devices" >&2; exit 1; }
"$bench" "$bin" "$runs" "$devices"
"$bin" ble scan --json --seconds 3 2>/dev/null | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
r = [x["rssi"] for x in d["devices"]]
ok = all(a >= b for a, b in zip(r, r[1:]))
verdict = "yes" if ok else "NO"
print(f"ble scan of a changing block of flats: {len(r)} devices, sorted by signal: {verdict}")
sys.exit(0 if ok else 1)'
