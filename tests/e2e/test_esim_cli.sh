#!/usr/bin/env bash
# doorstep esim against the demo panel's eSIM: every subcommand with and
# without --json, the refusals (the enabled profile, an unknown ICCID, a bad
# activation code, a missing confirmation code) with their exit statuses,
# codes read from standard input and from a photo and never shown, and the
# delete confirmation and the hidden code prompt on a terminal (tmux).
source "$(dirname "$0")/lib.sh"

DEV=(--demo --device demo:DP100-7F3A21)
TELEKOM=89490122183456100175
VODAFONE=89490221077334821954
ORANGE=89330144205833166280
OUT="$E2E_TMP/out"
ERR="$E2E_TMP/err"
export LC_ALL=C.UTF-8 LANG=C.UTF-8

# esim [ARGS...] < stdin: runs doorstep esim; stdout in $OUT, stderr in $ERR, status in $RC.
esim() {
  RC=0
  "$DOORSTEP_BIN" esim "$@" > "$OUT" 2> "$ERR" || RC=$?
}
# expect_rc N WHAT
expect_rc() { [ "$RC" = "$1" ] || { cat "$OUT" "$ERR" >&2; echo "not ok - $2: exit $RC, expected $1" >&2; exit 1; }; }
# expect_in FILE TEXT WHAT
expect_in() { grep -qF -- "$2" "$1" || { cat "$OUT" "$ERR" >&2; echo "not ok - $3: no \"$2\"" >&2; exit 1; }; }
# expect_not_in TEXT WHAT: TEXT is in neither output
expect_not_in() { ! grep -qF -- "$1" "$OUT" "$ERR" || { echo "not ok - $2: \"$1\" was printed" >&2; exit 1; }; }
# json EXPR: evaluates a Python expression over the JSON document d printed on stdout.
json() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
# expect_json EXPR VALUE WHAT
expect_json() {
  local got; got=$(json "$1")
  [ "$got" = "$2" ] || { cat "$OUT" >&2; echo "not ok - $3: $1 is \"$got\", expected \"$2\"" >&2; exit 1; }
}

esim --help; expect_rc 0 "help"; expect_in "$OUT" "Exit status" "help"
esim list; expect_rc 2 "no --device"; expect_in "$ERR" "--device" "no --device"
esim frob "${DEV[@]}"; expect_rc 2 "unknown action"
esim enable 123 "${DEV[@]}"; expect_rc 2 "a malformed ICCID"; expect_in "$ERR" "not an ICCID" "a malformed ICCID"
esim download "--activation-code=LPA:1\$x\$y" "${DEV[@]}" < /dev/null; expect_rc 2 "no code on the command line"
esim info --demo --device demo:NO-SUCH; expect_rc 2 "an unknown device"; expect_in "$ERR" "No device answers" "unknown device"
e2e_ok "usage errors exit 2 and say what was wrong"

esim info "${DEV[@]}"; expect_rc 0 "info"; expect_in "$OUT" "EID:" "info"
esim info --json "${DEV[@]}"; expect_rc 0 "info --json"
expect_json 'd["status"]' ok "info --json"
expect_json 'len(d["data"]["eid"]) == 32 and d["data"]["eid"][:2] == "89"' True "info --json EID"
expect_json 'd["device"]["locator"]' demo:DP100-7F3A21 "info --json device"
e2e_ok "info shows the EID"

esim list "${DEV[@]}"; expect_rc 0 "list"; expect_in "$OUT" "* $TELEKOM" "list marks the enabled profile"
esim list --json "${DEV[@]}"; expect_rc 0 "list --json"
expect_json 'len(d["data"]["profiles"])' 5 "list --json"
expect_json '[p["iccid"] for p in d["data"]["profiles"] if p["enabled"]]' "['$TELEKOM']" "list --json enabled"
expect_json 'd["data"]["profiles"][0]["class"]' operational "list --json class"
expect_json 'd["data"]["profiles"][0]["service_provider"]' "Telekom Deutschland" "list --json provider"
e2e_ok "list shows every profile, the enabled one marked"

