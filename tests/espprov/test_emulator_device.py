#!/usr/bin/python3
"""The ESP device emulator over its SoftAP HTTP front, driven by prov_client.

One emulator process with one device per situation; every test asserts both
what the client sees and what the device says it received (/_emu/state).
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import esp_messages as m  # noqa: E402
import protobuf_codec as pb  # noqa: E402
import prov_client  # noqa: E402

DELAY = 0.3
SLOW_SCAN = 0.5
MANY = [{"ssid": "Net%d" % i, "rssi": -40 - i, "channel": 1 + i, "auth": "WPA2_PSK",
         "bssid": "24:0a:c4:00:01:%02x" % i} for i in range(6)]
CONFIG = {
    "defaults": {"connect_delay": DELAY, "scan_time": 0.05},
    "devices": [
        {"name": "PROV_SEC0", "sec_ver": 0},
        {"name": "PROV_SEC1", "sec_ver": 1, "pop": "abcd1234",
         "app": {"my_app": {"model": "siren-2", "fw": "1.4.2"}}},
        {"name": "PROV_SEC1NOPOP", "sec_ver": 1, "pop": ""},
        {"name": "PROV_SEC2", "sec_ver": 2, "sec_patch_ver": 1, "username": "wifiprov",
         "password": "label-secret"},
        {"name": "PROV_SEC2OLD", "sec_ver": 2, "sec_patch_ver": 0, "username": "wifiprov",
         "password": "label-secret"},
        {"name": "PROV_MANY", "sec_ver": 0, "networks": MANY, "keys": {"Net0": "k"}},
        {"name": "PROV_WRONGKEY", "sec_ver": 2},
        {"name": "PROV_SLOWSCAN", "sec_ver": 0, "scan_time": SLOW_SCAN},
        {"name": "PROV_VANISH", "sec_ver": 0, "failure": {"mode": "vanish", "after": 3}},
        {"name": "PROV_MUTE", "sec_ver": 0, "failure": {"mode": "never_answer",
                                                        "endpoint": "prov-config"}},
        {"name": "PROV_GARBAGE", "sec_ver": 2, "failure": {"mode": "garbage",
                                                           "endpoint": "prov-scan"}},
        {"name": "PROV_HUGE", "sec_ver": 1, "failure": {"mode": "oversized",
                                                        "endpoint": "prov-scan",
                                                        "bytes": 300000}},
        {"name": "PROV_COOKIE", "sec_ver": 1},
    ],
}


class Emulator:
    """The emulator process, started once for the module."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="espemu-test.")
        cfg = os.path.join(self.dir.name, "devices.json")
        with open(cfg, "w", encoding="utf-8") as fh:
            json.dump(CONFIG, fh)
        self.proc = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "esp_emulator.py"),
                                      "--config", cfg], stdout=subprocess.PIPE)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the emulator did not start")
        self.ready = json.loads(line)
        self.ports = {d["name"]: d["port"] for d in self.ready["devices"]}

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()
        self.dir.cleanup()

    def control(self, method, path):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.ready["control_port"], path),
                                     data=b"" if method == "POST" else None, method=method)
        return json.loads(urllib.request.urlopen(req, timeout=5).read())

    def state(self, name):
        return self.control("GET", "/_emu/state/" + name)

    def client(self, name, **kw):
        return prov_client.Client("127.0.0.1", self.ports[name], **kw)


EMU = None


def setUpModule():
    global EMU
    EMU = Emulator()


def tearDownModule():
    EMU.stop()


def wait_status(c, limit=5.0):
    """Polls the status while the device says Connecting; (status, polls, seconds)."""
    start, polls = time.monotonic(), 0
    while True:
        st = c.status()
        polls += 1
        if st.get("sta_state", 0) != m.CONNECTING:
            return st, polls, time.monotonic() - start
        if time.monotonic() - start > limit:
            raise AssertionError("still connecting after %s s" % limit)
        time.sleep(0.02)


