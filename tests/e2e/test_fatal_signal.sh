#!/usr/bin/env bash
# A fatal signal in doorstep itself (SIGSEGV, SIGABRT...) still gives the
# terminal back: the alternate screen is left, the cursor shows, and the
# modes from before come back; then doorstep dies of the signal as it would.
source "$(dirname "$0")/lib.sh"

pane() { tmux -L "$E2E_SOCK" display-message -p -t main "$1"; }
# pane_is FORMAT VALUE: the pane's FORMAT shows VALUE.
pane_is() { [ "$(pane "$1")" = "$2" ]; }
# cursor_shown FILE: the last cursor sequence written in FILE shows the cursor.
cursor_shown() {
  python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); s = d.rfind(b"\x1b[?25h")
sys.exit(0 if s >= 0 and s > d.rfind(b"\x1b[?25l") else 1)' "$1"
}
# poll_true CMD...: polls CMD for 5 s.
poll_true() {
  local i
  for i in $(seq 100); do "$@" && return 0; sleep 0.05; done
  return 1
}

for sig in SEGV ABRT; do
  e2e_start 100x30 -- --demo --site "Fatal $sig"
  e2e_wait "Label code"
  [ "$(pane '#{alternate_on}')" = 1 ] || e2e_fail "the wizard is not on the alternate screen"
  # What doorstep writes from now on (tmux's own state of a pane that has
  # ended is not the program's: it writes "Pane is dead" there).
  out="$E2E_TMP/out.$sig"
  tmux -L "$E2E_SOCK" pipe-pane -t main "cat > '$out'"
  kill -s "$sig" "$(e2e_pid)"
  st=$(e2e_wait_exit 5)
  [ "$st" = $((128 + $(kill -l "$sig"))) ] || e2e_fail "exit status $st after SIG$sig"
  poll_true pane_is '#{alternate_on}' 0 || e2e_fail "still on the alternate screen after SIG$sig"
  # The last word on the cursor is "show" (cnorm), written after the last "hide".
  poll_true cursor_shown "$out" || e2e_fail "the cursor was left hidden after SIG$sig"
  e2e_ok "SIG$sig: the terminal is given back, and doorstep dies of the signal"
done
e2e_done
