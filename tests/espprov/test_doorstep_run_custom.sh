#!/usr/bin/env bash
# A plugin built on espprov (tests/fixtures/espprov_vendor.c: espprov's
# operations with a descriptor of its own) reaches the product's own
# endpoint, "custom-data", through espprov_endpoint_call(), driven by
# `doorstep run PLAN.json` against the emulator over SoftAP and over
# Bluetooth LE (the BLE front on the mocked BlueZ):
# 1. the request reaches the device encrypted by the session (the emulator
#    decrypts it and keeps what it received) and the answer comes back
#    decrypted: the report has the serial number and model the device told;
#    security 2 over both transports, security 1 over Bluetooth;
# 2. a device without the endpoint: over SoftAP (HTTP 404) and over
#    Bluetooth (no characteristic with that description) the plan stops
#    with espprov's message saying so;
# 3. an answer longer than a Bluetooth value holds is refused, not cut.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
source "$here/../ble/bluez_mock.sh"
source "$here/../support/timed.sh"
: "${DOORSTEP_BIN:=${DOORSTEP_BUILD_DIR:-$here/../../build}/doorstep}"
: "${DOORSTEP_FIXTURE_DIR:=${DOORSTEP_BUILD_DIR:-$here/../../build}/tests/fixtures}"
trap 'ble_mock_stop; espprov_cleanup' EXIT
[ -f "$DOORSTEP_FIXTURE_DIR/espprov-vendor/espinfo.so" ] || fail "the fixture plugin espinfo.so is not built"

big=$(printf 'serial=SN-3003;model=%0600d' 0)
emu_start '{"defaults": {"connect_delay": 0.3, "sec_ver": 2, "username": "wifiprov", "password": "Info-label-pw"},
 "devices": [
  {"name": "PROV_INFO_AP", "custom_endpoints": {"custom-data": "serial=SN-1001;model=Door sensor D2"}},
  {"name": "PROV_PLAIN_AP", "custom_endpoints": {}},
  {"name": "PROV_INFO_BLE", "custom_endpoints": {"custom-data": "serial=SN-2002;model=Door sensor D2"}},
  {"name": "PROV_INFO_S1", "sec_ver": 1, "pop": "pop-info-1", "custom_endpoints": {"custom-data": "serial=SN-2112;model=Door sensor D1"}},
  {"name": "PROV_PLAIN_BLE", "custom_endpoints": {}},
  {"name": "PROV_BIG_BLE", "custom_endpoints": {"custom-data": "'"$big"'"}}]}'
ble_mock_start
ble_ctl adapter hci0
/usr/bin/python3 "$here/esp_ble_front.py" "$tmp/ready.json" "$tmp/devices.json" hci0 PROV_INFO_BLE=E5:00:00:00:01:01 \
  PROV_INFO_S1=E5:00:00:00:01:02 PROV_PLAIN_BLE=E5:00:00:00:01:03 PROV_BIG_BLE=E5:00:00:00:01:04 ||
  fail "the BLE front did not start: $(tail -5 "$BLE_MOCK_DIR/mock.log")"
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
export DOORSTEP_PLUGIN_PATH="$DOORSTEP_FIXTURE_DIR/espprov-vendor"
mkdir -p "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/doorstep" "$HOME"
export WIFI_KEY='correct horse'

plan() { # NAME FILE DEVICE-JSON: a plan with one device
  cat >"$2" <<EOP
{ "site": "$1", "diagnostics": false, "report": "$tmp/$1.json",
  "devices": [ $3 ] }
EOP
}
label() { # NAME TRANSPORT SECRET [SECURITY]: a label's JSON as a plan string
  /usr/bin/python3 -c 'import json, sys
d = {"ver": "v1", "name": sys.argv[1], "transport": sys.argv[2], "pop": sys.argv[3]}
if len(sys.argv) > 4: d["security"] = int(sys.argv[4])
else: d["username"] = "wifiprov"
print(json.dumps(json.dumps(d)))' "$@"
}
device() { # NAME TRANSPORT [SECRET [SECURITY]]: a plan device joining HomeNet
  echo "{ \"qr\": $(label "$1" "$2" "${3:-Info-label-pw}" ${4:+"$4"}), \"wifi\": { \"ssid\": \"HomeNet\", \"key_env\": \"WIFI_KEY\" } }"
}
run_on() { # DEVICE-NAME PLAN OUT ERR: doorstep run, SoftAP devices at the emulator's port
  DOORSTEP_ESPPROV_SOFTAP=127.0.0.1:$(emu_port "$1") timed 60 "$3" "$4" "$DOORSTEP_BIN" run --timeout 30 "$2"
}

