/* Wi-Fi join codes (the ZXing "WIFI:" format). */
#include "app/qr/wifi_qr.h"

#include <string.h>
#include <strings.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"

#define DS_WIFI_PREFIX "WIFI:"
#define DS_WIFI_PREFIX_LEN 5

/** Security types known to phone cameras and ZXing. */
static const char *const ds_wifi_types[] = {
	"nopass", "WEP", "WPA", "WPA2", "WPA3", "SAE", "WPA2-EAP", "WPA3-EAP", "EAP",
};

/** Types whose password is a WPA passphrase (8..63 characters, or 64 hex digits). */
static const char *const ds_wifi_psk_types[] = { "WPA", "WPA2", "WPA3", "SAE" };

/** Where a field's value goes. */
typedef struct wifi_field {
	const char *name;
	size_t offset;      /**< offsetof(ds_qr_wifi, member) */
	size_t size;        /**< sizeof the member */
} wifi_field;

static const wifi_field ds_wifi_fields[] = {
	{ .name = "S", .offset = offsetof(ds_qr_wifi, ssid), .size = sizeof(((ds_qr_wifi *)0)->ssid) },
	{ .name = "T", .offset = offsetof(ds_qr_wifi, security), .size = sizeof(((ds_qr_wifi *)0)->security) },
	{ .name = "P", .offset = offsetof(ds_qr_wifi, password), .size = sizeof(((ds_qr_wifi *)0)->password) },
	{ .name = "E", .offset = offsetof(ds_qr_wifi, eap_method), .size = sizeof(((ds_qr_wifi *)0)->eap_method) },
	{ .name = "A", .offset = offsetof(ds_qr_wifi, anonymous_identity),
	  .size = sizeof(((ds_qr_wifi *)0)->anonymous_identity) },
	{ .name = "I", .offset = offsetof(ds_qr_wifi, identity), .size = sizeof(((ds_qr_wifi *)0)->identity) },
	{ .name = "PH2", .offset = offsetof(ds_qr_wifi, phase2), .size = sizeof(((ds_qr_wifi *)0)->phase2) },
	{ .name = "H", .offset = 0, .size = 0 }, /* a boolean, handled apart */
};

#define DS_WIFI_NFIELDS (sizeof ds_wifi_fields / sizeof ds_wifi_fields[0])

/** True when c must be escaped in a value. */
static bool ds_wifi_special(char c)
{
	return c == '\\' || c == ';' || c == ',' || c == ':' || c == '"';
}

/** True when s is one of the n names (case-insensitive). */
static bool ds_wifi_in(const char *s, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(s, names[i]) == 0)
			return true;
	return false;
}

