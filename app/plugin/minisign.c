/* The minisign file formats, read and written with libsodium (see
 * minisign.h for the layouts). Lines end in "\n" or "\r\n"; the trusted
 * comment is the third line's text after its prefix, exactly as minisign
 * reads it, because the global signature covers those bytes. */
#include "app/plugin/minisign.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

/** Signature algorithm of the file itself (legacy) and of its hash. */
#define ALG_LEGACY "Ed"
#define ALG_PREHASHED "ED"
/** Key derivation "none" (no password) and scrypt, checksum BLAKE2b. */
#define KDF_NONE "\0\0"
#define KDF_SCRYPT "Sc"
#define CHK_BLAKE2B "B2"

/** Sizes of the binary structures inside the base64 lines. */
enum {
	ALG_BYTES = 2,
	PK_BYTES = 32,
	SK_BYTES = 64,
	SIG_BYTES = 64,
	SALT_BYTES = 32,
	LIMIT_BYTES = 8,
	CHK_BYTES = 32,
	PUBKEY_BLOB = ALG_BYTES + DS_MINISIGN_KEY_ID_BYTES + PK_BYTES,
	SIG_BLOB = ALG_BYTES + DS_MINISIGN_KEY_ID_BYTES + SIG_BYTES,
	SECKEY_BLOB = 3 * ALG_BYTES + SALT_BYTES + 2 * LIMIT_BYTES + DS_MINISIGN_KEY_ID_BYTES +
		      SK_BYTES + CHK_BYTES,
	/* Offsets inside the secret key blob. */
	SK_OFF_KDF = ALG_BYTES,
	SK_OFF_CHK_ALG = 2 * ALG_BYTES,
	SK_OFF_KEY_ID = 3 * ALG_BYTES + SALT_BYTES + 2 * LIMIT_BYTES,
	SK_OFF_SK = SK_OFF_KEY_ID + DS_MINISIGN_KEY_ID_BYTES,
	SK_OFF_CHK = SK_OFF_SK + SK_BYTES,
	/* The longest base64 line of any blob, with NUL. */
	B64_MAX = sodium_base64_ENCODED_LEN(SECKEY_BLOB, sodium_base64_VARIANT_ORIGINAL),
};

/** One line of a text being read: start and length without "\r\n". */
struct line {
	const char *p;
	size_t len;
};

/** Cursor over a text of known length. */
struct reader {
	const char *p;
	const char *end;
};

/** Takes the next line; false when the text has no more. */
static bool next_line(struct reader *r, struct line *out)
{
	const char *nl;

	if (r->p >= r->end)
		return false;
	nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	out->p = r->p;
	out->len = (size_t)((nl ? nl : r->end) - r->p);
	r->p = nl ? nl + 1 : r->end;
	while (out->len > 0 && (out->p[out->len - 1] == '\r' || out->p[out->len - 1] == '\n'))
		out->len--;
	return true;
}

/** Reads the next line, "<prefix><comment>", and copies the comment into
 *  out (size bytes); bad_prefix is the error when the prefix is missing. */
static ds_minisign_error read_comment(struct reader *r, const char *prefix,
				      ds_minisign_error bad_prefix, char *out, size_t size)
{
	size_t plen = strlen(prefix);
	struct line l;

	if (!next_line(r, &l))
		return DS_MINISIGN_ERR_TRUNCATED;
	if (l.len < plen || memcmp(l.p, prefix, plen) != 0)
		return bad_prefix;
	if (l.len - plen >= size)
		return DS_MINISIGN_ERR_TOO_LONG;
	memcpy(out, l.p + plen, l.len - plen);
	out[l.len - plen] = '\0';
	return DS_MINISIGN_OK;
}

/** Reads the next line, base64 of exactly want bytes, into bin. */
static ds_minisign_error read_blob(struct reader *r, unsigned char *bin, size_t want)
{
	const char *end = NULL;
	size_t got = 0;
	struct line l;

	if (!next_line(r, &l))
		return DS_MINISIGN_ERR_TRUNCATED;
	if (l.len == 0 || l.len >= B64_MAX ||
	    sodium_base642bin(bin, want, l.p, l.len, NULL, &got, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != want || end != l.p + l.len)
		return DS_MINISIGN_ERR_BASE64;
	return DS_MINISIGN_OK;
}

/** Appends base64 of bin and a newline to out at *pos. */
static bool put_b64(char *out, size_t size, size_t *pos, const unsigned char *bin, size_t len)
{
	size_t need = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);

	if (*pos + need + 1 > size)
		return false;
	sodium_bin2base64(out + *pos, need, bin, len, sodium_base64_VARIANT_ORIGINAL);
	*pos += need - 1;
	out[(*pos)++] = '\n';
	out[*pos] = '\0';
	return true;
}

