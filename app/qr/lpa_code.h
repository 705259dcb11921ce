/* eSIM activation codes (GSMA SGP.22, section 4.1), as printed in QR
 * codes: "LPA:1$SM-DP+ address$Matching ID[$SM-DP+ OID[$1]]". The last
 * field "1" means the operator's confirmation code is also needed. The
 * matching ID and the whole code are secrets: keep a ds_qr_lpa in secure
 * memory. */
#ifndef DS_QR_LPA_CODE_H
#define DS_QR_LPA_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/qr/qr_error.h"
#include "app/base/must_check.h"

/** A decoded activation code. */
typedef struct ds_qr_lpa {
	char smdp_address[256];      /**< the SM-DP+ server, e.g. "rsp.example.com" */
	char matching_id[256];       /**< secret: the AC token; may be "" */
	char smdp_oid[128];          /**< the SM-DP+ OID, or "" */
	bool confirmation_code_required;
	char ci_pkid[128];           /**< SGP.22 v3: the CI public key identifier, or "" */
	char activation_code[800];   /**< secret: the whole code with "LPA:", for esim_download */
} ds_qr_lpa;

/** Parses len bytes starting with "LPA:" into out. 0, or -1 with err. */
DS_MUST_CHECK int ds_qr_lpa_parse(const char *s, size_t len, ds_qr_lpa *out, ds_qr_error *err);

#endif
