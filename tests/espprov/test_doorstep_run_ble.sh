#!/usr/bin/env bash
# `doorstep run PLAN.json` against emulated ESP devices over Bluetooth LE:
# the emulator (esp_emulator.py) with its BLE front (esp_ble_front.py) on the
# mocked BlueZ (tests/ble/bluez_mock.sh), a plan device by a label whose
# transport is "ble", proven on the emulator's state:
# 1. the BLE scan claims the device with the locator the label leads to;
# 2. security 2 and security 1 by label: connected, the report shows the
#    device online on the network;
# 3. a wrong proof of possession, a wrong SRP password: "the code on the
#    label does not match", nothing configured;
# 4. a device that vanishes mid-session (BLE disconnect), one that never
#    answers (the write hangs), one whose read gives nothing, one that
#    answers more than a BLE value holds: a message each, in bounded time,
#    saying what to do.
# No secret (PoP, SRP password, Wi-Fi key) in any output, report or log.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
source "$here/../ble/bluez_mock.sh"
source "$here/../support/timed.sh"
: "${DOORSTEP_BIN:=${DOORSTEP_BUILD_DIR:-$here/../../build}/doorstep}"
trap 'ble_mock_stop; espprov_cleanup' EXIT

emu_start '{"defaults": {"connect_delay": 0.5},
 "devices": [
  {"name": "PROV_PAD2", "sec_ver": 2, "sec_patch_ver": 1, "username": "wifiprov", "password": "Ble-label-pw",
   "app": {"my_app": {"model": "keypad-3", "fw": "2.0.1"}}},
  {"name": "PROV_OLD2", "sec_ver": 2, "sec_patch_ver": 0, "username": "wifiprov", "password": "Old-label-pw"},
  {"name": "PROV_SEC1", "sec_ver": 1, "pop": "pop-ble-77"},
  {"name": "PROV_VANISH", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "failure": {"mode": "vanish", "after": 4}},
  {"name": "PROV_MUTE", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "failure": {"mode": "never_answer", "endpoint": "prov-config"}},
  {"name": "PROV_EMPTY", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "ble": {"empty_read": "prov-config"}},
  {"name": "PROV_HUGE", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "failure": {"mode": "oversized", "endpoint": "prov-config", "bytes": 1000}}]}'
ble_mock_start
ble_ctl adapter hci0
/usr/bin/python3 "$here/esp_ble_front.py" "$tmp/ready.json" "$tmp/devices.json" hci0 PROV_PAD2=E5:00:00:00:00:01 \
  PROV_OLD2=E5:00:00:00:00:02 PROV_SEC1=E5:00:00:00:00:03 PROV_VANISH=E5:00:00:00:00:04 \
  PROV_MUTE=E5:00:00:00:00:05 PROV_EMPTY=E5:00:00:00:00:06 PROV_HUGE=E5:00:00:00:00:07 ||
  fail "the BLE front did not start: $(tail -5 "$BLE_MOCK_DIR/mock.log")"
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
mkdir -p "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/doorstep" "$HOME"
export WIFI_KEY='correct horse'
secrets=("Ble-label-pw" "Old-label-pw" "pop-ble-77" "$WIFI_KEY")

plan() { # NAME FILE DEVICE-JSON: a plan with one device
  cat >"$2" <<EOP
{ "site": "$1", "diagnostics": false, "report": "$tmp/$1.json",
  "devices": [ $3 ] }
EOP
}
label() { # NAME SECRET [USER] [SECURITY]: a BLE label's JSON as a plan string
  /usr/bin/python3 -c 'import json, sys
d = {"ver": "v1", "name": sys.argv[1], "pop": sys.argv[2], "transport": "ble"}
if len(sys.argv) > 3 and sys.argv[3]: d["username"] = sys.argv[3]
if len(sys.argv) > 4: d["security"] = int(sys.argv[4])
print(json.dumps(json.dumps(d)))' "$@"
}
wifi() { echo "\"wifi\": { \"ssid\": \"${2:-HomeNet}\", \"key_env\": \"$1\" }"; }
run_plan() { # PLAN OUT ERR [LIMIT]
  timed "${4:-60}" "$2" "$3" "$DOORSTEP_BIN" run --timeout 30 "$1"
}

# 1. The scan and the label lead to the same device.
timed 30 "$tmp/scan.json" "$tmp/scan.err" "$DOORSTEP_BIN" ble scan --json --seconds 1
[ "$rc" -eq 0 ] || fail "ble scan: $(cat "$tmp/scan.err")"
jcheck "$tmp/scan.json" '[(x["claimed_by"], x["locator"]) for x in d["devices"] if x["address"] == "E5:00:00:00:00:01"] == [("espprov", "espprov:ble:PROV_PAD2")]'
jcheck "$tmp/scan.json" 'all(x["claimed_by"] == "espprov" for x in d["devices"])'
echo "ok: the BLE scan claims the device as espprov:ble:PROV_PAD2 (its label leads there: 2.)"

