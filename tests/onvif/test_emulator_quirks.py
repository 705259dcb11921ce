#!/usr/bin/python3
"""The camera emulator's behaviours and quirks, each checked over the wire.

One emulator process runs a camera per quirk (127.0.0.1, ephemeral ports);
every check polls with a deadline instead of sleeping.
"""
import datetime
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from emulator_client import (TDS, TT, Emulator, digest_authorization, envelope, post,  # noqa: E402
                             wsse_header)

LOCK = {"failures": 3, "window": 30, "seconds": 2}
CAMERAS = [
    {"name": "both", "users": [{"user": "admin", "password": "Xyzzy-42", "level": "Administrator"},
                               {"user": "guest", "password": "guest-pw-7", "level": "User"}]},
    {"name": "ahead", "auth": "wsse", "clock_offset_hours": 5,
     "users": [{"user": "admin", "password": "12345", "level": "Administrator"}]},
    {"name": "digest", "auth": "digest"},
    {"name": "slow", "setuser_delay": 2,
     "users": [{"user": "admin", "password": "12345", "level": "Administrator"}]},
    {"name": "short", "password_max_len": 8},
    {"name": "lock", "lockout": LOCK},
    {"name": "fresh", "not_activated": True},
    {"name": "twoaddr", "first_xaddr_unreachable": True},
    {"name": "faulty", "hostile": "fault"},
    {"name": "garbage", "hostile": "garbage"},
    {"name": "huge", "hostile": "huge", "huge_mb": 50},
    {"name": "endless", "hostile": "endless"},
    {"name": "ghost", "vanish": "after-setuser"},
    {"name": "other", "model": "Other-9"},
]


def users_call(user, password, offset=0.0):
    return envelope("<tds:GetUsers/>", wsse_header(user, password, offset))


def set_user_body(user, password, level="Administrator"):
    return ("<tds:SetUser><tds:User><tt:Username>%s</tt:Username><tt:Password>%s</tt:Password>"
            "<tt:UserLevel>%s</tt:UserLevel></tds:User></tds:SetUser>" % (user, password, level))


def subcodes(text):
    return re.findall(r"<s:Value>([^<]*)</s:Value>", text)


