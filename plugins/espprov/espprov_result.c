/* The result codes' string forms and the core's buffer release. */
#include "espprov_result.h"

#include <sodium.h>

const char *espprov_result_str(espprov_result r)
{
	switch (r) {
	case ESPPROV_OK:
		return "ok";
	case ESPPROV_SEND:
		return "send";
	case ESPPROV_ERR_PROOF:
		return "proof-refused";
	case ESPPROV_ERR_MALFORMED:
		return "malformed";
	case ESPPROV_ERR_UNSUPPORTED:
		return "unsupported";
	case ESPPROV_ERR_DEVICE:
		return "device-error";
	case ESPPROV_ERR_TOO_LARGE:
		return "too-large";
	case ESPPROV_ERR_STATE:
		return "bad-state";
	case ESPPROV_ERR_AUTH:
		return "auth-failed";
	case ESPPROV_ERR_CRYPTO:
		return "crypto-failed";
	case ESPPROV_ERR_NOMEM:
		return "no-memory";
	case ESPPROV_ERR_ARG:
		return "bad-argument";
	}
	return "unknown";
}

void espprov_free(void *buf)
{
	if (buf != NULL)
		sodium_free(buf);
}
