#!/usr/bin/env bash
# Real ONVIF cameras in the wizard, as a new user would: the onvif plugin
# against two emulated cameras (tests/onvif/camera_emulator.py), found by
# "Search nearby" (unicast WS-Discovery to the ports in DOORSTEP_ONVIF_PROBE;
# multicast is tested in a namespace of its own by the onvif tests).
#   front-door: admin/12345 and a leftover guest/guest, its clock 2 h ahead
#   garden:     admin/admin, HTTP Digest only
# Both get new passwords on every account that was on a default (the camera
# itself proves them: the emulator's state says no account is left on its
# factory password), the clock warning is fixed from Diagnostics, and the
# Summary says so. Then a camera that vanishes right after it took SetUser:
# the wizard says which password may be in effect, nothing is recorded as
# changed, and after it comes back the change is proven.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"
source "$DOORSTEP_SOURCE_DIR/tests/support/emulator_process.sh"
EMULATOR_FAIL=e2e_fail

emu_dir="$E2E_TMP/emulator"
mkdir -p "$emu_dir"
trap 'emulator_stop; e2e_cleanup' EXIT

# start_emulator CONFIG_JSON: starts the cameras and waits for their ready line.
start_emulator() {
  printf '%s\n' "$1" >"$emu_dir/cameras.json"
  emulator_start "$emu_dir" "$DOORSTEP_SOURCE_DIR/tests/onvif/camera_emulator.py" "$emu_dir/cameras.json"
}

# emu PYTHON-EXPR: evaluates the expression with r = the ready line and
# state(name) = a camera's state (accounts, clock; never a password).
emu() {
  /usr/bin/python3 - "$emu_dir/ready.json" "$1" <<'PY'
import json, sys, urllib.request
r = json.load(open(sys.argv[1]))
def state(name):
    url = "http://127.0.0.1:%d/emulator/state/%s" % (r["control_port"], name)
    return json.loads(urllib.request.urlopen(url, timeout=5).read().decode())
def control(path):
    url = "http://127.0.0.1:%d/emulator/%s" % (r["control_port"], path)
    return urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST"), timeout=5).read()
print(eval(sys.argv[2]))
PY
}

# expect_emu PYTHON-EXPR: the expression over the emulator is true (polled up to 10 s).
expect_emu() {
  local _
  for _ in $(seq 100); do
    [ "$(emu "$1")" = True ] && return 0
    sleep 0.1
  done
  e2e_fail "emulator: not true: $1 ($(emu "[state(c['name']) for c in r['cameras']]"))"
}

# key_until TEXT KEY: presses KEY (at most 20 times) until TEXT is on screen.
key_until() {
  local _
  for _ in $(seq 20); do
    e2e_screen | grep -qF -- "$1" && break
    e2e_keys "$2"
    sleep 0.1
  done
  e2e_wait "$1"
}

# new_password TEXT: types TEXT twice into the selected row's form and changes it.
new_password() {
  e2e_type "$1"; e2e_keys Enter
  e2e_type "$1"; e2e_keys Enter
}

start_emulator '{
 "defaults": {"manufacturer": "Emulated", "firmware": "V5.5.0 build 190101"},
 "cameras": [
  {"name": "front-door", "model": "Door-1", "clock_offset_hours": 2,
   "users": [{"user": "admin", "password": "12345", "level": "Administrator"},
             {"user": "guest", "password": "guest", "level": "User"}]},
  {"name": "garden", "model": "Yard-2", "auth": "digest",
   "users": [{"user": "admin", "password": "admin", "level": "Administrator"}]}
 ]}'
probe=$(emu "','.join('127.0.0.1:%d' % c['udp_port'] for c in r['cameras'])")
SITE="Cameras"

# ---- Devices: Search nearby finds both cameras, with maker and model ----
e2e_start 100x40 DOORSTEP_ONVIF_PROBE="$probe" -- --site "$SITE"
e2e_wait "Label code"
key_until "▸[ Search nearby ]" Tab
e2e_keys Enter
e2e_wait "Found nearby" 30
e2e_wait "Door-1" 30
e2e_wait "Yard-2" 30
e2e_wait_re "2 new devices? found nearby" 30
e2e_ok "Search nearby finds both cameras, with their model"
e2e_keys Up Enter          # add the selected one
e2e_wait "This site: 1 device" 30
e2e_keys Enter
e2e_wait "This site: 2 devices" 30
e2e_wait_re "admin \(administrator\): FACTORY DEFAULT" 30
e2e_ok "both cameras are added and their accounts read"

