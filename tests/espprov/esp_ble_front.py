#!/usr/bin/python3
"""The Bluetooth LE front of the ESP provisioning emulator, on the mocked
BlueZ (python3-dbusmock's bluez5 template, tests/ble/bluez_mock.sh).

  esp_ble_front.py [--on-discovery] READY_JSON CONFIG_JSON ADAPTER NAME[=ADDRESS]...

For each device NAME of the running emulator (esp_emulator.py; READY_JSON is
its ready line, CONFIG_JSON the configuration it was started with) this adds
to the mock, on ADAPTER, what an ESP-IDF device waiting to be provisioned
over BLE shows: a device advertising the name NAME and the provisioning
service (the UUID ESP-IDF's examples set), with a GATT service holding one
characteristic per endpoint (proto-ver, prov-session, prov-config,
prov-scan, prov-ctrl and the device's custom endpoints), each readable and
writable, each with its endpoint name as user description (0x2901). The
characteristic UUIDs follow ESP-IDF's scheme (the service UUID with the
16-bit numbers FF4F.. in place), but given to the endpoints in reverse
order: a client that maps endpoints by UUID instead of by description
talks to the wrong one.

A write (with response) is one request to the device: the mock hands the
value to the same device logic as SoftAP, a POST /<endpoint> to the
device's HTTP port, carrying the session cookie of this BLE connection
(Connect starts a new session), and keeps the answer as the value the
following read returns. As a device's GATT server does:
- a request the device drops (a wrong proof of possession, a broken
  message) is refused with an ATT error (org.bluez.Error.Failed) and the
  connection stays;
- a device that vanished (the emulator's "vanish" failure, or
  /_emu/vanish) goes away: BlueZ removes it (InterfacesRemoved);
- a device that never answers leaves the write hanging for 8 s;
- the emulator's other failures (garbage, oversized) come back as the value.
Per device, CONFIG_JSON may add "ble": {"empty_read": ENDPOINT}: writes to
ENDPOINT are taken and the read returns nothing.

With --on-discovery the devices are not known to BlueZ at first, as with a
real adapter that has not scanned yet: they turn up (InterfacesAdded) 600 ms
after a client calls the adapter's StartDiscovery, not before.

Standard library and python3-dbus; run with /usr/bin/python3.
"""
import json
import os
import sys

import dbus

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'ble'))
import bluez_ctl  # noqa: E402
import esp_device  # noqa: E402

SERVICE = '021a9004-0382-4aea-bff4-6b3f1c5adfb4'
STANDARD = ['prov-ctrl', 'prov-scan', 'prov-session', 'prov-config', 'proto-ver']  # FF4F, FF50...
USER_DESCRIPTION = '00002901-0000-1000-8000-00805f9b34fb'
HTTP_TIMEOUT_S = 8
FOUND_AFTER_MS = 600  # from StartDiscovery until an --on-discovery device is found


def char_uuid(n):
    """The UUID of characteristic n (0-based) in ESP-IDF's scheme."""
    return '021a%04x-0382-4aea-bff4-6b3f1c5adfb4' % (0xff4f + n)


def write_code(dev, port, endpoint, adapter, empty):
    """The mock's WriteValue: the request to the device's HTTP port, the answer kept."""
    vanish = bluez_ctl.vanish_code(adapter, dev).replace('\n', '\n    ')
    if empty:
        return "self.esp_answer = b''"
    return f"""import socket, urllib.request, urllib.error, http.client
link = objects['{dev}']
headers = {{'Content-Type': 'application/x-www-form-urlencoded'}}
if getattr(link, 'esp_cookie', None):
    headers['Cookie'] = link.esp_cookie
req = urllib.request.Request('http://127.0.0.1:{port}/{endpoint}', data=bytes(args[0]), headers=headers, method='POST')
gone = False
try:
    with urllib.request.urlopen(req, timeout={HTTP_TIMEOUT_S}) as resp:
        self.esp_answer = resp.read()
        cookie = resp.headers.get('Set-Cookie')
        if cookie:
            link.esp_cookie = cookie.split(';')[0]
except urllib.error.HTTPError as e:
    raise dbus.exceptions.DBusException('HTTP %d' % e.code, name='org.bluez.Error.NotSupported')
except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
    reason = getattr(e, 'reason', e)
    gone = isinstance(reason, ConnectionRefusedError)
    if not gone and not isinstance(reason, (socket.timeout, TimeoutError)):
        try:  # a dropped request: the device refused it, or it vanished (its port closes)
            with urllib.request.urlopen('http://127.0.0.1:{port}/_emu/state', timeout=2) as s:
                gone = json.loads(s.read().decode())['vanished']
        except (urllib.error.URLError, OSError):
            gone = True
    if not gone:
        self.esp_answer = b''
        raise dbus.exceptions.DBusException('Invalid content received', name='org.bluez.Error.Failed')
if gone:
    {vanish}
    raise dbus.exceptions.DBusException('Device went away', name='org.bluez.Error.Failed')
"""


