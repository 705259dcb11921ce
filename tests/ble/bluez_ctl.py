#!/usr/bin/python3
"""Changes the mocked BlueZ (python3-dbusmock's bluez5 template) on the bus
in DBUS_SYSTEM_BUS_ADDRESS. One command per run:

  wait-ready                          until org.bluez is on the bus
  adapter NAME [--off]                adds adapter NAME (e.g. hci0), powered or off
  powered NAME                        prints "on" or "off"
  wait-discovering NAME               until the adapter is discovering (10 s at most)
  discovering NAME                    prints "on" or "off"
  late ADAPTER ADDR NAME              a device BlueZ knows only once discovery has
                                      run for 500 ms (StartDiscovery), as a real
                                      adapter finds it; no GATT services
  device ADAPTER ADDR NAME [--rssi N] [--mfr ID=HEX] [--svc UUID=HEX] [--uuid UUID]...
  rssi ADAPTER ADDR N                 a new signal strength for a device
  remove ADAPTER ADDR                 the device goes away
  agent-passkey ADAPTER ADDR          asks the registered pairing agent for the
                                      device's passkey, as BlueZ does while pairing,
                                      and prints it (or "rejected")
  agent-confirm ADAPTER ADDR N        asks the agent to confirm passkey N; prints
                                      "confirmed" or "rejected"
  flood ADAPTER N RATE SECONDS        adds N devices ("Flat 001"...), prints "ready",
                                      then changes RATE signals a second, at random,
                                      for SECONDS (a block of flats)
  siren ADAPTER ADDR MODE             the demo plugin's BLE siren: a device that
                                      advertises the demo service, with its GATT
                                      service, command and status characteristics
                                      and a 0x2901 description. Writing "PAIR" to
                                      the command characteristic, in MODE:
                                        notify  notifies "READY" on the status one
                                        notify-nr  the same, but the command takes
                                                only writes without response (and
                                                answers only those)
                                        vanish  makes the device go away instead
                                        silent  never answers (the mock sleeps 8 s)
  esp ADAPTER ADDR [--resolve-ms N|--never-resolve]
                                      a device with a provisioning-like GATT
                                      service whose characteristics are named
                                      by 0x2901 descriptions, most of which
                                      BlueZ has not cached (read with
                                      ReadValue): "proto-ver" (cached) and
                                      "prov-session" echo what was written
                                      last (the latter after 300 ms),
                                      "prov-config" never answers (the mock
                                      sleeps 8 s), writing "prov-scan" makes
                                      the device go away, "prov-ctrl"'s
                                      description cannot be read (NotPermitted),
                                      one holds an escape sequence, and one has
                                      no description. Its services resolve N ms
                                      after Connect (default 200), or never

Devices with GATT objects connect as BlueZ does: Connect sets Connected,
then ServicesResolved once the GATT table is there (the template's own
Connect never resolves); Disconnect clears both.

AddObject adds GATT objects without an InterfacesAdded signal, as the
template's gaps go; doorstep lists them with GetManagedObjects after
connecting, as it must for a real BlueZ that resolved them earlier.

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


DEMO_SERVICE = '5d0e0001-7e57-4d6f-8d6f-646f6f727374'
DEMO_COMMAND = '5d0e0002-7e57-4d6f-8d6f-646f6f727374'
DEMO_STATUS = '5d0e0003-7e57-4d6f-8d6f-646f6f727374'
GATT_SERVICE = 'org.bluez.GattService1'
GATT_CHAR = 'org.bluez.GattCharacteristic1'
GATT_DESC = 'org.bluez.GattDescriptor1'


def add_gatt_service(mock, svc, uuid, dev):
    """Adds the primary GATT service svc of device dev."""
    mock.AddObject(svc, GATT_SERVICE, {
        'UUID': dbus.String(uuid, variant_level=1),
        'Primary': dbus.Boolean(True, variant_level=1),
        'Device': dbus.ObjectPath(dev, variant_level=1),
    }, dbus.Array([], signature='(ssss)'))


def vanish_code(adapter_path, dev):
    """Mock method code by which the device goes away, as BlueZ removes it."""
    return (f"objects['{adapter_path}'].RemoveObject('{dev}')\n"
            f"objects['/'].EmitSignal('org.freedesktop.DBus.ObjectManager', 'InterfacesRemoved', 'oas', "
            f"[dbus.ObjectPath('{dev}'), ['{DEVICE}']])")


def siren_write_code(mode, dev, status, adapter):
    if mode == 'notify-nr':
        return (f"if args[1].get('type') == 'command': objects['{status}'].EmitSignal('org.freedesktop.DBus.Properties', "
                f"'PropertiesChanged', 'sa{{sv}}as', ['{GATT_CHAR}', {{'Value': dbus.Array(b'READY', signature='y', "
                f"variant_level=1)}}, []])")
    if mode == 'notify':
        return (f"objects['{status}'].EmitSignal('org.freedesktop.DBus.Properties', 'PropertiesChanged', "
                f"'sa{{sv}}as', ['{GATT_CHAR}', {{'Value': dbus.Array(b'READY', signature='y', variant_level=1)}}, []])")
    if mode == 'vanish':
        return vanish_code(adapter, dev)
    if mode == 'silent':
        return 'time.sleep(8)'
    raise ValueError('unknown mode ' + mode)


DISCONNECT_CODE = (f"self.UpdateProperties('{DEVICE}', {{'Connected': dbus.Boolean(False, variant_level=1), "
                   f"'ServicesResolved': dbus.Boolean(False, variant_level=1)}})")


def cmd_discovering(args):
    props = obj('/org/bluez/' + args[0], dbus.PROPERTIES_IFACE)
    print('on' if props.Get(ADAPTER, 'Discovering') else 'off')
    return 0


def find_on_discovery(adapter, code, after_ms):
    """Replaces the adapter's StartDiscovery: it starts discovering as the
    template's does, and code (mock code, run inside the mock so that no
    client sees half of what it adds) runs after_ms later, as a real adapter
    finds advertising devices only once it discovers."""
    body = code.replace('\n', '\n    ')
    obj('/org/bluez/' + adapter, DMOCK).AddMethod(
        ADAPTER, 'StartDiscovery', '', '',
        "from gi.repository import GLib\n"
        f"self.UpdateProperties({ADAPTER!r}, {{'Discovering': dbus.Boolean(True, variant_level=1)}})\n"
        "def found():\n"
        f"    {body}\n"
        "    return False\n"
        f"GLib.timeout_add({int(after_ms)}, found)\n")


def cmd_late(args):
    adapter, addr, name = args[0], args[1], args[2]
    dev = dev_path(adapter, addr)
    connect = connect_code(100)
    find_on_discovery(adapter,
                      f"if {dev!r} not in objects:\n"
                      f"    objects['/'].AddDevice({adapter!r}, {addr!r}, {name!r})\n"
                      f"    objects[{dev!r}].AddMethod({DEVICE!r}, 'Connect', '', '', {connect!r})\n"
                      f"    objects[{dev!r}].AddMethod({DEVICE!r}, 'Disconnect', '', '', {DISCONNECT_CODE!r})\n",
                      500)
    return 0


def connect_code(resolve_ms, first=''):
    """Mock code of a device's Connect: first (mock code), connected, and its
    services resolved resolve_ms later (None: never)."""
    resolve = '' if resolve_ms is None else (
        f"GLib.timeout_add({int(resolve_ms)}, lambda o=self: o.UpdateProperties('{DEVICE}', "
        f"{{'ServicesResolved': dbus.Boolean(True, variant_level=1)}}) and False)")
    return ("from gi.repository import GLib\n" + first +
            f"self.UpdateProperties('{DEVICE}', {{'Connected': dbus.Boolean(True, variant_level=1)}})\n"
            + resolve)


def gatt_connect(dev, resolve_ms):
    """Makes dev's Connect resolve its services resolve_ms later (None: never)."""
    mock = obj(dev, DMOCK)
    mock.AddMethod(DEVICE, 'Connect', '', '', connect_code(resolve_ms))
    mock.AddMethod(DEVICE, 'Disconnect', '', '', DISCONNECT_CODE)


