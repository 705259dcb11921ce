#!/usr/bin/python3
"""A cellular module on a pseudo-terminal, speaking 3GPP TS 27.007 AT commands.

Prints the path of the pseudo-terminal's slave side on stdout (one line),
then answers commands written to it until stdin closes or SIGTERM. Options
choose the scenario: echo on or off, a missing SIM (+CME ERROR: 10), line
noise before answers, a command that never answers, a slow operator scan
that any character aborts, a port that never answers at all, vendor forms
of answers (^ICCID:, +CGMM:). Unsolicited result codes (+CEREG:, RING,
+CREG:) arrive in the middle of the answers to AT+COPS=?, AT+CREG? (before
the answer) and AT+CESQ (between the answer and its OK), as real modules
send them.

Standard library only: pty, os, select.
"""
import argparse
import os
import pty
import select
import signal
import sys
import time
import tty

IMEI = "356938035643809"
ICCID = "89490200001234567890"
IMSI = "262011234567890"
OPERATORS = ('+COPS: (2,"Telekom.de","TDG","26201",7),(1,"Vodafone.de","VODAFONE","26202",7),'
             '(3,"o2 - de","o2 - de","26203",2),,(0,1,2,3,4),(0,1,2)')
NAMES = {0: '"Telekom.de"', 1: '"TDG"', 2: '"26201"'}
STATS = {"home": 1, "roaming": 5, "searching": 2, "denied": 3, "none": 0}


class Modem:
    """State of the emulated module and its answers."""

    def __init__(self, opts, fd):
        self.opts = opts
        self.fd = fd
        self.echo = not opts.no_echo
        self.cops_format = 0
        self.scan_until = None
        self.log = open(opts.log, "a", encoding="utf-8") if opts.log else None

    def send(self, text):
        """Writes text in small pieces, so that lines arrive split."""
        data = text.encode("latin-1")
        for i in range(0, len(data), 16):
            os.write(self.fd, data[i:i + 16])
            if len(data) > 16:
                time.sleep(0.001)

    def answer(self, lines, final="OK", urc=None, urc_at=0):
        """Sends information lines, an unsolicited code among them, then the final code."""
        out = ""
        if self.opts.noise:
            out += "\x00\xff\xfe\r\n"
        for i, line in enumerate(lines):
            if urc and i == urc_at:
                out += "\r\n" + urc + "\r\n"
            out += "\r\n" + line + "\r\n"
        if urc and urc_at >= len(lines):
            out += "\r\n" + urc + "\r\n"
        out += "\r\n" + final + "\r\n"
        self.send(out)

    def registration(self):
        return 0 if self.opts.sim_missing else STATS[self.opts.registration]

    def command(self, cmd):
        """Answers one command line (without the carriage return)."""
        if self.log:
            self.log.write(cmd + "\n")
            self.log.flush()
        if self.opts.silent or cmd in self.opts.hang:
            return
        if self.echo:
            self.send(cmd + "\r")
        up = cmd.upper()
        sim = not self.opts.sim_missing
        stat = self.registration()
        if up in ("AT", "ATZ"):
            self.answer([])
        elif up in ("ATE0", "ATE1"):
            self.echo = up == "ATE1"
            self.answer([])
        elif up == "AT+CGSN":
            self.answer([IMEI])
        elif up == "AT+CGMI":
            self.answer(["Quectel"])
        elif up == "AT+CGMM":
            self.answer(["+CGMM: EG25" if self.opts.variants else "EG25"])
        elif up == "AT+CGMR":
            self.answer(["EG25GGBR07A08M2G"])
        elif up in ("AT+CCID", "AT+CIMI"):
            if not sim:
                self.answer([], "+CME ERROR: 10")
            else:
                ccid = ("^ICCID: " if self.opts.variants else "+CCID: ") + ICCID
                self.answer([ccid if up == "AT+CCID" else IMSI])
        elif up == "AT+CREG?":
            self.answer(["+CREG: 0,%d" % stat], urc="+CEREG: %d" % stat)
        elif up == "AT+CGREG?":
            self.answer(["+CGREG: 0,%d" % stat])
        elif up == "AT+CEREG?":
            if stat in (1, 5):
                self.answer(['+CEREG: 2,%d,"1F00","79D903",7' % stat])
            else:
                self.answer(["+CEREG: 2,%d" % stat])
        elif up == "AT+COPS?":
            if stat in (1, 5):
                self.answer(["+COPS: 0,%d,%s,7" % (self.cops_format, NAMES[self.cops_format])])
            else:
                self.answer(["+COPS: 0"])
        elif up.startswith("AT+COPS=3,") and up[10:] in ("0", "1", "2"):
            self.cops_format = int(up[10:])
            self.answer([])
        elif up == "AT+COPS=?":
            self.scan_until = time.monotonic() + self.opts.scan_seconds
        elif up == "AT+CGATT?":
            self.answer(["+CGATT: %d" % (1 if sim and stat in (1, 5) else 0)])
        elif up == "AT+CSQ":
            self.answer(["+CSQ: 20,99"])
        elif up == "AT+CESQ":
            self.answer(["+CESQ: 99,99,255,255,20,80"], urc="RING", urc_at=1)  # after the line, before OK
        else:
            self.answer([], "ERROR")

    def scan_done(self):
        self.scan_until = None
        if not self.opts.sim_missing:
            self.answer([OPERATORS], urc='+CEREG: 1,"1F00","79D903",7', urc_at=0)
        else:
            self.answer([], "+CME ERROR: 10")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-echo", action="store_true", help="start with echo off (ATE0)")
    parser.add_argument("--sim-missing", action="store_true", help="no SIM: +CME ERROR: 10")
    parser.add_argument("--noise", action="store_true", help="line noise before every answer")
    parser.add_argument("--variants", action="store_true",
                        help='vendor forms: "^ICCID:" for AT+CCID, "+CGMM:" before the model')
    parser.add_argument("--hang", action="append", default=[], metavar="CMD",
                        help="never answer this command (repeatable)")
    parser.add_argument("--silent", action="store_true", help="never answer anything")
    parser.add_argument("--scan-seconds", type=float, default=0.5, help="how long AT+COPS=? takes")
    parser.add_argument("--registration", choices=sorted(STATS), default="home")
    parser.add_argument("--log", help="append every command received to this file")
    opts = parser.parse_args()

    # The slave side stays open here too, so that reading the master never
    # fails while the plugin has the port closed.
    master, slave = pty.openpty()
    tty.setraw(slave)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    modem = Modem(opts, master)
    print(os.ttyname(slave), flush=True)
    pending = b""
    while True:
        timeout = None
        if modem.scan_until is not None:
            timeout = max(0.0, modem.scan_until - time.monotonic())
        ready, _, _ = select.select([master, sys.stdin], [], [], timeout)
        if sys.stdin in ready and not sys.stdin.buffer.read1(4096):
            return
        if master in ready:
            try:
                data = os.read(master, 4096)
            except OSError:
                data = b""
            if modem.scan_until is not None and data:
                modem.scan_until = None  # any character aborts a running scan
                modem.answer([])  # the aborted command ends with OK
                data = b""
            pending += data
            while b"\r" in pending:
                line, pending = pending.split(b"\r", 1)
                text = line.replace(b"\n", b"").decode("latin-1").strip()
                if text:
                    modem.command(text)
        if modem.scan_until is not None and time.monotonic() >= modem.scan_until:
            modem.scan_done()


if __name__ == "__main__":
    main()