/** Appends prefix, text and a newline to out at *pos. */
static bool put_line(char *out, size_t size, size_t *pos, const char *prefix, const char *text)
{
	int n = snprintf(out + *pos, size - *pos, "%s%s\n", prefix, text);

	if (n < 0 || (size_t)n >= size - *pos)
		return false;
	*pos += (size_t)n;
	return true;
}

/** True when a comment fits on one line of a minisign file. */
static bool one_line(const char *s, size_t max)
{
	return strnlen(s, max) < max && !strpbrk(s, "\r\n");
}

/** BLAKE2b-256 checksum of a secret key, as minisign computes it. */
static void seckey_checksum(const unsigned char key_id[DS_MINISIGN_KEY_ID_BYTES],
			    const unsigned char sk[SK_BYTES], unsigned char chk[CHK_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, CHK_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)ALG_LEGACY, ALG_BYTES);
	crypto_generichash_update(&st, key_id, DS_MINISIGN_KEY_ID_BYTES);
	crypto_generichash_update(&st, sk, SK_BYTES);
	crypto_generichash_final(&st, chk, CHK_BYTES);
	sodium_memzero(&st, sizeof st);
}

const char *ds_minisign_error_str(ds_minisign_error e)
{
	switch (e) {
	case DS_MINISIGN_OK: return "ok";
	case DS_MINISIGN_ERR_COMMENT: return "the first line is not an \"untrusted comment:\" line";
	case DS_MINISIGN_ERR_TRUNCATED: return "the file is truncated (a line is missing)";
	case DS_MINISIGN_ERR_BASE64: return "a key or signature line is not base64 of the right length";
	case DS_MINISIGN_ERR_ALGORITHM: return "unknown signature algorithm";
	case DS_MINISIGN_ERR_TRUSTED_COMMENT: return "the third line is not a \"trusted comment:\" line";
	case DS_MINISIGN_ERR_TOO_LONG: return "a comment is too long";
	case DS_MINISIGN_ERR_KEY_ID: return "made with another key";
	case DS_MINISIGN_ERR_SIGNATURE: return "the signature does not match the data";
	case DS_MINISIGN_ERR_GLOBAL_SIGNATURE: return "the trusted comment was changed";
	case DS_MINISIGN_ERR_ENCRYPTED: return "the secret key is protected by a password";
	case DS_MINISIGN_ERR_CHECKSUM: return "the secret key's checksum does not match";
	case DS_MINISIGN_ERR_SPACE: return "the output buffer is too small";
	case DS_MINISIGN_ERR_CRYPTO: return "libsodium failed";
	case DS_MINISIGN_ERR_BINDING:
		return "a plugin id or version must be 1 to 127 printable ASCII characters without spaces";
	}
	return "unknown error";
}

void ds_minisign_key_id_hex(const unsigned char id[DS_MINISIGN_KEY_ID_BYTES],
			    char out[DS_MINISIGN_KEY_ID_HEX])
{
	static const char hex[] = "0123456789ABCDEF";

	/* minisign prints the id as a little-endian 64-bit number. */
	for (int i = 0; i < DS_MINISIGN_KEY_ID_BYTES; i++) {
		unsigned char b = id[DS_MINISIGN_KEY_ID_BYTES - 1 - i];

		out[2 * i] = hex[b >> 4];
		out[2 * i + 1] = hex[b & 0xf];
	}
	out[DS_MINISIGN_KEY_ID_HEX - 1] = '\0';
}

ds_minisign_error ds_minisign_parse_pubkey(const char *text, size_t len, ds_minisign_pubkey *out)
{
	struct reader r = { text, text + len };
	unsigned char blob[PUBKEY_BLOB];
	ds_minisign_error e;

	memset(out, 0, sizeof *out);
	e = read_comment(&r, DS_MINISIGN_COMMENT_PREFIX, DS_MINISIGN_ERR_COMMENT, out->comment,
			 sizeof out->comment);
	if (e == DS_MINISIGN_OK)
		e = read_blob(&r, blob, sizeof blob);
	if (e != DS_MINISIGN_OK)
		return e;
	if (memcmp(blob, ALG_LEGACY, ALG_BYTES) != 0)
		return DS_MINISIGN_ERR_ALGORITHM;
	memcpy(out->key_id, blob + ALG_BYTES, DS_MINISIGN_KEY_ID_BYTES);
	memcpy(out->pk, blob + ALG_BYTES + DS_MINISIGN_KEY_ID_BYTES, PK_BYTES);
	return DS_MINISIGN_OK;
}