class Base(unittest.TestCase):
    """Clients made by a test are closed after it."""

    def client(self, name, **kw):
        c = EMU.client(name, **kw)
        self.addCleanup(c.close)
        return c


class Provisioning(Base):
    """A whole run per security level: handshake, scan, credentials, connected."""

    def run_through(self, name, sec, **secrets):
        c = self.client(name)
        info = c.proto_ver()
        self.assertEqual(info["prov"]["sec_ver"], sec)
        c.session(sec, **secrets)
        nets = c.scan()
        self.assertEqual([e["ssid"] for e in nets], [b"HomeNet", b"Neighbour", b"Cafe Guest"])
        self.assertEqual(c.set_config(b"HomeNet", b"correct horse"), m.SUCCESS)
        applied = time.monotonic()
        self.assertEqual(c.apply(), m.SUCCESS)
        first = c.status().get("sta_state", 0)
        if time.monotonic() - applied < DELAY:  # asked within the delay: still connecting
            self.assertEqual(first, m.CONNECTING)
        st, polls, _ = wait_status(c)
        self.assertGreaterEqual(time.monotonic() - applied, DELAY)
        self.assertEqual(st.get("sta_state", 0), m.CONNECTED)
        self.assertEqual(st["connected"]["ip4_addr"], "192.168.1.77")
        self.assertEqual(st["connected"]["ssid"], b"HomeNet")
        self.assertEqual(st["connected"]["auth_mode"], m.AUTH_MODES["WPA2_PSK"])
        self.assertEqual(c.call("custom-data", b"name=Hall siren"), b"SUCCESS")
        state = EMU.state(name)
        self.assertEqual(state["wifi_state"], "connected")
        self.assertEqual(state["wifi"]["ssid"], "HomeNet")
        self.assertTrue(state["wifi"]["passphrase_right"])
        self.assertNotIn("passphrase", state["wifi"])
        self.assertEqual(state["counters"]["handshake_ok"], 1)
        self.assertEqual(state["custom_received"][-1], {"endpoint": "custom-data",
                                                        "data": "name=Hall siren"})
        c.close()
        return info

    def test_security0(self):
        info = self.run_through("PROV_SEC0", 0)
        self.assertIn("no_sec", info["prov"]["cap"])

    def test_security1(self):
        info = self.run_through("PROV_SEC1", 1, pop=b"abcd1234")
        self.assertEqual(info["my_app"], {"model": "siren-2", "fw": "1.4.2"})
        self.assertEqual(info["prov"]["cap"], ["wifi_scan"])

    def test_security1_without_pop(self):
        info = self.run_through("PROV_SEC1NOPOP", 1, pop=b"")
        self.assertIn("no_pop", info["prov"]["cap"])

    def test_security2_counting_nonce(self):
        info = self.run_through("PROV_SEC2", 2, username=b"wifiprov", password=b"label-secret")
        self.assertEqual(info["prov"]["sec_patch_ver"], 1)

    def test_security2_fixed_nonce(self):
        info = self.run_through("PROV_SEC2OLD", 2, username=b"wifiprov", password=b"label-secret")
        self.assertEqual(info["prov"]["sec_patch_ver"], 0)


