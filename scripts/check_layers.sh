#!/usr/bin/env bash
# Every #include points down: checks each quoted include of app/, ui/ and
# plugins/ against the table of floors below (docs/architecture.md).
#   scripts/check_layers.sh [ROOT]    ROOT: the source tree (default: this repository)
# Prints one line per wrong include ("file:line: FROM may not include TO")
# and exits 1 when there is any, 0 when every include is allowed.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$root"

services="app/qr app/ble app/net app/mno app/serial"
# floor: the folders (or single headers) its files may include, besides their own.
declare -A allowed=(
  [app/base]=""
  [app/qr]="app/base"
  [app/dbus]="app/base"
  [app/ble]="app/dbus app/base"
  [app/net]="app/base"
  [app/mno]="app/base"
  [app/serial]="app/dbus app/base"
  [app/password]="app/base"
  [app/plugin]="app/base app/ble app/net app/serial"
  [app/core]="app/plugin app/password $services app/base"
  [app/cli]="app/core app/plugin app/password $services app/base"
  [ui/toolkit]="app/base"
  # the wizard reaches devices and transports only through app/core; of the
  # services it may use the pure ones (QR formats, operator rules, the one
  # signal scale).
  [ui/wizard]="ui/toolkit app/core app/password app/qr app/mno app/base app/net/signal_grade.h"
  [app/main]="app/cli ui/wizard app/core app/base"
)
# Headers a floor may not include, though their folder is allowed: the
# wizard captures from a camera (a transport) only through app/core.
declare -A forbidden=(
  [ui/wizard]="app/qr/qr_camera.h"
)

# floor_of FILE: sets $floor_is to the floor a file belongs to (app/plugin/check
# is app/plugin's); no subshell, as it runs once per include.
floor_of() {
  local rest=${1#*/}
  case $1 in
    app/main.c) floor_is=app/main ;;
    app/plugin/*) floor_is=app/plugin ;;
    plugins/*) floor_is=plugins ;;
    */*/*) floor_is=${1%%/*}/${rest%%/*} ;;
    *) floor_is=${1%/*} ;;
  esac
}

bad=0
complain() { # file line message
  echo "$1:$2: $3"
  bad=1
}

while IFS= read -r file; do
  floor_of "$file"
  floor=$floor_is
  while IFS=: read -r line target; do
    [ -n "$target" ] || continue
    if [ "$floor" = plugins ]; then
      # A plugin sees only the SDK header (angle brackets) and its own folder.
      case $target in
        app/* | ui/*) complain "$file" "$line" "a plugin may not include $target (only <doorstep/plugin.h>)" ;;
      esac
      continue
    fi
    case $target in
      app/* | ui/*) ;;
      *) continue ;;
    esac
    floor_of "$target"
    tfloor=$floor_is
    [ "$tfloor" = "$floor" ] && continue
    ok=0
    for a in ${allowed[$floor]-}; do
      if [ "$tfloor" = "$a" ] || [ "$target" = "$a" ]; then ok=1; fi
    done
    for h in ${forbidden[$floor]-}; do
      [ "$target" = "$h" ] && ok=0
    done
    [ $ok -eq 1 ] || complain "$file" "$line" "$floor may not include $target"
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" | sed -E 's/^([0-9]+):[^"]*"([^"]*)".*/\1:\2/')
  # Only the toolkit and the wizard draw: nothing else includes curses.
  case $floor in
    ui/*) ;;
    *)
      if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<n?curses' "$file" >/dev/null; then
        complain "$file" "$(grep -nE '#[[:space:]]*include[[:space:]]*<n?curses' "$file" | head -1 | cut -d: -f1)" "$floor may not include curses"
      fi
      ;;
  esac
done < <(find app ui plugins -name '*.[ch]' -not -path 'plugins/sdk/*' | sort)

if [ $bad -ne 0 ]; then
  echo "check_layers: wrong includes above; the table of floors is in scripts/check_layers.sh" >&2
  exit 1
fi
echo "check_layers: every include points down"
