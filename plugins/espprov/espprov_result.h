/* What the ESP provisioning core's functions return: one code per outcome a
 * caller must tell apart (a wrong proof of possession is not a garbled
 * answer), with a stable string form for logs and tests. The strings are
 * identifiers, not messages: the plugin says what happened in words. */
#ifndef ESPPROV_RESULT_H
#define ESPPROV_RESULT_H

#include <stddef.h>

/** Most bytes of one device answer the core accepts (a BLE value is at most
 *  256; SoftAP answers are larger but never near this). */
#define ESPPROV_ANSWER_MAX 4096u

/** Outcome of a core call. */
typedef enum espprov_result {
	ESPPROV_OK = 0,              /**< done (for a session: established) */
	ESPPROV_SEND = 1,            /**< a request is ready: send it, feed the answer back */
	ESPPROV_ERR_PROOF = 2,       /**< the device refused the proof of possession / SRP password,
					  or its own proof did not match: the code on the label is wrong */
	ESPPROV_ERR_MALFORMED = 3,   /**< the answer is not what the protocol allows */
	ESPPROV_ERR_UNSUPPORTED = 4, /**< a security version or patch this core does not speak */
	ESPPROV_ERR_DEVICE = 5,      /**< the device answered with an error status */
	ESPPROV_ERR_TOO_LARGE = 6,   /**< the answer is over ESPPROV_ANSWER_MAX, or a field over its cap */
	ESPPROV_ERR_STATE = 7,       /**< a call out of order (session not established, or failed) */
	ESPPROV_ERR_AUTH = 8,        /**< an encrypted answer failed its authentication tag */
	ESPPROV_ERR_CRYPTO = 9,      /**< a local cryptographic operation failed */
	ESPPROV_ERR_NOMEM = 10,      /**< out of (secure) memory */
	ESPPROV_ERR_ARG = 11,        /**< an argument the caller got wrong */
} espprov_result;

/** The stable identifier of r, e.g. "proof-refused"; "unknown" for others. */
const char *espprov_result_str(espprov_result r);

/** Frees a buffer the core handed out (requests, which may hold secrets):
 *  wipes it first. NULL is fine. */
void espprov_free(void *buf);

#endif