ds_minisign_error ds_minisign_parse_sig(const char *text, size_t len, ds_minisign_sig *out)
{
	struct reader r = { text, text + len };
	unsigned char blob[SIG_BLOB];
	ds_minisign_error e;

	memset(out, 0, sizeof *out);
	e = read_comment(&r, DS_MINISIGN_COMMENT_PREFIX, DS_MINISIGN_ERR_COMMENT,
			 out->untrusted_comment, sizeof out->untrusted_comment);
	if (e == DS_MINISIGN_OK)
		e = read_blob(&r, blob, sizeof blob);
	if (e != DS_MINISIGN_OK)
		return e;
	if (memcmp(blob, ALG_PREHASHED, ALG_BYTES) == 0)
		out->prehashed = true;
	else if (memcmp(blob, ALG_LEGACY, ALG_BYTES) != 0)
		return DS_MINISIGN_ERR_ALGORITHM;
	memcpy(out->key_id, blob + ALG_BYTES, DS_MINISIGN_KEY_ID_BYTES);
	memcpy(out->sig, blob + ALG_BYTES + DS_MINISIGN_KEY_ID_BYTES, SIG_BYTES);
	e = read_comment(&r, DS_MINISIGN_TRUSTED_PREFIX, DS_MINISIGN_ERR_TRUSTED_COMMENT,
			 out->trusted_comment, sizeof out->trusted_comment);
	if (e == DS_MINISIGN_OK)
		e = read_blob(&r, out->global_sig, sizeof out->global_sig);
	return e;
}

ds_minisign_error ds_minisign_parse_seckey(const char *text, size_t len, ds_minisign_seckey *out)
{
	struct reader r = { text, text + len };
	unsigned char blob[SECKEY_BLOB], chk[CHK_BYTES];
	char comment[DS_MINISIGN_COMMENT_MAX];
	ds_minisign_error e;

	memset(out, 0, sizeof *out);
	e = read_comment(&r, DS_MINISIGN_COMMENT_PREFIX, DS_MINISIGN_ERR_COMMENT, comment,
			 sizeof comment);
	if (e == DS_MINISIGN_OK)
		e = read_blob(&r, blob, sizeof blob);
	if (e != DS_MINISIGN_OK) {
		sodium_memzero(blob, sizeof blob);
		return e;
	}
	if (memcmp(blob, ALG_LEGACY, ALG_BYTES) != 0 ||
	    memcmp(blob + SK_OFF_CHK_ALG, CHK_BLAKE2B, ALG_BYTES) != 0)
		e = DS_MINISIGN_ERR_ALGORITHM;
	else if (memcmp(blob + SK_OFF_KDF, KDF_SCRYPT, ALG_BYTES) == 0)
		e = DS_MINISIGN_ERR_ENCRYPTED;
	else if (memcmp(blob + SK_OFF_KDF, KDF_NONE, ALG_BYTES) != 0)
		e = DS_MINISIGN_ERR_ALGORITHM;
	if (e == DS_MINISIGN_OK) {
		/* minisign -W leaves the checksum zero; ours is the real one. */
		seckey_checksum(blob + SK_OFF_KEY_ID, blob + SK_OFF_SK, chk);
		if (!sodium_is_zero(blob + SK_OFF_CHK, CHK_BYTES) &&
		    sodium_memcmp(chk, blob + SK_OFF_CHK, CHK_BYTES) != 0)
			e = DS_MINISIGN_ERR_CHECKSUM;
	}
	if (e == DS_MINISIGN_OK) {
		memcpy(out->key_id, blob + SK_OFF_KEY_ID, DS_MINISIGN_KEY_ID_BYTES);
		memcpy(out->sk, blob + SK_OFF_SK, SK_BYTES);
	}
	sodium_memzero(blob, sizeof blob);
	sodium_memzero(chk, sizeof chk);
	return e;
}

