#!/usr/bin/python3
"""A small protocol buffers codec: varints and length-delimited fields.

Enough of the encoding (https://protobuf.dev/programming-guides/encoding/) for
the proto3 messages of ESP-IDF unified provisioning: wire type 0 (varint:
uint32, int32, enum, bool) and wire type 2 (bytes, string, embedded message).
Fixed 32/64-bit fields are skipped when read, never written.

A message is a dict; a schema says, per field name, its number, its kind and,
for embedded messages, the schema of the embedded one:

    SCHEMA = {"ssid": (1, "bytes"), "channel": (4, "int32"),
              "entries": (1, "message", ENTRY, "repeated")}

Proto3 leaves out a scalar with its default value (0, b"", False), except a
member of a oneof, which is written whenever the dict holds it: the schema
marks those with "oneof". An embedded message is written whenever present,
even empty (a oneof's empty command message says which command it is).

Standard library only.
"""

WIRE_VARINT = 0
WIRE_FIXED64 = 1
WIRE_LEN = 2
WIRE_FIXED32 = 5
MAX_DEPTH = 16


class DecodeError(ValueError):
    """The bytes are not a valid encoding of the message."""


def encode_varint(value):
    """Base-128 varint, least significant group first; negatives as 64-bit two's complement."""
    if value < 0:
        value += 1 << 64
    if value >= 1 << 64:
        raise ValueError("varint out of range")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(data, pos):
    """(value, new position) of the varint at pos; at most 10 bytes."""
    value = 0
    for i in range(10):
        if pos >= len(data):
            raise DecodeError("truncated varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            if value >= 1 << 64:
                raise DecodeError("varint over 64 bits")
            return value, pos
    raise DecodeError("varint longer than 10 bytes")


def tag(number, wire_type):
    """The key of a field: (number << 3) | wire type, as a varint."""
    return encode_varint((number << 3) | wire_type)


def _field_spec(spec):
    number, kind = spec[0], spec[1]
    sub = spec[2] if len(spec) > 2 and isinstance(spec[2], dict) else None
    flags = set(x for x in spec[2:] if isinstance(x, str))
    return number, kind, sub, flags


def _encode_one(number, kind, sub, value):
    if kind in ("uint32", "enum", "bool", "int32"):
        return tag(number, WIRE_VARINT) + encode_varint(int(value))
    if kind == "bytes":
        data = bytes(value)
    elif kind == "string":
        data = value.encode("utf-8")
    elif kind == "message":
        data = encode(sub, value)
    else:
        raise ValueError("unknown field kind %r" % kind)
    return tag(number, WIRE_LEN) + encode_varint(len(data)) + data


def _is_default(kind, value):
    if kind in ("uint32", "enum", "int32"):
        return int(value) == 0
    if kind == "bool":
        return not value
    if kind in ("bytes", "string"):
        return len(value) == 0
    return False


def encode(schema, message):
    """The bytes of a message (a dict) by its schema, fields in number order."""
    out = bytearray()
    for name, spec in sorted(schema.items(), key=lambda kv: kv[1][0]):
        if name not in message or message[name] is None:
            continue
        number, kind, sub, flags = _field_spec(spec)
        value = message[name]
        if "repeated" in flags:
            for item in value:
                out += _encode_one(number, kind, sub, item)
            continue
        if kind != "message" and "oneof" not in flags and _is_default(kind, value):
            continue
        out += _encode_one(number, kind, sub, value)
    return bytes(out)


def _scalar(kind, raw):
    if kind == "bool":
        return raw != 0
    if kind == "int32":
        raw &= 0xFFFFFFFF
        return raw - (1 << 32) if raw >= 1 << 31 else raw
    if kind == "uint32":
        return raw & 0xFFFFFFFF
    return raw  # enum: the number, unknown values kept


def decode(schema, data, depth=0):
    """The dict of a message's bytes by its schema; unknown fields are skipped.

    Raises DecodeError on a truncated or malformed encoding, a known field with
    the wrong wire type, field number 0 or nesting deeper than MAX_DEPTH.
    """
    if depth > MAX_DEPTH:
        raise DecodeError("nesting too deep")
    data = bytes(data)
    by_number = {}
    for name, spec in schema.items():
        by_number[spec[0]] = (name,) + _field_spec(spec)
    message = {}
    pos = 0
    while pos < len(data):
        key, pos = decode_varint(data, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise DecodeError("field number 0")
        if wire == WIRE_VARINT:
            raw, pos = decode_varint(data, pos)
            payload = None
        elif wire == WIRE_LEN:
            length, pos = decode_varint(data, pos)
            if length > len(data) - pos:
                raise DecodeError("length past the end")
            payload = data[pos:pos + length]
            pos += length
        elif wire == WIRE_FIXED64:
            if pos + 8 > len(data):
                raise DecodeError("truncated fixed64")
            pos += 8
            payload = raw = None
        elif wire == WIRE_FIXED32:
            if pos + 4 > len(data):
                raise DecodeError("truncated fixed32")
            pos += 4
            payload = raw = None
        else:
            raise DecodeError("wire type %d" % wire)
        if number not in by_number:
            continue
        name, _, kind, sub, flags = by_number[number]
        want = WIRE_LEN if kind in ("bytes", "string", "message") else WIRE_VARINT
        if wire != want:
            raise DecodeError("field %s: wire type %d" % (name, wire))
        if kind == "bytes":
            value = payload
        elif kind == "string":
            try:
                value = payload.decode("utf-8")
            except UnicodeDecodeError as e:
                raise DecodeError("field %s: not UTF-8" % name) from e
        elif kind == "message":
            value = decode(sub, payload, depth + 1)
        else:
            value = _scalar(kind, raw)
        if "repeated" in flags:
            message.setdefault(name, []).append(value)
        else:
            message[name] = value  # the last one wins, as the encoding says
    return message