def poll(check, seconds, step=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return False


class Quirks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator(CAMERAS)

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def port(self, name):
        return self.emu.cams[name]["http_port"]

    def call(self, name, body, user="admin", password="admin", offset=0.0, path=None):
        return post(self.port(name), envelope(body, wsse_header(user, password, offset)),
                    path=path or "/onvif/device_service")

    def test_clock_hours_ahead_needs_the_offset(self):
        status, _, text = post(self.port("ahead"), envelope("<tds:GetSystemDateAndTime/>"))
        self.assertEqual(status, 200)
        root = ET.fromstring(text)
        utc = root.find(".//{%s}UTCDateTime" % TT)
        vals = {e.tag.split("}")[1]: int(e.text) for e in utc.iter() if e.text and e.text.isdigit()}
        cam = datetime.datetime(vals["Year"], vals["Month"], vals["Day"], vals["Hour"],
                                vals["Minute"], vals["Second"], tzinfo=datetime.timezone.utc)
        offset = (cam - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
        self.assertAlmostEqual(offset, 5 * 3600, delta=60)
        status, _, text = post(self.port("ahead"), users_call("admin", "12345"))
        self.assertEqual(status, 400, "a Created from the client's own clock must be refused")
        self.assertIn("ter:NotAuthorized", subcodes(text))
        status, _, text = post(self.port("ahead"), users_call("admin", "12345", offset))
        self.assertEqual(status, 200, text)
        self.assertIn("<tt:Username>admin</tt:Username>", text)

    def test_nonce_replay_is_refused(self):
        header = wsse_header("admin", "Xyzzy-42")
        body = envelope("<tds:GetDeviceInformation/>", header)
        self.assertEqual(post(self.port("both"), body)[0], 200)
        status, _, text = post(self.port("both"), body)
        self.assertEqual(status, 400)
        self.assertIn("ter:NotAuthorized", subcodes(text))
        self.assertGreaterEqual(self.emu.state("both")["counters"].get("replays", 0), 1)

    def test_wsse_only_camera_sends_no_digest_challenge(self):
        status, headers, text = post(self.port("ahead"), envelope("<tds:GetUsers/>"))
        self.assertEqual(status, 400)
        self.assertIn("ter:NotAuthorized", subcodes(text))
        self.assertFalse([v for k, v in headers if k.lower() == "www-authenticate"])

    def test_digest_only_camera(self):
        body = envelope("<tds:GetUsers/>", wsse_header("admin", "admin"))
        status, headers, _ = post(self.port("digest"), body)
        self.assertEqual(status, 401, "a UsernameToken must not be enough on a Digest-only camera")
        challenges = [v for k, v in headers if k.lower() == "www-authenticate"]
        self.assertEqual([re.search(r"algorithm=([\w-]+)", c).group(1) for c in challenges],
                         ["SHA-256", "MD5"])
        for challenge in challenges:
            auth = digest_authorization(challenge, "admin", "admin", "POST",
                                        "/onvif/device_service", nc=1)
            status, _, text = post(self.port("digest"), body, headers={"Authorization": auth})
            self.assertEqual(status, 200, text)
            # The same nonce count again is a replay.
            status, _, _ = post(self.port("digest"), body, headers={"Authorization": auth})
            self.assertEqual(status, 401)
            auth = digest_authorization(challenge, "admin", "admin", "POST",
                                        "/onvif/device_service", nc=2)
            self.assertEqual(post(self.port("digest"), body,
                                  headers={"Authorization": auth})[0], 200)
            wrong = digest_authorization(challenge, "admin", "nimda", "POST",
                                         "/onvif/device_service", nc=3)
            self.assertEqual(post(self.port("digest"), body,
                                  headers={"Authorization": wrong})[0], 401)
        # An empty body (how libcurl opens a Digest exchange) is challenged too.
        status, headers, _ = post(self.port("digest"), b"")
        self.assertEqual(status, 401)

    def test_curl_digest(self):
        # curl (libcurl, what doorstep's HTTP service is built on) as another
        # independent Digest client: its empty first request, then the answer
        # to the challenge it picks.
        url = "http://127.0.0.1:%d/onvif/device_service" % self.port("digest")
        for password, code in (("admin", "200"), ("wrong", "401")):
            out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                  "--digest", "-u", "admin:" + password, "-H",
                                  "Content-Type: application/soap+xml", "--data",
                                  envelope("<tds:GetUsers/>"), url],
                                 capture_output=True, text=True, timeout=30, check=False)
            self.assertEqual(out.stdout, code, out.stderr)

    def test_set_user_takes_effect_two_seconds_later(self):
        status, _, text = self.call("slow", set_user_body("admin", "N3w-Secret"), password="12345")
        self.assertEqual(status, 200, text)
        start = time.monotonic()
        self.assertTrue(self.emu.state("slow")["accounts"][0]["change_pending"])
        self.assertEqual(self.call("slow", "<tds:GetUsers/>", password="12345")[0], 200)
        self.assertEqual(self.call("slow", "<tds:GetUsers/>", password="N3w-Secret")[0], 400)
        # Every refused try counts towards the lockout: poll as a patient client does.
        self.assertTrue(poll(lambda: self.call("slow", "<tds:GetUsers/>",
                                               password="N3w-Secret")[0] == 200, 6, 0.5))
        self.assertGreaterEqual(time.monotonic() - start, 1.5)
        self.assertEqual(self.call("slow", "<tds:GetUsers/>", password="12345")[0], 400)
        account = self.emu.state("slow")["accounts"][0]
        self.assertFalse(account["factory_password"])
        self.assertFalse(account["change_pending"])

    def test_password_length_limit(self):
        status, _, text = self.call("short", set_user_body("admin", "123456789"))
        self.assertEqual(status, 400)
        self.assertEqual(subcodes(text), ["s:Sender", "ter:OperationProhibited",
                                          "ter:PasswordTooLong"])
        self.assertTrue(self.emu.state("short")["accounts"][0]["factory_password"])
        self.assertEqual(self.call("short", set_user_body("admin", "12345678"))[0], 200)
        self.assertFalse(self.emu.state("short")["accounts"][0]["factory_password"])

    def test_lockout_after_failed_logins(self):
        for _ in range(LOCK["failures"]):
            self.assertEqual(self.call("lock", "<tds:GetUsers/>", password="guess")[0], 400)
        status, headers, text = self.call("lock", "<tds:GetUsers/>")
        self.assertEqual(status, 400, "the right password is refused while locked")
        self.assertTrue([v for k, v in headers if k.lower() == "retry-after"])
        self.assertGreater(self.emu.state("lock")["locked_seconds"], 0)
        self.assertTrue(poll(lambda: self.call("lock", "<tds:GetUsers/>")[0] == 200,
                             LOCK["seconds"] + 3, 0.2))

    def test_not_activated(self):
        status, _, text = post(self.port("fresh"), envelope("<tds:GetUsers/>"))
        self.assertEqual(status, 200)
        self.assertNotIn("<tds:User>", text)
        status, _, text = self.call("fresh", "<tds:GetDeviceInformation/>")
        self.assertEqual(status, 400)
        self.assertIn("not activated", text)
        self.assertFalse(self.emu.state("fresh")["activated"])

    def test_user_levels(self):
        ok = self.call("both", "<tds:GetDeviceInformation/>", "guest", "guest-pw-7")
        self.assertEqual(ok[0], 200)
        self.assertIn("<tds:Model>", ok[2])
        denied = self.call("both", "<tds:GetUsers/>", "guest", "guest-pw-7")
        self.assertEqual(denied[0], 400)
        self.assertIn("ter:NotAuthorized", subcodes(denied[2]))

    def test_create_and_delete_users(self):
        create = ("<tds:CreateUsers><tds:User><tt:Username>op1</tt:Username><tt:Password>Op-pass-1"
                  "</tt:Password><tt:UserLevel>Operator</tt:UserLevel></tds:User></tds:CreateUsers>")
        self.assertEqual(self.call("other", create)[0], 200)
        self.assertEqual(self.call("other", create)[0], 400)  # ter:UsernameClash
        self.assertIn("<tt:Username>op1</tt:Username>", self.call("other", "<tds:GetUsers/>")[2])
        delete = "<tds:DeleteUsers><tds:Username>op1</tds:Username></tds:DeleteUsers>"
        self.assertEqual(self.call("other", delete)[0], 200)
        status, _, text = self.call("other", delete)
        self.assertEqual(status, 400)
        self.assertIn("ter:UsernameMissing", subcodes(text))

    def test_time_and_ntp(self):
        body = ("<tds:SetSystemDateAndTime><tds:DateTimeType>Manual</tds:DateTimeType>"
                "<tds:DaylightSavings>false</tds:DaylightSavings><tds:UTCDateTime><tt:Time>"
                "<tt:Hour>1</tt:Hour><tt:Minute>2</tt:Minute><tt:Second>3</tt:Second></tt:Time>"
                "<tt:Date><tt:Year>2020</tt:Year><tt:Month>1</tt:Month><tt:Day>1</tt:Day>"
                "</tt:Date></tds:UTCDateTime></tds:SetSystemDateAndTime>")
        self.assertEqual(self.call("other", body)[0], 200)
        self.assertLess(self.emu.state("other")["clock_offset_seconds"], -3600 * 24 * 300)
        ntp = ("<tds:SetNTP><tds:FromDHCP>false</tds:FromDHCP><tds:NTPManual><tt:Type>DNS</tt:Type>"
               "<tt:DNSname>pool.ntp.org</tt:DNSname></tds:NTPManual></tds:SetNTP>")
        # The camera's clock is now years behind: the client must use it.
        offset = self.emu.state("other")["clock_offset_seconds"]
        self.assertEqual(self.call("other", ntp, offset=offset)[0], 200)
        self.assertIn("pool.ntp.org", self.call("other", "<tds:GetNTP/>", offset=offset)[2])
        body = ("<tds:SetSystemDateAndTime><tds:DateTimeType>NTP</tds:DateTimeType>"
                "<tds:DaylightSavings>false</tds:DaylightSavings></tds:SetSystemDateAndTime>")
        self.assertEqual(self.call("other", body, offset=offset)[0], 200)
        state = self.emu.state("other")
        self.assertEqual(state["date_time_type"], "NTP")
        self.assertEqual(state["clock_offset_seconds"], 0)

    def test_media_profiles_and_stream_uri(self):
        status, _, text = self.call("other", "<trt:GetProfiles/>", path="/onvif/media_service")
        self.assertEqual(status, 200)
        self.assertIn('token="profile_1"', text)
        body = ("<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport>"
                "<tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>"
                "<trt:ProfileToken>profile_1</trt:ProfileToken></trt:GetStreamUri>")
        status, _, text = self.call("other", body, path="/onvif/media_service")
        self.assertEqual(status, 200)
        self.assertIn(":%d/" % self.emu.cams["other"]["rtsp_port"], text)

    def test_faults(self):
        status, _, text = self.call("other", "<tds:Reboot/>")
        self.assertEqual(status, 500)
        self.assertEqual(subcodes(text), ["s:Receiver", "ter:ActionNotSupported"])
        status, _, text = post(self.port("other"), "<s:Envelope><unclosed>")
        self.assertEqual(status, 400)
        self.assertIn("ter:WellFormed", subcodes(text))
        status, _, text = post(self.port("other"), envelope("<tds:GetProfiles/>"),
                               path="/onvif/media_service")
        self.assertEqual(status, 500, "a device action on the media service is not supported")
        conn = http.client.HTTPConnection("127.0.0.1", self.port("other"), timeout=5)
        conn.request("GET", "/onvif/device_service")
        self.assertEqual(conn.getresponse().status, 405)
        conn.close()

    def test_first_xaddr_is_unreachable(self):
        xaddrs = self.emu.cams["twoaddr"]["xaddrs"]
        self.assertEqual(len(xaddrs), 2)
        first = int(re.search(r":(\d+)/", xaddrs[0]).group(1))
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", first), timeout=2)
        second = int(re.search(r":(\d+)/", xaddrs[1]).group(1))
        self.assertEqual(post(second, envelope("<tds:GetSystemDateAndTime/>"))[0], 200)

    def probe(self, port, types="dn:NetworkVideoTransmitter", wait=2.0):
        msg_id = "urn:uuid:%s" % secrets.token_hex(16)
        probe = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                 'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
                 'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
                 'xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:x="urn:other">'
                 "<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"
                 "</a:Action><a:MessageID>%s</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:"
                 "discovery</a:To></s:Header><s:Body><d:Probe><d:Types>%s</d:Types></d:Probe>"
                 "</s:Body></s:Envelope>" % (msg_id, types))
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.settimeout(wait)
        s.sendto(probe.encode(), ("127.0.0.1", port))
        try:
            return msg_id, s.recvfrom(65535)[0].decode()
        except socket.timeout:
            return msg_id, None
        finally:
            s.close()

    def test_unicast_discovery(self):
        cam = self.emu.cams["twoaddr"]
        msg_id, answer = self.probe(cam["udp_port"])
        self.assertIsNotNone(answer, "no ProbeMatches")
        self.assertIn("<wsa:RelatesTo>%s</wsa:RelatesTo>" % msg_id, answer)
        self.assertIn("<wsa:Address>%s</wsa:Address>" % cam["uuid"], answer)
        self.assertIn("<d:XAddrs>%s</d:XAddrs>" % " ".join(cam["xaddrs"]), answer)
        self.assertIn("onvif://www.onvif.org/name/twoaddr", answer)
        self.assertIn("dn:NetworkVideoTransmitter", answer)
        _, answer = self.probe(cam["udp_port"], types="x:Printer", wait=1.0)
        self.assertIsNone(answer, "a probe for another type must get no answer")

    def rtsp(self, port, request):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(request.encode())
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            m = re.search(rb"Content-Length: (\d+)", head)
            while m and len(body) < int(m.group(1)):
                body += s.recv(4096)
            return head.decode(), body.decode()

    def test_rtsp_describe_needs_digest(self):
        port = self.emu.cams["both"]["rtsp_port"]
        url = "rtsp://127.0.0.1:%d/Streaming/Channels/101" % port
        head, _ = self.rtsp(port, "OPTIONS %s RTSP/1.0\r\nCSeq: 1\r\n\r\n" % url)
        self.assertTrue(head.startswith("RTSP/1.0 200"), head)
        self.assertIn("DESCRIBE", head)
        head, _ = self.rtsp(port, "DESCRIBE %s RTSP/1.0\r\nCSeq: 2\r\n\r\n" % url)
        self.assertTrue(head.startswith("RTSP/1.0 401"), head)
        self.assertIn("CSeq: 2", head)
        challenge = re.search(r"WWW-Authenticate: (.*)", head).group(1).strip()
        # A new connection gets a new nonce: do both requests on one connection.
        for password, code in (("Xyzzy-42", "200"), ("wrong", "401")):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(("DESCRIBE %s RTSP/1.0\r\nCSeq: 3\r\n\r\n" % url).encode())
                first = s.recv(4096).decode()
                challenge = re.search(r"WWW-Authenticate: (.*)\r\n", first).group(1)
                auth = digest_authorization(challenge, "admin", password, "DESCRIBE", url)
                s.sendall(("DESCRIBE %s RTSP/1.0\r\nCSeq: 4\r\nAuthorization: %s\r\n\r\n"
                           % (url, auth)).encode())
                data = b""
                while not (b"m=video" in data or data.startswith(b"RTSP/1.0 401")
                           and b"\r\n\r\n" in data):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                text = data.decode()
                self.assertTrue(text.startswith("RTSP/1.0 " + code), text)
                if code == "200":
                    self.assertIn("Content-Type: application/sdp", text)
                    self.assertIn("m=video 0 RTP/AVP 96", text)

    def test_hostile_fault(self):
        status, _, text = post(self.port("faulty"), envelope("<tds:GetSystemDateAndTime/>"))
        self.assertEqual(status, 500)
        self.assertIn("ter:Action", subcodes(text))

    def test_hostile_garbage(self):
        status, _, text = post(self.port("garbage"), envelope("<tds:GetSystemDateAndTime/>"))
        self.assertEqual(status, 200)
        with self.assertRaises(ET.ParseError):
            ET.fromstring(text)

    def test_hostile_huge(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port("huge"), timeout=5)
        conn.request("POST", "/onvif/device_service", envelope("<tds:GetDeviceInformation/>"))
        r = conn.getresponse()
        self.assertGreaterEqual(int(r.getheader("Content-Length")), 50 * 1024 * 1024)
        self.assertEqual(len(r.read(1 << 20)), 1 << 20)
        conn.close()

    def test_hostile_endless(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port("endless"), timeout=5)
        conn.request("POST", "/onvif/device_service", envelope("<tds:GetDeviceInformation/>"))
        r = conn.getresponse()
        self.assertEqual(r.getheader("Transfer-Encoding"), "chunked")
        start = time.monotonic()
        got = b""
        while time.monotonic() - start < 1.5:
            got += r.read1(4096)
        self.assertIn(b"<s:Envelope", got)
        self.assertFalse(r.isclosed(), "the answer must still be going on")
        conn.sock.close()

    def test_vanish_after_set_user_and_by_control(self):
        status, _, _ = self.call("ghost", set_user_body("admin", "Gh0st-pass"))
        self.assertEqual(status, 200)
        with self.assertRaises(socket.timeout):
            post(self.port("ghost"), envelope("<tds:GetSystemDateAndTime/>"), timeout=1)
        state = self.emu.state("ghost")
        self.assertTrue(state["vanished"])
        self.assertFalse(state["accounts"][0]["factory_password"], "SetUser took effect")
        self.emu.control("revive", "ghost")
        self.assertEqual(self.call("ghost", "<tds:GetUsers/>", password="Gh0st-pass")[0], 200)
        self.emu.control("vanish", "ghost")
        with self.assertRaises(socket.timeout):
            post(self.port("ghost"), envelope("<tds:GetSystemDateAndTime/>"), timeout=1)
        self.emu.control("revive", "ghost")

    def test_state_never_shows_passwords(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.emu.ready["control_port"], timeout=5)
        conn.request("GET", "/emulator/state")
        text = conn.getresponse().read().decode()
        conn.close()
        self.assertEqual(len(json.loads(text)["cameras"]), len(CAMERAS))
        for secret in ("Xyzzy-42", "guest-pw-7", "12345\"", "N3w-Secret", "Gh0st-pass"):
            self.assertNotIn(secret, text)
        conn = http.client.HTTPConnection("127.0.0.1", self.port("both"), timeout=5)
        conn.request("GET", "/emulator/state")
        self.assertEqual(json.loads(conn.getresponse().read())["name"], "both")
        conn.close()


