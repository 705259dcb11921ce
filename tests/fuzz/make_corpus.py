#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target from the QR vectors
(tests/data/vectors/qr-payloads.json, or the file given) and a few extra
payloads the vectors lack (optional TLV data, concatenated payloads, EAP,
DPP with every token). Run it again when the vectors change:

  python3 tests/fuzz/make_corpus.py [VECTORS.json]
"""
import base64
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-."

EXTRA = [
    # Concatenated Matter payloads, and one with TLV optional data (serial number "SN123", vendor tag 0x82 = 42).
    "MT:Y.K9042C00KA0648G00*-8VJ0OMV172PX813210",
    "MT:Y.K9042C00KA0648G00*MT:KSNK4SIC13-JPR4UY00",
    "3497-011-2332",
    "WIFI:T:WPA2-EAP;S:Corp;E:PEAP;PH2:MSCHAPV2;I:alice;A:anon;P:secret123;H:true;;",
    "WIFI:S:a\\\\b\\\"c\\,d;T:WPA;P:orchid tractor;R:1;;",
    "DPP:V:2;M:5254005828e5;I:SN=4774LH2b4044;H:10.0.0.1;B:2,5;C:81/1,115/36;"
    "K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADM2206avxHJaHXgLMkq/24e0rsrfMP9K1Tm8gx+ovP0I=;;",
    "LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$1$F54172BDF98A95D65CBEB88A38A1C11D800A85C3",
    '{"ver":"v1","name":"PROV_1","username":"wifiprov","pop":"p","transport":"softap","network":"wifi"}',
]

TLV = bytes([0x15, 0x2C, 0x00, 0x05]) + b"SN123" + bytes([0x24, 0x82, 0x2A, 0x35, 0x86, 0x24, 0x01, 0x07, 0x18,
                                                      0x30, 0x85, 0x02, 0xAB, 0xCD, 0x18])


def base38(data):
    out = []
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3]
        value = int.from_bytes(chunk, "little")
        for _ in range({1: 2, 2: 4, 3: 5}[len(chunk)]):
            out.append(ALPHABET[value % 38])
            value //= 38
    return "".join(out)


def matter_with_tlv():
    """A Matter payload (vendor 0xFFF1, BLE, discriminator 3840, passcode 20202021) with TLV data."""
    bits, pos = 0, 0
    for value, width in ((0, 3), (0xFFF1, 16), (0x8000, 16), (0, 2), (2, 8), (3840, 12), (20202021, 27), (0, 4)):
        bits |= value << pos
        pos += width
    return "MT:" + base38(bits.to_bytes(11, "little") + TLV)


def target_of(payload):
    if payload.startswith("MT:"):
        return "matter"
    if payload.upper().startswith("WIFI:"):
        return "wifi"
    if payload.upper().startswith("DPP:"):
        return "dpp"
    if payload.upper().startswith("LPA:"):
        return "lpa"
    if payload.startswith("{"):
        return "esp_prov"
    return "manual"


def write(target, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "data", "vectors", "qr-payloads.json")
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    payloads = [c["input"] for c in cases] + EXTRA + [matter_with_tlv()]
    for p in payloads:
        data = p.encode("utf-8")
        write("decode", data)
        write(target_of(p), data)
        if p.startswith("MT:"):
            for part in p[3:].split("*"):
                part = part[3:] if part.startswith("MT:") else part
                if part:
                    write("base38", part.encode())
    write("tlv", TLV)
    write("tlv", bytes([0x15, 0x18]))
    write("tlv", bytes([0x15, 0x25, 0x01, 0x10, 0x27, 0x29, 0x84, 0x20, 0x83, 0xFE, 0x18]))
    print("seed corpus written under", os.path.join(HERE, "corpus"))


if __name__ == "__main__":
    main()
