/* DPP bootstrapping URIs (Wi-Fi Easy Connect specification, section 5.2.1). */
#include "app/qr/dpp_uri.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/base/i18n.h"

#define DS_DPP_PREFIX "DPP:"
#define DS_DPP_PREFIX_LEN 4
/** Largest DER key accepted (bytes). */
#define DS_DPP_KEY_MAX 180

/** One token: where its value is. */
typedef struct dpp_token {
	const char *v;
	size_t len;
	size_t at;   /**< offset of the value in the input */
} dpp_token;

/** The value of a base64 character, or -1. */
static int ds_dpp_b64(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/** The value of a hex digit, or -1. */
static int ds_dpp_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/** True when all n characters are digits (and n is 1..max). */
static bool ds_dpp_digits(const char *s, size_t n, size_t max)
{
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/** Copies a token into dst as text, refusing control characters. */
static int ds_dpp_text(const dpp_token *t, char *dst, size_t size, const char *name, ds_qr_error *err)
{
	if (t->len >= size)
		return ds_qr_error_set(err, t->at, name, _("the value is longer than %zu characters"), size - 1);
	for (size_t i = 0; i < t->len; i++)
		if ((unsigned char)t->v[i] < 0x20 || t->v[i] == 0x7F)
			return ds_qr_error_set(err, t->at + i, name, _("the value contains a control character: the code is damaged"));
	memcpy(dst, t->v, t->len);
	dst[t->len] = '\0';
	return 0;
}

/** C: a comma-separated list of "operating class/channel". */
static int ds_dpp_channels(const dpp_token *t, ds_qr_dpp *out, ds_qr_error *err)
{
	size_t i = 0;

	while (i <= t->len) {
		size_t start = i, slash = 0;

		while (i < t->len && t->v[i] != ',')
			i++;
		for (size_t k = start; k < i; k++)
			if (t->v[k] == '/') {
				slash = k;
				break;
			}
		if (!slash || !ds_dpp_digits(t->v + start, slash - start, 3) ||
		    !ds_dpp_digits(t->v + slash + 1, i - slash - 1, 3))
			return ds_qr_error_set(err, t->at + start, "C",
					       _("a channel must be written \"class/channel\" in digits, such as 81/1"));
		if (out->n_channels >= DS_QR_DPP_MAX_CHANNELS)
			return ds_qr_error_set(err, t->at + start, "C", _("more than %d channels are listed"),
					       DS_QR_DPP_MAX_CHANNELS);
		memcpy(out->channels[out->n_channels], t->v + start, i - start);
		out->channels[out->n_channels][i - start] = '\0';
		out->n_channels++;
		i++;
	}
	return 0;
}

/** M: 12 hex digits. */
static int ds_dpp_mac(const dpp_token *t, ds_qr_dpp *out, ds_qr_error *err)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (t->len != 12)
		return ds_qr_error_set(err, t->at, "M", P_("the MAC address must be 12 hex digits, this one has %zu character",
					  "the MAC address must be 12 hex digits, this one has %zu characters", t->len),
				       t->len);
	for (size_t i = 0; i < 12; i++) {
		int v = ds_dpp_hex(t->v[i]);

		if (v < 0)
			return ds_qr_error_set(err, t->at + i, "M", _("the MAC address must be 12 hex digits (0-9, a-f)"));
		out->mac[o++] = hex[v];
		if (i % 2 == 1 && i < 11)
			out->mac[o++] = ':';
	}
	out->mac[o] = '\0';
	return 0;
}

/** K: base64 of a DER SubjectPublicKeyInfo; checks the encoding and the DER length. */
static int ds_dpp_key(const dpp_token *t, ds_qr_dpp *out, ds_qr_error *err)
{
	uint8_t der[DS_DPP_KEY_MAX];
	size_t n = 0, pad = 0, total;
	uint32_t acc = 0;
	unsigned bits = 0;

	if (t->len == 0 || t->len % 4 != 0)
		return ds_qr_error_set(err, t->at, "K",
				       _("the public key is not valid base64 (its length is not a multiple of 4): "
					 "the code is damaged"));
	for (size_t i = 0; i < t->len; i++) {
		int v = ds_dpp_b64(t->v[i]);

		if (t->v[i] == '=' && i + 2 >= t->len) {
			pad++;
			continue;
		}
		if (v < 0 || pad)
			return ds_qr_error_set(err, t->at + i, "K",
					       _("the public key is not valid base64 (a character outside A-Z a-z 0-9 + / =): "
						 "the code is damaged"));
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= sizeof der)
				return ds_qr_error_set(err, t->at, "K", _("the public key is longer than any DPP key"));
			der[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (n < 2 || der[0] != 0x30)
		return ds_qr_error_set(err, t->at, "K", _("the public key is not a DER-encoded key: the code is damaged"));
	if (der[1] < 0x80)
		total = 2 + (size_t)der[1];
	else if (der[1] == 0x81 && n >= 3)
		total = 3 + (size_t)der[2];
	else
		total = 0;
	if (total != n)
		return ds_qr_error_set(err, t->at, "K",
				       _("the public key's DER length does not match its size: part of the key is missing"));
	if (t->len >= sizeof out->public_key)
		return ds_qr_error_set(err, t->at, "K", _("the public key is longer than any DPP key"));
	memcpy(out->public_key, t->v, t->len);
	out->public_key[t->len] = '\0';
	out->key_der_len = n;
	return 0;
}

/** V: the DPP version, 1..255. */
static int ds_dpp_version(const dpp_token *t, ds_qr_dpp *out, ds_qr_error *err)
{
	unsigned v = 0;

	if (!ds_dpp_digits(t->v, t->len, 3))
		return ds_qr_error_set(err, t->at, "V", _("the version must be a number such as 2"));
	for (size_t i = 0; i < t->len; i++)
		v = v * 10 + (unsigned)(t->v[i] - '0');
	if (v == 0 || v > 255)
		return ds_qr_error_set(err, t->at, "V", _("the version must be between 1 and 255"));
	out->version = v;
	return 0;
}

/** Handles one token by its name; unknown names are skipped (newer DPP versions add some). */
static int ds_dpp_token(const char *name, const dpp_token *t, ds_qr_dpp *out, ds_qr_error *err)
{
	if (strcmp(name, "C") == 0)
		return ds_dpp_channels(t, out, err);
	if (strcmp(name, "M") == 0)
		return ds_dpp_mac(t, out, err);
	if (strcmp(name, "I") == 0)
		return ds_dpp_text(t, out->info, sizeof out->info, "I", err);
	if (strcmp(name, "K") == 0)
		return ds_dpp_key(t, out, err);
	if (strcmp(name, "V") == 0)
		return ds_dpp_version(t, out, err);
	if (strcmp(name, "H") == 0)
		return ds_dpp_text(t, out->host, sizeof out->host, "H", err);
	if (strcmp(name, "B") == 0)
		return ds_dpp_text(t, out->bands, sizeof out->bands, "B", err);
	return 0;
}

int ds_qr_dpp_parse(const char *s, size_t len, ds_qr_dpp *out, ds_qr_error *err)
{
	static const char known[] = "CMIKVHB";
	bool seen[sizeof known] = { false };
	size_t pos = DS_DPP_PREFIX_LEN;

	memset(out, 0, sizeof *out);
	if (len < DS_DPP_PREFIX_LEN || strncasecmp(s, DS_DPP_PREFIX, DS_DPP_PREFIX_LEN) != 0)
		return ds_qr_error_set(err, 0, "prefix", _("a Wi-Fi Easy Connect code starts with \"DPP:\""));
	while (pos < len && s[pos] != ';') {
		size_t name_at = pos, k;
		const char *semi;
		char name[8];
		dpp_token t;

		for (k = 0; pos < len && s[pos] != ':' && s[pos] != ';' && k < sizeof name - 1; pos++)
			name[k++] = s[pos];
		name[k] = '\0';
		if (pos >= len || s[pos] != ':' || k == 0)
			return ds_qr_error_set(err, name_at, NULL,
					       _("a token without \"NAME:\" (tokens look like K:key;): the code is damaged"));
		pos++;
		semi = memchr(s + pos, ';', len - pos);
		t.v = s + pos;
		t.at = pos;
		t.len = semi ? (size_t)(semi - (s + pos)) : len - pos;
		pos += t.len + (semi ? 1 : 0);
		if (k == 1 && strchr(known, name[0])) {
			size_t idx = (size_t)(strchr(known, name[0]) - known);

			if (seen[idx])
				return ds_qr_error_set(err, name_at, name, _("the token appears twice: the code is damaged"));
			seen[idx] = true;
		}
		if (ds_dpp_token(name, &t, out, err) < 0)
			return -1;
	}
	/* The closing ";;" (or what is left of it), then only white space. */
	while (pos < len && s[pos] == ';')
		pos++;
	if (!out->public_key[0])
		return ds_qr_error_set(err, pos, "K",
				       _("the public key (K:) is missing: every Wi-Fi Easy Connect code must carry one"));
	for (; pos < len; pos++)
		if (s[pos] != ' ' && s[pos] != '\t' && s[pos] != '\r' && s[pos] != '\n')
			return ds_qr_error_set(err, pos, NULL, _("there is text after the end of the code (\";;\")"));
	return 0;
}
