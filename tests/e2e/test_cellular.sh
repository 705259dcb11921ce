#!/usr/bin/env bash
# Step Cellular on the demo panel: the profile list with signal grades from
# the operator scan, countries from the operator database and the
# recommendation, the operator rules (same network refused, 2G/3G warned),
# apply with read-back, and the failover test passing, failing
# (DOORSTEP_DEMO_FAULT=backup-offline) and sticking on the backup
# (stuck-on-backup) or running out of a stage's time limit
# (DOORSTEP_DEMO_STALL=check), each outcome checked in the site file; adding a
# profile from an activation code (typed, with a wrong then the right
# confirmation code; read from a photo of its QR code). A site without an
# eSIM skips the step.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"

SITE="Cell house"
PW_PANEL="orchid tractor velvet lamp"
PW_DOOR="917304"
export PW_PANEL PW_DOOR

cat >"$E2E_TMP/plan.json" <<EOF
{ "site": "$SITE",
  "devices": [
    { "qr": "DSDEMO:1:PNL:DP100-7F3A21:49", "name": "Panel", "password_env": "PW_PANEL" },
    { "qr": "DSDEMO:1:DCT:DC200-4B19E7:A1", "name": "Front door", "password_env": "PW_DOOR" } ],
  "diagnostics": false }
EOF
prepare "$E2E_TMP/plan.json"
expect_site "$SITE" "d['current_step']" cellular
e2e_ok "a plan without a cellular part leaves the site at step Cellular"

# ---- the list: operators, codes, technologies, grades, roles, recommendation ----
e2e_start 100x30 -- --demo --site "$SITE"
e2e_wait "Mobile operators of Panel"
e2e_wait "Scanning for mobile networks"
e2e_wait_re "[0-9]+ s left"
wait_text "Networks here: Telekom.de (262-01) LTE -6"
wait_text "(in use)"
wait_text "Vodafone.de (262-02) LTE -"
wait_text "o2 - de (262-03) 2G -"
e2e_ok "the operator scan runs with a countdown and lists each network with its technologies and signal"
e2e_wait "recommended backup"
e2e_wait_re "Primary +Telekom Deutschland \(262-01, Germany\) +-6[0-4] dBm excellent"
e2e_wait "LTE, LTE-M, NB-IoT · Telekom IoT"
e2e_wait_re "Vodafone Germany \(262-02, Germany\) +-(69|7[0-3]) dBm good"
e2e_wait "LTE, LTE-M, 5G · Vodafone Business"
e2e_wait_re "Telefónica Germany \(262-03, Germany\) +-(79|8[0-3]) dBm fair"
e2e_wait "2G, 3G · o2 legacy"
e2e_wait_re "Orange France \(208-01, France\) +no network in reach"
e2e_wait "recommended primary"
e2e_wait "backup none."
e2e_ok "profiles listed with operator, MCC-MNC, country, technologies, scanned signal, roles and recommendation"

# ---- the rules: a backup on the same network is refused, nothing applied ----
e2e_keys Down Down Down Down b        # Telekom M2M, the primary's network
wait_text "Both profiles use the same network (26201)"
e2e_keys a
e2e_wait "Not applied: Both profiles use the same network"
e2e_absent "Applying the operator choice"
expect_site "$SITE" "d['cellular']['applied']" False
e2e_ok "same-operator backup refused with the reason, nothing applied"

# ---- a 2G/3G-only backup is warned about and needs a confirmation ----
e2e_keys Up Up b                      # o2 legacy, 2G/3G only
wait_text "can use only 2G/3G"
e2e_keys a
e2e_wait "Apply with a warning?"
e2e_keys n
e2e_wait "Nothing was applied."
expect_site "$SITE" "d['cellular']['applied']" False
e2e_ok "2G/3G-only profile warned, and the warning asks before applying"

