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

ble_mock_start() {
  BLE_MOCK_DIR=$(mktemp -d /tmp/doorstep-ble.XXXXXX)
  local addr="unix:path=$BLE_MOCK_DIR/bus" i
  # A session-style bus of our own (Debian's session.conf comes in a package
  # that dbus does not pull in): anyone may own names and send anything.
  cat >"$BLE_MOCK_DIR/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>$addr</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
  dbus-daemon --config-file="$BLE_MOCK_DIR/bus.conf" --nofork --nopidfile >"$BLE_MOCK_DIR/daemon.log" 2>&1 &
  BLE_MOCK_DAEMON_PID=$!
  for i in $(seq 100); do [ -S "$BLE_MOCK_DIR/bus" ] && break; sleep 0.05; done
  [ -S "$BLE_MOCK_DIR/bus" ] || { echo "dbus-daemon did not start" >&2; return 1; }
  export DBUS_SYSTEM_BUS_ADDRESS="$addr"
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
