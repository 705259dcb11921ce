# Shared helpers for end-to-end tests: the real binary in tmux, driven with
# send-keys and read with capture-pane, polling for what a person would see.
# Source it; every test gets a private XDG tree and a private tmux server.
set -euo pipefail

: "${DOORSTEP_BIN:?DOORSTEP_BIN must point at the doorstep binary}"
E2E_TMP=$(mktemp -d /tmp/doorstep-e2e.XXXXXX)
E2E_SOCK_BASE="doorstep-e2e-$$"
E2E_STARTS=0
E2E_SOCK="$E2E_SOCK_BASE-0"
export XDG_STATE_HOME="$E2E_TMP/state" XDG_CONFIG_HOME="$E2E_TMP/config" HOME="$E2E_TMP/home"
mkdir -p "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/doorstep" "$HOME"
# No check of the laptop's network may leave this machine: unless a test
# points diagnostics at its own servers (net_lib.sh's net_config), they try
# a closed port on 127.0.0.1 and no sign-in page probe.
cat > "$XDG_CONFIG_HOME/doorstep/config.json" <<'EOC'
{ "diagnostics": { "targets": [ "http://127.0.0.1:9/" ], "timeout_seconds": 2, "portal_url": "" } }
EOC
E2E_TIMEOUT=${E2E_TIMEOUT:-20}
E2E_PASSED=0
# remain-on-exit from the start, so a program that ends at once still shows its output.
E2E_CONF="$E2E_TMP/tmux.conf"
printf 'set -g remain-on-exit on\nset -g status off\n' > "$E2E_CONF"
E2E_STATUS="$E2E_TMP/status.0"

e2e_cleanup() {
  # Ending tmux hangs up doorstep, which then saves its site: wait for that
  # (at most 5 s) before removing the tree it writes into.
  local pids="" _
  pids=$(pgrep -f -- "$E2E_TMP/status" 2>/dev/null || true)
  tmux -L "$E2E_SOCK" kill-server 2>/dev/null || true
  for _ in $(seq 100); do
    [ -n "$pids" ] && kill -0 $pids 2>/dev/null || break
    sleep 0.05
  done
  if [ "${E2E_KEEP:-}" = 1 ]; then echo "kept $E2E_TMP" >&2; else rm -rf "$E2E_TMP" 2>/dev/null || rm -rf "$E2E_TMP" 2>/dev/null || true; fi
}
trap e2e_cleanup EXIT

# e2e_start [COLSxROWS] [ENV=VALUE...] -- ARGS...: starts doorstep in a new tmux session.
# A small sh in the pane runs doorstep and writes its exit status to a file
# (128+N when killed by signal N), so no test depends on tmux reaping it.
e2e_start() {
  local size=100x30
  if [[ "${1:-}" =~ ^[0-9]+x[0-9]+$ ]]; then size=$1; shift; fi
  local envs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  # A fresh server per start: a server still shutting down never answers the next one.
  tmux -L "$E2E_SOCK" kill-server 2>/dev/null || true
  E2E_STARTS=$((E2E_STARTS + 1))
  E2E_SOCK="$E2E_SOCK_BASE-$E2E_STARTS"
  E2E_STATUS="$E2E_TMP/status.$E2E_STARTS"
  rm -f "$E2E_STATUS"
  tmux -L "$E2E_SOCK" -f "$E2E_CONF" new-session -d -s main -x "${size%x*}" -y "${size#*x}" \
    sh -c '"$@"; echo $? > "$0.tmp"; mv "$0.tmp" "$0"' "$E2E_STATUS" \
    env TERM=tmux-256color LANG="${E2E_LANG:-C.UTF-8}" LC_ALL="${E2E_LANG:-C.UTF-8}" \
    XDG_STATE_HOME="$XDG_STATE_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" HOME="$HOME" \
    "${envs[@]}" "$DOORSTEP_BIN" "$@"
}

