#!/usr/bin/env bash
# The bash completion (packaging/bash-completion/doorstep): sourced into
# bash, _doorstep is called as bash would call it (COMP_WORDS, COMP_CWORD)
# and COMPREPLY is compared with what is expected, including every command
# and every option that the binary's own --help texts name.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/cli_lib.sh"
: "${DOORSTEP_SOURCE_DIR:?DOORSTEP_SOURCE_DIR must point at the source tree}"
tmp=$(mktemp -d /tmp/doorstep-completion.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 HOME=$tmp/home XDG_STATE_HOME=$tmp/state
source "$DOORSTEP_SOURCE_DIR/packaging/bash-completion/doorstep"

# complete LINE: the completions of LINE (words split at spaces; a trailing
# space starts an empty word), sorted, one a line.
complete() {
  local line=$1
  read -r -a COMP_WORDS <<< "$line"
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line COMP_POINT=${#line}
  COMPREPLY=()
  _doorstep doorstep "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
  if [ ${#COMPREPLY[@]} -gt 0 ]; then printf '%s\n' "${COMPREPLY[@]}" | sort; fi
}

# expect LINE WANT...: the completions of LINE are exactly WANT.
expect() {
  local line=$1 got want; shift
  cli_check
  got=$(complete "$line")
  want=$(if [ $# -gt 0 ]; then printf '%s\n' "$@" | sort; fi)
  [ "$got" = "$want" ] || cli_fail "\"$line\": got [$(echo $got)], want [$(echo $want)]"
}

# includes LINE WORD...: the completions of LINE include each WORD.
includes() {
  local line=$1 got w; shift
  got=$(complete "$line")
  for w in "$@"; do
    cli_check
    grep -qxF -- "$w" <<< "$got" || cli_fail "\"$line\": [$(echo $got)] lacks $w"
  done
}

# Every command and option the binary knows is completed.
commands=$(cli_commands)
cli_require_commands "$commands"
includes "doorstep " $commands
for cmd in $commands; do
  actions=$(cli_actions "$cmd")
  if [ -z "$actions" ]; then
    includes "doorstep $cmd -" $(cli_options "$cmd")
    continue
  fi
  includes "doorstep $cmd " $actions
  for action in $actions; do
    includes "doorstep $cmd $action -" $(cli_options "$cmd" "$action")
  done
done
includes "doorstep -" $("$DOORSTEP_BIN" --help | sed -n '/^Options/,$p' | grep -o -- '--[a-z][a-z-]*' | sort -u)

# Prefixes narrow the list; what is not an option of an action is not offered.
expect "doorstep pa" password
expect "doorstep qr " decode encode
expect "doorstep qr en" encode
expect "doorstep qr encode --" --help --png --svg
expect "doorstep version --j" --json
expect "doorstep password check --max-length " # a number: nothing to offer

# Sites: saved ones by name, quoted for the command line; no broken files.
mkdir -p "$XDG_STATE_HOME/doorstep/sites"
: > "$XDG_STATE_HOME/doorstep/sites/Smith house.json"
: > "$XDG_STATE_HOME/doorstep/sites/Demo.json"
: > "$XDG_STATE_HOME/doorstep/sites/Broken.json.corrupt"
expect "doorstep report " 'Demo' 'Smith\ house'
expect "doorstep report S" 'Smith\ house'
expect "doorstep report --json D" Demo
expect "doorstep --site " 'Demo' 'Smith\ house'
expect "doorstep --demo --site Sm" 'Smith\ house'
# A relative XDG_STATE_HOME means the default, as for doorstep itself.
mkdir -p "$HOME/.local/state/doorstep/sites"
: > "$HOME/.local/state/doorstep/sites/Home site.json"
XDG_STATE_HOME=relative expect "doorstep report " 'Home\ site'
XDG_STATE_HOME=$tmp/nothing-here expect "doorstep report "

# Files: by kind, and folders to walk into.
mkdir -p "$tmp/files/sub"
: > "$tmp/files/code.png"; : > "$tmp/files/code.svg"; : > "$tmp/files/plan.json"
: > "$tmp/files/photo.jpg"; : > "$tmp/files/demo.so"; : > "$tmp/files/notes.txt"
cd "$tmp/files"
expect "doorstep qr encode --png " code.png sub
expect "doorstep qr encode --svg " code.svg sub
expect "doorstep qr decode --image " code.png photo.jpg sub
expect "doorstep run " plan.json sub
expect "doorstep run --demo p" plan.json
expect "doorstep plugin check " demo.so sub
cli_done test_completion