esim delete "$TELEKOM" --yes "${DEV[@]}"; expect_rc 2 "delete the enabled profile"
expect_in "$ERR" "Enable another profile first" "delete the enabled profile"
esim delete "$TELEKOM" --yes --json "${DEV[@]}"; expect_rc 2 "delete the enabled profile --json"
expect_json 'd["status"], d["error"]' "('failed', 'invalid')" "delete the enabled profile --json"
esim delete 89999999999999999990 --yes "${DEV[@]}"; expect_rc 2 "delete an unknown ICCID"
expect_in "$ERR" "no profile with ICCID 89999999999999999990" "delete an unknown ICCID"
esim delete "$ORANGE" "${DEV[@]}" < /dev/null; expect_rc 2 "delete without a terminal or --yes"
expect_in "$ERR" "--yes" "delete without a terminal"
esim list --json "${DEV[@]}"; expect_json 'len(d["data"]["profiles"])' 5 "nothing was deleted"
e2e_ok "delete refuses the enabled profile, an unknown ICCID, and a script without --yes"

esim enable "$VODAFONE" "${DEV[@]}"; expect_rc 0 "enable"; expect_in "$OUT" "Enabled Vodafone Business" "enable"
esim enable "$VODAFONE" --json "${DEV[@]}"; expect_rc 0 "enable again"
expect_json '[p["iccid"] for p in d["data"]["profiles"] if p["enabled"]]' "['$VODAFONE']" "enable read back"
esim disable "$VODAFONE" "${DEV[@]}"; expect_rc 0 "disable"; expect_in "$OUT" "no mobile service" "disable"
esim disable "$VODAFONE" --json "${DEV[@]}"; expect_rc 2 "disable a disabled profile"
expect_json 'd["error"]' invalid "disable a disabled profile"
e2e_ok "enable and disable, each read back"

esim nickname "$ORANGE" "Roaming spare" "${DEV[@]}"; expect_rc 0 "nickname"
expect_in "$OUT" "Roaming spare" "nickname"
esim nickname "$ORANGE" "" --json "${DEV[@]}"; expect_rc 0 "nickname cleared"
expect_json "[p['nickname'] for p in d['data']['profiles'] if p['iccid'] == '$ORANGE']" "['']" "nickname cleared"
esim nickname "$ORANGE" "$(printf 'x%.0s' $(seq 300))" "${DEV[@]}"; expect_rc 2 "a nickname too long"
e2e_ok "nickname set and cleared"

esim delete "$ORANGE" --yes "${DEV[@]}"; expect_rc 0 "delete"; expect_in "$OUT" "Deleted Orange France" "delete"
esim list --json "${DEV[@]}"; expect_json "'$ORANGE' in [p['iccid'] for p in d['data']['profiles']]" False "deleted"
e2e_ok "delete with --yes removes a disabled profile"

esim notifications "${DEV[@]}"; expect_rc 0 "notifications"; expect_in "$OUT" "notifications are waiting" "notifications"
esim notifications --json "${DEV[@]}"; expect_rc 0 "notifications --json"
expect_json '[n["event"] for n in d["data"]["notifications"]]' "['disable', 'enable', 'disable', 'delete']" "events"
expect_json 'd["data"]["notifications"][3]["address"]' smdp.example "where a delete goes"
esim notifications send "${DEV[@]}"; expect_rc 0 "send"; expect_in "$OUT" "Sent 4 notifications." "send"
esim notifications send --json "${DEV[@]}"; expect_rc 0 "send again"
expect_json 'd["data"]["sent"], len(d["data"]["notifications"])' "(0, 0)" "nothing left to send"
esim notifications "${DEV[@]}"; expect_in "$OUT" "No notifications are waiting." "sent ones vanish"
e2e_ok "notifications listed, sent, and gone"

