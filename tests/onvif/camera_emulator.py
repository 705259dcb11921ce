#!/usr/bin/python3
"""ONVIF IP cameras for the tests: N emulated cameras in one process.

Each camera has its own HTTP port (SOAP 1.2 device and media services), its
own RTSP port and its own UDP port (unicast WS-Discovery); one shared socket
answers multicast WS-Discovery probes on 239.255.255.250:3702 for all of them
(--multicast). A control port serves the state of every camera as JSON and
takes "vanish"/"revive" requests. Once everything listens, one line of JSON
({"ready": true, ...}) goes to stdout with every port; tests wait for it.

Written from the specifications (tests/onvif/README.md names each source):
ONVIF Core (5.9 authentication, 5.11 faults, 5.12 access classes, 8.4 users),
devicemgmt.wsdl, media.wsdl, onvif.xsd, WS-Discovery 2005/04, OASIS
WS-Security UsernameToken Profile 1.0, RFC 7616 (HTTP Digest), RFC 2326 (RTSP).

Standard library only; run with /usr/bin/python3.
"""
import argparse
import base64
import binascii
import collections
import datetime
import hashlib
import http.server
import json
import os
import random
import re
import secrets
import select
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
    "wsa": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "d": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
    "dn": "http://www.onvif.org/ver10/network/wsdl",
}
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
PASSWORD_TEXT = ("http://docs.oasis-open.org/wss/2004/01/"
                 "oasis-200401-wss-username-token-profile-1.0#PasswordText")
WSD_GROUP = "239.255.255.250"
WSD_PORT = 3702
WSD_PROBE = "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"
WSD_PROBE_MATCHES = "http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches"
WSA_ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
MAX_REQUEST = 1 << 20  # a SOAP request larger than this is refused (HTTP 413)
LEVELS = ("Anonymous", "User", "Operator", "Administrator")

# Access classes of the Core spec (5.12.1, Table 7) per action: the lowest
# user level allowed. PRE_AUTH actions need no authentication at all.
PRE_AUTH = {"GetSystemDateAndTime", "GetServices", "GetServiceCapabilities", "GetCapabilities",
            "GetHostname", "GetEndpointReference", "GetWsdlUrl"}
ACTION_LEVEL = {
    "GetDeviceInformation": "User", "GetNetworkInterfaces": "User", "GetNTP": "User",
    "GetScopes": "User", "GetProfiles": "User", "GetStreamUri": "User",
    "GetVideoSources": "User", "GetProfile": "User",
    "GetUsers": "Administrator", "CreateUsers": "Administrator", "SetUser": "Administrator",
    "DeleteUsers": "Administrator", "SetSystemDateAndTime": "Administrator",
    "SetNTP": "Administrator",
}
DEVICE_ACTIONS = PRE_AUTH | {"GetDeviceInformation", "GetNetworkInterfaces", "GetNTP", "SetNTP",
                             "GetScopes", "GetUsers", "CreateUsers", "SetUser", "DeleteUsers",
                             "SetSystemDateAndTime"}
MEDIA_ACTIONS = {"GetProfiles", "GetProfile", "GetStreamUri", "GetVideoSources",
                 "GetServiceCapabilities"}

