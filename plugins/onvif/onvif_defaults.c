/* Camera defaults, login back-off and password rules (onvif_defaults.h). */
#include "onvif_defaults.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/** Password rules by manufacturer, from the vendors' manuals: the longest
 *  password the web interface and ONVIF SetUser accept, and the characters. */
static const struct {
	const char *manufacturer;
	uint32_t max_length;
	const char *allowed;
} rules[] = {
	/* Hikvision: 8 to 16 characters. */
	{ "Hikvision", 16, "" },
	/* Dahua: 8 to 32 characters; letters, digits and common symbols (no ' " ; : &). */
	{ "Dahua", 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!@#%+=*()" },
	{ "Amcrest", 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!@#%+=*()" },
	/* Axis: up to 64 printable ASCII characters. */
	{ "Axis", 64, "" },
	/* Uniview: 9 to 32 characters. */
	{ "Uniview", 32, "" },
};

/** Safe default: short enough for every camera seen, characters that no
 *  web form or SOAP stack of a camera mangles. */
#define SAFE_MAX 16u
#define SAFE_ALLOWED "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!@#%+="

bool onvif_manufacturer_is(const char *reported, const char *manufacturer)
{
	size_t n = strlen(manufacturer);

	if (!reported || n == 0)
		return false;
	for (const char *p = reported; *p; p++) {
		if (strncasecmp(p, manufacturer, n) != 0)
			continue;
		if ((p == reported || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
			return true;
	}
	return false;
}

/** True when out[0..n) holds this pair already. */
static bool listed(const onvif_default **out, size_t n, const onvif_default *row)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i]->user, row->user) == 0 && strcmp(out[i]->password, row->password) == 0)
			return true;
	return false;
}

size_t onvif_defaults_for(const char *reported, const char *user, const onvif_default **out, size_t max)
{
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < onvif_default_count && n < max; i++) {
			const onvif_default *row = &onvif_default_rows[i];
			bool generic = strcmp(row->manufacturer, "*") == 0;

			if (pass == 0 ? generic || !onvif_manufacturer_is(reported, row->manufacturer) : !generic)
				continue;
			if (user && user[0] && strcmp(user, row->user) != 0)
				continue;
			if (!listed(out, n, row))
				out[n++] = row;
		}
	}
	return n;
}

bool onvif_is_default(const char *reported, const char *user, const char *password)
{
	const onvif_default *list[64];
	size_t n = onvif_defaults_for(reported, user, list, sizeof list / sizeof list[0]);

	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i]->password, password) == 0)
			return true;
	return false;
}

void onvif_password_rules_for(const char *reported, ds_password_rules *out)
{
	memset(out, 0, sizeof *out);
	out->max_length = SAFE_MAX;
	snprintf(out->allowed, sizeof out->allowed, "%s", SAFE_ALLOWED);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (onvif_manufacturer_is(reported, rules[i].manufacturer)) {
			out->max_length = rules[i].max_length;
			snprintf(out->allowed, sizeof out->allowed, "%s",
				 rules[i].allowed[0] ? rules[i].allowed : SAFE_ALLOWED);
			break;
		}
	}
}

uint32_t onvif_backoff_wait(const onvif_backoff *b, uint64_t now_ms)
{
	uint64_t until;

	if (!b->has_failure)
		return 0;
	until = b->last_failure_ms +
		(b->failures >= ONVIF_LOGIN_MAX_FAILURES ? ONVIF_LOGIN_PAUSE_MS : ONVIF_LOGIN_SPACING_MS);
	return now_ms >= until ? 0 : (uint32_t)(until - now_ms);
}

void onvif_backoff_failed(onvif_backoff *b, uint64_t now_ms)
{
	/* a pause that has run out starts a new series */
	if (b->has_failure && b->failures >= ONVIF_LOGIN_MAX_FAILURES &&
	    now_ms >= b->last_failure_ms + ONVIF_LOGIN_PAUSE_MS)
		b->failures = 0;
	b->failures++;
	b->last_failure_ms = now_ms;
	b->has_failure = true;
}

void onvif_backoff_succeeded(onvif_backoff *b)
{
	memset(b, 0, sizeof *b);
}
