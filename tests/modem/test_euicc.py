#!/usr/bin/python3
"""The emulated eUICC and its AT front, checked against the specifications.

The BER-TLV codec against bytes derived by hand from the SGP.22 ASN.1 (the
derivations are in the comments), the profile rules of SGP.22 on the card
itself, STORE DATA segmentation and 61xx chaining at the APDU level, and
then all of it through the real pseudo-terminal: the emulator is started,
its port opened, AT commands written and the answers read back. Every wait
has a deadline; nothing sleeps in the hope that something happened.
"""
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time
import tty
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import euicc  # noqa: E402
import tlv  # noqa: E402

ISDR = "A0000005591010FFFFFFFF8900000100"
TELEKOM = "89490200001234567890"
VODAFONE = "8944110068256270054"
# 89490200001234567890, two digits a byte, each pair swapped: 98 94 20 00 00 21 43 65 87 09
TELEKOM_BCD = bytes.fromhex("98942000002143658709")
# 19 digits: the last byte is "4" and the pad F, swapped: ... 50 F4
VODAFONE_BCD = bytes.fromhex("984411008652260750F4")


def request(tag, *fields):
    """An ES10 request: tag around the fields (already encoded)."""
    return tlv.encode(tag, list(fields))


def result_of(answer, tag):
    """The INTEGER in [0] of a one-result answer (EnableProfileResponse and the others)."""
    t, value = tlv.decode_whole(answer)
    assert t == tag, "%X" % t
    return tlv.integer_value(tlv.find(tlv.decode_all(value), 0x80))


def switch(tag, iccid, refresh=True):
    """EnableProfileRequest / DisableProfileRequest by ICCID."""
    return request(tag, tlv.encode(0xA0, tlv.encode(0x5A, tlv.iccid_bytes(iccid))),
                   tlv.encode(0x81, b"\xFF" if refresh else b"\x00"))


def profiles(answer):
    """GetProfilesInfo's answer as a list of {tag: value} per profile."""
    tag, value = tlv.decode_whole(answer)
    assert tag == 0xBF2D
    ok = tlv.find(tlv.decode_all(value), 0xA0)
    assert ok is not None, answer.hex()
    return [dict(tlv.decode_all(v)) for t, v in tlv.decode_all(ok) if t == 0xE3]


class TlvCodec(unittest.TestCase):
    """The codec against hand-derived bytes."""

    def test_get_eid_request(self):
        # GetEuiccDataRequest ::= [62] SEQUENCE { tagList [APPLICATION 28] Octet1 }
        # [62] context, constructed, number above 30: 0xA0|0x1F = BF, then 62 = 3E.
        # [APPLICATION 28] primitive: 0x40|28 = 5C; the tag wanted is the EID's, 5A.
        self.assertEqual(request(0xBF3E, tlv.encode(0x5C, b"\x5A")), bytes.fromhex("BF3E035C015A"))

    def test_enable_profile_request(self):
        # EnableProfileRequest ::= [49] SEQUENCE { profileIdentifier CHOICE {
        #   isdpAid [APPLICATION 15], iccid Iccid }, refreshFlag BOOLEAN }
        # AUTOMATIC TAGS: the CHOICE becomes [0], explicit (a CHOICE has no
        # tag of its own): A0; Iccid is [APPLICATION 26] OCTET STRING (10): 5A 0A;
        # refreshFlag becomes [1] primitive: 81 01 FF. [49] = BF 31.
        # A0 carries 12 bytes (0C), the SEQUENCE 14 + 3 = 17 (11).
        want = bytes.fromhex("BF3111A00C5A0A" + TELEKOM_BCD.hex() + "8101FF")
        self.assertEqual(switch(0xBF31, TELEKOM), want)
        tag, value = tlv.decode_whole(want)
        self.assertEqual(tag, 0xBF31)
        self.assertEqual([t for t, _ in tlv.decode_all(value)], [0xA0, 0x81])

    def test_multi_byte_tags(self):
        # profileState [112]: context primitive with a long tag number:
        # 0x80|0x1F = 9F, then 112 = 70 (one byte, below 128).
        self.assertEqual(tlv.tag_bytes(0x9F70), b"\x9F\x70")
        self.assertEqual(tlv.read_tag(b"\x9F\x70\x01", 0), (0x9F70, 2))
        self.assertTrue(tlv.is_constructed(0xBF2D))
        self.assertFalse(tlv.is_constructed(0x9F70))

    def test_lengths(self):
        # DER: short form to 127, then 81 xx, 82 xx xx.
        self.assertEqual(tlv.length_bytes(0x7F), b"\x7F")
        self.assertEqual(tlv.length_bytes(0x80), b"\x81\x80")
        self.assertEqual(tlv.length_bytes(0x100), b"\x82\x01\x00")
        value = bytes(200)
        tag, got, end = tlv.decode_one(tlv.encode(0x92, value))
        self.assertEqual((tag, got, end), (0x92, value, 203))

    def test_malformed_input_is_refused(self):
        for bad in ("BF", "BF2D", "BF2D80", "BF2D05A0", "5A8400000001", "BF2D8201"):
            with self.assertRaises(tlv.TlvError, msg=bad):
                tlv.decode_all(bytes.fromhex(bad))
        with self.assertRaises(tlv.TlvError):
            tlv.decode_whole(bytes.fromhex("5A01000000"))  # bytes after the TLV

    def test_iccid_nibble_swapped(self):
        self.assertEqual(tlv.iccid_bytes(TELEKOM), TELEKOM_BCD)
        self.assertEqual(tlv.iccid_bytes(VODAFONE), VODAFONE_BCD)
        self.assertEqual(tlv.iccid_text(TELEKOM_BCD), TELEKOM)
        self.assertEqual(tlv.iccid_text(VODAFONE_BCD), VODAFONE)

    def test_integers_and_bit_strings(self):
        # DER INTEGER: fewest two's-complement bytes; 128 needs a leading 00.
        self.assertEqual([tlv.integer_bytes(n) for n in (0, 127, 128, -1)], [b"\x00", b"\x7F", b"\x00\x80", b"\xFF"])
        # NotificationEvent notificationLocalEnable(1): bits "01", 6 unused: 06 40.
        self.assertEqual(euicc.EVENTS["enable"], b"\x06\x40")
        # MCC 262, MNC 01 (TS 24.008): 2|6 -> 62, F|2 -> F2, 1|0 -> 10.
        self.assertEqual(tlv.plmn_bytes("262", "01"), bytes.fromhex("62F210"))
        self.assertEqual(tlv.plmn_bytes("310", "410"), bytes.fromhex("130014"))


