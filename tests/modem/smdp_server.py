#!/usr/bin/env python3
"""A test SM-DP+ on 127.0.0.1 speaking ES9+ (GSMA SGP.22 v2, 5.6 and 6.5).

HTTPS with a certificate authority made at run time (python3-cryptography):
the CA's PEM file is written into --dir, and the first line on stdout is
"<port> <CA file>". The functions: initiateAuthentication,
authenticateClient, getBoundProfilePackage, handleNotification and
cancelSession, JSON with base64 fields, X-Admin-Protocol checked.

It holds one profile for one Matching ID, optionally with a confirmation
code; its signatures are the stand-ins of tests/modem/euicc_download.py.
Every call is appended as one JSON line to --events, for the tests to read.
--fail FUNCTION:SUBJECT:REASON makes a function answer that error;
--delay FUNCTION:SECONDS makes it answer late.
"""
import argparse
import base64
import datetime
import hashlib
import http.server
import ipaddress
import json
import os
import ssl
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import euicc_download  # noqa: E402
import tlv  # noqa: E402

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

PREFIX = "/gsma/rsp2/es9plus/"


def make_ca_and_cert(directory):
    """A CA and a server certificate for 127.0.0.1 signed by it; returns the
    paths of the CA's PEM, the server's certificate chain and its key."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "doorstep test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = [os.path.join(directory, n) for n in ("smdp-ca.pem", "smdp-cert.pem", "smdp-key.pem")]
    with open(paths[0], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths[1], "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths[2], "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return paths


def b64(data):
    """Base64 of bytes, as ES9+ carries binary fields."""
    return base64.b64encode(data).decode()


class Smdp:
    """The SM-DP+'s profile and its sessions."""

    def __init__(self, opts):
        self.opts = opts
        self.address = None
        self.sessions = {}
        self.lock = threading.Lock()
        self.fail = {}
        for spec in opts.fail:
            function, subject, reason = spec.split(":")
            self.fail[function] = (subject, reason)
        self.events = opts.events
        self.delay = {}
        for spec in opts.delay:
            function, seconds = spec.split(":")
            self.delay[function] = float(seconds)

    def event(self, **fields):
        """Appends one line to the events file."""
        if self.events:
            with self.lock, open(self.events, "a", encoding="utf-8") as f:
                f.write(json.dumps(fields) + "\n")

    @staticmethod
    def ok(**fields):
        """An executed answer."""
        return dict({"header": {"functionExecutionStatus": {"status": "Executed-Success"}}}, **fields)

    @staticmethod
    def failed(subject, reason, message=""):
        """A failed answer with its status code data."""
        return {"header": {"functionExecutionStatus": {
            "status": "Failed",
            "statusCodeData": {"subjectCode": subject, "reasonCode": reason, "message": message}}}}

    def session(self, body):
        """The session of the request's transactionId, or None."""
        return self.sessions.get(body.get("transactionId", ""))

    def initiate_authentication(self, body):
        challenge = base64.b64decode(body["euiccChallenge"])
        info1 = base64.b64decode(body["euiccInfo1"])
        tag, _ = tlv.decode_whole(info1)
        if len(challenge) != 16 or tag != 0xBF20:
            return self.failed("8.1", "2.1", "euiccChallenge or euiccInfo1 malformed")
        if body.get("smdpAddress") != self.address:
            return self.failed("8.8.1", "3.8", "not this SM-DP+")
        transaction = os.urandom(16)
        server_challenge = os.urandom(16)
        signed1 = tlv.encode(0x30, tlv.encode(0x80, transaction) + tlv.encode(0x81, challenge)
                             + tlv.encode(0x83, self.address.encode()) + tlv.encode(0x84, server_challenge))
        tid = transaction.hex().upper()
        self.sessions[tid] = {"transaction": transaction, "server_challenge": server_challenge, "stage": "initiated",
                              "cc_tries": 0}
        return self.ok(transactionId=tid, serverSigned1=b64(signed1),
                       serverSignature1=b64(tlv.encode(0x5F37, euicc_download.test_signature("smdp", signed1))),
                       euiccCiPKIdToBeUsed=b64(tlv.encode(0x04, euicc_download.CI_PKID)),
                       serverCertificate=b64(euicc_download.certificate("test SM-DP+ authentication")))

    def authenticate_client(self, body):
        s = self.session(body)
        if s is None or s["stage"] != "initiated":
            return self.failed("8.10.1", "3.9", "unknown transaction")
        tag, value = tlv.decode_whole(base64.b64decode(body["authenticateServerResponse"]))
        choice = tlv.decode_all(value)
        if tag != 0xBF38 or len(choice) != 1 or choice[0][0] != 0xA0:
            return self.failed("8.1", "6.1", "the eUICC did not authenticate us")
        items = tlv.decode_all(choice[0][1])
        signed1 = tlv.find(items, 0x30)
        fields = tlv.decode_all(signed1)
        if tlv.find(fields, 0x80) != s["transaction"] or tlv.find(fields, 0x84) != s["server_challenge"]:
            return self.failed("8.1", "6.1", "euiccSigned1 for another session")
        if tlv.find(items, 0x5F37) != euicc_download.test_signature("euicc", tlv.encode(0x30, signed1)):
            return self.failed("8.1", "6.1", "eUICC signature invalid")
        # ctxParams1: the CHOICE ctxParamsForCommonAuthentication [0]
        common = tlv.decode_all(tlv.find(fields, 0xA0))
        matching = (tlv.find(common, 0x80) or b"").decode()
        device = tlv.decode_all(tlv.find(common, 0xA1))
        self.event(function="authenticateClient", matchingId=matching,
                   tac=(tlv.find(device, 0x80) or b"").hex().upper(),
                   imei=(tlv.find(device, 0x82) or b"").hex().upper())
        if matching != self.opts.matching_id:
            return self.failed("8.2.6", "3.8", "unknown Matching ID")
        s["stage"] = "authenticated"
        cc = bool(self.opts.confirmation_code)
        signed2 = tlv.encode(0x30, tlv.encode(0x80, s["transaction"]) + tlv.encode(0x01, b"\xFF" if cc else b"\x00"))
        metadata = tlv.encode(0xBF25, tlv.encode(0x5A, tlv.iccid_bytes(self.opts.iccid))
                              + tlv.encode(0x91, self.opts.provider.encode()) + tlv.encode(0x92, self.opts.name.encode()))
        return self.ok(transactionId=body["transactionId"], profileMetadata=b64(metadata), smdpSigned2=b64(signed2),
                       smdpSignature2=b64(tlv.encode(0x5F37, euicc_download.test_signature("smdp", signed2))),
                       smdpCertificate=b64(euicc_download.certificate("test SM-DP+ binding")))

    def bound_profile_package(self, transaction):
        """The package: BF23, A0 (ConfigureISDP), A1 (the metadata in one 88),
        A2 (ReplaceSessionKeys), A3 (the profile elements in several 86)."""
        init = tlv.encode(0xBF23, tlv.encode(0x82, b"\x01") + tlv.encode(0x80, transaction)
                          + tlv.encode(0xA6, tlv.encode(0x90, b"\x88") + tlv.encode(0x95, b"\x10")
                                       + tlv.encode(0x80, b"\x88") + tlv.encode(0x81, b"\x10"))
                          + tlv.encode(0x5F49, b"\x04" + bytes(64)) + tlv.encode(0x5F37, bytes(64)))
        metadata = tlv.encode(0xBF25, tlv.encode(0x5A, tlv.iccid_bytes(self.opts.iccid))
                              + tlv.encode(0x91, self.opts.provider.encode()) + tlv.encode(0x92, self.opts.name.encode()))
        elements = b"".join(tlv.encode(0x86, bytes([i]) * 300) for i in range(self.opts.elements))
        return tlv.encode(0xBF36, init + tlv.encode(0xA0, tlv.encode(0x87, tlv.encode(0xBF24, b"")))
                          + tlv.encode(0xA1, tlv.encode(0x88, metadata))
                          + tlv.encode(0xA2, tlv.encode(0x87, bytes(16)))
                          + tlv.encode(0xA3, elements))

    def get_bound_profile_package(self, body):
        s = self.session(body)
        if s is None or s["stage"] != "authenticated":
            return self.failed("8.10.1", "3.9", "unknown transaction")
        tag, value = tlv.decode_whole(base64.b64decode(body["prepareDownloadResponse"]))
        choice = tlv.decode_all(value)
        if tag != 0xBF21 or len(choice) != 1 or choice[0][0] != 0xA0:
            self.sessions.pop(body["transactionId"], None)
            return self.failed("8.2", "4.2", "the eUICC did not prepare the download")
        signed2 = tlv.find(tlv.decode_all(choice[0][1]), 0x30)
        fields = tlv.decode_all(signed2)
        if tlv.find(fields, 0x80) != s["transaction"]:
            return self.failed("8.10.1", "3.9", "euiccSigned2 for another session")
        if self.opts.confirmation_code:
            hash_cc = tlv.find(fields, 0x04)
            expect = hashlib.sha256(hashlib.sha256(self.opts.confirmation_code.encode()).digest()
                                    + s["transaction"]).digest()
            self.event(function="getBoundProfilePackage", hashCcGiven=hash_cc is not None,
                       hashCcRight=hash_cc == expect)
            if hash_cc is None:
                return self.failed("8.2.7", "2.2", "confirmation code missing")
            if hash_cc != expect:
                s["cc_tries"] += 1
                return self.failed("8.2.7", "3.8", "confirmation code refused")
        s["stage"] = "bound"
        return self.ok(transactionId=body["transactionId"],
                       boundProfilePackage=b64(self.bound_profile_package(s["transaction"])))

    def handle_notification(self, body):
        raw = base64.b64decode(body["pendingNotification"])
        tag, value = tlv.decode_whole(raw)
        first = tlv.decode_all(value)[0]
        if tag == 0xBF37:  # ProfileInstallationResult: its metadata is inside BF27
            first = tlv.find(tlv.decode_all(tlv.find(tlv.decode_all(value), 0xBF27)), 0xBF2F)
            first = (0xBF2F, first)
        meta = tlv.decode_all(first[1])
        self.event(function="handleNotification", seq=tlv.integer_value(tlv.find(meta, 0x80)),
                   iccid=tlv.iccid_text(tlv.find(meta, 0x5A) or b""))
        return None

    def cancel_session(self, body):
        s = self.sessions.pop(body.get("transactionId", ""), None)
        tag, value = tlv.decode_whole(base64.b64decode(body["cancelSessionResponse"]))
        choice = tlv.decode_all(value)
        reason = None
        if tag == 0xBF41 and choice and choice[0][0] == 0xA0:
            signed = tlv.decode_all(tlv.find(tlv.decode_all(choice[0][1]), 0x30))
            reason = tlv.integer_value(tlv.find(signed, 0x82))
        self.event(function="cancelSession", known=s is not None, reason=reason)
        if s is None:
            return self.failed("8.10.1", "3.9", "unknown transaction")
        return self.ok()

    FUNCTIONS = {
        "initiateAuthentication": initiate_authentication,
        "authenticateClient": authenticate_client,
        "getBoundProfilePackage": get_bound_profile_package,
        "handleNotification": handle_notification,
        "cancelSession": cancel_session,
    }


