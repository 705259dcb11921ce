#!/usr/bin/python3
"""A small ModemManager on the system D-Bus, for doorstep's tests.

It owns org.freedesktop.ModemManager1 and serves what doorstep uses of it:
the manager object /org/freedesktop/ModemManager1 with ObjectManager's
GetManagedObjects (one modem, /org/freedesktop/ModemManager1/Modem/0, whose
org.freedesktop.ModemManager1.Modem properties Device, Ports and
PrimaryPort name the test's port) and InhibitDevice(s uid, b inhibit).

Like the real one, while nobody inhibits the modem it holds the port (an
exclusive flock on it, which doorstep honours); an inhibition removes the
modem object, lets go of the port after --let-go seconds, and ends when
its caller uninhibits or leaves the bus (NameOwnerChanged): then the modem
comes back and the port is held again. --refuse answers InhibitDevice with
an error instead (unauthorized: the polkit refusal; failed: any other).

Every event is appended to --log, one line each, flushed at once:
  ready
  inhibit UID SENDER
  refused UID SENDER
  released-port PORT
  uninhibit UID SENDER
  vanished UID SENDER     (the caller left the bus while inhibiting)
  held-port PORT

Uses python3-dbus and GLib (python3-gi), as python3-dbusmock does.
"""
import argparse
import fcntl
import os
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

SERVICE = "org.freedesktop.ModemManager1"
PATH = "/org/freedesktop/ModemManager1"
MODEM_PATH = PATH + "/Modem/0"
MODEM = "org.freedesktop.ModemManager1.Modem"
MANAGER = "org.freedesktop.ModemManager1"
OBJECT_MANAGER = "org.freedesktop.DBus.ObjectManager"
PORT_AT = 3  # MMModemPortType: AT
ERRORS = {
    "unauthorized": ("org.freedesktop.ModemManager1.Error.Core.Unauthorized",
                     "Unauthorized: not allowed to inhibit the device"),
    "failed": ("org.freedesktop.ModemManager1.Error.Core.Failed", "the modem is busy in a call"),
}


class Refused(dbus.DBusException):
    """An error answer with a chosen D-Bus name."""

    def __init__(self, name, message):
        super().__init__(message)
        self._dbus_error_name = name


class Manager(dbus.service.Object):
    """The manager object: ObjectManager and InhibitDevice."""

    def __init__(self, bus, opts):
        super().__init__(bus, PATH)
        self.bus = bus
        self.opts = opts
        self.log = open(opts.log, "a", encoding="utf-8")
        self.inhibitor = None  # unique name of the caller that inhibits
        self.watch = None
        self.hold_fd = None
        self.hold()

    def note(self, *words):
        self.log.write(" ".join(str(w) for w in words) + "\n")
        self.log.flush()

    def hold(self):
        """Holds the port as ModemManager does while it manages the modem."""
        if not self.opts.hold or self.hold_fd is not None or self.inhibitor is not None:
            return False
        fd = os.open(self.opts.hold, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)  # doorstep still has it: try again shortly
            GLib.timeout_add(100, self.hold)
            return False
        self.hold_fd = fd
        self.note("held-port", self.opts.hold)
        return False

    def let_go(self):
        if self.hold_fd is not None and self.inhibitor is not None:
            os.close(self.hold_fd)
            self.hold_fd = None
            self.note("released-port", self.opts.hold)
        return False

    def modem(self):
        ports = dbus.Array([dbus.Struct((dbus.String(p), dbus.UInt32(PORT_AT)), signature="su")
                            for p in self.opts.port], signature="(su)")
        return {MODEM: {
            "Device": dbus.String(self.opts.uid, variant_level=1),
            "Ports": dbus.Array(ports, signature="(su)", variant_level=1),
            "PrimaryPort": dbus.String(self.opts.port[0], variant_level=1),
            "Manufacturer": dbus.String("Quectel", variant_level=1),
        }}

    @dbus.service.method(OBJECT_MANAGER, out_signature="a{oa{sa{sv}}}")
    def GetManagedObjects(self):
        if self.inhibitor is not None:  # an inhibited modem is gone from the bus
            return dbus.Dictionary({}, signature="oa{sa{sv}}")
        return dbus.Dictionary({dbus.ObjectPath(MODEM_PATH): self.modem()}, signature="oa{sa{sv}}")

    @dbus.service.method(MANAGER, in_signature="sb", sender_keyword="sender")
    def InhibitDevice(self, uid, inhibit, sender=None):
        if uid != self.opts.uid:
            raise Refused("org.freedesktop.ModemManager1.Error.Core.NotFound", "no device with uid " + uid)
        if not inhibit:
            if sender != self.inhibitor:
                raise Refused("org.freedesktop.ModemManager1.Error.Core.NotFound", "not inhibited by you")
            self.note("uninhibit", uid, sender)
            self.end_inhibition()
            return
        if self.opts.refuse:
            self.note("refused", uid, sender)
            raise Refused(*ERRORS[self.opts.refuse])
        if self.inhibitor is not None:
            raise Refused("org.freedesktop.ModemManager1.Error.Core.InProgress", "already inhibited")
        self.inhibitor = sender
        self.note("inhibit", uid, sender)
        self.watch = self.bus.watch_name_owner(sender, self.owner_changed)
        GLib.timeout_add(int(self.opts.let_go * 1000), self.let_go)

    def owner_changed(self, owner):
        if not owner and self.inhibitor is not None:
            self.note("vanished", self.opts.uid, self.inhibitor)
            self.end_inhibition()

    def end_inhibition(self):
        if self.watch is not None:
            self.watch.cancel()
            self.watch = None
        self.inhibitor = None
        self.hold()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", action="append", required=True,
                        help="a port name of the modem, as ModemManager says it (e.g. ttyUSB2)")
    parser.add_argument("--uid", default="/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2")
    parser.add_argument("--hold", help="the port's path: held while the modem is not inhibited")
    parser.add_argument("--let-go", type=float, default=0.5, help="seconds until an inhibited port is free")
    parser.add_argument("--refuse", choices=sorted(ERRORS), help="answer InhibitDevice with this error")
    parser.add_argument("--log", required=True)
    opts = parser.parse_args()

    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SystemBus()
    manager = Manager(bus, opts)
    name = dbus.service.BusName(SERVICE, bus, do_not_queue=True)
    manager.note("ready")
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15, loop.quit)
    loop.run()
    del name
    return 0


if __name__ == "__main__":
    sys.exit(main())
