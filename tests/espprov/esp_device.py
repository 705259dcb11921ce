#!/usr/bin/python3
"""One emulated ESP provisioning device, independent of the transport.

The device takes (session id, endpoint name, request bytes) and gives the
answer bytes, as protocomm does for every transport: proto-ver (plain JSON),
prov-session (the security handshake, plain protobuf), then prov-config,
prov-scan, prov-ctrl and custom endpoints, encrypted by the session's
security. A transport (esp_emulator.py's SoftAP HTTP front; a BLE front can
be added the same way) maps its connections to session ids, opens and closes
sessions, and turns the two exceptions into what the device does on that
transport:

  Drop      the handler failed: the device answers nothing and, over HTTP,
            closes the connection (this is also how a wrong PoP or SRP
            password is refused: the handshake's second step fails).
  NotFound  no such endpoint.

Behaviour written from ESP-IDF's documentation ("Unified Provisioning",
"Protocol Communication", "Wi-Fi Provisioning") and the .proto definitions;
tests/espprov/README.md lists what is followed and where it is simplified.
"""
import json
import os
import threading
import time

import esp_crypto as crypto
import esp_messages as m
import protobuf_codec as pb

DEFAULTS = {
    "sec_ver": 2,
    "sec_patch_ver": 1,
    "pop": "abcd1234",             # security 1 proof of possession ("" for none)
    "username": "wifiprov",        # security 2
    "password": "abcd1234",
    "version": "v1.1",
    "cap": ["wifi_scan"],
    "app": {},                     # the application's own top-level proto-ver fields
    "networks": [
        {"ssid": "HomeNet", "rssi": -48, "channel": 6, "auth": "WPA2_PSK",
         "bssid": "24:0a:c4:00:00:01"},
        {"ssid": "Neighbour", "rssi": -71, "channel": 11, "auth": "WPA_WPA2_PSK",
         "bssid": "24:0a:c4:00:00:02"},
        {"ssid": "Cafe Guest", "rssi": -80, "channel": 1, "auth": "Open",
         "bssid": "24:0a:c4:00:00:03"},
        {"ssid": "HomeNet-5G", "rssi": -50, "channel": 36, "auth": "WPA2_PSK",
         "bssid": "24:0a:c4:00:00:04", "band": "5"},
    ],
    "keys": {"HomeNet": "correct horse", "Neighbour": "not yours"},
    "connect_delay": 1.0,          # seconds from apply to connected / failed
    "ip": "192.168.1.77",
    "scan_time": 0.1,              # seconds a scan takes
    "scan_max": 16,                # at most this many results are kept
    "custom_endpoints": {"custom-data": "SUCCESS"},
    "failure": None,               # {"mode": ..., "after": N, "endpoint": E, "bytes": N}
}
FAILURE_MODES = ("vanish", "never_answer", "garbage", "oversized")
ENCRYPTED = ("prov-config", "prov-scan", "prov-ctrl")
GARBAGE = bytes([0xFF] * 7 + [0x0F, 0x00, 0x07])  # field 0 / wire type 7: no protobuf


class Drop(Exception):
    """The endpoint handler failed: no answer, the transport drops the request."""


class NotFound(Exception):
    """No endpoint of that name."""


def parse_bssid(text):
    """'aa:bb:cc:dd:ee:ff' as 6 bytes."""
    data = bytes(int(x, 16) for x in text.split(":"))
    if len(data) != 6:
        raise ValueError("a BSSID has 6 bytes: %r" % text)
    return data


class Session:
    """The security state of one transport session."""

    def __init__(self, sid):
        self.id = sid
        self.step = 0          # handshake messages done: 0, 1, then 2 = established
        self.established = False
        self.ctr = None        # security 1 keystream
        self.gcm = None        # security 2 channel
        self.sec1 = {}
        self.sec2 = {}


