#!/usr/bin/python3
"""ESP provisioning devices for the tests: N emulated devices in one process.

Each device (esp_device.Device, the transport-independent core) gets a SoftAP
front here: an HTTP server on its own port taking `POST /<endpoint>` as an
ESP device's protocomm HTTP server does (192.168.4.1:80 on a real device):

- A request that does not continue the current session opens a new one (the
  old one is closed: one session at a time) and, if it succeeds, its answer
  carries `Set-Cookie: session=<random 32-bit number in decimal>`. The
  session continues when the request's Cookie header is exactly that
  `session=<n>` text, or, without any Cookie header, when it comes on the
  same TCP connection as the request that opened the session. A Cookie
  header longer than 19 characters does not fit the device's buffer and
  counts as no header.
- A body is required (Content-Length over 0) and at most 4096 bytes.
- When the handler fails (a wrong PoP or SRP password, a broken message,
  encryption not set up) the device answers nothing: the connection closes.
- An unknown endpoint gets 404.

Not part of a real device: `GET /_emu/state` on a device's port, and a
control port (GET /_emu/state, /_emu/state/NAME; POST /_emu/vanish/NAME,
/_emu/revive/NAME, /_emu/power-cycle/NAME). Once everything listens, one
line of JSON ({"ready": true, ...}) goes to stdout with every port.

Failure modes per device ("failure": {"mode": M, "after": N, "endpoint": E}),
from the (N+1)th request on (on endpoint E only if given):
  vanish        the device goes away: the request and its connection are
                dropped and the port is closed (connection refused) until
                /_emu/revive or a power cycle
  never_answer  the request is read and never answered (the connection stays
                open until the client gives up)
  garbage       the answer is not protobuf (encrypted like a real answer)
  oversized     the answer is "bytes" long (default 1 MiB) of noise

Standard library and python3-cryptography; run with /usr/bin/python3.
tests/espprov/README.md tells how to use it.
"""
import argparse
import http.server
import json
import os
import select
import signal
import socket
import socketserver
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import esp_device  # noqa: E402

MAX_BODY = 4096
COOKIE_BUF = 19  # the device reads the Cookie header into 20 bytes with its NUL


class DeviceServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """The HTTP server of one device; remembers which connection opened the session."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, device, front):
        self.device = device
        self.front = front
        super().__init__(address, SoftApHandler)


class SoftApFront:
    """The SoftAP transport of one device: its HTTP server, cookies and sockets."""

    def __init__(self, device, address, port, verbose):
        self.device = device
        self.address = address
        self.verbose = verbose
        self.lock = threading.Lock()
        self.cookie_session = None   # the session id the cookie carries
        self.sock_session = None     # the connection that opened it (until it closes)
        self.stopping = threading.Event()
        self.server = DeviceServer((address, port), device, self)
        self.port = self.server.server_address[1]
        self._serve()

    def _serve(self):
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def vanish(self):
        """The port closes: connection refused from now on (called from a request thread)."""
        with self.lock:
            self.device.vanished = True
            srv, self.server = self.server, None
        if srv is not None:
            srv.shutdown()
            srv.server_close()

    def revive(self):
        """The device answers again on the same port."""
        with self.lock:
            self.device.vanished = False
            if self.server is not None:
                return
            self.server = DeviceServer((self.address, self.port), self.device, self)
        self._serve()

    def power_cycle(self):
        """A restart: the device forgets its state and session, and answers again."""
        self.device.power_cycle()
        with self.lock:
            self.cookie_session = self.sock_session = None
        self.revive()

    def session_for(self, cookie, conn_id):
        """(session id, whether it is new) for a request, as the device decides it."""
        with self.lock:
            same = False
            if cookie is not None and len(cookie) <= COOKIE_BUF:
                if self.cookie_session is not None and cookie == "session=%u" % self.cookie_session:
                    same = True
                    self.sock_session = None
            elif conn_id == self.sock_session and self.cookie_session is not None:
                same = True
            if same:
                return self.cookie_session, False
            if self.cookie_session is not None:
                self.device.close_session(self.cookie_session)
            sid = int.from_bytes(os.urandom(4), "big")
            self.device.new_session(sid)
            self.cookie_session, self.sock_session = sid, conn_id
            return sid, True

    def connection_closed(self, conn_id):
        """The socket that opened the session closed: only the cookie continues it now."""
        with self.lock:
            if self.sock_session == conn_id:
                self.sock_session = None


class SoftApHandler(http.server.BaseHTTPRequestHandler):
    """POST /<endpoint> of the device; GET /_emu/state for the tests."""
    protocol_version = "HTTP/1.1"
    server_version = "esp-httpd-emulator"

    def setup(self):
        super().setup()
        self.conn_id = id(self)
        # headers and body go out as separate writes: without this, Nagle's
        # algorithm and the peer's delayed ACK hold every answer back ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.front.connection_closed(self.conn_id)

    def log_message(self, fmt, *args):
        if self.server.front.verbose:
            sys.stderr.write("%s %s\n" % (self.server.device.name, fmt % args))

    def _send(self, code, body, ctype="text/html", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _drop(self):
        """No answer: the connection closes, as the device's HTTP server does."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _hold(self):
        """Never answers: waits until the client gives up or the emulator stops."""
        self.close_connection = True
        front = self.server.front
        while not front.stopping.is_set():
            ready, _, _ = select.select([self.connection], [], [], 0.2)
            if ready:
                try:
                    if not self.connection.recv(4096):
                        return
                except OSError:
                    return

    def do_GET(self):
        if self.path.rstrip("/") == "/_emu/state":
            body = json.dumps(self.server.device.state()).encode()
            self._send(200, body, "application/json")
            return
        self._send(405, b"Request method for this URI is not handled by server")

    def do_POST(self):
        dev = self.server.device
        front = self.server.front
        endpoint = self.path[1:].split("?")[0]
        if dev.vanished:
            self._drop()
            return
        failure = dev.failure_for(endpoint)
        if failure == "vanish":
            front.vanish()
            self._drop()
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        body = self.rfile.read(length) if 0 < length <= MAX_BODY else b""
        if failure == "never_answer":
            with dev.lock:
                dev.counters["unanswered"] += 1
            self._hold()
            return
        custom = dev.cfg["custom_endpoints"]
        if endpoint not in ("proto-ver", "prov-session") + esp_device.ENCRYPTED \
                and endpoint not in custom:
            self._send(404, b"This URI does not exist")
            return
        sid, new = front.session_for(self.headers.get("Cookie"), self.conn_id)
        if not 0 < length <= MAX_BODY:
            self._drop()
            return
        try:
            if failure in ("garbage", "oversized"):
                out = dev.garbage_answer(sid, endpoint, body, oversized=(failure == "oversized"))
            else:
                out = dev.handle(sid, endpoint, body)
        except esp_device.NotFound:
            self._send(404, b"This URI does not exist")
            return
        except esp_device.Drop:
            self._drop()
            return
        headers = [("Set-Cookie", "session=%u" % sid)] if new else []
        self._send(200, out, headers=headers)


