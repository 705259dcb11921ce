#!/usr/bin/env bash
# The Passwords step as an installer sees it: the strength meter follows
# every keystroke and says why a password is weak, context words such as
# the serial number are refused, and Generate fills in one that passes.
source "$(dirname "$0")/lib.sh"

e2e_start 100x30 -- --demo --site "Meter house"
e2e_wait "Label code"
e2e_type "DSDEMO:1:PNL:DP100-7F3A21:49"; e2e_keys Enter
e2e_wait "Added Alarm panel"
e2e_keys F10
e2e_wait "Strength: type a password, or press Generate."
e2e_ok "the meter waits for a password"
grep -Eq "^Max core file size +0 +0 " "/proc/$(e2e_pid)/limits" || e2e_fail "the wizard could dump core: $(grep core /proc/$(e2e_pid)/limits)"
e2e_ok "the wizard holding secrets cannot dump core"

e2e_type "pass"
e2e_wait "very weak"
e2e_type "word"
e2e_wait_re "Strength .* very weak"
e2e_ok "the meter reacts to each keystroke"

e2e_keys C-u
e2e_type "xcvbnm,.lkjhgfds"
e2e_wait_re "Strength .*(keyboard|Keyboard)"
e2e_ok "a keyboard pattern is named"

e2e_keys C-u
e2e_type "tulip DP100-7F3A21 harbour"
e2e_wait_re "serial"
e2e_ok "the device's serial number inside the password is refused"

e2e_keys C-u
e2e_type "orchid tractor velvet lamp"
e2e_wait "Good: the device accepts it."
e2e_ok "a strong passphrase is accepted"

# Generate: from the buttons row.
e2e_keys C-u Tab Tab Tab
e2e_wait_re "▸\[ Generate \]"
e2e_keys Enter
e2e_wait "Generated. Write it down"
e2e_wait "Good: the device accepts it."
e2e_keys Enter
e2e_wait "Alarm panel: new password set and verified" 30
e2e_ok "a generated password passes and is set on the device"
e2e_done