# ---- apply primary and backup; the panel's read-back is shown and recorded ----
e2e_keys Up b                         # Vodafone Germany
e2e_wait "Ready: press a to apply"
e2e_keys a
e2e_wait "Applying the operator choice"
e2e_wait "Applied: the panel reports Telekom Deutschland as primary and Vodafone Germany as backup"
wait_text "Panel now: primary Telekom Deutschland, backup Vodafone Germany."
expect_site "$SITE" "d['cellular']['applied']" True
expect_site "$SITE" "d['cellular']['primary']['operator_code'], d['cellular']['primary']['operator_name']" \
  "('26201', 'Telekom Deutschland')"
expect_site "$SITE" "d['cellular']['backup']['operator_code'], d['cellular']['backup']['operator_name']" \
  "('26202', 'Vodafone Germany')"
expect_site "$SITE" "d['cellular']['backup']['iccid']" 89490221077334821954
e2e_ok "choice applied, read back from the panel, recorded with operator codes and names"

# ---- the failover test passes, with a visible countdown ----
e2e_keys Enter
e2e_wait "Run the failover test to prove that the backup takes over."
e2e_ok "the step cannot be left before the failover test"
e2e_keys t
e2e_wait "Testing the failover"
e2e_wait_re "[0-9]+ s left"
e2e_wait_re "Failover works: the backup was online after [0-9]+ ms"
wait_text "the failover works. Press Enter to continue."
expect_site "$SITE" "d['cellular']['failover']" passed
expect_site "$SITE" "d['cellular']['failover_at'] != '' and d['cellular']['failover_switch_ms'] > 0" True
e2e_ok "failover test passed, outcome and time recorded"

quit

# ---- backup-offline: the test fails with a plain message, recorded ----
e2e_start 100x30 DOORSTEP_DEMO_FAULT=backup-offline -- --demo --site "$SITE"
wait_text "Networks here:"
e2e_keys t
e2e_wait "Failover test failed"
wait_text "could not get online there"
wait_text "so alarms still go out"
e2e_keys Enter
e2e_wait_gone "so alarms still go out"
e2e_wait "Failover test failed: "     # the panel line, now that the message is closed
expect_site "$SITE" "d['cellular']['failover']" failed
expect_site "$SITE" "'could not get online' in d['cellular']['failover_detail']" True
e2e_ok "backup offline: failed test explained, outcome FAILED in the site file"
quit

# ---- stuck-on-backup: said plainly, the primary set again on request ----
e2e_start 100x30 DOORSTEP_DEMO_FAULT=stuck-on-backup -- --demo --site "$SITE"
wait_text "Networks here:"
e2e_keys t
e2e_wait "The panel is stuck on the backup"
wait_text "did not come back to the primary (Telekom Deutschland)"
wait_text "power-cycle the panel"
expect_site "$SITE" "d['cellular']['failover']" stuck-on-backup
e2e_keys n
e2e_wait "The panel is still on the backup."
wait_text "Using Vodafone Germany"       # read again after the test: the panel is on the backup
e2e_wait "stuck on the backup."
e2e_ok "stuck on the backup: plain message, outcome recorded, the panel shown on the backup"
e2e_keys t
e2e_wait "The panel is stuck on the backup"
e2e_wait_gone "Reading the eSIM"
e2e_keys y
e2e_wait "Applying the operator choice"
wait_text "The primary Telekom Deutschland is set again"
wait_text "Using Telekom Deutschland"
expect_site "$SITE" "d['cellular']['applied']" True
e2e_ok "retry sets the primary again through the apply job"
quit

# ---- a stage that never answers: each stage has its own countdown and time
# limit, and the outcome names the stage that ran out ----
e2e_start 100x30 DOORSTEP_DEMO_STALL=check -- --demo --site "$SITE"
wait_text "Networks here:"
e2e_keys t
e2e_wait "Checking the connection over Vodafone Germany"
e2e_wait_re "([2-5][0-9]|60) s left"
e2e_wait "The panel is stuck on the backup" 90
expect_site "$SITE" "d['cellular']['failover']" stuck-on-backup
expect_site "$SITE" "d['cellular']['failover_detail']" \
  'The panel did not finish "Checking the connection over Vodafone Germany..." within 60 s.'
