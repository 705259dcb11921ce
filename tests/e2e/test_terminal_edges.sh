#!/usr/bin/env bash
# What happens at the edges of the terminal: no terminal, TERM unset or dumb,
# a window smaller than 80x24 (and enlarged again), and SIGINT/SIGTERM/SIGHUP
# restoring the terminal and keeping the site.
source "$(dirname "$0")/lib.sh"

# stdin not a terminal: the wizard refuses and points to the CLI.
out=$("$DOORSTEP_BIN" --demo </dev/null 2>&1) && e2e_fail "wizard ran without a terminal"
echo "$out" | grep -q "doorstep run" || e2e_fail "no pointer to the CLI: $out"
e2e_ok "stdin not a terminal points to the CLI"

# TERM dumb and TERM unset, in a real terminal.
for term in dumb ""; do
  e2e_start 100x30 TERM="$term" -- --demo
  e2e_wait "export TERM="
  [ "$(e2e_wait_exit)" = 2 ] || e2e_fail "TERM='$term' did not exit with 2"
  e2e_ok "TERM='$term' refused with a message and exit status 2"
done

# Too small, then enlarged: the message, then the screen with the typed text kept.
e2e_start 100x30 -- --demo --site "Tiny"
e2e_wait "Label code"
e2e_type "DSDEMO:1:PNL"
e2e_resize 60 20
e2e_wait "too small"
e2e_wait "60x20"
e2e_absent "Label code"
e2e_resize 100 30
e2e_wait "Label code"
e2e_wait "DSDEMO:1:PNL"
e2e_ok "too-small message, then the screen back with nothing lost"

# Resize mid-step at 80x24 exactly: everything still fits.
e2e_resize 80 24
e2e_wait "Label code"
e2e_wait "Continue"
e2e_wait "F1 Help"
e2e_ok "the Devices step fits 80x24"

# Signals: the terminal is restored and the site kept.
for sig in TERM INT HUP; do
  e2e_start 100x30 -- --demo --site "Signal $sig"
  e2e_wait "Label code"
  e2e_type "DSDEMO:1:PNL:DP100-7F3A21:49"
  e2e_keys Enter
  e2e_wait "Added Alarm panel"
  kill -s "$sig" "$(e2e_pid)"
  e2e_wait_exit >/dev/null
  e2e_wait_gone "Label code"   # the alternate screen is gone: curses ended
  grep -q 'DP100-7F3A21' "$XDG_STATE_HOME/doorstep/sites/Signal $sig.json" \
    || e2e_fail "site not kept after SIG$sig"
  e2e_ok "SIG$sig restores the terminal and keeps the site"
done

# A corrupt site file is kept aside, never overwritten.
mkdir -p "$XDG_STATE_HOME/doorstep/sites"
echo '{"format": 1, "name": "Broken", "devices": [' > "$XDG_STATE_HOME/doorstep/sites/Broken.json"
e2e_start 100x30 -- --demo --site "Broken"
e2e_wait "kept aside"
e2e_wait "It was kept as"
aside=$(ls "$XDG_STATE_HOME"/doorstep/sites/Broken.json.corrupt-* 2> /dev/null | head -1)
[ -n "$aside" ] && [ -f "$aside" ] || e2e_fail "no .corrupt-<time> file"
grep -q '"devices": \[$' "$aside" || e2e_fail ".corrupt file changed"
e2e_keys Enter
e2e_wait "Label code"
e2e_ok "corrupt site file kept aside with a message"

e2e_done