timed 30 "$tmp/plugins.json" "$tmp/plugins.err" "$DOORSTEP_BIN" plugins --json
jcheck "$tmp/plugins.json" '"espinfo" in [p["id"] for p in d["loaded"]]'

# 1. The product's endpoint, over SoftAP and Bluetooth.
expect_identity() { # NAME TRANSPORT SERIAL [SECRET SECURITY]
  plan "$1" "$tmp/info.json" "$(device "$1" "$2" "${4:-Info-label-pw}" ${5:+"$5"})"
  run_on "$1" "$tmp/info.json" "$tmp/info.out" "$tmp/info.err"
  grep -q 'joined Wi-Fi "HomeNet"' "$tmp/info.err" || fail "$1 over $2: $(cat "$tmp/info.err")"
  jcheck "$tmp/$1.json" "[(x['serial'], x['model'], x.get('wifi')) for x in d['devices']] == [('$3', 'Door sensor D${5:-2}', 'HomeNet')]"
  emu_state "$1" "$tmp/s.json"
  jcheck "$tmp/s.json" 'd["custom_received"] == [{"endpoint": "custom-data", "data": "info"}] and d["wifi_state"] == "connected"'
  jcheck "$tmp/s.json" 'd["endpoints"]["custom-data"] == 1 and d["counters"]["dropped"] == 0'
  echo "ok: $1 over $2: the device received \"info\" through the session; the report has $3"
}
expect_identity PROV_INFO_AP softap SN-1001
expect_identity PROV_INFO_BLE ble SN-2002
expect_identity PROV_INFO_S1 ble SN-2112 pop-info-1 1

# 2. and 3. Refusals: a message each, saying what is wrong.
expect_refusal() { # NAME TRANSPORT PATTERN
  plan "$1" "$tmp/bad.json" "$(device "$1" "$2")"
  run_on "$1" "$tmp/bad.json" "$tmp/bad.out" "$tmp/bad.err"
  [ "$rc" -ne 0 ] || fail "$1 passed: $(cat "$tmp/bad.err")"
  msg=$(grep -E "^doorstep: " "$tmp/bad.err" | head -1)
  grep -qE -- "$3" <<<"$msg" || fail "$1: not the message expected ($3): $(cat "$tmp/bad.err")"
  emu_state "$1" "$tmp/s.json"
  jcheck "$tmp/s.json" 'd["wifi_state"] == "idle" and d["counters"]["set_configs"] == 0'
  echo "ok: $1 over $2: $msg"
}
expect_refusal PROV_PLAIN_AP softap 'The device has no endpoint "/custom-data". Its firmware may be older than the plugin expects'
emu_state PROV_PLAIN_AP "$tmp/s.json"
jcheck "$tmp/s.json" 'd["counters"]["handshake_ok"] == 1 and d["endpoints"]["custom-data"] == 1'
expect_refusal PROV_PLAIN_BLE ble 'The device "PROV_PLAIN_BLE" has no endpoint "custom-data" over Bluetooth'
expect_refusal PROV_BIG_BLE ble 'answered at custom-data with more than the 480 bytes a Bluetooth provisioning value holds'
emu_state PROV_BIG_BLE "$tmp/s.json"
jcheck "$tmp/s.json" 'd["custom_received"] == [{"endpoint": "custom-data", "data": "info"}]'
for f in "$tmp"/*.out "$tmp"/*.err "$tmp"/PROV_*.json; do
  for s in Info-label-pw pop-info-1 "$WIFI_KEY"; do
    ! grep -qF -- "$s" "$f" || fail "a secret is in $f"
  done
done
echo "PASS test_doorstep_run_custom"
