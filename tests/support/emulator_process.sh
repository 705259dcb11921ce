# A device emulator that prints a JSON ready line ({"ready": true, ...}) on
# stdout once it listens: the ESP device emulator (tests/espprov) and the
# camera emulator (tests/onvif). Source it, set EMULATOR_FAIL to the
# function that fails the test (it gets one message; default: the message
# on stderr, exit 1), and call emulator_stop at exit.
#   emulator_start DIR SCRIPT CONFIG_FILE [ARGS...]
#       runs /usr/bin/python3 SCRIPT --config CONFIG_FILE ARGS... with its
#       ready line in DIR/ready.json and its log in DIR/emulator.log, and
#       waits for the ready line (at most 30 s)
#   emulator_stop
#       ends the emulator started last (nothing when it is not running)

EMULATOR_PID=""

emulator_default_fail() { echo "FAIL: $*" >&2; exit 1; }

emulator_start() {
  local dir=$1 script=$2 config=$3 start=$SECONDS
  shift 3
  /usr/bin/python3 "$script" --config "$config" "$@" >"$dir/ready.json" 2>"$dir/emulator.log" &
  EMULATOR_PID=$!
  until grep -q '"ready": true' "$dir/ready.json" 2>/dev/null; do
    kill -0 "$EMULATOR_PID" 2>/dev/null ||
      "${EMULATOR_FAIL:-emulator_default_fail}" "the emulator stopped: $(cat "$dir/emulator.log")"
    [ $((SECONDS - start)) -lt 30 ] || "${EMULATOR_FAIL:-emulator_default_fail}" "the emulator did not get ready within 30 s"
    sleep 0.05
  done
}

emulator_stop() {
  if [ -n "$EMULATOR_PID" ] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill "$EMULATOR_PID"
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
  EMULATOR_PID=""
}
