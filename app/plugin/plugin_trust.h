/* Which plugins are trusted: a plugin file FILE.so is trusted when
 * FILE.so.minisig (minisign's format, "ED" prehashed or legacy "Ed") verifies
 * against a public key in the trust store, and the signature's trusted
 * comment verifies too.
 *
 * The trust store is every "*.pub" file (minisign public key format) in
 *   1. $XDG_CONFIG_HOME/doorstep/trusted.d (default ~/.config/doorstep/trusted.d)
 *   2. /etc/doorstep/trusted.d
 *   3. only for a binary that runs from its own build tree: that tree's
 *      trusted.d (DS_TRUST_BUILD_DIR, holding the development key that signs
 *      the in-tree plugins), so that `build/doorstep --demo` works. An
 *      installed binary never trusts it; CMake's DS_TRUST_BUILD_KEY=OFF
 *      leaves it out altogether.
 * Key files that others may write to are ignored (and logged).
 *
 * A trusted signature is bound to one plugin: its trusted comment reads
 * "doorstep-plugin <id> <version>" (minisign.h), and the loader checks that
 * against the descriptor (ds_trust_check_binding), so that a signed plugin
 * renamed, or the signature of another plugin or release, is refused. */
#ifndef DS_PLUGIN_TRUST_H
#define DS_PLUGIN_TRUST_H

#include <stdbool.h>
#include <stddef.h>

#include "app/plugin/minisign.h"
#include "app/base/must_check.h"

/** The system-wide trust store directory (the build sets it from the
 *  install prefix's sysconfdir). */
#ifndef DS_TRUST_SYSTEM_DIR
#define DS_TRUST_SYSTEM_DIR "/etc/doorstep/trusted.d"
#endif
/** Size of the comment fields of ds_trust_signer (bytes, with NUL). */
#define DS_TRUST_TEXT_MAX 256

/** What the signature check found. Never renumber a value. */
typedef enum ds_trust_state {
	DS_TRUST_NOT_CHECKED = 0,    /**< refused before its signature was checked */
	DS_TRUST_TRUSTED = 1,        /**< signed with a key in the trust store */
	DS_TRUST_UNSIGNED = 2,       /**< no FILE.minisig next to it */
	DS_TRUST_UNTRUSTED_KEY = 3,  /**< signed with a key that is not in the trust store */
	DS_TRUST_BAD_SIGNATURE = 4,  /**< the signature does not match the file or its comment */
	DS_TRUST_MALFORMED = 5,      /**< FILE.minisig is unreadable or not a minisign signature */
	DS_TRUST_NOT_FOR_PLUGIN = 6, /**< a valid signature made for another plugin or version, or for none */
} ds_trust_state;

/** Who signed a file, as far as is known. Text fields are safe to print
 *  (control characters replaced). */
typedef struct ds_trust_signer {
	char key_id[DS_MINISIGN_KEY_ID_HEX];       /**< as minisign prints it; "" when unknown */
	char key_file[1024];                       /**< the trusted .pub file that matched, or "" */
	char key_comment[DS_TRUST_TEXT_MAX];       /**< that file's comment line, or "" */
	char untrusted_comment[DS_TRUST_TEXT_MAX]; /**< the signature's first comment (anyone may change it) */
	char trusted_comment[DS_TRUST_TEXT_MAX];   /**< the signed comment; verified only when trusted */
	bool prehashed;                            /**< "ED" (BLAKE2b-512 of the file) rather than "Ed" */
	char plugin_id[DS_MINISIGN_BOUND_MAX];     /**< the plugin the trusted comment binds it to, or "" */
	char plugin_version[DS_MINISIGN_BOUND_MAX]; /**< and that plugin's version, or "" */
} ds_trust_signer;

/** The loaded public keys (opaque). */
typedef struct ds_trust_store ds_trust_store;

/** Stable English name of a state, for --json and logs ("trusted",
 *  "unsigned", "untrusted-key", "bad-signature", "malformed-signature",
 *  "not-for-this-plugin", "not-checked"). */
const char *ds_trust_state_str(ds_trust_state state);
/** Short translated label of a state, for people. */
const char *ds_trust_state_text(ds_trust_state state);
/** True when a signer's trusted comment (and binding) was verified with a
 *  trusted key in this state, so that it may be shown as signed. */
bool ds_trust_comment_verified(ds_trust_state state);
/** The translated warning shown wherever unsigned plugins are allowed
 *  (the wizard's banner, `run`, `plugins`). */
const char *ds_trust_unsigned_warning(void);
/** Writes the default trust store directories (':'-separated) to buf. */
void ds_trust_default_dirs(char *buf, size_t size);
/** Loads every "*.pub" of each directory in dirs (':'-separated; NULL: the
 *  default ones). Missing directories are skipped; bad key files are logged
 *  and skipped. NULL only when out of memory. */
ds_trust_store *ds_trust_store_load(const char *dirs);
/** Number of keys loaded. */
size_t ds_trust_store_size(const ds_trust_store *store);
/** The directories searched (':'-separated). */
const char *ds_trust_store_dirs(const ds_trust_store *store);
/** Frees the store; NULL is fine. */
void ds_trust_store_free(ds_trust_store *store);
/** Checks data (the bytes of the file at path, already read) against
 *  path.minisig. Fills signer (may be NULL) and, unless trusted, a
 *  translated reason that says what to do. Returns the state. */
DS_MUST_CHECK ds_trust_state ds_trust_check(const ds_trust_store *store, const char *path, const void *data, size_t len,
					    ds_trust_signer *signer, char *reason, size_t reason_size);
/** Checks that a trusted signature was made for the plugin whose
 *  descriptor says id and version (signer from ds_trust_check). Other
 *  states pass: their comment is not verified (unsigned and untrusted-key
 *  plugins get here only with allow_unsigned). On a mismatch, or a trusted
 *  comment that names no plugin, sets *state to DS_TRUST_NOT_FOR_PLUGIN,
 *  writes a translated reason that says what to do and returns false. */
DS_MUST_CHECK bool ds_trust_check_binding(ds_trust_state *state, const ds_trust_signer *signer, const char *id,
					  const char *version, char *reason, size_t reason_size);

#endif
