/* RTSP requests, responses and Digest authentication (onvif_rtsp.h). */
#include "onvif_rtsp.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/** Case-insensitive prefix test of a header line. */
static bool header_is(const char *line, size_t len, const char *name, const char **value)
{
	size_t n = strlen(name);

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return false;
	*value = line + n + 1;
	while (*value < line + len && (**value == ' ' || **value == '\t'))
		(*value)++;
	return true;
}

/** Copies a parameter value (quoted with \-escapes, or a token) from *p into
 *  out, advancing *p; false when it does not fit or is unterminated. */
static bool param_value(const char **p, char *out, size_t size)
{
	const char *s = *p;
	size_t k = 0;

	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1])
				s++;
			if (k + 1 >= size)
				return false;
			out[k++] = *s;
		}
		if (*s != '"')
			return false;
		s++;
	} else {
		for (; *s && *s != ',' && *s != ' ' && *s != '\t'; s++) {
			if (k + 1 >= size)
				return false;
			out[k++] = *s;
		}
	}
	out[k] = '\0';
	*p = s;
	return true;
}

bool onvif_digest_parse_challenge(const char *value, onvif_digest_challenge *ch)
{
	const char *p = value;
	char name[32], val[256];

	memset(ch, 0, sizeof *ch);
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "Digest", 6) != 0 || (p[6] != ' ' && p[6] != '\t'))
		return false;
	p += 6;
	ch->alg = ONVIF_DIGEST_MD5;
	for (;;) {
		size_t n = 0;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		while (*p && *p != '=' && *p != ' ' && n + 1 < sizeof name)
			name[n++] = *p++;
		name[n] = '\0';
		while (*p == ' ')
			p++;
		if (*p != '=')
			return false;
		p++;
		while (*p == ' ')
			p++;
		if (!param_value(&p, val, sizeof val))
			return false;
		if (strcasecmp(name, "realm") == 0 && strlen(val) < sizeof ch->realm)
			memcpy(ch->realm, val, strlen(val) + 1); /* fits: checked above */
		else if (strcasecmp(name, "nonce") == 0 && strlen(val) < sizeof ch->nonce)
			memcpy(ch->nonce, val, strlen(val) + 1); /* fits: checked above */
		else if (strcasecmp(name, "opaque") == 0 && strlen(val) < sizeof ch->opaque)
			memcpy(ch->opaque, val, strlen(val) + 1); /* fits: checked above */
		else if (strcasecmp(name, "stale") == 0)
			ch->stale = strcasecmp(val, "true") == 0;
		else if (strcasecmp(name, "algorithm") == 0) {
			if (strcasecmp(val, "MD5") == 0)
				ch->alg = ONVIF_DIGEST_MD5;
			else if (strcasecmp(val, "SHA-256") == 0)
				ch->alg = ONVIF_DIGEST_SHA256;
			else
				ch->alg = ONVIF_DIGEST_NONE; /* -sess variants, SHA-512-256: not spoken */
		} else if (strcasecmp(name, "qop") == 0) {
			for (const char *q = val; *q;) {
				size_t len = strcspn(q, ", ");

				if (len == 4 && strncasecmp(q, "auth", 4) == 0)
					ch->qop_auth = true;
				q += len;
				while (*q == ',' || *q == ' ')
					q++;
			}
		}
	}
	if (ch->alg == ONVIF_DIGEST_NONE || !ch->nonce[0]) {
		memset(ch, 0, sizeof *ch);
		return false;
	}
	return true;
}

