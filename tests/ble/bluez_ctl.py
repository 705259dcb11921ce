#!/usr/bin/python3
"""Changes the mocked BlueZ (python3-dbusmock's bluez5 template) on the bus
in DBUS_SYSTEM_BUS_ADDRESS. One command per run:

  wait-ready                          until org.bluez is on the bus
  adapter NAME [--off]                adds adapter NAME (e.g. hci0), powered or off
  powered NAME                        prints "on" or "off"
  wait-discovering NAME               until the adapter is discovering (10 s at most)
  device ADAPTER ADDR NAME [--rssi N] [--mfr ID=HEX] [--svc UUID=HEX] [--uuid UUID]...
  rssi ADAPTER ADDR N                 a new signal strength for a device
  remove ADAPTER ADDR                 the device goes away

The template's AddDevice gives ManufacturerData and ServiceData wrong D-Bus
types; this sets them again with the right ones (a{qv}, a{sv} of byte
arrays) through Properties.Set (the mock's UpdateProperties cannot carry a
dictionary), which also announces them with PropertiesChanged, as BlueZ
does when an advertisement arrives.
"""
import sys
import time

import dbus

BLUEZ = 'org.bluez'
MOCK = 'org.bluez.Mock'
DMOCK = 'org.freedesktop.DBus.Mock'
DEVICE = 'org.bluez.Device1'
ADAPTER = 'org.bluez.Adapter1'


def bus():
    return dbus.SystemBus()


def dev_path(adapter, addr):
    return f'/org/bluez/{adapter}/dev_' + addr.replace(':', '_').upper()


def obj(path, iface):
    return dbus.Interface(bus().get_object(BLUEZ, path), iface)


def byte_array(hexstr):
    return dbus.Array(bytes.fromhex(hexstr), signature='y', variant_level=1)


def wait_ready():
    b = bus()
    for _ in range(200):
        if b.name_has_owner(BLUEZ):
            return 0
        time.sleep(0.05)
    print('org.bluez did not appear on the bus', file=sys.stderr)
    return 1


def cmd_adapter(args):
    name = args[0]
    obj('/', MOCK).AddAdapter(name, 'doorstep-test')
    if '--off' in args[1:]:
        obj('/org/bluez/' + name, DMOCK).UpdateProperties(
            ADAPTER, {'Powered': dbus.Boolean(False, variant_level=1)})
    return 0


def cmd_powered(args):
    props = obj('/org/bluez/' + args[0], dbus.PROPERTIES_IFACE)
    print('on' if props.Get(ADAPTER, 'Powered') else 'off')
    return 0


def cmd_wait_discovering(args):
    props = obj('/org/bluez/' + args[0], dbus.PROPERTIES_IFACE)
    for _ in range(200):
        if props.Get(ADAPTER, 'Discovering'):
            return 0
        time.sleep(0.05)
    print('the adapter did not start discovering', file=sys.stderr)
    return 1


def cmd_device(args):
    adapter, addr, name = args[0], args[1], args[2]
    rest = args[3:]
    obj('/', MOCK).AddDevice(adapter, addr, name)
    mfr = dbus.Dictionary({}, signature='qv', variant_level=1)
    svc = dbus.Dictionary({}, signature='sv', variant_level=1)
    uuids = []
    props = {}
    i = 0
    while i < len(rest):
        opt, val = rest[i], rest[i + 1]
        i += 2
        if opt == '--rssi':
            props['RSSI'] = dbus.Int16(int(val), variant_level=1)
        elif opt == '--mfr':
            key, data = val.split('=', 1)
            mfr[dbus.UInt16(int(key, 0))] = byte_array(data)
        elif opt == '--svc':
            key, data = val.split('=', 1)
            svc[dbus.String(key)] = byte_array(data)
        elif opt == '--uuid':
            uuids.append(val)
        else:
            print('unknown option ' + opt, file=sys.stderr)
            return 2
    props['ManufacturerData'] = mfr
    props['ServiceData'] = svc
    props['UUIDs'] = dbus.Array(uuids, signature='s', variant_level=1)
    dev = obj(dev_path(adapter, addr), dbus.PROPERTIES_IFACE)
    for key, value in props.items():
        dev.Set(DEVICE, key, value)
    return 0


def cmd_rssi(args):
    obj(dev_path(args[0], args[1]), DMOCK).UpdateProperties(
        DEVICE, {'RSSI': dbus.Int16(int(args[2]), variant_level=1)})
    return 0


def cmd_remove(args):
    obj('/org/bluez/' + args[0], ADAPTER).RemoveDevice(dbus.ObjectPath(dev_path(args[0], args[1])))
    return 0


COMMANDS = {
    'adapter': cmd_adapter,
    'powered': cmd_powered,
    'wait-discovering': cmd_wait_discovering,
    'device': cmd_device,
    'rssi': cmd_rssi,
    'remove': cmd_remove,
}


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == 'wait-ready':
        return wait_ready()
    fn = COMMANDS.get(argv[1])
    if not fn:
        print('unknown command ' + argv[1], file=sys.stderr)
        return 2
    return fn(argv[2:])


if __name__ == '__main__':
    sys.exit(main(sys.argv))
