#!/usr/bin/env bash
# doorstep esim against a cellular module's eUICC: the modem emulator
# (tests/modem) on a pseudo-terminal and the test SM-DP+ on 127.0.0.1.
# Every action with --device PORT, as text and --json: info, list,
# nickname, enable (the module registers on the new operator), disable,
# delete (the enabled profile refused), notifications and their sending,
# and downloads by activation code: without a confirmation code, with it,
# with a wrong one and from an SM-DP+ that refuses. What the emulator's
# card and the SM-DP+ record is checked, not only what doorstep prints;
# the activation and confirmation codes are never printed nor kept.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/modem_lib.sh"

TELEKOM=89490200001234567890
VODAFONE=8944110068256270054
ORANGE=89330112345678901234
FREE_ICCID=8988247000001234567
CC_ICCID=8988247000007654321
MATCH_A=MATCH-SECRET-A1
MATCH_B=MATCH-SECRET-B2
CC="CC-SECRET-B7"
WRONG_CC=WRONG-CC-31
OUT="$E2E_TMP/out"
ERR="$E2E_TMP/err"
ALL="$E2E_TMP/transcript"
STATE="$E2E_TMP/emu.json"
AT_LOG="$E2E_TMP/at.log"
export LC_ALL=C.UTF-8 LANG=C.UTF-8
trap 'stop_emulator; stop_smdp; e2e_cleanup' EXIT