class Signals(unittest.TestCase):
    def test_sigusr1_vanishes_every_camera_and_sigusr2_revives(self):
        emu = Emulator([{"name": "a"}, {"name": "b"}])
        try:
            ports = [c["http_port"] for c in emu.ready["cameras"]]
            body = envelope("<tds:GetSystemDateAndTime/>")
            emu.proc.send_signal(signal.SIGUSR1)
            self.assertTrue(poll(lambda: all(emu.state(n)["vanished"] for n in ("a", "b")), 5))
            for port in ports:
                with self.assertRaises(socket.timeout):
                    post(port, body, timeout=1)
            emu.proc.send_signal(signal.SIGUSR2)
            self.assertTrue(poll(lambda: not any(emu.state(n)["vanished"] for n in ("a", "b")),
                                 5))
            for port in ports:
                self.assertEqual(post(port, body)[0], 200)
        finally:
            emu.stop()


class ShippedConfig(unittest.TestCase):
    def test_cameras_json_starts_as_documented(self):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cameras.json")
        with open(path, encoding="utf-8") as f:
            conf = json.load(f)
        emu = Emulator(conf["cameras"], defaults=conf["defaults"])
        try:
            self.assertEqual([c["name"] for c in emu.ready["cameras"]],
                             ["front-door", "garden", "garage", "attic"])
            garage = emu.cams["garage"]
            # An empty factory password logs in (admin with no password is a real default).
            body = envelope("<tds:GetUsers/>", wsse_header("admin", ""))
            self.assertEqual(post(garage["http_port"], body)[0], 200)
            self.assertFalse(emu.state("attic")["activated"])
            self.assertEqual(emu.state("garden")["model"], "Yard-2")
            info = post(emu.cams["garden"]["http_port"], envelope("<tds:GetSystemDateAndTime/>"))
            self.assertEqual(info[0], 200)
        finally:
            emu.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