ds_minisign_error ds_minisign_verify(const ds_minisign_pubkey *pk, const ds_minisign_sig *sig,
				     const void *data, size_t len)
{
	unsigned char hash[crypto_generichash_BYTES_MAX];
	unsigned char signed_comment[SIG_BYTES + DS_MINISIGN_TRUSTED_COMMENT_MAX];
	size_t tlen = strnlen(sig->trusted_comment, sizeof sig->trusted_comment - 1);
	int rc;

	if (memcmp(pk->key_id, sig->key_id, DS_MINISIGN_KEY_ID_BYTES) != 0)
		return DS_MINISIGN_ERR_KEY_ID;
	if (sig->prehashed) {
		if (crypto_generichash(hash, sizeof hash, data, len, NULL, 0) != 0)
			return DS_MINISIGN_ERR_CRYPTO;
		rc = crypto_sign_verify_detached(sig->sig, hash, sizeof hash, pk->pk);
	} else {
		rc = crypto_sign_verify_detached(sig->sig, data, len, pk->pk);
	}
	if (rc != 0)
		return DS_MINISIGN_ERR_SIGNATURE;
	memcpy(signed_comment, sig->sig, SIG_BYTES);
	memcpy(signed_comment + SIG_BYTES, sig->trusted_comment, tlen);
	if (crypto_sign_verify_detached(sig->global_sig, signed_comment, SIG_BYTES + tlen,
					pk->pk) != 0)
		return DS_MINISIGN_ERR_GLOBAL_SIGNATURE;
	return DS_MINISIGN_OK;
}

ds_minisign_error ds_minisign_keygen(ds_minisign_pubkey *pk, ds_minisign_seckey *sk)
{
	if (sodium_init() < 0)
		return DS_MINISIGN_ERR_CRYPTO;
	memset(pk, 0, sizeof *pk);
	randombytes_buf(sk->key_id, sizeof sk->key_id);
	if (crypto_sign_keypair(pk->pk, sk->sk) != 0)
		return DS_MINISIGN_ERR_CRYPTO;
	memcpy(pk->key_id, sk->key_id, sizeof pk->key_id);
	return DS_MINISIGN_OK;
}

ds_minisign_error ds_minisign_format_pubkey(const ds_minisign_pubkey *pk, char *out, size_t size)
{
	unsigned char blob[PUBKEY_BLOB];
	char id[DS_MINISIGN_KEY_ID_HEX], comment[64];
	size_t pos = 0;

	if (size == 0)
		return DS_MINISIGN_ERR_SPACE;
	out[0] = '\0';
	ds_minisign_key_id_hex(pk->key_id, id);
	snprintf(comment, sizeof comment, "minisign public key %s", id);
	if (pk->comment[0] && !one_line(pk->comment, sizeof pk->comment))
		return DS_MINISIGN_ERR_COMMENT;
	memcpy(blob, ALG_LEGACY, ALG_BYTES);
	memcpy(blob + ALG_BYTES, pk->key_id, DS_MINISIGN_KEY_ID_BYTES);
	memcpy(blob + ALG_BYTES + DS_MINISIGN_KEY_ID_BYTES, pk->pk, PK_BYTES);
	if (!put_line(out, size, &pos, DS_MINISIGN_COMMENT_PREFIX,
		      pk->comment[0] ? pk->comment : comment) ||
	    !put_b64(out, size, &pos, blob, sizeof blob))
		return DS_MINISIGN_ERR_SPACE;
	return DS_MINISIGN_OK;
}

ds_minisign_error ds_minisign_format_seckey(const ds_minisign_seckey *sk, char *out, size_t size)
{
	unsigned char blob[SECKEY_BLOB];
	size_t pos = 0;
	bool ok;

	if (size == 0)
		return DS_MINISIGN_ERR_SPACE;
	out[0] = '\0';
	memset(blob, 0, sizeof blob); /* no salt, no limits: no password */
	memcpy(blob, ALG_LEGACY, ALG_BYTES);
	memcpy(blob + SK_OFF_KDF, KDF_NONE, ALG_BYTES);
	memcpy(blob + SK_OFF_CHK_ALG, CHK_BLAKE2B, ALG_BYTES);
	memcpy(blob + SK_OFF_KEY_ID, sk->key_id, DS_MINISIGN_KEY_ID_BYTES);
	memcpy(blob + SK_OFF_SK, sk->sk, SK_BYTES);
	seckey_checksum(sk->key_id, sk->sk, blob + SK_OFF_CHK);
	ok = put_line(out, size, &pos, DS_MINISIGN_COMMENT_PREFIX,
		      "minisign secret key without a password") &&
	     put_b64(out, size, &pos, blob, sizeof blob);
	sodium_memzero(blob, sizeof blob);
	if (!ok) {
		sodium_memzero(out, size);
		return DS_MINISIGN_ERR_SPACE;
	}
	return DS_MINISIGN_OK;
}