class Handler(http.server.BaseHTTPRequestHandler):
    """One ES9+ request."""

    protocol_version = "HTTP/1.1"
    smdp = None

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, answer=None):
        body = json.dumps(answer).encode() if answer is not None else b""
        self.send_response(status)
        self.send_header("X-Admin-Protocol", "gsma/rsp/v2.2.0")
        if answer is not None:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        smdp = self.smdp
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length)
        function = self.path[len(PREFIX):] if self.path.startswith(PREFIX) else None
        if function not in Smdp.FUNCTIONS:
            self.reply(404)
            return
        if not (self.headers.get("X-Admin-Protocol") or "").startswith("gsma/rsp/v2."):
            smdp.event(function=function, refused="X-Admin-Protocol")
            self.reply(400)
            return
        try:
            body = json.loads(data)
        except ValueError:
            self.reply(400)
            return
        smdp.event(function=function, called=True)
        time.sleep(smdp.delay.get(function, 0.0))
        if function in smdp.fail:
            self.reply(200, smdp.failed(*smdp.fail[function], message="configured to fail"))
            return
        try:
            answer = Smdp.FUNCTIONS[function](smdp, body)
        except (KeyError, ValueError, TypeError, IndexError, tlv.TlvError) as e:
            print("smdp_server: %s: malformed request: %r" % (function, e), file=sys.stderr, flush=True)
            answer = smdp.failed("8.1", "2.1", "malformed: %s" % e)
        if answer is None:
            self.reply(204)
        else:
            self.reply(200, answer)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="where the CA and the server's key are written (made if missing)")
    parser.add_argument("--matching-id", default="DOORSTEP-TEST-0001")
    parser.add_argument("--confirmation-code", default="", help="the code the profile needs (none: no code)")
    parser.add_argument("--iccid", default="8988247000001234567")
    parser.add_argument("--provider", default="Test Mobile")
    parser.add_argument("--name", default="Test IoT")
    parser.add_argument("--elements", type=int, default=4, help="how many 86 segments the package has")
    parser.add_argument("--events", help="append every call as a JSON line to this file")
    parser.add_argument("--fail", action="append", default=[], metavar="FUNCTION:SUBJECT:REASON")
    parser.add_argument("--delay", action="append", default=[], metavar="FUNCTION:SECONDS")
    opts = parser.parse_args()

    os.makedirs(opts.dir, exist_ok=True)
    ca, cert, key = make_ca_and_cert(opts.dir)
    smdp = Smdp(opts)
    Handler.smdp = smdp
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    smdp.address = "127.0.0.1:%d" % port
    print("%d %s" % (port, ca), flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # runs until stdin closes
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    server.shutdown()


if __name__ == "__main__":
    main()
