# A private D-Bus daemon standing in for the system bus. Source it:
#   system_bus_start DIR  starts dbus-daemon on DIR/bus (a unix socket),
#                         logging to DIR/daemon.log, and exports
#                         DBUS_SYSTEM_BUS_ADDRESS; SYSTEM_BUS_PID is its pid
#   system_bus_stop       ends it
# The mocks of BlueZ (tests/ble/bluez_mock.sh) and ModemManager
# (tests/modem/mm_mock.sh) run on it.

SYSTEM_BUS_PID=""

system_bus_start() {
  local dir=$1 addr="unix:path=$1/bus" i
  # A session-style bus of our own (Debian's session.conf comes in a package
  # that dbus does not pull in): anyone may own names and send anything.
  cat >"$dir/bus.conf" <<CONF
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
  dbus-daemon --config-file="$dir/bus.conf" --nofork --nopidfile >"$dir/daemon.log" 2>&1 &
  SYSTEM_BUS_PID=$!
  for i in $(seq 100); do [ -S "$dir/bus" ] && break; sleep 0.05; done
  [ -S "$dir/bus" ] || { echo "dbus-daemon did not start" >&2; return 1; }
  export DBUS_SYSTEM_BUS_ADDRESS="$addr"
}

system_bus_stop() {
  if [ -n "$SYSTEM_BUS_PID" ]; then
    kill "$SYSTEM_BUS_PID" 2>/dev/null || true
    wait "$SYSTEM_BUS_PID" 2>/dev/null || true
  fi
  SYSTEM_BUS_PID=""
  unset DBUS_SYSTEM_BUS_ADDRESS
  return 0
}
