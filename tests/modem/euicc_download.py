"""The virtual eUICC's side of a profile download (GSMA SGP.22 v2, 3.1.3 and
5.7): GetEUICCChallenge, GetEUICCInfo1, AuthenticateServer, PrepareDownload,
LoadBoundProfilePackage (the segments of 2.5.5, each its own STORE DATA
sequence) and CancelSession, added to euicc.Euicc's HANDLERS when this
module is imported.

The card checks what it can check without real keys: its challenge comes
back, the transaction is the one it authenticated, the package's segments
come in order, the ICCID is not on the card yet. Signatures are stand-ins
(test_signature), made and checked the same way by tests/modem/smdp_server.py.
A profile that installs appears in the card's list, disabled, with an
install notification for the SM-DP+.

Standard library only.
"""
import hashlib
import os

import euicc
import tlv

GET_CHALLENGE = 0xBF2E
GET_INFO1 = 0xBF20
AUTHENTICATE_SERVER = 0xBF38
PREPARE_DOWNLOAD = 0xBF21
BPP = 0xBF36
INIT_SECURE_CHANNEL = 0xBF23
STORE_METADATA = 0xBF25
INSTALL_RESULT = 0xBF37
INSTALL_RESULT_DATA = 0xBF27
CANCEL_SESSION = 0xBF41
SIGNATURE = 0x5F37
OTPK = 0x5F49

# The CI key identifier both sides name (a SubjectKeyIdentifier of 20 bytes).
CI_PKID = bytes.fromhex("F54172BDF98A95D65CBEB88A38A1C11D800A85C3")
# The SM-DP+'s OID in notifications (a test arc).
SMDP_OID = bytes.fromhex("2B0601040182D63E")

# AuthenticateErrorCode, DownloadErrorCode, ErrorReason, BppCommandId (SGP.22).
INVALID_SIGNATURE = 2
NO_SESSION = 4
CHALLENGE_MISMATCH = 6
INVALID_TRANSACTION = 5
UNDEFINED = 127
BPP_INIT = 0
BPP_METADATA = 2
BPP_ELEMENTS = 5
REASON_INCORRECT_INPUT = 1
REASON_ICCID_EXISTS = 9


def test_signature(role, data):
    """A stand-in for an ECDSA signature of data by role ("smdp", "euicc"):
    64 bytes both test sides compute alike."""
    digest = hashlib.sha256(role.encode() + b"|" + data).digest()
    return digest + hashlib.sha256(digest).digest()


def certificate(name):
    """A stand-in certificate: a SEQUENCE that names its holder."""
    return tlv.encode(0x30, tlv.encode(0x02, b"\x01") + tlv.encode(0x0C, name.encode()))


class Download:
    """One download session on the card."""

    def __init__(self):
        self.challenge = None
        self.transaction = None
        self.server_address = ""
        self.authenticated = False
        self.prepared = False
        self.segments = 0       # BPP segments taken so far
        self.a1_left = None     # bytes of the 88s still to come
        self.a3_left = None     # bytes of the 86s still to come
        self.metadata = b""
        self.elements = 0


def state(card):
    """The card's download session (made on first use)."""
    if not hasattr(card, "download"):
        card.download = Download()
    return card.download


def get_challenge(card, value):
    """GetEuiccChallengeRequest: a fresh challenge, remembered."""
    dl = state(card)
    dl.challenge = os.urandom(16)
    return tlv.encode(GET_CHALLENGE, tlv.encode(0x80, dl.challenge))


def get_info1(card, value):
    """GetEuiccInfo1Request: SGP.22 2.2.2, the one CI key for both uses."""
    pkid = tlv.encode(0x04, CI_PKID)
    return tlv.encode(GET_INFO1, tlv.encode(0x82, b"\x02\x02\x02") + tlv.encode(0xA9, pkid) + tlv.encode(0xAA, pkid))


def authenticate_error(transaction, code):
    """authenticateResponseError."""
    return tlv.encode(AUTHENTICATE_SERVER, tlv.encode(0xA1, tlv.encode(0x80, transaction)
                                                      + tlv.encode(0x02, tlv.integer_bytes(code))))


