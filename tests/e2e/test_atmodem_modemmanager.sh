#!/usr/bin/env bash
# ModemManager as a good neighbour, through doorstep itself: a private
# dbus-daemon stands in for the system bus, with a small ModemManager
# (tests/modem/mm_mock.py) whose modem has the modem emulator's
# pseudo-terminal as its port and holds it (a flock) until inhibited.
#  - doorstep inhibits the modem (by its uid) before it opens the port,
#    says so, waits for the port, and uninhibits after closing it; the port
#    is named by a symlink, as /dev/serial/by-id/... are;
#  - a doorstep killed with kill -9 while it holds the port leaves the bus,
#    and the inhibition ends by itself;
#  - without ModemManager on the bus there is no delay and nothing is said;
#  - a refusal (polkit) gives a message that says what to do.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/modem_lib.sh"
source "$DOORSTEP_SOURCE_DIR/tests/support/system_bus.sh"

IMEI=356938035643809
UID_MM=/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1
MM_PID=""
MM_LOG="$E2E_TMP/mm.log"

mm_stop() {
  if [ -n "$MM_PID" ]; then
    kill "$MM_PID" 2>/dev/null || true
    wait "$MM_PID" 2>/dev/null || true
  fi
  MM_PID=""
}
trap 'mm_stop; stop_emulator; system_bus_stop; e2e_cleanup' EXIT

# mm_start [OPTIONS...]: a fresh ModemManager mock for the emulator's PORT;
# its events go to $MM_LOG (emptied first).
mm_start() {
  local start=$SECONDS
  mm_stop
  : >"$MM_LOG"
  "$PYTHON" "$DOORSTEP_SOURCE_DIR/tests/modem/mm_mock.py" --port "$(basename "$PORT")" --hold "$PORT" \
    --uid "$UID_MM" --log "$MM_LOG" "$@" 2>"$E2E_TMP/mm.err" &
  MM_PID=$!
  until grep -qx ready "$MM_LOG"; do
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "the ModemManager mock did not start: $(cat "$E2E_TMP/mm.err")"
    sleep 0.05
  done
}

# wait_log FILE PATTERN: waits until a line of FILE matches the extended regex.
wait_log() {
  local start=$SECONDS
  until grep -qE -- "$2" "$1"; do
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "no line \"$2\" in $1: $(cat "$1")"
    sleep 0.05
  done
}

mkdir -p "$E2E_TMP/bus"
system_bus_start "$E2E_TMP/bus" || e2e_fail "no private system bus"
cat >"$E2E_TMP/plan.json" <<EOF
{ "site": "Modem bench", "devices": [ { "serial": "$IMEI", "name": "Panel modem" } ], "diagnostics": false }
EOF

# ---- inhibited before the port is opened, released after it is closed ----
start_emulator --log "$E2E_TMP/emu.log"
mkdir -p "$E2E_TMP/by-id"
ln -s "$PORT" "$E2E_TMP/by-id/usb-Quectel_EG25-G-if02-port0"
export DOORSTEP_SERIAL_PORTS="$E2E_TMP/by-id/usb-Quectel_EG25-G-if02-port0"
mm_start
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" >"$E2E_TMP/run.out" 2>"$E2E_TMP/run.err" || true
grep -qF "Added Panel modem" "$E2E_TMP/run.out" "$E2E_TMP/run.err" ||
  e2e_fail "doorstep did not reach the module that ModemManager held: $(cat "$E2E_TMP/run.err")"
grep -qF "ModemManager is using this modem: doorstep asks it to let go while it works on it" "$E2E_TMP/run.err" ||
  e2e_fail "doorstep did not say that it asks ModemManager to let go: $(cat "$E2E_TMP/run.err")"
grep -qE "Waiting for ModemManager to let go of .* \([0-9]+ s left\)" "$E2E_TMP/run.err" ||
  e2e_fail "the wait for the port shows no countdown: $(cat "$E2E_TMP/run.err")"
# The mock holds the port until inhibited, so each open that worked came
# after an inhibition; every inhibition (with the modem's uid) was ended by
# its caller, after the port was closed (the mock could hold it again).
"$PYTHON" - "$MM_LOG" "$UID_MM" <<'EOF' || e2e_fail "ModemManager's inhibitions are not what they should be: $(cat "$MM_LOG")"
import sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip()]
uid = sys.argv[2]
events = [l[0] for l in lines]
assert events.count("inhibit") >= 1, events
assert events.count("inhibit") == events.count("uninhibit"), events
assert "vanished" not in events and "refused" not in events, events
for i, l in enumerate(lines):
    if l[0] == "inhibit":
        assert l[1] == uid, l
        rest = lines[i + 1:]
        assert rest[0][0] == "released-port", rest      # the port freed only then
        end = next(j for j, r in enumerate(rest) if r[0] == "uninhibit")
        assert rest[end][2] == l[2], (l, rest[end])      # by the same caller
        assert rest[end + 1][0] == "held-port", rest     # doorstep had closed it
