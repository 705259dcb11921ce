/* Context words, taken apart the way an attacker would try them. */
#include "app/password/password_words.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/password/password_lists.h"

/** True for a byte that is part of a word (letters, digits, UTF-8). */
static bool ds_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/** Adds one word (len bytes of s) unless it is too short or already there. */
static void ds_words_add(ds_context_words *out, ds_password_field field, const char *s, size_t len)
{
	ds_context_word *w;
	char canon[DS_WORD_LEN];
	size_t nd = 0;

	if (out->n >= DS_WORDS_MAX || len >= DS_WORD_LEN)
		return;
	if (ds_password_canon(s, len, canon, sizeof canon) < DS_WORD_MIN)
		return;
	for (size_t i = 0; i < out->n; i++)
		if (out->w[i].field == field && strcmp(out->w[i].canon, canon) == 0)
			return;
	w = &out->w[out->n++];
	w->field = field;
	snprintf(w->canon, sizeof w->canon, "%s", canon);
	for (size_t i = 0; i < len; i++)
		w->lower[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	w->lower[len] = '\0';
	/* The longest run of digits, for PINs. */
	w->digits[0] = '\0';
	for (size_t i = 0; i < len; i++) {
		size_t start = i;

		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i - start >= DS_WORD_MIN && i - start > nd) {
			nd = i - start;
			memcpy(w->digits, s + start, nd);
			w->digits[nd] = '\0';
		}
	}
}

/** Adds a value whole and each of its parts. */
static void ds_words_add_value(ds_context_words *out, ds_password_field field, const char *value)
{
	size_t len;

	if (!value || !value[0])
		return;
	len = strlen(value);
	ds_words_add(out, field, value, len);
	for (size_t i = 0; i < len;) {
		size_t start;

		while (i < len && !ds_word_byte((unsigned char)value[i]))
			i++;
		start = i;
		while (i < len && ds_word_byte((unsigned char)value[i]))
			i++;
		if (i > start && i - start < len)
			ds_words_add(out, field, value + start, i - start);
	}
}

/** Adds a MAC address: all its hex digits, and the last 6 (often in SSIDs). */
static void ds_words_add_mac(ds_context_words *out, const char *mac)
{
	char hex[DS_WORD_LEN];
	size_t n = 0;

	if (!mac)
		return;
	for (const char *p = mac; *p && n + 1 < sizeof hex; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F'))
			hex[n++] = *p;
	hex[n] = '\0';
	if (n >= 12) {
		ds_words_add(out, DS_FIELD_MAC, hex, n);
		ds_words_add(out, DS_FIELD_MAC, hex + n - 6, 6);
	} else {
		ds_words_add_value(out, DS_FIELD_MAC, mac);
	}
}

void ds_context_words_collect(const ds_password_context *ctx, ds_context_words *out)
{
	out->n = 0;
	if (!ctx)
		return;
	ds_words_add_value(out, DS_FIELD_SERIAL, ctx->serial);
	ds_words_add_mac(out, ctx->mac);
	ds_words_add_value(out, DS_FIELD_VENDOR, ctx->vendor);
	ds_words_add_value(out, DS_FIELD_MODEL, ctx->model);
	ds_words_add_value(out, DS_FIELD_SSID, ctx->ssid);
	ds_words_add_value(out, DS_FIELD_SITE, ctx->site);
	ds_words_add_value(out, DS_FIELD_USER, ctx->user);
	for (size_t i = 0; ctx->words && i < ctx->n_words; i++)
		ds_words_add_value(out, DS_FIELD_WORD, ctx->words[i]);
}

ds_password_field ds_context_words_find(const ds_context_words *words, const char *canon, unsigned done)
{
	for (size_t i = 0; i < words->n; i++) {
		const ds_context_word *w = &words->w[i];

		if (!(done & (1u << w->field)) && strstr(canon, w->canon))
			return w->field;
	}
	return DS_FIELD_NONE;
}

ds_password_field ds_context_words_find_digits(const ds_context_words *words, const char *pin, unsigned done)
{
	for (size_t i = 0; i < words->n; i++) {
		const ds_context_word *w = &words->w[i];

		if (w->digits[0] && !(done & (1u << w->field)) && strstr(pin, w->digits))
			return w->field;
	}
	return DS_FIELD_NONE;
}
