#!/usr/bin/env bash
# The eSIM of a real cellular module, through doorstep run: the modem
# emulator's virtual eUICC (tests/modem) on a pseudo-terminal, reached by the
# atmodem plugin over AT+CCHO/AT+CGLA. A plan chooses the primary and the
# backup; the failover test switches for real, both ways, and the report and
# the emulator's own state agree. Then what goes wrong: a backup out of
# reach (the stage is named, the module is back on the primary), hostile
# cards and a module that stops answering (a clear message, no hang, nothing
# recorded that the card does not show).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/net_lib.sh"
source "$(dirname "$0")/steps_lib.sh"
source "$(dirname "$0")/modem_lib.sh"

IMEI=356938035643809
TELEKOM=89490200001234567890
VODAFONE=8944110068256270054
trap 'stop_emulator; e2e_cleanup' EXIT
export DOORSTEP_ATMODEM_REGISTER_SECONDS=3
net_start
net_config 3 generate_204 "http://127.0.0.1:$NET_HTTP/"

# plan FILE SITE PRIMARY BACKUP: a plan for the module with this choice.
plan() {
  cat >"$1" <<EOF
{ "site": "$2", "devices": [ { "serial": "$IMEI", "name": "Panel modem" } ],
  "cellular": { "primary": "$3", "backup": "$4", "failover_test": true } }
EOF
}


# ---- primary Vodafone (a switch), backup Telekom; failover both ways ----
start_emulator --euicc --state "$E2E_TMP/emu.json" --reset-seconds 0.2 --register-seconds 0.6 --attach-seconds 0.3 \
  --log "$E2E_TMP/commands.log"
plan "$E2E_TMP/plan.json" "Esim bench" "$VODAFONE" "$TELEKOM"
rc=0
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/run.json" 2>"$E2E_TMP/run.err" || rc=$?
[ "$rc" = 0 ] || e2e_fail "doorstep run exited $rc: $(cat "$E2E_TMP/run.err")"
"$PYTHON" - "$E2E_TMP/run.json" "$VODAFONE" "$TELEKOM" <<'EOF' || e2e_fail "the report does not show the choice and a passed failover"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["cellular"]
assert c["device"] == "356938035643809", c
assert (c["primary"]["iccid"], c["primary"]["operator_code"]) == (sys.argv[2], "23415"), c
assert (c["backup"]["iccid"], c["backup"]["operator_code"]) == (sys.argv[3], "26201"), c
assert c["applied"] is True and c["failover"] == "passed", c
# registration (0.6 s) and attach (0.3 s) after the reset: at least 0.9 s, and well under the limit
assert 900 <= c["failover_switch_ms"] < 3000, c
assert "does not switch to the backup by itself" in c["failover_detail"], c
assert d["run"]["ok"] is True
EOF
# the card's word: the primary enabled, the backup marked, two resets, no channel left open
[ "$(emu "d['card']['enabled']")" = "$VODAFONE" ] || e2e_fail "the module is not on the primary: $(cat "$E2E_TMP/emu.json")"
[ "$(emu "d['iccid'], d['registration'], d['attached']")" = "('$VODAFONE', 1, True)" ] ||
  e2e_fail "the module is not registered on the primary: $(cat "$E2E_TMP/emu.json")"
# (the built-in card calls Vodafone "backup": a plain nickname, no mark)
[ "$(emu "sorted((p['iccid'], p['nickname']) for p in d['card']['profiles'])")" = "[('$VODAFONE', 'backup'), ('$TELEKOM', '[backup]')]" ] ||
  e2e_fail "the backup mark is not where the plan put it: $(emu "d['card']['profiles']")"
# enabling the primary (1 reset), the failover there and back (2 resets)
[ "$(emu "d['card']['resets'], d['card']['channels']")" = "(3, [])" ] ||
  e2e_fail "resets and open channels: $(emu "d['card']['resets'], d['card']['channels']")"