def authenticate_server(card, value):
    """AuthenticateServerRequest: serverSigned1 must carry this card's
    challenge and the SM-DP+'s signature over it; ctxParams1 is signed back."""
    dl = state(card)
    items = tlv.decode_all(value)
    signed1 = tlv.find(items, 0x30)
    signature1 = tlv.find(items, SIGNATURE)
    ctx = tlv.find(items, 0xA0)
    if signed1 is None or signature1 is None or ctx is None or tlv.find(items, 0x04) != CI_PKID:
        raise ValueError("AuthenticateServer without its fields")
    fields = tlv.decode_all(signed1)
    transaction = tlv.find(fields, 0x80)
    if dl.challenge is None:
        return authenticate_error(transaction, NO_SESSION)
    if tlv.find(fields, 0x81) != dl.challenge:
        return authenticate_error(transaction, CHALLENGE_MISMATCH)
    if signature1 != test_signature("smdp", tlv.encode(0x30, signed1)):
        return authenticate_error(transaction, INVALID_SIGNATURE)
    dl.transaction = transaction
    dl.server_address = tlv.find(fields, 0x83).decode()
    dl.challenge = None
    dl.authenticated = True
    dl.prepared = False
    # euiccSigned1: transactionId, serverAddress, serverChallenge, euiccInfo2, ctxParams1
    info2 = tlv.encode(0xBF22, tlv.encode(0x81, b"\x02\x02\x02") + tlv.encode(0x82, b"\x04\x02\x00"))
    signed = tlv.encode(0x30, tlv.encode(0x80, transaction) + tlv.encode(0x83, dl.server_address.encode())
                        + tlv.encode(0x84, tlv.find(fields, 0x84)) + info2 + tlv.encode(0xA0, ctx))
    ok = signed + tlv.encode(SIGNATURE, test_signature("euicc", signed)) + certificate("eUICC " + card.eid) \
        + certificate("test EUM")
    return tlv.encode(AUTHENTICATE_SERVER, tlv.encode(0xA0, ok))


def download_error(transaction, code):
    """downloadResponseError."""
    return tlv.encode(PREPARE_DOWNLOAD, tlv.encode(0xA1, tlv.encode(0x80, transaction or b"\x00")
                                                   + tlv.encode(0x02, tlv.integer_bytes(code))))


def prepare_download(card, value):
    """PrepareDownloadRequest: smdpSigned2 for the authenticated transaction,
    signed by the SM-DP+; hashCc is passed on as it is (the SM-DP+ checks it)."""
    dl = state(card)
    items = tlv.decode_all(value)
    signed2 = tlv.find(items, 0x30)
    fields = tlv.decode_all(signed2)
    transaction = tlv.find(fields, 0x80)
    if not dl.authenticated:
        return download_error(transaction, NO_SESSION)
    if transaction != dl.transaction:
        return download_error(transaction, INVALID_TRANSACTION)
    if tlv.find(items, SIGNATURE) != test_signature("smdp", tlv.encode(0x30, signed2)):
        return download_error(transaction, INVALID_SIGNATURE)
    cc_required = tlv.find(fields, 0x01) not in (None, b"\x00")
    hash_cc = tlv.find(items, 0x04)
    if cc_required != (hash_cc is not None):
        return download_error(transaction, UNDEFINED)
    signed = tlv.encode(0x80, transaction) + tlv.encode(OTPK, b"\x04" + os.urandom(64))
    if hash_cc is not None:
        signed += tlv.encode(0x04, hash_cc)
    signed = tlv.encode(0x30, signed)
    dl.prepared = True
    dl.segments = 0
    return tlv.encode(PREPARE_DOWNLOAD, tlv.encode(0xA0, signed + tlv.encode(SIGNATURE, test_signature("euicc", signed))))


def cancel_session(card, value):
    """CancelSessionRequest: ends the session of transactionId [0] for reason [1]."""
    dl = state(card)
    items = tlv.decode_all(value)
    transaction = tlv.find(items, 0x80)
    reason = tlv.integer_value(tlv.find(items, 0x81))
    if not dl.authenticated or transaction != dl.transaction:
        return tlv.encode(CANCEL_SESSION, tlv.encode(0x81, tlv.integer_bytes(INVALID_TRANSACTION)))
    card.download = Download()
    signed = tlv.encode(0x30, tlv.encode(0x80, transaction) + tlv.encode(0x06, SMDP_OID)
                        + tlv.encode(0x82, tlv.integer_bytes(reason)))
    card.cancelled_sessions = getattr(card, "cancelled_sessions", 0) + 1
    return tlv.encode(CANCEL_SESSION, tlv.encode(0xA0, signed + tlv.encode(SIGNATURE, test_signature("euicc", signed))))


def install_result(card, dl, error=None, iccid=None):
    """ProfileInstallationResult; the session ends with it."""
    seq = card.next_seq
    profile = card.find(iccid=iccid) if iccid else None
    meta = tlv.encode(0x80, tlv.integer_bytes(seq)) + tlv.encode(0x81, euicc.EVENTS["install"]) \
        + tlv.encode(0x0C, dl.server_address.encode())
    if iccid:
        meta += tlv.encode(euicc.ICCID, tlv.iccid_bytes(iccid))
    if error is None:
        final = tlv.encode(0xA0, tlv.encode(euicc.ISDP_AID, profile.isdp_aid) + tlv.encode(0x04, b""))
    else:
        final = tlv.encode(0xA1, tlv.encode(0x80, tlv.integer_bytes(error[0])) + tlv.encode(0x81, tlv.integer_bytes(error[1])))
    data = tlv.encode(INSTALL_RESULT_DATA, tlv.encode(0x80, dl.transaction or b"\x00")
                      + tlv.encode(euicc.NOTIFICATION_METADATA, meta)
                      + tlv.encode(0x06, SMDP_OID) + tlv.encode(0xA2, final))
    card.notifications.append({"seq": seq, "event": "install", "iccid": iccid or "", "address": dl.server_address})
    card.next_seq += 1
    card.download = Download()
    return tlv.encode(INSTALL_RESULT, data + tlv.encode(SIGNATURE, test_signature("euicc", data)))


