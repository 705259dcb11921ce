#!/usr/bin/env bash
# A new user's whole journey on the demo system, as the README tells it:
# first-time setup through every step, then a reconfiguration, then a
# homeowner's laptop with no site file. Known passwords are used, and every
# file doorstep wrote and every screen it showed is searched for them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/net_lib.sh"

PANEL_PW="orchid tractor velvet lamp"
CAMERA_PW="quiet harbour pencil 42"
DOOR_PIN="917304"
MOTION_PIN="508216"
WIFI_KEY="sunflower meadow 1987"
SCREENS="$E2E_TMP/screens.txt"
: > "$SCREENS"
snap() { e2e_screen >> "$SCREENS"; }

# set_password DEVICE PASSWORD: types it twice in the Passwords form and waits for the device's proof.
set_password() {
  e2e_keys C-u; e2e_type "$2"; e2e_keys Enter
  e2e_keys C-u; e2e_type "$2"; snap; e2e_keys Enter
  e2e_wait "$1: new password set and verified" 30
  snap
}

# The laptop's network checks look at a server on 127.0.0.1, not the internet.
net_start
net_config 3 generate_204 "http://127.0.0.1:$NET_HTTP/"
e2e_start 100x30 -- --demo
e2e_wait "Welcome to doorstep"
snap
e2e_keys Enter
e2e_wait "Label code"
e2e_ok "Welcome: a new site"

# Typed label.
e2e_type "DSDEMO:1:PNL:DP100-7F3A21:49"
e2e_keys Enter
e2e_wait "Added Alarm panel"
# A keyboard-wedge scanner's burst while the focus is on the device list.
e2e_keys Tab Tab
e2e_wait_re "▸ Alarm panel"
tmux -L "$E2E_SOCK" send-keys -t main -l "DSDEMO:1:DCT:DC200-4B19E7:A1" \; send-keys -t main Enter
e2e_wait "This site: 2 devices"
e2e_ok "Devices: typed label and scanner burst"
# A damaged label: a clear message, the text kept.
e2e_type "DSDEMO:1:PIR:MS300-92C4D0:00"
e2e_keys Enter
e2e_wait "damaged"
e2e_wait "DSDEMO:1:PIR:MS300-92C4D0:00"
e2e_keys C-u
e2e_ok "Devices: a damaged label is refused with the text kept"
# Search nearby and add the other two.
e2e_keys Tab Tab Tab
e2e_wait_re "▸\[ Search nearby \]"
e2e_keys Enter
e2e_wait "new devices found nearby" 30
e2e_keys Enter
e2e_wait "This site: 3 devices"
e2e_keys Enter
e2e_wait "This site: 4 devices"
snap
e2e_ok "Devices: two picked from the devices found nearby"
# Join the camera to the home Wi-Fi: select it in the list, w, the strongest network, its key.
e2e_keys End     # the focus is on the site's devices after the last one was added
e2e_wait_re "▸ Living room camera"
e2e_keys w
e2e_wait "Wi-Fi for Living room camera"
e2e_wait "Mueller-Home" 20
e2e_keys Enter
e2e_type "$WIFI_KEY"
snap
e2e_keys Enter
e2e_wait 'joined "Mueller-Home"' 30
snap
e2e_ok "Devices: the camera joined the home Wi-Fi"
# The network it joined is in the site file at once (saved with the join).
site="$XDG_STATE_HOME/doorstep/sites/Demo house.json"
camera_ssid() { # FILE KEY: the camera's KEY in the devices of the JSON document FILE
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print([x.get(sys.argv[2]) for x in d["devices"] if x["name"] == "Living room camera"][0])' "$1" "$2"
}
[ "$(camera_ssid "$site" wifi_ssid)" = Mueller-Home ] ||
  e2e_fail "site file: the camera's Wi-Fi is \"$(camera_ssid "$site" wifi_ssid)\", not \"Mueller-Home\""
e2e_ok "Devices: the joined network is in the site file"
e2e_keys F10
e2e_wait "4 devices still have their factory-default password"
e2e_ok "on to Passwords"

# No way on with a default left.
e2e_keys F10
e2e_wait "Change them first"
set_password "Alarm panel" "$PANEL_PW"
set_password "Front door contact" "$DOOR_PIN"
# The same password on a second device is refused.
e2e_wait "Hallway motion sensor takes a PIN"
e2e_type "$DOOR_PIN"; e2e_keys Enter; e2e_type "$DOOR_PIN"; e2e_keys Enter
e2e_wait "already has this password"
set_password "Hallway motion sensor" "$MOTION_PIN"
set_password "Living room camera" "$CAMERA_PW"
e2e_wait "No factory-default password is left"
e2e_ok "Passwords: four changed and verified, reuse refused"
e2e_keys F10

