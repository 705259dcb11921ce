#!/usr/bin/env python3
"""HTTP servers on 127.0.0.1 for the host HTTP service tests (stdlib only).

    http_auth_server.py DIR          run the servers
    http_auth_server.py --selftest   check the Digest code against RFC 7616 3.9.1

Makes two self-signed certificates in DIR with the openssl tool (a.pem and
b.pem: "the camera" and "an impostor"), starts every server on a free port,
then writes DIR/ports.json (atomically) naming them:

  http       plain HTTP:
               /hello          200 "hello doorstep" (text/plain)
               /big            200 with 200000 bytes
               /echo           the request's method and body back
               /cookie         200 with two Set-Cookie headers and one with an escape character
               /digest-md5     Digest (RFC 7616) MD5, qop=auth
               /digest-sha256  Digest SHA-256, qop=auth
               /basic          Basic
               /seen?server=N  JSON: the Authorization headers server N received
  https_a    HTTPS with certificate a.pem; /basic and /digest-sha256 as above
  https_b    HTTPS with certificate b.pem (the impostor), same paths
  https_ab   HTTPS that shows a.pem to its first connection, b.pem to every
             later one (an impostor that switches after the first look)
  blackhole  accepts connections and never answers

The account is admin / s3cret-Pa55. Runs until killed or its parent goes away.
"""
import base64
import hashlib
import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

USER = "admin"
PASSWORD = "s3cret-Pa55"
REALM = "doorstep-test"

SEEN = {}  # server name -> Authorization headers it received
SEEN_LOCK = threading.Lock()


def digest_hash(algorithm, text):
    return hashlib.new("md5" if algorithm == "MD5" else "sha256", text.encode()).hexdigest()


def digest_response(algorithm, user, realm, password, method, uri, nonce, nc, cnonce, qop):
    """RFC 7616 3.4.1: the response of qop=auth."""
    ha1 = digest_hash(algorithm, f"{user}:{realm}:{password}")
    ha2 = digest_hash(algorithm, f"{method}:{uri}")
    return digest_hash(algorithm, f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")


def selftest():
    """RFC 7616 section 3.9.1, both algorithms."""
    args = ("Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth")
    md5 = digest_response("MD5", *args)
    sha = digest_response("SHA-256", *args)
    ok = (md5 == "8ca523f5e9506fed4657c9700eebdbec" and
          sha == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
    print("md5", md5, "sha-256", sha, "ok" if ok else "WRONG")
    return 0 if ok else 1


def parse_auth_params(text):
    """key=value, key="value", ... of an Authorization header."""
    out, i = {}, 0
    while i < len(text):
        while i < len(text) and text[i] in " ,":
            i += 1
        eq = text.find("=", i)
        if eq < 0:
            break
        key = text[i:eq].strip().lower()
        i = eq + 1
        if i < len(text) and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                break
            out[key] = text[i + 1:end]
            i = end + 1
        else:
            end = text.find(",", i)
            end = len(text) if end < 0 else end
            out[key] = text[i:end].strip()
            i = end
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "doorstep-test"
    nonces = set()

    def log_message(self, *args):
        pass

    def reply(self, code, body=b"", ctype="text/plain", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def record(self):
        auth = self.headers.get("Authorization")
        if auth is not None:
            with SEEN_LOCK:
                SEEN.setdefault(self.server.name, []).append(auth)
        return auth

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def challenge(self, algorithm):
        nonce = base64.b64encode(os.urandom(24)).decode()
        Handler.nonces.add(nonce)
        self.reply(401, b"who are you?", extra=[("WWW-Authenticate",
                   f'Digest realm="{REALM}", qop="auth", algorithm={algorithm}, '
                   f'nonce="{nonce}", opaque="0123"')])

    def digest(self, algorithm, auth):
        if not auth or not auth.startswith("Digest "):
            return False
        p = parse_auth_params(auth[7:])
        if p.get("username") != USER or p.get("realm") != REALM or p.get("nonce") not in Handler.nonces:
            return False
        if p.get("algorithm", "MD5").upper() != algorithm.upper() or p.get("qop") != "auth":
            return False
        want = digest_response(algorithm, USER, REALM, PASSWORD, self.command, p.get("uri", ""),
                               p["nonce"], p.get("nc", ""), p.get("cnonce", ""), "auth")
        return p.get("uri") == self.path and p.get("response") == want

    def basic(self, auth):
        good = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        return auth == good

    def handle_any(self):
        path = urllib.parse.urlparse(self.path)
        auth = self.record()
        data = self.body()
        if path.path == "/hello":
            self.reply(200, b"hello doorstep")
        elif path.path == "/big":
            self.reply(200, b"x" * 200000)
        elif path.path == "/echo":
            self.reply(200, self.command.encode() + b" " + data)
        elif path.path == "/cookie":
            self.reply(200, b"cookies", extra=[("Set-Cookie", "session=2718281828; Path=/"),
                                               ("Set-Cookie", "theme=dark"),
                                               ("X-Note", "bell\x07and\x1b[31mred")])
        elif path.path in ("/digest-md5", "/digest-sha256"):
            algorithm = "MD5" if path.path.endswith("md5") else "SHA-256"
            if self.digest(algorithm, auth):
                self.reply(200, b"digest ok " + algorithm.encode(), extra=[("X-Auth", "accepted")])
            else:
                self.challenge(algorithm)
        elif path.path == "/basic":
            if self.basic(auth):
                self.reply(200, b"basic ok")
            else:
                self.reply(401, b"who are you?", extra=[("WWW-Authenticate", f'Basic realm="{REALM}"')])
        elif path.path == "/seen":
            name = urllib.parse.parse_qs(path.query).get("server", [""])[0]
            with SEEN_LOCK:
                seen = list(SEEN.get(name, []))
            self.reply(200, json.dumps(seen).encode(), "application/json")
        else:
            self.reply(404, b"no such page")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, name, contexts=None):
        super().__init__(("127.0.0.1", 0), Handler)
        self.name = name
        self.contexts = contexts  # TLS contexts: the first for connection 1, the last for the rest
        self.connections = 0

    def get_request(self):
        sock, addr = self.socket.accept()
        if self.contexts:
            ctx = self.contexts[min(self.connections, len(self.contexts) - 1)]
            self.connections += 1
            sock.settimeout(10)
            try:
                sock = ctx.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                sock.close()
                raise
        return sock, addr

    def handle_error(self, request, client_address):
        pass


def make_cert(directory, name, cn):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
                    "-out", name + ".pem", "-days", "30", "-subj", "/CN=" + cn,
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(directory, name + ".pem"), os.path.join(directory, name + ".key"))
    return ctx


def blackhole():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    held = []

    def loop():
        while True:
            conn, _ = s.accept()
            held.append(conn)  # never answered, never closed
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]


def main():
    if sys.argv[1:] == ["--selftest"]:
        return selftest()
    directory = sys.argv[1]
    parent = os.getppid()
    a = make_cert(directory, "a", "camera-a")
    b = make_cert(directory, "b", "camera-a")
    servers = {"http": Server("http"), "https_a": Server("https_a", [a]), "https_b": Server("https_b", [b]),
               "https_ab": Server("https_ab", [a, b])}
    ports = {name: srv.server_address[1] for name, srv in servers.items()}
    ports["blackhole"] = blackhole()
    for srv in servers.values():
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    tmp = os.path.join(directory, "ports.json.tmp")
    with open(tmp, "w") as f:
        json.dump(ports, f)
    os.rename(tmp, os.path.join(directory, "ports.json"))
    while os.getppid() == parent:
        time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