# e2e_screen: the visible screen as text.
e2e_screen() { tmux -L "$E2E_SOCK" capture-pane -p -t main; }

# e2e_fail MESSAGE: prints the screen and fails.
e2e_fail() {
  echo "FAIL: $*" >&2
  echo "----- screen -----" >&2
  e2e_screen >&2 || true
  echo "------------------" >&2
  exit 1
}

# e2e_wait TEXT [SECONDS]: polls until TEXT (fixed string) is on screen.
e2e_wait() {
  local text=$1 limit=${2:-$E2E_TIMEOUT} start=$SECONDS
  while ! e2e_screen | grep -qF -- "$text"; do
    [ $((SECONDS - start)) -lt "$limit" ] || e2e_fail "\"$text\" did not appear within ${limit}s"
    sleep 0.05
  done
}

# e2e_wait_re REGEX [SECONDS]: polls until an extended regex matches a screen line.
e2e_wait_re() {
  local re=$1 limit=${2:-$E2E_TIMEOUT} start=$SECONDS
  while ! e2e_screen | grep -qE -- "$re"; do
    [ $((SECONDS - start)) -lt "$limit" ] || e2e_fail "/$re/ did not appear within ${limit}s"
    sleep 0.05
  done
}

# e2e_wait_gone TEXT [SECONDS]: polls until TEXT is no longer on screen.
e2e_wait_gone() {
  local text=$1 limit=${2:-$E2E_TIMEOUT} start=$SECONDS
  while e2e_screen | grep -qF -- "$text"; do
    [ $((SECONDS - start)) -lt "$limit" ] || e2e_fail "\"$text\" still on screen after ${limit}s"
    sleep 0.05
  done
}

# e2e_absent TEXT: fails if TEXT is on screen now.
e2e_absent() { ! e2e_screen | grep -qF -- "$1" || e2e_fail "\"$1\" is on screen but must not be"; }

# e2e_keys KEY...: tmux key names (Enter, Tab, Escape, Down, F1, C-c ...).
e2e_keys() { tmux -L "$E2E_SOCK" send-keys -t main "$@"; }

# e2e_type TEXT: types literal text.
e2e_type() { tmux -L "$E2E_SOCK" send-keys -t main -l -- "$1"; }

# e2e_resize COLS ROWS
e2e_resize() { tmux -L "$E2E_SOCK" resize-window -t main -x "$1" -y "$2"; }

# e2e_add_labels CODE...: on the Devices step, adds each device by its label code.
e2e_add_labels() {
  local code
  for code in "$@"; do
    e2e_type "$code"
    e2e_keys Enter
    e2e_wait_re "Added .*\."
    e2e_wait "Label code"
  done
}

# e2e_pid: the pid of doorstep (the child of the pane's sh).
e2e_pid() {
  local sh_pid pid start=$SECONDS
  sh_pid=$(tmux -L "$E2E_SOCK" display-message -p -t main '#{pane_pid}')
  until pid=$(pgrep -P "$sh_pid" | head -1) && [ -n "$pid" ]; do
    [ $((SECONDS - start)) -lt 5 ] || e2e_fail "doorstep is not running"
    sleep 0.05
  done
  echo "$pid"
}

# e2e_exited: true once doorstep has ended.
e2e_exited() { [ -s "$E2E_STATUS" ]; }

# e2e_wait_exit [SECONDS]: polls until doorstep ends; echoes its exit status.
e2e_wait_exit() {
  local limit=${1:-$E2E_TIMEOUT} start=$SECONDS
  while ! e2e_exited; do
    [ $((SECONDS - start)) -lt "$limit" ] || e2e_fail "doorstep did not exit within ${limit}s"
    sleep 0.05
  done
  cat "$E2E_STATUS"
}

# e2e_ok NAME: counts a passed check and says so.
e2e_ok() { E2E_PASSED=$((E2E_PASSED + 1)); echo "ok - $*"; }

# e2e_done: the closing line.
e2e_done() { echo "$E2E_PASSED passed, 0 failed"; }
