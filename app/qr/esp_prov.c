/* ESP-IDF provisioning codes (the wifi_provisioning manager's QR JSON). */
#include "app/qr/esp_prov.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/qr/qr_json.h"

/** A string member of the object and where it goes. */
typedef struct esp_member {
	const char *key;
	size_t offset;
	size_t size;
	bool required;
} esp_member;

static const esp_member ds_esp_members[] = {
	{ .key = "ver", .offset = offsetof(ds_qr_esp_prov, version), .size = sizeof(((ds_qr_esp_prov *)0)->version) },
	{ .key = "name", .offset = offsetof(ds_qr_esp_prov, name), .size = sizeof(((ds_qr_esp_prov *)0)->name),
	  .required = true },
	{ .key = "pop", .offset = offsetof(ds_qr_esp_prov, pop), .size = sizeof(((ds_qr_esp_prov *)0)->pop) },
	{ .key = "username", .offset = offsetof(ds_qr_esp_prov, username),
	  .size = sizeof(((ds_qr_esp_prov *)0)->username) },
	{ .key = "transport", .offset = offsetof(ds_qr_esp_prov, transport),
	  .size = sizeof(((ds_qr_esp_prov *)0)->transport), .required = true },
	{ .key = "network", .offset = offsetof(ds_qr_esp_prov, network), .size = sizeof(((ds_qr_esp_prov *)0)->network) },
};

/** Copies the members into out. */
static int ds_esp_members_read(const cJSON *root, ds_qr_esp_prov *out, ds_qr_error *err)
{
	for (size_t i = 0; i < sizeof ds_esp_members / sizeof ds_esp_members[0]; i++) {
		const esp_member *m = &ds_esp_members[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, m->key);
		size_t n;

		if (!v) {
			if (m->required)
				return ds_qr_error_set(err, 0, m->key,
						       _("the member is missing: an ESP-IDF provisioning code needs \"name\" "
							 "and \"transport\""));
			continue;
		}
		if (!cJSON_IsString(v) || !v->valuestring)
			return ds_qr_error_set(err, 0, m->key, _("the member must be a text in quotes"));
		n = strlen(v->valuestring);
		if (n >= m->size)
			return ds_qr_error_set(err, 0, m->key, _("the member is longer than %zu characters"), m->size - 1);
		if (m->required && n == 0)
			return ds_qr_error_set(err, 0, m->key, _("the member is empty"));
		memcpy((char *)out + m->offset, v->valuestring, n + 1);
	}
	out->has_pop = out->pop[0] != '\0';
	out->security = 2; /* ESP-IDF's default since security 2 came */
	{
		const cJSON *sec = cJSON_GetObjectItemCaseSensitive(root, "security");

		if (sec && (!cJSON_IsNumber(sec) || sec->valuedouble < 0 || sec->valuedouble > 2 ||
			    sec->valuedouble != (double)sec->valueint))
			return ds_qr_error_set(err, 0, "security", _("the security level must be 0, 1 or 2"));
		if (sec)
			out->security = sec->valueint;
	}
	if (strcmp(out->transport, "ble") != 0 && strcmp(out->transport, "softap") != 0)
		return ds_qr_error_set(err, 0, "transport", _("the transport must be \"ble\" or \"softap\""));
	return 0;
}

int ds_qr_esp_prov_parse(const char *s, size_t len, ds_qr_esp_prov *out, ds_qr_error *err)
{
	const char *end = NULL;
	cJSON *root;
	int rc;

	memset(out, 0, sizeof *out);
	root = cJSON_ParseWithLengthOpts(s, len, &end, false);
	if (!root) {
		size_t at = end && end >= s && end <= s + len ? (size_t)(end - s) : 0;

		return ds_qr_error_set(err, at, NULL,
				       _("the code is not valid JSON here: it is cut off or damaged; scan it again"));
	}
	for (size_t i = end ? (size_t)(end - s) : len; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
			ds_qr_json_free(root);
			return ds_qr_error_set(err, i, NULL, _("there is text after the end of the JSON object"));
		}
	if (!cJSON_IsObject(root))
		rc = ds_qr_error_set(err, 0, NULL, _("an ESP-IDF provisioning code is a JSON object ({...})"));
	else
		rc = ds_esp_members_read(root, out, err);
	ds_qr_json_free(root);
	return rc;
}