esim download "${DEV[@]}" <<< 'LPA:1$smdp.free.example$SECRET-MATCH-1'; expect_rc 0 "download"
expect_in "$OUT" "Free Mobile" "download"; expect_not_in "SECRET-MATCH-1" "download"
esim download --json "${DEV[@]}" <<< 'LPA:1$bad host$SECRET-MATCH-2'; expect_rc 2 "a bad activation code"
expect_json 'd["status"]' failed "a bad activation code"; expect_not_in "SECRET-MATCH-2" "a bad activation code"
esim download "${DEV[@]}" <<< 'not a code SECRET-MATCH-3'; expect_rc 2 "not a code"; expect_not_in "SECRET-MATCH-3" "not a code"
esim download "${DEV[@]}" <<< 'LPA:1$smdp.o2.example$CC-SECRET-4'; expect_rc 2 "no confirmation code"
expect_in "$ERR" "confirmation code" "no confirmation code"
esim download "${DEV[@]}" < <(printf '%s\n%s\n' 'LPA:1$smdp.o2.example$CC-SECRET-5' 1234); expect_rc 1 "a wrong confirmation code"
expect_not_in "1234" "a wrong confirmation code"
esim download --json "${DEV[@]}" < <(printf '%s\n%s\n' 'LPA:1$smdp.o2.example$CC-SECRET-6' 4711); expect_rc 0 "with its confirmation code"
expect_json "len([p for p in d['data']['profiles'] if p['iccid'].startswith('894903')]) >= 1" True "o2 profile downloaded"
expect_not_in "CC-SECRET-6" "with its confirmation code"
esim download < /dev/null "${DEV[@]}"; expect_rc 2 "no code at all"
e2e_ok "download reads the codes from standard input and never prints them"

"$DOORSTEP_BIN" qr encode --png "$E2E_TMP/code.png" 'LPA:1$smdp.vodafone.example$PHOTO-SECRET-7' > /dev/null
esim download --qr "$E2E_TMP/code.png" "${DEV[@]}" < /dev/null; expect_rc 0 "download --qr"
expect_in "$OUT" "Vodafone (downloaded)" "download --qr"; expect_not_in "PHOTO-SECRET-7" "download --qr"
printf 'not a picture' > "$E2E_TMP/bad.png"
esim download --qr "$E2E_TMP/bad.png" "${DEV[@]}" < /dev/null; expect_rc 2 "download --qr of no picture"
e2e_ok "download --qr reads the code from a photo"

# On a terminal: delete asks for the ICCID's last 4 digits; a wrong answer deletes nothing.
e2e_start -- esim delete 89490122183456100258 --demo --device demo:DP100-7F3A21
e2e_wait "Type the last 4 digits"
e2e_wait "cannot be undone"
e2e_type "0000"; e2e_keys Enter
e2e_wait "Nothing was deleted."
[ "$(e2e_wait_exit)" = 1 ] || e2e_fail "a wrong answer must exit 1"
e2e_start -- esim delete 89490122183456100258 --demo --device demo:DP100-7F3A21
e2e_wait "Type the last 4 digits"
e2e_type "0258"; e2e_keys Enter
e2e_wait "Deleted Telekom M2M"
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "the right answer must delete and exit 0"
e2e_ok "delete on a terminal asks for the last 4 digits of the ICCID"

# The code typed at the prompt is not shown.
e2e_start -- esim download --demo --device demo:DP100-7F3A21
e2e_wait "Activation code (LPA:1"
e2e_type 'LPA:1$smdp.telekom.example$TYPED-SECRET-8'; e2e_keys Enter
e2e_wait "The profile is downloaded."
e2e_absent "TYPED-SECRET-8"
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "download at the prompt must exit 0"
e2e_ok "the activation code typed at the prompt is not shown"

e2e_done