DEFAULTS = {
    "manufacturer": "Emulated",
    "model": "EMU-CAM-1",
    "firmware": "V1.0.0 build 240101",
    "hardware": "emu-hw-1",
    "auth": "both",               # both | digest | wsse
    "digest_algorithms": ["SHA-256", "MD5"],  # offered in this order of preference
    "clock_offset_hours": 0.0,
    "created_window": 300,        # seconds a UsernameToken's Created may differ from the clock
    "setuser_delay": 0.0,         # seconds before a new password takes effect
    "users": [{"user": "admin", "password": "admin", "level": "Administrator"}],
    "password_max_len": 64,
    "not_activated": False,
    "first_xaddr_unreachable": False,
    "hostile": None,              # garbage | huge | fault | endless
    "huge_mb": 50,
    "vanish": None,               # after-setuser | after-N (requests) ; also control/SIGUSR1
    "lockout": {"failures": 10, "window": 60, "seconds": 30},
    "rtsp": True,
    "scopes": [],
}


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def xml_escape(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def q(prefix, local):
    return "{%s}%s" % (NS[prefix], local)


def password_digest(nonce_bytes, created, password):
    """WS-UsernameToken PasswordDigest = Base64(SHA-1(nonce + created + password))."""
    sha = hashlib.sha1(nonce_bytes + created.encode("utf-8") + password.encode("utf-8"))
    return base64.b64encode(sha.digest()).decode("ascii")


def digest_hash(algorithm, text):
    name = {"MD5": "md5", "SHA-256": "sha256"}[algorithm]
    return hashlib.new(name, text.encode("utf-8")).hexdigest()


def digest_response(algorithm, user, realm, password, method, uri, nonce, nc=None, cnonce=None,
                    qop=None):
    """RFC 7616 3.4.1 response (qop=auth), or RFC 2069's when qop is absent."""
    ha1 = digest_hash(algorithm, "%s:%s:%s" % (user, realm, password))
    ha2 = digest_hash(algorithm, "%s:%s" % (method, uri))
    if qop:
        return digest_hash(algorithm, ":".join([ha1, nonce, nc, cnonce, qop, ha2]))
    return digest_hash(algorithm, ":".join([ha1, nonce, ha2]))


def parse_auth_params(value):
    """Parses the parameters of an Authorization: Digest header (RFC 7616 3.4)."""
    params = {}
    for m in re.finditer(r'([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)', value):
        params[m.group(1).lower()] = m.group(3) if m.group(3) is not None else m.group(2)
    return params


def parse_created(text):
    """xs:dateTime as UsernameToken Created carries it (UTC, 'Z' or an offset)."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d:\d\d)?$", text)
    if not m:
        raise ValueError("bad Created")
    base = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    frac = float(m.group(2)) if m.group(2) else 0.0
    tz = m.group(3) or "+00:00"
    sign = 1 if tz[0] == "+" else -1
    offset = datetime.timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6])) * sign
    return (base - offset).replace(tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=frac)


class Fault(Exception):
    """A SOAP 1.2 fault: code env:Sender (HTTP 400) or env:Receiver (HTTP 500)."""

    def __init__(self, code, subcodes, reason, status=None, headers=None):
        super().__init__(reason)
        self.code = code
        self.subcodes = subcodes
        self.reason = reason
        self.status = status or (400 if code == "Sender" else 500)
        self.headers = headers or []


class NeedDigest(Exception):
    """The request must be answered with HTTP 401 and a Digest challenge."""

    def __init__(self, stale=False, retry_after=None):
        super().__init__("digest")
        self.stale = stale
        self.retry_after = retry_after


def not_authorized(reason="Sender not Authorized", retry_after=None):
    headers = [("Retry-After", str(int(retry_after) + 1))] if retry_after else []
    return Fault("Sender", ["ter:NotAuthorized"], reason, headers=headers)


class Camera:
    """One emulated camera: its accounts, clock, authentication state and quirks."""

    def __init__(self, index, cfg, args):
        self.index = index
        self.cfg = dict(DEFAULTS)
        self.cfg.update(cfg)
        self.name = self.cfg.get("name") or "cam%d" % (index + 1)
        self.address = args.address
        self.uuid = self.cfg.get("uuid") or str(uuid.uuid5(uuid.NAMESPACE_URL,
                                                              "doorstep-emulator/%s/%d"
                                                              % (self.name, index)))
        self.serial = self.cfg.get("serial") or "EMU%08d" % (index + 1)
        self.mac = self.cfg.get("mac") or "02:00:5e:%02x:%02x:%02x" % (
            (index >> 16) & 0xFF, (index >> 8) & 0xFF, index & 0xFF)
        self.realm = self.cfg.get("realm") or "IP Camera(%s)" % self.serial[-5:]
        self.lock = threading.RLock()
        self.offset = float(self.cfg["clock_offset_hours"]) * 3600.0
        self.date_time_type = "Manual"
        self.ntp = []
        self.users = collections.OrderedDict()
        self.factory = {}
        if not self.cfg["not_activated"]:
            for u in self.cfg["users"]:
                self.users[u["user"]] = {"password": u["password"],
                                         "level": u.get("level", "User")}
                self.factory[u["user"]] = u["password"]
        self.pending = {}            # user -> (new password, time it takes effect)
        self.ws_nonces = {}          # nonce -> time it may be forgotten
        self.digest_nonces = {}      # nonce -> {"issued": t, "nc": highest nc seen}
        self.failures = collections.deque()
        self.locked_until = 0.0
        self.vanished = False
        self.vanish_after_answer = False
        self.requests = 0
        self.stats = collections.Counter()
        self.http_port = 0
        self.rtsp_port = 0
        self.udp_port = 0
        self.dead_port = 0
        self.scopes = list(self.cfg["scopes"]) or [
            "onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/Profile/Streaming",
            "onvif://www.onvif.org/name/" + self.name,
            "onvif://www.onvif.org/hardware/" + self.cfg["model"],
            "onvif://www.onvif.org/location/country/nowhere",
        ]

    # --- clock -------------------------------------------------------------
    def clock(self):
        return now_utc() + datetime.timedelta(seconds=self.offset)

    # --- accounts ----------------------------------------------------------
    def apply_pending(self):
        t = time.monotonic()
        for user, (password, when) in list(self.pending.items()):
            if t >= when:
                if user in self.users:
                    self.users[user]["password"] = password
                del self.pending[user]

    def admin_password(self):
        with self.lock:
            self.apply_pending()
            for info in self.users.values():
                if info["level"] == "Administrator":
                    return info["password"]
        return None

    def state(self):
        with self.lock:
            self.apply_pending()
            accounts = [{"user": u, "level": i["level"],
                         "factory_password": self.factory.get(u) == i["password"],
                         "change_pending": u in self.pending}
                        for u, i in self.users.items()]
            return {
                "name": self.name, "uuid": "urn:uuid:" + self.uuid, "address": self.address,
                "http_port": self.http_port, "rtsp_port": self.rtsp_port,
                "udp_port": self.udp_port, "xaddrs": self.xaddrs(),
                "manufacturer": self.cfg["manufacturer"], "model": self.cfg["model"],
                "auth": self.cfg["auth"], "activated": bool(self.users),
                "accounts": accounts,
                "clock_offset_seconds": round(self.offset, 3),
                "date_time_type": self.date_time_type, "ntp": list(self.ntp),
                "vanished": self.vanished,
                "locked_seconds": max(0.0, round(self.locked_until - time.monotonic(), 1)),
                "hostile": self.cfg["hostile"], "requests": self.requests,
                "counters": dict(self.stats),
            }

    def xaddrs(self):
        good = "http://%s:%d/onvif/device_service" % (self.address, self.http_port)
        if self.cfg["first_xaddr_unreachable"]:
            return ["http://%s:%d/onvif/device_service" % (self.address, self.dead_port), good]
        return [good]

    # --- authentication ----------------------------------------------------
    def locked(self):
        return time.monotonic() < self.locked_until

    def fail(self):
        """Counts one failed login; K failures within the window lock the camera."""
        t = time.monotonic()
        lock = self.cfg["lockout"]
        self.stats["failed_logins"] += 1
        self.failures.append(t)
        while self.failures and self.failures[0] < t - float(lock["window"]):
            self.failures.popleft()
        if len(self.failures) >= int(lock["failures"]):
            self.locked_until = t + float(lock["seconds"])
            self.failures.clear()
            self.stats["lockouts"] += 1

    def check_wsse(self, header):
        """Returns the user a valid UsernameToken names, None when there is none;
        raises a NotAuthorized fault when there is one that is not valid."""
        if header is None:
            return None
        token = header.find(".//" + q("wsse", "UsernameToken"))
        if token is None:
            return None
        user = (token.findtext(q("wsse", "Username")) or "").strip()
        pw_el = token.find(q("wsse", "Password"))
        nonce_text = (token.findtext(q("wsse", "Nonce")) or "").strip()
        created = (token.findtext(q("wsu", "Created")) or "").strip()
        if pw_el is None:
            self.stats["bad_token"] += 1
            raise not_authorized()
        ptype = pw_el.get("Type", PASSWORD_TEXT)
        given = (pw_el.text or "").strip()
        if self.locked():
            self.stats["refused_locked"] += 1
            raise not_authorized(retry_after=self.locked_until - time.monotonic())
        self.apply_pending()
        info = self.users.get(user)
        if ptype != PASSWORD_DIGEST or not nonce_text or not created:
            # The Core spec (5.12.2) requires nonce and timestamp: PasswordText is refused.
            self.stats["bad_token"] += 1
            self.fail()
            raise not_authorized()
        try:
            nonce = base64.b64decode(nonce_text, validate=True)
            when = parse_created(created)
        except (ValueError, binascii.Error) as exc:
            self.stats["bad_token"] += 1
            self.fail()
            raise not_authorized() from exc
        skew = abs((when - self.clock()).total_seconds())
        if skew > float(self.cfg["created_window"]):
            # Real cameras say no more than "not authorized"; the counter tells the tests.
            self.stats["stale_created"] += 1
            self.fail()
            raise not_authorized()
        t = time.monotonic()
        for n, until in list(self.ws_nonces.items()):
            if until < t:
                del self.ws_nonces[n]
        if nonce_text in self.ws_nonces:
            self.stats["replays"] += 1
            raise not_authorized()
        if info is None or password_digest(nonce, created, info["password"]) != given:
            self.fail()
            raise not_authorized()
        self.ws_nonces[nonce_text] = t + 2 * float(self.cfg["created_window"])
        return user

    def challenges(self, stale=False):
        t = time.monotonic()
        for n, rec in list(self.digest_nonces.items()):
            if t - rec["issued"] > 300:
                del self.digest_nonces[n]
        out = []
        for alg in self.cfg["digest_algorithms"]:
            nonce = secrets.token_hex(16)
            self.digest_nonces[nonce] = {"issued": time.monotonic(), "nc": 0}
            out.append('Digest realm="%s", qop="auth", algorithm=%s, nonce="%s", '
                       'opaque="%s", stale=%s' % (self.realm, alg, nonce,
                                                  hashlib.md5(self.uuid.encode()).hexdigest(),
                                                  "true" if stale else "false"))
        return out

    def check_digest(self, header_value, method):
        """Returns the user of a valid Authorization: Digest header, None without one.
        Raises NeedDigest (HTTP 401) when the credentials are wrong or stale."""
        if not header_value or not header_value.lower().startswith("digest "):
            return None
        p = parse_auth_params(header_value[7:])
        user = p.get("username", "")
        alg = p.get("algorithm", "MD5")
        nonce = p.get("nonce", "")
        if self.locked():
            raise NeedDigest(retry_after=self.locked_until - time.monotonic())
        if alg not in self.cfg["digest_algorithms"] or nonce not in self.digest_nonces:
            raise NeedDigest(stale=nonce != "" and alg in self.cfg["digest_algorithms"])
        record = self.digest_nonces[nonce]
        if time.monotonic() - record["issued"] > 300:
            del self.digest_nonces[nonce]
            raise NeedDigest(stale=True)
        qop = p.get("qop")
        if qop:
            try:
                nc = int(p.get("nc", ""), 16)
            except ValueError:
                raise NeedDigest() from None
            if qop != "auth" or nc <= record["nc"]:
                self.stats["replays"] += 1
                raise NeedDigest()
        self.apply_pending()
        info = self.users.get(user)
        password = info["password"] if info else None
        expect = None
        if password is not None:
            expect = digest_response(alg, user, self.realm, password, method, p.get("uri", ""),
                                     nonce, p.get("nc"), p.get("cnonce"), qop)
        if expect is None or not secrets.compare_digest(expect, p.get("response", "")):
            self.fail()
            raise NeedDigest()
        if qop:
            record["nc"] = int(p["nc"], 16)
        return user

    def authenticate(self, action, header, authorization):
        """Who sent the request (None: anonymous), as the camera's auth mode allows."""
        mode = self.cfg["auth"]
        user = None
        if not self.users and action not in PRE_AUTH:
            if action == "GetUsers":
                return None  # not activated: the (empty) list of accounts is no secret
            raise not_authorized("The device is not activated: no administrator password is set")
        if mode in ("both", "wsse"):
            user = self.check_wsse(header)
        if user is None and mode in ("both", "digest"):
            user = self.check_digest(authorization, "POST")
        if user is not None or action in PRE_AUTH:
            return user
        if mode == "wsse":
            raise not_authorized()
        raise NeedDigest()

    def authorize(self, action, user):
        if action in PRE_AUTH or (action == "GetUsers" and not self.users):
            return
        need = ACTION_LEVEL.get(action, "Administrator")
        level = self.users[user]["level"] if user in self.users else "Anonymous"
        if LEVELS.index(level) < LEVELS.index(need):
            raise not_authorized("User level %s may not call %s" % (level, action))


# --- SOAP ------------------------------------------------------------------
ENVELOPE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<s:Envelope xmlns:s="%(s)s" xmlns:tds="%(tds)s" xmlns:trt="%(trt)s" '
            'xmlns:tt="%(tt)s" xmlns:ter="%(ter)s"><s:Body>' % NS)
