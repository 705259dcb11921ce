#!/usr/bin/python3
"""The messages of ESP-IDF unified provisioning, as schemas for protobuf_codec.

Field numbers and enum values are those of the documented .proto definitions
of ESP-IDF: protocomm's constants.proto, session.proto, sec0.proto,
sec1.proto, sec2.proto and the Wi-Fi provisioning's wifi_constants.proto,
wifi_config.proto, wifi_scan.proto, wifi_ctrl.proto. Names follow the
.proto files so that the documentation can be read next to this file.
"""
import protobuf_codec as pb

# constants.proto: Status
SUCCESS, INVALID_SEC_SCHEME, INVALID_PROTO, TOO_MANY_SESSIONS = 0, 1, 2, 3
INVALID_ARGUMENT, INTERNAL_ERROR, CRYPTO_ERROR, INVALID_SESSION = 4, 5, 6, 7

# session.proto / sec0.proto / sec1.proto / sec2.proto
S0_SESSION_COMMAND, S0_SESSION_RESPONSE = 0, 1
SESSION_COMMAND0, SESSION_RESPONSE0, SESSION_COMMAND1, SESSION_RESPONSE1 = 0, 1, 2, 3

S0_SESSION_CMD = {}
S0_SESSION_RESP = {"status": (1, "enum")}
SEC0_PAYLOAD = {"msg": (1, "enum"), "sc": (20, "message", S0_SESSION_CMD),
                "sr": (21, "message", S0_SESSION_RESP)}

SEC1_CMD0 = {"client_pubkey": (1, "bytes")}
SEC1_RESP0 = {"status": (1, "enum"), "device_pubkey": (2, "bytes"), "device_random": (3, "bytes")}
SEC1_CMD1 = {"client_verify_data": (2, "bytes")}
SEC1_RESP1 = {"status": (1, "enum"), "device_verify_data": (3, "bytes")}
SEC1_PAYLOAD = {"msg": (1, "enum"), "sc0": (20, "message", SEC1_CMD0),
                "sr0": (21, "message", SEC1_RESP0), "sc1": (22, "message", SEC1_CMD1),
                "sr1": (23, "message", SEC1_RESP1)}

SEC2_CMD0 = {"client_username": (1, "bytes"), "client_pubkey": (2, "bytes")}
SEC2_RESP0 = {"status": (1, "enum"), "device_pubkey": (2, "bytes"), "device_salt": (3, "bytes")}
SEC2_CMD1 = {"client_proof": (1, "bytes")}
SEC2_RESP1 = {"status": (1, "enum"), "device_proof": (2, "bytes"), "device_nonce": (3, "bytes")}
SEC2_PAYLOAD = {"msg": (1, "enum"), "sc0": (20, "message", SEC2_CMD0),
                "sr0": (21, "message", SEC2_RESP0), "sc1": (22, "message", SEC2_CMD1),
                "sr1": (23, "message", SEC2_RESP1)}

SESSION_DATA = {"sec_ver": (2, "enum"), "sec0": (10, "message", SEC0_PAYLOAD),
                "sec1": (11, "message", SEC1_PAYLOAD), "sec2": (12, "message", SEC2_PAYLOAD)}

# wifi_constants.proto
CONNECTED, CONNECTING, DISCONNECTED, CONNECTION_FAILED = 0, 1, 2, 3
AUTH_ERROR, NETWORK_NOT_FOUND = 0, 1
AUTH_MODES = {"Open": 0, "WEP": 1, "WPA_PSK": 2, "WPA2_PSK": 3, "WPA_WPA2_PSK": 4,
              "WPA2_ENTERPRISE": 5, "WPA3_PSK": 6, "WPA2_WPA3_PSK": 7}
WIFI_CONNECTED_STATE = {"ip4_addr": (1, "string"), "auth_mode": (2, "enum"),
                        "ssid": (3, "bytes"), "bssid": (4, "bytes"), "channel": (5, "int32")}
