/*
 * doorstep plugin SDK, ABI version 1.
 *
 * This is the only header a device plugin includes. A plugin is a shared
 * object that exports exactly one symbol, doorstep_plugin_v1(), returning a
 * constant descriptor (struct ds_plugin). The host hands the plugin a table
 * of services (struct ds_host) at init; the plugin reaches the host only
 * through that table and links no host symbol.
 *
 * Minimal plugin:
 *
 *     #include <doorstep/plugin.h>
 *     static const ds_host *host;
 *     static ds_status my_init(const ds_host *h) { host = h; return DS_OK; }
 *     static void my_fini(void) {}
 *     static ds_status my_open(ds_call *c, const char *locator, ds_device **out) {...}
 *     static void my_close(ds_device *d) {...}
 *     static ds_status my_info(ds_call *c, ds_device *d, ds_device_info *out) {...}
 *     static const ds_plugin desc = {
 *         .struct_size = sizeof desc,
 *         .abi_major = DS_PLUGIN_ABI_MAJOR, .abi_minor = DS_PLUGIN_ABI_MINOR,
 *         .id = "acme", .name = "ACME alarm", .vendor = "ACME Ltd",
 *         .version = "1.0.0", .text_domain = "doorstep-acme",
 *         .init = my_init, .fini = my_fini, .open = my_open,
 *         .close = my_close, .device_info = my_info,
 *     };
 *     DS_PLUGIN_EXPORT const ds_plugin *doorstep_plugin_v1(void) { return &desc; }
 *
 * Build it as a MODULE library with -fvisibility=hidden and
 * -Wl,--no-undefined, and sign the result with minisign (acme.so.minisig
 * beside acme.so) with the trusted comment "doorstep-plugin <id> <version>"
 * (minisign -t "doorstep-plugin acme 1.0.0"), or with doorstep's ds-sign,
 * which writes it from this descriptor: doorstep loads only plugins signed
 * with a key in its trust store, for this id and version (docs/signing.md).
 *
 * The vendor's guide (life cycle, threading, memory, errors, translation,
 * options, signing, testing with `doorstep plugin check`, and a complete
 * example plugin) is plugins/README.md in doorstep's sources.
 *
 * ABI stability rules (v1):
 *  - abi_major changes only when something existing changes meaning or
 *    layout. The host loads a plugin only when its abi_major equals the
 *    host's.
 *  - abi_minor grows when fields are appended to the end of a struct in this
 *    header. The host loads a plugin whose abi_minor is lower than or equal
 *    to its own, and refuses a newer one.
 *  - Structs only grow at the end. The host copies at most
 *    ds_plugin.struct_size bytes of the descriptor into a zeroed struct, so
 *    operations a plugin built against an older minor does not know about
 *    read as NULL ("not supported").
 *  - The host zeroes every output struct before it calls an operation, so a
 *    field a plugin does not fill reads as zero, which always means "not
 *    known". Lists are returned one item per call (an index argument), never
 *    as arrays, so that element sizes never matter.
 *  - What a new minor may add, and nothing else: operations and fields at
 *    the end of ds_plugin; services at the end of ds_host; fields at the end
 *    of the output structs the host passes to a plugin (ds_device_info and
 *    the other structs a plugin fills); new values of an enum and new bits of
 *    a flag set. Existing values are never renumbered, reused or given a new
 *    meaning, and DS_PLUGIN_MIN_SIZE never grows (no new mandatory field).
 *  - Unknown values are expected on both sides: the host treats a status it
 *    does not know as a failure ("unknown" in ds_status_str()) and ignores
 *    flag bits it does not know; a plugin treats an unknown enum value it is
 *    given as "other" and ignores unknown bits.
 *  - A plugin uses a ds_host service of a later minor only after checking
 *    host->abi_minor (or host->struct_size covers the field) and that the
 *    pointer is not NULL: an older host does not have it.
 *  - Structs that a plugin hands to the host by pointer and that the host
 *    reads (ds_option_desc, the descriptor's string lists) and input structs
 *    the host builds (ds_ble_advert, ds_option_value) never change layout
 *    within v1; new data for them comes through new operations.
 *  - A plugin sets abi_minor to the minor of the header it was built with
 *    (DS_PLUGIN_ABI_MINOR) and struct_size to sizeof(ds_plugin) of that
 *    header; rebuilding an unchanged plugin against a newer minor header is
 *    always safe.
 *
 * History of ABI v1 (what each minor appended):
 *  - 1.0: the first release.
 *  - 1.1: ds_plugin.operator_scan, ds_plugin.wifi_status (struct
 *         ds_network) and ds_plugin.cloud_urls.
 *  - 1.1: ds_host.ble (struct ds_host_ble: connect, GATT discovery, read,
 *         write, notifications), in the place of the former reserved_ble
 *         pointer (same size and offset), and ds_plugin.ble_claims.
 *  - 1.2: ds_host.http (struct ds_host_http) and ds_host.serial (struct
 *         ds_host_serial) in the places of the former reserved_http and
 *         reserved_serial pointers (same sizes and offsets), ds_host.net
 *         (struct ds_host_net) appended; DS_ERR_UNTRUSTED; DS_CAP_ADDRESS
 *         and ds_plugin.match_address; DS_FEATURE_ACCOUNTS and the account
 *         operations (struct ds_account); ds_check.fix and fix_title with
 *         ds_plugin.check_fix; eSIM management on SGP.22 chips (struct
 *         ds_esim_info, struct ds_esim_notification, ds_profile_class and
 *         fields appended to ds_esim_profile; ds_plugin.esim_info,
 *         esim_disable, esim_delete, esim_nickname, esim_notification and
 *         esim_notifications_send).
 *
 * Process: the host runs each plugin in a process of its own with no
 * terminal (plugins/README.md, "Your plugin's own process"). A plugin that
 * crashes, exits, or ignores a cancel for more than 2 seconds is ended and
 * started again; devices are opened again from their locators.
 *
 * Threading rules:
 *  - The host calls into one plugin from one thread at a time (it holds a
 *    per-plugin lock), but not always from the same thread. Operations run on
 *    worker threads and MAY block: the user sees progress and can cancel.
 *  - Every blocking wait must have a timeout and must check
 *    ds_host.cancelled() at least every 100 ms, or wait with ds_host.sleep(),
 *    which returns DS_ERR_CANCELLED as soon as the user cancels.
 *  - match_* operations are called on a worker thread too and must not block.
 *
 * Memory ownership:
 *  - Strings the host passes are valid only during the call; copy them.
 *  - Output buffers are owned by the host; write at most their size and
 *    always NUL-terminate. (The host ends every text field with a NUL after
 *    each call anyway, so a plugin that forgets loses its last character,
 *    not the host's memory.)
 *  - Secrets (passwords, keys, activation codes) are passed as NUL-terminated
 *    strings in locked, non-dumpable memory. Never log, store or copy them to
 *    ordinary memory; if you must keep one, use ds_host.secret_alloc() and
 *    release it with ds_host.secret_free(), which wipes it.
 *
 * Errors and translation:
 *  - Every operation returns a ds_status. On failure, report the message a
 *    person should read through ds_host.fail(), which also returns the
 *    status, so "return host->fail(call, DS_ERR_AUTH, msg);" works.
 *  - Messages are translated in the plugin's own gettext text domain
 *    (ds_plugin.text_domain): the host binds it to its locale directory and
 *    ds_host.translate(domain, msgid) looks messages up. Say what happened
 *    and what the installer should do next.
 */
