#!/usr/bin/env bash
# An ESP device over Bluetooth LE in the wizard, as a new user would: the
# espprov plugin against the emulated device (tests/espprov/esp_emulator.py)
# through its BLE front (esp_ble_front.py) on the mocked BlueZ. The label
# (transport "ble") is typed as a scanner would, its code never shown; the
# device is found over Bluetooth with no scan first (the mocked adapter finds
# it only once doorstep looks, as a real one does; a device that is not there
# is looked for with a countdown, and Esc stops that), its own list of
# networks appears (read 4
# at a time, as a BLE value holds), a wrong key is refused with the reason,
# the right key connects (the device's state says so), and the report shows
# the device on the network.
source "$(dirname "$0")/lib.sh"
source "$DOORSTEP_SOURCE_DIR/tests/support/emulator_process.sh"
EMULATOR_FAIL=e2e_fail
source "$(dirname "$0")/../ble/bluez_mock.sh"

emu_dir="$E2E_TMP/emulator"
mkdir -p "$emu_dir"
stop_all() {
  emulator_stop
  ble_mock_stop
  e2e_cleanup
}
trap stop_all EXIT

cat >"$emu_dir/devices.json" <<'EOC'
{"defaults": {"connect_delay": 1.0},
 "devices": [{"name": "PROV_PAD7", "sec_ver": 2, "sec_patch_ver": 1, "username": "wifiprov",
              "password": "Pad7-label-pw", "app": {"my_app": {"model": "keypad-3", "fw": "2.0.1"}}}]}
EOC
emulator_start "$emu_dir" "$DOORSTEP_SOURCE_DIR/tests/espprov/esp_emulator.py" "$emu_dir/devices.json"
control=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["control_port"])' "$emu_dir/ready.json")
state() { # PYTHON-EXPR over the device's state d: True or False
  /usr/bin/python3 - "$control" "$1" <<'PY'
import json, sys, urllib.request
d = json.loads(urllib.request.urlopen("http://127.0.0.1:%s/_emu/state/PROV_PAD7" % sys.argv[1], timeout=5).read())
print(bool(eval(sys.argv[2])))
PY
}
ble_mock_start
ble_ctl adapter hci0
/usr/bin/python3 "$DOORSTEP_SOURCE_DIR/tests/espprov/esp_ble_front.py" --on-discovery "$emu_dir/ready.json" "$emu_dir/devices.json" \
  hci0 PROV_PAD7=E5:00:00:00:00:07 || e2e_fail "the BLE front did not start"
label='{"ver":"v1","name":"PROV_PAD7","username":"wifiprov","pop":"Pad7-label-pw","transport":"ble"}'

e2e_start 100x40 DBUS_SYSTEM_BUS_ADDRESS="$DBUS_SYSTEM_BUS_ADDRESS" -- --site "BLE house"
# A device Bluetooth has not seen is looked for with a countdown; Esc stops that.
e2e_wait "Label code"
e2e_type '{"ver":"v1","name":"PROV_GHOST","username":"wifiprov","pop":"Ghost-pw","transport":"ble"}'
e2e_keys Enter
e2e_wait_re "Looking for PROV_GHOST over Bluetooth \([0-9]+ s left\)" 15
[ "$(ble_ctl discovering hci0)" = on ] || e2e_fail "the adapter is not discovering while doorstep looks"
e2e_keys Escape
e2e_wait "Adding was cancelled" 5
for _ in $(seq 50); do [ "$(ble_ctl discovering hci0)" = off ] && break; sleep 0.1; done
[ "$(ble_ctl discovering hci0)" = off ] || e2e_fail "discovery was left running after Esc"
e2e_ok "a device Bluetooth has not seen is looked for with a countdown; Esc cancels and discovery stops"
e2e_keys C-u
e2e_wait "Label code"
e2e_type "$label"
e2e_wait '"transport":"ble"}'   # the end of the label, where the cursor is
e2e_absent "Pad7-label-pw"
e2e_absent "wifiprov"
e2e_ok "the label's user name and code are masked while it is typed"
e2e_keys Enter
e2e_wait "This site: 1 device" 30
e2e_wait "PROV_PAD7"
e2e_absent "Pad7-label-pw"
[ "$(state 'd["counters"]["handshake_ok"] == 1')" = True ] || e2e_fail "no secure session with the device"
e2e_ok "the label adds the ESP device over Bluetooth, its code not on screen"

# The device's own scan in the Wi-Fi panel, 4 results per request.
e2e_keys Tab Tab
e2e_wait_re "▸ .*PROV_PAD7"
e2e_keys w
e2e_wait "HomeNet" 30
e2e_wait "Neighbour"
e2e_absent "HomeNet-5G"
[ "$(state 'd["counters"]["scans"] >= 1 and d["scan_requests"] and all(c <= 4 for _, c in d["scan_requests"])')" = True ] ||
  e2e_fail "the device was not asked to scan, or for more than 4 results at a time"
e2e_ok "the device's own list of networks appears over Bluetooth, read 4 at a time"

# A wrong key: refused with the reason; then the right one, no power cycle.
e2e_keys Enter
e2e_type "wrong horse battery"
e2e_keys Enter
e2e_wait "the Wi-Fi key was refused" 30
e2e_wait "Type the Wi-Fi key again"
[ "$(state 'd["wifi_state"] != "connected" and d["counters"]["resets"] == 1')" = True ] ||
  e2e_fail "the device's attempt was not reset"
e2e_ok "a wrong key is refused with the reason, and the device's attempt reset"
e2e_wait "Wi-Fi for"
e2e_keys C-u
e2e_type "correct horse"
e2e_keys Enter
e2e_wait 'joined "HomeNet"' 30
[ "$(state 'd["wifi_state"] == "connected" and d["wifi"]["passphrase_right"]')" = True ] ||
  e2e_fail "the device is not connected"
e2e_ok "the right key connects over Bluetooth without a power cycle"

"$DOORSTEP_BIN" report --json "BLE house" >"$E2E_TMP/report.json" || e2e_fail "no report"
/usr/bin/python3 - "$E2E_TMP/report.json" <<'PY' || e2e_fail "report: $(cat "$E2E_TMP/report.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert [(x["serial"], x["model"], x.get("wifi")) for x in d["devices"]] == [("PROV_PAD7", "keypad-3", "HomeNet")], d["devices"]
PY
! grep -rqF "Pad7-label-pw" "$XDG_STATE_HOME" "$E2E_TMP/report.json" || e2e_fail "the label's code reached a file"
e2e_ok "the report shows the device on the home network; the label's code is in no file"
e2e_done