int onvif_rtsp_parse(const char *buf, size_t len, onvif_rtsp_response *out)
{
	const char *end = NULL, *line, *next;
	int major, minor, status;
	char text[512];

	memset(out, 0, sizeof *out);
	out->cseq = -1;
	for (size_t i = 0; i + 3 < len && i < ONVIF_RTSP_MAX_HEADER; i++) {
		if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
			end = buf + i + 4;
			break;
		}
	}
	if (len >= 5 && memcmp(buf, "RTSP/", 5) != 0)
		return -1;
	if (!end)
		return len >= ONVIF_RTSP_MAX_HEADER ? -1 : 0;
	out->header_len = (size_t)(end - buf);
	next = memchr(buf, '\n', out->header_len);
	{
		size_t l = (size_t)(next - buf);

		if (l >= sizeof text)
			return -1;
		memcpy(text, buf, l);
		text[l] = '\0';
	}
	if (sscanf(text, "RTSP/%d.%d %3d", &major, &minor, &status) != 3 || status < 100 || status > 599)
		return -1;
	out->status = status;
	for (line = next + 1; line < end - 2; line = next + 1) {
		const char *value;
		size_t l;

		next = memchr(line, '\n', (size_t)(end - line));
		if (!next)
			break;
		l = (size_t)(next - line);
		if (l > 0 && line[l - 1] == '\r')
			l--;
		if (l >= sizeof text)
			continue; /* a header this long carries nothing we use */
		memcpy(text, line, l);
		text[l] = '\0';
		if (header_is(text, l, "CSeq", &value)) {
			char *e;
			long v = strtol(value, &e, 10);

			if (e != value && v >= 0)
				out->cseq = v;
		} else if (header_is(text, l, "Content-Length", &value)) {
			char *e;
			long v = strtol(value, &e, 10);

			if (e == value || v < 0 || (unsigned long)v > ONVIF_RTSP_MAX_BODY)
				return -1;
			out->content_length = (size_t)v;
		} else if (header_is(text, l, "WWW-Authenticate", &value)) {
			onvif_digest_challenge ch;

			if (strncasecmp(value, "Basic", 5) == 0)
				out->basic_offered = true;
			else if (onvif_digest_parse_challenge(value, &ch) && ch.alg >= out->digest.alg)
				out->digest = ch;
		}
	}
	return len - out->header_len >= out->content_length ? 1 : 0;
}

/** Lower-case hex of a digest of the pieces joined by ':'. */
static bool hash_hex(onvif_digest_alg alg, const char *const *parts, size_t n, char *out, size_t size)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, alg == ONVIF_DIGEST_SHA256 ? EVP_sha256() : EVP_md5(), NULL) == 1;

	for (size_t i = 0; ok && i < n; i++)
		ok = (i == 0 || EVP_DigestUpdate(ctx, ":", 1) == 1) &&
		     EVP_DigestUpdate(ctx, parts[i], strlen(parts[i])) == 1;
	ok = ok && EVP_DigestFinal_ex(ctx, md, &md_len) == 1 && size > 2 * (size_t)md_len;
	EVP_MD_CTX_free(ctx);
	for (unsigned i = 0; ok && i < md_len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	memset(md, 0, sizeof md);
	return ok;
}

bool onvif_digest_response(onvif_digest_alg alg, const char *user, const char *realm, const char *password,
			   const char *method, const char *uri, const char *nonce, const char *nc, const char *cnonce,
			   const char *qop, char *out, size_t size)
{
	char ha1[65], ha2[65];
	const char *a1[] = { user, realm, password }, *a2[] = { method, uri };
	bool ok;

	if (alg == ONVIF_DIGEST_NONE)
		return false;
	ok = hash_hex(alg, a1, 3, ha1, sizeof ha1) && hash_hex(alg, a2, 2, ha2, sizeof ha2);
	if (ok && qop) {
		const char *r[] = { ha1, nonce, nc, cnonce, qop, ha2 };

		ok = hash_hex(alg, r, 6, out, size);
	} else if (ok) {
		const char *r[] = { ha1, nonce, ha2 };

		ok = hash_hex(alg, r, 3, out, size);
	}
	memset(ha1, 0, sizeof ha1);
	return ok;
}

/** Whether text can go inside a quoted-string as it is. */
static bool quotable(const char *text)
{
	for (; *text; text++)
		if (*text == '"' || *text == '\\' || (unsigned char)*text < 0x20)
			return false;
	return true;
}

