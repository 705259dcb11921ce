#!/usr/bin/env bash
# The wizard's Cellular step on a real module's eSIM, as a new user meets
# it: the modem emulator's virtual eUICC on a pseudo-terminal, the atmodem
# plugin reaching it over AT+CCHO/AT+CGLA. The step lists the card's
# profiles; a new primary is chosen and enabled on the card, the other
# profile becomes the backup (marked in its nickname), and the failover test
# switches to the backup and back; the emulator's own state confirms each.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"
source "$(dirname "$0")/modem_lib.sh"

IMEI=356938035643809
TELEKOM=89490200001234567890
VODAFONE=8944110068256270054
SITE="Esim wizard"
trap 'stop_emulator; e2e_cleanup' EXIT


start_emulator --euicc --state "$E2E_TMP/emu.json" --reset-seconds 0.2 --register-seconds 0.6 --attach-seconds 0.2
cat >"$E2E_TMP/plan.json" <<EOF
{ "site": "$SITE", "devices": [ { "serial": "$IMEI", "name": "Panel modem" } ], "diagnostics": false }
EOF
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" >/dev/null 2>&1 || true  # stops at Cellular: exits 1
expect_site "$SITE" "d['current_step']" cellular
e2e_ok "a module with an eUICC makes the site stop at step Cellular"

# ---- the card's profiles: operator from the service provider, network from the owner ----
e2e_start 100x32 DOORSTEP_SERIAL_PORTS="$PORT" -- --site "$SITE"
e2e_wait "Mobile operators of Panel modem"
e2e_wait_re "Primary +Telekom \(262-01, Germany\)"
e2e_wait_re "Vodafone \(234-15, [A-Za-z ]+\)"
e2e_wait "Panel now: primary Telekom, backup none."
e2e_ok "the Cellular step lists the eUICC's profiles, the enabled one as primary"

# ---- a new primary (Vodafone, enabled on the card) and the backup (Telekom) ----
wait_text "Networks here:"                # the operator scan has ended
e2e_keys Down p
e2e_keys Up b
e2e_keys a
# No warning to confirm: the card does not say which technologies the
# disabled Vodafone profile uses, and unknown is not "only 2G/3G"; the scan
# saw no network of its country, so its reach is left as the module says.
e2e_wait "Applying the operator choice"
e2e_wait "Applied: the panel reports Vodafone as primary and Telekom as backup" 60
wait_text "Panel now: primary Vodafone, backup Telekom."
[ "$(emu "d['card']['enabled'], d['iccid'], d['registration']")" = "('$VODAFONE', '$VODAFONE', 1)" ] ||
  e2e_fail "the module is not on the new primary: $(cat "$E2E_TMP/emu.json")"
[ "$(emu "[p['nickname'] for p in d['card']['profiles'] if p['iccid'] == '$TELEKOM']")" = "['[backup]']" ] ||
  e2e_fail "the backup is not marked on the card: $(emu "d['card']['profiles']")"
expect_site "$SITE" "d['cellular']['primary']['iccid'], d['cellular']['backup']['iccid']" "('$VODAFONE', '$TELEKOM')"
e2e_ok "the new primary is enabled on the card, the backup marked in its nickname, both recorded"

# ---- the failover test: to the backup and back, with a countdown ----
e2e_keys t
e2e_wait "Testing the failover"
e2e_wait_re "[0-9]+ s left"
e2e_wait_re "Failover works: the backup was online after [0-9]+ ms" 60
expect_site "$SITE" "d['cellular']['failover']" passed
[ "$(emu "d['card']['enabled'], d['card']['resets']")" = "('$VODAFONE', 3)" ] ||
  e2e_fail "the card did not switch to the backup and back: $(emu "d['card']['enabled'], d['card']['resets']")"
[ "$(emu "[n['event'] for n in d['card']['notifications']][-4:]")" = "['disable', 'enable', 'disable', 'enable']" ] ||
  e2e_fail "the card's notifications do not show both switches: $(emu "d['card']['notifications']")"
e2e_ok "the failover test switches to the backup and back on the card, and the step records it"
quit

# ---- another laptop (no site file) reads the roles back from the card ----
rm -rf "$XDG_STATE_HOME/doorstep"
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" >/dev/null 2>&1 || true  # stops at Cellular: exits 1
e2e_start 100x32 DOORSTEP_SERIAL_PORTS="$PORT" -- --site "$SITE"
e2e_wait_re "Primary +Vodafone \(234-15"
e2e_wait_re "Backup +Telekom \(262-01, Germany\)"
e2e_ok "a laptop with no site file reads the primary and the backup back from the card"
quit

e2e_done
