#!/usr/bin/env python3
"""Servers on 127.0.0.1 (and plain HTTP on ::1) for the network diagnostics tests (stdlib only).

    net_server.py DIR [SLOW_SECONDS]

Makes a test CA and server certificates in DIR with the openssl tool (a
valid one, an expired one, one for another host name), starts every server
on a free port, then writes DIR/ports.json (atomically) naming them:

  http        plain HTTP: "/" answers 200, "/generate_204" 204 with no body,
              "/portal" a redirect to a sign-in page (a captive portal)
  https       HTTPS with a certificate from the test CA (DIR/ca.pem)
  expired     HTTPS whose certificate expired in 2020
  wronghost   HTTPS whose certificate names another host
  skewed      plain HTTP whose Date header is two hours ahead
  slow        plain HTTP that answers after SLOW_SECONDS (default 1.8)
  blackhole   accepts connections and never answers
  closed      a port nothing listens on

Runs until killed (SIGTERM) or until its parent goes away.
"""
import email.utils
import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

DIR = sys.argv[1]
SLOW = float(sys.argv[2]) if len(sys.argv) > 2 else 1.8


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, cwd=DIR,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certs():
    """A test CA and three server certificates signed by it."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "30", "-subj", "/CN=doorstep test CA")
    with open(os.path.join(DIR, "ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\n"
                "serial = serial\ndefault_md = sha256\npolicy = any\ncopy_extensions = copy\nunique_subject = no\n"
                "[any]\ncommonName = supplied\n")
    open(os.path.join(DIR, "index.txt"), "w").close()
    with open(os.path.join(DIR, "serial"), "w") as f:
        f.write("1000\n")
    certs = {"good": ("127.0.0.1", "IP:127.0.0.1,DNS:localhost", None),
             "expired": ("127.0.0.1", "IP:127.0.0.1,DNS:localhost", ("20200101000000Z", "20200201000000Z")),
             "wronghost": ("alarm.other.example", "DNS:alarm.other.example", None)}
    for name, (cn, san, dates) in certs.items():
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + cn, "-addext", "subjectAltName=" + san)
        span = ["-startdate", dates[0], "-enddate", dates[1]] if dates else ["-days", "30"]
        openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
                "-in", name + ".csr", "-out", name + ".pem", "-notext", *span)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    skew = 0
    delay = 0.0

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        return email.utils.formatdate(time.time() + self.skew, usegmt=True)

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self.delay:
            time.sleep(self.delay)
        if self.path == "/generate_204":
            self.answer(204)
        elif self.path == "/portal":
            self.answer(302, b"<a href='/login'>sign in</a>", [("Location", "/login")])
        elif self.path == "/missing":
            self.answer(404, b"not found")
        else:
            self.answer(200, b"ok\n")

    do_HEAD = do_GET


def handler(skew=0, delay=0.0):
    return type("H", (Handler,), {"skew": skew, "delay": delay})


class HTTPServer6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def serve(h, cert=None, server=http.server.ThreadingHTTPServer, host="127.0.0.1"):
    srv = server((host, 0), h)
    srv.daemon_threads = True
    srv.handle_error = lambda request, address: None  # clients that hang up are expected
    if cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(DIR, cert + ".pem"), os.path.join(DIR, cert + ".key"))
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.server_address[1]


def serve6(h):
    """Plain HTTP on the IPv6 loopback ::1, or 0 when the machine has none."""
    try:
        return serve(h, server=HTTPServer6, host="::1")
    except OSError:
        return 0


def blackhole():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    held = []

    def accept():
        while True:
            held.append(s.accept()[0])
    threading.Thread(target=accept, daemon=True).start()
    return s.getsockname()[1], s


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    os.makedirs(DIR, exist_ok=True)
    make_certs()
    hole_port, hole = blackhole()
    ports = {
        "http": serve(handler()),
        "http6": serve6(handler()),
        "https": serve(handler(), "good"),
        "expired": serve(handler(), "expired"),
        "wronghost": serve(handler(), "wronghost"),
        "skewed": serve(handler(skew=7200)),
        "slow": serve(handler(delay=SLOW)),
        "blackhole": hole_port,
        "closed": closed_port(),
        "pid": os.getpid(),
    }
    tmp = os.path.join(DIR, "ports.json.tmp")
    with open(tmp, "w") as f:
        json.dump(ports, f)
    os.rename(tmp, os.path.join(DIR, "ports.json"))
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(0.2)
    hole.close()


if __name__ == "__main__":
    main()
