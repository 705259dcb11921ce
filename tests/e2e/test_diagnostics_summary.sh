#!/usr/bin/env bash
# Steps Diagnostics and Summary on the demo system: the checks run by
# themselves in the background and appear live under their device, and
# this laptop's network checks (against servers on 127.0.0.1) appear live
# beside them, running then graded; they end with results and advice, are
# stored in the site; Esc stops a run, r runs them again. The summary lists what was done and what is left, and
# exports the commissioning report (no password in it) to an editable path,
# with a failure shown under the file name.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"
source "$(dirname "$0")/net_lib.sh"

SITE="Diag house"
PW_PANEL="orchid tractor velvet lamp"
PW_DOOR="917304"
PW_PIR="482913"
export PW_PANEL PW_DOOR PW_PIR

# live_rows: true when a laptop check has its result while another still
# runs (the slow server), and the devices are being checked at the same time.
live_rows() {
  local screen
  screen=$(e2e_screen)
  grep -qF "✓ Service answer · 127.0.0.1:$NET_HTTP" <<<"$screen" &&
    grep -qE "… Service answer · 127.0.0.1:$NET_SLOW +running…" <<<"$screen" &&
    grep -qE "This laptop +checking…" <<<"$screen" && grep -qF "Checking Panel" <<<"$screen"
}

cat >"$E2E_TMP/plan.json" <<EOF
{ "site": "$SITE",
  "devices": [
    { "qr": "DSDEMO:1:PNL:DP100-7F3A21:49", "name": "Panel", "password_env": "PW_PANEL" },
    { "qr": "DSDEMO:1:DCT:DC200-4B19E7:A1", "name": "Front door", "password_env": "PW_DOOR" },
    { "qr": "DSDEMO:1:PIR:MS300-92C4D0:F0", "name": "Hall motion", "password_env": "PW_PIR" } ],
  "cellular": { "primary": "26201", "backup": "26202" },
  "diagnostics": false }
EOF
prepare "$E2E_TMP/plan.json"
expect_site "$SITE" "d['current_step'], d['diagnostics_at']" "('diagnostics', '')"
e2e_ok "a plan without diagnostics leaves the site at step Diagnostics"

# The laptop checks a healthy server and a slow one (4 s) on 127.0.0.1, with no portal.
net_start 4
net_config 8 generate_204 "http://127.0.0.1:$NET_HTTP/" "http://127.0.0.1:$NET_SLOW/"

