/* eSIM activation codes as SGP.22 (4.1) writes them:
 * "LPA:1$<SM-DP+ address>$<Matching ID>[$<SM-DP+ OID>[$<1>]]", the last
 * field 1 when the operator asks for a confirmation code. A strict parser:
 * every malformed form is refused with its own sentence. Pure: the caller
 * puts the result in secret memory (the Matching ID is a secret). */
#ifndef LPA_CODE_H
#define LPA_CODE_H

#include <stdbool.h>
#include <stddef.h>

/** Room for the SM-DP+ address (an FQDN, optionally ":port") and the NUL. */
#define LPA_ADDRESS_SIZE 256
/** Room for the Matching ID and the NUL. */
#define LPA_MATCHING_ID_SIZE 256
/** Room for the SM-DP+ OID (dotted digits) and the NUL. */
#define LPA_OID_SIZE 128

/** One activation code, read. */
typedef struct lpa_code {
	char address[LPA_ADDRESS_SIZE];         /**< "smdp.example.com" or "host:port" */
	char matching_id[LPA_MATCHING_ID_SIZE]; /**< may be empty (the default SM-DP+'s own) */
	char oid[LPA_OID_SIZE];                 /**< "" when absent */
	bool confirmation_required;             /**< the fifth field was "1" */
} lpa_code;

/** Reads text into out. 0, or -1 with *why a msgid (translate it with D_())
 *  naming what is wrong; out is wiped then. */
int lpa_code_parse(const char *text, lpa_code *out, const char **why);

#endif