def cmd_siren(args):
    adapter, addr, mode = args[0], args[1], args[2]
    dev = dev_path(adapter, addr)
    svc, cmd, desc, status = dev + '/service0010', dev + '/service0010/char0011', \
        dev + '/service0010/char0011/desc0012', dev + '/service0010/char0013'
    if cmd_device([adapter, addr, 'DS Siren', '--rssi', '-52', '--uuid', DEMO_SERVICE]) != 0:
        return 1
    mock = obj('/', DMOCK)
    add_gatt_service(mock, svc, DEMO_SERVICE, dev)
    mock.AddObject(cmd, GATT_CHAR, {
        'UUID': dbus.String(DEMO_COMMAND, variant_level=1),
        'Service': dbus.ObjectPath(svc, variant_level=1),
        'Flags': dbus.Array(['write-without-response'] if mode == 'notify-nr' else ['write', 'write-without-response'],
                            signature='s', variant_level=1),
        'Value': dbus.Array([], signature='y', variant_level=1),
    }, [('WriteValue', 'aya{sv}', '', siren_write_code(mode, dev, status, '/org/bluez/' + adapter))])
    mock.AddObject(desc, GATT_DESC, {
        'UUID': dbus.String('00002901-0000-1000-8000-00805f9b34fb', variant_level=1),
        'Characteristic': dbus.ObjectPath(cmd, variant_level=1),
        'Value': dbus.Array(b'Setup command', signature='y', variant_level=1),
    }, dbus.Array([], signature='(ssss)'))
    mock.AddObject(status, GATT_CHAR, {
        'UUID': dbus.String(DEMO_STATUS, variant_level=1),
        'Service': dbus.ObjectPath(svc, variant_level=1),
        'Flags': dbus.Array(['read', 'notify'], signature='s', variant_level=1),
        'Value': dbus.Array(b'IDLE', signature='y', variant_level=1),
    }, [('StartNotify', '', '', ''), ('StopNotify', '', '', ''),
        ('ReadValue', 'a{sv}', 'ay', "ret = dbus.Array(b'IDLE', signature='y')")])
    gatt_connect(dev, 100)
    return 0


