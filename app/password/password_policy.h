/* The password policy: what a new device password must satisfy, and the
 * per-site register that keeps every device's password unique.
 *
 * The rules (NIST SP 800-63B rev. 4, ETSI EN 303 645 provision 5.1, the
 * Matter passcode rules):
 * - length in code points: at least 15 when the password is the device's
 *   only factor, 8 when the device has a second factor; at most 64, or the
 *   device's own maximum; any printable Unicode and spaces; no composition
 *   rules (no "must contain a digit");
 * - never the device's factory default or current password, a factory
 *   default or botnet password (data/passwords/iot-defaults.txt), one of the
 *   most common passwords (data/passwords/common-passwords.txt) -- also with
 *   digits or symbols added before or after it -- nor anything containing a
 *   context word (vendor, model, serial number, MAC address, Wi-Fi name,
 *   site name, account name), ignoring case and look-alike characters;
 * - strength: zxcvbn must estimate at least 10^10 guesses (score 4 of 4)
 *   for a password that is the only factor, 10^8 (score 3) with a second
 *   factor: DS_PASSWORD_MIN_GUESSES_LOG10*;
 * - keypad PINs (rules->digits_only): at least 6 digits, not one digit
 *   repeated or three times in a row, not a repeated group (121212), not
 *   two digits only, no run of 4 ascending or descending digits (nor a
 *   whole-PIN run such as 123456 or 87654321, which Matter forbids), not a
 *   line on the keypad (147258), not a common PIN; zxcvbn's score is
 *   reported but not required (the device limits attempts);
 * - unique per site: not the password of another device in the register.
 *
 * ds_password_evaluate is fast enough for a meter that updates on every
 * keystroke from the UI thread: for every prefix of 64-character inputs,
 * median 0.15 ms, 95th percentile 1 ms, worst 2 ms per call
 * (tests/bench/bench_password.c; the target is 5 ms). */
#ifndef DS_PASSWORD_POLICY_H
#define DS_PASSWORD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>
#include "app/base/must_check.h"

/** Minimum length, in code points, when the password is the only factor. */
#define DS_PASSWORD_MIN_SINGLE_FACTOR 15
/** Minimum length when the device has a second factor. */
#define DS_PASSWORD_MIN_SECOND_FACTOR 8
/** The longest password doorstep accepts (unless the device allows less). */
#define DS_PASSWORD_MAX 64
/** Minimum digits of a keypad PIN. */
#define DS_PIN_MIN 6
/** Minimum strength (log10 of zxcvbn's guesses) when the password is the only factor. */
#define DS_PASSWORD_MIN_GUESSES_LOG10 10
/** Minimum strength (log10 of zxcvbn's guesses) when the device has a second factor. */
#define DS_PASSWORD_MIN_GUESSES_LOG10_SECOND_FACTOR 8
/** Most reasons and suggestions a verdict holds. */
#define DS_PASSWORD_REASONS_MAX 10
/** Most suggestions a verdict holds. */
#define DS_PASSWORD_SUGGESTIONS_MAX 6
/** Size of one reason or suggestion text. */
#define DS_PASSWORD_TEXT_MAX 256

/** Number of Unicode code points in a UTF-8 string; -1 if not valid UTF-8. */
long ds_password_length(const char *utf8);
/** Checks a candidate against the device's rules (rules may be NULL) and its
 *  factory default (may be NULL): the whole policy of ds_password_evaluate
 *  without context words. true when acceptable; otherwise why says what is
 *  wrong and what to do (translated, the first reason). */
bool ds_password_acceptable(const char *candidate, const ds_password_rules *rules,
			    const char *factory_default, char *why, size_t why_size);

/** Keyed hashes of the passwords given to the devices of one site, held in
 *  memory only, so that no two devices get the same password. */
typedef struct ds_password_register ds_password_register;

/** A new register with a random key. NULL on failure. */
ds_password_register *ds_password_register_new(void);
/** Wipes and frees a register. */
void ds_password_register_free(ds_password_register *reg);
/** The device (serial) that already uses this password, or NULL. */
const char *ds_password_register_owner(const ds_password_register *reg, const char *password);
/** Records password as the one of device serial (replacing its earlier one). 0 or -1. */
DS_MUST_CHECK int ds_password_register_put(ds_password_register *reg, const char *serial, const char *password);

