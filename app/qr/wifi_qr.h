/* Wi-Fi join codes: "WIFI:S:<ssid>;T:<security>;P:<password>;H:true;;"
 * (the format ZXing and phone cameras read). In values, '\' escapes the
 * next character; the encoder escapes \ ; , : and ". The password is a
 * secret: keep a ds_qr_wifi in secure memory. */
#ifndef DS_QR_WIFI_QR_H
#define DS_QR_WIFI_QR_H

#include <stdbool.h>
#include <stddef.h>

#include "app/qr/qr_error.h"
#include "app/base/must_check.h"

/** Longest SSID (bytes), as 802.11 allows. */
#define DS_QR_WIFI_SSID_MAX 32
/** Longest password or EAP identity kept (bytes). */
#define DS_QR_WIFI_TEXT_MAX 128

/** A Wi-Fi network to join. */
typedef struct ds_qr_wifi {
	char ssid[DS_QR_WIFI_SSID_MAX + 1];
	char security[16];                       /**< T as written: "WPA", "WEP", "nopass" ...; "nopass" when absent */
	char password[DS_QR_WIFI_TEXT_MAX + 1];  /**< secret; "" when none */
	bool has_password;
	bool hidden;                             /**< H:true */
	char eap_method[16];                     /**< E (WPA2-Enterprise), or "" */
	char anonymous_identity[DS_QR_WIFI_TEXT_MAX + 1]; /**< A, or "" */
	char identity[DS_QR_WIFI_TEXT_MAX + 1];  /**< I, or "" */
	char phase2[16];                         /**< PH2, or "" */
} ds_qr_wifi;

/** Parses len bytes starting with "WIFI:" into out. 0, or -1 with err. */
DS_MUST_CHECK int ds_qr_wifi_parse(const char *s, size_t len, ds_qr_wifi *out, ds_qr_error *err);
/** Escapes s for a WIFI: value into out (NUL-terminated, truncated to size);
 *  returns the length the escaped text needs (without NUL). out may be NULL. */
size_t ds_qr_wifi_escape(const char *s, char *out, size_t size);
/** Builds the join code of w in new secure memory (*out; free with
 *  ds_secret_free). 0, or -1 when w has no SSID or memory ran out. */
DS_MUST_CHECK int ds_qr_wifi_encode(const ds_qr_wifi *w, char **out);

#endif