e2e_ok "a plan's primary and backup are set on the eUICC and the failover test switches both ways"

# The plan again, from a laptop with no site file: nothing to switch, the
# roles are read back from the card, the failover passes again.
rm -rf "$XDG_STATE_HOME/doorstep"
rc=0
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/run2.json" 2>"$E2E_TMP/run2.err" || rc=$?
[ "$rc" = 0 ] || e2e_fail "the second run exited $rc: $(cat "$E2E_TMP/run2.err")"
[ "$(emu "d['card']['resets']")" = 5 ] || e2e_fail "the second run switched more than the failover: $(emu "d['card']['resets']")"
e2e_ok "a second laptop finds the choice on the card and switches only for the failover test"

# ---- the quirks of real modules: the same plan and failover pass on each ----
for quirks in "--esim-urcs --ccho-bare" "--no-cgla" "--session-handles --no-test-commands --hex-unquoted" \
  "--no-echo --response-size 16"; do
  rm -rf "$XDG_STATE_HOME/doorstep"
  # shellcheck disable=SC2086  # the quirks are separate options
  start_emulator --euicc --state "$E2E_TMP/emu.json" --reset-seconds 0.2 --register-seconds 0.4 $quirks
  plan "$E2E_TMP/plan.json" "Esim quirks" "$VODAFONE" "$TELEKOM"
  rc=0
  timeout 60 "$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/quirks.json" 2>"$E2E_TMP/quirks.err" || rc=$?
  [ "$rc" = 0 ] || e2e_fail "with $quirks doorstep run exited $rc: $(cat "$E2E_TMP/quirks.err")"
  [ "$(site_get "Esim quirks" "d['cellular']['failover']")" = passed ] || e2e_fail "with $quirks the failover did not pass"
  [ "$(emu "d['card']['enabled'], d['card']['resets']")" = "('$VODAFONE', 3)" ] ||
    e2e_fail "with $quirks the card did not switch as asked: $(emu "d['card']['enabled'], d['card']['resets']")"
done
e2e_ok "URCs inside answers, a bare +CCHO, +CSIM without +CGLA, session handles, no =? checks, echo off and long 61xx chains all work"

# ---- a backup whose operator is out of reach: the stage is named, the primary comes back ----
"$PYTHON" - "$E2E_TMP/profiles.json" <<'EOF'
import json, sys
sys.path.insert(0, __import__("os").environ["DOORSTEP_SOURCE_DIR"] + "/tests/modem")
import euicc
conf = json.loads(json.dumps(euicc.DEFAULT_CONFIG))
conf["profiles"][1]["coverage"] = False
json.dump(conf, open(sys.argv[1], "w"))
EOF
rm -rf "$XDG_STATE_HOME/doorstep"
start_emulator --profiles "$E2E_TMP/profiles.json" --state "$E2E_TMP/emu.json" --reset-seconds 0.2 --register-seconds 0.4
plan "$E2E_TMP/plan.json" "Esim far" "$TELEKOM" "$VODAFONE"
rc=0
timeout 60 "$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/far.json" 2>"$E2E_TMP/far.err" || rc=$?
[ "$rc" = 1 ] || e2e_fail "a failover to a backup out of reach exited $rc: $(cat "$E2E_TMP/far.err")"
"$PYTHON" - "$E2E_TMP/far.json" <<'EOF' || e2e_fail "the failed stage is not named: $(cat "$E2E_TMP/far.json")"
import json, sys
c = json.load(open(sys.argv[1]))["cellular"]
assert c["applied"] is True and c["failover"] == "failed", c
assert "Registering and attaching on the backup failed: not within the time limit" in c["failover_detail"], c
EOF
[ "$(emu "d['card']['enabled'], d['registration']")" = "('$TELEKOM', 1)" ] ||
  e2e_fail "the module was not put back on the primary: $(cat "$E2E_TMP/emu.json")"
e2e_ok "a backup out of reach fails the named stage, and the module is back on the primary"