/** True when s is exactly 64 hexadecimal digits (a raw WPA key). */
static bool ds_wifi_hex64(const char *s)
{
	size_t n = strlen(s);

	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

/** Reads an escaped value from *pos up to an unescaped ';' or the end into
 *  dst (size bytes). Leaves *pos after the ';'. 0, or -1 with err. */
static int ds_wifi_value(const char *s, size_t len, size_t *pos, char *dst, size_t size, const char *name,
			 ds_qr_error *err)
{
	size_t o = 0, start = *pos, i = *pos;

	while (i < len && s[i] != ';') {
		char c = s[i];

		if (c == '\\') {
			if (i + 1 >= len)
				return ds_qr_error_set(err, i, name,
						       _("the code ends with a lone '\\' (an escape with nothing to escape): "
							 "it is cut off"));
			c = s[++i];
		}
		if (c == '\0')
			return ds_qr_error_set(err, i, name, _("the value contains a NUL byte: the code is damaged"));
		if (o + 1 >= size)
			return ds_qr_error_set(err, start, name,
					       _("the value is longer than %zu bytes, more than this field can be"), size - 1);
		dst[o++] = c;
		i++;
	}
	dst[o] = '\0';
	*pos = i < len ? i + 1 : i;
	return 0;
}

/** Reads H:'s value. */
static int ds_wifi_hidden(const char *s, size_t len, size_t *pos, ds_qr_wifi *out, ds_qr_error *err)
{
	char v[64];
	size_t at = *pos;

	if (ds_wifi_value(s, len, pos, v, sizeof v, "H", err) < 0)
		return -1;
	if (strcasecmp(v, "true") == 0)
		out->hidden = true;
	else if (strcasecmp(v, "false") == 0 || v[0] == '\0')
		out->hidden = false;
	else
		return ds_qr_error_set(err, at, "H", _("H (hidden network) must be \"true\" or \"false\""));
	ds_secret_wipe(v, sizeof v);
	return 0;
}

/** Checks the decoded fields against each other. */
static int ds_wifi_validate(const ds_qr_wifi *out, size_t len, const size_t *at, ds_qr_error *err)
{
	size_t n;

	if (!out->ssid[0])
		return ds_qr_error_set(err, len, "S", _("the network name (S:) is missing: a Wi-Fi code must name its network"));
	if (!ds_wifi_in(out->security, ds_wifi_types, sizeof ds_wifi_types / sizeof ds_wifi_types[0]))
		return ds_qr_error_set(err, at[1], "T",
				       _("the security type (T:) is not one of WPA, WPA2, WPA3, SAE, WEP, WPA2-EAP or nopass"));
	if (strcasecmp(out->security, "nopass") == 0 && out->password[0])
		return ds_qr_error_set(err, at[2], "P",
				       _("the code gives a password (P:) but says the network is open (T:nopass): "
					 "one of them is wrong; make the code again"));
	n = strlen(out->password);
	if (ds_wifi_in(out->security, ds_wifi_psk_types, sizeof ds_wifi_psk_types / sizeof ds_wifi_psk_types[0]) &&
	    (n < 8 || n > 63) && !ds_wifi_hex64(out->password))
		return ds_qr_error_set(err, at[2], "P",
				       _("a WPA password has 8 to 63 characters (or 64 hex digits), this one has %zu: "
					 "the code is damaged or was made wrong"),
				       n);
	return 0;
}

/** Parses the fields after the prefix. */
static int ds_wifi_fields_parse(const char *s, size_t len, ds_qr_wifi *out, size_t *at, ds_qr_error *err)
{
	bool seen[DS_WIFI_NFIELDS] = { false };
	size_t pos = DS_WIFI_PREFIX_LEN;

	while (pos < len) {
		size_t name_at = pos, k;
		char name[4];

		if (s[pos] == ';') {
			/* The empty field that ends the code; only white space may follow. */
			for (pos++; pos < len; pos++)
				if (s[pos] != ' ' && s[pos] != '\t' && s[pos] != '\r' && s[pos] != '\n')
					return ds_qr_error_set(err, pos, NULL,
							       _("there is text after the end of the code (\";;\"): "
								 "two codes ran together, or the code is damaged"));
			break;
		}
		for (k = 0; pos < len && s[pos] != ':' && s[pos] != ';' && k < sizeof name - 1; pos++)
			name[k++] = s[pos];
		name[k] = '\0';
		if (pos >= len || s[pos] != ':' || k == 0)
			return ds_qr_error_set(err, name_at, NULL,
					       _("a field without \"NAME:\" (fields look like S:network;): "
						 "the code is damaged, or a ';' in a value is not escaped as \\;"));
		pos++;
		for (k = 0; k < DS_WIFI_NFIELDS && strcmp(ds_wifi_fields[k].name, name) != 0; k++)
			;
		if (k == DS_WIFI_NFIELDS) {
			/* A field this version does not know (R:, K: ...): skip it. */
			char skip[DS_QR_WIFI_TEXT_MAX * 4];
			int rc = ds_wifi_value(s, len, &pos, skip, sizeof skip, name, err);

			ds_secret_wipe(skip, sizeof skip);
			if (rc < 0)
				return -1;
			continue;
		}
		if (seen[k])
			return ds_qr_error_set(err, name_at, name,
					       _("the field appears twice: the code is damaged or two codes ran together"));
		seen[k] = true;
		if (k < 3)
			at[k] = name_at;
		if (ds_wifi_fields[k].size == 0) {
			if (ds_wifi_hidden(s, len, &pos, out, err) < 0)
				return -1;
			continue;
		}
		if (ds_wifi_value(s, len, &pos, (char *)out + ds_wifi_fields[k].offset, ds_wifi_fields[k].size, name,
				  err) < 0)
			return -1;
	}
	out->has_password = seen[2] && out->password[0];
	if (!seen[1])
		memcpy(out->security, "nopass", sizeof "nopass");
	return 0;
}

int ds_qr_wifi_parse(const char *s, size_t len, ds_qr_wifi *out, ds_qr_error *err)
{
	size_t at[3] = { DS_WIFI_PREFIX_LEN, DS_WIFI_PREFIX_LEN, DS_WIFI_PREFIX_LEN };

	memset(out, 0, sizeof *out);
	if (len < DS_WIFI_PREFIX_LEN || strncasecmp(s, DS_WIFI_PREFIX, DS_WIFI_PREFIX_LEN) != 0)
		return ds_qr_error_set(err, 0, "prefix", _("a Wi-Fi code starts with \"WIFI:\""));
	if (ds_wifi_fields_parse(s, len, out, at, err) < 0)
		return -1;
	return ds_wifi_validate(out, len, at, err);
}

size_t ds_qr_wifi_escape(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s; s++) {
		if (ds_wifi_special(*s)) {
			if (out && n + 1 < size)
				out[n] = '\\';
			n++;
		}
		if (out && n + 1 < size)
			out[n] = *s;
		n++;
	}
	if (out && size > 0)
		out[n < size ? n : size - 1] = '\0';
	return n;
}

