#!/usr/bin/env bash
# A fatal signal in doorstep itself (SIGSEGV, SIGABRT...) still gives the
# terminal back: the alternate screen is left, the cursor shows, and the
# modes from before come back; then doorstep dies of the signal as it would.
source "$(dirname "$0")/lib.sh"

pane() { tmux -L "$E2E_SOCK" display-message -p -t main "$1"; }

for sig in SEGV ABRT; do
  e2e_start 100x30 -- --demo --site "Fatal $sig"
  e2e_wait "Label code"
  [ "$(pane '#{alternate_on}')" = 1 ] || e2e_fail "the wizard is not on the alternate screen"
  kill -s "$sig" "$(e2e_pid)"
  st=$(e2e_wait_exit 5)
  [ "$st" = $((128 + $(kill -l "$sig"))) ] || e2e_fail "exit status $st after SIG$sig"
  [ "$(pane '#{alternate_on}')" = 0 ] || e2e_fail "still on the alternate screen after SIG$sig"
  [ "$(pane '#{cursor_flag}')" = 1 ] || e2e_fail "the cursor is hidden after SIG$sig"
  e2e_ok "SIG$sig: the terminal is given back, and doorstep dies of the signal"
done
e2e_done
