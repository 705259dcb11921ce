/* The minisign file formats (public key, secret key without a password,
 * detached signature), read and written with libsodium. Format only: no
 * files, no translation, no trust decisions (plugin_trust.h makes those).
 *
 *   public key:  "untrusted comment: <text>\n"
 *                base64("Ed" || key id (8) || Ed25519 public key (32)) "\n"
 *   signature:   "untrusted comment: <text>\n"
 *                base64(alg (2) || key id (8) || signature (64)) "\n"
 *                "trusted comment: <text>\n"
 *                base64(global signature (64)) "\n"
 *   alg "Ed" signs the file itself (legacy), "ED" signs its BLAKE2b-512 hash
 *   (prehashed, minisign's default); the global signature signs
 *   signature (64) || trusted comment text, so the trusted comment cannot be
 *   changed without the secret key.
 *   secret key:  "untrusted comment: <text>\n"
 *                base64("Ed" || kdf "\0\0" (no password) || "B2" ||
 *                       salt (32) || opslimit (8) || memlimit (8) ||
 *                       key id (8) || Ed25519 secret key (64) ||
 *                       BLAKE2b-256 checksum (32)) "\n"
 *
 * doorstep's plugin binding, a trusted comment of the form
 *   "doorstep-plugin <id> <version>" [ (" " | "\t") <any text> ]
 * says which plugin (descriptor id and version) a signature was made for.
 * The words are separated by spaces or tabs; id and version are printable
 * ASCII without spaces (0x21..0x7e); text after the version is free (a
 * timestamp, a note) and is ignored. */
#ifndef DS_MINISIGN_H
#define DS_MINISIGN_H

#include <stdbool.h>
#include <stddef.h>
#include "app/base/must_check.h"

/** Bytes of a key id. */
#define DS_MINISIGN_KEY_ID_BYTES 8
/** Characters of a key id in hex, with NUL (minisign's "%016" PRIX64). */
#define DS_MINISIGN_KEY_ID_HEX 17
/** Longest untrusted comment line minisign reads, with NUL. */
#define DS_MINISIGN_COMMENT_MAX 1024
/** Longest trusted comment minisign accepts, with NUL. */
#define DS_MINISIGN_TRUSTED_COMMENT_MAX 8192
/** Prefix of the first line of every minisign file. */
#define DS_MINISIGN_COMMENT_PREFIX "untrusted comment: "
/** Prefix of a signature's third line. */
#define DS_MINISIGN_TRUSTED_PREFIX "trusted comment: "
/** What signature files are called: the signed file's name plus this. */
#define DS_MINISIGN_SUFFIX ".minisig"
/** First word of a trusted comment that binds a signature to a plugin. */
#define DS_MINISIGN_PLUGIN_WORD "doorstep-plugin"
/** Longest plugin id or version a binding holds, with NUL. */
#define DS_MINISIGN_BOUND_MAX 128

/** Why a minisign file was not accepted. Never renumber a value. */
typedef enum ds_minisign_error {
	DS_MINISIGN_OK = 0,
	DS_MINISIGN_ERR_COMMENT = 1,          /**< no "untrusted comment: " first line */
	DS_MINISIGN_ERR_TRUNCATED = 2,        /**< a line is missing */
	DS_MINISIGN_ERR_BASE64 = 3,           /**< a key or signature line is not base64 of the right length */
	DS_MINISIGN_ERR_ALGORITHM = 4,        /**< unknown signature algorithm */
	DS_MINISIGN_ERR_TRUSTED_COMMENT = 5,  /**< no "trusted comment: " third line */
	DS_MINISIGN_ERR_TOO_LONG = 6,         /**< a line is longer than minisign allows */
	DS_MINISIGN_ERR_KEY_ID = 7,           /**< made with another key than the one given */
	DS_MINISIGN_ERR_SIGNATURE = 8,        /**< the signature does not match the data */
	DS_MINISIGN_ERR_GLOBAL_SIGNATURE = 9, /**< the trusted comment was changed */
	DS_MINISIGN_ERR_ENCRYPTED = 10,       /**< a password-protected secret key */
	DS_MINISIGN_ERR_CHECKSUM = 11,        /**< a secret key whose checksum does not match */
	DS_MINISIGN_ERR_SPACE = 12,           /**< the output buffer is too small */
	DS_MINISIGN_ERR_CRYPTO = 13,          /**< libsodium failed (not initialised?) */
	DS_MINISIGN_ERR_BINDING = 14,         /**< a plugin id or version a binding cannot hold */
} ds_minisign_error;

