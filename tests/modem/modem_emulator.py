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

With --euicc (or --profiles FILE) the module also carries an eUICC
(tests/modem/euicc.py, GSMA SGP.22) reached through the logical-channel
commands of 3GPP TS 27.007: AT+CCHO, AT+CGLA, AT+CCHC and AT+CSIM. The
registration, AT+COPS?, AT+CCID and AT+CIMI then follow the enabled profile,
and a profile switch with refresh resets the card and re-registers after a
delay. Options add the quirks of real modules (a bare AT+CCHO answer, no
AT+CGLA, slow answers, URCs inside the answers, a module that stops
answering) and of hostile cards.

Control: a line "state" on stdin prints the card's and the module's state
as one JSON line on stdout; --state FILE keeps the same JSON in a file,
rewritten after every command.

Standard library only: pty, os, select.
"""
import argparse
import json
import os
import pty
import select
import signal
import sys
import time
import tty

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import euicc  # noqa: E402
import euicc_download  # noqa: E402,F401  (adds the download's ES10b commands to the card)

IMEI = "356938035643809"
ICCID = "89490200001234567890"
IMSI = "262011234567890"
OPERATORS = ('+COPS: (2,"Telekom.de","TDG","26201",7),(1,"Vodafone.de","VODAFONE","26202",7),'
             '(3,"o2 - de","o2 - de","26203",2),,(0,1,2,3,4),(0,1,2)')
NAMES = {0: '"Telekom.de"', 1: '"TDG"', 2: '"26201"'}
# The verbose forms of the +CME ERROR codes used here (3GPP TS 27.007 9.2).
CME_TEXT = {3: "operation not allowed", 4: "operation not supported", 10: "SIM not inserted",
            13: "SIM failure", 14: "SIM busy", 21: "invalid index", 50: "Incorrect parameters"}
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
        self.commands = 0
        self.card = None
        self.active = None  # the profile the module is registered with
        self.busy_until = 0.0  # the card is resetting until then
        self.register_at = 0.0  # the module searches until then
        self.attach_at = 0.0  # packet data is attached from then on, once registered
        self.timers = []  # (when, function) to run from the main loop
        self.esim_answers = 0
        self.sessions = {}  # AT session id -> logical channel
        if opts.euicc or opts.profiles:
            config = None
            if opts.profiles:
                with open(opts.profiles, encoding="utf-8") as f:
                    config = json.load(f)
            tag = int(opts.hostile_tag, 16) if opts.hostile_tag else None
            self.card = euicc.Euicc(config, response_size=opts.response_size, max_channels=opts.channels,
                                    hostile=opts.hostile, hostile_tag=tag,
                                    chain_without_data=opts.chain_without_data, max_block=opts.max_block,
                                    has_isdr=not opts.plain_sim)
            self.active = self.card.enabled()

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
        if self.opts.cme_text and final.startswith("+CME ERROR: "):
            code = int(final[12:])
            final = "+CME ERROR: " + CME_TEXT.get(code, "unknown")
        out += "\r\n" + final + "\r\n"
        self.send(out)

    def registration(self):
        """The +CREG/+CEREG <stat>: searching while the card resets, not
        registered without an enabled profile."""
        if self.opts.sim_missing:
            return 0
        if self.card is not None:
            if time.monotonic() < self.register_at:
                return 2
            if self.active is None:
                return 0
            if not self.active.coverage:
                return 2  # no network of this operator in reach: searching, for ever
        return STATS[self.opts.registration]

    def attached(self):
        """The +CGATT state: attached for packet data once registered and
        --attach-seconds have passed since the registration."""
        return self.registration() in (1, 5) and time.monotonic() >= self.attach_at

    def identity(self):
        """(ICCID, IMSI, operator names by +COPS format) of the profile in use."""
        if self.card is None:
            return ICCID, IMSI, NAMES
        p = self.active
        return p.iccid, p.imsi, {0: '"%s"' % p.operator, 1: '"%s"' % p.operator_short, 2: '"%s%s"' % (p.mcc, p.mnc)}

    def next_deadline(self):
        """When the main loop must wake up next, or None."""
        times = [t for t, _ in self.timers]
        if self.scan_until is not None:
            times.append(self.scan_until)
        return min(times) if times else None

    def run_timers(self):
        """Runs the timers that are due."""
        now = time.monotonic()
        due = [f for t, f in self.timers if t <= now]
        self.timers = [(t, f) for t, f in self.timers if t > now]
        for f in due:
            f()

    def card_reset(self):
        """The card resets (a refresh, or a module restart): its channels
        close, it is busy for --reset-seconds, and the module registers again
        with the enabled profile after --register-seconds."""
        self.card.reset()
        self.sessions = {}
        now = time.monotonic()
        self.busy_until = now + self.opts.reset_seconds
        self.register_at = now + self.opts.register_seconds
        self.attach_at = self.register_at + self.opts.attach_seconds
        self.active = self.card.enabled()
        self.send("\r\n+CEREG: 2\r\n")
        self.timers.append((self.register_at, self.registered_again))
        self.timers.append((self.attach_at, self.save_state))

    def registered_again(self):
        """The URC of the registration after a card reset."""
        stat = self.registration()
        if stat in (1, 5):
            self.send('\r\n+CEREG: %d,"1F00","79D903",7\r\n' % stat)
        self.save_state()

    def state(self):
        """The module's and the card's state, for the tests."""
        iccid, _, names = self.identity() if self.active or self.card is None else (None, None, None)
        out = {"at_commands": self.commands, "registration": self.registration(),
               "operator": names[0].strip('"') if names else None, "iccid": iccid,
               "attached": self.attached()}
        if self.card is not None:
            out["card"] = self.card.state()
        return out

    def save_state(self):
        """Rewrites the --state file (atomically), if asked for."""
        if self.opts.state:
            tmp = self.opts.state + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self.state(), f)
            os.replace(tmp, self.opts.state)

    def esim_answer(self, line):
        """Answers a logical-channel command; with --esim-urcs a URC comes
        before the information line or between it and OK, in turn."""
        self.esim_answers += 1
        if not self.opts.esim_urcs:
            self.answer([line] if line else [])
        else:
            urc = '+CEREG: %d,"1F00","79D903",7' % self.registration()
            self.answer([line] if line else [], urc=urc, urc_at=self.esim_answers % 2)

    def session(self, text):
        """The logical channel of an AT session id, or None if it is not open."""
        ch = self.sessions.get(text.lower())
        return ch if ch in self.card.channels else None

    def esim(self, up):
        """AT+CCHO, AT+CCHC, AT+CGLA, AT+CSIM (3GPP TS 27.007 8.17, 8.43-8.45)."""
        name, eq, arg = up.partition("=")
        if (name == "AT+CGLA" and self.opts.no_cgla) or (name == "AT+CCHC" and self.opts.no_cchc):
            return self.answer([], "ERROR")
        if not eq:
            return self.answer([], "ERROR")
        if arg == "?":
            return self.answer([], "ERROR" if self.opts.no_test_commands else "OK")
        if self.opts.sim_missing:
            return self.answer([], "+CME ERROR: 10")
        if name in ("AT+CCHO", "AT+CSIM") and time.monotonic() < self.busy_until:
            return self.answer([], "+CME ERROR: 14")  # the card is resetting
        args = [a.strip().strip('"') for a in arg.split(",")]
        card = self.card
        if name == "AT+CCHO":
            if len(args) != 1 or len(args[0]) % 2 or not args[0]:
                return self.answer([], "+CME ERROR: 50")
            if args[0] != euicc.ISDR_AID.hex().upper() or not card.has_isdr:
                return self.answer([], "+CME ERROR: 13")  # the card could not select it
            ch = card.open_channel()
            if ch is None:
                return self.answer([], "+CME ERROR: 3")
            card.select_isdr(ch)
            # The session id is the MT's handle; with --session-handles it is
            # not the channel number, and the MT sets the class byte's channel.
            sid = ("%016x" % (0x0385A7C0 + 0x111 * ch)) if self.opts.session_handles else str(ch)
            self.sessions[sid] = ch
            return self.esim_answer(sid if self.opts.ccho_bare else "+CCHO: " + sid)
        if name == "AT+CCHC":
            if len(args) != 1 or not args[0]:
                return self.answer([], "+CME ERROR: 50")
            ch = self.session(args[0])
            if ch is None:
                return self.answer([], "+CME ERROR: 21")
            card.close_channel(ch)
            del self.sessions[args[0].lower()]
            return self.esim_answer("+CCHC" if self.opts.cchc_echo else "")
        if name == "AT+CGLA":
            if len(args) != 3:
                return self.answer([], "+CME ERROR: 50")
            hexa = args[2]
        else:
            if len(args) != 2:
                return self.answer([], "+CME ERROR: 50")
            hexa = args[1]
        length = args[-2]
        try:
            command = bytes.fromhex(hexa)
        except ValueError:
            return self.answer([], "+CME ERROR: 50")
        if not length.isdigit() or int(length) != len(hexa) or len(command) < 4:
            return self.answer([], "+CME ERROR: 50")
        if name == "AT+CSIM":
            ch = card.channel_of(command[0])
        else:
            ch = self.session(args[0])
            if ch is None:
                return self.answer([], "+CME ERROR: 21")
        response = card.apdu(ch, command).hex().upper()
        fmt = '%s: %d,%s' if self.opts.hex_unquoted else '%s: %d,"%s"'
        self.esim_answer(fmt % (name[2:], len(response), response))
        if card.refresh_requested:
            self.card_reset()

    def command(self, cmd):
        """Answers one command line (without the carriage return)."""
        if self.log:
            self.log.write(cmd + "\n")
            self.log.flush()
        self.commands += 1
        if self.opts.silent or cmd in self.opts.hang:
            return
        if self.opts.answer_limit is not None and self.commands > self.opts.answer_limit:
            return
        if self.echo:
            self.send(cmd + "\r")
        if self.opts.slow:
            time.sleep(self.opts.slow)
        up = cmd.upper()
        self.respond(up)
        self.save_state()

    def respond(self, up):
        """Answers one command (upper case)."""
        sim = not self.opts.sim_missing
        stat = self.registration()
        iccid, imsi, names = self.identity() if self.active or self.card is None else (None, None, None)
        busy = time.monotonic() < self.busy_until
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
            if busy:
                self.answer([], "+CME ERROR: 14")
            elif not sim or iccid is None:
                self.answer([], "+CME ERROR: 10")
            else:
                ccid = ("^ICCID: " if self.opts.variants else "+CCID: ") + iccid
                self.answer([ccid if up == "AT+CCID" else imsi])
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
                self.answer(["+COPS: 0,%d,%s,7" % (self.cops_format, names[self.cops_format])])
            else:
                self.answer(["+COPS: 0"])
        elif up.startswith("AT+COPS=3,") and up[10:] in ("0", "1", "2"):
            self.cops_format = int(up[10:])
            self.answer([])
        elif up == "AT+COPS=?":
            self.scan_until = time.monotonic() + self.opts.scan_seconds
        elif up == "AT+CGATT?":
            self.answer(["+CGATT: %d" % (1 if sim and self.attached() else 0)])
        elif up == "AT+CSQ":
            self.answer(["+CSQ: 20,99"])
        elif up == "AT+CESQ":
            self.answer(["+CESQ: 99,99,255,255,20,80"], urc="RING", urc_at=1)  # after the line, before OK
        elif self.card is not None and up.split("=")[0] in ("AT+CCHO", "AT+CCHC", "AT+CGLA", "AT+CSIM"):
            self.esim(up)
        elif self.card is not None and up == "AT+CFUN?":
            self.answer(["+CFUN: 1"])
        elif self.card is not None and up in ("AT+CFUN=1,1", "AT+CFUN=1"):
            self.answer([])
            if up == "AT+CFUN=1,1":  # a module restart resets the card
                self.card_reset()
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
    parser.add_argument("--slow", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long before every answer")
    parser.add_argument("--answer-limit", type=int, metavar="N",
                        help="stop answering after N commands")
    esim = parser.add_argument_group("eUICC (tests/modem/README.md)")
    esim.add_argument("--euicc", action="store_true", help="carry an eUICC with the built-in profiles")
    esim.add_argument("--profiles", metavar="FILE", help="carry an eUICC configured by this JSON file")
    esim.add_argument("--state", metavar="FILE", help="keep the state as JSON in this file")
    esim.add_argument("--ccho-bare", action="store_true", help='answer AT+CCHO with "1", not "+CCHO: 1"')
    esim.add_argument("--cchc-echo", action="store_true", help='answer AT+CCHC with a "+CCHC" line before OK')
    esim.add_argument("--no-cgla", action="store_true", help="no AT+CGLA (use AT+CSIM with MANAGE CHANNEL)")
    esim.add_argument("--no-cchc", action="store_true", help="no AT+CCHC (channels stay open)")
    esim.add_argument("--no-test-commands", action="store_true",
                      help="AT+CCHO=?, AT+CCHC=?, AT+CGLA=?, AT+CSIM=? answer ERROR, the commands work")
    esim.add_argument("--session-handles", action="store_true",
                      help="AT+CCHO answers a 16-hex-digit handle, not the channel number")
    esim.add_argument("--plain-sim", action="store_true", help="a card without an ISD-R (not an eUICC)")
    esim.add_argument("--cme-text", action="store_true", help="+CME ERROR in words (as after AT+CMEE=2)")
    esim.add_argument("--hex-unquoted", action="store_true", help="+CGLA/+CSIM answers without quotes")
    esim.add_argument("--esim-urcs", action="store_true",
                      help="a URC inside every AT+CCHO/CCHC/CGLA/CSIM answer")
    esim.add_argument("--response-size", type=int, default=256, metavar="BYTES",
                      help="the most data in one response; longer ones chain with 61xx")
    esim.add_argument("--chain-without-data", action="store_true",
                      help="answers come only through GET RESPONSE (61xx first, as T=0 cards)")
    esim.add_argument("--max-block", type=int, default=255, metavar="BYTES",
                      help="refuse STORE DATA blocks longer than this (6700)")
    esim.add_argument("--channels", type=int, default=3, help="how many logical channels the card has")
    esim.add_argument("--reset-seconds", type=float, default=0.3,
                      help="how long the card is busy after a reset (+CME ERROR: 14)")
    esim.add_argument("--register-seconds", type=float, default=1.0,
                      help="how long after a card reset the module registers again")
    esim.add_argument("--attach-seconds", type=float, default=0.0,
                      help="how long after registering the module attaches for packet data (+CGATT: 1)")
    esim.add_argument("--hostile", choices=euicc.HOSTILE, help="corrupt the ES10 answers this way")
    esim.add_argument("--hostile-tag", metavar="HEX", help="only the answers to this ES10 tag (e.g. BF2D)")
    opts = parser.parse_args()

    # The slave side stays open here too, so that reading the master never
    # fails while the plugin has the port closed.
    master, slave = pty.openpty()
    tty.setraw(slave)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    modem = Modem(opts, master)
    modem.save_state()
    print(os.ttyname(slave), flush=True)
    pending = b""
    control = b""
    while True:
        timeout = None
        deadline = modem.next_deadline()
        if deadline is not None:
            timeout = max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([master, sys.stdin], [], [], timeout)
        if sys.stdin in ready:
            data = sys.stdin.buffer.read1(4096)
            if not data:
                return
            control += data
            while b"\n" in control:
                line, control = control.split(b"\n", 1)
                if line.strip() == b"state":
                    try:
                        print(json.dumps(modem.state()), flush=True)
                    except BrokenPipeError:
                        pass
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
        modem.run_timers()


if __name__ == "__main__":
    main()