#ifndef DOORSTEP_PLUGIN_H
#define DOORSTEP_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI major version: a plugin loads only when it equals the host's. */
#define DS_PLUGIN_ABI_MAJOR 1
/** ABI minor version: a plugin loads when it is <= the host's. */
#define DS_PLUGIN_ABI_MINOR 2
/** The name of the one symbol a plugin exports. */
#define DS_PLUGIN_ENTRY_NAME "doorstep_plugin_v1"
/** Marks the entry point as exported from a -fvisibility=hidden build. */
#define DS_PLUGIN_EXPORT __attribute__((visibility("default")))
/** Marks a host service whose result a plugin must check: the compiler warns
 *  where it is dropped (an attribute only: no change to the ABI). */
#define DS_PLUGIN_MUST_CHECK __attribute__((warn_unused_result))

/** Most items the host asks for from any list a plugin returns one index at
 *  a time (discover, wifi_scan, esim_profile, operator_scan, diagnose): past
 *  DS_LIST_MAX items it stops asking, keeps the first DS_LIST_MAX and tells
 *  the installer. */
#define DS_LIST_MAX 256

/** Longest the wizard waits for set_password or account_set_password (s),
 *  the host's proof included. Past it the call is cancelled and the
 *  installer is told the device may have either password. A plugin that
 *  waits for a device to apply a change ends that wait well before
 *  (half of it is a good bound) and says what may be in effect. */
#define DS_PASSWORD_CHANGE_LIMIT_S 60

/** Sizes of the fixed text fields in the structs below (bytes, with NUL). */
#define DS_ID_MAX 64
#define DS_NAME_MAX 96
#define DS_TEXT_MAX 256
#define DS_LOCATOR_MAX 256

/** Result of every operation. Never reuse or renumber a value. */
typedef enum ds_status {
	DS_OK = 0,              /**< it worked */
	DS_ERR_UNSUPPORTED = 1, /**< the device or plugin cannot do this */
	DS_ERR_INVALID = 2,     /**< an argument was malformed or out of range */
	DS_ERR_NOT_FOUND = 3,   /**< no such device, item or index (end of list) */
	DS_ERR_TIMEOUT = 4,     /**< the device did not answer in time */
	DS_ERR_CANCELLED = 5,   /**< the user cancelled */
	DS_ERR_AUTH = 6,        /**< wrong password or not authorised */
	DS_ERR_IO = 7,          /**< transport failure (radio, serial, network) */
	DS_ERR_BUSY = 8,        /**< the device is busy or backing off; retry later */
	DS_ERR_NO_MEMORY = 9,   /**< out of memory */
	DS_ERR_DEVICE = 10,     /**< the device reported an error */
	DS_ERR_INTERNAL = 11,   /**< a bug in the plugin or host */
	DS_ERR_UNTRUSTED = 12,  /**< a TLS certificate the installer has not accepted, or one that
	                              changed since (since ABI 1.2; see ds_http_request.tls) */
} ds_status;

/** Stable English identifier of a status, for logs and --json output. */
static inline const char *ds_status_str(ds_status s)
{
	switch (s) {
	case DS_OK: return "ok";
	case DS_ERR_UNSUPPORTED: return "unsupported";
	case DS_ERR_INVALID: return "invalid";
	case DS_ERR_NOT_FOUND: return "not-found";
	case DS_ERR_TIMEOUT: return "timeout";
	case DS_ERR_CANCELLED: return "cancelled";
	case DS_ERR_AUTH: return "auth";
	case DS_ERR_IO: return "io";
	case DS_ERR_BUSY: return "busy";
	case DS_ERR_NO_MEMORY: return "no-memory";
	case DS_ERR_DEVICE: return "device";
	case DS_ERR_INTERNAL: return "internal";
	case DS_ERR_UNTRUSTED:
		return "untrusted";
	}
	return "unknown";
}

/** Copies the text src into the char array dst of size bytes, always
 *  NUL-terminated, for the fixed-size text fields of the structs below. A
 *  text that does not fit is cut before the character that does not fit
 *  (never inside a UTF-8 sequence); a NULL src gives "". dst and src may
 *  overlap. */
static inline void ds_text_copy(char *dst, size_t size, const char *src)
{
	size_t len = 0;

	if (size == 0)
		return;
	while (src && len < size - 1 && src[len] != '\0')
		len++;
	if (src && src[len] != '\0')
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	if ((uintptr_t)dst > (uintptr_t)src)
		for (size_t i = len; i-- > 0;)
			dst[i] = src[i];
	else
		for (size_t i = 0; i < len; i++)
			dst[i] = src[i];
	dst[len] = '\0';
}

/** One operation in progress; owned by the host, valid during the call. */
typedef struct ds_call ds_call;
/** A device opened by a plugin; owned by the plugin until close(). */
typedef struct ds_device ds_device;

/** Log levels for ds_host.log(). */
typedef enum ds_log_level {
	DS_LOG_DEBUG = 0,
	DS_LOG_INFO = 1,
	DS_LOG_WARN = 2,
	DS_LOG_ERROR = 3,
} ds_log_level;

/** What a device is. */
typedef enum ds_device_kind {
	DS_KIND_OTHER = 0,
	DS_KIND_PANEL = 1,        /**< the alarm panel / hub */
	DS_KIND_DOOR_CONTACT = 2, /**< door or window contact */
	DS_KIND_MOTION = 3,       /**< motion (PIR) sensor */
	DS_KIND_CAMERA = 4,
	DS_KIND_SIREN = 5,
	DS_KIND_KEYPAD = 6,
	DS_KIND_SMOKE = 7,
	DS_KIND_MODEM = 8,        /**< a cellular module on its own */
} ds_device_kind;

/** Transports a device is reached over (bit flags). */
enum ds_transport {
	DS_TRANSPORT_QR = 1u << 0,     /**< identified by a QR label */
	DS_TRANSPORT_BLE = 1u << 1,    /**< Bluetooth LE */
	DS_TRANSPORT_IP = 1u << 2,     /**< Wi-Fi or Ethernet */
	DS_TRANSPORT_SERIAL = 1u << 3, /**< a serial port (AT modem) */
	DS_TRANSPORT_RADIO = 1u << 4,  /**< a vendor radio through the panel */
};

