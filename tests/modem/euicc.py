"""An eUICC for the modem emulator, written from the specifications.

The card answers APDUs (ETSI TS 102 221 / ISO 7816-4: MANAGE CHANNEL,
SELECT by AID, GET RESPONSE, status words) and carries an ISD-R (GSMA
SGP.22) that takes ES10 commands in STORE DATA blocks: ES10a
GetEuiccConfiguredAddresses, ES10b ListNotification,
RetrieveNotificationsList, RemoveNotificationFromList, ES10c GetEID,
GetProfilesInfo, EnableProfile, DisableProfile, DeleteProfile, SetNickname.
Answers longer than one response come in pieces with SW 61xx.

Profiles come from a JSON configuration (see DEFAULT_CONFIG and
tests/modem/README.md). Hostile modes corrupt the ES10 answers.

Standard library only.
"""
import copy

import tlv

ISDR_AID = bytes.fromhex("A0000005591010FFFFFFFF8900000100")
ISDP_AID_BASE = "A0000005591010FFFFFFFF890000"

# ES10 request tags (SGP.22 RSPDefinitions).
GET_EID = 0xBF3E
GET_PROFILES_INFO = 0xBF2D
ENABLE_PROFILE = 0xBF31
DISABLE_PROFILE = 0xBF32
DELETE_PROFILE = 0xBF33
SET_NICKNAME = 0xBF29
GET_CONFIGURED_ADDRESSES = 0xBF3C
LIST_NOTIFICATION = 0xBF28
RETRIEVE_NOTIFICATIONS = 0xBF2B
REMOVE_NOTIFICATION = 0xBF30

# Tags inside the requests and answers.
ICCID = 0x5A
ISDP_AID = 0x4F
TAG_LIST = 0x5C
PROFILE_INFO = 0xE3
PROFILE_STATE = 0x9F70
NICKNAME = 0x90
PROVIDER = 0x91
PROFILE_NAME = 0x92
PROFILE_CLASS = 0x95
PROFILE_OWNER = 0xB7
POLICY_RULES = 0x99
NOTIFICATION_METADATA = 0xBF2F
SIGNATURE = 0x5F37

# ProfileClass ::= INTEGER {test(0), provisioning(1), operational(2)}
CLASSES = {"test": 0, "provisioning": 1, "operational": 2}
# NotificationEvent ::= BIT STRING {notificationInstall(0),
# notificationLocalEnable(1), notificationLocalDisable(2),
# notificationLocalDelete(3)}: DER content, unused-bit count first.
EVENTS = {"install": b"\x07\x80", "enable": b"\x06\x40", "disable": b"\x05\x20", "delete": b"\x04\x10"}
# ProfilePolicyRules ::= BIT STRING {pprUpdateControl(0), ppr1(1), ppr2(2)}:
# ppr1 forbids disabling, ppr2 forbids deleting. Bit n is 0x80 >> n.
POLICY_BITS = {"no-disable": 1, "no-delete": 2}

# Result codes (SGP.22 EnableProfileResponse and the others).
OK = 0
NOT_FOUND = 1
WRONG_STATE = 2
DISALLOWED_BY_POLICY = 3
UNDEFINED_ERROR = 127

# Status words (ETSI TS 102 221 10.2).
SW_OK = b"\x90\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_CHANNEL_NOT_SUPPORTED = b"\x68\x81"
SW_CONDITIONS = b"\x69\x85"
SW_WRONG_DATA = b"\x6A\x80"
SW_NO_CHANNEL = b"\x6A\x81"
SW_NOT_FOUND = b"\x6A\x82"
SW_WRONG_P1P2 = b"\x6A\x86"
SW_INS = b"\x6D\x00"
SW_CLA = b"\x6E\x00"

HOSTILE = ("malformed", "lying-length", "endless-chain")

DEFAULT_CONFIG = {
    "eid": "89049032123451234512345678901235",
    "default_dp_address": "smdp.example.com",
    "root_ds_address": "lpa.ds.gsma.com",
    "profiles": [
        {"iccid": "89490200001234567890", "mcc": "262", "mnc": "01", "operator": "Telekom.de",
         "operator_short": "TDG", "provider": "Telekom", "name": "Telekom IoT",
         "imsi": "262011234567890", "state": "enabled"},
        {"iccid": "8944110068256270054", "mcc": "234", "mnc": "15", "operator": "Vodafone UK",
         "operator_short": "voda UK", "provider": "Vodafone", "name": "Vodafone Global IoT",
         "imsi": "234159876543210", "state": "disabled", "nickname": "backup"},
    ],
}