# ---- Passwords: every account on a default, proven by the camera ----
e2e_keys F10
e2e_wait "2 devices still have their factory-default password" 30
e2e_wait_re "account guest \(user\) +FACTORY DEFAULT" 30
# 16 characters without spaces: what a camera of an unknown maker is trusted to take
passwords=("orchid-tractor-v" "copper-meadow-la" "maple-drizzle-fa")
# wait_defaults N: waits (60 s at most) until N account rows are left on a default.
wait_defaults() {
  local _ n
  for _ in $(seq 600); do
    n=$(e2e_screen | grep -cE "account .*FACTORY DEFAULT" || true)
    [ "$n" = "$1" ] && return 0
    sleep 0.1
  done
  e2e_fail "expected $1 accounts on a factory default, saw $n"
}
wait_defaults 3
for i in 0 1 2; do
  e2e_wait "Current password"
  new_password "${passwords[$i]}"
  wait_defaults $((2 - i))
done
e2e_wait "No factory-default password is left" 30
expect_emu "all(not u['factory_password'] for c in r['cameras'] for u in state(c['name'])['accounts'])"
e2e_ok "every account on a default has a new password, proven on the cameras themselves"
expect_site "$SITE" "[x['on_factory_default'] for x in d['devices']]" "[False, False]"

# ---- Diagnostics: the clock 2 h ahead, and its fix ----
e2e_keys F10
e2e_wait "Cellular" 30
e2e_keys F10
e2e_wait "Network diagnostics" 30
e2e_wait "Finished:" 90
e2e_wait "[f: " 10
key_until " f: " Down
e2e_keys f
wait_text "done; its checks ran again and are shown."
expect_emu "abs(state('front-door')['clock_offset_seconds']) < 60"
e2e_ok "the clock warning is fixed from Diagnostics, and the camera's clock is right"

# ---- Summary: the cameras, each account and what was done ----
e2e_keys Enter
e2e_wait "Summary" 30
e2e_wait_re "account guest \(user\) +new password, verified"
e2e_wait "2 devices, each with its own password."
e2e_ok "the summary names each camera's accounts and what was done"
quit
"$DOORSTEP_BIN" report --json "$SITE" >"$emu_dir/report.json" || e2e_fail "no report for $SITE"
/usr/bin/python3 - "$emu_dir/report.json" <<'PY' || e2e_fail "the report: $(cat "$emu_dir/report.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["devices_on_factory_default"] == 0, r
models = sorted(d["model"] for d in r["devices"])
assert models == ["Door-1", "Yard-2"], models
for d in r["devices"]:
    assert d["firmware"] == "V5.5.0 build 190101" and d["password"] == "changed", d
    assert all(a["done"] == "new-password" for a in d["accounts"]), d["accounts"]
door = [d for d in r["devices"] if d["model"] == "Door-1"][0]
clock = [c for c in r["diagnostics"] if c["device"] == door["serial"] and c["id"] == "camera.clock"]
assert clock and clock[-1]["grade"] == "pass", clock
PY
e2e_ok "the report names each camera's model, firmware, accounts and the clock, now right"

# ---- A camera that vanishes right after it took SetUser ----
emulator_stop
start_emulator '{
 "defaults": {"manufacturer": "Emulated", "firmware": "V5.5.0 build 190101"},
 "cameras": [
  {"name": "porch", "model": "Porch-5", "vanish": "after-setuser",
   "users": [{"user": "admin", "password": "12345", "level": "Administrator"}]}
 ]}'
probe=$(emu "','.join('127.0.0.1:%d' % c['udp_port'] for c in r['cameras'])")
port=$(emu "r['cameras'][0]['http_port']")
SITE="Porch"
e2e_start 100x40 DOORSTEP_ONVIF_PROBE="$probe" -- --site "$SITE"
e2e_wait "Label code"
key_until "▸[ Add by address ]" Tab
e2e_keys Enter
e2e_wait "Network address of the camera"
e2e_type "127.0.0.1:$port"
e2e_keys Enter
e2e_wait "This site: 1 device" 30
e2e_keys F10
e2e_wait "1 device still has its factory-default password" 30
e2e_wait "Current password"
new_password "willow-harbour-p"
e2e_wait_re "(either|both)" 120
e2e_ok "a camera that vanishes after SetUser: the wizard says which password may be in effect"
expect_site "$SITE" "[x['on_factory_default'] for x in d['devices']]" "[True]"
emu "control('revive/porch')" >/dev/null
e2e_keys Enter             # close the message: the form keeps both passwords
e2e_wait "Current password"
key_until "▸[ Change password ]" Tab
e2e_keys Enter
e2e_wait_re "new password set and verified" 60
expect_site "$SITE" "[x['on_factory_default'] for x in d['devices']]" "[False]"
expect_emu "not state('porch')['accounts'][0]['factory_password']"
e2e_ok "after it comes back, the same password is proven and only then recorded"
quit
echo "passed $E2E_PASSED"