class Refusals(Base):
    """Wrong secrets: the device closes the connection at the second handshake step."""

    def test_wrong_pop_then_right_one(self):
        before = EMU.state("PROV_SEC1")["counters"]
        c = self.client("PROV_SEC1")
        with self.assertRaises(prov_client.Refused):
            c.session(1, pop=b"abcd1235")
        after = EMU.state("PROV_SEC1")["counters"]
        self.assertEqual(after["pop_mismatch"], before["pop_mismatch"] + 1)
        self.assertEqual(after["handshake_ok"], before["handshake_ok"])
        c2 = self.client("PROV_SEC1")
        c2.session(1, pop=b"abcd1234")
        self.assertEqual(c2.status().get("sta_state", 0) in (m.CONNECTED, m.DISCONNECTED), True)

    def test_wrong_srp_password(self):
        before = EMU.state("PROV_SEC2")["counters"]
        c = self.client("PROV_SEC2")
        with self.assertRaises(prov_client.Refused):
            c.session(2, username=b"wifiprov", password=b"label-secreT")
        after = EMU.state("PROV_SEC2")["counters"]
        self.assertEqual(after["srp_proof_mismatch"], before["srp_proof_mismatch"] + 1)

    def test_wrong_srp_username(self):
        c = self.client("PROV_SEC2")
        with self.assertRaises(prov_client.Refused):
            c.session(2, username=b"admin", password=b"label-secret")

    def test_encrypted_endpoint_before_handshake_is_dropped(self):
        c = self.client("PROV_SEC2")
        c.proto_ver()
        with self.assertRaises(prov_client.Refused):
            c.post("prov-config", b"\x52\x00" + bytes(16))


class WiFi(Base):
    """Scan paging, wrong key then right key without restart, unknown networks."""

    def test_scan_honours_requested_count(self):
        c = self.client("PROV_MANY")
        c.session(0)
        four = c.scan(per_request=4)
        self.assertEqual([e["ssid"] for e in four], [("Net%d" % i).encode() for i in range(6)])
        self.assertEqual(four[0]["rssi"], -40)
        self.assertEqual(four[0]["bssid"], bytes.fromhex("240ac4000100"))
        self.assertEqual(four[3]["channel"], 4)
        one = c.scan(per_request=1)
        self.assertEqual(one, four)
        self.assertEqual(EMU.state("PROV_MANY")["scan_requests"][-8:],
                         [[0, 4], [4, 2], [0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1]])
        # past the end: InvalidArgument and no entries
        r = m.decode(m.WIFI_SCAN_PAYLOAD, c.call("prov-scan", m.encode(m.WIFI_SCAN_PAYLOAD, {
            "msg": m.TYPE_CMD_SCAN_RESULT, "cmd_scan_result": {"start_index": 4, "count": 4}})))
        self.assertEqual(r.get("status", 0), m.INVALID_ARGUMENT)
        self.assertEqual(r["resp_scan_result"].get("entries", []), [])

    def test_non_blocking_scan_reports_unfinished_first(self):
        c = self.client("PROV_SLOWSCAN")
        c.session(0)
        scan = lambda msg: m.decode(m.WIFI_SCAN_PAYLOAD, c.call("prov-scan", m.encode(
            m.WIFI_SCAN_PAYLOAD, msg)))
        started = time.monotonic()
        scan({"msg": m.TYPE_CMD_SCAN_START, "cmd_scan_start": {"blocking": False}})
        st = scan({"msg": m.TYPE_CMD_SCAN_STATUS, "cmd_scan_status": {}})["resp_scan_status"]
        if time.monotonic() - started < SLOW_SCAN:
            self.assertFalse(st.get("scan_finished", False))
            self.assertEqual(st.get("result_count", 0), 0)
        while not st.get("scan_finished"):
            self.assertLess(time.monotonic() - started, SLOW_SCAN + 5)
            time.sleep(0.05)
            st = scan({"msg": m.TYPE_CMD_SCAN_STATUS, "cmd_scan_status": {}})["resp_scan_status"]
        self.assertGreaterEqual(time.monotonic() - started, SLOW_SCAN)
        self.assertEqual(st["result_count"], 3)

    def test_wrong_key_then_right_key_without_restart(self):
        c = self.client("PROV_WRONGKEY")
        c.session(2, username=b"wifiprov", password=b"abcd1234")
        self.assertEqual(c.set_config(b"HomeNet", b"correct horsf"), m.SUCCESS)
        self.assertEqual(c.apply(), m.SUCCESS)
        st, _, _ = wait_status(c)
        self.assertEqual(st.get("sta_state", 0), m.CONNECTION_FAILED)
        self.assertEqual(st.get("fail_reason", -1), m.AUTH_ERROR)
        self.assertIn("fail_reason", st)  # AuthError is 0, yet present (oneof)
        state = EMU.state("PROV_WRONGKEY")
        self.assertFalse(state["wifi"]["passphrase_right"])
        self.assertEqual(state["wifi"]["fail_reason"], "auth_error")
        # stuck until reset: new credentials are refused
        self.assertEqual(c.set_config(b"HomeNet", b"correct horse"), m.INTERNAL_ERROR)
        self.assertEqual(c.ctrl_reset(), m.SUCCESS)
        self.assertEqual(c.status().get("sta_state", 0), m.DISCONNECTED)
        self.assertEqual(c.set_config(b"HomeNet", b"correct horse"), m.SUCCESS)
        self.assertEqual(c.apply(), m.SUCCESS)
        st, _, _ = wait_status(c)
        self.assertEqual(st.get("sta_state", 0), m.CONNECTED)
        state = EMU.state("PROV_WRONGKEY")
        self.assertEqual(state["counters"]["resets"], 1)
        self.assertEqual(state["counters"]["sessions"], 1)
        # connected: reset is refused, reprov is not
        self.assertEqual(c.ctrl_reset(), m.INTERNAL_ERROR)
        r = m.decode(m.WIFI_CTRL_PAYLOAD, c.call("prov-ctrl", m.encode(m.WIFI_CTRL_PAYLOAD, {
            "msg": m.TYPE_CMD_CTRL_REPROV, "cmd_ctrl_reprov": {}})))
        self.assertEqual((r.get("msg"), r.get("status", 0)), (m.TYPE_RESP_CTRL_REPROV, m.SUCCESS))

    def test_unknown_and_5ghz_networks(self):
        for ssid in (b"NoSuchNet", b"HomeNet-5G"):
            c = self.client("PROV_SEC0")
            c.session(0)
            c.ctrl_reset()
            if EMU.state("PROV_SEC0")["wifi_state"] == "connected":
                c.call("prov-ctrl", m.encode(m.WIFI_CTRL_PAYLOAD, {
                    "msg": m.TYPE_CMD_CTRL_REPROV, "cmd_ctrl_reprov": {}}))
            self.assertEqual(c.set_config(ssid, b"whatever"), m.SUCCESS)
            self.assertEqual(c.apply(), m.SUCCESS)
            st, _, _ = wait_status(c)
            self.assertEqual(st.get("sta_state", 0), m.CONNECTION_FAILED, ssid)
            self.assertEqual(st.get("fail_reason"), m.NETWORK_NOT_FOUND, ssid)
            self.assertEqual(c.ctrl_reset(), m.SUCCESS)
            c.close()