/** A public key. */
typedef struct ds_minisign_pubkey {
	unsigned char key_id[DS_MINISIGN_KEY_ID_BYTES];
	unsigned char pk[32];
	char comment[DS_MINISIGN_COMMENT_MAX]; /**< untrusted comment text (after the prefix) */
} ds_minisign_pubkey;

/** A secret key (keep it in sodium_malloc memory; wipe it after use). */
typedef struct ds_minisign_seckey {
	unsigned char key_id[DS_MINISIGN_KEY_ID_BYTES];
	unsigned char sk[64];
} ds_minisign_seckey;

/** A detached signature as read from a .minisig file. */
typedef struct ds_minisign_sig {
	bool prehashed;        /**< "ED": the signature is of the BLAKE2b-512 hash */
	unsigned char key_id[DS_MINISIGN_KEY_ID_BYTES];
	unsigned char sig[64];
	unsigned char global_sig[64];
	char untrusted_comment[DS_MINISIGN_COMMENT_MAX];
	char trusted_comment[DS_MINISIGN_TRUSTED_COMMENT_MAX];
} ds_minisign_sig;

/** Stable English name of an error, for logs and the signing tool. */
const char *ds_minisign_error_str(ds_minisign_error e);
/** Writes a key id the way minisign prints it (16 upper-case hex digits). */
void ds_minisign_key_id_hex(const unsigned char id[DS_MINISIGN_KEY_ID_BYTES],
			    char out[DS_MINISIGN_KEY_ID_HEX]);
/** Parses a public key file's text (len bytes, need not be NUL-terminated). */
DS_MUST_CHECK ds_minisign_error ds_minisign_parse_pubkey(const char *text, size_t len, ds_minisign_pubkey *out);
/** Parses a .minisig file's text (len bytes, need not be NUL-terminated). */
DS_MUST_CHECK ds_minisign_error ds_minisign_parse_sig(const char *text, size_t len, ds_minisign_sig *out);
/** Parses a secret key file made without a password (minisign -G -W). */
DS_MUST_CHECK ds_minisign_error ds_minisign_parse_seckey(const char *text, size_t len, ds_minisign_seckey *out);
/** Checks sig against data with pk: key id, then the signature of the data,
 *  then the global signature over the trusted comment. */
DS_MUST_CHECK ds_minisign_error ds_minisign_verify(const ds_minisign_pubkey *pk, const ds_minisign_sig *sig,
						   const void *data, size_t len);
/** Makes a new key pair with a random key id. */
DS_MUST_CHECK ds_minisign_error ds_minisign_keygen(ds_minisign_pubkey *pk, ds_minisign_seckey *sk);
/** Writes a public key file's text; its comment line is pk->comment, or
 *  "minisign public key <ID>" when that is empty. */
DS_MUST_CHECK ds_minisign_error ds_minisign_format_pubkey(const ds_minisign_pubkey *pk, char *out, size_t size);
/** Writes a secret key file's text without a password (as minisign -G -W). */
DS_MUST_CHECK ds_minisign_error ds_minisign_format_seckey(const ds_minisign_seckey *sk, char *out, size_t size);
/** Signs data and writes a .minisig file's text. prehashed selects "ED"
 *  (minisign's default) over legacy "Ed". Comments are one line each. */
DS_MUST_CHECK ds_minisign_error ds_minisign_sign(const ds_minisign_seckey *sk, const void *data, size_t len,
						 bool prehashed, const char *untrusted_comment,
						 const char *trusted_comment, char *out, size_t size);
/** Writes the trusted comment "doorstep-plugin <id> <version>" that binds
 *  a signature to that plugin. DS_MINISIGN_ERR_BINDING when id or version
 *  is empty, longer than DS_MINISIGN_BOUND_MAX - 1 or holds anything but
 *  printable ASCII without spaces; DS_MINISIGN_ERR_SPACE when out is too small. */
DS_MUST_CHECK ds_minisign_error ds_minisign_plugin_comment(const char *id, const char *version, char *out, size_t size);
/** Reads the plugin a trusted comment binds its signature to into id and
 *  version. false (both "") when the comment is no binding. */
bool ds_minisign_plugin_binding(const char *comment, char id[DS_MINISIGN_BOUND_MAX], char version[DS_MINISIGN_BOUND_MAX]);

#endif