# ---- the checks start by themselves and appear as they arrive ----
e2e_start 100x30 -- --demo --site "$SITE"
e2e_wait "Network diagnostics"
e2e_wait "Checking Panel"
e2e_wait_re "[0-9]+%"
e2e_wait "checking…"
start=$SECONDS
until live_rows; do
  [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "no result shown while other devices were still waiting"
  sleep 0.05
done
e2e_ok "header with progress; laptop checks running and graded while the devices are checked"

e2e_wait "Finished: 22 passed, 6 warnings, 0 failed."
e2e_wait_re "! Response time · 127.0.0.1:[0-9…]+ +first byte [0-9]{4} ms"
e2e_wait_re "This laptop +done"
expect_site "$SITE" "d['diagnostics_at'] != ''" True
expect_site "$SITE" "len(d['checks'])" 28
expect_site "$SITE" "sorted(c['grade'] for c in d['checks'] if c['device'] == 'MS300-92C4D0')" "['warn', 'warn']"
expect_site "$SITE" "sorted(c['id'] for c in d['checks'] if c['device'] == '' and c['grade'] != 'pass') == sorted(['net.ipv6:127.0.0.1:$NET_HTTP', 'net.ipv6:127.0.0.1:$NET_SLOW', 'net.timing:127.0.0.1:$NET_SLOW'])" True
expect_site "$SITE" "'Diagnostics: 22 passed, 6 warnings, 0 failed' in [h['text'] for h in d['history']]" True
e2e_ok "the run ends with results, stored in the site with a history line"

# The slow answer's advice, then the devices' results further down.
for _ in 1 2 3 4 5 6 7 8 9 10 11; do e2e_keys Down; done
wait_text "! Response time · 127.0.0.1:$NET_SLOW: warning"
wait_text "The service answers slowly"
e2e_keys End
wait_text "! Battery: warning"
wait_text "CR123A"
e2e_wait_re "Hall motion +done"
e2e_wait_re "! Radio link to the panel +-[0-9]+ dBm"
e2e_ok "a selected result shows its value and advice"

# ---- Esc stops a run; the stored results stay; r runs again ----
stored=$(site_get "$SITE" "d['diagnostics_at']")
e2e_keys r
e2e_wait "Checking Panel"
e2e_keys Escape
e2e_wait "Diagnostics stopped."
e2e_wait "The checks did not finish. Press r to run them again."
e2e_keys End
e2e_wait_re "Hall motion +not checked"
expect_site "$SITE" "d['diagnostics_at'], len(d['checks'])" "('$stored', 28)"
e2e_ok "Esc stops the run with a message; the stored results are kept"
e2e_keys r
e2e_wait "Finished: 22 passed, 6 warnings, 0 failed."
e2e_ok "r runs the checks again to the end"

# ---- the summary ----
e2e_keys Enter
e2e_wait "Summary of $SITE"
e2e_wait "3 devices, each with its own password."
e2e_wait_re "Hall motion · MS300-92C4D0 +own password"
e2e_wait "Primary operator: Telekom Deutschland (26201)"
e2e_wait "Backup operator: Vodafone Germany (26202)"
e2e_wait_re "Failover test passed: backup online in [0-9]+ ms."
e2e_wait "Diagnostics: 22 passed, 6 warnings, 0 failed."
e2e_wait_re "! Radio link to the panel · MS300-92C4D0"
e2e_wait "Setup complete on"
e2e_absent "Not finished"
expect_site "$SITE" "d['completed_at'] != '' and 'summary' in d['steps_done']" True
e2e_ok "summary of devices, operators, failover and diagnostics; completion recorded"

report="$XDG_STATE_HOME/doorstep/reports/$SITE.json"
e2e_wait "$report"
e2e_keys e
e2e_wait "Report written to $report"
[ -f "$report" ] || e2e_fail "no report at $report"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["report"] == "doorstep-commissioning"' "$report" ||
  e2e_fail "the report is not a commissioning report"
for secret in "$PW_PANEL" "$PW_DOOR" "$PW_PIR" '$argon2'; do
  ! grep -qF -- "$secret" "$report" || e2e_fail "the report contains a secret"
done
e2e_ok "e exports the JSON report to the default path, with no password in it"

# A file that cannot be written: the error under the name, nothing lost.
e2e_keys Tab
e2e_keys C-u
e2e_type "/proc/doorstep/report.json"
e2e_keys Enter
wait_text "Cannot write the report to /proc/doorstep/report.json"
e2e_wait "The report was not written"
e2e_wait "/proc/doorstep/report.json"
e2e_ok "a write failure is shown under the file name, which is kept"
e2e_keys C-u
e2e_type "$E2E_TMP/out/handover.json"
e2e_keys Enter
wait_text "Report written to $E2E_TMP/out/handover.json"
[ -f "$E2E_TMP/out/handover.json" ] || e2e_fail "no report at the edited path"
e2e_ok "an edited path works"
e2e_keys Escape
quit

# ---- a site with steps left: the summary says which, at 80x24 ----
cat >"$E2E_TMP/plan2.json" <<EOF
{ "site": "Half house",
  "devices": [ { "qr": "DSDEMO:1:CAM:IC400-5E81A3:60", "name": "Hall camera", "password_env": "PW_CAM" } ],
  "diagnostics": false }
EOF
PW_CAM="kettle harbour mosaic" prepare "$E2E_TMP/plan2.json"
e2e_start 80x24 -- --demo --site "Half house"
e2e_wait "None of this site's devices has an eSIM"
e2e_keys 6
e2e_wait "Summary of Half house"
e2e_wait "No device has an eSIM: no mobile operator to set up."
e2e_wait "! Diagnostics not run."
e2e_wait "Not finished: Diagnostics. Press 5 to go back to it."
e2e_wait "[ Export report ]"
expect_site "Half house" "d['completed_at']" ""
e2e_ok "steps left are listed with the number to go back; nothing marked complete"
e2e_keys 5
e2e_wait "Network diagnostics"
e2e_wait "Finished: 12 passed, 3 warnings, 1 failed."
e2e_keys End
e2e_wait_re "✗ Wi-Fi signal +not connected"
e2e_wait "[ Run again ]"
e2e_ok "the diagnostics fit 80x24 and show a failure"
quit

e2e_done