# fail MESSAGE: the test fails (there is no tmux screen to show).
fail() { echo "not ok - $*" >&2; exit 1; }
# esim [ARGS...] < stdin: doorstep esim on the module; stdout in $OUT, stderr
# in $ERR (both kept in $ALL), status in $RC.
esim() {
  RC=0
  "$DOORSTEP_BIN" esim "$@" --device "$PORT" >"$OUT" 2>"$ERR" || RC=$?
  cat "$OUT" "$ERR" >>"$ALL"
}
# expect_rc N WHAT
expect_rc() { [ "$RC" = "$1" ] || { cat "$OUT" "$ERR" >&2; fail "$2: exit $RC, expected $1"; }; }
# expect_in FILE TEXT WHAT
expect_in() { grep -qF -- "$2" "$1" || { cat "$OUT" "$ERR" >&2; fail "$3: no \"$2\""; }; }
# expect_count FILE TEXT N WHAT: TEXT is on exactly N lines of FILE
expect_count() {
  local n; n=$(grep -cF -- "$2" "$1" || true)
  [ "$n" = "$3" ] || { cat "$1" >&2; fail "$4: \"$2\" on $n lines, expected $3"; }
}
# py FILE EXPR: a Python expression over the JSON document d in FILE.
py() { "$PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# expect_json EXPR VALUE WHAT: over doorstep's --json output
expect_json() {
  local got; got=$(py "$OUT" "$1")
  [ "$got" = "$2" ] || { cat "$OUT" "$ERR" >&2; fail "$3: $1 is \"$got\", expected \"$2\""; }
}
# expect_card EXPR VALUE WHAT: over the emulator's state (the card and the module)
expect_card() {
  local got; got=$(py "$STATE" "$1")
  [ "$got" = "$2" ] || { cat "$STATE" >&2; fail "$3: the emulator says $1 is \"$got\", expected \"$2\""; }
}
# expect_smdp EXPR VALUE WHAT
expect_smdp() {
  local got; got=$(smdp "$1")
  [ "$got" = "$2" ] || { cat "$SMDP_EVENTS" >&2; fail "$3: the SM-DP+ says $1 is \"$got\", expected \"$2\""; }
}
# code ADDRESS MATCHING_ID [CC]: an activation code (LPA:1$address$id, $$1 when a code is needed).
code() { printf 'LPA:1$%s$%s%s' "$1" "$2" "${3:+\$\$1}"; }

# ---- the card: three profiles whose notifications go to the test SM-DP+ ----
start_smdp --matching-id "$MATCH_A"
SMDP_A=$SMDP_ADDRESS
cat >"$E2E_TMP/card.json" <<EOF
{ "eid": "89049032123451234512345678901235", "default_dp_address": "$SMDP_A",
  "root_ds_address": "lpa.ds.gsma.com",
  "profiles": [
    { "iccid": "$TELEKOM", "state": "enabled", "mcc": "262", "mnc": "01", "operator": "Telekom.de",
      "operator_short": "TDG", "imsi": "262011234567890", "provider": "Telekom", "name": "Telekom IoT",
      "notification_address": "$SMDP_A" },
    { "iccid": "$VODAFONE", "state": "disabled", "mcc": "234", "mnc": "15", "operator": "Vodafone UK",
      "operator_short": "voda UK", "imsi": "234159876543210", "provider": "Vodafone",
      "name": "Vodafone Global IoT", "notification_address": "$SMDP_A" },
    { "iccid": "$ORANGE", "state": "disabled", "mcc": "208", "mnc": "01", "operator": "Orange F",
      "imsi": "208011234567890", "provider": "Orange", "name": "Orange IoT",
      "notification_address": "$SMDP_A" } ] }
EOF
start_emulator --profiles "$E2E_TMP/card.json" --state "$STATE" --log "$AT_LOG" \
  --reset-seconds 0.2 --register-seconds 0.4

# ---- info ----
esim info; expect_rc 0 "info"
expect_in "$OUT" "89049032123451234512345678901235" "info shows the EID"
expect_in "$OUT" "$SMDP_A" "info shows the default SM-DP+"
expect_count "$OUT" "One profile is enabled at a time" 1 "info says it once"
esim info --json; expect_rc 0 "info --json"
expect_json 'd["status"], d["device"]["locator"], d["device"]["plugin"]' "('ok', '$PORT', 'atmodem')" "info --json device"
expect_json 'd["data"]["eid"], d["data"]["default_smdp"], d["data"]["single_enabled"]' \
  "('89049032123451234512345678901235', '$SMDP_A', True)" "info --json"
e2e_ok "info shows the eUICC's EID and default SM-DP+"

# ---- list: the module's status is read once ----
cops_before=$(grep -c 'AT+COPS?' "$AT_LOG" || true)
esim list; expect_rc 0 "list"
expect_in "$OUT" "* $TELEKOM" "list marks the enabled profile"
expect_in "$OUT" "$ORANGE" "list shows every profile"
expect_count "$ERR" "Reading the registration" 1 "list reads the registration once"
[ $(($(grep -c 'AT+COPS?' "$AT_LOG") - cops_before)) -le 2 ] ||
  fail "list asked the module for its operator $(($(grep -c 'AT+COPS?' "$AT_LOG") - cops_before)) times"
esim list --json; expect_rc 0 "list --json"
expect_json '[(p["iccid"], p["enabled"]) for p in d["data"]["profiles"]]' \
  "[('$TELEKOM', True), ('$VODAFONE', False), ('$ORANGE', False)]" "list --json"
expect_json 'd["data"]["profiles"][1]["service_provider"], d["data"]["profiles"][1]["mcc"]' "('Vodafone', '234')" \
  "list --json fields"
e2e_ok "list shows the card's profiles and reads the module's status once"

# ---- nickname ----
esim nickname "$VODAFONE" "Roof spare"; expect_rc 0 "nickname"; expect_in "$OUT" "Roof spare" "nickname"
expect_card "[p['nickname'] for p in d['card']['profiles'] if p['iccid'] == '$VODAFONE']" "['Roof spare']" "nickname"
esim nickname "$VODAFONE" "" --json; expect_rc 0 "nickname cleared"
expect_json "[p['nickname'] for p in d['data']['profiles'] if p['iccid'] == '$VODAFONE']" "['']" "nickname cleared"
expect_card "[p['nickname'] for p in d['card']['profiles'] if p['iccid'] == '$VODAFONE']" "['']" "nickname cleared"
esim nickname 89999999999999999990 "x"; expect_rc 2 "nickname of an unknown ICCID"
e2e_ok "nickname set and cleared on the card"

# ---- enable, disable: the module follows ----
esim enable "$VODAFONE"; expect_rc 0 "enable"; expect_in "$OUT" "Enabled Vodafone ($VODAFONE)" "enable"
expect_in "$OUT" "* $VODAFONE" "enable lists the new profile enabled"
expect_card "d['card']['enabled'], d['iccid'], d['registration']" "('$VODAFONE', '$VODAFONE', 1)" \
  "the module registers on the new operator"
expect_card "d['operator']" "Vodafone UK" "the module's operator"
esim disable "$VODAFONE" --json; expect_rc 0 "disable"
expect_json '[p["iccid"] for p in d["data"]["profiles"] if p["enabled"]]' "[]" "disable read back"
expect_card "d['card']['enabled'], d['iccid']" "(None, None)" "the card has no profile enabled"
esim disable "$VODAFONE"; expect_rc 2 "disable a disabled profile"; expect_in "$ERR" "nothing to disable" "disable again"
esim enable "$TELEKOM" --json; expect_rc 0 "enable --json"
expect_json '[p["iccid"] for p in d["data"]["profiles"] if p["enabled"]]' "['$TELEKOM']" "enable --json read back"
expect_card "d['card']['enabled'], d['iccid'], d['registration'], d['operator']" \
  "('$TELEKOM', '$TELEKOM', 1, 'Telekom.de')" "the module is back on Telekom"
esim enable "$TELEKOM"; expect_rc 0 "enable the enabled one"; expect_in "$OUT" "was already enabled" "enable again"
e2e_ok "enable and disable switch the card and the module's registration"

# ---- delete ----
esim delete "$TELEKOM" --yes; expect_rc 2 "delete the enabled profile"
expect_in "$ERR" "Enable another profile first" "delete the enabled profile says what to do"
esim delete "$TELEKOM" --yes --json; expect_rc 2 "delete the enabled profile --json"
expect_json 'd["status"], d["error"]' "('failed', 'invalid')" "delete the enabled profile --json"
expect_card "'$TELEKOM' in [p['iccid'] for p in d['card']['profiles']]" True "the enabled profile is still there"
esim delete "$ORANGE" </dev/null; expect_rc 2 "delete without --yes in a script"
esim delete "$ORANGE" --yes; expect_rc 0 "delete"; expect_in "$OUT" "Deleted Orange ($ORANGE)" "delete"
expect_card "'$ORANGE' in [p['iccid'] for p in d['card']['profiles']]" False "the card lost the profile"
esim delete "$ORANGE" --yes --json; expect_rc 2 "delete it again"; expect_json 'd["error"]' not-found "delete again"
e2e_ok "delete refuses the enabled profile and removes a disabled one from the card"

# ---- notifications: listed as the card keeps them, sent to the SM-DP+ ----
esim notifications --json; expect_rc 0 "notifications --json"
card_notes=$(py "$STATE" "[(n['seq'], n['event'], n['iccid']) for n in d['card']['notifications']]")
expect_json '[(n["sequence"], n["event"], n["iccid"]) for n in d["data"]["notifications"]]' "$card_notes" \
  "notifications as the card keeps them"
expect_json 'sorted(set(n["event"] for n in d["data"]["notifications"]))' "['delete', 'disable', 'enable']" \
  "enable, disable and delete left notifications"
expect_json 'set(n["address"] for n in d["data"]["notifications"])' "{'$SMDP_A'}" "where they go"
waiting=$(py "$OUT" 'len(d["data"]["notifications"])')
card_seqs=$(py "$STATE" "sorted(n['seq'] for n in d['card']['notifications'])")
esim notifications; expect_rc 0 "notifications"
expect_in "$OUT" "$waiting notifications are waiting" "notifications"
expect_in "$OUT" "deleted" "notifications name the event"
esim notifications send; expect_rc 0 "notifications send"; expect_in "$OUT" "Sent $waiting notifications." "send"
expect_smdp "sorted(x['seq'] for x in e if x['function'] == 'handleNotification' and 'seq' in x)" "$card_seqs" \
  "the SM-DP+ got every notification"
expect_card "d['card']['notifications']" "[]" "the card's list is empty after sending"
esim notifications; expect_rc 0 "notifications after send"; expect_in "$OUT" "No notifications are waiting." "none left"
esim notifications send; expect_rc 0 "send with none waiting"
expect_in "$OUT" "No notifications are waiting" "send with none waiting says so"
esim notifications send --json; expect_rc 0 "send --json with none waiting"
expect_json 'd["data"]["sent"], d["data"]["notifications"]' "(0, [])" "send --json with none waiting"
e2e_ok "notifications listed as on the card, sent to the SM-DP+, and gone"

# ---- download without a confirmation code ----
esim download <<<"$(code "$SMDP_A" "$MATCH_A")"; expect_rc 0 "download"
expect_in "$OUT" "The profile is downloaded." "download"; expect_in "$OUT" "$FREE_ICCID" "download lists the new profile"
expect_card "[(p['iccid'], p['state']) for p in d['card']['profiles'] if p['iccid'] == '$FREE_ICCID']" \
  "[('$FREE_ICCID', 'disabled')]" "the card holds the new profile, disabled"
expect_smdp "[x['matchingId'] for x in e if x['function'] == 'authenticateClient' and 'matchingId' in x]" \
  "['$MATCH_A']" "the SM-DP+ got the Matching ID"
expect_smdp "[x['iccid'] for x in e if x['function'] == 'handleNotification' and 'iccid' in x][-1]" "$FREE_ICCID" \
  "the install notification reached the SM-DP+"
esim notifications --json; expect_rc 0 "notifications after the download"
expect_json 'd["data"]["notifications"]' "[]" "the install notification was sent with the download"
expect_card "d['card']['notifications']" "[]" "nothing waits on the card after the download"
esim download --json <<<"$(code "$SMDP_A" "$MATCH_A")"; expect_rc 1 "the same profile again"
expect_json 'd["status"]' failed "the same profile again"
e2e_ok "download by activation code installs the SM-DP+'s profile and reports its installation"

# ---- with a confirmation code ----
start_smdp --matching-id "$MATCH_B" --confirmation-code "$CC" --iccid "$CC_ICCID" --provider "Cc Mobile"
SMDP_B=$SMDP_ADDRESS
esim download <<<"$(code "$SMDP_B" "$MATCH_B" cc)"; expect_rc 2 "no confirmation code given"
expect_in "$ERR" "confirmation code" "no confirmation code given"
esim download < <(printf '%s\n%s\n' "$(code "$SMDP_B" "$MATCH_B" cc)" "$WRONG_CC"); expect_rc 1 "a wrong confirmation code"
expect_in "$ERR" "the confirmation code is wrong" "the SM-DP+'s refusal in words"
expect_smdp "[x['hashCcRight'] for x in e if 'hashCcRight' in x]" "[False]" "the SM-DP+ checked a wrong code"
expect_card "'$CC_ICCID' in [p['iccid'] for p in d['card']['profiles']]" False "nothing installed with a wrong code"
esim download --json < <(printf '%s\n%s\n' "$(code "$SMDP_B" "$MATCH_B" cc)" "$WRONG_CC"); expect_rc 1 "wrong code --json"
expect_json 'd["status"], d["error"]' "('failed', 'auth')" "wrong code --json"
expect_json '"confirmation code is wrong" in d["message"]' True "wrong code --json says why"
esim download --json < <(printf '%s\n%s\n' "$(code "$SMDP_B" "$MATCH_B" cc)" "$CC"); expect_rc 0 "with the confirmation code"
expect_json "[p['service_provider'] for p in d['data']['profiles'] if p['iccid'] == '$CC_ICCID']" "['Cc Mobile']" \
  "with the confirmation code"
expect_smdp "[x['hashCcRight'] for x in e if 'hashCcRight' in x][-1]" "True" "the SM-DP+ took the right code"
expect_card "'$CC_ICCID' in [p['iccid'] for p in d['card']['profiles']]" True "installed with the right code"
e2e_ok "a confirmation code: missing, wrong (the SM-DP+ refuses, nothing installed) and right"

# ---- an SM-DP+ that answers an error ----
start_smdp --fail getBoundProfilePackage:8.2:1.2 --iccid 8988247000005555555
esim download <<<"$(code "$SMDP_ADDRESS" DOORSTEP-TEST-0001)"; expect_rc 1 "the SM-DP+ fails"
expect_in "$ERR" "refused the download: the operator has not released the profile yet" "the SM-DP+'s error in words"
expect_smdp "[x['known'] for x in e if x['function'] == 'cancelSession' and 'known' in x]" "[True]" \
  "the session was cancelled at the SM-DP+"
expect_card "'8988247000005555555' in [p['iccid'] for p in d['card']['profiles']], d['card']['channels']" \
  "(False, [])" "nothing installed, no channel left open"
start_smdp --fail initiateAuthentication:8.8.1:3.8
esim download --json <<<"$(code "$SMDP_ADDRESS" DOORSTEP-TEST-0001)"; expect_rc 1 "the SM-DP+ fails at once"
expect_json '"does not answer to the address" in d["message"]' True "the SM-DP+'s error in words (--json)"
e2e_ok "an SM-DP+'s error is shown in words and nothing is installed"

# ---- notifications whose SM-DP+ is gone stay on the card ----
# The first SM-DP+ stopped when the second started; the card's profiles still name it.
esim enable "$VODAFONE"; expect_rc 0 "enable with the SM-DP+ gone"
esim notifications send; expect_rc 1 "send to an SM-DP+ that is gone"
expect_in "$ERR" "stay on the eSIM" "send to an SM-DP+ that is gone"
expect_in "$ERR" "$SMDP_A" "the message names the server"
expect_card "sorted(n['event'] for n in d['card']['notifications'])" "['disable', 'enable']" \
  "the notifications not sent stay on the card"
# A profile the card already has: the eSIM's refusal is what is said, not
# the notifications that could not be sent along.
start_smdp --iccid "$CC_ICCID"
esim download <<<"$(code "$SMDP_ADDRESS" DOORSTEP-TEST-0001)"; expect_rc 1 "a profile already on the card"
expect_in "$ERR" "a profile with this ICCID is already on the eSIM" "the eSIM's refusal is said"
expect_card "sorted(n['event'] for n in d['card']['notifications'])" "['disable', 'enable']" \
  "the notifications not sent still stay on the card"
e2e_ok "notifications that cannot be sent stay on the card, and the server is named"

# ---- the codes are never printed nor kept ----
for secret in "$MATCH_A" "$MATCH_B" "$CC" "$WRONG_CC"; do
  ! grep -qF -- "$secret" "$ALL" || fail "$secret was printed"
  ! grep -rqF -- "$secret" "$XDG_STATE_HOME" || fail "$secret is in a file under \$XDG_STATE_HOME"
done
e2e_ok "activation and confirmation codes are neither printed nor kept"

e2e_done
