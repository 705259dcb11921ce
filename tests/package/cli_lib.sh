# What the doorstep binary says about its own command line, read from its
# --help texts (so from app/cli/cli.c's table): the tests of the man page,
# the bash completion and --help compare against it. Source it.
set -euo pipefail
: "${DOORSTEP_BIN:?DOORSTEP_BIN must point at the doorstep binary}"

CLI_FAILED=0
CLI_CHECKS=0

# cli_fail MESSAGE: records a failure (the test goes on, and fails at the end).
cli_fail() { echo "FAIL: $*" >&2; CLI_FAILED=$((CLI_FAILED + 1)); }
# cli_check: counts one assertion.
cli_check() { CLI_CHECKS=$((CLI_CHECKS + 1)); }
# cli_done NAME: prints the result and exits 1 on any failure.
cli_done() {
  if [ "$CLI_FAILED" -ne 0 ]; then
    echo "$1: $CLI_FAILED of $CLI_CHECKS checks failed" >&2
    exit 1
  fi
  echo "$1: all $CLI_CHECKS checks passed"
}

# cli_commands: every subcommand, one a line, as `doorstep --help` lists them.
cli_commands() {
  "$DOORSTEP_BIN" --help | sed -n 's/^  doorstep \([a-z][a-z-]*\) .*/\1/p'
}

# cli_usage CMD: the synopsis lines of CMD ("doorstep CMD ...").
cli_usage() {
  "$DOORSTEP_BIN" "$1" --help | grep "^doorstep $1\( \|$\)" || true
}

# cli_actions CMD: the actions of CMD (second words such as "decode"), if any.
cli_actions() {
  cli_usage "$1" | awk '$3 ~ /^[a-z][a-z-]*$/ { print $3 }' | sort -u
}

# cli_options CMD [ACTION]: the options CMD's --help names for ACTION (or for
# all of CMD), one a line: those of its synopsis lines and the "  --option"
# lines that follow them.
cli_options() {
  local cmd=$1 action=${2:-}
  {
    if [ -n "$action" ]; then
      cli_usage "$cmd" | awk -v a="$action" '$3 == a'
    else
      cli_usage "$cmd"
    fi
    "$DOORSTEP_BIN" "$cmd" --help | grep '^ \+--' || true
  } | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# cli_takes_value CMD OPTION: true when CMD's --help shows OPTION followed by
# a value (an upper-case word such as FILE or N).
cli_takes_value() {
  "$DOORSTEP_BIN" "$1" --help | grep -q -- "$2 [A-Z]"
}

# cli_require_commands LIST: fails unless LIST (one a line) has the commands
# that every build has; guards against a parser that finds nothing.
cli_require_commands() {
  local c
  cli_check
  for c in version plugins qr password run report; do
    grep -qx "$c" <<< "$1" || cli_fail "\"$c\" missing from the commands found in doorstep --help: $(echo $1)"
  done
}