e2e_ok "a stage that does not answer runs out of its own time limit; the outcome names it"
e2e_wait_gone "Reading the eSIM"
e2e_keys y
e2e_wait "Applying the operator choice"
wait_text "The primary Telekom Deutschland is set again"
quit

# ---- 80x24: the whole step fits; Enter goes on ----
e2e_start 80x24 -- --demo --site "$SITE"
e2e_wait "recommended backup"
e2e_wait_gone "Esc: cancel"               # the operator scan has ended
e2e_wait "no network in reach"
e2e_wait "LTE-M, NB-IoT · Telekom M2M"
e2e_wait "[ Apply ]"
e2e_wait "[ Continue ]"
e2e_resize 120 40
e2e_wait_re "Vodafone Germany \(262-02, Germany\) {10,}"
e2e_resize 80 24
e2e_wait "[ Test failover ]"
e2e_ok "the step fits 80x24 and survives resizing"
e2e_keys Enter
e2e_wait "Network diagnostics"
e2e_ok "Enter goes on to Diagnostics once the test ran"
quit

# ---- add a profile from an activation code: masked, a confirmation code
# asked for, a wrong one refused and asked again (the activation code kept),
# the right one installs; then one read from a photo of its QR code ----
AC='LPA:1$smdp.vodafone.example$CC-7Q2X9W$$1'
e2e_start 100x30 -- --demo --site "$SITE"
e2e_wait "Network diagnostics"
e2e_keys 4
wait_text "Networks here:"
e2e_keys d
e2e_wait "Add an eSIM profile to Panel"
e2e_type "$AC"
e2e_absent "smdp.vodafone.example"
e2e_keys Enter
wait_text "needs the operator's confirmation code"
e2e_absent "Downloading the eSIM profile"
e2e_type 1234
e2e_keys Enter
e2e_wait "Downloading the eSIM profile"
wait_text "refused the confirmation code"
e2e_absent "1234"
e2e_ok "activation code masked; a confirmation code is asked for; a wrong one is refused plainly"
e2e_type 4711
e2e_keys Enter
e2e_wait "The profile is installed"
e2e_wait "Vodafone (downloaded)"
e2e_ok "retry with the right confirmation code installs the profile without typing the activation code again"
! grep -rq "CC-7Q2X9W" "$XDG_STATE_HOME" || e2e_fail "the activation code reached a file"
! grep -rq "4711" "$XDG_STATE_HOME/doorstep/sites" || e2e_fail "the confirmation code reached the site file"
expect_site "$SITE" "any('eSIM profile downloaded' in e['text'] for e in d['history'])" True
e2e_ok "the codes reach no file; the download is in the site's history"

qrencode -o "$E2E_TMP/ac.png" 'LPA:1$smdp.o2.example$O2-5KD8RT'
e2e_keys d
e2e_wait "Add an eSIM profile to Panel"
e2e_keys Tab Tab
e2e_type "$E2E_TMP/nothing.png"
e2e_keys Enter
wait_text "nothing.png"
e2e_wait "Add an eSIM profile to Panel"
e2e_keys C-u
e2e_type "$E2E_TMP/ac.png"
e2e_keys Enter
e2e_wait "Activation code read from the photo"
e2e_keys Enter
e2e_wait "The profile is installed"
e2e_wait "o2 (downloaded)"
e2e_ok "activation code read from a photo of its QR code and installed"
quit

# ---- a site without an eSIM: said so, and Continue works ----
cat >"$E2E_TMP/plan2.json" <<EOF
{ "site": "Shed",
  "devices": [ { "qr": "DSDEMO:1:PIR:MS300-92C4D0:F0", "name": "Hall motion", "password_env": "PW_PIR" } ],
  "diagnostics": false }
EOF
PW_PIR=482913 prepare "$E2E_TMP/plan2.json"
e2e_start 100x30 -- --demo --site Shed
wait_text "None of this site's devices has an eSIM"
e2e_keys Enter
e2e_wait "Network diagnostics"
e2e_ok "no eSIM: said so, and the step can be left"
quit

e2e_done
