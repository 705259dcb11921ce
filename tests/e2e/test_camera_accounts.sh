#!/usr/bin/env bash
# Cameras with accounts in the wizard, as a new user would, against the
# account fixture plugin (tests/fixtures/accounts.c: cameras "camN" by
# address, each with "admin" on its factory default, a leftover "guest" on a
# default that may be deleted, and a clock warning with a fix).
# Devices: a bad address gets the reason and keeps the text; a good one adds
# the camera and its accounts are read and shown; reading them can be
# cancelled with Esc. Passwords: one row per account on a default; admin and
# guest of camera 1 get new passwords, camera 2's guest is deleted after a
# confirmation naming it; each camera leaves "FACTORY DEFAULT" only when all
# are done. Diagnostics: the clock's fix runs and the check passes again.
# Summary: each account and what was done.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"

fx="${DOORSTEP_FIXTURE_DIR:?}/accounts"
SITE="Camera accounts"

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

# press_button LABEL: on the Devices step, Tab to the button LABEL and press it.
press_button() {
  key_until "▸[ $1 ]" Tab
  e2e_keys Enter
}

# address_field: presses "Add by address": the code field takes an address.
address_field() {
  press_button "Add by address"
  e2e_wait "Network address of the camera (HOST[:PORT])"
}

# add_address ADDRESS: types ADDRESS in the address field and adds it.
add_address() {
  e2e_type "$1"
  e2e_keys Enter
}

# ---- Search nearby lists the cameras beside the demo's devices ----
e2e_start 100x40 DOORSTEP_PLUGIN_PATH="$fx" -- --demo --site "Search cameras"
e2e_wait "Label code"
press_button "Search nearby"
e2e_wait "Found nearby"
e2e_wait_re "Camera 1 .*Fixture Cameras FX-CAM"
e2e_wait_re "Camera 2 .*Fixture Cameras FX-CAM"
e2e_wait_re "new devices found nearby"
e2e_ok "Search nearby lists the cameras on the network with their maker and model"
quit

# ---- Devices: a bad address, then two cameras by address ----
# Each change and each reading of the accounts takes 3 s on these cameras.
e2e_start 100x30 DOORSTEP_PLUGIN_PATH="$fx" DOORSTEP_FX_SLEEP_MS=3000 DOORSTEP_FX_LIST_MS=3000 -- --demo --site "$SITE"
e2e_wait "Label code"
address_field
add_address "http://cam1"
wait_text "Type only the address, without http:// or a path"
e2e_wait "http://cam1"
e2e_ok "a bad address gets the reason and the text is kept"
e2e_keys C-u
e2e_wait_gone "http://cam1"
add_address "cam1"
e2e_wait "Reading the device's accounts"
e2e_wait "Esc: cancel"
e2e_keys Escape
wait_text "Reading the accounts of Camera 1 was cancelled"
e2e_wait_gone "Esc: cancel"
wait_text "Accounts: not read yet"
e2e_wait "Label code"   # the field takes label codes again
e2e_ok "a camera added by address joins the list; reading its accounts shows progress and Esc cancels it"
address_field
add_address "cam2:8080"
e2e_wait "Reading the device's accounts"
wait_text "Camera 2: 3 accounts read."
wait_text "Accounts: admin (administrator): FACTORY DEFAULT · guest (user): FACTORY DEFAULT · viewer (operator): own password"
e2e_ok "the accounts of a camera are read when it is added and shown"

# ---- Passwords: the accounts not read yet are read first; one row per account on a default ----
e2e_keys F10
e2e_wait "Reading the device's accounts"
wait_text "Camera 1: 3 accounts read."
expect_site "$SITE" "sorted(a['user'] for a in d['accounts'])" "['admin', 'admin', 'guest', 'guest', 'viewer', 'viewer']"
e2e_wait "2 devices still have their factory-default password"
e2e_wait_re "account admin \(administrator\) +FACTORY DEFAULT"
e2e_wait_re "account guest \(user\) +FACTORY DEFAULT"
e2e_absent "account viewer"
e2e_ok "the Passwords step lists each account on a default"
wait_text "Camera 1, account admin:"
e2e_type "orchid tractor velvet lamp"; e2e_keys Enter
e2e_type "orchid tractor velvet lamp"; e2e_keys Enter
wait_text "Camera 1: new password set and verified"
# The administrator is done, the guest is not: the camera stays on a default.
e2e_wait_re "Camera 1 .*FACTORY DEFAULT"
e2e_wait "2 devices still have their factory-default password"
wait_text "Camera 1, account guest:"
e2e_type "copper meadow lantern quiz"; e2e_keys Enter
e2e_type "copper meadow lantern quiz"; e2e_keys Enter
wait_text "Camera 1: account guest has a new password, verified by the device."
e2e_wait "1 device still has its factory-default password"
e2e_wait_re "Camera 1 .*changed, verified"
e2e_ok "camera 1 leaves FACTORY DEFAULT once admin and guest have new passwords"
wait_text "Camera 2, account admin:"
e2e_type "maple drizzle falcon opera"; e2e_keys Enter
e2e_type "maple drizzle falcon opera"; e2e_keys Enter
wait_text "Camera 2: new password set and verified"
wait_text "Camera 2, account guest:"
e2e_wait "F8 Delete account"
e2e_keys F8
wait_text "Delete the account \"guest\" (user) on Camera 2?"
e2e_keys n
wait_text "Nothing was deleted."
e2e_wait "1 device still has its factory-default password"
e2e_keys F8
wait_text "Delete the account \"guest\" (user) on Camera 2?"
e2e_keys y
wait_text "Camera 2: account guest deleted; the device confirmed it is gone."
e2e_wait "No factory-default password is left"
e2e_wait_re "account guest \(user\) +deleted"
e2e_ok "camera 2's guest is deleted after a confirmation naming it; no default is left"
expect_site "$SITE" "sorted((a['device'], a['user'], a['done']) for a in d['accounts'] if a['done'] != 'left')" \
  "[('ACC-0001', 'admin', 'new-password'), ('ACC-0001', 'guest', 'new-password'), ('ACC-0002', 'admin', 'new-password'), ('ACC-0002', 'guest', 'deleted')]"
expect_site "$SITE" "[x['on_factory_default'] for x in d['devices']]" "[False, False]"

# ---- Diagnostics: the clock's fix ----
e2e_keys F10
e2e_wait "no mobile operator to"   # no eSIM: the Cellular step only says so
e2e_keys Enter
e2e_wait "Network diagnostics"
e2e_wait "Finished:" 30
e2e_wait "[f: Set the clock]"
key_until " f: Set the clock" Down   # the detail of the selected check offers its fix
e2e_keys f
wait_text "\"Set the clock\" done; its checks ran again and are shown."
e2e_wait "0 s off"
e2e_ok "a check's fix runs and the device's checks are shown again"

# ---- Summary: each account and what was done ----
e2e_keys Enter
e2e_wait "Summary"
e2e_wait_re "account guest \(user\) +deleted"
e2e_wait_re "account guest \(user\) +new password, verified"
e2e_wait_re "account admin \(administrator\) +new password, verified"
e2e_wait_re "Camera clock · ACC-0002 +3 h ahead"
e2e_absent "Camera clock · ACC-0001"
e2e_ok "the summary names each camera's accounts and what was done"
quit
echo "passed $E2E_PASSED"
