#!/usr/bin/env bash
# Bluetooth in the Devices step, against a mocked BlueZ on a private D-Bus:
# F7 lists the devices sorted by signal with the plugin that claims each;
# the pairing agent's passkey prompt and confirmation are answered in the
# TUI; Enter pairs the demo siren (GATT write answered by a notification)
# and adds it to the site; an adapter that is off is offered to be switched on.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../ble/bluez_mock.sh"
trap 'ble_mock_stop; e2e_cleanup' EXIT

ble_mock_start
ble_ctl adapter hci0
ble_ctl device hci0 AA:00:00:00:00:01 "Far sensor" --rssi -88
ble_ctl siren hci0 AA:00:00:00:00:10 notify
ble_ctl device hci0 AA:00:00:00:00:03 "PROV_C0FFEE" --rssi -61

e2e_start 110x36 DBUS_SYSTEM_BUS_ADDRESS="$DBUS_SYSTEM_BUS_ADDRESS" -- --demo
e2e_wait "Welcome to doorstep"
e2e_keys Enter
e2e_wait "Label code"
e2e_keys F7
e2e_wait "Bluetooth devices nearby: 3"
e2e_wait_re "DS Siren +AA:00:00:00:00:10 +-52 dBm +demo"
# Strongest first: the siren (-52), the ESP device (-61), the far sensor (-88).
screen_rows=$(e2e_screen | grep -o "AA:00:00:00:00:[0-9]*" | tr '\n' ' ')
[ "$screen_rows" = "AA:00:00:00:00:10 AA:00:00:00:00:03 AA:00:00:00:00:01 " ] || e2e_fail "order: $screen_rows"
e2e_wait "ESP provisioning: PROV_C0FFEE"
e2e_ok "F7 lists the devices strongest first, with the claiming plugin and built-in names"

# A new signal re-sorts the list live.
ble_ctl rssi hci0 AA:00:00:00:00:01 -40
e2e_wait_re "Far sensor +AA:00:00:00:00:01 +-40 dBm"
screen_rows=$(e2e_screen | grep -o "AA:00:00:00:00:[0-9]*" | tr '\n' ' ')
[ "$screen_rows" = "AA:00:00:00:00:01 AA:00:00:00:00:10 AA:00:00:00:00:03 " ] || e2e_fail "re-sorted order: $screen_rows"
e2e_ok "a stronger signal moves a device up"

# BlueZ asks the agent for a passkey: typed in the TUI, it reaches BlueZ.
ble_ctl agent-passkey hci0 AA:00:00:00:00:10 > "$E2E_TMP/passkey.out" &
asker=$!
e2e_wait "Pairing AA:00:00:00:00:10: type the passkey the device shows."
e2e_type "12a"
e2e_wait "A passkey has digits only."
e2e_type "3456"
e2e_keys Enter
wait $asker
[ "$(cat "$E2E_TMP/passkey.out")" = "123456" ] || e2e_fail "the agent answered: $(cat "$E2E_TMP/passkey.out")"
e2e_wait "Passkey sent to AA:00:00:00:00:10."
e2e_ok "the agent's passkey prompt is answered in the TUI"

# A confirmation, declined.
ble_ctl agent-confirm hci0 AA:00:00:00:00:10 654321 > "$E2E_TMP/confirm.out" &
asker=$!
e2e_wait "show the passkey 654321?"
e2e_keys n
wait $asker
grep -q "^rejected org.bluez.Error.Rejected" "$E2E_TMP/confirm.out" || e2e_fail "confirm: $(cat "$E2E_TMP/confirm.out")"
e2e_ok "a passkey confirmation can be declined"

# Enter pairs the siren: scan, match, connect, GATT write, notification, done.
# The siren is the second row since the re-sort.
e2e_keys Up Up Up Down
e2e_wait_re "▸ DS Siren +AA:00:00:00:00:10"
e2e_keys Enter
e2e_wait "Added Bluetooth siren."
e2e_wait "DSBLE-AA00000"
e2e_ok "Enter pairs the claimed siren and adds it to the site"

# Esc while a device does not answer cancels the pairing at once.
ble_ctl siren hci0 AA:00:00:00:00:12 silent
e2e_keys F7
e2e_wait_re "DS Siren +AA:00:00:00:00:12 +-52 dBm"
# Rows: ...:01 (-40), ...:10 and ...:12 (-52, by address), ...:03 (-61).
e2e_keys Up Up Up Up Down Down
e2e_wait_re "▸ DS Siren +AA:00:00:00:00:12"
e2e_keys Enter
e2e_wait "Asking the siren to pair... (Esc cancels)"
e2e_keys Escape
e2e_wait "Pairing was cancelled."
e2e_keys Escape
e2e_wait "This site: 1 device"
e2e_ok "Esc cancels a pairing whose device does not answer"

# An adapter that is off: the panel offers to switch it on, and then scans.
ble_mock_stop
ble_mock_start
ble_ctl adapter hci0 --off
ble_ctl siren hci0 AA:00:00:00:00:10 notify
e2e_start 110x36 DBUS_SYSTEM_BUS_ADDRESS="$DBUS_SYSTEM_BUS_ADDRESS" -- --demo
e2e_wait "Welcome to doorstep"
e2e_keys C-u
e2e_type "Second house"
e2e_keys Enter
e2e_wait "Label code"
e2e_keys F7
e2e_wait "The Bluetooth adapter is switched off. Switch it on now?"
[ "$(ble_ctl powered hci0)" = off ] || e2e_fail "switched on before the installer said yes"
e2e_keys y
e2e_wait_re "DS Siren +AA:00:00:00:00:10"
[ "$(ble_ctl powered hci0)" = on ] || e2e_fail "the adapter is still off"
e2e_ok "an adapter that is off is switched on when the installer agrees, then the scan runs"

e2e_done
