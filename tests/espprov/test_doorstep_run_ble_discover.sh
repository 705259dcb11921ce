#!/usr/bin/env bash
# `doorstep run PLAN.json` over Bluetooth LE with no scan first, against a
# mocked adapter that finds the emulated device only once discovery runs,
# as a real one does (esp_ble_front.py --on-discovery):
# 1. the plan's label leads to the device: doorstep looks for it (with a
#    countdown), stops discovery, connects and provisions it;
# 2. a label whose device never shows up: the message says what to do, in
#    the bounded time of the connection, and discovery is stopped again.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
source "$here/../ble/bluez_mock.sh"
source "$here/../support/timed.sh"
: "${DOORSTEP_BIN:=${DOORSTEP_BUILD_DIR:-$here/../../build}/doorstep}"
trap 'ble_mock_stop; espprov_cleanup' EXIT

emu_start '{"defaults": {"connect_delay": 0.3},
 "devices": [{"name": "PROV_LATE", "sec_ver": 2, "username": "wifiprov", "password": "Late-label-pw"}]}'
ble_mock_start
ble_ctl adapter hci0
/usr/bin/python3 "$here/esp_ble_front.py" --on-discovery "$tmp/ready.json" "$tmp/devices.json" hci0 \
  PROV_LATE=E5:00:00:00:02:01 || fail "the BLE front did not start: $(tail -5 "$BLE_MOCK_DIR/mock.log")"
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
mkdir -p "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/doorstep" "$HOME"
export WIFI_KEY='correct horse'
[ "$(ble_ctl discovering hci0)" = off ] || fail "the adapter discovers before doorstep runs"

plan() { # NAME LABEL-NAME: a plan with one BLE device by its label, joining HomeNet
  cat >"$tmp/$1-plan.json" <<EOP
{ "site": "$1", "diagnostics": false, "report": "$tmp/$1.json",
  "devices": [ { "qr": "{\"ver\":\"v1\",\"name\":\"$2\",\"username\":\"wifiprov\",\"pop\":\"Late-label-pw\",\"transport\":\"ble\"}",
                 "wifi": { "ssid": "HomeNet", "key_env": "WIFI_KEY" } } ] }
EOP
}

# 1. Not seen yet: found by a short discovery, then provisioned.
plan Late PROV_LATE
timed 60 "$tmp/late.out" "$tmp/late.err" "$DOORSTEP_BIN" run --timeout 30 "$tmp/Late-plan.json"
grep -q 'joined Wi-Fi "HomeNet"' "$tmp/late.err" || fail "the unseen device was not provisioned: $(cat "$tmp/late.err")"
grep -qE 'Looking for PROV_LATE over Bluetooth \([0-9]+ s left\)' "$tmp/late.err" ||
  fail "no countdown while looking for the device: $(cat "$tmp/late.err")"
[ "$(ble_ctl discovering hci0)" = off ] || fail "discovery was left running"
emu_state PROV_LATE "$tmp/s.json"
jcheck "$tmp/s.json" 'd["wifi_state"] == "connected" and d["counters"]["handshake_ok"] == 1'
echo "ok: a device Bluetooth had not seen is found by a short discovery and provisioned in $elapsed_ms ms"

# 2. Never there: a message saying what to do, in bounded time.
plan Ghost PROV_GHOST
timed 60 "$tmp/ghost.out" "$tmp/ghost.err" "$DOORSTEP_BIN" run --timeout 30 "$tmp/Ghost-plan.json"
[ "$rc" -ne 0 ] || fail "a device that is not there passed: $(cat "$tmp/ghost.err")"
msg=$(grep -E "^doorstep: " "$tmp/ghost.err" | head -1)
grep -q 'Bluetooth does not see the device "PROV_GHOST". Check that it is powered and waiting to be set up' <<<"$msg" ||
  fail "not the message expected: $(cat "$tmp/ghost.err")"
grep -qE 'Looking for PROV_GHOST over Bluetooth \([0-9]+ s left\)' "$tmp/ghost.err" || fail "no countdown: $(cat "$tmp/ghost.err")"
[ "$elapsed_ms" -lt 20000 ] || fail "looking for a device that is not there took $elapsed_ms ms"
[ "$(ble_ctl discovering hci0)" = off ] || fail "discovery was left running"
echo "ok: a device that never shows up: $msg ($elapsed_ms ms)"
for f in "$tmp"/*.out "$tmp"/*.err; do
  ! grep -qF -- "Late-label-pw" "$f" || fail "the label's code is in $f"
done
echo "PASS test_doorstep_run_ble_discover"
