/* The Wi-Fi messages of ESP-IDF provisioning as plain C: requests for
 * prov-scan (start, status, results), prov-config (station status, set
 * credentials, apply) and prov-ctrl (reset, reprovision), and parsers of the
 * device's answers. The messages are the plaintext: the session
 * (espprov_session.h) encrypts and decrypts them.
 *
 * SSIDs and other text come from the device: they are kept as bytes and a
 * length, never printed here; callers sanitise them before showing them.
 * Every request buffer is secret memory (the Wi-Fi key is in one): free it
 * with espprov_free(). */
#ifndef ESPPROV_WIFI_H
#define ESPPROV_WIFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "espprov_result.h"

#define ESPPROV_SSID_MAX 32u       /**< IEEE 802.11 */
#define ESPPROV_PASSPHRASE_MAX 64u /**< WPA: 8..63 characters or 64 hex digits */
#define ESPPROV_BSSID_LEN 6u
#define ESPPROV_IP4_MAX 16u /**< "255.255.255.255" and its NUL */

/** A network's authentication as the device reports it (wifi_constants.proto). */
typedef enum espprov_wifi_auth {
	ESPPROV_AUTH_OPEN = 0,
	ESPPROV_AUTH_WEP = 1,
	ESPPROV_AUTH_WPA_PSK = 2,
	ESPPROV_AUTH_WPA2_PSK = 3,
	ESPPROV_AUTH_WPA_WPA2_PSK = 4,
	ESPPROV_AUTH_WPA2_ENTERPRISE = 5,
	ESPPROV_AUTH_WPA3_PSK = 6,
	ESPPROV_AUTH_WPA2_WPA3_PSK = 7,
	ESPPROV_AUTH_OTHER = 99, /**< a value this core does not know */
} espprov_wifi_auth;

/** The station's state (WifiStationState). */
typedef enum espprov_wifi_state {
	ESPPROV_STA_CONNECTED = 0,
	ESPPROV_STA_CONNECTING = 1,
	ESPPROV_STA_DISCONNECTED = 2,
	ESPPROV_STA_FAILED = 3,
} espprov_wifi_state;

/** Why a connection failed (WifiConnectFailedReason). */
typedef enum espprov_wifi_fail {
	ESPPROV_FAIL_NONE = -1,     /**< no reason given */
	ESPPROV_FAIL_AUTH = 0,      /**< the key was refused */
	ESPPROV_FAIL_NOT_FOUND = 1, /**< no such network in reach */
	ESPPROV_FAIL_OTHER = 99,    /**< a reason this core does not know */
} espprov_wifi_fail;

/** How to scan (CmdScanStart). */
typedef struct espprov_scan_params {
	bool blocking;           /**< answer only when the scan is over */
	bool passive;            /**< listen instead of probing */
	uint32_t group_channels; /**< channels per step (0: all at once) */
	uint32_t period_ms;      /**< time per channel (0: the device's default) */
} espprov_scan_params;

/** One network the device saw (WiFiScanResult). */
typedef struct espprov_wifi_ap {
	uint8_t ssid[ESPPROV_SSID_MAX];
	size_t ssid_len;
	uint32_t channel;
	int32_t rssi; /**< dBm */
	uint8_t bssid[ESPPROV_BSSID_LEN];
	bool has_bssid;
	espprov_wifi_auth auth;
} espprov_wifi_ap;

/** The credentials to set (CmdSetConfig). The passphrase is the caller's
 *  secret; it is copied only into the request's secret buffer. */
typedef struct espprov_wifi_credentials {
	const uint8_t *ssid;
	size_t ssid_len; /**< 1..32 */
	const uint8_t *passphrase;
	size_t passphrase_len; /**< 0 (open network) or up to 64 */
	const uint8_t *bssid;  /**< NULL, or 6 bytes to pin one access point */
	int32_t channel;       /**< 0: any */
} espprov_wifi_credentials;

/** The station's status (RespGetStatus). */
typedef struct espprov_wifi_status {
	espprov_wifi_state state;
	espprov_wifi_fail fail;      /**< with ESPPROV_STA_FAILED (or disconnected) */
	bool has_attempts;           /**< the device said how many tries are left */
	uint32_t attempts_remaining; /**< while connecting */
	char ip4[ESPPROV_IP4_MAX];   /**< when connected: dotted quad (checked: digits and dots) */
	uint8_t ssid[ESPPROV_SSID_MAX];
	size_t ssid_len;
	uint8_t bssid[ESPPROV_BSSID_LEN];
	bool has_bssid;
	int32_t channel;
	espprov_wifi_auth auth;
} espprov_wifi_status;

/** Most scan results parsed from one answer. */
#define ESPPROV_SCAN_RESULTS_MAX 16u

/** prov-scan: start a scan. */
espprov_result espprov_wifi_scan_start_request(const espprov_scan_params *p, uint8_t **req, size_t *len);
/** prov-scan: is the scan over, how many results. */
espprov_result espprov_wifi_scan_status_request(uint8_t **req, size_t *len);
/** prov-scan: count results from index start (over BLE, 4 at a time fit). */
espprov_result espprov_wifi_scan_result_request(uint32_t start, uint32_t count, uint8_t **req, size_t *len);
/** prov-config: the station's status. */
espprov_result espprov_wifi_status_request(uint8_t **req, size_t *len);
/** prov-config: set the credentials (ESPPROV_ERR_ARG when they break the caps). */
espprov_result espprov_wifi_set_config_request(const espprov_wifi_credentials *c, uint8_t **req, size_t *len);
/** prov-config: apply the credentials (the device starts connecting). */
espprov_result espprov_wifi_apply_request(uint8_t **req, size_t *len);
/** prov-ctrl: reset the provisioning state after a failed attempt. */
espprov_result espprov_wifi_ctrl_reset_request(uint8_t **req, size_t *len);
/** prov-ctrl: start provisioning again (after success). */
espprov_result espprov_wifi_ctrl_reprov_request(uint8_t **req, size_t *len);

/** The answer to scan start: ESPPROV_OK, ESPPROV_ERR_DEVICE (status) or
 *  ESPPROV_ERR_MALFORMED. */
espprov_result espprov_wifi_parse_scan_start(const uint8_t *buf, size_t len);
/** The answer to scan status. */
espprov_result espprov_wifi_parse_scan_status(const uint8_t *buf, size_t len, bool *finished, uint32_t *count);
/** The answer to scan result: up to cap networks into aps, *n of them;
 *  ESPPROV_ERR_TOO_LARGE when there are more than cap. */
espprov_result espprov_wifi_parse_scan_result(const uint8_t *buf, size_t len, espprov_wifi_ap *aps, size_t cap,
					      size_t *n);
/** The answer to the status request. */
espprov_result espprov_wifi_parse_status(const uint8_t *buf, size_t len, espprov_wifi_status *st);
/** The answer to set config. */
espprov_result espprov_wifi_parse_set_config(const uint8_t *buf, size_t len);
/** The answer to apply. */
espprov_result espprov_wifi_parse_apply(const uint8_t *buf, size_t len);
/** The answer to ctrl reset. */
espprov_result espprov_wifi_parse_ctrl_reset(const uint8_t *buf, size_t len);
/** The answer to ctrl reprov. */
espprov_result espprov_wifi_parse_ctrl_reprov(const uint8_t *buf, size_t len);

#endif
