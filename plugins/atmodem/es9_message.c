/* The ES9+ messages (es9_message.h). */
#include "es9_message.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/** Marks a message for translation in the plugin's text domain (xgettext --keyword=N_). */
#ifndef N_
#define N_(s) (s)
#endif

char *es9_request_body(const es9_field *fields, size_t n)
{
	cJSON *root = cJSON_CreateObject();
	char *text = NULL;

	for (size_t i = 0; root && i < n; i++) {
		if (fields[i].text) {
			if (!cJSON_AddStringToObject(root, fields[i].name, fields[i].text))
				goto done;
		} else {
			size_t size = sodium_base64_ENCODED_LEN(fields[i].len, sodium_base64_VARIANT_ORIGINAL);
			char *b64 = malloc(size);
			bool ok;

			if (!b64)
				goto done;
			sodium_bin2base64(b64, size, fields[i].data, fields[i].len, sodium_base64_VARIANT_ORIGINAL);
			ok = cJSON_AddStringToObject(root, fields[i].name, b64) != NULL;
			free(b64);
			if (!ok)
				goto done;
		}
	}
	if (root)
		text = cJSON_PrintUnformatted(root);
done:
	cJSON_Delete(root);
	return text;
}

/** Copies a JSON string item's text into out; "" when it is not one or too long. */
static void copy_code(const cJSON *item, char *out, size_t size)
{
	out[0] = '\0';
	if (cJSON_IsString(item) && item->valuestring && strlen(item->valuestring) < size)
		memcpy(out, item->valuestring, strlen(item->valuestring) + 1);
}

es9_outcome es9_response_read(const uint8_t *body, size_t len, es9_response *out)
{
	const cJSON *header, *fes, *status, *data;
	cJSON *root;

	memset(out, 0, sizeof *out);
	out->outcome = ES9_MALFORMED;
	root = cJSON_ParseWithLength((const char *)body, len);
	if (!root)
		return out->outcome;
	out->root = root;
	header = cJSON_GetObjectItemCaseSensitive(root, "header");
	fes = cJSON_GetObjectItemCaseSensitive(header, "functionExecutionStatus");
	status = cJSON_GetObjectItemCaseSensitive(fes, "status");
	if (!cJSON_IsString(status) || !status->valuestring)
		return out->outcome;
	data = cJSON_GetObjectItemCaseSensitive(fes, "statusCodeData");
	copy_code(cJSON_GetObjectItemCaseSensitive(data, "subjectCode"), out->subject, sizeof out->subject);
	copy_code(cJSON_GetObjectItemCaseSensitive(data, "reasonCode"), out->reason, sizeof out->reason);
	if (strcmp(status->valuestring, "Executed-Success") == 0 ||
	    strcmp(status->valuestring, "Executed-WithWarning") == 0)
		out->outcome = ES9_EXECUTED;
	else if (strcmp(status->valuestring, "Failed") == 0)
		out->outcome = ES9_FAILED;
	else if (strcmp(status->valuestring, "Expired") == 0)
		out->outcome = ES9_EXPIRED;
	return out->outcome;
}

void es9_response_free(es9_response *r)
{
	cJSON_Delete(r->root);
	r->root = NULL;
}

int es9_response_bytes(const es9_response *r, const char *name, uint8_t **out, size_t *len)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(r->root, name);
	size_t b64_len, cap;
	uint8_t *bin;

	*out = NULL;
	*len = 0;
	if (!cJSON_IsString(item) || !item->valuestring)
		return -1;
	b64_len = strlen(item->valuestring);
	cap = b64_len / 4 * 3 + 3;
	bin = malloc(cap);
	if (!bin)
		return -1;
	if (sodium_base642bin(bin, cap, item->valuestring, b64_len, " \r\n", len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    *len == 0) {
		free(bin);
		*len = 0;
		return -1;
	}
	*out = bin;
	return 0;
}

int es9_response_text(const es9_response *r, const char *name, char *out, size_t size)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(r->root, name);

	out[0] = '\0';
	if (!cJSON_IsString(item) || !item->valuestring || strlen(item->valuestring) >= size)
		return -1;
	memcpy(out, item->valuestring, strlen(item->valuestring) + 1);
	return 0;
}

/** A subjectCode (and reasonCode, or NULL for any) and its sentence. */
typedef struct es9_text {
	const char *subject;
	const char *reason;
	const char *text;
} es9_text;

/** SGP.22's ES9+ status codes that a person can act on, the most precise first. */
static const es9_text es9_texts[] = {
	{ "8.2.7", "2.2", N_("the operator asks for a confirmation code; type the one the operator gave you") },
	{ "8.2.7", "3.8", N_("the confirmation code is wrong; check it and try again") },
	{ "8.2.7", "6.4",
	  N_("the confirmation code was refused too many times; ask the operator for a new activation "
	     "code") },
	{ "8.2.7", NULL, N_("the SM-DP+ did not accept the confirmation code") },
	{ "8.2.6", "3.8",
	  N_("the SM-DP+ does not know this activation code's Matching ID; check the code or ask the "
	     "operator for a new one") },
	{ "8.2.6", NULL, N_("the SM-DP+ refused this activation code's Matching ID") },
	{ "8.2.5", NULL, N_("the operator has no profile ready for this activation code") },
	{ "8.2.1", NULL, N_("the operator's profile for this code is not for this eSIM") },
	{ "8.2", "1.2", N_("the operator has not released the profile yet; ask the operator") },
	{ "8.2", "3.7",
	  N_("the profile is no longer available on the SM-DP+; ask the operator for a new activation "
	     "code") },
	{ "8.2", NULL, N_("the SM-DP+ cannot give this profile") },
	{ "8.1.1", NULL, N_("the SM-DP+ refused this eSIM (its EID does not match the activation code)") },
	{ "8.1", NULL, N_("the SM-DP+ did not accept this eSIM's signature or certificate") },
	{ "8.8.1", NULL, N_("the SM-DP+ does not answer to the address in the activation code") },
	{ "8.8", NULL, N_("the SM-DP+ and this eSIM have no security settings in common") },
	{ "8.10.1", NULL, N_("the SM-DP+ does not know this download session any more; start the download again") },
	{ "8.11", NULL, N_("the SM-DP+ does not trust this eSIM's certificate authority") },
	{ NULL, NULL, NULL },
};

/** True when subject is prefix itself or starts with prefix and a dot. */
static bool subject_under(const char *subject, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(subject, prefix, n) == 0 && (subject[n] == '\0' || subject[n] == '.');
}

const char *es9_status_message(const char *subject, const char *reason)
{
	if (!subject || !subject[0])
		return N_("the SM-DP+ refused the request without saying why");
	/* the exact subject with its reason, the exact subject, then its parents */
	for (size_t i = 0; es9_texts[i].subject; i++)
		if (strcmp(subject, es9_texts[i].subject) == 0 && es9_texts[i].reason && reason &&
		    strcmp(reason, es9_texts[i].reason) == 0)
			return es9_texts[i].text;
	for (size_t i = 0; es9_texts[i].subject; i++)
		if (!es9_texts[i].reason && subject_under(subject, es9_texts[i].subject))
			return es9_texts[i].text;
	return N_("the SM-DP+ refused the request");
}

bool es9_status_is_confirmation(const char *subject)
{
	return subject && subject_under(subject, "8.2.7");
}