/** What a device can do (bit flags in ds_device_info.features). */
enum ds_feature {
	DS_FEATURE_PASSWORD = 1u << 0, /**< has a password: credential_state, login, set_password */
	DS_FEATURE_ESIM = 1u << 1,     /**< has an eSIM: esim_* operations */
	DS_FEATURE_CELLULAR = 1u << 2, /**< cellular_status, failover_test */
	DS_FEATURE_WIFI = 1u << 3,     /**< wifi_scan, wifi_configure */
	DS_FEATURE_DIAGNOSE = 1u << 4, /**< diagnose */
	DS_FEATURE_OPTIONS = 1u << 5,  /**< vendor settings through option_* */
	DS_FEATURE_HANDOVER = 1u << 6, /**< handover_code */
	DS_FEATURE_ACCOUNTS = 1u << 7, /**< more than one account: account, account_set_password,
	                                    account_delete (since ABI 1.2) */
};

/** Plugin-wide capability flags (ds_plugin.caps). */
enum ds_plugin_cap {
	DS_CAP_QR = 1u << 0,        /**< match_qr claims QR payloads */
	DS_CAP_BLE = 1u << 1,       /**< match_ble claims BLE advertisements */
	DS_CAP_SERIAL = 1u << 2,    /**< match_serial claims serial ports */
	DS_CAP_DISCOVER = 1u << 3,  /**< discover finds devices without a label */
	DS_CAP_SIMULATED = 1u << 4, /**< devices are simulated (demo, tests) */
	DS_CAP_ADDRESS = 1u << 5,   /**< match_address claims network addresses a person types (since 1.2) */
};

/** What the device accepts as a password. */
typedef struct ds_password_rules {
	uint32_t max_length;      /**< in code points; 0: no limit of its own */
	bool digits_only;         /**< a keypad PIN */
	bool has_second_factor;   /**< password is not the only factor (minimum 8 instead of 15) */
	char allowed[DS_TEXT_MAX];/**< if not empty: the only characters allowed (UTF-8) */
} ds_password_rules;

/** Identity and abilities of an opened device. */
typedef struct ds_device_info {
	ds_device_kind kind;
	char locator[DS_LOCATOR_MAX]; /**< non-secret string open() accepts to find this device again */
	char serial[DS_ID_MAX];       /**< unique per device of this plugin; the key in site files */
	char vendor[DS_NAME_MAX];
	char model[DS_NAME_MAX];
	char firmware[DS_ID_MAX];
	char name[DS_NAME_MAX];       /**< suggested name a person reads (translated) */
	char mac[24];                 /**< "AA:BB:CC:DD:EE:FF" or empty */
	uint32_t transports;          /**< enum ds_transport flags */
	uint32_t features;            /**< enum ds_feature flags */
	ds_password_rules password;   /**< constraints for set_password */
} ds_device_info;

/** Whether the device is still on a factory-default credential. */
typedef struct ds_credential_state {
	bool on_factory_default; /**< true until a new password is set and verified */
	bool has_password;       /**< the device has a password at all */
	char user[DS_ID_MAX];    /**< the account name, e.g. "admin" (not secret) */
	uint32_t retry_after_ms; /**< > 0: the device backs off logins this long */
} ds_credential_state;

/** Radio access technologies (bit flags). */
enum ds_rat {
	DS_RAT_2G = 1u << 0,
	DS_RAT_3G = 1u << 1,
	DS_RAT_LTE = 1u << 2,
	DS_RAT_LTE_M = 1u << 3,
	DS_RAT_NB_IOT = 1u << 4,
	DS_RAT_5G = 1u << 5,
};

/** Roles an eSIM profile plays. */
typedef enum ds_profile_role {
	DS_ROLE_NONE = 0,
	DS_ROLE_PRIMARY = 1,
	DS_ROLE_BACKUP = 2,
} ds_profile_role;

/** Class of an eSIM profile (SGP.22 profileClass). */
typedef enum ds_profile_class {
	DS_PROFILE_CLASS_UNKNOWN = 0,
	DS_PROFILE_CLASS_TEST = 1,
	DS_PROFILE_CLASS_PROVISIONING = 2,
	DS_PROFILE_CLASS_OPERATIONAL = 3,
} ds_profile_class;

/** One operator profile on an eSIM. Signal fields: INT32_MIN means unknown. */
typedef struct ds_esim_profile {
	char iccid[24];
	char mcc[4];
	char mnc[4];
	char operator_name[DS_NAME_MAX];
	char nickname[DS_NAME_MAX];
	bool enabled;            /**< the profile the module uses now */
	ds_profile_role role;
	uint32_t rats;           /**< enum ds_rat flags the profile can use */
	bool in_reach;           /**< a network of this operator is in reach */
	int32_t rssi_dbm;        /**< signal of that network, or INT32_MIN */
	int32_t rsrp_dbm;        /**< LTE RSRP, or INT32_MIN */
	/* appended in ABI 1.2 (SGP.22 chips; zero: not known) */
	char service_provider[DS_NAME_MAX]; /**< the profile's service provider name */
	char profile_name[DS_NAME_MAX];     /**< the profile's own name */
	ds_profile_class profile_class;     /**< test, provisioning or operational */
} ds_esim_profile;

/** An eSIM chip's own identity (SGP.22 eUICC; ABI 1.2). */
typedef struct ds_esim_info {
	char eid[40];                   /**< 32 decimal digits, or "" */
	char default_smdp[DS_NAME_MAX]; /**< default SM-DP+ address, or "" */
	char root_smds[DS_NAME_MAX];    /**< root SM-DS address, or "" */
	char sgp22_version[16];         /**< e.g. "2.2.2", or "" */
	uint32_t free_memory_bytes;     /**< free non-volatile memory, 0: unknown */
	bool single_enabled;            /**< one profile enabled at a time, no automatic fallback */
	char detail[DS_TEXT_MAX];       /**< translated sentence about the chip, or "" */
} ds_esim_info;

/** What a pending eSIM notification tells the operator (SGP.22 ES10b). */
typedef enum ds_notification_event {
	DS_NOTIFY_OTHER = 0,
	DS_NOTIFY_INSTALL = 1,
	DS_NOTIFY_ENABLE = 2,
	DS_NOTIFY_DISABLE = 3,
	DS_NOTIFY_DELETE = 4,
} ds_notification_event;

/** One notification the eSIM keeps until it is sent (ABI 1.2). */
typedef struct ds_esim_notification {
	uint32_t sequence;           /**< the chip's sequence number */
	ds_notification_event event; /**< what it tells the operator */
	char iccid[24];              /**< the profile it is about, or "" */
	char address[DS_NAME_MAX];   /**< the server it goes to (SM-DP+ address) */
} ds_esim_notification;

/** Registration state (3GPP TS 27.007 +CREG/+CEREG). */
typedef enum ds_registration {
	DS_REG_UNKNOWN = 0,
	DS_REG_NOT_REGISTERED = 1,
	DS_REG_HOME = 2,
	DS_REG_SEARCHING = 3,
	DS_REG_DENIED = 4,
	DS_REG_ROAMING = 5,
} ds_registration;

