#!/usr/bin/env bash
# Two doorsteps on one site: the second is told which process has the site
# open and may go back or open it read-only. Read-only, it shows the site's devices and
# says so in the header, refuses adding a device and changing a password
# (naming the holder), and leaves the site file byte for byte as it was.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"

SITE_FILE="$XDG_STATE_HOME/doorstep/sites/Smith.json"

# The first doorstep: the site with two devices, left open.
e2e_start 100x30 -- --demo --site "Smith"
e2e_wait "Label code"
e2e_add_labels "DSDEMO:1:PNL:DP100-7F3A21:49" "DSDEMO:1:DCT:DC200-4B19E7:A1"
e2e_wait "This site: 2 devices"
holder=$(e2e_pid)
before=$(sha256sum "$SITE_FILE")
devices_before=$(cat "$XDG_STATE_HOME"/doorstep/plugins/*/* | sha256sum)
e2e_ok "the first doorstep has Smith open (process $holder)"

# The second doorstep, in a window of its own beside the first.
# As in e2e_start, a small sh runs it, so that e2e_pid finds it.
tmux -L "$E2E_SOCK" new-window -t main sh -c '"$@"' sh \
  env TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 \
  XDG_STATE_HOME="$XDG_STATE_HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" HOME="$HOME" \
  "$DOORSTEP_BIN" --demo --site "Smith"
wait_text "is open in another doorstep (process $holder). Open it read-only, or go back?"
wait_text "Open read-only"
e2e_ok "the second doorstep names the holder and offers to read only"

# Go back: the Welcome step, nothing opened; opening Smith from the list asks again.
e2e_keys g
e2e_wait_gone "Open read-only"
e2e_wait "Reconfigure a saved site"
e2e_absent "READ-ONLY"
e2e_keys Tab Tab Tab   # from the name field to the list of saved sites
e2e_keys Enter
wait_text "is open in another doorstep (process $holder). Open it read-only, or go back?"
e2e_ok "going back opens nothing; opening the site from the list asks again"

e2e_keys o
e2e_wait "READ-ONLY"
wait_text "This site: 2 devices"
e2e_ok "read-only: the site's devices are shown and the header says read-only"

# Adding a device changes the site: refused, naming the holder.
e2e_type "DSDEMO:1:PIR:MS300-92C4D0:F0"
e2e_keys Enter
wait_text "Read-only: the site is open in process $holder."
e2e_absent "Added"
e2e_ok "adding a device is refused"

# Changing a password changes a device: refused.
e2e_keys F10
wait_text "still have their factory-default password"
e2e_type "orchid tractor velvet lamp"; e2e_keys Enter
e2e_type "orchid tractor velvet lamp"; e2e_keys Enter
wait_text "Read-only: the site is open in process $holder."
e2e_absent "new password set and verified"
e2e_wait "READ-ONLY"
e2e_ok "changing a password is refused and the header still says read-only"

e2e_keys BTab BTab     # from the password fields to the device list, where q quits
quit
[ "$(sha256sum "$SITE_FILE")" = "$before" ] || e2e_fail "the read-only doorstep changed the site file"
[ "$(cat "$XDG_STATE_HOME"/doorstep/plugins/*/* | sha256sum)" = "$devices_before" ] ||
  e2e_fail "the read-only doorstep changed the demo devices' memory"
e2e_ok "the site file and the devices' memory are byte for byte as they were"

# The first doorstep still has the site, changes it and quits normally.
tmux -L "$E2E_SOCK" select-window -t main:0
e2e_wait "This site: 2 devices"
e2e_type "DSDEMO:1:PIR:MS300-92C4D0:F0"
e2e_keys Enter
e2e_wait "This site: 3 devices"
[ "$(sha256sum "$SITE_FILE")" != "$before" ] || e2e_fail "the first doorstep did not save its change"
e2e_keys Tab Tab       # from the label field to the device list, where q quits
quit
e2e_ok "the first doorstep still saves its changes and quits normally"
e2e_done