class ControlHandler(http.server.BaseHTTPRequestHandler):
    """The emulator's own port: state, vanish, revive, power cycle."""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _json(self, code, doc):
        body = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _front(self, name):
        for f in self.server.fronts:
            if f.device.name == name:
                return f
        return None

    def do_GET(self):
        parts = [p for p in self.path.split("/") if p]
        if parts[:2] != ["_emu", "state"]:
            self._json(404, {"error": "unknown path"})
        elif len(parts) == 2:
            self._json(200, {"devices": [f.device.state() for f in self.server.fronts]})
        else:
            f = self._front(parts[2])
            self._json(200, f.device.state()) if f else self._json(404, {"error": "no device"})

    def do_POST(self):
        parts = [p for p in self.path.split("/") if p]
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length:
            self.rfile.read(length)
        f = self._front(parts[2]) if len(parts) == 3 and parts[0] == "_emu" else None
        if f is None:
            self._json(404, {"error": "unknown path or device"})
            return
        if parts[1] == "vanish":
            f.vanish()
        elif parts[1] == "revive":
            f.revive()
        elif parts[1] == "power-cycle":
            f.power_cycle()
        else:
            self._json(404, {"error": "unknown action"})
            return
        self._json(200, {"ok": True})


class ControlServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """The control port."""
    daemon_threads = True

    def __init__(self, address, fronts):
        self.fronts = fronts
        super().__init__(address, ControlHandler)


def load_configs(args):
    """The devices' settings from --config and --devices."""
    configs = []
    defaults = {}
    if args.config:
        with open(args.config, encoding="utf-8") as fh:
            doc = json.load(fh)
        defaults = doc.get("defaults", {})
        for d in doc.get("devices", []):
            c = dict(defaults)
            c.update(d)
            configs.append(c)
    for _ in range(args.devices):
        c = dict(defaults)
        configs.append(c)
    for i, c in enumerate(configs):
        c.setdefault("name", "PROV_%06X" % (0xA1B2C0 + i))
    return configs


def main():
    """Starts every device and the control port, prints the ready line, serves until killed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", help="JSON: {\"defaults\": {...}, \"devices\": [{...}]}")
    ap.add_argument("--devices", type=int, default=0, help="add N devices with the defaults")
    ap.add_argument("--address", default="127.0.0.1")
    ap.add_argument("--verbose", action="store_true", help="log every request on stderr")
    args = ap.parse_args()
    configs = load_configs(args)
    if not configs:
        ap.error("no device: give --config or --devices")
    fronts = []
    for c in configs:
        dev = esp_device.Device(c)
        fronts.append(SoftApFront(dev, args.address, int(c.get("port", 0)), args.verbose))
    control = ControlServer((args.address, 0), fronts)
    threading.Thread(target=control.serve_forever, daemon=True).start()
    done = threading.Event()

    def on_signal(signum, frame):
        done.set()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    ready = {"ready": True, "pid": os.getpid(), "control_port": control.server_address[1],
             "devices": [{"name": f.device.name, "address": args.address, "port": f.port,
                          "url": "http://%s:%d" % (args.address, f.port),
                          "sec_ver": f.device.cfg["sec_ver"],
                          "sec_patch_ver": f.device.cfg["sec_patch_ver"] if f.device.cfg["sec_ver"] == 2 else 0}
                         for f in fronts]}
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    while not done.wait(0.5):
        pass
    for f in fronts:
        f.stopping.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