/** Cellular link state. Signal fields: INT32_MIN means unknown. */
typedef struct ds_cellular_status {
	ds_registration registration;
	uint32_t rat;              /**< one enum ds_rat flag: the technology in use */
	char operator_code[8];     /**< MCC+MNC, e.g. "26201" */
	char operator_name[DS_NAME_MAX];
	char iccid[24];            /**< the profile in use */
	int32_t rssi_dbm;
	int32_t rsrp_dbm;
	int32_t rsrq_db10;         /**< RSRQ in tenths of a dB */
	int32_t sinr_db10;         /**< SINR in tenths of a dB */
} ds_cellular_status;

/** Outcome of a failover test (switch to backup, check, switch back). */
typedef struct ds_failover_result {
	bool switched_to_backup;  /**< the module moved to the backup profile */
	bool backup_online;       /**< the connectivity check passed on the backup */
	bool returned_to_primary; /**< the module is back on the primary */
	uint32_t switch_ms;       /**< time to come online on the backup */
	char detail[DS_TEXT_MAX]; /**< translated sentence for the installer */
} ds_failover_result;

/** Result grade of one diagnostic check. */
typedef enum ds_check_grade {
	DS_CHECK_PASS = 0,
	DS_CHECK_WARN = 1,
	DS_CHECK_FAIL = 2,
	DS_CHECK_SKIPPED = 3,
} ds_check_grade;

/** One diagnostic check's result, filled by diagnose(). */
typedef struct ds_check {
	char id[DS_ID_MAX];        /**< stable identifier, e.g. "cloud.reach"; the host grades
	                                the links itself from cellular_status and wifi_status
	                                ("cellular.*", "wifi.*" ids), and a plugin check with
	                                the same id as one of those is left out */
	char title[DS_NAME_MAX];   /**< translated, e.g. "Mobile signal" */
	ds_check_grade grade;
	char value[DS_NAME_MAX];   /**< measured value, e.g. "-71 dBm" */
	char advice[DS_TEXT_MAX];  /**< translated: what it means and what to do */
	/* appended in ABI 1.2 */
	char fix[DS_ID_MAX];         /**< an action that repairs what this check found, which the host
	                                offers and runs with check_fix(), e.g. "clock.utc"; or "" */
	char fix_title[DS_NAME_MAX]; /**< translated button text for it, e.g. "Set the clock" */
} ds_check;

/** One Wi-Fi network a device sees. */
typedef struct ds_wifi_network {
	char ssid[33];
	char security[16];         /**< "open", "wep", "wpa", "wpa2", "wpa3" */
	int32_t rssi_dbm;
	uint32_t channel;
} ds_wifi_network;

/** Availability of a network in an operator scan (3GPP TS 27.007 +COPS=? <stat>). */
typedef enum ds_network_state {
	DS_NET_UNKNOWN = 0,
	DS_NET_AVAILABLE = 1,
	DS_NET_CURRENT = 2,      /**< the network the module is registered on */
	DS_NET_FORBIDDEN = 3,
} ds_network_state;

/** One mobile network found by an operator scan (since ABI 1.1). */
typedef struct ds_network {
	char mcc[4];
	char mnc[4];
	char operator_name[DS_NAME_MAX]; /**< as the network broadcasts it, or empty */
	uint32_t rat;              /**< one enum ds_rat flag */
	ds_network_state state;
	int32_t rssi_dbm;          /**< signal, or INT32_MIN when the module cannot tell */
} ds_network;

/** A BLE advertisement, as the host saw it (for match_ble). */
typedef struct ds_ble_advert {
	char address[18];          /**< "AA:BB:CC:DD:EE:FF" */
	char name[DS_NAME_MAX];
	int32_t rssi_dbm;
	uint16_t manufacturer_id;  /**< 0xFFFF: none */
	const uint8_t *manufacturer_data;
	size_t manufacturer_data_len;
	char service_uuid[37];     /**< first advertised service UUID or empty */
	const uint8_t *service_data;
	size_t service_data_len;
} ds_ble_advert;

/** What a plugin declares it claims among BLE advertisements (since ABI 1.1). */
typedef enum ds_ble_claim_kind {
	DS_BLE_CLAIM_END = 0,          /**< ends a ds_plugin.ble_claims list */
	DS_BLE_CLAIM_MANUFACTURER = 1, /**< manufacturer data of company manufacturer_id */
	DS_BLE_CLAIM_SERVICE_UUID = 2, /**< uuid among the advertised service UUIDs */
	DS_BLE_CLAIM_SERVICE_DATA = 3, /**< service data under uuid */
} ds_ble_claim_kind;

/** One entry of ds_plugin.ble_claims. UUIDs in the 36-character text form. */
typedef struct ds_ble_claim {
	ds_ble_claim_kind kind;
	uint16_t manufacturer_id;  /**< DS_BLE_CLAIM_MANUFACTURER */
	const char *uuid;          /**< DS_BLE_CLAIM_SERVICE_UUID, DS_BLE_CLAIM_SERVICE_DATA */
} ds_ble_claim;

/** A connection to a BLE device from ds_host_ble.connect(); owned by the host. */
typedef struct ds_ble_link ds_ble_link;

/** GATT characteristic properties (bit flags in ds_gatt_char.flags). */
enum ds_gatt_flag {
	DS_GATT_READ = 1u << 0,
	DS_GATT_WRITE = 1u << 1,              /**< write with response */
	DS_GATT_WRITE_NO_RESPONSE = 1u << 2,
	DS_GATT_NOTIFY = 1u << 3,
	DS_GATT_INDICATE = 1u << 4,
};

/** One GATT characteristic of a connected device (since ABI 1.1). */
typedef struct ds_gatt_char {
	char service_uuid[37];
	char uuid[37];
	uint32_t flags;                /**< enum ds_gatt_flag */
	char description[DS_NAME_MAX]; /**< its user description (descriptor 0x2901), or "": read from the
	                                    device once per connection, as one line of safe text (a
	                                    control character comes as a visible stand-in such as "^["),
	                                    so compare it with the plain name you expect */
} ds_gatt_char;

/**
 * Bluetooth LE services of the host (ds_host.ble, since ABI 1.1). Every
 * call blocks the calling worker thread until done, timeout_ms has passed
 * (DS_ERR_TIMEOUT) or the user cancels (DS_ERR_CANCELLED); a device that
 * goes away meanwhile ends the call with DS_ERR_NOT_FOUND. On failure the
 * host has already recorded a message for the person (as fail() does), so
 * "return st;" passes it on. Characteristics are named by UUID; to find one
 * by its user description (as ESP-IDF provisioning names its endpoints),
 * walk gatt_char() and compare ds_gatt_char.description. Values hold at most
 * 512 bytes (the GATT maximum): a longer write is refused with
 * DS_ERR_INVALID, and a read whose answer does not fit buf fails with
 * DS_ERR_DEVICE (never cut).
 */
