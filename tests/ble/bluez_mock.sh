# A private D-Bus with a mocked BlueZ, for the BLE tests. Source it:
#   ble_mock_start        starts dbus-daemon on a unix socket in a temporary
#                         directory and python3-dbusmock's bluez5 template on
#                         it, and exports DBUS_SYSTEM_BUS_ADDRESS
#   ble_ctl ARGS...       changes the mock (tests/ble/bluez_ctl.py)
#   ble_mock_stop         ends both (also done at exit)
# Uses /usr/bin/python3, the interpreter that has python3-dbus and dbusmock.

BLE_MOCK_PY=${BLE_MOCK_PY:-/usr/bin/python3}
BLE_MOCK_DIR=""
BLE_MOCK_DAEMON_PID=""
BLE_MOCK_PID=""
BLE_CTL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bluez_ctl.py"

source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../support" && pwd)/system_bus.sh"

ble_mock_start() {
  BLE_MOCK_DIR=$(mktemp -d /tmp/doorstep-ble.XXXXXX)
  system_bus_start "$BLE_MOCK_DIR" || return 1
  BLE_MOCK_DAEMON_PID=$SYSTEM_BUS_PID
  "$BLE_MOCK_PY" -m dbusmock --system --template bluez5 >"$BLE_MOCK_DIR/mock.log" 2>&1 &
  BLE_MOCK_PID=$!
  "$BLE_MOCK_PY" "$BLE_CTL" wait-ready
}

ble_ctl() {
  "$BLE_MOCK_PY" "$BLE_CTL" "$@"
}

ble_mock_stop() {
  local pid
  for pid in $BLE_MOCK_PID $BLE_MOCK_DAEMON_PID; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BLE_MOCK_PID="" BLE_MOCK_DAEMON_PID=""
  if [ -n "$BLE_MOCK_DIR" ]; then rm -rf "$BLE_MOCK_DIR"; fi
  BLE_MOCK_DIR=""
  return 0
}
