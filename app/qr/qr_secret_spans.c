/* Where a label's secrets stand in its text (qr_secret_spans.h). */
#include "app/qr/qr_secret_spans.h"

#include <string.h>

/** JSON: whether off is inside the string value of a secret member. */
static bool json_secret_at(const char *text, size_t len, size_t off)
{
	static const char *const keys[] = { "\"pop\"", "\"password\"", "\"username\"" };

	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		size_t klen = strlen(keys[k]);

		for (size_t i = 0; i + klen <= len; i++) {
			size_t j = i + klen;

			if (memcmp(text + i, keys[k], klen) != 0)
				continue;
			while (j < len && (text[j] == ' ' || text[j] == '\t'))
				j++;
			if (j >= len || text[j] != ':')
				continue;
			j++;
			while (j < len && (text[j] == ' ' || text[j] == '\t'))
				j++;
			if (j >= len || text[j] != '"')
				continue;
			/* the value: from after its opening quote to its closing one (or the end) */
			for (size_t v = j + 1; v < len; v++) {
				if (text[v] == '\\') {
					if (off == v || off == v + 1)
						return true;
					v++;
					continue;
				}
				if (text[v] == '"')
					break;
				if (off == v)
					return true;
			}
		}
	}
	return false;
}

/** WIFI:...P:secret;...: whether off is inside the password. */
static bool wifi_secret_at(const char *text, size_t len, size_t off)
{
	for (size_t i = 5; i + 1 < len; i++) {
		if ((text[i - 1] != ':' && text[i - 1] != ';') || text[i] != 'P' || text[i + 1] != ':')
			continue;
		for (size_t v = i + 2; v < len; v++) {
			if (text[v] == '\\') {
				if (off == v || off == v + 1)
					return true;
				v++;
				continue;
			}
			if (text[v] == ';')
				break;
			if (off == v)
				return true;
		}
	}
	return false;
}

/** LPA:1$address$matching-id[$...]: whether off is inside the matching ID. */
static bool lpa_secret_at(const char *text, size_t len, size_t off)
{
	size_t dollars = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '$') {
			dollars++;
			continue;
		}
		if (i == off)
			return dollars == 2;
	}
	return false;
}

bool ds_qr_secret_at(const char *text, size_t len, size_t off)
{
	size_t start = 0;

	if (!text || off >= len)
		return false;
	while (start < len && (text[start] == ' ' || text[start] == '\t'))
		start++;
	if (text[start] == '{')
		return json_secret_at(text, len, off);
	if (len - start >= 5 && strncmp(text + start, "WIFI:", 5) == 0)
		return wifi_secret_at(text + start, len - start, off - (off >= start ? start : off)) && off >= start;
	if (len - start >= 4 && strncmp(text + start, "LPA:", 4) == 0)
		return off >= start && lpa_secret_at(text + start, len - start, off - start);
	return false;
}