def named_bits(numbers):
    """The DER content of a BIT STRING with named bits set (X.690 11.2.2:
    trailing zero bits left out, the count of unused bits first)."""
    numbers = list(numbers)
    value = bytearray(max(numbers) // 8 + 1)
    for n in numbers:
        value[n // 8] |= 0x80 >> (n % 8)
    return bytes([7 - max(numbers) % 8]) + bytes(value)


class Profile:
    """One profile on the card: its identity, its operator and its state."""

    def __init__(self, conf, index):
        self.iccid = conf["iccid"]
        self.isdp_aid = bytes.fromhex(conf.get("isdp_aid", ISDP_AID_BASE + "%02X00" % (0x10 + index)))
        self.state = conf.get("state", "disabled")
        self.nickname = conf.get("nickname", "")
        self.provider = conf.get("provider", "")
        self.name = conf.get("name", "")
        self.pclass = conf.get("class", "operational")
        self.mcc = conf.get("mcc", "001")
        self.mnc = conf.get("mnc", "01")
        self.operator = conf.get("operator", self.provider)
        self.operator_short = conf.get("operator_short", self.operator)
        self.imsi = conf.get("imsi", (self.mcc + self.mnc + "0000000000")[:15])
        self.notification_address = conf.get("notification_address", "")
        self.policy = set(conf.get("policy", []))
        # Whether the profile's operator has a network in reach here: the
        # module registers with it after a card reset only when it does.
        self.coverage = bool(conf.get("coverage", True))

    def fields(self, explicit_class=False):
        """The ProfileInfo fields as (tag, value) in ASN.1 order; the
        DEFAULT class (operational) is left out as DER says unless
        explicit_class, and so are empty optional texts."""
        out = [(ICCID, tlv.iccid_bytes(self.iccid)), (ISDP_AID, self.isdp_aid),
               (PROFILE_STATE, tlv.integer_bytes(1 if self.state == "enabled" else 0))]
        for tag, text in ((NICKNAME, self.nickname), (PROVIDER, self.provider), (PROFILE_NAME, self.name)):
            if text:
                out.append((tag, text.encode("utf-8")))
        if self.pclass != "operational" or explicit_class:
            out.append((PROFILE_CLASS, tlv.integer_bytes(CLASSES[self.pclass])))
        out.append((PROFILE_OWNER, tlv.encode(0x80, tlv.plmn_bytes(self.mcc, self.mnc))))
        if self.policy:
            out.append((POLICY_RULES, named_bits(POLICY_BITS[rule] for rule in self.policy)))
        return out

    def state_dict(self):
        """The profile as the tests read it."""
        return {"iccid": self.iccid, "isdp_aid": self.isdp_aid.hex().upper(), "state": self.state,
                "nickname": self.nickname, "provider": self.provider, "name": self.name,
                "class": self.pclass, "mcc": self.mcc, "mnc": self.mnc, "operator": self.operator,
                "policy": sorted(self.policy), "coverage": self.coverage}


class Channel:
    """A logical channel: what is selected on it, the STORE DATA blocks
    received so far, and the rest of an answer waiting for GET RESPONSE."""

    def __init__(self):
        self.selected = None
        self.blocks = bytearray()
        self.next_block = 0
        self.pending = b""
        self.endless = False


class Euicc:
    """The card: channels, the ISD-R's profiles and notifications."""

    def __init__(self, config=None, response_size=256, max_channels=3, hostile=None,
                 hostile_tag=None, chain_without_data=False, max_block=255, has_isdr=True):
        config = copy.deepcopy(config or DEFAULT_CONFIG)
        self.eid = config["eid"]
        self.default_dp_address = config.get("default_dp_address", "")
        self.root_ds_address = config.get("root_ds_address", "lpa.ds.gsma.com")
        self.profiles = [Profile(p, i) for i, p in enumerate(config.get("profiles", []))]
        for p in self.profiles:
            p.notification_address = p.notification_address or self.default_dp_address or "smdp.example.com"
        self.notifications = [dict(n) for n in config.get("notifications", [])]
        self.next_seq = max([n["seq"] for n in self.notifications] + [0]) + 1
        self.explicit_class = bool(config.get("explicit_default_class", False))
        self.response_size = max(1, min(256, response_size))
        self.max_block = max_block
        self.has_isdr = has_isdr
        self.max_channels = max_channels
        self.hostile = hostile
        self.hostile_tag = hostile_tag
        self.chain_without_data = chain_without_data
        self.channels = {0: Channel()}
        self.refresh_requested = False
        self.resets = 0
        self.es10_count = 0

    # ---- the profiles' rules (SGP.22 ES10c) ----

    def find(self, iccid=None, aid=None):
        """The profile with this ICCID or ISD-P AID, or None."""
        for p in self.profiles:
            if (iccid is not None and p.iccid == iccid) or (aid is not None and p.isdp_aid == aid):
                return p
        return None

    def enabled(self):
        """The enabled profile, or None."""
        for p in self.profiles:
            if p.state == "enabled":
                return p
        return None

    def notify(self, event, profile):
        """Appends a notification for the profile's operator, with the next sequence number."""
        self.notifications.append({"seq": self.next_seq, "event": event, "iccid": profile.iccid,
                                   "address": profile.notification_address})
        self.next_seq += 1

    def enable(self, profile, refresh):
        """Enables profile (the enabled one is disabled first); returns the result code."""
        if profile is None:
            return NOT_FOUND
        if profile.state == "enabled":
            return WRONG_STATE
        current = self.enabled()
        if current is not None:
            if "no-disable" in current.policy:
                return DISALLOWED_BY_POLICY
            current.state = "disabled"
            self.notify("disable", current)
        profile.state = "enabled"
        self.notify("enable", profile)
        self.refresh_requested = self.refresh_requested or refresh
        return OK

    def disable(self, profile, refresh):
        """Disables profile; returns the result code."""
        if profile is None:
            return NOT_FOUND
        if profile.state != "enabled":
            return WRONG_STATE
        if "no-disable" in profile.policy:
            return DISALLOWED_BY_POLICY
        profile.state = "disabled"
        self.notify("disable", profile)
        self.refresh_requested = self.refresh_requested or refresh
        return OK

    def delete(self, profile):
        """Deletes profile if it is disabled and its rules allow; returns the result code."""
        if profile is None:
            return NOT_FOUND
        if profile.state == "enabled":
            return WRONG_STATE
        if "no-delete" in profile.policy:
            return DISALLOWED_BY_POLICY
        self.profiles.remove(profile)
        self.notify("delete", profile)
        return OK

    # ---- ES10 requests ----

    def es10(self, request):
        """Answers one whole ES10 request (bytes); returns the answer's bytes."""
        self.es10_count += 1
        try:
            tag, value = tlv.decode_whole(request)
            handler = self.HANDLERS.get(tag)
            if handler is None:
                return None
            answer = handler(self, value)
        except (tlv.TlvError, KeyError, ValueError, IndexError):
            return None
        return self.spoil(tag, answer)

    def get_eid(self, value):
        """GetEuiccDataRequest (BF3E): tagList must name the EID (5A)."""
        tags = tlv.parse_tag_list(tlv.find(tlv.decode_all(value), TAG_LIST) or b"")
        if ICCID not in tags:
            raise ValueError("GetEID without 5A in its tag list")
        return tlv.encode(GET_EID, tlv.encode(0x5A, bytes.fromhex(self.eid)))

    def get_profiles_info(self, value):
        """ProfileInfoListRequest (BF2D): optional searchCriteria [0] (ISD-P AID,
        ICCID or class) and tagList; answers profileInfoListOk [0]."""
        items = tlv.decode_all(value)
        wanted = self.profiles
        criteria = tlv.find(items, 0xA0)
        if criteria is not None:
            ctag, cval = tlv.decode_whole(criteria)
            if ctag == ICCID:
                wanted = [p for p in wanted if tlv.iccid_bytes(p.iccid) == cval]
            elif ctag == ISDP_AID:
                wanted = [p for p in wanted if p.isdp_aid == cval]
            elif ctag == PROFILE_CLASS:
                wanted = [p for p in wanted if CLASSES[p.pclass] == tlv.integer_value(cval)]
            else:
                return tlv.encode(GET_PROFILES_INFO, tlv.encode(0x81, tlv.integer_bytes(1)))
        tag_list = tlv.find(items, TAG_LIST)
        tags = tlv.parse_tag_list(tag_list) if tag_list is not None else None
        infos = []
        for p in wanted:
            fields = [tlv.encode(t, v) for t, v in p.fields(self.explicit_class) if tags is None or t in tags]
            infos.append(tlv.encode(PROFILE_INFO, fields))
        return tlv.encode(GET_PROFILES_INFO, tlv.encode(0xA0, infos))

    def identified(self, value):
        """The profile a profileIdentifier (ICCID 5A or ISD-P AID 4F) names."""
        tag, ident = tlv.decode_whole(value)
        if tag == ICCID:
            return self.find(iccid=tlv.iccid_text(ident))
        if tag == ISDP_AID:
            return self.find(aid=ident)
        raise ValueError("profileIdentifier %X" % tag)

    def switch(self, value, enable):
        """EnableProfileRequest (BF31) / DisableProfileRequest (BF32):
        profileIdentifier [0] CHOICE, refreshFlag [1] BOOLEAN."""
        items = tlv.decode_all(value)
        ident, refresh = tlv.find(items, 0xA0), tlv.find(items, 0x81)
        if ident is None or refresh is None or len(refresh) != 1:
            raise ValueError("EnableProfile/DisableProfile without its fields")
        profile = self.identified(ident)
        result = self.enable(profile, refresh[0] != 0) if enable else self.disable(profile, refresh[0] != 0)
        return tlv.encode(ENABLE_PROFILE if enable else DISABLE_PROFILE, tlv.encode(0x80, tlv.integer_bytes(result)))

    def enable_profile(self, value):
        """EnableProfileRequest (BF31)."""
        return self.switch(value, True)

    def disable_profile(self, value):
        """DisableProfileRequest (BF32)."""
        return self.switch(value, False)

    def delete_profile(self, value):
        """DeleteProfileRequest (BF33): a CHOICE of ISD-P AID or ICCID."""
        result = self.delete(self.identified(value))
        return tlv.encode(DELETE_PROFILE, tlv.encode(0x80, tlv.integer_bytes(result)))

    def set_nickname(self, value):
        """SetNicknameRequest (BF29): iccid, profileNickname [16] (at most 64 bytes)."""
        items = tlv.decode_all(value)
        iccid, nickname = tlv.find(items, ICCID), tlv.find(items, NICKNAME)
        if iccid is None or nickname is None or len(nickname) > 64:
            result = UNDEFINED_ERROR
        else:
            profile = self.find(iccid=tlv.iccid_text(iccid))
            result = NOT_FOUND if profile is None else OK
            if profile is not None:
                profile.nickname = nickname.decode("utf-8")
        return tlv.encode(SET_NICKNAME, tlv.encode(0x80, tlv.integer_bytes(result)))

    def configured_addresses(self, value):
        """EuiccConfiguredAddressesRequest (BF3C): defaultDpAddress [0] (if
        set), rootDsAddress [1]."""
        fields = []
        if self.default_dp_address:
            fields.append(tlv.encode(0x80, self.default_dp_address.encode()))
        fields.append(tlv.encode(0x81, self.root_ds_address.encode()))
        return tlv.encode(GET_CONFIGURED_ADDRESSES, fields)

    def metadata(self, n):
        """NotificationMetadata (BF2F) of notification n."""
        return tlv.encode(NOTIFICATION_METADATA, [
            tlv.encode(0x80, tlv.integer_bytes(n["seq"])), tlv.encode(0x81, EVENTS[n["event"]]),
            tlv.encode(0x0C, n["address"].encode()), tlv.encode(ICCID, tlv.iccid_bytes(n["iccid"]))])

    def matching(self, event_bits):
        """The notifications whose event is among the NotificationEvent bits given."""
        if event_bits is None:
            return list(self.notifications)
        if len(event_bits) < 2:
            raise ValueError("NotificationEvent")
        mask = event_bits[1]
        return [n for n in self.notifications if EVENTS[n["event"]][1] & mask]

    def list_notification(self, value):
        """ListNotificationRequest (BF28): optional event filter [1]; answers
        notificationMetadataList [0]."""
        found = self.matching(tlv.find(tlv.decode_all(value), 0x81))
        return tlv.encode(LIST_NOTIFICATION, tlv.encode(0xA0, [self.metadata(n) for n in found]))

    def signed(self, n):
        """OtherSignedNotification: the metadata, a signature and two
        certificates (this card's stand-ins: fixed bytes, not real keys)."""
        return tlv.encode(0x30, [self.metadata(n), tlv.encode(SIGNATURE, bytes(64)),
                                 tlv.encode(0x30, tlv.encode(0x02, b"\x01")),
                                 tlv.encode(0x30, tlv.encode(0x02, b"\x02"))])

    def retrieve_notifications(self, value):
        """RetrieveNotificationsListRequest (BF2B): optional searchCriteria [0]
        (seqNumber [0] or event [1]); answers notificationList [0] or
        noResultAvailable (1) in [1]."""
        criteria = tlv.find(tlv.decode_all(value), 0xA0)
        found = list(self.notifications)
        if criteria is not None:
            ctag, cval = tlv.decode_whole(criteria)
            if ctag == 0x80:
                found = [n for n in found if n["seq"] == tlv.integer_value(cval)]
            elif ctag == 0x81:
                found = self.matching(cval)
            else:
                raise ValueError("searchCriteria %X" % ctag)
        if not found:
            return tlv.encode(RETRIEVE_NOTIFICATIONS, tlv.encode(0x81, tlv.integer_bytes(1)))
        return tlv.encode(RETRIEVE_NOTIFICATIONS, tlv.encode(0xA0, [self.signed(n) for n in found]))

    def remove_notification(self, value):
        """NotificationSentRequest (BF30): seqNumber [0]; ok (0) or nothingToDelete (1)."""
        seq = tlv.integer_value(tlv.find(tlv.decode_all(value), 0x80))
        before = len(self.notifications)
        self.notifications = [n for n in self.notifications if n["seq"] != seq]
        result = OK if len(self.notifications) < before else 1
        return tlv.encode(REMOVE_NOTIFICATION, tlv.encode(0x80, tlv.integer_bytes(result)))

    HANDLERS = {
        GET_EID: get_eid, GET_PROFILES_INFO: get_profiles_info, ENABLE_PROFILE: enable_profile,
        DISABLE_PROFILE: disable_profile, DELETE_PROFILE: delete_profile, SET_NICKNAME: set_nickname,
        GET_CONFIGURED_ADDRESSES: configured_addresses, LIST_NOTIFICATION: list_notification,
        RETRIEVE_NOTIFICATIONS: retrieve_notifications, REMOVE_NOTIFICATION: remove_notification,
    }

    def spoil(self, tag, answer):
        """The answer as a hostile card sends it (if this one is hostile to tag)."""
        if self.hostile not in ("malformed", "lying-length") or self.hostile_tag not in (None, tag):
            return answer
        head = tlv.tag_bytes(tag)
        _, value = tlv.decode_whole(answer)
        if self.hostile == "malformed":
            # The outer length is right, but the last inner element overruns it.
            value = value[:-1]
            return head + tlv.length_bytes(len(value)) + value
        # The outer length claims 100 bytes more than come.
        return head + tlv.length_bytes(len(value) + 100) + value

    # ---- APDUs (ETSI TS 102 221, ISO 7816-4) ----

    def open_channel(self):
        """Opens the lowest free logical channel; returns its number or None."""
        for ch in range(1, self.max_channels + 1):
            if ch not in self.channels:
                self.channels[ch] = Channel()
                return ch
        return None

    def close_channel(self, ch):
        """Closes logical channel ch; returns whether it was open."""
        if ch == 0 or ch not in self.channels:
            return False
        del self.channels[ch]
        return True

    def select_isdr(self, ch):
        """Selects the ISD-R on channel ch (as +CCHO does after opening it)."""
        self.channels[ch].selected = ISDR_AID

    def reset(self):
        """A card reset: every logical channel closes and nothing stays selected."""
        self.channels = {0: Channel()}
        self.refresh_requested = False
        self.resets += 1

    def respond(self, chan, data, le, tag=None):
        """Sends data (the answer to request tag, if an ES10 one), the first
        piece now and the rest through GET RESPONSE (61xx). A command without
        Le (case 3) gets no data at once: 61xx says how much is waiting."""
        chan.endless = (tag is not None and self.hostile == "endless-chain"
                        and self.hostile_tag in (None, tag))
        if chan.endless:
            # Whatever comes, there is always more.
            chan.pending = b"\xA5" * 4096
            return data[:self.response_size] + b"\x61\x00"
        first = 0 if (self.chain_without_data or le is None) and data else min(le or 256, self.response_size)
        if len(data) <= first:
            return data + SW_OK
        chan.pending = data[first:]
        return data[:first] + bytes([0x61, min(len(chan.pending), 256) & 0xFF])

    def get_response(self, chan, le):
        """GET RESPONSE: the next piece of the pending answer."""
        if not chan.pending:
            return SW_CONDITIONS
        size = min(le or 256, self.response_size)
        piece, chan.pending = chan.pending[:size], chan.pending[size:]
        if chan.endless:
            chan.pending = b"\xA5" * 4096
        if chan.pending:
            return piece + bytes([0x61, min(len(chan.pending), 256) & 0xFF])
        return piece + SW_OK

    def store_data(self, chan, p1, p2, data, le):
        """STORE DATA (INS E2): blocks numbered from 0 in P2, P1 0x11 for more,
        0x91 for the last; the last block's answer is the ES10 answer."""
        if chan.selected != ISDR_AID:
            return SW_INS
        if p1 not in (0x11, 0x91):
            return SW_WRONG_P1P2
        if len(data) > self.max_block:
            chan.blocks, chan.next_block = bytearray(), 0
            return SW_WRONG_LENGTH
        if p2 == 0:
            chan.blocks = bytearray()
        elif p2 != chan.next_block:
            chan.blocks, chan.next_block = bytearray(), 0
            return SW_WRONG_P1P2
        chan.blocks += data
        chan.next_block = p2 + 1
        if p1 == 0x11:
            return SW_OK
        request = bytes(chan.blocks)
        chan.blocks, chan.next_block = bytearray(), 0
        answer = self.es10(request)
        if answer is None:
            return SW_WRONG_DATA
        return self.respond(chan, answer, le, tlv.read_tag(request, 0)[0])

    def apdu(self, ch, command):
        """Answers one command APDU on logical channel ch; returns data and SW."""
        if len(command) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = command[:4]
        body = command[4:]
        data, le = b"", None
        if len(body) == 1:
            le = body[0]
        elif len(body) > 1:
            lc = body[0]
            if len(body) not in (1 + lc, 2 + lc) or lc == 0:
                return SW_WRONG_LENGTH
            data = body[1:1 + lc]
            le = body[1 + lc] if len(body) == 2 + lc else None
        if ch not in self.channels:
            return SW_CHANNEL_NOT_SUPPORTED
        chan = self.channels[ch]
        if ins != 0xC0:
            chan.pending = b""
        if ins == 0xE2:
            if not cla & 0x80:
                return SW_CLA
            return self.store_data(chan, p1, p2, data, le)
        if cla & 0x80:
            return SW_CLA
        if ins == 0x70:
            if p1 == 0x00:
                opened = self.open_channel()
                return SW_NO_CHANNEL if opened is None else bytes([opened]) + SW_OK
            if p1 == 0x80:
                return SW_OK if self.close_channel(p2) else SW_WRONG_P1P2
            return SW_WRONG_P1P2
        if ins == 0xA4:
            if p1 != 0x04:
                return SW_WRONG_P1P2
            if data != ISDR_AID or not self.has_isdr:
                return SW_NOT_FOUND
            chan.selected = ISDR_AID
            if p2 & 0x0C == 0x0C:
                return SW_OK
            return self.respond(chan, tlv.encode(0x6F, tlv.encode(0x84, ISDR_AID)), le)
        if ins == 0xC0:
            return self.get_response(chan, le)
        return SW_INS

    @staticmethod
    def channel_of(cla):
        """The logical channel a class byte names (ETSI TS 102 221 10.1.1)."""
        if cla & 0x40:
            return 4 + (cla & 0x0F)
        return cla & 0x03

    def state(self):
        """The card's state as the tests read it."""
        enabled = self.enabled()
        return {"eid": self.eid, "channels": sorted(c for c in self.channels if c),
                "enabled": enabled.iccid if enabled else None,
                "profiles": [p.state_dict() for p in self.profiles],
                "notifications": [dict(n) for n in self.notifications],
                "resets": self.resets, "es10_commands": self.es10_count}