def header_length(segment):
    """The length a constructed TLV's header (a segment alone) announces."""
    _, pos = tlv.read_tag(segment, 0)
    length, end = tlv.read_length(segment, pos)
    if end != len(segment):
        raise ValueError("a header segment with bytes after it")
    return length


def install(card, dl):
    """The package is complete: the profile from its metadata, disabled."""
    meta = tlv.decode_all(tlv.decode_whole(dl.metadata)[1])
    iccid = tlv.iccid_text(tlv.find(meta, euicc.ICCID))
    if card.find(iccid=iccid) is not None:
        return install_result(card, dl, (BPP_METADATA, REASON_ICCID_EXISTS), iccid)
    provider = (tlv.find(meta, euicc.PROVIDER) or b"").decode()
    conf = {"iccid": iccid, "provider": provider, "name": (tlv.find(meta, euicc.PROFILE_NAME) or b"").decode(),
            "state": "disabled", "operator": provider, "notification_address": dl.server_address}
    card.profiles.append(euicc.Profile(conf, len(card.profiles)))
    return install_result(card, dl, None, iccid)


def bpp_segment(card, segment):
    """One segment of LoadBoundProfilePackage (SGP.22 2.5.5): an empty
    answer until the last, which gets the ProfileInstallationResult."""
    dl = state(card)
    if not dl.prepared:
        return install_result(card, dl, (BPP_INIT, INVALID_TRANSACTION))
    n = dl.segments
    dl.segments += 1
    if n == 0:
        # the BF36 header and InitialiseSecureChannelRequest
        tag, pos = tlv.read_tag(segment, 0)
        _, pos = tlv.read_length(segment, pos)
        if tag != BPP:
            raise ValueError("a package that does not start with BF36")
        itag, ivalue = tlv.decode_whole(segment[pos:])
        if itag != INIT_SECURE_CHANNEL or tlv.find(tlv.decode_all(ivalue), 0x80) != dl.transaction:
            return install_result(card, dl, (BPP_INIT, INVALID_TRANSACTION))
        return b""
    tag, _ = tlv.read_tag(segment, 0)
    if n == 1 and tag == 0xA0:
        tlv.decode_whole(segment)
        return b""
    if dl.a1_left is None and tag == 0xA1:
        dl.a1_left = header_length(segment)
        return b""
    if dl.a1_left and tag == 0x88:
        dl.a1_left -= len(segment)
        dl.metadata += tlv.decode_whole(segment)[1]
        return b""
    if dl.a1_left == 0 and dl.a3_left is None and tag == 0xA2:
        tlv.decode_whole(segment)
        return b""
    if dl.a1_left == 0 and dl.a3_left is None and tag == 0xA3:
        dl.a3_left = header_length(segment)
        return b""
    if dl.a3_left and tag == 0x86:
        dl.a3_left -= len(segment)
        dl.elements += 1
        if dl.a3_left < 0:
            return install_result(card, dl, (BPP_ELEMENTS, REASON_INCORRECT_INPUT))
        return install(card, dl) if dl.a3_left == 0 else b""
    return install_result(card, dl, (BPP_ELEMENTS, REASON_INCORRECT_INPUT))


_plain_es10 = euicc.Euicc.es10


def es10(card, request):
    """Euicc.es10 with the package's segments, which are not whole ES10
    requests (a header alone, a bare 88 or 86), taken first."""
    dl = state(card)
    if request[:2] == b"\xBF\x36" or (dl.prepared and dl.segments > 0 and request[:1] in (b"\xA0", b"\xA1", b"\xA2", b"\xA3", b"\x86", b"\x88")):
        card.es10_count += 1
        try:
            return bpp_segment(card, request)
        except (tlv.TlvError, ValueError, IndexError, KeyError, AttributeError):
            return install_result(card, dl, (BPP_ELEMENTS, REASON_INCORRECT_INPUT))
    return _plain_es10(card, request)


euicc.Euicc.es10 = es10
euicc.Euicc.HANDLERS.update({
    GET_CHALLENGE: get_challenge, GET_INFO1: get_info1, AUTHENTICATE_SERVER: authenticate_server,
    PREPARE_DOWNLOAD: prepare_download, CANCEL_SESSION: cancel_session,
})
