#!/usr/bin/python3
"""A small provisioning client for the emulator's own checks (SoftAP over HTTP).

It speaks what a phone app speaks, from the same documented facts, so the
emulator's tests can drive every step: proto-ver, the security 0/1/2
handshake, Wi-Fi scan, set config, apply, status, prov-ctrl and custom
endpoints. It is not doorstep's client and knows nothing of it.
"""
import http.client
import json
import os
import socket

import esp_crypto as crypto
import esp_messages as m


class Refused(Exception):
    """The device closed the connection without an answer."""


class Client:
    """One provisioning session with a device at host:port."""

    def __init__(self, host, port, timeout=5.0, use_cookie=True):
        self.host, self.port, self.timeout = host, port, timeout
        self.use_cookie = use_cookie
        self.cookie = None
        self.conn = None
        self.sec_ver = 0
        self.ctr = None
        self.gcm = None
        self.last_headers = {}

    def close(self):
        """Closes the TCP connection."""
        if self.conn:
            self.conn.close()
            self.conn = None

    def post(self, endpoint, body):
        """The raw answer to a POST /endpoint; Refused when the device drops it."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.connect()
                self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                self.conn = None
                raise
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/plain"}
        if self.cookie and self.use_cookie:
            headers["Cookie"] = self.cookie
        try:
            self.conn.request("POST", "/" + endpoint, body=bytes(body), headers=headers)
            resp = self.conn.getresponse()
            data = resp.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
            self.close()
            raise Refused(endpoint) from e
        self.last_headers = dict(resp.getheaders())
        setc = resp.getheader("Set-Cookie")
        if setc:
            self.cookie = setc.split(";")[0].strip()
        if resp.status != 200:
            raise http.client.HTTPException("HTTP %d on %s" % (resp.status, endpoint))
        return data

    # ---- session ----

    def proto_ver(self):
        """The device's proto-ver JSON."""
        return json.loads(self.post("proto-ver", b"ESP"))

    def session(self, sec_ver, pop=b"", username=b"", password=b""):
        """Runs the handshake of sec_ver; the device's patch version comes from proto-ver."""
        self.sec_ver = sec_ver
        if sec_ver == 0:
            out = m.decode(m.SESSION_DATA, self.post("prov-session", m.encode(m.SESSION_DATA, {
                "sec_ver": 0, "sec0": {"msg": m.S0_SESSION_COMMAND, "sc": {}}})))
            assert out["sec0"]["sr"].get("status", 0) == m.SUCCESS
            return
        if sec_ver == 1:
            self._sec1(pop)
        else:
            patch = self.proto_ver()["prov"].get("sec_patch_ver", 0)
            self._sec2(username, password, patch)

    def _sec1(self, pop):
        priv, pub = crypto.x25519_keypair()
        r0 = m.decode(m.SESSION_DATA, self.post("prov-session", m.encode(m.SESSION_DATA, {
            "sec_ver": 1, "sec1": {"msg": m.SESSION_COMMAND0, "sc0": {"client_pubkey": pub}}})))
        sr0 = r0["sec1"]["sr0"]
        dev_pub, rand = sr0["device_pubkey"], sr0["device_random"]
        key = crypto.sec1_session_key(crypto.x25519(priv, dev_pub), pop)
        self.ctr = crypto.CtrStream(key, rand)
        verify = self.ctr.crypt(dev_pub)
        r1 = m.decode(m.SESSION_DATA, self.post("prov-session", m.encode(m.SESSION_DATA, {
            "sec_ver": 1, "sec1": {"msg": m.SESSION_COMMAND1,
                                   "sc1": {"client_verify_data": verify}}})))
        check = self.ctr.crypt(r1["sec1"]["sr1"]["device_verify_data"])
        if check != pub:
            raise ValueError("the device did not prove the key")

    def _sec2(self, username, password, patch):
        srp = crypto.Srp()
        a = int.from_bytes(os.urandom(32), "big")
        A = srp.A(a)
        r0 = m.decode(m.SESSION_DATA, self.post("prov-session", m.encode(m.SESSION_DATA, {
            "sec_ver": 2, "sec2": {"msg": m.SESSION_COMMAND0,
                                   "sc0": {"client_username": username,
                                           "client_pubkey": srp.pad(A)}}})))
        sr0 = r0["sec2"]["sr0"]
        salt, B = sr0["device_salt"], int.from_bytes(sr0["device_pubkey"], "big")
        x = srp.x(salt, username, password)
        K = srp.session_key(srp.client_premaster(B, a, x, srp.u(A, B)))
        M1 = srp.client_proof(username, salt, A, B, K)
        r1 = m.decode(m.SESSION_DATA, self.post("prov-session", m.encode(m.SESSION_DATA, {
            "sec_ver": 2, "sec2": {"msg": m.SESSION_COMMAND1, "sc1": {"client_proof": M1}}})))
        sr1 = r1["sec2"]["sr1"]
        if sr1["device_proof"] != srp.server_proof(A, M1, K):
            raise ValueError("the device did not prove the key")
        self.gcm = crypto.GcmChannel(K[:32], sr1["device_nonce"], patch)

    # ---- encrypted endpoints ----

    def call(self, endpoint, plain):
        """Encrypts a request, posts it, decrypts the answer."""
        if self.sec_ver == 1:
            return self.ctr.crypt(self.post(endpoint, self.ctr.crypt(plain)))
        if self.sec_ver == 2:
            return self.gcm.decrypt(self.post(endpoint, self.gcm.encrypt(plain)))
        return self.post(endpoint, plain)

    def scan(self, per_request=4, blocking=True):
        """Every network the device sees, per_request results per request."""
        scan = lambda msg: m.decode(m.WIFI_SCAN_PAYLOAD, self.call("prov-scan", m.encode(
            m.WIFI_SCAN_PAYLOAD, msg)))
        scan({"msg": m.TYPE_CMD_SCAN_START,
              "cmd_scan_start": {"blocking": blocking, "group_channels": 4, "period_ms": 120}})
        while True:
            st = scan({"msg": m.TYPE_CMD_SCAN_STATUS, "cmd_scan_status": {}})["resp_scan_status"]
            if st.get("scan_finished"):
                break
        total = st.get("result_count", 0)
        found = []
        while len(found) < total:
            n = min(per_request, total - len(found))
            r = scan({"msg": m.TYPE_CMD_SCAN_RESULT,
                      "cmd_scan_result": {"start_index": len(found), "count": n}})
            found += r["resp_scan_result"].get("entries", [])
        return found

    def config(self, msg):
        """A prov-config exchange."""
        return m.decode(m.WIFI_CONFIG_PAYLOAD, self.call("prov-config", m.encode(
            m.WIFI_CONFIG_PAYLOAD, msg)))

    def set_config(self, ssid, passphrase):
        """Status of SetConfig."""
        r = self.config({"msg": m.TYPE_CMD_SET_CONFIG,
                         "cmd_set_config": {"ssid": ssid, "passphrase": passphrase}})
        return r["resp_set_config"].get("status", 0)

    def apply(self):
        """Status of ApplyConfig."""
        return self.config({"msg": m.TYPE_CMD_APPLY_CONFIG,
                            "cmd_apply_config": {}})["resp_apply_config"].get("status", 0)

    def status(self):
        """RespGetStatus as a dict."""
        return self.config({"msg": m.TYPE_CMD_GET_STATUS, "cmd_get_status": {}})["resp_get_status"]

    def ctrl_reset(self):
        """Status of CmdCtrlReset."""
        return m.decode(m.WIFI_CTRL_PAYLOAD, self.call("prov-ctrl", m.encode(
            m.WIFI_CTRL_PAYLOAD, {"msg": m.TYPE_CMD_CTRL_RESET, "cmd_ctrl_reset": {}}))).get(
                "status", 0)