class CardRules(unittest.TestCase):
    """SGP.22's rules on the card itself (ES10 requests, no transport)."""

    def setUp(self):
        self.card = euicc.Euicc()

    def test_get_eid(self):
        answer = self.card.es10(request(0xBF3E, tlv.encode(0x5C, b"\x5A")))
        self.assertEqual(answer, bytes.fromhex("BF3E125A10" + euicc.DEFAULT_CONFIG["eid"]))

    def test_profiles_info(self):
        got = profiles(self.card.es10(bytes.fromhex("BF2D00")))
        self.assertEqual([p[0x5A] for p in got], [TELEKOM_BCD, VODAFONE_BCD])
        self.assertEqual([p[0x9F70] for p in got], [b"\x01", b"\x00"])
        self.assertEqual(got[1][0x90], b"backup")
        self.assertEqual(got[0][0x91], b"Telekom")
        self.assertEqual(got[0][0x92], b"Telekom IoT")
        self.assertNotIn(0x95, got[0])  # operational is the DEFAULT: left out
        self.assertEqual(got[0][0xB7], bytes.fromhex("800362F210"))

    def test_profiles_info_tag_list_and_search(self):
        # tagList 5C: ICCID (5A) and state (9F70) only.
        got = profiles(self.card.es10(request(0xBF2D, tlv.encode(0x5C, bytes.fromhex("5A9F70")))))
        self.assertEqual([sorted(p) for p in got], [[0x5A, 0x9F70]] * 2)
        # searchCriteria [0] with an ICCID: that profile alone.
        got = profiles(self.card.es10(request(0xBF2D, tlv.encode(0xA0, tlv.encode(0x5A, VODAFONE_BCD)))))
        self.assertEqual([p[0x5A] for p in got], [VODAFONE_BCD])

    def test_enabling_one_disables_the_other(self):
        self.assertEqual(result_of(self.card.es10(switch(0xBF31, VODAFONE)), 0xBF31), euicc.OK)
        self.assertEqual(self.card.enabled().iccid, VODAFONE)
        self.assertEqual([p.state for p in self.card.profiles], ["disabled", "enabled"])
        self.assertTrue(self.card.refresh_requested)
        self.assertEqual([(n["seq"], n["event"], n["iccid"]) for n in self.card.notifications],
                         [(1, "disable", TELEKOM), (2, "enable", VODAFONE)])
        # Enabling the enabled one: profileNotInDisabledState (2).
        self.assertEqual(result_of(self.card.es10(switch(0xBF31, VODAFONE)), 0xBF31), euicc.WRONG_STATE)
        # An unknown ICCID: iccidOrAidNotFound (1).
        self.assertEqual(result_of(self.card.es10(switch(0xBF31, "8900000000000000001")), 0xBF31), euicc.NOT_FOUND)

    def test_enable_by_isdp_aid_without_refresh(self):
        aid = self.card.profiles[1].isdp_aid
        req = request(0xBF31, tlv.encode(0xA0, tlv.encode(0x4F, aid)), tlv.encode(0x81, b"\x00"))
        self.assertEqual(result_of(self.card.es10(req), 0xBF31), euicc.OK)
        self.assertFalse(self.card.refresh_requested)

    def test_disable(self):
        self.assertEqual(result_of(self.card.es10(switch(0xBF32, VODAFONE)), 0xBF32), euicc.WRONG_STATE)
        self.assertEqual(result_of(self.card.es10(switch(0xBF32, TELEKOM)), 0xBF32), euicc.OK)
        self.assertIsNone(self.card.enabled())
        self.assertEqual(self.card.notifications[-1]["event"], "disable")

    def test_deleting_the_enabled_profile_is_refused(self):
        # DeleteProfileRequest ::= [51] CHOICE { isdpAid, iccid }: BF33 around 5A directly.
        delete = tlv.encode(0xBF33, tlv.encode(0x5A, TELEKOM_BCD))
        self.assertEqual(result_of(self.card.es10(delete), 0xBF33), euicc.WRONG_STATE)
        self.assertEqual(len(self.card.profiles), 2)
        self.assertEqual(self.card.notifications, [])
        delete = tlv.encode(0xBF33, tlv.encode(0x5A, VODAFONE_BCD))
        self.assertEqual(result_of(self.card.es10(delete), 0xBF33), euicc.OK)
        self.assertEqual([p.iccid for p in self.card.profiles], [TELEKOM])
        self.assertEqual(self.card.notifications[-1]["event"], "delete")
        self.assertEqual(result_of(self.card.es10(delete), 0xBF33), euicc.NOT_FOUND)

    def test_policy_rules(self):
        conf = json.loads(json.dumps(euicc.DEFAULT_CONFIG))
        conf["profiles"][0]["policy"] = ["no-disable"]
        conf["profiles"][1]["policy"] = ["no-delete"]
        card = euicc.Euicc(conf)
        self.assertEqual(result_of(card.es10(switch(0xBF31, VODAFONE)), 0xBF31), euicc.DISALLOWED_BY_POLICY)
        self.assertEqual(result_of(card.es10(tlv.encode(0xBF33, tlv.encode(0x5A, VODAFONE_BCD))), 0xBF33),
                         euicc.DISALLOWED_BY_POLICY)
        # ProfilePolicyRules BIT STRING {pprUpdateControl(0), ppr1(1), ppr2(2)}:
        # ppr1 alone is bits "01": 6 unused, 0100 0000 -> 06 40; ppr2 alone
        # "001": 5 unused, 0010 0000 -> 05 20.
        got = profiles(card.es10(bytes.fromhex("BF2D00")))
        self.assertEqual(got[0][0x99], b"\x06\x40")
        self.assertEqual(got[1][0x99], b"\x05\x20")
        self.assertEqual(euicc.named_bits([1, 2]), b"\x05\x60")

    def test_set_nickname(self):
        req = request(0xBF29, tlv.encode(0x5A, VODAFONE_BCD), tlv.encode(0x90, "primary ✓".encode()))
        self.assertEqual(result_of(self.card.es10(req), 0xBF29), euicc.OK)
        self.assertEqual(self.card.profiles[1].nickname, "primary ✓")
        req = request(0xBF29, tlv.encode(0x5A, tlv.iccid_bytes("8900000000000000001")), tlv.encode(0x90, b"x"))
        self.assertEqual(result_of(self.card.es10(req), 0xBF29), euicc.NOT_FOUND)
        req = request(0xBF29, tlv.encode(0x5A, VODAFONE_BCD), tlv.encode(0x90, b"x" * 65))
        self.assertEqual(result_of(self.card.es10(req), 0xBF29), euicc.UNDEFINED_ERROR)

    def test_configured_addresses(self):
        answer = self.card.es10(bytes.fromhex("BF3C00"))
        self.assertEqual(answer, tlv.encode(0xBF3C, [tlv.encode(0x80, b"smdp.example.com"),
                                                     tlv.encode(0x81, b"lpa.ds.gsma.com")]))

    def test_notifications(self):
        self.card.es10(switch(0xBF31, VODAFONE))
        self.card.es10(switch(0xBF31, TELEKOM))
        # ListNotification with the event filter [1] "enable" (06 40).
        tag, value = tlv.decode_whole(self.card.es10(request(0xBF28, tlv.encode(0x81, b"\x06\x40"))))
        metas = [dict(tlv.decode_all(v)) for _, v in tlv.decode_all(tlv.find(tlv.decode_all(value), 0xA0))]
        self.assertEqual([tlv.integer_value(m[0x80]) for m in metas], [2, 4])
        self.assertEqual(metas[0][0x0C], b"smdp.example.com")
        # RetrieveNotificationsList by seqNumber [0] 3: one OtherSignedNotification (30).
        tag, value = tlv.decode_whole(self.card.es10(request(0xBF2B, tlv.encode(0xA0, tlv.encode(0x80, b"\x03")))))
        signed = tlv.decode_all(tlv.find(tlv.decode_all(value), 0xA0))
        self.assertEqual([t for t, _ in signed], [0x30])
        parts = tlv.decode_all(signed[0][1])
        self.assertEqual([t for t, _ in parts], [0xBF2F, 0x5F37, 0x30, 0x30])
        # NotificationSentRequest (BF30): ok (0), then nothingToDelete (1).
        remove = request(0xBF30, tlv.encode(0x80, b"\x03"))
        self.assertEqual(result_of(self.card.es10(remove), 0xBF30), 0)
        self.assertEqual(result_of(self.card.es10(remove), 0xBF30), 1)
        self.assertEqual([n["seq"] for n in self.card.notifications], [1, 2, 4])
        # Retrieving a removed one: notificationsListResultError [1] noResultAvailable (1).
        answer = self.card.es10(request(0xBF2B, tlv.encode(0xA0, tlv.encode(0x80, b"\x03"))))
        self.assertEqual(answer, bytes.fromhex("BF2B03810101"))

    def test_unknown_or_broken_requests(self):
        self.assertIsNone(self.card.es10(bytes.fromhex("BF7F00")))
        self.assertIsNone(self.card.es10(bytes.fromhex("BF3105A003")))
        self.assertIsNone(self.card.es10(bytes.fromhex("BF3100")))


