#!/usr/bin/env bash
# A hostile vendor plugin (tests/fixtures/hostile.c) against the real binary:
# it crashes, exits, hangs past cancel, writes text without a NUL, lists
# without end, sends escape sequences and 64 KiB messages. The wizard and
# `doorstep run` survive every mode, say which plugin stopped working during
# what, and never wait on it to quit.
source "$(dirname "$0")/lib.sh"

fx="${DOORSTEP_FIXTURE_DIR:?}/hostile"
pw="orchid tractor velvet lamp"
stopped='The ACME alarm plugin stopped working during "change password"; your progress is saved.'

# now_ms: a monotonic-enough clock in milliseconds.
now_ms() { date +%s%3N; }
# within LIMIT_MS WHAT: says how long WHAT took since $t0 and fails past the limit.
within() {
  elapsed=$(($(now_ms) - t0))
  echo "# $2: ${elapsed} ms"
  [ "$elapsed" -le "$1" ] || e2e_fail "$2 took ${elapsed} ms, more than $1"
}

# wizard_to_passwords MODE: the wizard with the plugin in MODE, its camera
# added by label, at the Passwords step with the new password typed twice.
wizard_to_passwords() {
  e2e_start 100x30 DOORSTEP_PLUGIN_PATH="$fx" DOORSTEP_HOSTILE="$1" -- --site "Hostile $1"
  e2e_wait "Label code"
  e2e_type "HOSTILE:1"; e2e_keys Enter
  e2e_wait_re "Added .*\."
  e2e_keys F10
  e2e_wait "still has its factory-default password"
  e2e_type "$pw"; e2e_keys Enter
  e2e_type "$pw"; e2e_keys Enter
}

# quit_now: q where it is not typed into a field, y to confirm; doorstep
# ends at once with status 0.
quit_now() {
  local i
  for i in 1 2 3 4 5 6; do
    e2e_keys BTab q
    e2e_screen | grep -q "Quit doorstep" && break
    sleep 0.2
  done
  e2e_wait "Quit doorstep"
  e2e_keys y
  [ "$(e2e_wait_exit 5)" = 0 ] || e2e_fail "doorstep did not quit with status 0"
}

for mode in crash exit; do
  wizard_to_passwords "$mode"
  e2e_wait "stopped working during"
  e2e_exited && e2e_fail "the wizard ended with the plugin ($mode)"
  e2e_keys Enter   # the message's OK
  e2e_wait_gone "stopped working during"
  e2e_wait "FACTORY DEFAULT"
  e2e_ok "wizard: the plugin's $mode is a message, the wizard goes on"
  quit_now
done

# A plugin that hangs and ignores cancel: Esc, then the message within the grace.
wizard_to_passwords hang
e2e_wait "Changing the password"
t0=$(now_ms)
e2e_keys Escape
e2e_wait "stopped working during" 10
within 4000 "time from cancel to the message"
e2e_ok "wizard: a hung plugin is ended ${elapsed} ms after Esc, with the message"
e2e_keys Enter
e2e_wait_gone "stopped working during"
# Hung again, and the installer quits (SIGTERM, as a closing terminal sends).
# The new password is still typed; the repeat field has the focus.
e2e_keys C-u; e2e_type "$pw"; e2e_keys Enter
e2e_wait "Changing the password"
t0=$(now_ms)
kill -TERM "$(e2e_pid)"
e2e_wait_exit 5 >/dev/null
within 1500 "time from SIGTERM to exit with a hung plugin"
e2e_ok "wizard: quitting with a hung plugin takes ${elapsed} ms"

# Escape sequences from the plugin never reach the terminal.
wizard_to_passwords escapes
e2e_wait "refused"
title=$(tmux -L "$E2E_SOCK" display-message -p -t main '#{pane_title}')
[ "$title" != pwned ] || e2e_fail "the plugin set the terminal's title"
e2e_keys Enter
e2e_wait_gone "refused"
e2e_ok "wizard: the plugin's escape sequences are shown, not obeyed"
quit_now

# doorstep run, each mode: it ends, with the message where the plugin died.
plan="$E2E_TMP/plan.json"
run_mode() { # MODE PLAN-DEVICE DIAGNOSTICS: runs the plan; sets rc, out, err, ms
  printf '{ "site": "Run %s", "devices": [ %s ], "diagnostics": %s }\n' "$1" "$2" "$3" > "$plan"
  local t0; t0=$(now_ms)
  set +e
  CAM_PW="$pw" DOORSTEP_PLUGIN_PATH="$fx" DOORSTEP_HOSTILE="$1" LC_ALL=C.UTF-8 \
    timeout 60 "$DOORSTEP_BIN" run --timeout 3 "$plan" > "$E2E_TMP/out" 2> "$E2E_TMP/err"
  rc=$?
  set -e
  ms=$(($(now_ms) - t0))
  out=$(cat "$E2E_TMP/out"); err=$(cat "$E2E_TMP/err")
  [ "$rc" != 124 ] || { echo "$err" >&2; e2e_fail "run in mode $1 did not end"; }
  if LC_ALL=C grep -q $'[\x1b\x07]' "$E2E_TMP/out" "$E2E_TMP/err"; then
    echo "$err" >&2; e2e_fail "run in mode $1 printed a control character"
  fi
}
by_label='{ "qr": "HOSTILE:1", "name": "Cam", "password_env": "CAM_PW" }'
by_serial='{ "serial": "HX-0001", "name": "Cam", "password_env": "CAM_PW" }'

for mode in crash exit hang; do
  run_mode "$mode" "$by_label" false
  [ "$rc" = 1 ] || { echo "$err" >&2; e2e_fail "run in mode $mode exited with $rc, not 1"; }
  grep -qF "$stopped" "$E2E_TMP/err" || { echo "$err" >&2; e2e_fail "run in mode $mode: no message"; }
  e2e_ok "run: the plugin's $mode ends the step with the message (${ms} ms)"
done
[ "$ms" -le 9000 ] || e2e_fail "run waited ${ms} ms on a plugin hung past --timeout 3"

run_mode no-nul "$by_label" false
[ "$rc" -lt 128 ] || { echo "$err" >&2; e2e_fail "run with text without NUL died ($rc)"; }
# Every field is cut at its size: the serial is 63 characters, not more.
grep -qE "Added Cam \(N+ N{63}\)" "$E2E_TMP/err" || { echo "$err" >&2; e2e_fail "fields not cut at their size"; }
e2e_ok "run: text without a NUL is cut at its field (exit $rc)"

run_mode endless "$by_serial" true
grep -qF "listed more than 256 items" "$E2E_TMP/err" || { echo "$err" >&2; e2e_fail "no word of the cut list"; }
e2e_ok "run: endless lists stop at 256 items with a message (${ms} ms)"

run_mode big "$by_label" false
[ "$rc" = 1 ] || { echo "$err" >&2; e2e_fail "run with 64 KiB messages exited with $rc"; }
[ "${#err}" -lt 16384 ] || e2e_fail "run printed ${#err} bytes for one failure"
e2e_ok "run: 64 KiB messages are cut, nothing breaks"

run_mode escapes "$by_label" false
[ "$rc" = 1 ] || { echo "$err" >&2; e2e_fail "run with escapes exited with $rc"; }
e2e_ok "run: escape sequences from the plugin are not printed"
e2e_done
