#!/usr/bin/env bash
# The wizard's Cellular step caring for a real module's eSIM, as a new user
# meets it: the modem emulator's virtual eUICC and the test SM-DP+. The step
# shows the card's EID; a profile is downloaded by activation code (masked,
# its confirmation code asked for, the stages shown) and appears in the
# list; deleting the profile in use is refused with what to do; the new
# one, chosen as the backup, is deleted after a confirmation that names it,
# and the site has no backup any more; the notification its deletion left
# is sent to the SM-DP+. The emulator's state file and the SM-DP+'s events
# confirm each.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"
source "$(dirname "$0")/modem_lib.sh"

IMEI=356938035643809
TELEKOM=89490200001234567890
NEW=8988247000001234567
EID=89049032123451234512345678901235
SITE="Esim download"
trap 'stop_emulator; stop_smdp; e2e_cleanup' EXIT


# The SM-DP+ answers two calls late, so that their stages stay on screen long enough to be read.
start_smdp --confirmation-code 4711 --iccid "$NEW" --provider "Test Mobile" \
  --delay authenticateClient:1.5 --delay getBoundProfilePackage:1.5
start_emulator --euicc --state "$E2E_TMP/emu.json" --reset-seconds 0.2 --register-seconds 0.6 --attach-seconds 0.2
cat >"$E2E_TMP/plan.json" <<EOF
{ "site": "$SITE", "devices": [ { "serial": "$IMEI", "name": "Panel modem" } ], "diagnostics": false }
EOF
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" >/dev/null 2>&1 || true  # stops at Cellular: exits 1
expect_site "$SITE" "d['current_step']" cellular

# ---- the card's identity, read with its profiles ----
e2e_start 100x32 DOORSTEP_SERIAL_PORTS="$PORT" DOORSTEP_HTTP_CA_FILE="$DOORSTEP_HTTP_CA_FILE" -- --site "$SITE"
e2e_wait "Mobile operators of Panel modem"
wait_text "eSIM EID $EID, default SM-DP+ smdp.example.com."
wait_text "No notification waits to be sent."
e2e_ok "the Cellular step shows the eUICC's EID and default SM-DP+, and that no notification waits"

# ---- download by activation code: masked, the confirmation code asked for ----
AC="LPA:1\$$SMDP_ADDRESS\$DOORSTEP-TEST-0001\$\$1"
wait_text "Networks here:"                # the operator scan has ended
e2e_keys d
e2e_wait "Add an eSIM profile to Panel modem"
e2e_type "$AC"
e2e_absent "DOORSTEP-TEST-0001"
e2e_absent "$SMDP_ADDRESS"
e2e_keys Enter
wait_text "needs the operator's confirmation code"
e2e_type 4711
e2e_absent "4711"
e2e_keys Enter
e2e_wait "Downloading the eSIM profile"
e2e_wait "The SM-DP+ checks the eSIM"
e2e_wait "Fetching the profile"
e2e_wait "The profile is installed" 60
e2e_wait_re "Test Mobile \([0-9]{3}-[0-9]{2,3}"
[ "$(emu "[p['state'] for p in d['card']['profiles'] if p['iccid'] == '$NEW']")" = "['disabled']" ] ||
  e2e_fail "the new profile is not on the card: $(emu "d['card']['profiles']")"
[ "$(smdp "[x['iccid'] for x in e if x['function'] == 'handleNotification' and 'iccid' in x]")" = "['$NEW']" ] ||
  e2e_fail "the download did not send its install notification once: $(cat "$SMDP_EVENTS")"
wait_text "No notification waits to be sent."
e2e_ok "a profile is downloaded by a masked activation code with its confirmation code, and listed"

# ---- the profile in use cannot be deleted ----
e2e_keys Home x
e2e_wait "is the profile in use and cannot be deleted"
e2e_absent "Delete this profile?"
[ "$(emu "d['card']['enabled']")" = "$TELEKOM" ] || e2e_fail "the enabled profile changed"
e2e_ok "deleting the profile in use is refused with what to do"

# ---- the new profile becomes the backup ----
e2e_keys End b
e2e_keys a
e2e_wait "Apply with a warning?"            # it has no network in reach here
e2e_keys y
e2e_wait "Applied: the panel reports Telekom as primary and Test Mobile as backup" 60
expect_site "$SITE" "d['cellular']['backup']['iccid'], d['cellular']['applied']" "('$NEW', True)"

# ---- the new profile: a confirmation that names it, No keeps it, Yes deletes it ----
e2e_keys End x
e2e_wait "Delete this profile?"
wait_text "(ICCID $NEW)"
wait_text "This cannot be undone"
wait_text "must issue a new activation code"
wait_text "It is the backup"
e2e_keys n
e2e_wait "Nothing was deleted."
[ "$(emu "len(d['card']['profiles'])")" = 3 ] || e2e_fail "a profile went without a yes: $(emu "d['card']['profiles']")"
e2e_keys x
e2e_wait "Delete this profile?"
e2e_keys y
e2e_wait "is deleted. The eSIM keeps a notification for the operator"
[ "$(emu "[p['iccid'] for p in d['card']['profiles'] if p['iccid'] == '$NEW']")" = "[]" ] ||
  e2e_fail "the profile is still on the card: $(emu "d['card']['profiles']")"
e2e_wait_gone "Test Mobile ("
wait_text "1 notification waits to be sent to the operators: press n to send it."
[ "$(emu "[(n['event'], n['iccid']) for n in d['card']['notifications']]")" = "[('delete', '$NEW')]" ] ||
  e2e_fail "the card keeps no delete notification: $(emu "d['card']['notifications']")"
expect_site "$SITE" "d['cellular']['backup']['iccid'], d['cellular']['primary']['iccid'], d['cellular']['applied']" \
  "('', '$TELEKOM', False)"
e2e_ok "the new profile, the backup, is deleted after a confirmation that names it; the site has no backup; its notification is counted"

# ---- the notification goes to the SM-DP+ on n ----
e2e_keys n
e2e_wait "1 notification sent: the operator knows of the change." 30
wait_text "No notification waits to be sent."
[ "$(emu "d['card']['notifications']")" = "[]" ] || e2e_fail "the card still keeps: $(emu "d['card']['notifications']")"
[ "$(smdp "[x['iccid'] for x in e if x['function'] == 'handleNotification' and 'iccid' in x]")" = "['$NEW', '$NEW']" ] ||
  e2e_fail "the SM-DP+ did not get the delete notification: $(cat "$SMDP_EVENTS")"
e2e_ok "n sends the waiting notification to the SM-DP+, and the eSIM keeps none"
quit

expect_site "$SITE" "any('deleted from Panel modem' in h['text'] for h in d['history'])" True
e2e_ok "the deletion is in the site's history"

e2e_done