# Cellular: primary Telekom, backup Vodafone, apply, failover test.
e2e_wait "Telekom" 30
e2e_wait_gone "Esc: cancel" 30    # the operator scan has ended
snap
e2e_keys p
e2e_keys Down
e2e_keys b
e2e_keys a
e2e_wait_re "[Aa]pplied|device reports" 30
e2e_wait_gone "Esc: cancel" 30   # t starts nothing while the panel is still read back
e2e_keys t
e2e_wait_re "[Ff]ailover test passed|[Pp]assed" 60
snap
e2e_ok "Cellular: primary and backup applied, failover test passed"
e2e_keys F10

# Diagnostics run live.
e2e_wait "Diagnostics"
e2e_keys F10
e2e_wait "Let the checks finish first"
e2e_wait "Diagnostics finished" 60
snap
e2e_keys F10
e2e_wait "Summary"
e2e_keys e
e2e_wait_re "Report (written|saved)|written to" 20
snap
e2e_ok "Diagnostics and Summary, report exported"
e2e_keys q
e2e_wait "Quit doorstep"
e2e_keys y
st=$(e2e_wait_exit); [ "$st" = 0 ] || e2e_fail "doorstep exited with status \"$st\", not 0"
e2e_ok "quit"

[ -f "$site" ] || e2e_fail "no site file"
grep -q '"completed_at":	"20' "$site" || e2e_fail "site not marked complete"
grep -q '"diagnostics_at":	"20' "$site" || e2e_fail "diagnostics not recorded"
ls "$XDG_STATE_HOME"/doorstep/reports/*.json >/dev/null || e2e_fail "no report file"
e2e_ok "site complete and report written"
"$DOORSTEP_BIN" report --json "Demo house" >"$E2E_TMP/report.json" || e2e_fail "doorstep report --json failed"
[ "$(camera_ssid "$site" wifi_ssid)" = Mueller-Home ] || e2e_fail "site file: the camera's Wi-Fi is lost"
[ "$(camera_ssid "$E2E_TMP/report.json" wifi)" = Mueller-Home ] ||
  e2e_fail "report: the camera's Wi-Fi is \"$(camera_ssid "$E2E_TMP/report.json" wifi)\", not \"Mueller-Home\""
e2e_ok "the camera's Wi-Fi network is in the site file and the report"

# Reconfiguration: open the site from the list; the live state is read.
e2e_start 100x30 -- --demo
e2e_wait "Reconfigure a saved site"
e2e_wait "Demo house"
e2e_keys Tab Tab Tab
e2e_keys Enter
e2e_wait "The current state was read from every device" 30
# Back to Passwords with Esc, one step at a time.
until e2e_screen | grep -qF "No factory-default password is left"; do
  before=$(e2e_screen | md5sum)
  e2e_keys Escape
  for _ in $(seq 40); do [ "$(e2e_screen | md5sum)" != "$before" ] && break; sleep 0.05; done
  [ "$(e2e_screen | md5sum)" != "$before" ] || e2e_fail "Esc did nothing"
done
e2e_wait "changed, verified"
snap
# Change the camera's password again: the current one is needed, a wrong one refused.
e2e_keys BTab End Tab
e2e_wait "the password this device has now"
e2e_type "not the right password"; e2e_keys Enter
e2e_type "violet anchor drum basket"; e2e_keys Enter
e2e_type "violet anchor drum basket"; e2e_keys Enter
e2e_wait "not accepted" 30
snap
e2e_keys C-u
e2e_type "$CAMERA_PW"; e2e_keys Tab C-u
e2e_type "violet anchor drum basket"; e2e_keys Tab C-u
e2e_type "violet anchor drum basket"; e2e_keys Enter
e2e_wait "new password set and verified" 30
snap
e2e_ok "reconfiguration: the live state read, a password changed again"
e2e_keys q y
e2e_wait_exit >/dev/null

# A homeowner's laptop: no site file, the same system.
mv "$XDG_STATE_HOME/doorstep/sites" "$E2E_TMP/sites.installer"
e2e_start 100x30 -- --demo
e2e_wait "No saved site on this laptop"
e2e_keys C-u
e2e_type "My home"
e2e_keys Tab Tab Enter
e2e_wait "This site: 4 devices" 40
e2e_keys Tab Tab   # to the device list, where digits jump to steps
e2e_keys 3
e2e_wait "No factory-default password is left"
snap
e2e_ok "homeowner: the system found and read from its devices"
e2e_keys BTab q   # from the device list, q quits (in a text field it would be typed)
e2e_wait "Quit doorstep"
e2e_keys y
e2e_wait_exit >/dev/null

# No secret anywhere doorstep wrote or showed.
for pw in "$PANEL_PW" "$CAMERA_PW" "$DOOR_PIN" "$MOTION_PIN" "$WIFI_KEY" "violet anchor drum basket"; do
  if grep -rqF -- "$pw" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" "$E2E_TMP/sites.installer" "$SCREENS"; then
    e2e_fail "a password was found in a file or on screen: $(grep -rlF -- "$pw" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" "$SCREENS")"
  fi
done
e2e_ok "no password in the state and config directories, logs, reports or screens"
e2e_done