class Device:
    """An ESP device running Wi-Fi provisioning with one security scheme."""

    def __init__(self, cfg):
        self.cfg = dict(DEFAULTS)
        self.cfg.update(cfg)
        c = self.cfg
        self.name = c["name"]
        if c["sec_ver"] not in (0, 1, 2):
            raise ValueError("%s: sec_ver is 0, 1 or 2" % self.name)
        failure = c.get("failure")
        if failure and failure.get("mode") not in FAILURE_MODES:
            raise ValueError("%s: failure mode is one of %s" % (self.name, FAILURE_MODES))
        self.lock = threading.RLock()
        self.srp = crypto.Srp()
        self.salt = crypto.new_salt(16)
        self.verifier = self.srp.verifier(self.salt, c["username"].encode(),
                                          c["password"].encode())
        self.sessions = {}
        self.vanished = False
        self._vanish_fired = False
        self._since_boot = 0
        self._scan_started = None
        self.wifi_state = "idle"  # idle | configured | connecting | connected | failed
        self.wifi = {}
        self.counters = {"requests": 0, "sessions": 0, "dropped": 0, "handshake_ok": 0,
                         "pop_mismatch": 0, "srp_proof_mismatch": 0, "scans": 0,
                         "set_configs": 0, "applies": 0, "resets": 0, "reprovs": 0,
                         "status_polls": 0, "garbage": 0, "oversized": 0, "unanswered": 0}
        self.endpoint_counts = {}
        self.scan_requests = []
        self.custom_received = []
        self.log = []

    # ---- what the device shows ----

    def visible(self):
        """The networks a scan finds: 2.4 GHz only, strongest first, at most scan_max."""
        nets = [n for n in self.cfg["networks"] if str(n.get("band", "2.4")) != "5"]
        nets.sort(key=lambda n: -n.get("rssi", -100))
        return nets[:self.cfg["scan_max"]]

    def proto_ver(self):
        """The proto-ver answer: {"prov": {...}} plus the application's fields."""
        c = self.cfg
        cap = list(c["cap"])
        if c["sec_ver"] == 0 and "no_sec" not in cap:
            cap.append("no_sec")
        if c["sec_ver"] == 1 and not c["pop"] and "no_pop" not in cap:
            cap.append("no_pop")
        doc = {"prov": {"ver": c["version"], "sec_ver": c["sec_ver"],
                        "sec_patch_ver": c["sec_patch_ver"] if c["sec_ver"] == 2 else 0,
                        "cap": cap}}
        doc.update(c["app"])
        return json.dumps(doc, separators=(",", ":")).encode()

    def state(self):
        """What the device received and did, as JSON-ready data (never a secret)."""
        with self.lock:
            self._advance_wifi()
            w = {k: v for k, v in self.wifi.items()
                 if not isinstance(v, bytes) and k not in ("passphrase", "applied_at")}
            return {"name": self.name, "sec_ver": self.cfg["sec_ver"],
                    "sec_patch_ver": self.cfg["sec_patch_ver"], "vanished": self.vanished,
                    "sessions_open": [s.id for s in self.sessions.values()],
                    "established": [s.id for s in self.sessions.values() if s.established],
                    "counters": dict(self.counters), "endpoints": dict(self.endpoint_counts),
                    "scan_requests": list(self.scan_requests),
                    "wifi_state": self.wifi_state, "wifi": w,
                    "custom_received": list(self.custom_received), "log": self.log[-50:]}

    def _note(self, endpoint, outcome):
        self.log.append({"t": round(time.time(), 3), "endpoint": endpoint, "outcome": outcome})
        del self.log[:-200]

    # ---- sessions (the transport calls these) ----

    def new_session(self, sid):
        """Opens a session; one at a time, so an open one is closed first."""
        with self.lock:
            self.sessions.clear()
            self.sessions[sid] = Session(sid)
            self.counters["sessions"] += 1

    def close_session(self, sid):
        """Closes a session (the transport's connection or cookie went away)."""
        with self.lock:
            self.sessions.pop(sid, None)

    def power_cycle(self):
        """A restart: sessions, Wi-Fi state and scan forgotten (counters kept)."""
        with self.lock:
            self.sessions.clear()
            self.wifi_state = "idle"
            self.wifi = {}
            self._scan_started = None
            self.vanished = self._vanish_fired = False
            self._since_boot = 0

    # ---- failure modes ----

    def failure_for(self, endpoint):
        """The failure mode that applies to this request, or None; counts the request."""
        with self.lock:
            self.counters["requests"] += 1
            self.endpoint_counts[endpoint] = self.endpoint_counts.get(endpoint, 0) + 1
            f = self.cfg.get("failure")
            if self.vanished:
                return "vanish"
            if not f:
                return None
            self._since_boot += 1
            if self._since_boot <= f.get("after", 0):
                return None
            if f.get("endpoint") and f["endpoint"] != endpoint:
                return None
            if f["mode"] == "vanish":
                if self._vanish_fired:  # revived: it stays until the next power cycle
                    return None
                self.vanished = self._vanish_fired = True
            return f["mode"]

    def garbage_answer(self, sid, endpoint, data, oversized=False):
        """Not protobuf (or far too long), encrypted as a real answer would be.

        The request is decrypted first (and thrown away) so that the session's
        keystream or nonce counter moves on as for a real answer.
        """
        with self.lock:
            if oversized:
                self.counters["oversized"] += 1
                body = os.urandom(int((self.cfg.get("failure") or {}).get("bytes", 1 << 20)))
            else:
                self.counters["garbage"] += 1
                body = GARBAGE
            self._note(endpoint, "oversized" if oversized else "garbage")
            s = self.sessions.get(sid)
            if endpoint in ("proto-ver", "prov-session") or not s or not s.established:
                return body
            try:
                self._decrypt(s, data)
            except Drop:
                pass
            return self._encrypt(s, body)

    # ---- requests ----

    def handle(self, sid, endpoint, data):
        """The answer to one request on an endpoint, or Drop / NotFound."""
        with self.lock:
            try:
                out = self._handle(sid, endpoint, bytes(data))
                self._note(endpoint, "ok")
                return out
            except Drop as e:
                self.counters["dropped"] += 1
                self._note(endpoint, "dropped: %s" % e)
                raise

    def _handle(self, sid, endpoint, data):
        custom = self.cfg["custom_endpoints"]
        if endpoint not in ("proto-ver", "prov-session") + ENCRYPTED and endpoint not in custom:
            raise NotFound(endpoint)
        s = self.sessions.get(sid)
        if s is None:
            raise Drop("no session %s" % sid)
        if endpoint == "proto-ver":
            return self.proto_ver()
        if endpoint == "prov-session":
            return self._session(s, data)
        plain = self._decrypt(s, data)
        if endpoint == "prov-config":
            out = self._config(plain)
        elif endpoint == "prov-scan":
            out = self._scan(plain)
        elif endpoint == "prov-ctrl":
            out = self._ctrl(plain)
        else:
            self.custom_received.append({"endpoint": endpoint,
                                         "data": plain.decode("utf-8", "replace")})
            out = custom[endpoint].encode()
        return self._encrypt(s, out)

    def _decrypt(self, s, data):
        sec = self.cfg["sec_ver"]
        if sec == 0:
            return data
        if not s.established:
            raise Drop("secure session not established")
        if sec == 1:
            return s.ctr.crypt(data)
        try:
            return s.gcm.decrypt(data)
        except Exception as e:  # InvalidTag, short input
            raise Drop("decryption failed: %s" % type(e).__name__) from e

    def _encrypt(self, s, data):
        sec = self.cfg["sec_ver"]
        if sec == 0:
            return data
        if sec == 1:
            return s.ctr.crypt(data)
        return s.gcm.encrypt(data)

    # ---- prov-session ----

    def _session(self, s, data):
        try:
            req = m.decode(m.SESSION_DATA, data)
        except pb.DecodeError as e:
            raise Drop("unable to unpack session data") from e
        sec = self.cfg["sec_ver"]
        if req.get("sec_ver", 0) != sec:
            raise Drop("security version mismatch")
        key = "sec%d" % sec
        if key not in req:
            raise Drop("security scheme mismatch")
        payload = req[key]
        if sec == 0:
            if payload.get("msg", 0) != m.S0_SESSION_COMMAND or "sc" not in payload:
                raise Drop("invalid sec0 message")
            s.established = True
            self.counters["handshake_ok"] += 1
            return m.encode(m.SESSION_DATA, {"sec_ver": 0, "sec0": {
                "msg": m.S0_SESSION_RESPONSE, "sr": {"status": m.SUCCESS}}})
        msg = payload.get("msg", 0)
        if msg == m.SESSION_COMMAND0:
            return self._sec1_cmd0(s, payload) if sec == 1 else self._sec2_cmd0(s, payload)
        if msg == m.SESSION_COMMAND1:
            return self._sec1_cmd1(s, payload) if sec == 1 else self._sec2_cmd1(s, payload)
        raise Drop("invalid security message type")

    def _restart(self, s):
        s.step, s.established, s.ctr, s.gcm, s.sec1, s.sec2 = 0, False, None, None, {}, {}

    def _sec1_cmd0(self, s, payload):
        if "sc0" not in payload:
            raise Drop("missing sc0")
        client_pub = payload["sc0"].get("client_pubkey", b"")
        if len(client_pub) != 32:
            raise Drop("client public key of %d bytes" % len(client_pub))
        self._restart(s)
        priv, pub = crypto.x25519_keypair()
        rand = os.urandom(16)
        try:
            shared = crypto.x25519(priv, client_pub)
        except ValueError as e:  # an all-zero shared secret
            raise Drop("key exchange failed") from e
        key = crypto.sec1_session_key(shared, self.cfg["pop"].encode())
        s.sec1 = {"client_pub": client_pub, "device_pub": pub, "key": key, "rand": rand}
        s.step = 1
        return m.encode(m.SESSION_DATA, {"sec_ver": 1, "sec1": {
            "msg": m.SESSION_RESPONSE0,
            "sr0": {"status": m.SUCCESS, "device_pubkey": pub, "device_random": rand}}})

    def _sec1_cmd1(self, s, payload):
        if s.step != 1 or "sc1" not in payload:
            raise Drop("session command 1 out of order")
        verify = payload["sc1"].get("client_verify_data", b"")
        stream = crypto.CtrStream(s.sec1["key"], s.sec1["rand"])
        if not crypto.proofs_equal(stream.crypt(verify), s.sec1["device_pub"]):
            self.counters["pop_mismatch"] += 1
            self._restart(s)
            raise Drop("key mismatch (wrong proof of possession)")
        device_verify = stream.crypt(s.sec1["client_pub"])
        s.ctr, s.step, s.established = stream, 2, True
        self.counters["handshake_ok"] += 1
        return m.encode(m.SESSION_DATA, {"sec_ver": 1, "sec1": {
            "msg": m.SESSION_RESPONSE1,
            "sr1": {"status": m.SUCCESS, "device_verify_data": device_verify}}})

    def _sec2_cmd0(self, s, payload):
        if "sc0" not in payload:
            raise Drop("missing sc0")
        sc0 = payload["sc0"]
        user, a_bytes = sc0.get("client_username", b""), sc0.get("client_pubkey", b"")
        if len(a_bytes) != 384:
            raise Drop("client public key of %d bytes" % len(a_bytes))
        if not user:
            raise Drop("no username")
        self._restart(s)
        srp = self.srp
        A = int.from_bytes(a_bytes, "big")
        if A % srp.N == 0:
            raise Drop("A mod N is 0")
        b = int.from_bytes(os.urandom(32), "big")
        B = srp.B(b, self.verifier)
        u = srp.u(A, B)
        K = srp.session_key(srp.server_premaster(A, b, self.verifier, u))
        s.sec2 = {"user": user, "A": A, "B": B, "K": K}
        s.step = 1
        return m.encode(m.SESSION_DATA, {"sec_ver": 2, "sec2": {
            "msg": m.SESSION_RESPONSE0,
            "sr0": {"status": m.SUCCESS, "device_pubkey": srp.pad(B), "device_salt": self.salt}}})

    def _sec2_cmd1(self, s, payload):
        if s.step != 1 or "sc1" not in payload:
            raise Drop("session command 1 out of order")
        proof = payload["sc1"].get("client_proof", b"")
        if len(proof) != 64:
            raise Drop("client proof of %d bytes" % len(proof))
        v = s.sec2
        expect = self.srp.client_proof(v["user"], self.salt, v["A"], v["B"], v["K"])
        if not crypto.proofs_equal(proof, expect):
            self.counters["srp_proof_mismatch"] += 1
            self._restart(s)
            raise Drop("client proof mismatch (wrong username or password)")
        m2 = self.srp.server_proof(v["A"], expect, v["K"])
        if self.cfg["sec_patch_ver"] >= 1:
            nonce = os.urandom(8) + (1).to_bytes(4, "big")
        else:
            nonce = os.urandom(16)
        s.gcm = crypto.GcmChannel(v["K"][:32], nonce, self.cfg["sec_patch_ver"])
        s.step, s.established = 2, True
        self.counters["handshake_ok"] += 1
        return m.encode(m.SESSION_DATA, {"sec_ver": 2, "sec2": {
            "msg": m.SESSION_RESPONSE1,
            "sr1": {"status": m.SUCCESS, "device_proof": m2, "device_nonce": nonce}}})

    # ---- prov-scan ----

    def _scan(self, plain):
        try:
            req = m.decode(m.WIFI_SCAN_PAYLOAD, plain)
        except pb.DecodeError as e:
            raise Drop("unable to unpack scan payload") from e
        msg = req.get("msg", 0)
        if msg == m.TYPE_CMD_SCAN_START:
            start = req.get("cmd_scan_start", {})
            self.counters["scans"] += 1
            self._scan_started = time.monotonic()
            if start.get("blocking"):
                time.sleep(self.cfg["scan_time"])
            return m.encode(m.WIFI_SCAN_PAYLOAD, {"msg": m.TYPE_RESP_SCAN_START,
                                                  "status": m.SUCCESS, "resp_scan_start": {}})
        if msg == m.TYPE_CMD_SCAN_STATUS:
            done = self._scan_done()
            return m.encode(m.WIFI_SCAN_PAYLOAD, {
                "msg": m.TYPE_RESP_SCAN_STATUS, "status": m.SUCCESS,
                "resp_scan_status": {"scan_finished": done,
                                     "result_count": len(self.visible()) if done else 0}})
        if msg == m.TYPE_CMD_SCAN_RESULT:
            r = req.get("cmd_scan_result", {})
            first, count = r.get("start_index", 0), r.get("count", 0)
            self.scan_requests.append([first, count])
            nets = self.visible() if self._scan_done() else []
            if first + count > len(nets):
                return m.encode(m.WIFI_SCAN_PAYLOAD, {"msg": m.TYPE_RESP_SCAN_RESULT,
                                                      "status": m.INVALID_ARGUMENT,
                                                      "resp_scan_result": {"entries": []}})
            entries = [{"ssid": n["ssid"].encode(), "channel": n.get("channel", 1),
                        "rssi": n.get("rssi", -60), "bssid": parse_bssid(n["bssid"]),
                        "auth": m.AUTH_MODES[n.get("auth", "WPA2_PSK")]}
                       for n in nets[first:first + count]]
            return m.encode(m.WIFI_SCAN_PAYLOAD, {"msg": m.TYPE_RESP_SCAN_RESULT,
                                                  "status": m.SUCCESS,
                                                  "resp_scan_result": {"entries": entries}})
        raise Drop("invalid scan message type %d" % msg)

    def _scan_done(self):
        return (self._scan_started is not None
                and time.monotonic() - self._scan_started >= self.cfg["scan_time"])

    # ---- prov-config ----

    def _find_network(self, ssid, bssid):
        for n in self.visible():
            if n["ssid"].encode() == ssid and (not bssid or parse_bssid(n["bssid"]) == bssid):
                return n
        return None

    def _advance_wifi(self):
        """Connecting turns into connected or failed once the delay has passed."""
        if self.wifi_state != "connecting":
            return
        if time.monotonic() - self.wifi["applied_at"] < self.cfg["connect_delay"]:
            return
        net = self._find_network(self.wifi["ssid_bytes"], self.wifi.get("bssid_bytes"))
        if net is None:
            self.wifi_state, self.wifi["fail_reason"] = "failed", "network_not_found"
        elif net.get("auth", "WPA2_PSK") != "Open" and (
                self.cfg["keys"].get(net["ssid"], None) is None
                or self.wifi["passphrase"] != self.cfg["keys"][net["ssid"]].encode()):
            self.wifi_state, self.wifi["fail_reason"] = "failed", "auth_error"
        else:
            self.wifi_state = "connected"
            self.wifi["network"] = net
            self.wifi.pop("fail_reason", None)

    def _config(self, plain):
        try:
            req = m.decode(m.WIFI_CONFIG_PAYLOAD, plain)
        except pb.DecodeError as e:
            raise Drop("unable to unpack config payload") from e
        msg = req.get("msg", 0)
        self._advance_wifi()
        if msg == m.TYPE_CMD_GET_STATUS:
            self.counters["status_polls"] += 1
            return m.encode(m.WIFI_CONFIG_PAYLOAD, {"msg": m.TYPE_RESP_GET_STATUS,
                                                    "resp_get_status": self._status()})
        if msg == m.TYPE_CMD_SET_CONFIG:
            self.counters["set_configs"] += 1
            c = req.get("cmd_set_config", {})
            status = m.SUCCESS
            if self.wifi_state in ("connecting", "connected", "failed") or not c.get("ssid"):
                status = m.INTERNAL_ERROR  # credentials already taken: reset first
            else:
                self.wifi_state = "configured"
                key = self.cfg["keys"].get(c["ssid"].decode("utf-8", "replace"))
                self.wifi = {"ssid": c["ssid"].decode("utf-8", "replace"),
                             "ssid_bytes": c["ssid"], "passphrase": c.get("passphrase", b""),
                             "passphrase_length": len(c.get("passphrase", b"")),
                             "passphrase_right": key is not None
                             and c.get("passphrase", b"") == key.encode(),
                             "bssid": c.get("bssid", b"").hex(":"),
                             "bssid_bytes": c.get("bssid", b""), "channel": c.get("channel", 0)}
            return m.encode(m.WIFI_CONFIG_PAYLOAD, {"msg": m.TYPE_RESP_SET_CONFIG,
                                                    "resp_set_config": {"status": status}})
        if msg == m.TYPE_CMD_APPLY_CONFIG:
            self.counters["applies"] += 1
            status = m.SUCCESS
            if self.wifi_state != "configured":
                status = m.INTERNAL_ERROR
            else:
                self.wifi_state = "connecting"
                self.wifi["applied_at"] = time.monotonic()
            return m.encode(m.WIFI_CONFIG_PAYLOAD, {"msg": m.TYPE_RESP_APPLY_CONFIG,
                                                    "resp_apply_config": {"status": status}})
        raise Drop("invalid config message type %d" % msg)

    def _status(self):
        st = self.wifi_state
        if st == "connected":
            net = self.wifi["network"]
            return {"status": m.SUCCESS, "sta_state": m.CONNECTED, "connected": {
                "ip4_addr": self.cfg["ip"], "auth_mode": m.AUTH_MODES[net.get("auth", "WPA2_PSK")],
                "ssid": net["ssid"].encode(), "bssid": parse_bssid(net["bssid"]),
                "channel": net.get("channel", 1)}}
        if st == "connecting":
            return {"status": m.SUCCESS, "sta_state": m.CONNECTING}
        if st == "failed":
            reason = m.AUTH_ERROR if self.wifi["fail_reason"] == "auth_error" else m.NETWORK_NOT_FOUND
            return {"status": m.SUCCESS, "sta_state": m.CONNECTION_FAILED, "fail_reason": reason}
        return {"status": m.SUCCESS, "sta_state": m.DISCONNECTED}

    # ---- prov-ctrl ----

    def _ctrl(self, plain):
        try:
            req = m.decode(m.WIFI_CTRL_PAYLOAD, plain)
        except pb.DecodeError as e:
            raise Drop("unable to unpack ctrl payload") from e
        msg = req.get("msg", 0)
        self._advance_wifi()
        if msg == m.TYPE_CMD_CTRL_RESET:
            self.counters["resets"] += 1
            ok = self.wifi_state in ("failed", "configured", "idle")
            if ok:
                self.wifi_state, self.wifi = "idle", {}
            return m.encode(m.WIFI_CTRL_PAYLOAD, {"msg": m.TYPE_RESP_CTRL_RESET,
                                                  "status": m.SUCCESS if ok else m.INTERNAL_ERROR,
                                                  "resp_ctrl_reset": {}})
        if msg == m.TYPE_CMD_CTRL_REPROV:
            self.counters["reprovs"] += 1
            ok = self.wifi_state == "connected"
            if ok:
                self.wifi_state, self.wifi = "idle", {}
            return m.encode(m.WIFI_CTRL_PAYLOAD, {"msg": m.TYPE_RESP_CTRL_REPROV,
                                                  "status": m.SUCCESS if ok else m.INTERNAL_ERROR,
                                                  "resp_ctrl_reprov": {}})
        raise Drop("invalid ctrl message type %d" % msg)