def connect_code():
    """The device's Connect: a new connection is a new session (the cookie of
    the last one is forgotten); services resolved 100 ms later."""
    return bluez_ctl.connect_code(100, "self.esp_cookie = None\n")


def appear_code(adapter, address, name):
    """Mock code (run inside the mock, so no client sees half of it) that
    adds the device as the adapter finds it: advertising name and service,
    its Connect and Disconnect. Its GATT objects are there already."""
    dev = bluez_ctl.dev_path(adapter, address)
    return (f"if {dev!r} not in objects:\n"
            f"    objects['/'].AddDevice({adapter!r}, {address!r}, {name!r})\n"
            f"    d = objects[{dev!r}]\n"
            f"    d.UpdateProperties({bluez_ctl.DEVICE!r}, {{'RSSI': dbus.Int16(-55, variant_level=1), "
            f"'UUIDs': dbus.Array([{SERVICE!r}], signature='s', variant_level=1)}})\n"
            f"    d.AddMethod({bluez_ctl.DEVICE!r}, 'Connect', '', '', {connect_code()!r})\n"
            f"    d.AddMethod({bluez_ctl.DEVICE!r}, 'Disconnect', '', '', {bluez_ctl.DISCONNECT_CODE!r})\n")


def add_device(ready, config, adapter, name, address, on_discovery):
    """Adds the BLE face of the emulated device name at address; with
    on_discovery, only its GATT objects, and returns the mock code that adds
    the device itself (appear_code)."""
    port = [d for d in ready['devices'] if d['name'] == name][0]['port']
    cfg = dict(config.get('defaults', {}))
    cfg.update([d for d in config['devices'] if d['name'] == name][0])
    empty = (cfg.get('ble') or {}).get('empty_read')
    custom = cfg.get('custom_endpoints', esp_device.DEFAULTS['custom_endpoints'])
    endpoints = STANDARD + sorted(custom.keys())  # {}: a device without endpoints of its own
    dev = bluez_ctl.dev_path(adapter, address)
    svc = dev + '/service0040'
    if not on_discovery and bluez_ctl.cmd_device([adapter, address, name, '--rssi', '-55', '--uuid', SERVICE]) != 0:
        return 1
    mock = bluez_ctl.obj('/', bluez_ctl.DMOCK)
    bluez_ctl.add_gatt_service(mock, svc, SERVICE, dev)
    for i, endpoint in enumerate(endpoints):
        path = f'{svc}/char{0x41 + 2 * i:04x}'
        uuid = char_uuid(len(endpoints) - 1 - i)  # reversed: only the descriptions tell
        mock.AddObject(path, bluez_ctl.GATT_CHAR, {
            'UUID': dbus.String(uuid, variant_level=1),
            'Service': dbus.ObjectPath(svc, variant_level=1),
            'Flags': dbus.Array(['read', 'write'], signature='s', variant_level=1),
            'Value': dbus.Array([], signature='y', variant_level=1),
        }, [('WriteValue', 'aya{sv}', '',
             'import json\n' + write_code(dev, port, endpoint, '/org/bluez/' + adapter, empty == endpoint)),
            ('ReadValue', 'a{sv}', 'ay', "ret = dbus.Array(getattr(self, 'esp_answer', b''), signature='y')")])
        mock.AddObject(f'{path}/desc{0x42 + 2 * i:04x}', bluez_ctl.GATT_DESC, {
            'UUID': dbus.String(USER_DESCRIPTION, variant_level=1),
            'Characteristic': dbus.ObjectPath(path, variant_level=1),
            'Value': dbus.Array(endpoint.encode(), signature='y', variant_level=1),
        }, [('ReadValue', 'a{sv}', 'ay', f"ret = dbus.Array({endpoint.encode()!r}, signature='y')")])
    if on_discovery:
        return appear_code(adapter, address, name)
    bluez_ctl.gatt_connect(dev, 100)
    bluez_ctl.obj(dev, bluez_ctl.DMOCK).AddMethod(bluez_ctl.DEVICE, 'Connect', '', '', connect_code())
    return 0


def main(argv):
    on_discovery = '--on-discovery' in argv
    argv = [a for a in argv if a != '--on-discovery']
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding='utf-8') as fh:
        ready = json.loads(fh.readline())
    with open(argv[2], encoding='utf-8') as fh:
        config = json.load(fh)
    codes = []
    for n, spec in enumerate(argv[4:]):
        name, _, address = spec.partition('=')
        r = add_device(ready, config, argv[3], name, address or 'E5:00:00:00:00:%02X' % (n + 1), on_discovery)
        if r == 1:
            return 1
        codes.append(r)
    if on_discovery:
        bluez_ctl.find_on_discovery(argv[3], ''.join(codes), FOUND_AFTER_MS)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
