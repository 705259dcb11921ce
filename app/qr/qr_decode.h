/* Which onboarding format a payload is, and its decoded form. Built-in
 * formats only: plugins' vendor formats are asked elsewhere (device_ops,
 * `qr decode`). A decoded payload lives in secure memory, because most
 * formats carry a secret (passcode, Wi-Fi password, PoP, matching ID). */
#ifndef DS_QR_DECODE_H
#define DS_QR_DECODE_H

#include <stddef.h>

#include "app/qr/dpp_uri.h"
#include "app/qr/esp_prov.h"
#include "app/qr/lpa_code.h"
#include "app/qr/matter_manual.h"
#include "app/qr/matter_payload.h"
#include "app/qr/qr_error.h"
#include "app/qr/wifi_qr.h"

/** The built-in formats. */
typedef enum ds_qr_format {
	DS_QR_FORMAT_UNKNOWN = 0,
	DS_QR_FORMAT_MATTER = 1,        /**< "MT:" */
	DS_QR_FORMAT_MATTER_MANUAL = 2, /**< 11 or 21 digits */
	DS_QR_FORMAT_WIFI = 3,          /**< "WIFI:" */
	DS_QR_FORMAT_DPP = 4,           /**< "DPP:" */
	DS_QR_FORMAT_LPA = 5,           /**< "LPA:" */
	DS_QR_FORMAT_ESP_PROV = 6,      /**< ESP-IDF JSON */
} ds_qr_format;

/** A decoded payload: format says which member of u is filled. */
typedef struct ds_qr_decoded {
	ds_qr_format format;
	union {
		ds_qr_matter matter;
		ds_qr_matter_manual manual;
		ds_qr_wifi wifi;
		ds_qr_dpp dpp;
		ds_qr_lpa lpa;
		ds_qr_esp_prov esp;
	} u;
} ds_qr_decoded;

/** Longest payload decoded (bytes); longer input is refused. */
#define DS_QR_PAYLOAD_MAX 4096

/** The format a payload claims by its prefix (white space around it ignored). */
ds_qr_format ds_qr_detect(const char *payload, size_t len);
/** Decodes payload (len bytes, white space around it ignored) into new
 *  secure memory. NULL, with err saying what is wrong and where, when it
 *  cannot be decoded. Free with ds_qr_decoded_free. */
ds_qr_decoded *ds_qr_decode(const char *payload, size_t len, ds_qr_error *err);
/** Wipes and frees a decoded payload; NULL is fine. */
void ds_qr_decoded_free(ds_qr_decoded *d);
/** Stable identifier of a format for --json: "matter", "matter-manual", "wifi", "dpp", "lpa", "esp-prov". */
const char *ds_qr_format_id(ds_qr_format format);
/** Translated name of a format for a person, e.g. "Matter QR code". */
const char *ds_qr_format_title(ds_qr_format format);

#endif
