# Helpers shared by the step tests (test_cellular.sh, test_diagnostics_summary.sh):
# reading the site file, preparing a site with `doorstep run`, text that may
# wrap, and quitting. Source it after lib.sh.

# site_get SITE EXPR: prints EXPR (Python; the site document is d) from the site file.
site_get() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
    "$XDG_STATE_HOME/doorstep/sites/$1.json" "$2"
}

# expect_site SITE EXPR VALUE: fails unless EXPR of the site file prints VALUE.
expect_site() {
  local got
  got=$(site_get "$1" "$2")
  [ "$got" = "$3" ] || e2e_fail "site file: $2 is \"$got\", expected \"$3\""
}

# prepare PLAN: runs a plan on the demo system; a plan that leaves steps to
# do exits 1 by design, so only the site file tells how far it got.
prepare() {
  "$DOORSTEP_BIN" run --demo "$1" >/dev/null 2>&1 || true
}

# flow: the content area as one line of words, for text that may wrap: the
# sidebar cut off, a dialog's lines taken from inside its frame, line breaks
# and runs of spaces made single spaces.
flow() {
  tmux -L "$E2E_SOCK" capture-pane -p -t main |
    sed -e 's/^[^│]*│ \{0,1\}//' -e 's/^[^│]*│ \(.*[^ ]\) *│.*$/\1/' | tr -s ' \n' '  '
}

# wait_text TEXT [SECONDS]: e2e_wait on the flow of the content (a failure
# shows the flow).
wait_text() {
  (
    e2e_screen() { flow; }
    e2e_wait "$@"
  )
}

# wait_end PID: polls until the process ends and echoes its exit status
# ("signal N" if killed, "" if unknown). It reads /proc rather than tmux's
# pane_dead: tmux sometimes leaves an ended pane process unreaped (a
# zombie), and then never marks the pane dead; a zombie's wait status is the
# last field of /proc/PID/stat.
wait_end() {
  local pid=$1 start=$SECONDS status
  while [ -d "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; do
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "doorstep did not exit within ${E2E_TIMEOUT}s"
    sleep 0.05
  done
  status=$(awk '{ print $NF }' "/proc/$pid/stat" 2>/dev/null || true)
  if [ -z "$status" ]; then
    sleep 0.2
    tmux -L "$E2E_SOCK" display-message -p -t main '#{pane_dead_status}'
  elif [ $((status & 127)) -ne 0 ]; then
    echo "signal $((status & 127))"
  else
    echo $(((status >> 8) & 255))
  fi
}

# quit: q once no foreground job runs, confirm; doorstep must end with
# status 0 and print no sanitizer report.
quit() {
  local pid status
  pid=$(e2e_pid)
  e2e_wait_gone "Esc: cancel"
  e2e_keys q
  e2e_wait "Quit doorstep?"
  e2e_keys y
  status=$(wait_end "$pid")
  ! e2e_screen | grep -qE "Sanitizer|runtime error" || e2e_fail "doorstep reported a memory or undefined-behaviour error"
  [ -z "$status" ] || [ "$status" = 0 ] || e2e_fail "doorstep ended with status $status"
}
