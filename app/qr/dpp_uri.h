/* Wi-Fi Easy Connect (DPP) bootstrapping URIs:
 * "DPP:C:81/1,115/36;M:5254005828e5;I:info;K:<base64 key>;V:2;;".
 * The public key (K, mandatory) is public; nothing here is secret. */
#ifndef DS_QR_DPP_URI_H
#define DS_QR_DPP_URI_H

#include <stddef.h>

#include "app/qr/qr_error.h"
#include "app/base/must_check.h"

/** Channels kept (C:); more is refused. */
#define DS_QR_DPP_MAX_CHANNELS 32

/** A decoded DPP URI. */
typedef struct ds_qr_dpp {
	size_t n_channels;
	char channels[DS_QR_DPP_MAX_CHANNELS][12]; /**< "class/channel", as written */
	char mac[18];          /**< M: as "aa:bb:cc:dd:ee:ff", or "" */
	char info[128];        /**< I:, or "" */
	char public_key[256];  /**< K: base64 (DER SubjectPublicKeyInfo), as written */
	size_t key_der_len;    /**< bytes the key decodes to */
	unsigned version;      /**< V:, or 0 when absent */
	char host[128];        /**< H:, or "" */
	char bands[64];        /**< B: (supported bands), as written, or "" */
} ds_qr_dpp;

/** Parses len bytes starting with "DPP:" into out. 0, or -1 with err. */
DS_MUST_CHECK int ds_qr_dpp_parse(const char *s, size_t len, ds_qr_dpp *out, ds_qr_error *err);

#endif