WIFI_ATTEMPT_FAILED = {"attempts_remaining": (1, "uint32")}

# wifi_config.proto
TYPE_CMD_GET_STATUS, TYPE_RESP_GET_STATUS, TYPE_CMD_SET_CONFIG = 0, 1, 2
TYPE_RESP_SET_CONFIG, TYPE_CMD_APPLY_CONFIG, TYPE_RESP_APPLY_CONFIG = 3, 4, 5
RESP_GET_STATUS = {"status": (1, "enum"), "sta_state": (2, "enum"),
                   "fail_reason": (10, "enum", "oneof"),
                   "connected": (11, "message", WIFI_CONNECTED_STATE),
                   "attempt_failed": (12, "message", WIFI_ATTEMPT_FAILED)}
CMD_SET_CONFIG = {"ssid": (1, "bytes"), "passphrase": (2, "bytes"), "bssid": (3, "bytes"),
                  "channel": (4, "int32")}
STATUS_ONLY = {"status": (1, "enum")}
WIFI_CONFIG_PAYLOAD = {
    "msg": (1, "enum"),
    "cmd_get_status": (10, "message", {}),
    "resp_get_status": (11, "message", RESP_GET_STATUS),
    "cmd_set_config": (12, "message", CMD_SET_CONFIG),
    "resp_set_config": (13, "message", STATUS_ONLY),
    "cmd_apply_config": (14, "message", {}),
    "resp_apply_config": (15, "message", STATUS_ONLY),
}

# wifi_scan.proto
TYPE_CMD_SCAN_START, TYPE_RESP_SCAN_START, TYPE_CMD_SCAN_STATUS = 0, 1, 2
TYPE_RESP_SCAN_STATUS, TYPE_CMD_SCAN_RESULT, TYPE_RESP_SCAN_RESULT = 3, 4, 5
CMD_SCAN_START = {"blocking": (1, "bool"), "passive": (2, "bool"),
                  "group_channels": (3, "uint32"), "period_ms": (4, "uint32")}
RESP_SCAN_STATUS = {"scan_finished": (1, "bool"), "result_count": (2, "uint32")}
CMD_SCAN_RESULT = {"start_index": (1, "uint32"), "count": (2, "uint32")}
WIFI_SCAN_RESULT = {"ssid": (1, "bytes"), "channel": (2, "uint32"), "rssi": (3, "int32"),
                    "bssid": (4, "bytes"), "auth": (5, "enum")}
RESP_SCAN_RESULT = {"entries": (1, "message", WIFI_SCAN_RESULT, "repeated")}
WIFI_SCAN_PAYLOAD = {
    "msg": (1, "enum"),
    "status": (2, "enum"),
    "cmd_scan_start": (10, "message", CMD_SCAN_START),
    "resp_scan_start": (11, "message", {}),
    "cmd_scan_status": (12, "message", {}),
    "resp_scan_status": (13, "message", RESP_SCAN_STATUS),
    "cmd_scan_result": (14, "message", CMD_SCAN_RESULT),
    "resp_scan_result": (15, "message", RESP_SCAN_RESULT),
}

# wifi_ctrl.proto
TYPE_CTRL_RESERVED, TYPE_CMD_CTRL_RESET, TYPE_RESP_CTRL_RESET = 0, 1, 2
TYPE_CMD_CTRL_REPROV, TYPE_RESP_CTRL_REPROV = 3, 4
WIFI_CTRL_PAYLOAD = {
    "msg": (1, "enum"),
    "status": (2, "enum"),
    "cmd_ctrl_reset": (11, "message", {}),
    "resp_ctrl_reset": (12, "message", {}),
    "cmd_ctrl_reprov": (13, "message", {}),
    "resp_ctrl_reprov": (14, "message", {}),
}


def encode(schema, message):
    """The bytes of a message (see protobuf_codec.encode)."""
    return pb.encode(schema, message)


def decode(schema, data):
    """The dict of a message's bytes (see protobuf_codec.decode)."""
    return pb.decode(schema, data)
