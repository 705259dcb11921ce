#!/usr/bin/env bash
# docs/doorstep.1 documents every command of the table (app/cli/cli.c, as
# `doorstep --help` lists it) with every option its --help names, the exit
# codes and every environment variable the program reads; and it renders
# without a warning.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/cli_lib.sh"
: "${DOORSTEP_SOURCE_DIR:?DOORSTEP_SOURCE_DIR must point at the source tree}"
page=$DOORSTEP_SOURCE_DIR/docs/doorstep.1
tmp=$(mktemp -d /tmp/doorstep-man.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8

# Renders without warnings, with groff and with man-db's man.
cli_check
groff -man -ww -z "$page" 2> "$tmp/groff.err" || cli_fail "groff failed"
[ ! -s "$tmp/groff.err" ] || cli_fail "groff warns: $(cat "$tmp/groff.err")"
cli_check
MANWIDTH=80 man --warnings -E UTF-8 -l "$page" > "$tmp/man.txt" 2> "$tmp/man.err" || cli_fail "man -l failed"
[ ! -s "$tmp/man.err" ] || cli_fail "man -l warns: $(cat "$tmp/man.err")"
[ -s "$tmp/man.txt" ] || cli_fail "man -l rendered nothing"

# The text, in ASCII, with lines long enough that no option is broken.
groff -man -Tascii -P-cbou -rLL=1000n -rHY=0 "$page" > "$tmp/page.txt"
mentions() { # OPTION: true when the page names OPTION as a whole word
  grep -qE -- "(^|[^a-z-])$1([^a-z-]|\$)" "$tmp/page.txt"
}
section() { # NAME: the lines of that section
  awk -v s="$1" '/^[A-Z]/ { on = ($0 == s) ; next } on' "$tmp/page.txt"
}
section SYNOPSIS > "$tmp/synopsis"
section COMMANDS > "$tmp/commands"
section "EXIT STATUS" > "$tmp/exit"
section ENVIRONMENT > "$tmp/environment"

commands=$(cli_commands)
cli_require_commands "$commands"
for cmd in $commands; do
  cli_check
  grep -q "^ *doorstep $cmd\( \|$\)" "$tmp/synopsis" || cli_fail "SYNOPSIS lacks \"doorstep $cmd\""
  cli_check
  grep -q "^       $cmd\( \|$\)" "$tmp/commands" || cli_fail "COMMANDS has no entry for \"$cmd\""
  for action in $(cli_actions "$cmd"); do
    cli_check
    grep -q "^ *doorstep $cmd $action\( \|$\)" "$tmp/synopsis" || cli_fail "SYNOPSIS lacks \"doorstep $cmd $action\""
  done
  for opt in $(cli_options "$cmd"); do
    cli_check
    mentions "$opt" || cli_fail "the page never mentions $opt of \"doorstep $cmd\""
  done
done
# The wizard's own options.
for opt in $("$DOORSTEP_BIN" --help | sed -n '/^Options/,$p' | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  cli_check
  mentions "$opt" || cli_fail "the page never mentions the wizard's $opt"
done

for code in 0 1 2; do
  cli_check
  grep -q "^       $code\( \|$\)" "$tmp/exit" || cli_fail "EXIT STATUS does not explain $code"
done

# Every variable read with getenv() in the program and its plugins, by name
# or through a NAME_ENV macro.
vars=$(cd "$DOORSTEP_SOURCE_DIR" && {
  grep -rhoE 'getenv\("[A-Z_][A-Z0-9_]*"\)' app ui plugins | sed 's/getenv("\(.*\)")/\1/'
  grep -rhoE '#define [A-Z_]+_ENV "[A-Z_][A-Z0-9_]*"' app ui plugins | sed 's/.* "\(.*\)"/\1/'
} | sort -u)
cli_check
grep -qx DOORSTEP_PLUGIN_PATH <<< "$vars" || cli_fail "found no environment variables in the sources: $(echo $vars)"
for var in $vars; do
  cli_check
  grep -q "^       $var\( \|,\|$\)" "$tmp/environment" || cli_fail "ENVIRONMENT does not explain $var"
done
# The XDG variables that paths.c reads through a parameter.
for var in XDG_STATE_HOME XDG_CONFIG_HOME; do
  cli_check
  grep -q "^       $var" "$tmp/environment" || cli_fail "ENVIRONMENT does not explain $var"
done
cli_done test_manpage