# 2. Security 2 and 1 by label, over Bluetooth.
plan Pad "$tmp/pad.json" "{ \"qr\": $(label PROV_PAD2 Ble-label-pw wifiprov), \"name\": \"Pad\", $(wifi WIFI_KEY) }"
run_plan "$tmp/pad.json" "$tmp/pad.out" "$tmp/pad.err"
grep -q 'Pad joined Wi-Fi "HomeNet"' "$tmp/pad.err" || fail "security 2 over BLE: $(cat "$tmp/pad.err")"
grep -q 'Connected to "HomeNet" with the address 192.168.1.77' "$tmp/pad.err" || fail "no address: $(cat "$tmp/pad.err")"
grep -q 'Connecting to E5:00:00:00:00:01' "$tmp/pad.err" || fail "not the device the scan found: $(cat "$tmp/pad.err")"
emu_state PROV_PAD2 "$tmp/s.json"
jcheck "$tmp/s.json" 'd["wifi_state"] == "connected" and d["wifi"]["passphrase_right"] and d["counters"]["handshake_ok"] == 1'
jcheck "$tmp/Pad.json" '[(x["serial"], x["model"], x["firmware"], x.get("wifi")) for x in d["devices"]] == [("PROV_PAD2", "keypad-3", "2.0.1", "HomeNet")]'
echo "ok: security 2 over Bluetooth connects in $elapsed_ms ms; the report shows the device on HomeNet"
plan Old "$tmp/old.json" "{ \"qr\": $(label PROV_OLD2 Old-label-pw wifiprov 2), $(wifi WIFI_KEY) }"
run_plan "$tmp/old.json" "$tmp/old.out" "$tmp/old.err"
grep -q 'joined Wi-Fi "HomeNet"' "$tmp/old.err" || fail "security 2 patch 0 over BLE: $(cat "$tmp/old.err")"
plan Sec1 "$tmp/sec1.json" "{ \"qr\": $(label PROV_SEC1 pop-ble-77 '' 1), $(wifi WIFI_KEY) }"
run_plan "$tmp/sec1.json" "$tmp/sec1.out" "$tmp/sec1.err"
grep -q 'joined Wi-Fi "HomeNet"' "$tmp/sec1.err" || fail "security 1 over BLE: $(cat "$tmp/sec1.err")"
for n in PROV_OLD2 PROV_SEC1; do
  emu_state "$n" "$tmp/st.json"
  jcheck "$tmp/st.json" 'd["wifi_state"] == "connected"'
done
jcheck "$tmp/Sec1.json" '[x.get("wifi") for x in d["devices"]] == ["HomeNet"]'
echo "ok: security 2 patch 0 and security 1 over Bluetooth: connected"

# 3. Wrong codes on the label.
emu_control power-cycle PROV_SEC1
plan Pop "$tmp/pop.json" "{ \"qr\": $(label PROV_SEC1 pop-wrong '' 1), $(wifi WIFI_KEY) }"
run_plan "$tmp/pop.json" "$tmp/pop.out" "$tmp/pop.err"
[ "$rc" -ne 0 ] && grep -q "The code on the label does not match this device" "$tmp/pop.err" ||
  fail "wrong PoP over BLE: $rc $(cat "$tmp/pop.err")"
emu_control power-cycle PROV_OLD2
plan Srp "$tmp/srp.json" "{ \"qr\": $(label PROV_OLD2 wrong-password wifiprov 2), $(wifi WIFI_KEY) }"
run_plan "$tmp/srp.json" "$tmp/srp.out" "$tmp/srp.err"
[ "$rc" -ne 0 ] && grep -q "The code on the label does not match this device" "$tmp/srp.err" ||
  fail "wrong SRP password over BLE: $rc $(cat "$tmp/srp.err")"
emu_state PROV_SEC1 "$tmp/p.json"
jcheck "$tmp/p.json" 'd["counters"]["pop_mismatch"] >= 1 and d["established"] == [] and d["wifi_state"] == "idle"'
emu_state PROV_OLD2 "$tmp/p.json"
jcheck "$tmp/p.json" 'd["counters"]["srp_proof_mismatch"] >= 1 and d["established"] == [] and d["wifi_state"] == "idle"'
echo "ok: a wrong proof of possession and a wrong SRP password over Bluetooth say the label does not match"

# 4. Hostile devices: a message each, saying what to do, in bounded time.
expect_failure() { # NAME PATTERN LIMIT-S
  plan Bad "$tmp/h.json" "{ \"qr\": $(label "$1" abcd1234 wifiprov), $(wifi WIFI_KEY) }"
  run_plan "$tmp/h.json" "$tmp/h.out" "$tmp/h.err" 60
  [ "$rc" -ne 0 ] || fail "$1 passed: $(cat "$tmp/h.err")"
  msg=$(grep -E "^doorstep: " "$tmp/h.err" | head -1)
  grep -qE -- "$2" <<<"$msg" || fail "$1: not the message expected ($2): $(cat "$tmp/h.err")"
  [ "$elapsed_ms" -lt $(($3 * 1000)) ] || fail "$1 took $elapsed_ms ms"
  echo "ok: $1 ends in $elapsed_ms ms: $msg"
}
expect_failure PROV_VANISH 'went away over Bluetooth.*Move closer, turn the device off and on to restart its provisioning mode' 30
expect_failure PROV_MUTE 'did not answer over Bluetooth \(at prov-config\) within 5 s. Move closer' 40
expect_failure PROV_EMPTY 'took the message at prov-config but gave no answer. Turn it off and on to restart its provisioning mode' 30
expect_failure PROV_HUGE 'answered at prov-config with more than the 480 bytes a Bluetooth provisioning value holds' 30
emu_state PROV_HUGE "$tmp/h.json"
jcheck "$tmp/h.json" 'd["counters"]["oversized"] >= 1'

for f in "$tmp"/*.out "$tmp"/*.err "$tmp"/{Pad,Old,Sec1,Pop,Srp,Bad}.json \
  $(find "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" -type f); do
  [ -f "$f" ] || continue
  for s in "${secrets[@]}"; do
    ! grep -qF -- "$s" "$f" || fail "a secret is in $f"
  done
done
echo "ok: no secret (label codes, Wi-Fi keys) in the outputs, the reports, the site or the log"
echo "PASS test_doorstep_run_ble"