ds_minisign_error ds_minisign_sign(const ds_minisign_seckey *sk, const void *data, size_t len,
				   bool prehashed, const char *untrusted_comment,
				   const char *trusted_comment, char *out, size_t size)
{
	unsigned char hash[crypto_generichash_BYTES_MAX], blob[SIG_BLOB], global[SIG_BYTES];
	unsigned char signed_comment[SIG_BYTES + DS_MINISIGN_TRUSTED_COMMENT_MAX];
	unsigned char *sig = blob + ALG_BYTES + DS_MINISIGN_KEY_ID_BYTES;
	size_t pos = 0, tlen;
	int rc;

	if (size == 0)
		return DS_MINISIGN_ERR_SPACE;
	out[0] = '\0';
	if (!one_line(untrusted_comment, DS_MINISIGN_COMMENT_MAX - strlen(DS_MINISIGN_COMMENT_PREFIX)))
		return DS_MINISIGN_ERR_COMMENT;
	if (!one_line(trusted_comment,
		      DS_MINISIGN_TRUSTED_COMMENT_MAX - sizeof DS_MINISIGN_TRUSTED_PREFIX))
		return DS_MINISIGN_ERR_TRUSTED_COMMENT;
	if (sodium_init() < 0)
		return DS_MINISIGN_ERR_CRYPTO;
	memcpy(blob, prehashed ? ALG_PREHASHED : ALG_LEGACY, ALG_BYTES);
	memcpy(blob + ALG_BYTES, sk->key_id, DS_MINISIGN_KEY_ID_BYTES);
	if (prehashed) {
		if (crypto_generichash(hash, sizeof hash, data, len, NULL, 0) != 0)
			return DS_MINISIGN_ERR_CRYPTO;
		rc = crypto_sign_detached(sig, NULL, hash, sizeof hash, sk->sk);
	} else {
		rc = crypto_sign_detached(sig, NULL, data, len, sk->sk);
	}
	if (rc != 0)
		return DS_MINISIGN_ERR_CRYPTO;
	tlen = strlen(trusted_comment);
	memcpy(signed_comment, sig, SIG_BYTES);
	memcpy(signed_comment + SIG_BYTES, trusted_comment, tlen);
	if (crypto_sign_detached(global, NULL, signed_comment, SIG_BYTES + tlen, sk->sk) != 0)
		return DS_MINISIGN_ERR_CRYPTO;
	if (!put_line(out, size, &pos, DS_MINISIGN_COMMENT_PREFIX, untrusted_comment) ||
	    !put_b64(out, size, &pos, blob, sizeof blob) ||
	    !put_line(out, size, &pos, DS_MINISIGN_TRUSTED_PREFIX, trusted_comment) ||
	    !put_b64(out, size, &pos, global, sizeof global))
		return DS_MINISIGN_ERR_SPACE;
	return DS_MINISIGN_OK;
}

/** True for a byte of a binding's id or version: printable ASCII, no space. */
static bool binding_char(char c)
{
	return c > 0x20 && c < 0x7f;
}

/** True when s is a word a binding can hold. */
static bool binding_word(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!binding_char(s[n]) || n + 1 >= DS_MINISIGN_BOUND_MAX)
			return false;
	return n > 0;
}

ds_minisign_error ds_minisign_plugin_comment(const char *id, const char *version, char *out, size_t size)
{
	int n;

	if (!id || !version || !binding_word(id) || !binding_word(version))
		return DS_MINISIGN_ERR_BINDING;
	n = snprintf(out, size, "%s %s %s", DS_MINISIGN_PLUGIN_WORD, id, version);
	return n >= 0 && (size_t)n < size ? DS_MINISIGN_OK : DS_MINISIGN_ERR_SPACE;
}

/** Skips spaces and tabs; true when there was at least one. */
static bool skip_blanks(const char **p)
{
	const char *start = *p;

	while (**p == ' ' || **p == '\t')
		(*p)++;
	return *p > start;
}

/** Copies the word at *p into out (DS_MINISIGN_BOUND_MAX bytes) and moves
 *  past it; false when it is empty or too long. */
static bool take_word(const char **p, char out[DS_MINISIGN_BOUND_MAX])
{
	size_t n = 0;

	while (binding_char((*p)[n]))
		if (++n >= DS_MINISIGN_BOUND_MAX)
			return false;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p += n;
	return n > 0;
}

bool ds_minisign_plugin_binding(const char *comment, char id[DS_MINISIGN_BOUND_MAX], char version[DS_MINISIGN_BOUND_MAX])
{
	size_t wlen = strlen(DS_MINISIGN_PLUGIN_WORD);
	const char *p = comment;

	id[0] = version[0] = '\0';
	if (!p || strncmp(p, DS_MINISIGN_PLUGIN_WORD, wlen) != 0)
		return false;
	p += wlen;
	if (skip_blanks(&p) && take_word(&p, id) && skip_blanks(&p) && take_word(&p, version) &&
	    (*p == '\0' || *p == ' ' || *p == '\t'))
		return true;
	id[0] = version[0] = '\0';
	return false;
}