assert lines[-1][0] == "held-port", lines                 # ModemManager has it back
EOF
grep -q "AT+CGSN" "$E2E_TMP/emu.log" || e2e_fail "the module was never asked anything"
e2e_ok "doorstep asks ModemManager to inhibit the modem (by its uid, port named by a symlink) before opening the port, says so, and releases it after"

# ---- kill -9 while the port is open: the inhibition ends with the connection ----
start_emulator --log "$E2E_TMP/emu-hang.log" --hang AT+CGMR
mm_start
"$DOORSTEP_BIN" run "$E2E_TMP/plan.json" >/dev/null 2>"$E2E_TMP/kill.err" &
DS_PID=$!
wait_log "$E2E_TMP/emu-hang.log" "^AT\+CGMR$"
# doorstep holds the port now, waiting for an answer, and the modem is inhibited.
[ "$(grep -c '^inhibit ' "$MM_LOG")" -gt "$(grep -c '^uninhibit ' "$MM_LOG")" ] ||
  e2e_fail "the modem is not inhibited while doorstep uses its port: $(cat "$MM_LOG")"
sender=$(grep '^inhibit ' "$MM_LOG" | tail -n1 | cut -d' ' -f3)
kill -9 "$DS_PID"
wait "$DS_PID" 2>/dev/null || true
wait_log "$MM_LOG" "^vanished $UID_MM $sender$"
wait_log "$MM_LOG" "^held-port "
grep -q "^uninhibit .* $sender$" "$MM_LOG" && e2e_fail "the killed doorstep uninhibited: $(cat "$MM_LOG")"
e2e_ok "doorstep killed with kill -9 while it uses the port: ModemManager sees it leave the bus and takes the modem back"

# ---- no ModemManager: no delay, nothing said ----
start_emulator
mm_stop
# discover_ms ADDRESS: runs doorstep discover with that system bus; prints its milliseconds.
discover_ms() {
  local t0 t1
  t0=$(date +%s%N)
  DBUS_SYSTEM_BUS_ADDRESS="$1" "$DOORSTEP_BIN" discover >"$E2E_TMP/disc.out" 2>"$E2E_TMP/disc.err" ||
    e2e_fail "doorstep discover failed: $(cat "$E2E_TMP/disc.err")"
  t1=$(date +%s%N)
  grep -qF "$PORT" "$E2E_TMP/disc.out" ||
    e2e_fail "doorstep discover did not find the module: $(cat "$E2E_TMP/disc.out" "$E2E_TMP/disc.err")"
  if grep -qF "ModemManager" "$E2E_TMP/disc.err"; then
    e2e_fail "doorstep spoke of ModemManager though it is not running: $(cat "$E2E_TMP/disc.err")"
  fi
  echo $(((t1 - t0) / 1000000))
}
no_bus=$(discover_ms "unix:path=$E2E_TMP/no-such-bus")
no_mm=$(discover_ms "$DBUS_SYSTEM_BUS_ADDRESS")
# Asking a bus without ModemManager costs a round trip, not a timeout (5 s).
[ "$no_mm" -lt $((no_bus + 2000)) ] ||
  e2e_fail "with no ModemManager on the bus, discover took ${no_mm} ms against ${no_bus} ms without a bus"
e2e_ok "without ModemManager (no bus: ${no_bus} ms; a bus without it: ${no_mm} ms) there is no delay and nothing is said"

# ---- a refusal says what to do ----
mm_start --refuse unauthorized
rc=0
"$DOORSTEP_BIN" discover >"$E2E_TMP/refused.out" 2>"$E2E_TMP/refused.err" || rc=$?
grep -q "^refused $UID_MM " "$MM_LOG" || e2e_fail "doorstep did not ask ModemManager: $(cat "$MM_LOG")"
grep -qF "ModemManager would not let go of the modem" "$E2E_TMP/refused.err" ||
  e2e_fail "the refusal is not explained: $(cat "$E2E_TMP/refused.err")"
grep -qF "sudo systemctl stop ModemManager" "$E2E_TMP/refused.err" ||
  e2e_fail "the refusal does not say what to do: $(cat "$E2E_TMP/refused.err")"
grep -qF "Unauthorized" "$E2E_TMP/refused.err" ||
  e2e_fail "the refusal does not give ModemManager's reason: $(cat "$E2E_TMP/refused.err")"
grep -qF "Quectel" "$E2E_TMP/refused.out" && e2e_fail "doorstep used the port ModemManager kept"
e2e_ok "ModemManager refusing (not authorised) gives a message that says how to stop it or whom to run as"

e2e_done