class Failures(Base):
    """Devices that vanish, never answer, answer garbage or far too much."""

    def test_vanishes_after_three_requests_then_revives(self):
        c = self.client("PROV_VANISH")
        c.proto_ver()
        c.session(0)
        c.status()
        with self.assertRaises(prov_client.Refused):
            c.status()
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", EMU.ports["PROV_VANISH"]), timeout=2).close()
        self.assertTrue(EMU.state("PROV_VANISH")["vanished"])
        EMU.control("POST", "/_emu/revive/PROV_VANISH")
        c2 = self.client("PROV_VANISH")
        self.assertEqual(c2.proto_ver()["prov"]["sec_ver"], 0)

    def test_never_answers(self):
        c = self.client("PROV_MUTE", timeout=0.5)
        c.session(0)
        start = time.monotonic()
        with self.assertRaises(socket.timeout):
            c.status()
        self.assertLess(time.monotonic() - start, 2)
        c.close()
        self.assertGreaterEqual(EMU.state("PROV_MUTE")["counters"]["unanswered"], 1)

    def test_garbage_answer(self):
        c = self.client("PROV_GARBAGE")
        c.session(2, username=b"wifiprov", password=b"abcd1234")
        plain = c.call("prov-scan", m.encode(m.WIFI_SCAN_PAYLOAD, {
            "msg": m.TYPE_CMD_SCAN_STATUS, "cmd_scan_status": {}}))
        with self.assertRaises(pb.DecodeError):
            m.decode(m.WIFI_SCAN_PAYLOAD, plain)
        self.assertEqual(c.status().get("sta_state", 0), m.DISCONNECTED)  # the rest works

    def test_oversized_answer(self):
        c = self.client("PROV_HUGE")
        c.session(1, pop=b"abcd1234")
        body = c.post("prov-scan", c.ctr.crypt(b"\x08\x02\x62\x00"))
        self.assertEqual(len(body), 300000)
        self.assertEqual(EMU.state("PROV_HUGE")["counters"]["oversized"], 1)


