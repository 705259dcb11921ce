/* Certificate fingerprints (app/net/cert_fingerprint.h). The DER walk
 * reads what a server sent: every length is checked against what is left. */
#include "app/net/cert_fingerprint.h"

#include <ctype.h>
#include <string.h>

#include <sodium.h>

void ds_http_fingerprint(const unsigned char *der, size_t len, char out[DS_HTTP_FINGERPRINT_SIZE])
{
	unsigned char md[crypto_hash_sha256_BYTES];
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	crypto_hash_sha256(md, der, len);
	for (size_t i = 0; i < sizeof md; i++) {
		if (i)
			out[o++] = ':';
		out[o++] = hex[md[i] >> 4];
		out[o++] = hex[md[i] & 15];
	}
	out[o] = '\0';
}

bool ds_http_fingerprint_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (;;) {
		while (*a == ':')
			a++;
		while (*b == ':')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (toupper((unsigned char)*a) != toupper((unsigned char)*b))
			return false;
		a++;
		b++;
	}
}

/** Reads one DER TLV at *p (before end): its tag, content and the end of
 *  the whole element. false when it is malformed. */
static bool der_next(const unsigned char **p, const unsigned char *end, unsigned *tag, const unsigned char **content,
		     size_t *clen)
{
	const unsigned char *q = *p;
	size_t len = 0;

	if (end - q < 2)
		return false;
	*tag = *q++;
	if (*q < 0x80) {
		len = *q++;
	} else {
		unsigned n = *q++ & 0x7f;

		if (n == 0 || n > 4 || (size_t)(end - q) < n)
			return false;
		while (n--)
			len = (len << 8) | *q++;
	}
	if ((size_t)(end - q) < len)
		return false;
	*content = q;
	*clen = len;
	*p = q + len;
	return true;
}

/** The SubjectPublicKeyInfo element of a DER certificate (RFC 5280 4.1:
 *  Certificate = SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
 *  serialNumber, signature, issuer, validity, subject,
 *  subjectPublicKeyInfo, ... }, ... }). */
static bool der_spki(const unsigned char *der, size_t len, const unsigned char **spki, size_t *spki_len)
{
	const unsigned char *p = der, *c, *tbs, *tbs_end, *start;
	unsigned tag;
	size_t clen;

	if (!der_next(&p, der + len, &tag, &c, &clen) || tag != 0x30)
		return false;
	p = c;
	if (!der_next(&p, c + clen, &tag, &tbs, &clen) || tag != 0x30)
		return false;
	tbs_end = tbs + clen;
	p = tbs;
	start = p;
	if (!der_next(&p, tbs_end, &tag, &c, &clen))
		return false;
	if (tag == 0xa0) { /* version; then the serial number */
		start = p;
		if (!der_next(&p, tbs_end, &tag, &c, &clen))
			return false;
	}
	/* p is past the serial; skip signature, issuer, validity, subject. */
	for (int i = 0; i < 4; i++)
		if (!der_next(&p, tbs_end, &tag, &c, &clen) || tag != 0x30)
			return false;
	start = p;
	if (!der_next(&p, tbs_end, &tag, &c, &clen) || tag != 0x30)
		return false;
	*spki = start;
	*spki_len = (size_t)(p - start);
	return true;
}

bool ds_http_pem_fingerprint(const char *pem, char fingerprint[DS_HTTP_FINGERPRINT_SIZE], char *spki_b64, size_t spki_size)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end_mark[] = "-----END CERTIFICATE-----";
	const char *b = pem ? strstr(pem, begin) : NULL;
	const char *e;
	unsigned char der[16384];
	size_t der_len = 0;

	if (!b)
		return false;
	b += sizeof begin - 1;
	e = strstr(b, end_mark);
	if (!e || sodium_base642bin(der, sizeof der, b, (size_t)(e - b), " \t\r\n", &der_len, NULL,
				    sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	ds_http_fingerprint(der, der_len, fingerprint);
	if (spki_b64) {
		const unsigned char *spki;
		size_t spki_len;
		unsigned char md[crypto_hash_sha256_BYTES];

		if (!der_spki(der, der_len, &spki, &spki_len) ||
		    spki_size < sodium_base64_ENCODED_LEN(sizeof md, sodium_base64_VARIANT_ORIGINAL))
			return false;
		crypto_hash_sha256(md, spki, spki_len);
		sodium_bin2base64(spki_b64, spki_size, md, sizeof md, sodium_base64_VARIANT_ORIGINAL);
	}
	return true;
}
