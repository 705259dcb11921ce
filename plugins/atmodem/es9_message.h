/* The ES9+ messages between the LPA and an SM-DP+ (GSMA SGP.22 v2, 6.5):
 * JSON bodies whose binary fields are the DER of an ASN.1 value in base64,
 * and the header's functionExecutionStatus with its subjectCode and
 * reasonCode turned into a sentence. Pure (cJSON and libsodium's base64):
 * the ES9+ client (es9_client.h) sends them. */
#ifndef ES9_MESSAGE_H
#define ES9_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Room for a subjectCode or reasonCode ("8.2.7") and the NUL. */
#define ES9_CODE_SIZE 16
/** Room for a transactionId (hex of up to 16 bytes) and the NUL. */
#define ES9_TRANSACTION_ID_SIZE 33

/** One field of a request body: text as it is, or bytes in base64. */
typedef struct es9_field {
	const char *name;
	const char *text;    /**< a JSON string as it is, or NULL */
	const uint8_t *data; /**< else bytes, sent in base64 */
	size_t len;
} es9_field;

/** How the SM-DP+ said the function ended (functionExecutionStatus.status). */
typedef enum es9_outcome {
	ES9_EXECUTED = 0,  /**< Executed-Success or Executed-WithWarning */
	ES9_FAILED = 1,    /**< Failed: see subject and reason */
	ES9_EXPIRED = 2,   /**< Expired */
	ES9_MALFORMED = 3, /**< the answer is not ES9+ JSON */
} es9_outcome;

/** An answer, read. */
typedef struct es9_response {
	void *root; /**< the parsed JSON (cJSON), freed by es9_response_free() */
	es9_outcome outcome;
	char subject[ES9_CODE_SIZE]; /**< statusCodeData.subjectCode, or "" */
	char reason[ES9_CODE_SIZE];  /**< statusCodeData.reasonCode, or "" */
} es9_response;

/** The body {"name":"...",...} of fields (n of them), NUL-terminated in
 *  memory from malloc(); NULL when out of memory. */
char *es9_request_body(const es9_field *fields, size_t n);
/** Reads an answer's body (len bytes). Returns out->outcome; the caller
 *  frees out with es9_response_free() whatever it returns. */
es9_outcome es9_response_read(const uint8_t *body, size_t len, es9_response *out);
/** Frees what es9_response_read() kept. */
void es9_response_free(es9_response *r);
/** The base64 field name decoded into memory from malloc() (*out, *len).
 *  0, or -1 when absent, not base64 or out of memory. */
int es9_response_bytes(const es9_response *r, const char *name, uint8_t **out, size_t *len);
/** The text field name into out (size bytes). 0, or -1 when absent or too long. */
int es9_response_text(const es9_response *r, const char *name, char *out, size_t size);

/** The sentence (a msgid of the plugin's text domain) for a failed
 *  function's subjectCode and reasonCode. */
const char *es9_status_message(const char *subject, const char *reason);
/** True when the failure is about the confirmation code (subject 8.2.7). */
bool es9_status_is_confirmation(const char *subject);

#endif