# ---- hostile cards and a module that stops: a clear message, no hang, nothing recorded ----
# hostile_run NAME EXPECTED-MESSAGE EMULATOR-OPTIONS...
hostile_run() {
  local name=$1 want=$2 start=$SECONDS
  shift 2
  rm -rf "$XDG_STATE_HOME/doorstep"
  start_emulator --state "$E2E_TMP/emu.json" --reset-seconds 0.2 --register-seconds 0.4 "$@"
  plan "$E2E_TMP/plan.json" "Esim $name" "$TELEKOM" "$VODAFONE"
  rc=0
  timeout 90 "$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/$name.json" 2>"$E2E_TMP/$name.err" || rc=$?
  [ "$rc" != 124 ] || e2e_fail "$name: doorstep run hung"
  [ "$rc" != 0 ] || e2e_fail "$name: doorstep run succeeded on a broken card"
  grep -qF -- "$want" "$E2E_TMP/$name.err" "$E2E_TMP/$name.json" ||
    e2e_fail "$name: no clear message ($want): $(cat "$E2E_TMP/$name.err")"
  [ "$(site_get "Esim $name" "d.get('cellular', {}).get('applied', False)")" = False ] ||
    e2e_fail "$name: the site recorded a choice the card never showed"
  [ $((SECONDS - start)) -lt 60 ] || e2e_fail "$name: took $((SECONDS - start)) s"
}
hostile_run malformed "profile list could not be read" --euicc --hostile malformed --hostile-tag BF2D
hostile_run lying "profile list could not be read" --euicc --hostile lying-length --hostile-tag BF2D
hostile_run chain "kept announcing more" --euicc --hostile endless-chain --hostile-tag BF2D
# nothing changed on the card: the backup carries no mark
[ "$(emu "[p['nickname'] for p in d['card']['profiles']]")" = "['', 'backup']" ] ||
  e2e_fail "a hostile card's profiles were changed: $(emu "d['card']['profiles']")"
e2e_ok "malformed TLV, lying lengths and an endless 61xx chain end with a clear message and nothing recorded"

# The module stops answering right after it took EnableProfile (the command
# count where the first run sent it): the card switched, the laptop cannot
# see it. The run ends within its limits, says so, and records no choice.
enable_at=$(grep -n 'AT+CGLA=1,52,"81E2910014BF31' "$E2E_TMP/commands.log" | head -n1 | cut -d: -f1)
[ -n "$enable_at" ] || e2e_fail "the first run sent no EnableProfile"
rm -rf "$XDG_STATE_HOME/doorstep"
start_emulator --euicc --state "$E2E_TMP/emu.json" --reset-seconds 0.2 --register-seconds 0.4 --answer-limit "$enable_at"
plan "$E2E_TMP/plan.json" "Esim stops" "$VODAFONE" "$TELEKOM"
rc=0
start=$SECONDS
timeout 120 "$DOORSTEP_BIN" run "$E2E_TMP/plan.json" --json >"$E2E_TMP/stops.json" 2>"$E2E_TMP/stops.err" || rc=$?
[ "$rc" != 124 ] || e2e_fail "doorstep run hung on a module that stopped answering"
[ "$rc" != 0 ] || e2e_fail "doorstep run succeeded on a module that stopped answering"
grep -qE "did not come back|did not answer" "$E2E_TMP/stops.err" ||
  e2e_fail "no clear message for a module that stopped answering: $(cat "$E2E_TMP/stops.err")"
[ "$(site_get "Esim stops" "d.get('cellular', {}).get('applied', False)")" = False ] ||
  e2e_fail "the site recorded a choice the module never confirmed"
[ "$(emu "d['card']['enabled']")" = "$VODAFONE" ] || e2e_fail "the emulator did not take the enable: $(cat "$E2E_TMP/emu.json")"
e2e_ok "a module that stops answering mid-switch ends the run with a message after $((SECONDS - start)) s, nothing recorded"

e2e_done