ENVELOPE_END = "</s:Body></s:Envelope>"


def soap(body):
    return ENVELOPE + body + ENVELOPE_END


def fault_xml(fault):
    sub = ""
    for code in reversed(fault.subcodes):
        sub = "<s:Subcode><s:Value>%s</s:Value>%s</s:Subcode>" % (code, sub)
    return soap('<s:Fault><s:Code><s:Value>s:%s</s:Value>%s</s:Code>'
                '<s:Reason><s:Text xml:lang="en">%s</s:Text></s:Reason></s:Fault>'
                % (fault.code, sub, xml_escape(fault.reason)))


def el(tag, value):
    return "<%s>%s</%s>" % (tag, xml_escape(value), tag)


def date_time_xml(dt):
    return ("<tt:Time>%s%s%s</tt:Time><tt:Date>%s%s%s</tt:Date>"
            % (el("tt:Hour", dt.hour), el("tt:Minute", dt.minute), el("tt:Second", dt.second),
               el("tt:Year", dt.year), el("tt:Month", dt.month), el("tt:Day", dt.day)))


def child_text(node, tag):
    found = node.find(tag)
    return None if found is None or found.text is None else found.text.strip()


class Handlers:
    """The answers of the device and media services, one method per action."""

    def __init__(self, cam, host):
        self.cam = cam
        self.host = host

    def service_url(self, kind):
        return "http://%s/onvif/%s_service" % (self.host, kind)

    def GetSystemDateAndTime(self, req, user):
        cam = self.cam
        t = cam.clock()
        return ("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
                "%s<tt:DaylightSavings>false</tt:DaylightSavings>"
                "<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>"
                "<tt:UTCDateTime>%s</tt:UTCDateTime><tt:LocalDateTime>%s</tt:LocalDateTime>"
                "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
                % (el("tt:DateTimeType", cam.date_time_type), date_time_xml(t), date_time_xml(t)))

    def SetSystemDateAndTime(self, req, user):
        cam = self.cam
        kind = child_text(req, q("tds", "DateTimeType"))
        if kind not in ("Manual", "NTP"):
            raise Fault("Sender", ["ter:InvalidArgVal", "ter:InvalidDateTime"],
                        "DateTimeType must be Manual or NTP")
        if kind == "Manual":
            utc = req.find(q("tds", "UTCDateTime"))
            if utc is None:
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:InvalidDateTime"],
                            "Manual time needs UTCDateTime")
            try:
                t = datetime.datetime(
                    int(utc.findtext("%s/%s" % (q("tt", "Date"), q("tt", "Year")))),
                    int(utc.findtext("%s/%s" % (q("tt", "Date"), q("tt", "Month")))),
                    int(utc.findtext("%s/%s" % (q("tt", "Date"), q("tt", "Day")))),
                    int(utc.findtext("%s/%s" % (q("tt", "Time"), q("tt", "Hour")))),
                    int(utc.findtext("%s/%s" % (q("tt", "Time"), q("tt", "Minute")))),
                    int(utc.findtext("%s/%s" % (q("tt", "Time"), q("tt", "Second")))),
                    tzinfo=datetime.timezone.utc)
            except (TypeError, ValueError):
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:InvalidDateTime"],
                            "UTCDateTime is not a valid date and time") from None
            cam.offset = (t - now_utc()).total_seconds()
        else:
            # An NTP server is assumed reachable: the clock becomes right.
            cam.offset = 0.0
        cam.date_time_type = kind
        cam.stats["set_time"] += 1
        return "<tds:SetSystemDateAndTimeResponse/>"

    def GetNTP(self, req, user):
        manual = "".join('<tt:NTPManual><tt:Type>DNS</tt:Type>%s</tt:NTPManual>'
                         % el("tt:DNSname", s) for s in self.cam.ntp)
        return ("<tds:GetNTPResponse><tds:NTPInformation><tt:FromDHCP>false</tt:FromDHCP>%s"
                "</tds:NTPInformation></tds:GetNTPResponse>" % manual)

    def SetNTP(self, req, user):
        servers = []
        for m in req.findall(q("tds", "NTPManual")):
            name = (child_text(m, q("tt", "DNSname")) or child_text(m, q("tt", "IPv4Address"))
                    or child_text(m, q("tt", "IPv6Address")))
            if not name:
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:InvalidNtpServerName"],
                            "An NTPManual entry has no address")
            servers.append(name)
        self.cam.ntp = servers
        return "<tds:SetNTPResponse/>"

    def GetDeviceInformation(self, req, user):
        c = self.cam.cfg
        return ("<tds:GetDeviceInformationResponse>%s%s%s%s%s</tds:GetDeviceInformationResponse>"
                % (el("tds:Manufacturer", c["manufacturer"]), el("tds:Model", c["model"]),
                   el("tds:FirmwareVersion", c["firmware"]),
                   el("tds:SerialNumber", self.cam.serial), el("tds:HardwareId", c["hardware"])))

    def GetServices(self, req, user):
        out = "<tds:GetServicesResponse>"
        for ns, kind in ((NS["tds"], "device"), (NS["trt"], "media")):
            out += ("<tds:Service>%s%s<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>"
                    "</tds:Version></tds:Service>"
                    % (el("tds:Namespace", ns), el("tds:XAddr", self.service_url(kind))))
        return out + "</tds:GetServicesResponse>"

    def GetServiceCapabilities(self, req, user):
        if req.tag.startswith("{%s}" % NS["trt"]):
            return ('<trt:GetServiceCapabilitiesResponse><trt:Capabilities SnapshotUri="false">'
                    '<trt:ProfileCapabilities MaximumNumberOfProfiles="2"/>'
                    '<trt:StreamingCapabilities RTP_TCP="true" RTP_RTSP_TCP="true"/>'
                    '</trt:Capabilities></trt:GetServiceCapabilitiesResponse>')
        return ('<tds:GetServiceCapabilitiesResponse><tds:Capabilities>'
                '<tds:Network NTP="1"/><tds:Security UsernameToken="%s" HttpDigest="%s" '
                'MaxUsers="8" MaxPasswordLength="%d"/><tds:System/></tds:Capabilities>'
                '</tds:GetServiceCapabilitiesResponse>'
                % ("true" if self.cam.cfg["auth"] != "digest" else "false",
                   "true" if self.cam.cfg["auth"] != "wsse" else "false",
                   int(self.cam.cfg["password_max_len"])))

    def GetCapabilities(self, req, user):
        return ("<tds:GetCapabilitiesResponse><tds:Capabilities>"
                "<tt:Device>%s<tt:Network><tt:IPFilter>false</tt:IPFilter>"
                "<tt:ZeroConfiguration>false</tt:ZeroConfiguration><tt:IPVersion6>false"
                "</tt:IPVersion6><tt:DynDNS>false</tt:DynDNS></tt:Network><tt:System>"
                "<tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>false"
                "</tt:DiscoveryBye><tt:RemoteDiscovery>false</tt:RemoteDiscovery>"
                "<tt:SystemBackup>false</tt:SystemBackup><tt:SystemLogging>false"
                "</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>"
                "<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor>"
                "</tt:SupportedVersions></tt:System></tt:Device>"
                "<tt:Media>%s<tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>"
                "<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP>"
                "</tt:StreamingCapabilities></tt:Media>"
                "</tds:Capabilities></tds:GetCapabilitiesResponse>"
                % (el("tt:XAddr", self.service_url("device")),
                   el("tt:XAddr", self.service_url("media"))))

    def GetHostname(self, req, user):
        return ("<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false"
                "</tt:FromDHCP>%s</tds:HostnameInformation></tds:GetHostnameResponse>"
                % el("tt:Name", self.cam.name))

    def GetEndpointReference(self, req, user):
        return ("<tds:GetEndpointReferenceResponse>%s</tds:GetEndpointReferenceResponse>"
                % el("tds:GUID", "urn:uuid:" + self.cam.uuid))

    def GetWsdlUrl(self, req, user):
        return ("<tds:GetWsdlUrlResponse>%s</tds:GetWsdlUrlResponse>"
                % el("tds:WsdlUrl", "http://www.onvif.org/Documents/Specifications.aspx"))

    def GetScopes(self, req, user):
        return ("<tds:GetScopesResponse>%s</tds:GetScopesResponse>"
                % "".join("<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef>%s</tds:Scopes>"
                          % el("tt:ScopeItem", s) for s in self.cam.scopes))

    def GetNetworkInterfaces(self, req, user):
        return ('<tds:GetNetworkInterfacesResponse><tds:NetworkInterfaces token="eth0">'
                "<tt:Enabled>true</tt:Enabled><tt:Info><tt:Name>eth0</tt:Name>%s"
                "<tt:MTU>1500</tt:MTU></tt:Info><tt:IPv4><tt:Enabled>true</tt:Enabled>"
                "<tt:Config><tt:Manual>%s<tt:PrefixLength>24</tt:PrefixLength></tt:Manual>"
                "<tt:DHCP>false</tt:DHCP></tt:Config></tt:IPv4></tds:NetworkInterfaces>"
                "</tds:GetNetworkInterfacesResponse>"
                % (el("tt:HwAddress", self.cam.mac), el("tt:Address", self.cam.address)))

    def GetUsers(self, req, user):
        return ("<tds:GetUsersResponse>%s</tds:GetUsersResponse>"
                % "".join("<tds:User>%s%s</tds:User>"
                          % (el("tt:Username", u), el("tt:UserLevel", i["level"]))
                          for u, i in self.cam.users.items()))

    def read_users(self, req):
        users = []
        for u in req.findall(q("tds", "User")):
            name = child_text(u, q("tt", "Username"))
            password = u.findtext(q("tt", "Password"))
            level = child_text(u, q("tt", "UserLevel"))
            if not name:
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:UsernameMissing"],
                            "A User has no Username")
            if level not in LEVELS:
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:InvalidArgs"],
                            "UserLevel must be one of %s" % ", ".join(LEVELS))
            if level == "Anonymous":
                raise Fault("Sender", ["ter:OperationProhibited", "ter:AnonymousNotAllowed"],
                            "A user may not have the level Anonymous")
            if password is not None and len(password) > int(self.cam.cfg["password_max_len"]):
                raise Fault("Sender", ["ter:OperationProhibited", "ter:PasswordTooLong"],
                            "The password is too long (at most %d characters)"
                            % int(self.cam.cfg["password_max_len"]))
            users.append((name, password, level))
        if not users:
            raise Fault("Sender", ["ter:InvalidArgs"], "No User given")
        return users

    def CreateUsers(self, req, user):
        cam = self.cam
        users = self.read_users(req)
        for name, password, level in users:
            if name in cam.users:
                raise Fault("Sender", ["ter:OperationProhibited", "ter:UsernameClash"],
                            "Username already exists")
            if not password:
                raise Fault("Sender", ["ter:OperationProhibited", "ter:Password"],
                            "A password is required")
        for name, password, level in users:
            cam.users[name] = {"password": password, "level": level}
        cam.stats["create_users"] += 1
        return "<tds:CreateUsersResponse/>"

    def SetUser(self, req, user):
        cam = self.cam
        users = self.read_users(req)
        for name, _, _ in users:
            if name not in cam.users:
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:UsernameMissing"],
                            "No such user: %s" % name)
        delay = float(cam.cfg["setuser_delay"])
        for name, password, level in users:
            cam.users[name]["level"] = level
            if password is not None:
                if delay > 0:
                    cam.pending[name] = (password, time.monotonic() + delay)
                else:
                    cam.users[name]["password"] = password
        cam.stats["set_user"] += 1
        if cam.cfg["vanish"] == "after-setuser":
            cam.vanish_after_answer = True
        return "<tds:SetUserResponse/>"

    def DeleteUsers(self, req, user):
        cam = self.cam
        names = [(n.text or "").strip() for n in req.findall(q("tds", "Username"))]
        for name in names:
            if name not in cam.users:
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:UsernameMissing"],
                            "No such user: %s" % name)
            if name == user:
                raise Fault("Sender", ["ter:InvalidArgVal", "ter:FixedUser"],
                            "The user of this request cannot delete itself")
        for name in names:
            del cam.users[name]
            cam.pending.pop(name, None)
        cam.stats["delete_users"] += 1
        return "<tds:DeleteUsersResponse/>"

    def profiles_xml(self, tag):
        return ('<%s token="profile_1" fixed="true"><tt:Name>mainStream</tt:Name>'
                '<tt:VideoSourceConfiguration token="vsc_1"><tt:Name>vsc</tt:Name>'
                "<tt:UseCount>1</tt:UseCount><tt:SourceToken>video_src_1</tt:SourceToken>"
                '<tt:Bounds x="0" y="0" width="1920" height="1080"/>'
                '</tt:VideoSourceConfiguration><tt:VideoEncoderConfiguration token="vec_1">'
                "<tt:Name>vec</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264"
                "</tt:Encoding><tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080"
                "</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality></tt:VideoEncoderConfiguration>"
                "</%s>" % (tag, tag))

    def GetProfiles(self, req, user):
        return "<trt:GetProfilesResponse>%s</trt:GetProfilesResponse>" % self.profiles_xml(
            "trt:Profiles")

    def GetProfile(self, req, user):
        if child_text(req, q("trt", "ProfileToken")) != "profile_1":
            raise Fault("Sender", ["ter:InvalidArgVal", "ter:NoProfile"], "No such profile")
        return "<trt:GetProfileResponse>%s</trt:GetProfileResponse>" % self.profiles_xml(
            "trt:Profile")

    def GetVideoSources(self, req, user):
        return ('<trt:GetVideoSourcesResponse><trt:VideoSources token="video_src_1">'
                "<tt:Framerate>25</tt:Framerate><tt:Resolution><tt:Width>1920</tt:Width>"
                "<tt:Height>1080</tt:Height></tt:Resolution></trt:VideoSources>"
                "</trt:GetVideoSourcesResponse>")

    def GetStreamUri(self, req, user):
        if child_text(req, q("trt", "ProfileToken")) != "profile_1":
            raise Fault("Sender", ["ter:InvalidArgVal", "ter:NoProfile"], "No such profile")
        host = self.host.rsplit(":", 1)[0]
        uri = "rtsp://%s:%d/Streaming/Channels/101" % (host, self.cam.rtsp_port)
        return ("<trt:GetStreamUriResponse><trt:MediaUri>%s<tt:InvalidAfterConnect>false"
                "</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>"
                "<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>"
                % el("tt:Uri", uri))