ESP_SERVICE = '021a9004-0382-4aea-bff4-6b3f1c5adfb4'


def esp_uuid(n):
    return f'021a{n:04x}-0382-4aea-bff4-6b3f1c5adfb4'


def esp_echo(delay_s=0.0):
    """ReadValue and WriteValue of a characteristic that answers what was written last."""
    sleep = f'time.sleep({delay_s})\n' if delay_s else ''
    return [('ReadValue', 'a{sv}', 'ay', sleep + f"ret = self.Get('{GATT_CHAR}', 'Value')"),
            ('WriteValue', 'aya{sv}', '', sleep + f"self.Set('{GATT_CHAR}', 'Value', dbus.Array(args[0], "
             "signature='y', variant_level=1))")]


def cmd_esp(args):
    adapter, addr = args[0], args[1]
    resolve_ms = 200
    if '--never-resolve' in args[2:]:
        resolve_ms = None
    elif '--resolve-ms' in args[2:]:
        resolve_ms = int(args[args.index('--resolve-ms') + 1])
    dev = dev_path(adapter, addr)
    svc = dev + '/service0020'
    if cmd_device([adapter, addr, 'PROV_0A1B2C', '--rssi', '-48', '--uuid', ESP_SERVICE]) != 0:
        return 1
    mock = obj('/', DMOCK)
    add_gatt_service(mock, svc, ESP_SERVICE, dev)
    vanish = vanish_code('/org/bluez/' + adapter, dev)
    never = [('ReadValue', 'a{sv}', 'ay', "time.sleep(8)\nret = dbus.Array([], signature='y')"),
             ('WriteValue', 'aya{sv}', '', 'time.sleep(8)')]
    # (handle, description, cached, how the description reads, methods)
    chars = [
        (0x21, b'proto-ver', True, None, esp_echo()),
        (0x23, b'prov-session', False, None, esp_echo(0.3)),
        (0x25, b'prov-config', False, None, never),
        (0x27, b'prov-scan', False, None, [('WriteValue', 'aya{sv}', '', vanish)] + esp_echo()[:1]),
        (0x29, b'prov-ctrl', False, 'refuse', esp_echo()),
        (0x2b, b'custom\x1b[31m-data', False, None, esp_echo()),
        (0x2d, None, False, None, esp_echo()),
    ]
    for handle, name, cached, how, methods in chars:
        chr_path = f'{svc}/char{handle:04x}'
        mock.AddObject(chr_path, GATT_CHAR, {
            'UUID': dbus.String(esp_uuid(0xff00 + handle), variant_level=1),
            'Service': dbus.ObjectPath(svc, variant_level=1),
            'Flags': dbus.Array(['read', 'write'], signature='s', variant_level=1),
            'Value': dbus.Array([], signature='y', variant_level=1),
        }, methods)
        if name is None:
            continue
        if how == 'refuse':
            read = ("raise dbus.exceptions.DBusException('Read not permitted', "
                    "name='org.bluez.Error.NotPermitted')")
        else:
            read = f"ret = dbus.Array({name!r}, signature='y')"
        mock.AddObject(f'{chr_path}/desc{handle + 1:04x}', GATT_DESC, {
            'UUID': dbus.String('00002901-0000-1000-8000-00805f9b34fb', variant_level=1),
            'Characteristic': dbus.ObjectPath(chr_path, variant_level=1),
            'Value': dbus.Array(name if cached else b'', signature='y', variant_level=1),
        }, [('ReadValue', 'a{sv}', 'ay', read)])
    gatt_connect(dev, resolve_ms)
    return 0