typedef struct ds_host_ble {
	size_t struct_size;    /**< sizeof(ds_host_ble) as the host built it */
	/** Connects to the device with this address ("AA:BB:CC:DD:EE:FF") on the
	 *  adapter that sees it, waits until BlueZ has resolved its GATT services
	 *  and reads their user descriptions, all within timeout_ms, with a
	 *  countdown. Anything that is not an address is taken as the device's
	 *  advertised name (exactly, e.g. "PROV_1A2B3C" from a label). When
	 *  BlueZ has not seen the device it looks for it first (discovery for
	 *  at most half of timeout_ms and 8 s, with a countdown, then stopped);
	 *  DS_ERR_NOT_FOUND when it is still not found (addresses come from
	 *  match_ble, which the host's scan calls). */
	DS_PLUGIN_MUST_CHECK ds_status (*connect)(ds_call *call, const char *address, unsigned timeout_ms,
						  ds_ble_link **out);
	/** Disconnects and frees the link; NULL is allowed. Does not block long. */
	void (*disconnect)(ds_ble_link *link);
	/** Characteristic number index of the connected device; DS_ERR_NOT_FOUND past the last. */
	DS_PLUGIN_MUST_CHECK ds_status (*gatt_char)(ds_call *call, ds_ble_link *link, size_t index, ds_gatt_char *out);
	/** Reads a characteristic's value into buf (size bytes at most); its length in *len. */
	DS_PLUGIN_MUST_CHECK ds_status (*read)(ds_call *call, ds_ble_link *link, const char *char_uuid, uint8_t *buf,
					       size_t size, size_t *len, unsigned timeout_ms);
	/** Writes a characteristic, with a response (the device acknowledges) or without. */
	DS_PLUGIN_MUST_CHECK ds_status (*write)(ds_call *call, ds_ble_link *link, const char *char_uuid,
						const uint8_t *data, size_t len, bool with_response, unsigned timeout_ms);
	/** Subscribes to a characteristic's notifications (or indications). */
	DS_PLUGIN_MUST_CHECK ds_status (*subscribe)(ds_call *call, ds_ble_link *link, const char *char_uuid,
						    unsigned timeout_ms);
	/** Waits for the next notification of a subscribed characteristic; its value into buf. */
	DS_PLUGIN_MUST_CHECK ds_status (*wait_notification)(ds_call *call, ds_ble_link *link, const char *char_uuid,
							    uint8_t *buf, size_t size, size_t *len, unsigned timeout_ms);
} ds_host_ble;

/* ---- HTTP (ds_host.http, since ABI 1.2) ---- */

/** How the host authenticates an HTTP request (ds_http_request.auth). */
typedef enum ds_http_auth {
	DS_HTTP_AUTH_NONE = 0,   /**< no credentials (the plugin may add its own headers) */
	DS_HTTP_AUTH_DIGEST = 1, /**< HTTP Digest (RFC 7616: MD5 or SHA-256, qop=auth), as the server asks */
	DS_HTTP_AUTH_BASIC = 2,  /**< HTTP Basic; over plain http only when allow_basic_plain is set */
	DS_HTTP_AUTH_ANY = 3,    /**< Digest or Basic, whichever the server asks for (Basic: as above) */
} ds_http_auth;

/** How the host checks an https server's certificate (ds_http_request.tls). */
typedef enum ds_http_tls {
	DS_TLS_VERIFY = 0, /**< against the system's certificate authorities (default) */
	/** For devices with a self-signed certificate (most cameras): the first time
	 *  the host sees the device's certificate, the call fails with
	 *  DS_ERR_UNTRUSTED and the certificate's SHA-256 fingerprint in
	 *  ds_http_response.tls_fingerprint; the host shows it to the installer,
	 *  and once accepted, the site remembers it for this host and port. A
	 *  certificate other than the remembered one is refused (DS_ERR_UNTRUSTED)
	 *  with a message that says so. */
	DS_TLS_TRUST_ON_FIRST_USE = 1,
} ds_http_tls;

/** One HTTP request (built by the plugin; never changes layout within v1). */
typedef struct ds_http_request {
	const char *method;         /**< "GET", "POST", "PUT", "DELETE", ... */
	const char *url;            /**< "http://host[:port]/path" or "https://..." */
	const char *const *headers; /**< "Name: value" lines, NULL-terminated; or NULL */
	const uint8_t *body;        /**< request body, or NULL */
	size_t body_len;
	unsigned timeout_ms; /**< for the whole exchange; 0: 10 s */
	ds_http_auth auth;
	const char *user;     /**< for auth (not a secret) */
	const char *password; /**< for auth: a secret in secret_alloc() memory, or NULL */
	ds_http_tls tls;
	bool allow_basic_plain; /**< permit Basic over plain http (the password travels in clear) */
	uint8_t *response_body; /**< the plugin's buffer for the answer's body, or NULL to drop it */
	size_t response_size;   /**< its size: the cap on the answer (a longer answer fails the call) */
} ds_http_request;

/** What came back (filled by the host; zeroed before the call). */
typedef struct ds_http_response {
	long status;     /**< HTTP status code, e.g. 200, 401, 500 */
	size_t body_len; /**< bytes written to response_body (not NUL-terminated) */
	char content_type[DS_NAME_MAX];
	char tls_fingerprint[100]; /**< https: SHA-256 of the server's certificate, "AB:CD:..." */
	bool auth_failed;          /**< the server refused the credentials (401 after them) */
} ds_http_response;

/** What request_ex hands back beside ds_http_response (appended to ABI 1.2:
 *  check ds_host_http.struct_size before calling it). */
typedef struct ds_http_extra {
	size_t struct_size; /**< sizeof(ds_http_extra) as the plugin built it */
	/** The plugin's buffer for the final answer's header lines, one
	 *  "Name: value\n" each (no status line), NUL-terminated; control
	 *  characters come as '?'. Text from the device: never show it raw. */
	char *headers;
	size_t headers_size;
	bool headers_cut; /**< out: a line did not fit and was left out (whole) */
} ds_http_extra;

/**
 * HTTP over libcurl (ds_host.http, since ABI 1.2). Calls block the worker
 * thread until the answer, the timeout (DS_ERR_TIMEOUT) or the user's cancel
 * (DS_ERR_CANCELLED, within 100 ms). The host never logs a password or a
 * body. On failure the host has recorded a message for the person already.
 */
typedef struct ds_host_http {
	size_t struct_size; /**< sizeof(ds_host_http) as the host built it */
	/** Sends the request and reads the answer. DS_OK whenever the server
	 *  answered, whatever its HTTP status (see resp->status); DS_ERR_IO when
	 *  it could not be reached, DS_ERR_UNTRUSTED for a certificate as
	 *  described at ds_http_tls, DS_ERR_DEVICE when the answer was larger
	 *  than response_size, DS_ERR_INVALID for a malformed request or Basic
	 *  over plain http without allow_basic_plain (nothing is sent then).
	 *  Redirects are not followed. With DS_TLS_TRUST_ON_FIRST_USE nothing
	 *  of the request (not even its first line) reaches a server whose
	 *  certificate is not the accepted one. On DS_ERR_UNTRUSTED, return
	 *  the status as it is: the host offers the installer to accept the
	 *  certificate, then runs the operation again. */
	DS_PLUGIN_MUST_CHECK ds_status (*request)(ds_call *call, const ds_http_request *req, ds_http_response *resp);
	/** As request, and the answer's header lines into extra (appended
	 *  later: check struct_size before calling it). For devices that keep a
	 *  session by a cookie (Set-Cookie) or say more in a header. */
	DS_PLUGIN_MUST_CHECK ds_status (*request_ex)(ds_call *call, const ds_http_request *req, ds_http_response *resp,
						     ds_http_extra *extra);
} ds_host_http;

