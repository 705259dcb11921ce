# The modem emulator (tests/modem/modem_emulator.py) for end-to-end tests.
# Source it after lib.sh:
#   start_emulator [OPTIONS...]  starts it on a pseudo-terminal, sets PORT to
#                                its path and exports DOORSTEP_SERIAL_PORTS=$PORT
#   stop_emulator                ends it (call it from the test's exit trap)
#   start_smdp [OPTIONS...]      starts the test SM-DP+ (tests/modem/smdp_server.py)
#                                on 127.0.0.1 with a CA made at run time; sets
#                                SMDP_ADDRESS (127.0.0.1:port) and SMDP_EVENTS (its
#                                calls, one JSON line each) and exports
#                                DOORSTEP_HTTP_CA_FILE
#   stop_smdp                    ends it (call it from the test's exit trap)
#   emu EXPR                     prints a Python expression over the emulator's
#                                state file $E2E_TMP/emu.json (give it --state), d
#   smdp EXPR                    prints a Python expression over the SM-DP+'s
#                                calls so far, e (a list of dicts)
# Their stdin is a fifo this script holds open (fd 8, fd 7): if the script
# dies, they read end of file and stop.

EMU_PID=""
SMDP_PID=""
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

stop_emulator() {
  if [ -n "$EMU_PID" ]; then
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
    exec 8>&-
    EMU_PID=""
  fi
}

start_emulator() {
  local out="$E2E_TMP/port.$RANDOM" fifo="$E2E_TMP/emu.in.$RANDOM" start=$SECONDS
  stop_emulator
  mkfifo "$fifo"
  "$PYTHON" "$DOORSTEP_SOURCE_DIR/tests/modem/modem_emulator.py" "$@" <"$fifo" >"$out" 2>"$out.err" &
  EMU_PID=$!
  exec 8>"$fifo"
  until [ -s "$out" ]; do
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "the modem emulator printed no port: $(cat "$out.err")"
    sleep 0.05
  done
  PORT=$(head -n1 "$out")
  export DOORSTEP_SERIAL_PORTS="$PORT"
}

stop_smdp() {
  if [ -n "$SMDP_PID" ]; then
    kill "$SMDP_PID" 2>/dev/null || true
    wait "$SMDP_PID" 2>/dev/null || true
    exec 7>&-
    SMDP_PID=""
  fi
}

start_smdp() {
  local dir="$E2E_TMP/smdp.$RANDOM" start=$SECONDS port ca
  stop_smdp
  mkdir -p "$dir"
  mkfifo "$dir/in"
  SMDP_EVENTS="$dir/events.jsonl"
  "$PYTHON" "$DOORSTEP_SOURCE_DIR/tests/modem/smdp_server.py" --dir "$dir" --events "$SMDP_EVENTS" "$@" \
    <"$dir/in" >"$dir/out" 2>"$dir/err" &
  SMDP_PID=$!
  exec 7>"$dir/in"
  until [ -s "$dir/out" ]; do
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "the test SM-DP+ printed no port: $(cat "$dir/err")"
    sleep 0.05
  done
  read -r port ca <"$dir/out"
  SMDP_ADDRESS="127.0.0.1:$port"
  export DOORSTEP_HTTP_CA_FILE="$ca"
}

emu() {
  "$PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$E2E_TMP/emu.json" "$1"
}

smdp() {
  "$PYTHON" -c 'import json, sys; e = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]; print(eval(sys.argv[2]))' \
    "$SMDP_EVENTS" "$1"
}
