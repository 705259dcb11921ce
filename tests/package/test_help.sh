#!/usr/bin/env bash
# --help and -h work on the program, on every command of the table and on
# every action, wherever they stand; bad usage says so on stderr, exit 2.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/cli_lib.sh"
tmp=$(mktemp -d /tmp/doorstep-help.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config HOME=$tmp LC_ALL=C.UTF-8

# expect_help WANT ARGS...: exit 0, WANT on stdout, nothing on stderr.
expect_help() {
  local want=$1 rc=0; shift
  cli_check
  "$DOORSTEP_BIN" "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null || rc=$?
  [ "$rc" -eq 0 ] || cli_fail "doorstep $*: exit $rc, want 0"
  grep -qF -- "$want" "$tmp/out" || cli_fail "doorstep $*: \"$want\" not on stdout: $(head -3 "$tmp/out")"
  [ ! -s "$tmp/err" ] || cli_fail "doorstep $*: stderr not empty: $(head -3 "$tmp/err")"
}

# expect_usage_error ARGS...: exit 2, a message on stderr, nothing on stdout.
expect_usage_error() {
  local rc=0
  cli_check
  "$DOORSTEP_BIN" "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null || rc=$?
  [ "$rc" -eq 2 ] || cli_fail "doorstep $*: exit $rc, want 2"
  grep -q "doorstep" "$tmp/err" || cli_fail "doorstep $*: no message on stderr"
  [ ! -s "$tmp/out" ] || cli_fail "doorstep $*: stdout not empty"
}

expect_help "Usage:" --help
expect_help "Usage:" -h
commands=$(cli_commands)
cli_require_commands "$commands"
for cmd in $commands; do
  actions=$(cli_actions "$cmd")
  for h in --help -h; do
    expect_help "doorstep $cmd" "$cmd" "$h"
    # Without actions, options may come first ("qr --json" is bad usage).
    [ -n "$actions" ] || expect_help "doorstep $cmd" "$cmd" --json "$h"
  done
  if { "$DOORSTEP_BIN" "$cmd" 2>&1 < /dev/null || true; } | grep -q "is not implemented yet"; then
    echo "note: doorstep $cmd is not implemented in this build; its options are not checked"
    continue
  fi
  expect_usage_error "$cmd" --no-such-option
  for action in $actions; do
    for h in --help -h; do
      expect_help "doorstep $cmd $action" "$cmd" "$action" "$h"
    done
    for opt in $(cli_options "$cmd" "$action"); do
      [ "$opt" = --help ] && continue
      # An option given before --help must not stop it (a value is given
      # where one is due, as --help would be that value).
      if cli_takes_value "$cmd" "$opt"; then
        expect_help "doorstep $cmd $action" "$cmd" "$action" "$opt" 8 --help
      else
        expect_help "doorstep $cmd $action" "$cmd" "$action" "$opt" --help
      fi
    done
  done
done
expect_usage_error no-such-command
expect_usage_error --no-such-option
cli_done test_help