def cmd_flood(args):
    import random
    adapter, n, rate, seconds = args[0], int(args[1]), float(args[2]), float(args[3])
    mock = obj('/', MOCK)
    paths = []
    for i in range(n):
        addr = f'10:00:00:00:{i // 256:02X}:{i % 256:02X}'
        mock.AddDevice(adapter, addr, f'Flat {i + 1:03d}')
        paths.append(dev_path(adapter, addr))
    b = bus()
    for p in paths:
        dbus.Interface(b.get_object(BLUEZ, p, introspect=False), dbus.PROPERTIES_IFACE).Set(
            DEVICE, 'RSSI', dbus.Int16(random.randint(-100, -30), variant_level=1))
    print('ready', flush=True)
    end = time.monotonic() + seconds
    step = 1.0 / rate
    while time.monotonic() < end:
        p = random.choice(paths)
        dbus.Interface(b.get_object(BLUEZ, p, introspect=False), dbus.PROPERTIES_IFACE).Set(
            DEVICE, 'RSSI', dbus.Int16(random.randint(-100, -30), variant_level=1), ignore_reply=True)
        time.sleep(step)
    return 0


AGENT_PATH = '/org/doorstep/agent'


def find_agent():
    """The connection serving the pairing agent (the template keeps no sender)."""
    b = bus()
    for _ in range(200):
        for name in b.list_names():
            if not name.startswith(':'):
                continue
            try:
                xml = dbus.Interface(b.get_object(name, AGENT_PATH, introspect=False),
                                     dbus.INTROSPECTABLE_IFACE).Introspect(timeout=2)
            except dbus.exceptions.DBusException:
                continue
            if 'org.bluez.Agent1' in xml:
                return dbus.Interface(b.get_object(name, AGENT_PATH, introspect=False), 'org.bluez.Agent1')
        time.sleep(0.05)
    raise SystemExit('no pairing agent on the bus')


def cmd_agent_passkey(args):
    agent = find_agent()
    try:
        print(int(agent.RequestPasskey(dbus.ObjectPath(dev_path(args[0], args[1])), timeout=60)))
    except dbus.exceptions.DBusException as e:
        print('rejected ' + e.get_dbus_name())
    return 0


def cmd_agent_confirm(args):
    agent = find_agent()
    try:
        agent.RequestConfirmation(dbus.ObjectPath(dev_path(args[0], args[1])), dbus.UInt32(int(args[2])),
                                  timeout=60)
        print('confirmed')
    except dbus.exceptions.DBusException as e:
        print('rejected ' + e.get_dbus_name())
    return 0


COMMANDS = {
    'adapter': cmd_adapter,
    'powered': cmd_powered,
    'wait-discovering': cmd_wait_discovering,
    'discovering': cmd_discovering,
    'late': cmd_late,
    'device': cmd_device,
    'rssi': cmd_rssi,
    'remove': cmd_remove,
    'siren': cmd_siren,
    'esp': cmd_esp,
    'flood': cmd_flood,
    'agent-passkey': cmd_agent_passkey,
    'agent-confirm': cmd_agent_confirm,
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