/* ---- network discovery and TCP (ds_host.net, since ABI 1.2) ---- */

/** Receives one datagram that answered a probe; return false to stop early. */
typedef bool (*ds_net_answer_fn)(void *ctx, const char *from_address, const uint8_t *data, size_t len);

/** A TCP connection from ds_host_net.tcp_connect(); owned by the host. */
typedef struct ds_net_conn ds_net_conn;

/**
 * UDP probes and plain TCP (ds_host.net, since ABI 1.2), for discovery
 * protocols (WS-Discovery, SSDP, mDNS) and for protocols other than HTTP
 * (RTSP). Every call observes the user's cancel within 100 ms, and on
 * failure has recorded a message for the installer (as fail() does), which
 * a plugin may pass on by returning the status or replace with its own.
 */
typedef struct ds_host_net {
	size_t struct_size; /**< sizeof(ds_host_net) as the host built it */
	/** Sends msg to the multicast group ("239.255.255.250") and port on every
	 *  interface that is up and can multicast, and to each of the unicast
	 *  "host[:port]" addresses (NULL-terminated list, or NULL; the port
	 *  defaults to port), then hands every answer to on_answer for
	 *  window_ms, with progress. group may be NULL for unicast only.
	 *  on_answer may use the other host services (to read the device that
	 *  answered while the window goes on; answers wait meanwhile).
	 *  DS_OK at the end of the window, DS_ERR_CANCELLED, or DS_ERR_IO when no
	 *  probe could be sent at all. */
	DS_PLUGIN_MUST_CHECK ds_status (*probe)(ds_call *call, const char *group, uint16_t port,
						const char *const *unicast, const uint8_t *msg, size_t len,
						unsigned window_ms, ds_net_answer_fn on_answer, void *ctx);
	/** Opens a TCP connection to host (name or address) and port within
	 *  timeout_ms (the name lookup included): DS_ERR_NOT_FOUND when the name
	 *  does not resolve or nothing listens there, DS_ERR_TIMEOUT, DS_ERR_IO
	 *  when the address cannot be reached. */
	DS_PLUGIN_MUST_CHECK ds_status (*tcp_connect)(ds_call *call, const char *host, uint16_t port,
						      unsigned timeout_ms, ds_net_conn **out);
	/** Sends all len bytes. */
	DS_PLUGIN_MUST_CHECK ds_status (*tcp_send)(ds_call *call, ds_net_conn *conn, const uint8_t *data, size_t len,
						   unsigned timeout_ms);
	/** Receives what has arrived (at least one byte, at most size) into buf, its
	 *  count in *len; DS_ERR_TIMEOUT when nothing came, DS_ERR_NOT_FOUND when
	 *  the peer closed the connection. */
	DS_PLUGIN_MUST_CHECK ds_status (*tcp_recv)(ds_call *call, ds_net_conn *conn, uint8_t *buf, size_t size,
						   size_t *len, unsigned timeout_ms);
	/** Closes and frees the connection; NULL is allowed. */
	void (*tcp_close)(ds_net_conn *conn);
} ds_host_net;

/* ---- serial ports (ds_host.serial, since ABI 1.2) ---- */

/** An open serial port from ds_host_serial.open(); owned by the host. */
typedef struct ds_serial_port ds_serial_port;

/**
 * Serial ports (ds_host.serial, since ABI 1.2), for AT-command modules and
 * other serial devices: the host does the termios work. Every call observes
 * the user's cancel within 100 ms (a NULL call is never cancelled: for the
 * character that aborts a command after the user cancelled), and on failure
 * has recorded a message for the installer, as ds_host_net's calls do.
 */
typedef struct ds_host_serial {
	size_t struct_size; /**< sizeof(ds_host_serial) as the host built it */
	/** Opens path ("/dev/ttyUSB2") exclusively (no other program may use it
	 *  meanwhile), raw, 8N1, at baud (0: 115200). DS_ERR_NOT_FOUND when it
	 *  does not exist, DS_ERR_AUTH without permission, DS_ERR_BUSY when another
	 *  program holds it, DS_ERR_INVALID when it is not a serial port. */
	DS_PLUGIN_MUST_CHECK ds_status (*open)(ds_call *call, const char *path, unsigned baud, ds_serial_port **out);
	/** Closes the port; NULL is allowed. */
	void (*close)(ds_serial_port *port);
	/** Writes all len bytes. */
	DS_PLUGIN_MUST_CHECK ds_status (*write)(ds_call *call, ds_serial_port *port, const uint8_t *data, size_t len,
						unsigned timeout_ms);
	/** Reads what has arrived (at least one byte, at most size), its count in
	 *  *len; DS_ERR_TIMEOUT when nothing came within timeout_ms, DS_ERR_IO
	 *  when the port went away (unplugged). */
	DS_PLUGIN_MUST_CHECK ds_status (*read)(ds_call *call, ds_serial_port *port, uint8_t *buf, size_t size,
					       size_t *len, unsigned timeout_ms);
	/** Drops whatever has arrived and not been read yet. */
	void (*discard)(ds_serial_port *port);
} ds_host_serial;

/* ---- accounts (since ABI 1.2) ---- */

/** What an account may do on its device. */
typedef enum ds_account_role {
	DS_ACCOUNT_OTHER = 0,
	DS_ACCOUNT_ADMIN = 1, /**< administrator: may change the device's settings */
	DS_ACCOUNT_OPERATOR = 2,
	DS_ACCOUNT_USER = 3, /**< may watch, not change */
	DS_ACCOUNT_ANONYMOUS = 4,
} ds_account_role;

/** One account of a device with more than one (DS_FEATURE_ACCOUNTS). */
typedef struct ds_account {
	char user[DS_ID_MAX]; /**< the account's name (not secret) */
	ds_account_role role;
	bool primary;               /**< the account credential_state, login and set_password act on */
	bool on_factory_default;    /**< it still logs in with a known default password */
	bool can_delete;            /**< account_delete may remove it */
	ds_password_rules password; /**< what this account accepts as a password */
} ds_account;

/** Types of vendor settings (SANE-style option descriptors). */
typedef enum ds_option_type {
	DS_OPT_BOOL = 0,
	DS_OPT_INT = 1,     /**< an integer within [min, max] in steps of step */
	DS_OPT_STRING = 2,  /**< free text up to max bytes */
	DS_OPT_CHOICE = 3,  /**< one of choices[] (NULL-terminated list of ids) */
} ds_option_type;