class SoftApTransport(Base):
    """The session cookie and the HTTP server's limits, as on the device."""

    def raw(self, conn, path, body, cookie=None):
        headers = {"Cookie": cookie} if cookie else {}
        conn.request("POST", path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, r.getheader("Set-Cookie"), r.read()

    def test_cookie_set_once_and_new_session_replaces_old(self):
        c = self.client("PROV_COOKIE")
        c.proto_ver()
        cookie = c.last_headers.get("Set-Cookie")
        self.assertRegex(cookie, r"^session=\d+$")
        self.assertLess(int(cookie.split("=")[1]), 1 << 32)
        c.session(1, pop=b"abcd1234")
        self.assertNotIn("Set-Cookie", c.last_headers)  # only the first answer sets it
        c.status()
        # another client (no cookie, other connection) opens a new session ...
        other = self.client("PROV_COOKIE")
        other.proto_ver()
        self.assertNotEqual(other.cookie, c.cookie)
        self.assertEqual(EMU.state("PROV_COOKIE")["sessions_open"],
                         [int(other.cookie.split("=")[1])])
        # ... which closed the first one: its stale cookie opens yet another
        # session (closing the other client's) where the encrypted request fails
        with self.assertRaises(prov_client.Refused):
            c.status()
        self.assertNotIn(int(other.cookie.split("=")[1]), EMU.state("PROV_COOKIE")["sessions_open"])

    def test_same_connection_without_cookie_continues(self):
        c = self.client("PROV_COOKIE", use_cookie=False)
        c.session(1, pop=b"abcd1234")
        self.assertEqual(c.status().get("sta_state", 0), m.DISCONNECTED)
        c.close()  # a new connection without the cookie is a new session
        with self.assertRaises(prov_client.Refused):
            c.status()

    def test_cookie_continues_across_connections(self):
        c = self.client("PROV_COOKIE")
        c.session(1, pop=b"abcd1234")
        c.close()
        self.assertEqual(c.status().get("sta_state", 0), m.DISCONNECTED)

    def test_limits(self):
        conn = http.client.HTTPConnection("127.0.0.1", EMU.ports["PROV_COOKIE"], timeout=5)
        status, _, _ = self.raw(conn, "/no-such-endpoint", b"x")
        self.assertEqual(status, 404)
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            self.raw(conn, "/proto-ver", b"x" * 4097)
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", EMU.ports["PROV_COOKIE"], timeout=5)
        status, setc, body = self.raw(conn, "/proto-ver", b"x" * 4096)
        self.assertEqual(status, 200)
        self.assertTrue(setc.startswith("session="))
        conn.close()

    def test_state_on_the_device_port(self):
        body = urllib.request.urlopen("http://127.0.0.1:%d/_emu/state"
                                      % EMU.ports["PROV_SEC0"], timeout=5).read()
        self.assertEqual(json.loads(body)["name"], "PROV_SEC0")


if __name__ == "__main__":
    unittest.main(verbosity=2)