bool onvif_digest_authorization(const onvif_digest_challenge *ch, const char *user, const char *password,
				const char *method, const char *uri, const char *cnonce, unsigned nc, char *out,
				size_t size)
{
	char response[65], ncs[9], opaque[160] = "";
	int n;

	snprintf(ncs, sizeof ncs, "%08x", nc);
	if (!quotable(user) || !quotable(uri) || !quotable(ch->realm) || !quotable(ch->nonce) || !quotable(cnonce) ||
	    !quotable(ch->opaque) ||
	    !onvif_digest_response(ch->alg, user, ch->realm, password, method, uri, ch->nonce, ncs, cnonce,
				   ch->qop_auth ? "auth" : NULL, response, sizeof response))
		return false;
	if (ch->opaque[0])
		snprintf(opaque, sizeof opaque, ", opaque=\"%s\"", ch->opaque);
	if (ch->qop_auth)
		n = snprintf(out, size,
			     "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", response=\"%s\", "
			     "algorithm=%s, qop=auth, nc=%s, cnonce=\"%s\"%s",
			     user, ch->realm, ch->nonce, uri, response,
			     ch->alg == ONVIF_DIGEST_SHA256 ? "SHA-256" : "MD5", ncs, cnonce, opaque);
	else
		n = snprintf(out, size,
			     "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", response=\"%s\", "
			     "algorithm=%s%s",
			     user, ch->realm, ch->nonce, uri, response,
			     ch->alg == ONVIF_DIGEST_SHA256 ? "SHA-256" : "MD5", opaque);
	return n > 0 && (size_t)n < size;
}

bool onvif_rtsp_request(const char *method, const char *uri, long cseq, const char *authorization, char *out, size_t size)
{
	int n;

	for (const char *p = uri; *p; p++)
		if ((unsigned char)*p <= ' ')
			return false;
	n = snprintf(out, size, "%s %s RTSP/1.0\r\nCSeq: %ld\r\nUser-Agent: doorstep\r\n%s%s%s%s\r\n", method, uri,
		     cseq, strcmp(method, "DESCRIBE") == 0 ? "Accept: application/sdp\r\n" : "",
		     authorization ? "Authorization: " : "", authorization ? authorization : "",
		     authorization ? "\r\n" : "");
	return n > 0 && (size_t)n < size;
}

bool onvif_url_split(const char *url, onvif_url *out)
{
	const char *p = strstr(url, "://"), *host, *host_end, *path;
	size_t len;

	memset(out, 0, sizeof *out);
	if (!p || (size_t)(p - url) >= sizeof out->scheme || p == url)
		return false;
	for (const char *s = url; s < p; s++)
		if (!isalpha((unsigned char)*s))
			return false;
	memcpy(out->scheme, url, (size_t)(p - url));
	for (char *s = out->scheme; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	host = p + 3;
	path = host + strcspn(host, "/?#");
	{
		const char *at = memchr(host, '@', (size_t)(path - host));

		if (at) {
			out->has_userinfo = true;
			host = at + 1;
		}
	}
	if (*host == '[') {
		host_end = memchr(host, ']', (size_t)(path - host));
		if (!host_end)
			return false;
		len = (size_t)(host_end - host - 1);
		if (len == 0 || len >= sizeof out->host)
			return false;
		memcpy(out->host, host + 1, len);
		host_end++;
	} else {
		host_end = memchr(host, ':', (size_t)(path - host));
		if (!host_end)
			host_end = path;
		len = (size_t)(host_end - host);
		if (len == 0 || len >= sizeof out->host)
			return false;
		memcpy(out->host, host, len);
	}
	for (const char *s = out->host; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '"' || *s == '\\')
			return false;
	if (host_end < path && *host_end == ':') {
		char *e;
		long port = strtol(host_end + 1, &e, 10);

		if (e != path || port <= 0 || port > 65535)
			return false;
		out->port = (uint16_t)port;
	} else if (host_end != path) {
		return false;
	} else {
		out->port = strcmp(out->scheme, "https") == 0 ? 443 : strcmp(out->scheme, "rtsp") == 0 ? 554 : 80;
	}
	if (*path == '/') {
		if (strlen(path) >= sizeof out->path)
			return false;
		snprintf(out->path, sizeof out->path, "%s", path);
	} else {
		snprintf(out->path, sizeof out->path, "/%s", path);
		if (strlen(path) + 1 >= sizeof out->path)
			return false;
	}
	return true;
}
