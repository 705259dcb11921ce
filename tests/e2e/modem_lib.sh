# The modem emulator (tests/modem/modem_emulator.py) for end-to-end tests.
# Source it after lib.sh:
#   start_emulator [OPTIONS...]  starts it on a pseudo-terminal, sets PORT to
#                                its path and exports DOORSTEP_SERIAL_PORTS=$PORT
#   stop_emulator                ends it (call it from the test's exit trap)
# Its stdin is a fifo this script holds open (fd 8): if the script dies,
# the emulator reads end of file and stops.

EMU_PID=""
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
