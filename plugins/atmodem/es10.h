/* The ES10 commands of GSMA SGP.22 (v2.x, 5.7) that manage an eUICC's
 * profiles and notifications: their requests built as BER-TLV and their
 * answers read, with the result codes of the standard turned into an enum
 * and a sentence a person understands.
 *
 *   ES10c  GetEID (BF3E), GetProfilesInfo (BF2D), EnableProfile (BF31),
 *          DisableProfile (BF32), DeleteProfile (BF33), SetNickname (BF29)
 *   ES10a  GetEuiccConfiguredAddresses (BF3C)
 *   ES10b  ListNotification (BF28), RetrieveNotificationsList (BF2B),
 *          RemoveNotificationFromList (BF30)
 *
 * Pure: bytes in, structures out (text fields copied, bounded); the APDU
 * layer (euicc_apdu.h) carries the bytes. */
#ifndef ES10_H
#define ES10_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Bytes of an ICCID as the card stores it (nibble-swapped BCD). */
#define ES10_ICCID_BYTES 10
/** Room for an ICCID's digits and the NUL. */
#define ES10_ICCID_SIZE 21
/** Room for an EID (16 bytes) in hex and the NUL. */
#define ES10_EID_SIZE 33
/** Room for an ISD-P AID (up to 16 bytes) in hex and the NUL. */
#define ES10_AID_SIZE 33
/** Room for a profile's text fields: 64 characters (SGP.22's largest SIZE
 *  for them) of up to four bytes of UTF-8, and the NUL; a longer value is
 *  cut at a character boundary. */
#define ES10_TEXT_SIZE 257
/** Room for an SM-DP+ or SM-DS address (an FQDN) and the NUL. */
#define ES10_ADDRESS_SIZE 256
/** Most characters of a nickname (SGP.22: UTF8String SIZE(0..64)). */
#define ES10_NICKNAME_MAX_CHARS 64

/** What an ES10 command's answer said, folded over the commands. */
typedef enum es10_result {
	ES10_OK = 0,
	ES10_NOT_FOUND = 1,         /**< iccidOrAidNotFound, iccidNotFound */
	ES10_NOT_DISABLED = 2,      /**< profileNotInDisabledState (enable, delete) */
	ES10_NOT_ENABLED = 3,       /**< profileNotInEnabledState (disable) */
	ES10_POLICY = 4,            /**< disallowedByPolicy */
	ES10_WRONG_REENABLING = 5,  /**< wrongProfileReenabling */
	ES10_CAT_BUSY = 6,          /**< catBusy: a proactive session is running */
	ES10_NOTHING_TO_DELETE = 7, /**< nothingToDelete (notifications) */
	ES10_INCORRECT_INPUT = 8,   /**< incorrectInputValues */
	ES10_NO_RESULT = 9,         /**< noResultAvailable (notifications) */
	ES10_UNDEFINED = 10,        /**< undefinedError (127) */
	ES10_UNKNOWN_CODE = 11,     /**< a code the standard does not list */
	ES10_MALFORMED = 12,        /**< the answer is not what SGP.22 describes */
} es10_result;

/** The commands whose answer is one result code. */
typedef enum es10_command {
	ES10_CMD_ENABLE = 0,
	ES10_CMD_DISABLE = 1,
	ES10_CMD_DELETE = 2,
	ES10_CMD_SET_NICKNAME = 3,
	ES10_CMD_REMOVE_NOTIFICATION = 4,
} es10_command;

/** A profile's state (ProfileState). */
typedef enum es10_state {
	ES10_STATE_UNKNOWN = 0, /**< absent or a value the standard does not list */
	ES10_STATE_DISABLED = 1,
	ES10_STATE_ENABLED = 2,
} es10_state;

/** A profile's class (ProfileClass; operational when absent, as the standard's DEFAULT says). */
typedef enum es10_class {
	ES10_CLASS_UNKNOWN = 0,
	ES10_CLASS_TEST = 1,
	ES10_CLASS_PROVISIONING = 2,
	ES10_CLASS_OPERATIONAL = 3,
} es10_class;

/** One profile of GetProfilesInfo (ProfileInfo, tag E3). */
typedef struct es10_profile {
	char iccid[ES10_ICCID_SIZE]; /**< digits as printed on cards, or "" */
	char aid[ES10_AID_SIZE];     /**< the ISD-P's AID in hex, when the card sends it, or "" */
	es10_state state;
	es10_class profile_class;
	char nickname[ES10_TEXT_SIZE]; /**< the user's name for it, or "" */
	char provider[ES10_TEXT_SIZE]; /**< serviceProviderName, or "" */
	char name[ES10_TEXT_SIZE];     /**< profileName, or "" */
	char mcc[4];                   /**< profileOwner's MCC, or "" */
	char mnc[4];                   /**< profileOwner's MNC (2 or 3 digits), or "" */
} es10_profile;

/** The operation a notification reports (NotificationEvent). */
typedef enum es10_event {
	ES10_EVENT_UNKNOWN = 0,
	ES10_EVENT_INSTALL = 1,
	ES10_EVENT_ENABLE = 2,
	ES10_EVENT_DISABLE = 3,
	ES10_EVENT_DELETE = 4,
} es10_event;

