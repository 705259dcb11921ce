"""BER-TLV as the eUICC speaks it (ITU-T X.690 DER, as GSMA SGP.22 uses it).

A tag is kept as the integer of its bytes (0x5A, 0xBF2D, 0x9F70), so that it
reads as the specifications print it. Lengths: short form below 128, long
form with one to three length bytes; the indefinite form is refused (DER).

Standard library only.
"""


class TlvError(ValueError):
    """The bytes are not well-formed BER-TLV."""


def tag_bytes(tag):
    """The encoding of tag (an integer such as 0xBF2D) as bytes."""
    if tag < 0:
        raise TlvError("negative tag")
    out = bytearray()
    while True:
        out.insert(0, tag & 0xFF)
        tag >>= 8
        if not tag:
            return bytes(out)


def is_constructed(tag):
    """Whether the tag's first byte has the constructed bit (b6)."""
    return bool(tag_bytes(tag)[0] & 0x20)


def length_bytes(n):
    """The DER encoding of length n: short form below 128, long form above."""
    if n < 0 or n > 0xFFFFFF:
        raise TlvError("length out of range: %d" % n)
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode(tag, value=b""):
    """One TLV: tag, DER length and value (bytes, or a list of TLVs to join)."""
    if isinstance(value, (list, tuple)):
        value = b"".join(value)
    return tag_bytes(tag) + length_bytes(len(value)) + bytes(value)


def read_tag(data, pos):
    """Reads a tag at pos; returns (tag, position after it)."""
    if pos >= len(data):
        raise TlvError("missing tag at %d" % pos)
    first = data[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:
        while True:
            if pos >= len(data):
                raise TlvError("tag cut short")
            tag = (tag << 8) | data[pos]
            pos += 1
            if not data[pos - 1] & 0x80:
                break
            if tag > 0xFFFFFF:
                raise TlvError("tag longer than three bytes")
    return tag, pos


def read_length(data, pos):
    """Reads a length at pos; returns (length, position after it)."""
    if pos >= len(data):
        raise TlvError("missing length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count == 0:
        raise TlvError("indefinite length")
    if count > 3:
        raise TlvError("length of %d bytes" % count)
    if pos + count > len(data):
        raise TlvError("length cut short")
    return int.from_bytes(data[pos:pos + count], "big"), pos + count


def decode_one(data, pos=0):
    """Decodes the TLV at pos; returns (tag, value, position after it)."""
    tag, pos = read_tag(data, pos)
    length, pos = read_length(data, pos)
    if pos + length > len(data):
        raise TlvError("value of tag %X claims %d bytes, %d left" % (tag, length, len(data) - pos))
    return tag, bytes(data[pos:pos + length]), pos + length


def decode_all(data):
    """Decodes a concatenation of TLVs into a list of (tag, value)."""
    out = []
    pos = 0
    while pos < len(data):
        tag, value, pos = decode_one(data, pos)
        out.append((tag, value))
    return out


def decode_whole(data):
    """Decodes data that must be exactly one TLV; returns (tag, value)."""
    tag, value, end = decode_one(data, 0)
    if end != len(data):
        raise TlvError("%d bytes after the TLV" % (len(data) - end))
    return tag, value


def find(items, tag):
    """The value of the first item with tag in a decode_all list, or None."""
    for t, v in items:
        if t == tag:
            return v
    return None


def parse_tag_list(data):
    """Splits a tag list (SGP.22 tagList, tags back to back) into tags."""
    tags = []
    pos = 0
    while pos < len(data):
        tag, pos = read_tag(data, pos)
        tags.append(tag)
    return tags


def integer_bytes(n):
    """The DER content of INTEGER n (two's complement, fewest bytes)."""
    size = max(1, (n + (n < 0)).bit_length() // 8 + 1)
    return n.to_bytes(size, "big", signed=True)


def integer_value(data):
    """The value of a DER INTEGER's content."""
    if not data:
        raise TlvError("empty INTEGER")
    return int.from_bytes(data, "big", signed=True)


def iccid_bytes(iccid):
    """An ICCID's digits as the card stores them (SGP.22 Iccid, ITU-T E.118):
    BCD with the two digits of each byte swapped, padded with F to 10 bytes."""
    digits = iccid.upper()
    if not digits.isalnum() or len(digits) > 20:
        raise TlvError("bad ICCID %r" % iccid)
    digits = digits.ljust(20, "F")
    return bytes(int(digits[i + 1] + digits[i], 16) for i in range(0, 20, 2))


def iccid_text(data):
    """The ICCID as printed on the card, from its nibble-swapped BCD."""
    text = "".join("%X%X" % (b & 0x0F, b >> 4) for b in data)
    return text.rstrip("F")


def plmn_bytes(mcc, mnc):
    """MCC and MNC as three bytes (3GPP TS 24.008 PLMN identity)."""
    mnc3 = mnc[2] if len(mnc) == 3 else "F"
    return bytes([int(mcc[1] + mcc[0], 16), int(mnc3 + mcc[2], 16), int(mnc[1] + mnc[0], 16)])
