/* Internal header of the ONVIF camera plugin: the device state, translation
 * macros, the SOAP call over ds_host.http, and the operations each file
 * implements (onvif_plugin.c: descriptor, open, info; onvif_device.c: calls,
 * clock, logins; onvif_discover.c: WS-Discovery and addresses;
 * onvif_accounts.c: credentials and accounts; onvif_diag.c: diagnostics,
 * fixes and the RTSP stream check). */
#ifndef ONVIF_H
#define ONVIF_H

#include <doorstep/plugin.h>

#include "onvif_defaults.h"
#include "onvif_soap.h"
#include "onvif_xml.h"

/** The plugin's gettext text domain. */
#define ONVIF_TEXT_DOMAIN "doorstep-onvif"
/** Translates a message now (xgettext --keyword=D_). */
#define D_(s) onvif_translate(s)
/** Marks a message for translation later (--keyword=N_). */
#define N_(s) (s)

/** Locators: "onvif:" and the device service's XAddrs, comma-separated. */
#define ONVIF_LOCATOR_PREFIX "onvif:"
/** Timeouts (ms): one SOAP call, a probe of a typed address, the discovery window. */
#define ONVIF_CALL_TIMEOUT_MS 5000u
#define ONVIF_PROBE_TIMEOUT_MS 3000u
#define ONVIF_DISCOVERY_WINDOW_MS 3000u
/** How long set_password waits for the camera to take a new password. */
#define ONVIF_APPLY_TIMEOUT_MS 30000u
/** A clock off by more than this (s) gets a warning. */
#define ONVIF_CLOCK_LIMIT_S 60
/** Most cameras one discovery keeps. */
#define ONVIF_DISCOVER_MAX 128u

/** How a camera takes credentials. */
typedef enum onvif_auth {
	ONVIF_AUTH_UNKNOWN = 0,
	ONVIF_AUTH_WSSE = 1, /**< WS-UsernameToken PasswordDigest */
	ONVIF_AUTH_HTTP = 2, /**< HTTP Digest */
} onvif_auth;

/** One account as the plugin knows it. */
typedef struct onvif_account_state {
	onvif_user user;
	bool on_default; /**< it logged in with a known default */
	bool checked;    /**< the defaults were tried */
	char *password;  /**< the default that logged in (secret memory), or NULL */
} onvif_account_state;

/** An opened camera. */
struct ds_device {
	char xaddrs[ONVIF_XADDRS_MAX][ONVIF_URL_MAX];
	size_t n_xaddrs;
	char url[ONVIF_URL_MAX];       /**< the device service XAddr that answered */
	char media_url[ONVIF_URL_MAX]; /**< the media service, or "" */
	onvif_device_information info;
	char mac[24];
	int64_t clock_offset; /**< camera clock minus laptop clock (s) */
	bool clock_known, clock_ntp;
	onvif_auth auth;                    /**< what worked for this camera */
	char user[64];                      /**< the administrator account */
	char *password;                     /**< its password known to work (secret memory), or NULL */
	bool on_default;                    /**< password is a factory default */
	bool searched;                      /**< the defaults were tried */
	const onvif_default *found_default; /**< the factory default that logged in (public table data), or NULL */
	bool needs_activation;              /**< the camera has no account at all */
	onvif_account_state accounts[ONVIF_USERS_MAX];
	size_t n_accounts;
	bool accounts_read;
	onvif_backoff backoff;
	char *pending; /**< a new password SetUser may have put in effect (secret), or NULL */
};

/** The host table from init(). */
extern const ds_host *onvif_host;

/** Looks msgid up in the plugin's text domain. */
const char *onvif_translate(const char *msgid) __attribute__((format_arg(1)));
/** A copy of a secret in secret memory (NULL on failure). */
char *onvif_secret_dup(const char *secret);
/** Frees *secret (wiping it) and sets it to NULL. */
void onvif_secret_clear(char **secret);
/** Records "the device at where answers, but not as an ONVIF camera"; DS_ERR_DEVICE. */
ds_status onvif_not_a_camera(ds_call *call, const char *where);
/** Milliseconds of a monotonic clock. */
uint64_t onvif_now_ms(void);

/* ---- calls (onvif_device.c) ---- */

