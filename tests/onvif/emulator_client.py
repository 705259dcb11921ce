"""A minimal ONVIF client for the emulator's own tests (standard library only).

Written from the same specifications as the emulator; the independent check of
both is tests/onvif/test_onvif_client.sh with the npm package `onvif`.
"""
import base64
import datetime
import hashlib
import http.client
import json
import os
import secrets
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR = os.path.join(HERE, "camera_emulator.py")
SOAP_NS = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TRT = "http://www.onvif.org/ver10/media/wsdl"
TT = "http://www.onvif.org/ver10/schema"


class Emulator:
    """Starts camera_emulator.py with a config and waits for its ready line."""

    def __init__(self, cameras, extra=(), timeout=15, defaults=None):
        fd, self.config = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump({"defaults": defaults or {}, "cameras": cameras}, f)
        self.proc = subprocess.Popen(["/usr/bin/python3", EMULATOR, "--config", self.config]
                                     + list(extra), stdout=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("the emulator did not print its ready line")
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    continue
                line += chunk
        self.ready = json.loads(line)
        self.cams = {c["name"]: c for c in self.ready["cameras"]}

    def state(self, name):
        conn = http.client.HTTPConnection("127.0.0.1", self.ready["control_port"], timeout=5)
        conn.request("GET", "/emulator/state/" + name)
        try:
            return json.loads(conn.getresponse().read())
        finally:
            conn.close()

    def control(self, verb, name):
        conn = http.client.HTTPConnection("127.0.0.1", self.ready["control_port"], timeout=5)
        conn.request("POST", "/emulator/%s/%s" % (verb, name))
        try:
            return json.loads(conn.getresponse().read())
        finally:
            conn.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        os.unlink(self.config)


def wsse_header(user, password, clock_offset=0.0, nonce=None, created=None):
    nonce = nonce or secrets.token_bytes(16)
    if created is None:
        t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=clock_offset)
        created = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
    digest = base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode())
                              .digest()).decode()
    return ('<s:Header><wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/'
            'wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.'
            'oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">'
            "<wsse:UsernameToken><wsse:Username>%s</wsse:Username>"
            '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-'
            'username-token-profile-1.0#PasswordDigest">%s</wsse:Password>'
            "<wsse:Nonce>%s</wsse:Nonce><wsu:Created>%s</wsu:Created></wsse:UsernameToken>"
            "</wsse:Security></s:Header>" % (user, digest, base64.b64encode(nonce).decode(),
                                              created))


def envelope(body, header=""):
    return ('<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="%s" xmlns:tds="%s" '
            'xmlns:trt="%s" xmlns:tt="%s">%s<s:Body>%s</s:Body></s:Envelope>'
            % (SOAP_NS, TDS, TRT, TT, header, body))


def post(port, body, path="/onvif/device_service", headers=None, timeout=5):
    """POSTs a SOAP body; returns (status, response headers (list), body text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = {"Content-Type": "application/soap+xml; charset=utf-8"}
    h.update(headers or {})
    conn.request("POST", path, body.encode() if isinstance(body, str) else body, h)
    try:
        r = conn.getresponse()
        data = r.read()
    finally:
        conn.close()
    return r.status, r.getheaders(), data.decode("utf-8", "replace")


def digest_authorization(challenge, user, password, method, uri, nc=1, cnonce=None):
    params = {}
    for part in challenge[len("Digest "):].split(","):
        k, _, v = part.strip().partition("=")
        params[k] = v.strip('"')
    alg = params.get("algorithm", "MD5")
    h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[alg]
    cnonce = cnonce or secrets.token_hex(8)
    ha1 = h(("%s:%s:%s" % (user, params["realm"], password)).encode()).hexdigest()
    ha2 = h(("%s:%s" % (method, uri)).encode()).hexdigest()
    ncs = "%08x" % nc
    if "qop" in params:
        resp = h(":".join([ha1, params["nonce"], ncs, cnonce, "auth", ha2]).encode()).hexdigest()
        return ('Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=%s, qop=auth, '
                'nc=%s, cnonce="%s", response="%s"' % (user, params["realm"], params["nonce"],
                                                       uri, alg, ncs, cnonce, resp))
    resp = h(":".join([ha1, params["nonce"], ha2]).encode()).hexdigest()
    return ('Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s"'
            % (user, params["realm"], params["nonce"], uri, resp))


def log(*args):
    sys.stderr.write(" ".join(str(a) for a in args) + "\n")
