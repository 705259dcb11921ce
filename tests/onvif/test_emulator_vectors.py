#!/usr/bin/python3
"""Known-answer checks of the camera emulator's authentication arithmetic.

If these published vectors come out right, the emulator computes what the
specifications say, and a client that disagrees with it is the one at fault.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camera_emulator as emu  # noqa: E402


class UsernameTokenDigest(unittest.TestCase):
    def test_published_vector(self):
        # Mark Pilgrim, "Dive into WSSE", xml.com, 2003-12-17
        # (http://www.xml.com/pub/a/2003/12/17/dive.html; also the README of the
        # npm package `wsse`): PasswordDigest = Base64(SHA-1(nonce + created + password))
        # as the OASIS UsernameToken Profile 1.0 (section 3.1) defines it, with the
        # nonce's bytes being the 32 ASCII characters shown.
        digest = emu.password_digest(b"d36e316282959a9ed4c89851497a717f", "2003-12-15T14:43:07Z",
                                     "taadtaadpstcsm")
        self.assertEqual(digest, "quR/EWLAV4xLf9Zqyw4pDmfV9OY=")

    def test_one_changed_input_changes_the_digest(self):
        digest = emu.password_digest(b"d36e316282959a9ed4c89851497a717f", "2003-12-15T14:43:08Z",
                                     "taadtaadpstcsm")
        self.assertNotEqual(digest, "quR/EWLAV4xLf9Zqyw4pDmfV9OY=")

    def test_created_parsing(self):
        a = emu.parse_created("2003-12-15T14:43:07Z")
        b = emu.parse_created("2003-12-15T16:43:07.000+02:00")
        self.assertEqual(a, b)
        with self.assertRaises(ValueError):
            emu.parse_created("15 Dec 2003")


class HttpDigest(unittest.TestCase):
    # RFC 7616, section 3.9.1: GET /dir/index.html, user "Mufasa", password
    # "Circle of Life", realm "http-auth@example.org", qop=auth, nc=00000001.
    NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"

    def response(self, algorithm):
        return emu.digest_response(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life",
                                   "GET", "/dir/index.html", self.NONCE, "00000001", self.CNONCE,
                                   "auth")

    def test_rfc7616_md5(self):
        self.assertEqual(self.response("MD5"), "8ca523f5e9506fed4657c9700eebdbec")

    def test_rfc7616_sha256(self):
        self.assertEqual(self.response("SHA-256"),
                         "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")

    def test_rfc2617_example(self):
        # RFC 2617 section 3.5: the same formula with the older example's values
        # (password "Circle Of Life", qop=auth) gives the response the RFC prints.
        r = emu.digest_response("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                "00000001", "0a4f113b", "auth")
        self.assertEqual(r, "6629fae49393a05397450978507c4ef1")

    def test_header_parsing(self):
        p = emu.parse_auth_params('username="Mufasa", realm="http-auth@example.org", '
                                  'uri="/dir/index.html", algorithm=SHA-256, nc=00000001, '
                                  'qop=auth, response="abc"')
        self.assertEqual(p["username"], "Mufasa")
        self.assertEqual(p["algorithm"], "SHA-256")
        self.assertEqual(p["nc"], "00000001")
        self.assertEqual(p["qop"], "auth")


if __name__ == "__main__":
    unittest.main(verbosity=2)