/** Credentials for one call, or NULL for none. */
typedef struct onvif_creds {
	const char *user;
	const char *password; /**< secret memory */
} onvif_creds;

/** One answer: the body (malloc'd, free it) and what the transport said. */
typedef struct onvif_answer {
	char *xml;
	size_t len;
	long http_status;
	onvif_fault fault;
	onvif_xml_error err; /**< set by the caller's parser */
	unsigned auth_tries; /**< requests that carried the credentials (2: WS-UsernameToken, then HTTP Digest) */
} onvif_answer;

/** Sends body to url with creds (NULL: none), the way dev takes them (trying
 *  WS-UsernameToken first, HTTP Digest when the camera answers 401).
 *  body_secret: body carries a password (built and sent from secret memory).
 *  DS_OK when the camera answered (any status: see ans); DS_ERR_AUTH when
 *  it refused the credentials (no message recorded: the caller decides);
 *  DS_ERR_IO, DS_ERR_TIMEOUT, DS_ERR_CANCELLED from the transport. */
ds_status onvif_call(ds_call *call, ds_device *dev, const char *url, const onvif_creds *creds, const char *body,
		     bool body_secret, onvif_answer *ans);
/** Frees an answer. */
void onvif_answer_free(onvif_answer *ans);
/** Records the message for a call that failed (transport, fault, parse). */
ds_status onvif_call_fail(ds_call *call, ds_device *dev, ds_status st, const onvif_answer *ans, const char *what);

/** GetSystemDateAndTime without credentials at url: the clock offset. */
ds_status onvif_read_clock(ds_call *call, ds_device *dev, const char *url);
/** Logs in as user with password (GetDeviceInformation; GetUsers too when
 *  admin): DS_OK, DS_ERR_AUTH, or a transport status. With want_admin, an
 *  account that is not an administrator is DS_ERR_AUTH. Observes the back-off. */
ds_status onvif_try_login(ds_call *call, ds_device *dev, const char *user, const char *password, bool want_admin);
/** Reads device information, MAC and users with dev's known credentials. */
ds_status onvif_read_identity(ds_call *call, ds_device *dev);

/* ---- discovery (onvif_discover.c) ---- */

ds_status onvif_discover(ds_call *call, size_t index, char *locator, size_t locator_size);
ds_status onvif_match_address(ds_call *call, const char *address, char *locator, size_t locator_size);
/** Forgets the last discovery, and closes the cameras it read and nobody took. */
void onvif_discover_reset(void);
/** The camera the last discovery read at locator, handed over to the caller;
 *  NULL when there is none (then it is opened afresh). */
ds_device *onvif_discover_take(const char *locator);

/* ---- opening (onvif_plugin.c) ---- */

/** Opens the camera at locator and reads what device_info tells (clock,
 *  services, factory default, identity), while a search window is still
 *  open; NULL when any of it failed (open() then tries again and says why). */
ds_device *onvif_read_found(ds_call *call, const char *locator);
/** Closes a camera and clears its secrets; NULL is allowed. */
void onvif_device_free(ds_device *dev);

/* ---- credentials and accounts (onvif_accounts.c) ---- */

/** Once per camera: whether it is activated and which factory default logs
 *  in (then its device information, MAC and accounts are read). DS_OK,
 *  DS_ERR_AUTH (no default logs in), DS_ERR_BUSY (back-off), or a transport
 *  status; no message recorded for DS_ERR_AUTH and DS_ERR_BUSY. */
ds_status onvif_identify(ds_call *call, ds_device *dev);
ds_status onvif_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out);
ds_status onvif_login(ds_call *call, ds_device *dev, const char *password);
ds_status onvif_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_password);
ds_status onvif_account(ds_call *call, ds_device *dev, size_t index, ds_account *out);
/** Asks the camera again whether each other account found on a default
 *  still logs in with it (another process may have changed it since). */
ds_status onvif_accounts_recheck(ds_call *call, ds_device *dev);
ds_status onvif_account_set_password(ds_call *call, ds_device *dev, const char *user, const char *new_password);
ds_status onvif_account_delete(ds_call *call, ds_device *dev, const char *user);

/* ---- diagnostics (onvif_diag.c) ---- */

ds_status onvif_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out);
ds_status onvif_check_fix(ds_call *call, ds_device *dev, const char *fix);

#endif