def parse_soap(data):
    """The SOAP 1.2 envelope's Header and first Body child, or a Fault."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Fault("Sender", ["ter:WellFormed"], "A DTD is not allowed in a SOAP message")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise Fault("Sender", ["ter:WellFormed"], "Not well-formed XML: %s" % exc) from None
    if root.tag != q("s", "Envelope"):
        if root.tag.endswith("}Envelope") or root.tag == "Envelope":
            raise Fault("VersionMismatch", [], "Only SOAP 1.2 envelopes are understood",
                        status=500)
        raise Fault("Sender", ["ter:Tag"], "The document is not a SOAP envelope")
    body = root.find(q("s", "Body"))
    if body is None or len(body) == 0:
        raise Fault("Sender", ["ter:Tag"], "The envelope has no Body")
    return root.find(q("s", "Header")), body[0]


class CameraHTTP(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "EmuCam/1.0"
    sys_version = ""

    def log_message(self, fmt, *args):  # quiet unless --verbose
        if self.server.args.verbose:
            sys.stderr.write("%s: %s\n" % (self.server.cam.name, fmt % args))

    def handle(self):
        cam = self.server.cam
        if cam.vanished:
            hang(cam, self.connection)
            return
        super().handle()

    def send_bytes(self, status, body, ctype="application/soap+xml; charset=utf-8",
                   headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        cam = self.server.cam
        if self.path.split("?")[0] == "/emulator/state":
            body = json.dumps(cam.state(), indent=1).encode()
            self.send_bytes(200, body, "application/json")
            return
        self.send_bytes(405, b"", "text/plain", [("Allow", "POST")])

    def do_POST(self):
        cam = self.server.cam
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.send_bytes(411, b"", "text/plain")
            self.close_connection = True
            return
        if int(length) > MAX_REQUEST:
            self.send_bytes(413, b"", "text/plain")
            self.close_connection = True
            return
        data = self.rfile.read(int(length))
        if cam.vanished:
            hang(cam, self.connection)
            self.close_connection = True
            return
        path = self.path.split("?")[0]
        if path not in ("/onvif/device_service", "/onvif/media_service"):
            self.send_bytes(404, b"", "text/plain")
            return
        with cam.lock:
            cam.requests += 1
            hostile = cam.cfg["hostile"]
        if hostile:
            self.hostile(hostile)
            return
        status, body, headers = self.answer(path, data)
        # Gone before this answer leaves: a request the client sends right
        # after reading it (on another connection) must already find silence.
        vanish = cam.cfg["vanish"] or ""
        with cam.lock:
            if cam.vanish_after_answer or (
                    vanish.startswith("after-") and vanish[6:].isdigit()
                    and cam.requests >= int(vanish[6:])):
                cam.vanish_after_answer = False
                cam.vanished = True
                self.close_connection = True
        self.send_bytes(status, body.encode("utf-8"), headers=headers)

    def answer(self, path, data):
        cam = self.server.cam
        host = self.headers.get("Host") or "%s:%d" % (cam.address, cam.http_port)
        try:
            if not data.strip() and cam.cfg["auth"] != "wsse":
                # An empty body is how HTTP clients (curl, libcurl) open a Digest
                # exchange: the HTTP layer answers it before any SOAP is read.
                with cam.lock:
                    if cam.check_digest(self.headers.get("Authorization"), "POST") is None:
                        raise NeedDigest()
            header, req = parse_soap(data)
            ns, _, action = req.tag[1:].partition("}")
            known = DEVICE_ACTIONS if path.endswith("device_service") else MEDIA_ACTIONS
            expect_ns = NS["tds"] if path.endswith("device_service") else NS["trt"]
            if ns != expect_ns or action not in known:
                raise Fault("Receiver", ["ter:ActionNotSupported"],
                            "Optional Action Not Implemented: %s" % action)
            with cam.lock:
                cam.stats[action] += 1
                user = cam.authenticate(action, header, self.headers.get("Authorization"))
                cam.authorize(action, user)
                body = getattr(Handlers(cam, host), action)(req, user)
            return 200, soap(body), []
        except NeedDigest as need:
            with cam.lock:
                challenges = cam.challenges(stale=need.stale)
            headers = [("WWW-Authenticate", c) for c in challenges]
            if need.retry_after:
                headers.append(("Retry-After", str(int(need.retry_after) + 1)))
            fault = not_authorized()
            return 401, fault_xml(fault), headers
        except Fault as fault:
            return fault.status, fault_xml(fault), fault.headers

    def hostile(self, mode):
        cam = self.server.cam
        self.close_connection = True
        if mode == "fault":
            fault = Fault("Receiver", ["ter:Action"], "The requested SOAP action failed")
            self.send_bytes(500, fault_xml(fault).encode())
        elif mode == "garbage":
            junk = (b'<?xml version="1.0"?><s:Envelope xmlns:s="' + NS["s"].encode()
                    + b'"><s:Body><tds:Get' + bytes(random.randrange(256) for _ in range(512))
                    + b"</s:Bod><<>>&&;")
            self.send_bytes(200, junk)
        elif mode == "huge":
            size = int(float(cam.cfg["huge_mb"]) * 1024 * 1024)
            head = (ENVELOPE + "<tds:GetDeviceInformationResponse><tds:Manufacturer>").encode()
            tail = ("</tds:Manufacturer></tds:GetDeviceInformationResponse>"
                    + ENVELOPE_END).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            left = size - len(head) - len(tail)
            chunk = b"A" * 65536
            try:
                self.wfile.write(head)
                while left > 0:
                    n = min(left, len(chunk))
                    self.wfile.write(chunk[:n])
                    left -= n
                self.wfile.write(tail)
            except OSError:
                pass
        elif mode == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                piece = ENVELOPE.encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                while not self.server.stopping.is_set():
                    self.wfile.write(b"1\r\n \r\n")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass


def hang(cam, conn):
    """A vanished camera: the connection stays open and nothing ever comes back."""
    cam.stats["unanswered"] += 1
    while cam.vanished:
        try:
            r, _, _ = select.select([conn], [], [], 0.2)
            if r and not conn.recv(65536):
                return
        except OSError:
            return


class HTTPServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


# --- RTSP (RFC 2326) -------------------------------------------------------
class RTSPHandler(socketserver.StreamRequestHandler):
    """OPTIONS without authentication; DESCRIBE needs Digest with the admin password."""

    def handle(self):
        cam = self.server.cam
        nonce = secrets.token_hex(16)
        while True:
            if cam.vanished:
                hang(cam, self.connection)
                return
            try:
                line = self.rfile.readline(4096)
            except OSError:
                return
            if not line:
                return
            if not line.strip():
                continue
            headers = {}
            while True:
                h = self.rfile.readline(4096)
                if not h or not h.strip():
                    break
                k, _, v = h.decode("latin-1").partition(":")
                headers[k.strip().lower()] = v.strip()
            parts = line.decode("latin-1").split()
            if len(parts) != 3 or not parts[2].startswith("RTSP/"):
                self.reply(400, "Bad Request", headers)
                return
            method, url = parts[0], parts[1]
            length = headers.get("content-length", "0")
            if not length.isdigit():
                self.reply(400, "Bad Request", headers)
                return
            if int(length) > 0:
                self.rfile.read(min(int(length), 65536))
            cam.stats["rtsp_" + method.lower()] += 1
            if method == "OPTIONS":
                self.reply(200, "OK", headers,
                           [("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN")])
            elif method == "DESCRIBE":
                if not self.authorized(headers.get("authorization"), method, nonce):
                    with cam.lock:
                        cam.stats["rtsp_unauthorized"] += 1
                    self.reply(401, "Unauthorized", headers,
                               [("WWW-Authenticate", 'Digest realm="%s", nonce="%s"'
                                 % (cam.realm, nonce))])
                    continue
                sdp = ("v=0\r\no=- %d 1 IN IP4 %s\r\ns=Emulated camera\r\nc=IN IP4 0.0.0.0\r\n"
                       "t=0 0\r\na=control:*\r\nm=video 0 RTP/AVP 96\r\n"
                       "a=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n"
                       % (cam.index + 1, cam.address)).encode()
                self.reply(200, "OK", headers, [("Content-Base", url.rstrip("/") + "/"),
                                                ("Content-Type", "application/sdp")], sdp)
            else:
                self.reply(405, "Method Not Allowed", headers,
                           [("Allow", "OPTIONS, DESCRIBE")])

    def authorized(self, value, method, nonce):
        cam = self.server.cam
        if not value or not value.lower().startswith("digest "):
            return False
        p = parse_auth_params(value[7:])
        if p.get("nonce") != nonce or p.get("algorithm", "MD5").upper() != "MD5":
            return False
        with cam.lock:
            if cam.locked():
                return False
            cam.apply_pending()
            admin = [u for u, i in cam.users.items() if i["level"] == "Administrator"]
            user = p.get("username", "")
            if user not in admin:
                cam.fail()
                return False
            expect = digest_response("MD5", user, cam.realm, cam.users[user]["password"],
                                     method, p.get("uri", ""), nonce, p.get("nc"),
                                     p.get("cnonce"), p.get("qop"))
            if not secrets.compare_digest(expect, p.get("response", "")):
                cam.fail()
                return False
        return True

    def reply(self, code, reason, req_headers, headers=(), body=b""):
        out = "RTSP/1.0 %d %s\r\nCSeq: %s\r\n" % (code, reason, req_headers.get("cseq", "0"))
        for k, v in headers:
            out += "%s: %s\r\n" % (k, v)
        if body:
            out += "Content-Length: %d\r\n" % len(body)
        try:
            self.wfile.write(out.encode("latin-1") + b"\r\n" + body)
        except OSError:
            pass


class RTSPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


# --- WS-Discovery 2005/04 --------------------------------------------------
def probe_info(data):
    """MessageID, Types (as {ns}local names) and Scopes of a Probe, or None."""
    if len(data) > 65507 or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    prefixes = {}
    try:
        parser = ET.XMLPullParser(events=("start-ns", "end"))
        parser.feed(data)
        parser.close()
        root = None
        for event, item in parser.read_events():
            if event == "start-ns":
                prefixes[item[0]] = item[1]
            else:
                root = item
    except ET.ParseError:
        return None
    if root is None or root.tag != q("s", "Envelope"):
        return None
    action = (root.findtext("%s/%s" % (q("s", "Header"), q("wsa", "Action"))) or "").strip()
    probe = root.find("%s/%s" % (q("s", "Body"), q("d", "Probe")))
    if action != WSD_PROBE or probe is None:
        return None
    msg_id = (root.findtext("%s/%s" % (q("s", "Header"), q("wsa", "MessageID"))) or "").strip()
    types = set()
    for qname in (probe.findtext(q("d", "Types")) or "").split():
        prefix, _, local = qname.rpartition(":")
        types.add("{%s}%s" % (prefixes.get(prefix, ""), local))
    scopes_el = probe.find(q("d", "Scopes"))
    scopes = (scopes_el.text or "").split() if scopes_el is not None else []
    match_by = scopes_el.get("MatchBy", "") if scopes_el is not None else ""
    return msg_id, types, scopes, match_by


def scope_matches(wanted, have, match_by):
    """WS-Discovery 2005/04 5.1: the default rule is RFC 3986 segment-wise prefix."""
    if match_by.endswith("/strcmp0"):
        return wanted == have
    w = wanted.rstrip("/").split("/")
    h = have.rstrip("/").split("/")
    return h[:len(w)] == w


def camera_matches(cam, types, scopes, match_by):
    mine = {q("dn", "NetworkVideoTransmitter"), q("tds", "Device")}
    if not types <= mine:
        return False
    return all(any(scope_matches(s, h, match_by) for h in cam.scopes) for s in scopes)


def probe_matches_xml(cam, relates_to, seq):
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<s:Envelope xmlns:s="%s" xmlns:wsa="%s" xmlns:d="%s" xmlns:dn="%s" xmlns:tds="%s">'
            "<s:Header><wsa:MessageID>urn:uuid:%s</wsa:MessageID>"
            "<wsa:RelatesTo>%s</wsa:RelatesTo><wsa:To>%s</wsa:To><wsa:Action>%s</wsa:Action>"
            '<d:AppSequence InstanceId="%d" MessageNumber="%d"/></s:Header>'
            "<s:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference>"
            "<wsa:Address>urn:uuid:%s</wsa:Address></wsa:EndpointReference>"
            "<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>"
            "<d:Scopes>%s</d:Scopes><d:XAddrs>%s</d:XAddrs>"
            "<d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches>"
            "</s:Body></s:Envelope>"
            % (NS["s"], NS["wsa"], NS["d"], NS["dn"], NS["tds"], uuid.uuid4(),
               xml_escape(relates_to), WSA_ANONYMOUS, WSD_PROBE_MATCHES, INSTANCE_ID, seq,
               cam.uuid, xml_escape(" ".join(cam.scopes)), xml_escape(" ".join(cam.xaddrs()))))


INSTANCE_ID = int(time.time())


class Discovery(threading.Thread):
    """Answers Probes: on the multicast group for every camera, on each camera's
    own UDP port for that camera. Replies go by unicast to the sender, each
    after a random delay up to APP_MAX_DELAY (WS-Discovery 2005/04, 3.1.3)."""

    def __init__(self, cameras, sockets, mcast, max_delay, stopping):
        super().__init__(daemon=True)
        self.cameras = cameras
        self.sockets = sockets        # camera index -> its UDP socket
        self.mcast = mcast
        self.max_delay = max_delay
        self.stopping = stopping
        self.seq = 0
        self.lock = threading.Lock()
        self.seen = collections.OrderedDict()

    def reply(self, cam, relates_to, dest, delay):
        def send():
            if delay:
                time.sleep(delay)
            if cam.vanished:
                return
            with self.lock:
                self.seq += 1
                seq = self.seq
            try:
                self.sockets[cam.index].sendto(probe_matches_xml(cam, relates_to, seq).encode(),
                                               dest)
                cam.stats["probe_matches"] += 1
            except OSError:
                pass
        threading.Thread(target=send, daemon=True).start()

    def run(self):
        socks = list(self.sockets.values()) + ([self.mcast] if self.mcast else [])
        owner = {s.fileno(): i for i, s in self.sockets.items()}
        while not self.stopping.is_set():
            try:
                ready, _, _ = select.select(socks, [], [], 0.2)
            except (OSError, ValueError):
                return
            for s in ready:
                try:
                    data, sender = s.recvfrom(65535)
                except OSError:
                    continue
                info = probe_info(data)
                if info is None:
                    continue
                msg_id, types, scopes, match_by = info
                if s is self.mcast:
                    # One probe may arrive twice (several sockets on the group).
                    key = (msg_id, sender)
                    if msg_id and key in self.seen:
                        continue
                    self.seen[key] = True
                    while len(self.seen) > 1024:
                        self.seen.popitem(last=False)
                    targets = self.cameras
                    delay = True
                else:
                    targets = [self.cameras[owner[s.fileno()]]]
                    delay = False
                for cam in targets:
                    if camera_matches(cam, types, scopes, match_by):
                        d = random.uniform(0, self.max_delay) if delay else 0
                        self.reply(cam, msg_id, sender, d)


# --- control port ----------------------------------------------------------
class ControlHTTP(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_json(self, status, obj):
        body = json.dumps(obj, indent=1).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def camera(self, name):
        for cam in self.server.cameras:
            if cam.name == name:
                return cam
        return None

    def do_GET(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts[:2] == ["emulator", "state"]:
            if len(parts) == 3:
                cam = self.camera(parts[2])
                if cam is None:
                    self.send_json(404, {"error": "no such camera"})
                    return
                self.send_json(200, cam.state())
                return
            self.send_json(200, {"cameras": [c.state() for c in self.server.cameras]})
            return
        self.send_json(404, {"error": "GET /emulator/state[/NAME]"})

    def do_POST(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 65536))
        if len(parts) == 3 and parts[0] == "emulator" and parts[1] in ("vanish", "revive"):
            cam = self.camera(parts[2])
            if cam is None:
                self.send_json(404, {"error": "no such camera"})
                return
            cam.vanished = parts[1] == "vanish"
            self.send_json(200, cam.state())
            return
        self.send_json(404, {"error": "POST /emulator/vanish/NAME or /emulator/revive/NAME"})


def load_config(args):
    cameras = []
    if args.config:
        with open(args.config, encoding="utf-8") as f:
            conf = json.load(f)
        base = conf.get("defaults", {})
        for c in conf.get("cameras", []):
            merged = dict(base)
            merged.update(c)
            cameras.append(merged)
    for _ in range(args.cameras):
        cameras.append({})
    return cameras


def udp_socket(address, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # A camera may have the WS-Discovery port itself (udp_port 3702) beside the
    # multicast socket on 0.0.0.0:3702: a unicast Probe to its address then
    # reaches it alone, as with a real camera probed by address.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    return s


def multicast_socket(interface):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if hasattr(socket, "SO_REUSEPORT"):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind(("", WSD_PORT))
    mreq = struct.pack("4s4s", socket.inet_aton(WSD_GROUP), socket.inet_aton(interface))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cameras", type=int, default=0,
                    help="add N cameras with default settings (after those of --config)")
    ap.add_argument("--config", help="JSON file: {\"defaults\": {...}, \"cameras\": [{...}]}")
    ap.add_argument("--address", default="127.0.0.1", help="address to listen on")
    ap.add_argument("--multicast", action="store_true",
                    help="answer WS-Discovery probes on 239.255.255.250:3702")
    ap.add_argument("--interface", help="interface address for the multicast group "
                    "(default: --address)")
    ap.add_argument("--app-max-delay", type=float, default=0.5,
                    help="longest random delay before a ProbeMatches (WS-Discovery: 0.5 s)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    configs = load_config(args)
    if not configs:
        ap.error("no cameras: give --cameras N or --config FILE")

    stopping = threading.Event()
    cameras = [Camera(i, c, args) for i, c in enumerate(configs)]
    servers = []
    udp = {}
    dead = []
    for cam in cameras:
        httpd = HTTPServer((args.address, int(cam.cfg.get("http_port", 0))), CameraHTTP)
        httpd.cam, httpd.args, httpd.stopping = cam, args, stopping
        cam.http_port = httpd.server_address[1]
        servers.append(httpd)
        if cam.cfg["rtsp"]:
            rtsp = RTSPServer((args.address, int(cam.cfg.get("rtsp_port", 0))), RTSPHandler)
            rtsp.cam = cam
            cam.rtsp_port = rtsp.server_address[1]
            servers.append(rtsp)
        u = udp_socket(args.address, int(cam.cfg.get("udp_port", 0)))
        cam.udp_port = u.getsockname()[1]
        udp[cam.index] = u
        if cam.cfg["first_xaddr_unreachable"]:
            # Bound but never listening: a connection to it is refused.
            d = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            d.bind((args.address, 0))
            cam.dead_port = d.getsockname()[1]
            dead.append(d)
    control = HTTPServer((args.address, 0), ControlHTTP)
    control.cameras = cameras
    servers.append(control)
    mcast = multicast_socket(args.interface or args.address) if args.multicast else None
    for srv in servers:
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                         daemon=True).start()
    Discovery(cameras, udp, mcast, args.app_max_delay, stopping).start()

    def on_signal(signum, frame):
        if signum == signal.SIGUSR1:
            for cam in cameras:
                cam.vanished = True
        elif signum == signal.SIGUSR2:
            for cam in cameras:
                cam.vanished = False
        else:
            stopping.set()

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, on_signal)
    ready = {"ready": True, "pid": os.getpid(), "control_port": control.server_address[1],
             "multicast": bool(mcast),
             "cameras": [{k: cam.state()[k] for k in ("name", "uuid", "address", "http_port",
                                                       "rtsp_port", "udp_port", "xaddrs")}
                         for cam in cameras]}
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    while not stopping.is_set():
        stopping.wait(0.2)
    for cam in cameras:
        cam.vanished = False
    for srv in servers:
        srv.shutdown()
        srv.server_close()


if __name__ == "__main__":
    main()