def store_data(card, ch, req, size=120):
    """Sends req in STORE DATA blocks of size bytes on channel ch; returns
    the status words of the blocks and the whole answer (after GET RESPONSE)."""
    blocks = [req[i:i + size] for i in range(0, len(req), size)]
    sws = []
    for n, block in enumerate(blocks):
        p1 = 0x91 if n == len(blocks) - 1 else 0x11
        out = card.apdu(ch, bytes([0x80 | ch, 0xE2, p1, n, len(block)]) + block + b"\x00")
        sws.append(out[-2:])
    data = out[:-2]
    while out[-2] == 0x61:
        out = card.apdu(ch, bytes([ch, 0xC0, 0, 0, out[-1]]))
        data += out[:-2]
        sws.append(out[-2:])
    return sws, data


class Apdus(unittest.TestCase):
    """Channels, STORE DATA segmentation and 61xx chaining on the card."""

    def open(self, card):
        """Opens a channel by MANAGE CHANNEL and selects the ISD-R on it; returns its number."""
        out = card.apdu(0, bytes.fromhex("0070000001"))
        self.assertEqual(out[-2:], b"\x90\x00")
        ch = out[0]
        self.assertEqual(card.apdu(ch, bytes([ch, 0xA4, 4, 0x0C, 16]) + bytes.fromhex(ISDR))[-2:], b"\x90\x00")
        return ch

    def test_segments(self):
        card = euicc.Euicc()
        ch = self.open(card)
        req = request(0xBF29, tlv.encode(0x5A, VODAFONE_BCD), tlv.encode(0x90, b"n" * 64))
        sws, answer = store_data(card, ch, req, size=30)
        self.assertEqual(len(sws), 3)
        self.assertEqual(sws, [b"\x90\x00"] * 3)
        self.assertEqual(result_of(answer, 0xBF29), euicc.OK)
        self.assertEqual(card.profiles[1].nickname, "n" * 64)
        # A block out of order: wrong P1-P2 (6A86), and the blocks are dropped.
        self.assertEqual(card.apdu(ch, bytes([0x80 | ch, 0xE2, 0x11, 0, 1, 0xBF])), b"\x90\x00")
        self.assertEqual(card.apdu(ch, bytes([0x80 | ch, 0xE2, 0x91, 2, 1, 0x29])), b"\x6A\x86")

    def test_store_data_needs_the_isdr(self):
        card = euicc.Euicc()
        out = card.apdu(0, bytes.fromhex("0070000001"))
        ch = out[0]
        self.assertEqual(card.apdu(ch, bytes([0x80 | ch, 0xE2, 0x91, 0, 3]) + bytes.fromhex("BF2D00")), b"\x6D\x00")
        self.assertEqual(card.apdu(ch, bytes([ch, 0xA4, 4, 0, 2, 0xA0, 0])), b"\x6A\x82")
        self.assertEqual(card.apdu(3, bytes.fromhex("83E2910003BF2D00")), b"\x68\x81")

    def test_chaining(self):
        whole = euicc.Euicc().es10(bytes.fromhex("BF2D00"))
        card = euicc.Euicc(response_size=16)
        ch = self.open(card)
        sws, answer = store_data(card, ch, bytes.fromhex("BF2D00"))
        self.assertEqual(answer, whole)
        self.assertEqual(len(sws), 1 + (len(whole) + 15) // 16 - 1)
        self.assertTrue(all(sw[0] == 0x61 for sw in sws[:-1]), sws)
        self.assertEqual(sws[-1], b"\x90\x00")
        # A command without Le (case 3) gets its answer through GET RESPONSE.
        card = euicc.Euicc()
        ch = self.open(card)
        self.assertEqual(card.apdu(ch, bytes([0x80 | ch, 0xE2, 0x91, 0, 3]) + bytes.fromhex("BF2D00")),
                         bytes([0x61, len(whole)]))
        self.assertEqual(card.apdu(ch, bytes([ch, 0xC0, 0, 0, 0])), whole + b"\x90\x00")
        # Le smaller than the answer: that much now, the rest announced.
        out = card.apdu(ch, bytes([0x80 | ch, 0xE2, 0x91, 0, 3]) + bytes.fromhex("BF2D00") + b"\x20")
        self.assertEqual(out, whole[:32] + bytes([0x61, len(whole) - 32]))
        # T=0 style: the first answer carries no data, only 61xx.
        card = euicc.Euicc(chain_without_data=True)
        ch = self.open(card)
        out = card.apdu(ch, bytes([0x80 | ch, 0xE2, 0x91, 0, 3]) + bytes.fromhex("BF2D00"))
        self.assertEqual(out, bytes([0x61, len(whole)]))
        self.assertEqual(card.apdu(ch, bytes([ch, 0xC0, 0, 0, len(whole)])), whole + b"\x90\x00")

    def test_hostile_answers(self):
        card = euicc.Euicc(hostile="malformed")
        tag, value = tlv.decode_whole(card.es10(bytes.fromhex("BF2D00")))
        with self.assertRaises(tlv.TlvError):
            tlv.decode_all(value)
        card = euicc.Euicc(hostile="lying-length", hostile_tag=0xBF2D)
        with self.assertRaises(tlv.TlvError):
            tlv.decode_whole(card.es10(bytes.fromhex("BF2D00")))
        self.assertEqual(card.es10(bytes.fromhex("BF3C00"))[:2], b"\xBF\x3C")  # other answers intact
        tlv.decode_whole(card.es10(bytes.fromhex("BF3C00")))
        card = euicc.Euicc(hostile="endless-chain")
        ch = self.open(card)
        out = card.apdu(ch, bytes([0x80 | ch, 0xE2, 0x91, 0, 3]) + bytes.fromhex("BF2D00"))
        for _ in range(100):
            self.assertEqual(out[-2], 0x61)
            out = card.apdu(ch, bytes([ch, 0xC0, 0, 0, 0]))
        self.assertEqual(out[-2], 0x61)


class Emulator:
    """The emulator on its pseudo-terminal, and an AT client of it."""

    FINAL = re.compile(r"^(OK|ERROR|\+CME ERROR: .*)$")

    def __init__(self, *opts):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "modem_emulator.py")] + list(opts),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        port = self.proc.stdout.readline().decode().strip()
        assert port.startswith("/dev/"), port
        self.fd = os.open(port, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        self.buf = b""
        self.trips = 0
        self.echoes = 0

    def close(self):
        """Closes the port and stops the emulator."""
        os.close(self.fd)
        self.proc.stdin.close()
        self.proc.terminate()
        self.proc.wait(5)
        self.proc.stdout.close()

    def line(self, deadline):
        """The next non-empty line, or None at the deadline."""
        while True:
            m = re.search(rb"[\r\n]", self.buf)
            while m:
                text, self.buf = self.buf[:m.start()], self.buf[m.end():]
                if text.strip():
                    return text.decode("latin-1").strip()
                m = re.search(rb"[\r\n]", self.buf)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.buf += os.read(self.fd, 4096)

    def at(self, cmd, timeout=5.0):
        """Sends cmd; returns (its lines without the echo, final code); the
        final code is None if nothing final came before the timeout."""
        self.trips += 1
        os.write(self.fd, cmd.encode() + b"\r")
        deadline = time.monotonic() + timeout
        lines = []
        while True:
            text = self.line(deadline)
            if text is None:
                return lines, None
            if text == cmd:
                self.echoes += 1
                continue
            if self.FINAL.match(text):
                return lines, text
            lines.append(text)

    def info(self, cmd, prefix):
        """The one information line with prefix of cmd's answer (URCs skipped); asserts OK."""
        lines, final = self.at(cmd)
        assert final == "OK", (cmd, lines, final)
        mine = [x for x in lines if x.startswith(prefix)]
        assert len(mine) == 1, (cmd, lines)
        return mine[0][len(prefix):]

    def cgla(self, ch, apdu):
        """One APDU over +CGLA; returns the response bytes (data and SW)."""
        hexa = apdu.hex().upper()
        answer = self.info('AT+CGLA=%d,%d,"%s"' % (ch, len(hexa), hexa), "+CGLA: ")
        length, _, resp = answer.partition(",")
        resp = resp.strip('"')
        assert int(length) == len(resp), answer
        return bytes.fromhex(resp)

    def csim(self, apdu):
        """One APDU over +CSIM; returns the response bytes."""
        hexa = apdu.hex().upper()
        answer = self.info('AT+CSIM=%d,"%s"' % (len(hexa), hexa), "+CSIM: ")
        return bytes.fromhex(answer.partition(",")[2].strip('"'))

    def es10(self, ch, req, send=None, size=120):
        """One ES10 request in STORE DATA blocks, then GET RESPONSE while
        61xx; returns the answer and the status words."""
        send = send or (lambda apdu: self.cgla(ch, apdu))
        blocks = [req[i:i + size] for i in range(0, len(req), size)]
        for n, block in enumerate(blocks):
            p1 = 0x91 if n == len(blocks) - 1 else 0x11
            out = send(bytes([0x80 | ch, 0xE2, p1, n, len(block)]) + block + b"\x00")
        data, sws = out[:-2], [out[-2:]]
        while out[-2] == 0x61:
            out = send(bytes([ch, 0xC0, 0, 0, out[-1]]))
            data += out[:-2]
            sws.append(out[-2:])
        return data, sws

    def state(self):
        """The emulator's state, asked for on its stdin."""
        self.proc.stdin.write(b"state\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def until(self, cmd, want, timeout=5.0):
        """Repeats cmd until an answer line contains want; returns the lines."""
        deadline = time.monotonic() + timeout
        while True:
            lines, final = self.at(cmd)
            if any(want in x for x in lines) or want == final:
                return lines
            assert time.monotonic() < deadline, (cmd, lines, final)


class PtyFront(unittest.TestCase):
    """The AT front over the real pseudo-terminal."""

    def start(self, *opts):
        """Starts an emulator with opts, stopped when the test ends."""
        emu = Emulator(*opts)
        self.addCleanup(emu.close)
        return emu

    def test_no_euicc_no_logical_channels(self):
        emu = self.start("--no-echo")
        self.assertEqual(emu.at("AT+CCHO=?"), ([], "ERROR"))

    def test_cgla_session_chained_with_urcs_and_echo(self):
        emu = self.start("--euicc", "--response-size", "16", "--esim-urcs")
        self.assertEqual(emu.at("AT+CCHO=?")[1], "OK")
        self.assertEqual(emu.at("AT+CGLA=?")[1], "OK")
        lines, final = emu.at('AT+CCHO="%s"' % ISDR)
        self.assertEqual(final, "OK")
        self.assertIn("+CCHO: 1", lines)
        self.assertTrue(any(x.startswith("+CEREG:") for x in lines), lines)  # a URC inside
        ch = 1
        answer, sws = emu.es10(ch, bytes.fromhex("BF2D00"))
        self.assertEqual(answer, euicc.Euicc().es10(bytes.fromhex("BF2D00")))
        self.assertEqual(len(sws), (len(answer) + 15) // 16)
        eid, _ = emu.es10(ch, bytes.fromhex("BF3E035C015A"))
        self.assertEqual(eid[-16:].hex(), euicc.DEFAULT_CONFIG["eid"])
        self.assertEqual(emu.at("AT+CCHC=1")[1], "OK")
        self.assertEqual(emu.at('AT+CGLA=1,10,"81E2910000"')[1], "+CME ERROR: 21")
        self.assertEqual(emu.at("AT+CCHC=1")[1], "+CME ERROR: 21")
        self.assertEqual(emu.at('AT+CGLA=1,9,"81E291000"')[1], "+CME ERROR: 50")
        self.assertEqual(emu.at('AT+CCHO="A0000000871002"')[1], "+CME ERROR: 13")
        self.assertEqual(emu.echoes, emu.trips)  # echo on: every command came back

    def test_bare_ccho_and_csim_without_cgla(self):
        emu = self.start("--euicc", "--ccho-bare", "--no-cgla", "--hex-unquoted", "--no-echo")
        self.assertEqual(emu.at('AT+CCHO="%s"' % ISDR), (["1"], "OK"))
        self.assertEqual(emu.at("AT+CGLA=?")[1], "ERROR")
        self.assertEqual(emu.at("AT+CSIM=?")[1], "OK")
        # MANAGE CHANNEL open on the basic channel: the card names channel 2.
        self.assertEqual(emu.csim(bytes.fromhex("0070000001")), bytes.fromhex("029000"))
        # SELECT the ISD-R on channel 2 (CLA 02), FCI wanted (P2 00): it comes by 61xx.
        out = emu.csim(bytes.fromhex("02A4040010" + ISDR))
        self.assertEqual(out[-2], 0x61)
        fci = emu.csim(bytes([0x02, 0xC0, 0, 0, out[-1]]))
        self.assertEqual(fci[:-2], tlv.encode(0x6F, tlv.encode(0x84, bytes.fromhex(ISDR))))
        answer, _ = emu.es10(2, bytes.fromhex("BF3C00"), send=emu.csim)
        self.assertEqual(tlv.decode_whole(answer)[0], 0xBF3C)
        self.assertEqual(emu.csim(bytes.fromhex("0070800200")), bytes.fromhex("9000"))
        self.assertEqual(emu.state()["card"]["channels"], [1])
        self.assertEqual(emu.echoes, 0)

    def test_session_handles_and_no_test_commands(self):
        emu = self.start("--euicc", "--session-handles", "--no-test-commands", "--no-cchc", "--cme-text")
        self.assertEqual(emu.at("AT+CCHO=?")[1], "ERROR")
        self.assertEqual(emu.at("AT+CGLA=?")[1], "ERROR")
        sid = emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        self.assertRegex(sid, r"^[0-9a-f]{16}$")
        # The class byte's channel bits are left to the module: 80, not 81.
        hexa = "80E2910003BF3C0000"
        answer = emu.info('AT+CGLA=%s,%d,"%s"' % (sid, len(hexa), hexa), "+CGLA: ")
        self.assertTrue(answer.partition(",")[2].strip('"').startswith("BF3C"), answer)
        self.assertEqual(emu.at('AT+CGLA=1,%d,"%s"' % (len(hexa), hexa))[1], "+CME ERROR: invalid index")
        self.assertEqual(emu.at("AT+CCHC=" + sid)[1], "ERROR")
        # No AT+CCHC: the channels stay open until none is left.
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        self.assertEqual(emu.at('AT+CCHO="%s"' % ISDR)[1], "+CME ERROR: operation not allowed")

    def test_plain_sim(self):
        emu = self.start("--euicc", "--plain-sim")
        self.assertEqual(emu.at("AT+CCHO=?")[1], "OK")
        self.assertEqual(emu.at('AT+CCHO="%s"' % ISDR)[1], "+CME ERROR: 13")
        self.assertEqual(emu.csim(bytes.fromhex("00A4040010" + ISDR)), b"\x6A\x82")

    def test_segments_over_the_pty(self):
        emu = self.start("--euicc")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        req = request(0xBF29, tlv.encode(0x5A, TELEKOM_BCD), tlv.encode(0x90, "Hauptprofil für die Zentrale".encode()))
        answer, _ = emu.es10(1, req, size=8)
        self.assertEqual(result_of(answer, 0xBF29), euicc.OK)
        self.assertEqual(emu.state()["card"]["profiles"][0]["nickname"], "Hauptprofil für die Zentrale")
        self.assertEqual(emu.cgla(1, bytes.fromhex("81E2110501BF")), bytes.fromhex("6A86"))

    def test_enable_with_refresh_resets_the_card_and_reregisters(self):
        state = os.path.join(tempfile.mkdtemp(), "state.json")
        self.addCleanup(lambda: os.path.exists(state) and os.remove(state))
        emu = self.start("--euicc", "--reset-seconds", "0.2", "--register-seconds", "0.4", "--state", state)
        self.assertIn('"Telekom.de"', emu.info("AT+COPS?", "+COPS: "))
        self.assertEqual(emu.state()["operator"], "Telekom.de")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        answer, _ = emu.es10(1, switch(0xBF31, VODAFONE))
        self.assertEqual(result_of(answer, 0xBF31), euicc.OK)
        # The card reset: the channel is gone, the card is busy for a while.
        self.assertEqual(emu.at('AT+CGLA=1,16,"81E2910003BF2D00"')[1], "+CME ERROR: 21")
        emu.until('AT+CCHO="%s"' % ISDR, "+CCHO: 1")
        emu.until("AT+CEREG?", "+CEREG: 2,1,")
        self.assertIn('"Vodafone UK"', emu.info("AT+COPS?", "+COPS: "))
        self.assertEqual(emu.info("AT+CCID", "+CCID: "), VODAFONE)
        with open(state, encoding="utf-8") as f:
            saved = json.load(f)
        self.assertEqual(saved["card"]["enabled"], VODAFONE)
        self.assertEqual(saved["card"]["resets"], 1)
        self.assertEqual([n["event"] for n in saved["card"]["notifications"]], ["disable", "enable"])
        # Deleting the enabled profile is refused: profileNotInDisabledState.
        answer, _ = emu.es10(1, tlv.encode(0xBF33, tlv.encode(0x5A, VODAFONE_BCD)))
        self.assertEqual(result_of(answer, 0xBF33), euicc.WRONG_STATE)
        # A module restart (AT+CFUN=1,1) resets the card too.
        self.assertEqual(emu.at("AT+CFUN=1,1")[1], "OK")
        self.assertEqual(emu.state()["card"]["resets"], 2)

    def test_attach_comes_after_registration(self):
        emu = self.start("--euicc", "--reset-seconds", "0.1", "--register-seconds", "0.3",
                         "--attach-seconds", "0.6")
        self.assertEqual(emu.info("AT+CGATT?", "+CGATT: "), "1")  # on since power-up
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        self.assertEqual(result_of(emu.es10(1, switch(0xBF31, VODAFONE))[0], 0xBF31), euicc.OK)
        self.assertEqual(emu.info("AT+CGATT?", "+CGATT: "), "0")  # the reset detached it
        emu.until("AT+CEREG?", "+CEREG: 2,1,")
        registered = time.monotonic()
        self.assertEqual(emu.info("AT+CGATT?", "+CGATT: "), "0")  # registered, not attached yet
        self.assertFalse(emu.state()["attached"])
        emu.until("AT+CGATT?", "+CGATT: 1")
        self.assertGreaterEqual(time.monotonic() - registered, 0.2)
        self.assertTrue(emu.state()["attached"])

    def test_profile_without_coverage_never_registers(self):
        conf = json.loads(json.dumps(euicc.DEFAULT_CONFIG))
        conf["profiles"][1]["coverage"] = False
        path = os.path.join(tempfile.mkdtemp(), "profiles.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(conf, f)
        self.addCleanup(os.remove, path)
        emu = self.start("--profiles", path, "--reset-seconds", "0.1", "--register-seconds", "0.2")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        self.assertEqual(result_of(emu.es10(1, switch(0xBF31, VODAFONE))[0], 0xBF31), euicc.OK)
        emu.until('AT+CCHO="%s"' % ISDR, "+CCHO: 1")  # the card is back after its reset
        deadline = time.monotonic() + 0.6  # three times the registration delay
        while time.monotonic() < deadline:
            self.assertEqual(emu.info("AT+CREG?", "+CREG: "), "0,2")  # searching, never registered
            self.assertEqual(emu.info("AT+CGATT?", "+CGATT: "), "0")
        state = emu.state()
        self.assertEqual((state["card"]["enabled"], state["registration"]), (VODAFONE, 2))
        self.assertFalse([p for p in state["card"]["profiles"] if p["iccid"] == VODAFONE][0]["coverage"])

    def test_profiles_from_json(self):
        conf = {"eid": "89049032000000000000000000000000",
                "profiles": [{"iccid": "8931000000000000001", "mcc": "204", "mnc": "08", "operator": "KPN",
                              "state": "disabled", "class": "test"}]}
        path = os.path.join(tempfile.mkdtemp(), "profiles.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(conf, f)
        self.addCleanup(os.remove, path)
        emu = self.start("--profiles", path)
        self.assertEqual(emu.at("AT+CCID")[1], "+CME ERROR: 10")  # no profile enabled
        self.assertEqual(emu.info("AT+CREG?", "+CREG: "), "0,0")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        got = profiles(emu.es10(1, bytes.fromhex("BF2D00"))[0])
        self.assertEqual(got[0][0x95], b"\x00")  # test class
        self.assertEqual(got[0][0xB7], bytes.fromhex("800302F480"))
        self.assertEqual(emu.state()["operator"], None)

    def test_explicit_default_class_and_block_limit(self):
        conf = json.loads(json.dumps(euicc.DEFAULT_CONFIG))
        conf["explicit_default_class"] = True
        card = euicc.Euicc(conf, max_block=120)
        got = profiles(card.es10(bytes.fromhex("BF2D00")))
        self.assertEqual(got[0][0x95], b"\x02")  # operational, though it is the DEFAULT
        ch = card.open_channel()
        card.select_isdr(ch)
        req = request(0xBF29, tlv.encode(0x5A, TELEKOM_BCD), tlv.encode(0x90, b"n" * 64))
        self.assertEqual(store_data(card, ch, req + bytes(121 - len(req)), size=121)[0], [b"\x67\x00"])
        self.assertEqual(result_of(store_data(card, ch, req, size=120)[1], 0xBF29), euicc.OK)

    def test_slow_answers(self):
        emu = self.start("--slow", "0.3")
        start = time.monotonic()
        self.assertEqual(emu.at("AT")[1], "OK")
        self.assertGreaterEqual(time.monotonic() - start, 0.3)

    def test_module_that_stops_answering(self):
        emu = self.start("--euicc", "--answer-limit", "2")
        self.assertEqual(emu.at("AT")[1], "OK")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        self.assertEqual(emu.at('AT+CGLA=1,16,"81E2910003BF2D00"', timeout=0.5), ([], None))
        self.assertEqual(emu.state()["at_commands"], 3)

    def test_hostile_over_the_pty(self):
        emu = self.start("--euicc", "--hostile", "endless-chain", "--response-size", "32")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        out = emu.cgla(1, bytes.fromhex("81E2910003BF2D00"))
        for _ in range(20):
            self.assertEqual(out[-2], 0x61)
            out = emu.cgla(1, bytes.fromhex("01C0000000"))
        self.assertEqual(out[-2], 0x61)
        emu = self.start("--euicc", "--hostile", "lying-length", "--hostile-tag", "BF2D")
        emu.info('AT+CCHO="%s"' % ISDR, "+CCHO: ")
        answer, sws = emu.es10(1, bytes.fromhex("BF2D00"))
        self.assertEqual(sws[-1], b"\x90\x00")
        with self.assertRaises(tlv.TlvError):
            tlv.decode_whole(answer)


if __name__ == "__main__":
    unittest.main()
