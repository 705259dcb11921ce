/* The proto-ver answer, read with cJSON. */
#include "espprov_proto_ver.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/** Copies a string into a fixed buffer, cut to fit (whole bytes; callers
 *  sanitise text before showing it). */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/** A JSON number that is a small whole number, into *v; false otherwise. */
static bool small_int(const cJSON *item, int *v)
{
	double d;

	if (!cJSON_IsNumber(item))
		return false;
	d = item->valuedouble;
	if (!(d >= 0 && d <= 1000) || floor(d) != d)
		return false;
	*v = (int)d;
	return true;
}

/** Reads "prov"; false when a member present has the wrong type. */
static bool read_prov(const cJSON *prov, espprov_proto_ver *out)
{
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(prov, "ver");
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(prov, "sec_ver");
	const cJSON *patch = cJSON_GetObjectItemCaseSensitive(prov, "sec_patch_ver");
	const cJSON *cap = cJSON_GetObjectItemCaseSensitive(prov, "cap");
	const cJSON *c;

	if (ver != NULL) {
		if (!cJSON_IsString(ver))
			return false;
		copy_text(out->version, sizeof out->version, ver->valuestring);
	}
	if (cap != NULL) {
		if (!cJSON_IsArray(cap))
			return false;
		cJSON_ArrayForEach(c, cap)
		{
			if (!cJSON_IsString(c))
				return false;
			if (strcmp(c->valuestring, "no_pop") == 0)
				out->cap_no_pop = true;
			else if (strcmp(c->valuestring, "no_sec") == 0)
				out->cap_no_sec = true;
			else if (strcmp(c->valuestring, "wifi_scan") == 0)
				out->cap_wifi_scan = true;
		}
	}
	if (sec != NULL) {
		if (!small_int(sec, &out->sec_ver))
			return false;
	} else {
		out->sec_ver = out->cap_no_sec ? 0 : 1;
	}
	if (patch != NULL && !small_int(patch, &out->sec_patch_ver))
		return false;
	return true;
}

/** Keeps one application member as name/value text. */
static void keep_field(const cJSON *item, espprov_proto_ver *out)
{
	espprov_field *f;
	char *printed;

	if (out->n_fields >= ESPPROV_FIELDS_MAX || item->string == NULL)
		return;
	f = &out->fields[out->n_fields++];
	copy_text(f->name, sizeof f->name, item->string);
	if (cJSON_IsString(item)) {
		copy_text(f->value, sizeof f->value, item->valuestring);
		return;
	}
	printed = cJSON_PrintUnformatted(item);
	copy_text(f->value, sizeof f->value, printed != NULL ? printed : "");
	cJSON_free(printed);
}

espprov_result espprov_proto_ver_parse(const char *text, size_t len, espprov_proto_ver *out)
{
	cJSON *root, *prov, *item;
	espprov_result r = ESPPROV_OK;

	if (out == NULL || (text == NULL && len > 0))
		return ESPPROV_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (len > ESPPROV_ANSWER_MAX)
		return ESPPROV_ERR_TOO_LARGE;
	/* a device may end its answer with a NUL: the text stops there */
	if (len == 0 || memchr(text, '\0', len) == text)
		return ESPPROV_ERR_MALFORMED;
	root = cJSON_ParseWithLength(text, len);
	if (root == NULL || !cJSON_IsObject(root))
		r = ESPPROV_ERR_MALFORMED;
	prov = r == ESPPROV_OK ? cJSON_GetObjectItemCaseSensitive(root, "prov") : NULL;
	if (r == ESPPROV_OK && (!cJSON_IsObject(prov) || !read_prov(prov, out)))
		r = ESPPROV_ERR_MALFORMED;
	if (r == ESPPROV_OK) {
		cJSON_ArrayForEach(item, root)
		{
			if (item != prov)
				keep_field(item, out);
		}
	}
	cJSON_Delete(root);
	if (r != ESPPROV_OK)
		memset(out, 0, sizeof *out);
	return r;
}