/** Appends "NAME:escaped value;" to buf at *n (NULL buf: only counts). */
static void ds_wifi_put(char *buf, size_t size, size_t *n, const char *name, const char *value)
{
	size_t name_len = strlen(name), escaped;

	if (buf && *n + name_len + 1 < size) {
		memcpy(buf + *n, name, name_len);
		buf[*n + name_len] = ':';
	}
	*n += name_len + 1;
	if (buf && *n < size)
		escaped = ds_qr_wifi_escape(value, buf + *n, size - *n);
	else
		escaped = ds_qr_wifi_escape(value, NULL, 0);
	*n += escaped;
	if (buf && *n + 1 < size)
		buf[*n] = ';';
	(*n)++;
}

/** Writes (or, with buf NULL, measures) the whole join code; returns its length. */
static size_t ds_wifi_build(const ds_qr_wifi *w, const char *type, bool password, char *buf, size_t size)
{
	size_t n = DS_WIFI_PREFIX_LEN;

	if (buf)
		memcpy(buf, DS_WIFI_PREFIX, DS_WIFI_PREFIX_LEN);
	ds_wifi_put(buf, size, &n, "T", type);
	ds_wifi_put(buf, size, &n, "S", w->ssid);
	if (password)
		ds_wifi_put(buf, size, &n, "P", w->password);
	if (w->eap_method[0])
		ds_wifi_put(buf, size, &n, "E", w->eap_method);
	if (w->anonymous_identity[0])
		ds_wifi_put(buf, size, &n, "A", w->anonymous_identity);
	if (w->identity[0])
		ds_wifi_put(buf, size, &n, "I", w->identity);
	if (w->phase2[0])
		ds_wifi_put(buf, size, &n, "PH2", w->phase2);
	if (w->hidden)
		ds_wifi_put(buf, size, &n, "H", "true");
	if (buf && n + 1 < size) {
		buf[n] = ';';
		buf[n + 1] = '\0';
	}
	return n + 1;
}

int ds_qr_wifi_encode(const ds_qr_wifi *w, char **out)
{
	const char *type = w->security[0] ? w->security : w->password[0] ? "WPA" : "nopass";
	bool password = w->password[0] && strcasecmp(type, "nopass") != 0;
	size_t len;

	*out = NULL;
	if (!w->ssid[0])
		return -1;
	len = ds_wifi_build(w, type, password, NULL, 0);
	*out = ds_secret_alloc(len + 1);
	if (!*out)
		return -1;
	ds_wifi_build(w, type, password, *out, len + 1);
	return 0;
}
