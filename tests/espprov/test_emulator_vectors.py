#!/usr/bin/python3
"""Known-answer checks of the ESP device emulator's arithmetic and protobuf codec.

If the published vectors come out right, the emulator computes what the
specifications say, and a client that disagrees with it is the one at fault.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import esp_crypto as crypto  # noqa: E402
import esp_messages as m  # noqa: E402
import protobuf_codec as pb  # noqa: E402


def h(text):
    """Bytes of hex text with spaces and newlines ignored."""
    return bytes.fromhex("".join(text.split()))


def n(text):
    """Number of hex text with spaces and newlines ignored."""
    return int("".join(text.split()), 16)


class X25519(unittest.TestCase):
    """RFC 7748: section 5.2 (the function) and 6.1 (Diffie-Hellman)."""

    def test_rfc7748_5_2_first(self):
        out = crypto.x25519(
            h("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
            h("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
        self.assertEqual(out.hex(), "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")

    def test_rfc7748_5_2_second(self):
        out = crypto.x25519(
            h("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
            h("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
        self.assertEqual(out.hex(), "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")

    def test_rfc7748_6_1(self):
        alice = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        bob = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
        _, alice_pub = crypto.x25519_keypair(alice)
        _, bob_pub = crypto.x25519_keypair(bob)
        self.assertEqual(alice_pub.hex(),
                         "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        self.assertEqual(bob_pub.hex(),
                         "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
        self.assertEqual(crypto.x25519(alice, bob_pub).hex(), shared)
        self.assertEqual(crypto.x25519(bob, alice_pub).hex(), shared)

    def test_pop_xor(self):
        # key = shared XOR SHA-256(pop); without a PoP the shared secret itself.
        shared = bytes(range(32))
        self.assertEqual(crypto.sec1_session_key(shared, b""), shared)
        # SHA-256("abc") = ba7816bf... (FIPS 180-2 appendix B.1); XOR with 0..31.
        digest = h("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        self.assertEqual(crypto.sec1_session_key(shared, b"abc"),
                         bytes(a ^ b for a, b in zip(shared, digest)))


class AesCtr(unittest.TestCase):
    """NIST SP 800-38A, F.5.5 CTR-AES256.Encrypt (and F.5.6, the decryption)."""
    KEY = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
    IV = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
    PLAIN = """6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
               30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710"""
    CIPHER = """601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5
                2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6"""

    def test_f55_in_one_go(self):
        s = crypto.CtrStream(h(self.KEY), h(self.IV))
        self.assertEqual(s.crypt(h(self.PLAIN)), h(self.CIPHER))

    def test_one_stream_in_pieces(self):
        # security 1 uses one keystream for every message of a session: pieces
        # of odd sizes, one after the other, give the same bytes as one call.
        s = crypto.CtrStream(h(self.KEY), h(self.IV))
        plain = h(self.PLAIN)
        out = s.crypt(plain[:5]) + s.crypt(plain[5:37]) + s.crypt(plain[37:])
        self.assertEqual(out, h(self.CIPHER))

    def test_f56_decrypts(self):
        s = crypto.CtrStream(h(self.KEY), h(self.IV))
        self.assertEqual(s.crypt(h(self.CIPHER)), h(self.PLAIN))


class AesGcm(unittest.TestCase):
    """AES-256-GCM: McGrew and Viega, "The Galois/Counter Mode of Operation",
    test cases 14 and 15 (96-bit IV, no additional data)."""

    def test_case_14(self):
        ch = crypto.GcmChannel(bytes(32), bytes(12), 1)
        # with patch version 1 the counter (last 4 bytes) is then 1
        out = ch.encrypt(bytes(16))
        self.assertEqual(out.hex(), "cea7403d4d606b6e074ec5d3baf39d18"
                         "d0d1c8a799996bf0265b98b5d48ab919")
        self.assertEqual(bytes(ch.nonce), bytes(11) + b"\x01")

    def test_case_15(self):
        key = h("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        plain = h("""d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
                     1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255""")
        ch = crypto.GcmChannel(key, h("cafebabefacedbaddecaf888"), 1)
        out = ch.encrypt(plain)
        self.assertEqual(out[:-16].hex(), "".join("""
            522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
            8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad""".split()))
        self.assertEqual(out[-16:].hex(), "b094dac5d93471bdec1a502270e3cc6c")

    def test_nonce_schemes(self):
        # patch 1: 8 random bytes then a big-endian counter moved by every operation
        ch = crypto.GcmChannel(bytes(32), bytes(8) + b"\x00\x00\x00\xff", 1)
        ch.encrypt(b"a")
        self.assertEqual(bytes(ch.nonce[8:]), b"\x00\x00\x01\x00")
        ch.decrypt(crypto.GcmChannel(bytes(32), bytes(8) + b"\x00\x00\x01\x00", 1).encrypt(b"b"))
        self.assertEqual(bytes(ch.nonce[8:]), b"\x00\x00\x01\x01")
        # patch 0: a 16-byte nonce that never moves
        ch0 = crypto.GcmChannel(bytes(32), bytes(range(16)), 0)
        first = ch0.encrypt(b"same")
        self.assertEqual(ch0.encrypt(b"same"), first)
        with self.assertRaises(ValueError):
            crypto.GcmChannel(bytes(32), bytes(12), 0)


class Srp6a(unittest.TestCase):
    """RFC 5054 Appendix B: the 1024-bit group of Appendix A, SHA-1,
    I = "alice", P = "password123"."""
    SALT = "BEB25379 D1A8581E B5A72767 3A2441EE"
    A_PRIV = "60975527 035CF2AD 1989806F 0407210B C81EDC04 E2762A56 AFD529DD DA2D4393"
    B_PRIV = "E487CB59 D31AC550 471E81F0 0F6928E0 1DDA08E9 74A004F4 9E61F5D1 05284D20"

    def setUp(self):
        self.srp = crypto.Srp(crypto.GROUP_1024, "sha1")
        self.salt = h(self.SALT)

    def test_k(self):
        self.assertEqual(self.srp.k(), n("7556AA04 5AEF2CDD 07ABAF0F 665C3E81 8913186F"))

    def test_x(self):
        self.assertEqual(self.srp.x(self.salt, b"alice", b"password123"),
                         n("94B7555A ABE9127C C58CCF49 93DB6CF8 4D16C124"))

    def test_v(self):
        self.assertEqual(self.srp.verifier(self.salt, b"alice", b"password123"), n("""
            7E273DE8 696FFC4F 4E337D05 B4B375BE B0DDE156 9E8FA00A 9886D812
            9BADA1F1 822223CA 1A605B53 0E379BA4 729FDC59 F105B478 7E5186F5
            C671085A 1447B52A 48CF1970 B4FB6F84 00BBF4CE BFBB1681 52E08AB5
            EA53D15C 1AFF87B2 B9DA6E04 E058AD51 CC72BFC9 033B564E 26480D78
            E955A5E2 9E7AB245 DB2BE315 E2099AFB"""))

    def test_A_B_u_S(self):
        a, b = n(self.A_PRIV), n(self.B_PRIV)
        v = self.srp.verifier(self.salt, b"alice", b"password123")
        A, B = self.srp.A(a), self.srp.B(b, v)
        self.assertEqual(A, n("""
            61D5E490 F6F1B795 47B0704C 436F523D D0E560F0 C64115BB 72557EC4
            4352E890 3211C046 92272D8B 2D1A5358 A2CF1B6E 0BFCF99F 921530EC
            8E393561 79EAE45E 42BA92AE ACED8251 71E1E8B9 AF6D9C03 E1327F44
            BE087EF0 6530E69F 66615261 EEF54073 CA11CF58 58F0EDFD FE15EFEA
            B349EF5D 76988A36 72FAC47B 0769447B"""))
        self.assertEqual(B, n("""
            BD0C6151 2C692C0C B6D041FA 01BB152D 4916A1E7 7AF46AE1 05393011
            BAF38964 DC46A067 0DD125B9 5A981652 236F99D9 B681CBF8 7837EC99
            6C6DA044 53728610 D0C6DDB5 8B318885 D7D82C7F 8DEB75CE 7BD4FBAA
            37089E6F 9C6059F3 88838E7A 00030B33 1EB76840 910440B1 B27AAEAE
            EB4012B7 D7665238 A8E3FB00 4B117B58"""))
        u = self.srp.u(A, B)
        self.assertEqual(u, n("CE38B959 3487DA98 554ED47D 70A7AE5F 462EF019"))
        premaster = n("""
            B0DC82BA BCF30674 AE450C02 87745E79 90A3381F 63B387AA F271A10D
            233861E3 59B48220 F7C4693C 9AE12B0A 6F67809F 0876E2D0 13800D6C
            41BB59B6 D5979B5C 00A172B4 A2A5903A 0BDCAF8A 709585EB 2AFAFA8F
            3499B200 210DCC1F 10EB3394 3CD67FC8 8A2F39A4 BE5BEC4E C0A3212D
            C346D7E4 74B29EDE 8A469FFE CA686E5A""")
        self.assertEqual(self.srp.server_premaster(A, b, v, u), premaster)
        x = self.srp.x(self.salt, b"alice", b"password123")
        self.assertEqual(self.srp.client_premaster(B, a, x, u), premaster)

    def test_3072_sha512_round_trip(self):
        # the group and hash of ESP-IDF security 2: both sides agree on K and the
        # proofs; a wrong password gives another client proof.
        srp = crypto.Srp()
        self.assertEqual(srp.width, 384)
        self.assertEqual(srp.g, 5)
        salt = crypto.new_salt()
        v = srp.verifier(salt, b"wifiprov", b"abcd1234")
        a, b = 0x1234567 << 200, 0x7654321 << 200
        A, B = srp.A(a), srp.B(b, v)
        u = srp.u(A, B)
        k_dev = srp.session_key(srp.server_premaster(A, b, v, u))
        k_cli = srp.session_key(srp.client_premaster(B, a, srp.x(salt, b"wifiprov", b"abcd1234"), u))
        self.assertEqual(k_dev, k_cli)
        self.assertEqual(len(k_dev), 64)
        wrong = srp.session_key(srp.client_premaster(B, a, srp.x(salt, b"wifiprov", b"abcd1235"), u))
        self.assertNotEqual(srp.client_proof(b"wifiprov", salt, A, B, wrong),
                            srp.client_proof(b"wifiprov", salt, A, B, k_dev))


class Protobuf(unittest.TestCase):
    """The codec against bytes worked out by hand from the encoding rules
    (protobuf.dev, "Encoding"): a key is (field number << 3) | wire type as a
    varint; wire type 0 is a varint, 2 a varint length then the bytes; a
    varint is 7 bits per byte, least significant group first, the high bit
    set on every byte but the last; a negative int32 is its 64-bit two's
    complement (10 bytes)."""

    def test_varints(self):
        self.assertEqual(pb.encode_varint(0), b"\x00")
        self.assertEqual(pb.encode_varint(1), b"\x01")
        self.assertEqual(pb.encode_varint(150), b"\x96\x01")   # 150 = 0b1_0010110
        self.assertEqual(pb.encode_varint(300), b"\xac\x02")   # 300 = 0b10_0101100
        self.assertEqual(pb.encode_varint(-1), b"\xff" * 9 + b"\x01")
        self.assertEqual(pb.decode_varint(b"\xac\x02", 0), (300, 2))

    def test_session_sec1_command0(self):
        # SessionData{sec_ver = SecScheme1 (field 2), sec1 (field 11) =
        #   Sec1Payload{msg = Session_Command0 = 0 (default: left out),
        #   sc0 (field 20) = SessionCmd0{client_pubkey (field 1) = 32 x 0x09}}}
        # sec_ver:   key 2<<3|0 = 0x10, value 0x01
        # sc0:       key 20<<3|2 = 162 = 0xa2 0x01, length 34 = 0x22,
        #            then client_pubkey: key 1<<3|2 = 0x0a, length 32 = 0x20, 32 bytes
        # sec1:      key 11<<3|2 = 0x5a, length 3 + 34 = 37 = 0x25
        pub = b"\x09" * 32
        want = b"\x10\x01" + b"\x5a\x25" + b"\xa2\x01\x22" + b"\x0a\x20" + pub
        msg = {"sec_ver": 1, "sec1": {"msg": m.SESSION_COMMAND0, "sc0": {"client_pubkey": pub}}}
        self.assertEqual(m.encode(m.SESSION_DATA, msg), want)
        # a default scalar is not on the wire, so the decoded dict has no "msg"
        self.assertEqual(m.decode(m.SESSION_DATA, want),
                         {"sec_ver": 1, "sec1": {"sc0": {"client_pubkey": pub}}})

    def test_scan_result_with_negative_rssi(self):
        # WiFiScanPayload{msg = TypeRespScanResult = 5 (field 1): 0x08 0x05,
        #  resp_scan_result (field 15: key 0x7a) = {entries (field 1: key 0x0a) =
        #   WiFiScanResult{ssid "ab" (0x0a 0x02 'a' 'b'), channel 6 (0x10 0x06),
        #   rssi -48 (0x18 + 10-byte varint d0 ff ff ff ff ff ff ff ff 01),
        #   auth WPA2_PSK = 3 (0x28 0x03)}}}
        entry = b"\x0a\x02ab" + b"\x10\x06" + b"\x18\xd0" + b"\xff" * 8 + b"\x01" + b"\x28\x03"
        want = b"\x08\x05" + b"\x7a" + bytes([len(entry) + 2]) + b"\x0a" + bytes([len(entry)]) + entry
        msg = {"msg": m.TYPE_RESP_SCAN_RESULT, "resp_scan_result": {"entries": [
            {"ssid": b"ab", "channel": 6, "rssi": -48, "auth": 3}]}}
        self.assertEqual(m.encode(m.WIFI_SCAN_PAYLOAD, msg), want)
        self.assertEqual(m.decode(m.WIFI_SCAN_PAYLOAD, want), msg)

    def test_oneof_default_and_empty_message(self):
        # RespGetStatus{sta_state = ConnectionFailed = 3 (0x10 0x03),
        #   fail_reason = AuthError = 0: in a oneof, so written: key 10<<3 = 0x50, 0x00}
        self.assertEqual(m.encode(m.RESP_GET_STATUS, {"status": 0, "sta_state": 3, "fail_reason": 0}),
                         b"\x10\x03\x50\x00")
        # WiFiConfigPayload{msg = TypeCmdGetStatus = 0, cmd_get_status = {}}:
        # only the empty message: key 10<<3|2 = 0x52, length 0
        self.assertEqual(m.encode(m.WIFI_CONFIG_PAYLOAD, {"msg": 0, "cmd_get_status": {}}),
                         b"\x52\x00")

    def test_unknown_fields_skipped(self):
        # field 9 varint (0x48 0x07), field 3 fixed32 (0x1d + 4), field 4 fixed64 (0x21 + 8)
        data = b"\x48\x07" + b"\x1d" + bytes(4) + b"\x21" + bytes(8) + b"\x10\x02"
        self.assertEqual(m.decode(m.SESSION_DATA, data), {"sec_ver": 2})

    def test_malformed(self):
        for bad in (b"\x10", b"\x10\x80", b"\x5a\x05\x00", b"\x00\x00", b"\x0f", b"\x12\x00",
                    b"\xff" * 11, bytes([0xFF] * 7 + [0x0F, 0x00, 0x07])):
            with self.assertRaises(pb.DecodeError, msg=bad.hex()):
                m.decode(m.SESSION_DATA, bad)


if __name__ == "__main__":
    unittest.main(verbosity=2)
