#!/usr/bin/env bash
# kill -9 in the middle of the Passwords step: a new start resumes where it
# stopped, with every device and every changed password kept.
source "$(dirname "$0")/lib.sh"

e2e_start 100x30 -- --demo --site "Resume house"
e2e_wait "Label code"
e2e_add_labels "DSDEMO:1:PNL:DP100-7F3A21:49" "DSDEMO:1:DCT:DC200-4B19E7:A1"
e2e_wait "This site: 2 devices"
e2e_keys F10
e2e_wait "2 devices still have their factory-default password"
e2e_type "orchid tractor velvet lamp"; e2e_keys Enter
e2e_type "orchid tractor velvet lamp"; e2e_keys Enter
e2e_wait "new password set and verified"
e2e_wait "1 device still has its factory-default password"
kill -9 "$(e2e_pid)"
e2e_wait_exit >/dev/null
e2e_ok "killed with -9 in the middle of the Passwords step"

e2e_start 100x30 -- --demo --site "Resume house"
e2e_wait "1 device still has its factory-default password"
e2e_wait "changed, verified"
e2e_wait "FACTORY DEFAULT"
e2e_ok "resumed at Passwords with both devices and the changed password"

# The rules hold after the restart: no way past Passwords.
e2e_keys F10
e2e_wait "still has its factory-default password. Change it first"
e2e_keys BTab          # to the device list: digits jump to steps there
e2e_keys 4
e2e_wait "Change it first"
e2e_ok "no step after Passwords while a default survives"
e2e_keys Tab

# The door contact takes a PIN.
e2e_type "917304"; e2e_keys Enter
e2e_type "917304"; e2e_keys Enter
e2e_wait "No factory-default password is left"
e2e_keys F10
e2e_wait_re "Cellular|eSIM"
e2e_ok "went on once no default was left"
e2e_done
