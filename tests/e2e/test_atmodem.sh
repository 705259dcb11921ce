#!/usr/bin/env bash
# A cellular module on a serial port, through doorstep itself: the modem
# emulator (tests/modem/modem_emulator.py) on a pseudo-terminal named in
# DOORSTEP_SERIAL_PORTS; `doorstep run` finds it by its IMEI through the
# atmodem plugin's match_serial and runs its checks; the wizard's
# Diagnostics step shows them live and its Devices step's search finds the
# module; a module without a SIM fails its check with advice.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/net_lib.sh"
source "$(dirname "$0")/steps_lib.sh"
source "$(dirname "$0")/modem_lib.sh"

IMEI=356938035643809
SITE="Modem bench"
trap 'stop_emulator; e2e_cleanup' EXIT

# The laptop's own checks (in doorstep run and in the wizard) go to a server
# on 127.0.0.1, not the internet.
net_start
net_config 3 generate_204 "http://127.0.0.1:$NET_HTTP/"

# ---- doorstep run: the module found by its IMEI, its checks in the report ----
start_emulator
cat >"$E2E_TMP/plan.json" <<EOF
{ "site": "$SITE", "devices": [ { "serial": "$IMEI", "name": "Panel modem" } ] }
EOF
rc=0
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/run.json" 2>"$E2E_TMP/run.err" || rc=$?
[ "$rc" = 0 ] || e2e_fail "doorstep run exited $rc: $(cat "$E2E_TMP/run.err")"
"$PYTHON" - "$E2E_TMP/run.json" "$IMEI" "$PORT" <<'EOF' || e2e_fail "doorstep run's report is not what the module says"
import json, sys
d = json.load(open(sys.argv[1]))
dev = [x for x in d["devices"] if x["plugin"] == "atmodem"]
assert len(dev) == 1, d["devices"]
assert dev[0]["serial"] == sys.argv[2] and dev[0]["kind"] == "modem", dev[0]
assert (dev[0]["vendor"], dev[0]["model"]) == ("Quectel", "EG25"), dev[0]
checks = {c["id"]: c for c in d["diagnostics"] if c["device"] == sys.argv[2]}
assert {"cellular.registration", "cellular.technology", "cellular.rssi", "modem.answers", "modem.sim", "modem.data"} <= set(checks), checks
assert all(c["grade"] == "pass" for c in checks.values()), checks
laptop = [c for c in d["diagnostics"] if c["device"] == "laptop"]
assert laptop and not any(c["grade"] == "fail" for c in laptop), laptop
assert checks["modem.sim"]["value"] == "89490200001234567890", checks
assert checks["cellular.registration"]["value"] == "home network", checks
assert checks["cellular.technology"]["value"].startswith("LTE"), checks
assert d["run"]["ok"] is True
EOF
e2e_ok "doorstep run finds the module on the serial port by its IMEI and reports its checks"

# An IMEI no port answers with: bad input, said so.
cat >"$E2E_TMP/other.json" <<EOF
{ "site": "Other", "devices": [ { "serial": "490154203237518" } ] }
EOF
rc=0
"$DOORSTEP_BIN" run "$E2E_TMP/other.json" >/dev/null 2>"$E2E_TMP/other.err" || rc=$?
[ "$rc" = 2 ] || e2e_fail "a plan naming an absent module exited $rc, expected 2"
grep -qF "490154203237518" "$E2E_TMP/other.err" || e2e_fail "the message does not name the serial: $(cat "$E2E_TMP/other.err")"
e2e_ok "a plan naming a module that is not attached exits 2 with a message"

# ---- the wizard: Diagnostics shows the module's checks live ----
cat >"$E2E_TMP/plan2.json" <<EOF
{ "site": "Modem wizard", "devices": [ { "serial": "$IMEI", "name": "Panel modem" } ], "diagnostics": false }
EOF
"$DOORSTEP_BIN" run "$E2E_TMP/plan2.json" >/dev/null 2>&1 || true
# The site has no eSIM device: it stops at Cellular, which says so; 5 goes to Diagnostics.
expect_site "Modem wizard" "d['current_step']" "cellular"
e2e_start 100x45 DOORSTEP_SERIAL_PORTS="$PORT" -- --site "Modem wizard"
e2e_wait "The current state was read from every device."
e2e_keys 5
e2e_wait "Network diagnostics"
e2e_wait_re "Finished: [0-9]+ passed"
e2e_wait_re "Mobile registration +home network"
e2e_wait_re "Mobile technology +LTE"
e2e_wait_re "Cellular module answers +Quectel EG25"
e2e_wait_re "SIM card +89490200001234567890"
expect_site "Modem wizard" "len(set(c['grade'] for c in d['checks'] if c['device'] == '$IMEI')) == 1 and sum(1 for c in d['checks'] if c['device'] == '$IMEI' and c['grade'] == 'pass') >= 5" "True"
e2e_ok "the wizard's Diagnostics step shows the module's checks and stores them"
quit

# ---- the Devices step: "Search nearby" finds the module on the port ----
e2e_start 100x30 DOORSTEP_SERIAL_PORTS="$PORT" --
e2e_wait "Welcome to doorstep"
e2e_type "Bench"
e2e_keys Enter
e2e_wait_re "▸ Label code"
# Tab moves the focus through the step's fields; stop on the search button.
for _ in 1 2 3 4 5 6; do
  before=$(e2e_screen)
  grep -q "▸\[ Search nearby \]" <<<"$before" && break
  e2e_keys Tab
  start=$SECONDS
  while [ "$(e2e_screen)" = "$before" ]; do  # the focus mark moves
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "Tab did not move the focus"
    sleep 0.05
  done
done
e2e_wait_re "▸\[ Search nearby \]"
e2e_keys Enter
e2e_wait "1 new device found nearby." 30
e2e_wait_re "Cellular module +Cellular modem +3569380356438"
e2e_keys Enter
e2e_wait "This site: 1 device"
e2e_ok "the Devices step's search finds the module on the serial port and adds it"
quit

# ---- no SIM: the check fails and says what to do ----
start_emulator --sim-missing
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/nosim.json" 2>/dev/null || true
"$PYTHON" - "$E2E_TMP/nosim.json" <<'EOF' || e2e_fail "a module without a SIM did not fail its SIM check with advice"
import json, sys
d = json.load(open(sys.argv[1]))
sim = [c for c in d["diagnostics"] if c["id"] == "modem.sim"][0]
assert sim["grade"] == "fail" and "SIM" in sim["advice"], sim
assert d["run"]["ok"] is False
EOF
e2e_ok "a module without a SIM fails the SIM check, with advice"

e2e_done