/** A pending notification: its metadata (NotificationMetadata, BF2F), and,
 *  from RetrieveNotificationsList, the whole signed notification to send. */
typedef struct es10_notification {
	uint32_t seq; /**< seqNumber */
	es10_event event;
	char address[ES10_ADDRESS_SIZE]; /**< the SM-DP+ to send it to */
	char iccid[ES10_ICCID_SIZE];     /**< the profile's, or "" */
	const uint8_t *raw;              /**< the PendingNotification in the answer (view), or NULL */
	size_t raw_len;
} es10_notification;

/** The eUICC's configured addresses (EuiccConfiguredAddressesResponse). */
typedef struct es10_addresses {
	char default_dp[ES10_ADDRESS_SIZE]; /**< default SM-DP+ address, or "" */
	char root_ds[ES10_ADDRESS_SIZE];    /**< root SM-DS address */
} es10_addresses;

/* Requests: each writes its BER-TLV into buf (cap bytes) and returns its
 * length, or -1 when it does not fit or an argument is not valid. A profile
 * is named by its ICCID (digits) or by its ISD-P AID (32 hex digits). */

/** GetEuiccDataRequest asking for the EID. */
long es10_request_eid(uint8_t *buf, size_t cap);
/** ProfileInfoListRequest for every profile, with a tag list of the fields
 *  es10_profile holds (the owner's MCC and MNC among them) but the AID (no icons, no AIDs: fewer bytes, fewer
 *  round trips). */
long es10_request_profiles(uint8_t *buf, size_t cap);
/** EnableProfileRequest; refresh: the module resets the card afterwards. */
long es10_request_enable(uint8_t *buf, size_t cap, const char *profile, bool refresh);
/** DisableProfileRequest. */
long es10_request_disable(uint8_t *buf, size_t cap, const char *profile, bool refresh);
/** DeleteProfileRequest. */
long es10_request_delete(uint8_t *buf, size_t cap, const char *profile);
/** SetNicknameRequest (iccid: digits; nickname: UTF-8, at most 64 characters). */
long es10_request_set_nickname(uint8_t *buf, size_t cap, const char *iccid, const char *nickname);
/** EuiccConfiguredAddressesRequest. */
long es10_request_addresses(uint8_t *buf, size_t cap);
/** ListNotificationRequest for every operation. */
long es10_request_list_notifications(uint8_t *buf, size_t cap);
/** RetrieveNotificationsListRequest: every notification (all true) or the one with seq. */
long es10_request_retrieve_notifications(uint8_t *buf, size_t cap, bool all, uint32_t seq);
/** NotificationSentRequest: removes notification seq from the list. */
long es10_request_remove_notification(uint8_t *buf, size_t cap, uint32_t seq);

/* Answers: each reads the whole answer of one command (exactly one TLV
 * with the command's tag). */

/** The EID (32 hex digits) from a GetEuiccData answer. */
es10_result es10_parse_eid(const uint8_t *buf, size_t len, char eid[ES10_EID_SIZE]);
/** At most max profiles into out, how many in *n (more are left out and
 *  *truncated set). ES10_OK, the list's error, or ES10_MALFORMED. */
es10_result es10_parse_profiles(const uint8_t *buf, size_t len, es10_profile *out, size_t max, size_t *n,
				bool *truncated);
/** The result of EnableProfile, DisableProfile, DeleteProfile, SetNickname or
 *  RemoveNotificationFromList; the raw code in *code (may be NULL; -1 when none). */
es10_result es10_parse_result(es10_command command, const uint8_t *buf, size_t len, int *code);
/** The eUICC's configured addresses. */
es10_result es10_parse_addresses(const uint8_t *buf, size_t len, es10_addresses *out);
/** ListNotification's metadata, at most max into out (raw is NULL). */
es10_result es10_parse_notifications(const uint8_t *buf, size_t len, es10_notification *out, size_t max, size_t *n,
				     bool *truncated);
/** RetrieveNotificationsList's notifications, at most max into out, each
 *  with its metadata and raw pointing at it inside buf. */
es10_result es10_parse_retrieved(const uint8_t *buf, size_t len, es10_notification *out, size_t max, size_t *n,
				 bool *truncated);

/** Digits of an ICCID from its nibble-swapped BCD bytes, as cards print it:
 *  each byte's low nibble first, the F padding dropped. 0, or -1 when out is
 *  too small or a nibble is not a digit. */
int es10_iccid_decode(const uint8_t *bcd, size_t len, char *out, size_t size);
/** The ten bytes of an ICCID of 1 to 20 digits, padded with F. 0 or -1. */
int es10_iccid_encode(const char *digits, uint8_t out[ES10_ICCID_BYTES]);

/** The sentence for a result, untranslated: a msgid of the plugin's text
 *  domain (the caller translates it with D_()). */
const char *es10_result_message(es10_result result);
/** Stable name of a result, for logs, --json and tests ("not-found", ...). */
const char *es10_result_name(es10_result result);
/** Stable names of states, classes and events ("enabled", "operational", "delete", ...). */
const char *es10_state_name(es10_state state);
const char *es10_class_name(es10_class profile_class);
const char *es10_event_name(es10_event event);

#endif