/** Describes one vendor setting, so one generic form edits any vendor's. */
typedef struct ds_option_desc {
	const char *name;        /**< stable identifier, e.g. "entry_delay" */
	const char *title;       /**< msgid in the plugin's text domain */
	const char *description; /**< msgid: what it does, for the help line */
	const char *unit;        /**< msgid, e.g. "s", or NULL */
	ds_option_type type;
	int32_t min, max, step;  /**< DS_OPT_INT range; DS_OPT_STRING: max length */
	const char *const *choices;       /**< DS_OPT_CHOICE ids, NULL-terminated */
	const char *const *choice_titles; /**< msgids for choices, same order */
} ds_option_desc;

/** The value of one vendor setting. */
typedef struct ds_option_value {
	bool b;
	int32_t i;                   /**< DS_OPT_INT value or DS_OPT_CHOICE index */
	char s[DS_TEXT_MAX];         /**< DS_OPT_STRING value */
} ds_option_value;

/**
 * Services the host offers the plugin. Handed to init(); valid until fini().
 * Fields appended in later minors read as NULL on older hosts: check
 * struct_size or the pointer before use.
 */
typedef struct ds_host {
	size_t struct_size;      /**< sizeof(ds_host) as the host built it */
	uint16_t abi_major;      /**< the host's DS_PLUGIN_ABI_MAJOR */
	uint16_t abi_minor;      /**< the host's DS_PLUGIN_ABI_MINOR */
	const char *data_dir;    /**< a directory private to this plugin, created by the host;
	                              persistent (simulated device memory, caches; never secrets) */

	/** Writes a line to the host's log. Never pass secrets. */
	void (*log)(ds_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
	/** Reports progress of the running operation: permille 0..1000, message translated. */
	void (*progress)(ds_call *call, unsigned permille, const char *message);
	/** True once the user has cancelled the running operation. */
	bool (*cancelled)(ds_call *call);
	/** Waits ms milliseconds; returns DS_OK, or DS_ERR_CANCELLED as soon as the user cancels. */
	DS_PLUGIN_MUST_CHECK ds_status (*sleep)(ds_call *call, unsigned ms);
	/** Records the message a person reads for a failure (printf-style, translated); returns status. */
	ds_status (*fail)(ds_call *call, ds_status status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
	/** Looks msgid up in the given gettext text domain (the plugin's own). */
	const char *(*translate)(const char *domain, const char *msgid);
	/** Fills buf with len cryptographically secure random bytes. */
	void (*random)(void *buf, size_t len);
	/** Allocates len bytes of locked, non-dumpable memory for a secret; NULL on failure. */
	DS_PLUGIN_MUST_CHECK void *(*secret_alloc)(size_t len);
	/** Wipes and frees memory from secret_alloc(); NULL is allowed. */
	void (*secret_free)(void *secret);
	/** Hashes a password for storage (Argon2id, self-describing string of at most
	 *  128 bytes) into out. For plugins that keep credentials themselves, such as
	 *  simulated devices; never store a password. DS_OK or an error. */
	DS_PLUGIN_MUST_CHECK ds_status (*password_hash)(const char *password, char *out, size_t out_size);
	/** True when password matches a hash from password_hash(). Takes real time by design. */
	bool (*password_verify)(const char *hash, const char *password);

	/* Transport services. NULL where this host does not provide them: the
	 * HTTP and serial/AT services arrive in later minor versions. */
	/** Bluetooth LE (since ABI 1.1; NULL on a 1.0 host or without BlueZ support). */
	const ds_host_ble *ble;
	/** HTTP (since ABI 1.2; NULL on an older host). */
	const ds_host_http *http;
	/** Serial ports (since ABI 1.2; NULL on an older host). */
	const ds_host_serial *serial;
	/* ---- appended in ABI 1.2 ---- */
	/** UDP probes and TCP (NULL on an older host). */
	const ds_host_net *net;
} ds_host;

/**
 * The plugin descriptor, returned by doorstep_plugin_v1(). The host copies
 * at most struct_size bytes. Mandatory fields: struct_size, abi_major,
 * abi_minor, id, name, vendor, version, init, fini, open, close,
 * device_info. Every other operation may be NULL ("not supported").
 *
 * Every operation that takes a ds_call runs on a worker thread and may
 * block (see "Threading rules" above).
 */
typedef struct ds_plugin {
	size_t struct_size;      /**< sizeof(ds_plugin) as the plugin was built */
	uint16_t abi_major;      /**< DS_PLUGIN_ABI_MAJOR */
	uint16_t abi_minor;      /**< DS_PLUGIN_ABI_MINOR */
	const char *id;          /**< unique, [a-z0-9-]+, e.g. "acme" */
	const char *name;        /**< product family a person reads */
	const char *vendor;      /**< company name */
	const char *version;     /**< plugin version, e.g. "1.2.0"; printable ASCII without spaces, as the
	                              signature names it ("doorstep-plugin <id> <version>") */
	const char *text_domain; /**< gettext domain for the plugin's messages, or NULL */
	uint32_t caps;           /**< enum ds_plugin_cap flags */

	/** Called once after loading, before anything else. Keep host; return DS_OK to stay loaded. */
	ds_status (*init)(const ds_host *host);
	/** Called once before unloading. Free everything. */
	void (*fini)(void);
	/** Opens the device named by locator (from match_*, discover or device_info). */
	ds_status (*open)(ds_call *call, const char *locator, ds_device **out);
	/** Closes a device from open(). */
	void (*close)(ds_device *dev);
	/** Describes an opened device. */
	ds_status (*device_info)(ds_call *call, ds_device *dev, ds_device_info *out);

	/* ---- discovery and matching (optional) ---- */

	/** Claims a QR payload: DS_OK with a locator, DS_ERR_NOT_FOUND when not ours,
	 *  DS_ERR_INVALID (with fail()) when ours but damaged. Must not block. */
	ds_status (*match_qr)(ds_call *call, const char *payload, char *locator, size_t locator_size);
	/** Claims a BLE advertisement (as match_qr). */
	ds_status (*match_ble)(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size);
	/** Claims a serial port such as "/dev/ttyUSB0" (as match_qr; may probe with a timeout). */
	ds_status (*match_serial)(ds_call *call, const char *port, char *locator, size_t locator_size);
	/** Finds device number index that needs no label (e.g. a panel on the network);
	 *  DS_ERR_NOT_FOUND past the last. */
	ds_status (*discover)(ds_call *call, size_t index, char *locator, size_t locator_size);

	/* ---- credentials ---- */

	/** Tells whether the device is still on its factory-default credential
	 *  (on a device with accounts: its primary account's; the host keeps the
	 *  device on "factory default" while any account() is, since ABI 1.2). */
	ds_status (*credential_state)(ds_call *call, ds_device *dev, ds_credential_state *out);
	/** Tries to log in with password (NULL: the factory default); DS_ERR_AUTH when wrong,
	 *  DS_ERR_BUSY (with retry_after_ms in credential_state) while the device backs off. */
	ds_status (*login)(ds_call *call, ds_device *dev, const char *password);
	/** Replaces the password; current NULL means the factory default. */
	ds_status (*set_password)(ds_call *call, ds_device *dev, const char *current, const char *new_password);

	/* ---- Wi-Fi ---- */

	/** Returns Wi-Fi network number index the device sees; DS_ERR_NOT_FOUND past the last. */
	ds_status (*wifi_scan)(ds_call *call, ds_device *dev, size_t index, ds_wifi_network *out);
	/** Joins a Wi-Fi network (key is a secret; NULL for an open network). */
	ds_status (*wifi_configure)(ds_call *call, ds_device *dev, const char *ssid, const char *key);

	/* ---- eSIM and cellular ---- */

	/** Returns eSIM profile number index; DS_ERR_NOT_FOUND past the last. */
	ds_status (*esim_profile)(ds_call *call, ds_device *dev, size_t index, ds_esim_profile *out);
	/** Enables the profile with this ICCID and makes it the primary. */
	ds_status (*esim_set_primary)(ds_call *call, ds_device *dev, const char *iccid);
	/** Sets the profile the module falls back to when the primary loses service. */
	ds_status (*esim_set_backup)(ds_call *call, ds_device *dev, const char *iccid);
	/** Downloads a profile from an activation code ("LPA:1$..."; a secret), with the
	 *  confirmation code (a secret) or NULL. */
	ds_status (*esim_download)(ds_call *call, ds_device *dev, const char *activation_code,
				   const char *confirmation_code);
	/** Reads the current cellular link. */
	ds_status (*cellular_status)(ds_call *call, ds_device *dev, ds_cellular_status *out);
	/** Switches to the backup, checks connectivity, switches back. Reports stages with progress(). */
	ds_status (*failover_test)(ds_call *call, ds_device *dev, ds_failover_result *out);

	/* ---- diagnostics ---- */

	/** Runs the device's check number index; DS_ERR_NOT_FOUND past the last. */
	ds_status (*diagnose)(ds_call *call, ds_device *dev, size_t index, ds_check *out);

	/* ---- vendor settings ---- */

	/** Describes setting number index, or NULL past the last. Must not block. */
	const ds_option_desc *(*option_desc)(ds_device *dev, size_t index);
	/** Reads setting number index. */
	ds_status (*option_get)(ds_call *call, ds_device *dev, size_t index, ds_option_value *out);
	/** Writes setting number index. */
	ds_status (*option_set)(ds_call *call, ds_device *dev, size_t index, const ds_option_value *value);

	/* ---- hand-over ---- */

	/** Text for the homeowner's hand-over QR code (e.g. the vendor app's claim link). */
	ds_status (*handover_code)(ds_call *call, ds_device *dev, char *out, size_t out_size);

	/* ---- appended in ABI 1.1 ---- */

	/** Operator scan: returns mobile network number index in reach; DS_ERR_NOT_FOUND
	 *  past the last. A scan can take minutes on a real module: scan once at index 0
	 *  (with progress and cancel) and answer later indexes from that result. */
	ds_status (*operator_scan)(ds_call *call, ds_device *dev, size_t index, ds_network *out);
	/** The Wi-Fi network the device is connected to now; DS_ERR_NOT_FOUND when it is
	 *  not connected to any. */
	ds_status (*wifi_status)(ds_call *call, ds_device *dev, ds_wifi_network *out);
	/** The cloud endpoints this vendor's devices must reach, as "https://host[:port]/path"
	 *  URLs, NULL-terminated; or NULL. The host's diagnostics check each from the laptop. */
	const char *const *cloud_urls;
	/** BLE advertisements this plugin claims, ended by a DS_BLE_CLAIM_END entry; or
	 *  NULL. A device matching any entry is the plugin's: the host then asks
	 *  match_ble for its locator (which may still refuse with DS_ERR_NOT_FOUND), or,
	 *  without match_ble, uses "ble:" and the address. Without ble_claims the host
	 *  asks match_ble about every device. */
	const ds_ble_claim *ble_claims;

	/* ---- appended in ABI 1.2 ---- */

	/** Claims a network address a person typed or a plan names ("192.168.1.64",
	 *  "cam.local:8080", "[fe80::1]:80"): as match_qr, and may probe it with a
	 *  timeout (DS_ERR_NOT_FOUND when nothing of this plugin's answers there). */
	ds_status (*match_address)(ds_call *call, const char *address, char *locator, size_t locator_size);
	/** Returns account number index of the device (DS_FEATURE_ACCOUNTS);
	 *  DS_ERR_NOT_FOUND past the last. The primary account comes first. */
	ds_status (*account)(ds_call *call, ds_device *dev, size_t index, ds_account *out);
	/** Gives the account user a new password (a secret), and proves it: DS_OK
	 *  only once the new password logs in and the old one no longer does. For
	 *  the primary account, set_password is called instead. */
	ds_status (*account_set_password)(ds_call *call, ds_device *dev, const char *user, const char *new_password);
	/** Deletes the account user (ds_account.can_delete), and proves it is gone;
	 *  DS_ERR_NOT_FOUND, with a message, when the device has no such account. */
	ds_status (*account_delete)(ds_call *call, ds_device *dev, const char *user);
	/** Runs the repair a diagnostic check offered (ds_check.fix). */
	ds_status (*check_fix)(ds_call *call, ds_device *dev, const char *fix);
	/** Reads the eSIM chip's identity (DS_FEATURE_ESIM). */
	ds_status (*esim_info)(ds_call *call, ds_device *dev, ds_esim_info *out);
	/** Disables the enabled profile with this ICCID (the module is then
	 *  without service until another is enabled). DS_ERR_NOT_FOUND, with a
	 *  message, when the eSIM has no such profile; DS_ERR_INVALID when it is
	 *  not enabled. */
	ds_status (*esim_disable)(ds_call *call, ds_device *dev, const char *iccid);
	/** Deletes the profile with this ICCID for good. The host has asked the
	 *  person first; the plugin refuses an enabled profile (DS_ERR_INVALID,
	 *  with a message saying to enable another one first). */
	ds_status (*esim_delete)(ds_call *call, ds_device *dev, const char *iccid);
	/** Sets the nickname of the profile with this ICCID ("" clears it). */
	ds_status (*esim_nickname)(ds_call *call, ds_device *dev, const char *iccid, const char *nickname);
	/** Returns pending notification number index; DS_ERR_NOT_FOUND past the last. */
	ds_status (*esim_notification)(ds_call *call, ds_device *dev, size_t index, ds_esim_notification *out);
	/** Sends every pending notification to its server, and removes from the
	 *  eSIM those the server took; progress per notification. DS_OK when none
	 *  is left; a failure names the ones still pending. */
	ds_status (*esim_notifications_send)(ds_call *call, ds_device *dev);
} ds_plugin;

/** Smallest struct_size the host accepts: it must cover every mandatory field. */
#define DS_PLUGIN_MIN_SIZE (offsetof(ds_plugin, device_info) + sizeof(void *))

/** The entry point every plugin defines and exports. */
DS_PLUGIN_EXPORT const ds_plugin *doorstep_plugin_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* DOORSTEP_PLUGIN_H */