/** Why a candidate is refused or weak; ds_password_reason_str gives a stable name. */
typedef enum ds_password_reason {
	DS_PW_NOT_TEXT = 0,      /**< not valid UTF-8 */
	DS_PW_CONTROL,           /**< control characters (Tab, line breaks, ...) */
	DS_PW_TOO_SHORT,         /**< fewer code points (or PIN digits) than needed */
	DS_PW_TOO_LONG,          /**< more than 64 or the device's maximum */
	DS_PW_CHARSET,           /**< characters the device does not accept */
	DS_PW_PIN_DIGITS,        /**< a PIN with something other than digits */
	DS_PW_PIN_PATTERN,       /**< a PIN with a pattern (111111, 123456, 121212, 147258) */
	DS_PW_FACTORY_DEFAULT,   /**< is or contains the device's factory default */
	DS_PW_CURRENT,           /**< is the device's current password */
	DS_PW_DEFAULT_LIST,      /**< a known factory-default or botnet password */
	DS_PW_COMMON_LIST,       /**< one of the most common passwords */
	DS_PW_CONTEXT,           /**< contains a context word (see field) */
	DS_PW_REUSED,            /**< another device of the site has it */
	DS_PW_WEAK,              /**< zxcvbn's estimate is below the minimum */
	DS_PW_DICTIONARY,        /**< built from common words or names */
	DS_PW_KEYBOARD,          /**< a keyboard pattern */
	DS_PW_DATE,              /**< a date or a year */
	DS_PW_REPEATS,           /**< repeated characters or parts */
	DS_PW_SEQUENCE,          /**< a sequence such as abc or 6789 */
} ds_password_reason;

/** Which context word a DS_PW_CONTEXT reason is about. */
typedef enum ds_password_field {
	DS_FIELD_NONE = 0,
	DS_FIELD_VENDOR,
	DS_FIELD_MODEL,
	DS_FIELD_SERIAL,
	DS_FIELD_MAC,
	DS_FIELD_SSID,
	DS_FIELD_SITE,
	DS_FIELD_USER,
	DS_FIELD_WORD,           /**< one of ds_password_context.words */
} ds_password_field;

/** What a candidate is checked against. Every member may be NULL or 0. */
typedef struct ds_password_context {
	const ds_password_rules *rules;   /**< the device's constraints */
	const char *factory_default;      /**< secret: the device's factory default */
	const char *current;              /**< secret: the device's current password */
	const char *vendor;
	const char *model;
	const char *serial;               /**< also the device's key in reg */
	const char *mac;                  /**< "AA:BB:CC:DD:EE:FF" or any hex form */
	const char *ssid;
	const char *site;
	const char *user;                 /**< the account name, e.g. "admin" */
	const char *const *words;         /**< more context words */
	size_t n_words;
	const ds_password_register *reg;  /**< the site's register: refuse another device's password */
} ds_password_context;

/** One reason, with its plain-words explanation (translated). */
typedef struct ds_password_issue {
	ds_password_reason code;
	ds_password_field field;          /**< for DS_PW_CONTEXT, else DS_FIELD_NONE */
	char text[DS_PASSWORD_TEXT_MAX];
} ds_password_issue;

/** The verdict on one candidate. Holds no part of the candidate. */
typedef struct ds_password_verdict {
	bool accepted;
	int score;                        /**< 0-4 (zxcvbn's scale); 0 for a listed password */
	double guesses_log10;             /**< log10 of the guesses an attacker needs */
	double min_guesses_log10;         /**< the minimum that applied; 0 for PINs */
	long length;                      /**< in code points; -1 when not valid text */
	size_t n_reasons;                 /**< 0 when accepted */
	ds_password_issue reasons[DS_PASSWORD_REASONS_MAX];
	size_t n_suggestions;             /**< what would help (translated) */
	char suggestions[DS_PASSWORD_SUGGESTIONS_MAX][DS_PASSWORD_TEXT_MAX];
} ds_password_verdict;

/** Checks candidate (a secret; UTF-8) against the whole policy for ctx (NULL:
 *  no device constraints and no context). Fast enough for every keystroke. */
ds_password_verdict ds_password_evaluate(const char *candidate, const ds_password_context *ctx);
/** True when the verdict has a reason with this code. */
bool ds_password_verdict_has(const ds_password_verdict *v, ds_password_reason code);
/** A stable name for a reason ("too_short", "default_list", ...) for JSON and scripts. */
const char *ds_password_reason_str(ds_password_reason code);
/** A stable name for a context field ("serial", "vendor", ...), "" for none. */
const char *ds_password_field_str(ds_password_field field);

#endif
