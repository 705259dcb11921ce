#!/usr/bin/env bash
# An ESP device in the wizard, as a new user would: the espprov plugin
# against the emulated device (tests/espprov/esp_emulator.py, its SoftAP on
# 127.0.0.1 through DOORSTEP_ESPPROV_SOFTAP). The label is typed as a
# scanner would (its code never shown), the device is found, its own list of
# networks appears, a wrong key is refused with the reason, the right key
# connects (the device's state says so), and the report has the network.
source "$(dirname "$0")/lib.sh"
source "$DOORSTEP_SOURCE_DIR/tests/support/emulator_process.sh"
EMULATOR_FAIL=e2e_fail

emu_dir="$E2E_TMP/emulator"
mkdir -p "$emu_dir"
stop_emulator() {
  emulator_stop
  e2e_cleanup
}
trap stop_emulator EXIT

cat >"$emu_dir/devices.json" <<'EOC'
{"defaults": {"connect_delay": 1.0},
 "devices": [{"name": "PROV_SIREN1", "sec_ver": 2, "sec_patch_ver": 1, "username": "wifiprov",
              "password": "Sr9-label-pw", "app": {"my_app": {"model": "siren-2", "fw": "1.4.2"}}}]}
EOC
emulator_start "$emu_dir" "$DOORSTEP_SOURCE_DIR/tests/espprov/esp_emulator.py" "$emu_dir/devices.json"
port=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["devices"][0]["port"])' "$emu_dir/ready.json")
control=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["control_port"])' "$emu_dir/ready.json")
state() { # PYTHON-EXPR over the device's state d: True or False
  /usr/bin/python3 - "$control" "$1" <<'PY'
import json, sys, urllib.request
d = json.loads(urllib.request.urlopen("http://127.0.0.1:%s/_emu/state/PROV_SIREN1" % sys.argv[1], timeout=5).read())
print(bool(eval(sys.argv[2])))
PY
}
label='{"ver":"v1","name":"PROV_SIREN1","username":"wifiprov","pop":"Sr9-label-pw","transport":"softap"}'

e2e_start 100x40 DOORSTEP_ESPPROV_SOFTAP="127.0.0.1:$port" -- --site "ESP house"
e2e_wait "Label code"
e2e_type "$label"
e2e_wait '"transport":"softap"}'   # the end of the label, where the cursor is
e2e_absent "Sr9-label-pw"
e2e_absent "wifiprov"
e2e_ok "the label's user name and code are masked while it is typed"
e2e_keys Enter
e2e_wait "This site: 1 device" 30
e2e_wait "PROV_SIREN1"
e2e_absent "Sr9-label-pw"
e2e_ok "the label adds the ESP device over its own network, its code not on screen"

# The device's own scan in the Wi-Fi panel.
e2e_keys Tab Tab   # the label code, Add device: the site's devices
e2e_wait_re "▸ .*PROV_SIREN1"
e2e_keys w
e2e_wait "HomeNet" 30
e2e_wait "Neighbour"
e2e_absent "HomeNet-5G"
[ "$(state 'd["counters"]["scans"] >= 1')" = True ] || e2e_fail "the device was not asked to scan"
e2e_ok "the device's own list of networks appears (not the 5 GHz one it cannot see)"

# A wrong key: refused with the reason; then the right one, no power cycle.
e2e_keys Enter
e2e_type "wrong horse battery"
e2e_keys Enter
e2e_wait "the Wi-Fi key was refused" 30
e2e_wait "Type the Wi-Fi key again"
[ "$(state 'd["wifi_state"] != "connected" and d["counters"]["resets"] == 1')" = True ] ||
  e2e_fail "the device's attempt was not reset"
e2e_ok "a wrong key is refused with the reason, and the device's attempt reset"
# the panel stays open with the network chosen: the key typed again
e2e_wait "Wi-Fi for"
e2e_keys C-u
e2e_type "correct horse"
e2e_keys Enter
e2e_wait 'joined "HomeNet"' 30
[ "$(state 'd["wifi_state"] == "connected" and d["wifi"]["passphrase_right"]')" = True ] ||
  e2e_fail "the device is not connected"
e2e_ok "the right key connects without a power cycle"

"$DOORSTEP_BIN" report --json "ESP house" >"$E2E_TMP/report.json" || e2e_fail "no report"
/usr/bin/python3 - "$E2E_TMP/report.json" <<'PY' || e2e_fail "report: $(cat "$E2E_TMP/report.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert [(x["model"], x.get("wifi")) for x in d["devices"]] == [("siren-2", "HomeNet")], d["devices"]
PY
! grep -rqF "Sr9-label-pw" "$XDG_STATE_HOME" "$E2E_TMP/report.json" || e2e_fail "the label's code reached a file"
e2e_ok "the report has the device on the home network; the label's code is in no file"
e2e_done
