#!/usr/bin/env bash
# The mocked BlueZ (bluez_mock.sh) for a unit test that starts and ends it
# itself: "gatt_mock.sh start [esp options]" starts dbus-daemon and the
# mock with adapter hci0 and the provisioning-like device AA:00:00:00:00:20
# (bluez_ctl.py esp), leaves them running, and prints one line:
#   BUS_ADDRESS DAEMON_PID MOCK_PID DIR
# The test sets DBUS_SYSTEM_BUS_ADDRESS, ends both pids and removes DIR.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bluez_mock.sh"
[ "${1:-}" = start ] || { echo "usage: gatt_mock.sh start [esp options]" >&2; exit 2; }
shift
ble_mock_start >/dev/null
ble_ctl adapter hci0
ble_ctl esp hci0 AA:00:00:00:00:20 "$@"
echo "$DBUS_SYSTEM_BUS_ADDRESS $BLE_MOCK_DAEMON_PID $BLE_MOCK_PID $BLE_MOCK_DIR"
