/* The trust store and the signature check of plugin files (see
 * plugin_trust.h). The plugin's bytes are passed in by the loader, which
 * loads exactly those bytes; only the small .minisig and .pub files are
 * read here. */
#include "app/plugin/plugin_trust.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/base/paths.h"

/** Source tag of the trust store's log lines. */
#define LOG_SRC "trust"
/** Largest .pub or .minisig file read (minisign's own limits are far lower). */
#define SMALL_FILE_MAX (16 * 1024)

/** One trusted public key and where it came from. */
typedef struct trust_key {
	ds_minisign_pubkey key;
	char path[1024];
} trust_key;

struct ds_trust_store {
	trust_key *keys;
	size_t n;
	char dirs[8192];
};

/** Copies text for a terminal: control characters (C0, DEL, C1) become '?',
 *  tabs become spaces, and it is cut to size. */
static void copy_printable(char *out, size_t size, const char *text)
{
	size_t o = 0;

	for (size_t i = 0; text[i] && o + 1 < size; i++) {
		unsigned char c = (unsigned char)text[i];
		unsigned char next = (unsigned char)text[i + 1];

		if (c == '\t') {
			out[o++] = ' ';
		} else if (c < 0x20 || c == 0x7f) {
			out[o++] = '?';
		} else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
			out[o++] = '?'; /* U+0080..U+009F, e.g. CSI */
			i++;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/** The file's last path component. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/** Reads a small file whole into buf (NUL-terminated). 0, or -1 with errno
 *  (EFBIG when larger than size - 1). *st_out gets its status. */
static int read_small(const char *path, char *buf, size_t size, size_t *len, struct stat *st_out)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		n = read(fd, buf + got, size - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == size - 1) {
			char extra;

			n = read(fd, &extra, 1);
			if (n > 0) {
				close(fd);
				errno = EFBIG;
				return -1;
			}
			break;
		}
	}
	if (n < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	if (st_out)
		*st_out = st;
	return 0;
}

const char *ds_trust_state_str(ds_trust_state state)
{
	switch (state) {
	case DS_TRUST_NOT_CHECKED: return "not-checked";
	case DS_TRUST_TRUSTED: return "trusted";
	case DS_TRUST_UNSIGNED: return "unsigned";
	case DS_TRUST_UNTRUSTED_KEY: return "untrusted-key";
	case DS_TRUST_BAD_SIGNATURE: return "bad-signature";
	case DS_TRUST_MALFORMED: return "malformed-signature";
	case DS_TRUST_NOT_FOR_PLUGIN:
		return "not-for-this-plugin";
	}
	return "unknown";
}

const char *ds_trust_state_text(ds_trust_state state)
{
	switch (state) {
	case DS_TRUST_NOT_CHECKED: return _("signature not checked");
	case DS_TRUST_TRUSTED: return _("trusted");
	case DS_TRUST_UNSIGNED: return _("UNSIGNED");
	case DS_TRUST_UNTRUSTED_KEY: return _("UNTRUSTED KEY");
	case DS_TRUST_BAD_SIGNATURE: return _("BAD SIGNATURE");
	case DS_TRUST_MALFORMED: return _("MALFORMED SIGNATURE");
	case DS_TRUST_NOT_FOR_PLUGIN:
		return _("SIGNED FOR ANOTHER PLUGIN");
	}
	return _("unknown");
}

bool ds_trust_comment_verified(ds_trust_state state)
{
	return state == DS_TRUST_TRUSTED || state == DS_TRUST_NOT_FOR_PLUGIN;
}

const char *ds_trust_unsigned_warning(void)
{
	return _("UNSIGNED PLUGINS ALLOWED: plugin development only, never at a customer's site");
}

void ds_trust_default_dirs(char *buf, size_t size)
{
	char config[4096];
	size_t n = 0;
	int w;

	if (!buf || size == 0)
		return;
	buf[0] = '\0';
	if (ds_paths_config_dir(config, sizeof config) == 0) {
		w = snprintf(buf, size, "%s/trusted.d:", config);
		if (w > 0 && (size_t)w < size)
			n = (size_t)w;
	}
	w = snprintf(buf + n, size - n, "%s", DS_TRUST_SYSTEM_DIR);
	if (w > 0 && (size_t)w < size - n)
		n += (size_t)w;
#ifdef DS_TRUST_BUILD_DIR
	if (ds_paths_in_build_tree())
		snprintf(buf + n, size - n, ":%s", DS_TRUST_BUILD_DIR);
#endif
}

/** scandir filter: names ending in ".pub" that are not hidden. */
static int is_pub_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 4 && strcmp(e->d_name + n - 4, ".pub") == 0;
}

/** scandir order: bytewise by name. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/** Adds the key in path to the store; bad or unsafe files are logged and
 *  skipped. false only when out of memory. */
static bool add_key_file(ds_trust_store *store, const char *path)
{
	char text[SMALL_FILE_MAX];
	ds_minisign_pubkey key;
	ds_minisign_error e;
	struct stat st;
	trust_key *grown;
	size_t len;

	if (read_small(path, text, sizeof text, &len, &st) != 0) {
		ds_log(DS_LOG_WARN, LOG_SRC, "ignoring key file %s: %s", path, strerror(errno));
		return true;
	}
	if (ds_paths_unsafe_owner(&st)) {
		ds_log(DS_LOG_WARN, LOG_SRC, "ignoring key file %s: %s", path, ds_paths_unsafe_owner(&st));
		return true;
	}
	e = ds_minisign_parse_pubkey(text, len, &key);
	if (e != DS_MINISIGN_OK) {
		ds_log(DS_LOG_WARN, LOG_SRC, "ignoring key file %s: %s", path, ds_minisign_error_str(e));
		return true;
	}
	grown = realloc(store->keys, (store->n + 1) * sizeof *grown);
	if (!grown)
		return false;
	store->keys = grown;
	grown[store->n].key = key;
	snprintf(grown[store->n].path, sizeof grown[store->n].path, "%s", path);
	store->n++;
	return true;
}

/** Loads every "*.pub" of one directory, in name order. */
static bool load_dir(ds_trust_store *store, const char *dir)
{
	struct dirent **names = NULL;
	char path[sizeof ((trust_key *)0)->path];
	struct stat st;
	bool ok = true;
	int n;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return true; /* a missing directory holds no keys */
	if (ds_paths_unsafe_owner(&st)) {
		ds_log(DS_LOG_WARN, LOG_SRC, "ignoring trust store %s: %s", dir, ds_paths_unsafe_owner(&st));
		return true;
	}
	n = scandir(dir, &names, is_pub_name, by_name);
	if (n < 0) {
		ds_log(DS_LOG_WARN, LOG_SRC, "cannot read trust store %s: %s", dir, strerror(errno));
		return true;
	}
	for (int i = 0; i < n; i++) {
		if (ok && (size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < sizeof path)
			ok = add_key_file(store, path);
		free(names[i]);
	}
	free(names);
	return ok;
}

ds_trust_store *ds_trust_store_load(const char *dirs)
{
	ds_trust_store *store = calloc(1, sizeof *store);
	char *copy, *save = NULL;

	if (!store)
		return NULL;
	if (dirs)
		snprintf(store->dirs, sizeof store->dirs, "%s", dirs);
	else
		ds_trust_default_dirs(store->dirs, sizeof store->dirs);
	copy = strdup(store->dirs);
	if (!copy) {
		free(store);
		return NULL;
	}
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		if (!load_dir(store, d)) {
			free(copy);
			ds_trust_store_free(store);
			return NULL;
		}
	}
	free(copy);
	ds_log(DS_LOG_DEBUG, LOG_SRC, "%zu trusted keys from %s", store->n, store->dirs);
	return store;
}

size_t ds_trust_store_size(const ds_trust_store *store)
{
	return store ? store->n : 0;
}

const char *ds_trust_store_dirs(const ds_trust_store *store)
{
	return store ? store->dirs : "";
}

void ds_trust_store_free(ds_trust_store *store)
{
	if (!store)
		return;
	free(store->keys);
	free(store);
}

/** Translated detail of a malformed signature file. */
static const char *malformed_detail(ds_minisign_error e)
{
	switch (e) {
	case DS_MINISIGN_ERR_COMMENT:
		return _("its first line is not an \"untrusted comment:\" line");
	case DS_MINISIGN_ERR_TRUNCATED:
		return _("it is truncated");
	case DS_MINISIGN_ERR_BASE64:
		return _("a signature line is damaged or truncated");
	case DS_MINISIGN_ERR_ALGORITHM:
		return _("it uses an unknown signature algorithm");
	case DS_MINISIGN_ERR_TRUSTED_COMMENT:
		return _("its third line is not a \"trusted comment:\" line");
	case DS_MINISIGN_ERR_TOO_LONG:
		return _("a comment line is too long");
	default:
		break;
	}
	return _("it is not a minisign signature");
}

/** Reads and parses path.minisig into sig; the state when it cannot. */
static ds_trust_state load_signature(const char *path, ds_minisign_sig *sig, char *reason,
				     size_t size)
{
	char sig_path[PATH_MAX + sizeof DS_MINISIGN_SUFFIX];
	char *text = malloc(SMALL_FILE_MAX);
	ds_minisign_error e;
	size_t len = 0;

	if (!text) {
		snprintf(reason, size, "%s", _("out of memory"));
		return DS_TRUST_MALFORMED;
	}
	snprintf(sig_path, sizeof sig_path, "%s%s", path, DS_MINISIGN_SUFFIX);
	if (read_small(sig_path, text, SMALL_FILE_MAX, &len, NULL) != 0) {
		int err = errno;

		free(text);
		if (err == ENOENT) {
			snprintf(reason, size,
				 _("not signed: there is no %s%s. Ask the vendor for a signed plugin; "
				   "while developing a plugin, start doorstep with --allow-unsigned"),
				 base_name(path), DS_MINISIGN_SUFFIX);
			return DS_TRUST_UNSIGNED;
		}
		snprintf(reason, size,
			 _("cannot read the signature %s%s: %s. Check its permissions or "
			   "reinstall the plugin"),
			 base_name(path), DS_MINISIGN_SUFFIX,
			 err == EFBIG ? _("it is too large") : strerror(err));
		return DS_TRUST_MALFORMED;
	}
	e = ds_minisign_parse_sig(text, len, sig);
	free(text);
	if (e != DS_MINISIGN_OK) {
		snprintf(reason, size,
			 _("the signature %s%s is malformed (%s). Reinstall the plugin and its "
			   "signature from the vendor"),
			 base_name(path), DS_MINISIGN_SUFFIX, malformed_detail(e));
		return DS_TRUST_MALFORMED;
	}
	return DS_TRUST_TRUSTED; /* well-formed; not verified yet */
}

/** Verifies sig against every key of the store with its key id. */
static ds_trust_state verify_with_store(const ds_trust_store *store, const ds_minisign_sig *sig,
					const void *data, size_t len, ds_trust_signer *signer,
					char *reason, size_t size)
{
	ds_minisign_error worst = DS_MINISIGN_ERR_KEY_ID;

	for (size_t i = 0; store && i < store->n; i++) {
		ds_minisign_error e = ds_minisign_verify(&store->keys[i].key, sig, data, len);

		if (e == DS_MINISIGN_ERR_KEY_ID)
			continue;
		snprintf(signer->key_file, sizeof signer->key_file, "%s", store->keys[i].path);
		copy_printable(signer->key_comment, sizeof signer->key_comment,
			       store->keys[i].key.comment);
		if (e == DS_MINISIGN_OK)
			return DS_TRUST_TRUSTED;
		if (worst == DS_MINISIGN_ERR_KEY_ID || e == DS_MINISIGN_ERR_SIGNATURE)
			worst = e;
	}
	if (worst == DS_MINISIGN_ERR_KEY_ID) {
		snprintf(reason, size,
			 _("signed with key %s, which is not in the trust store (%s). If you trust "
			   "this vendor, put its public key there as a .pub file"),
			 signer->key_id, store ? store->dirs : "");
		return DS_TRUST_UNTRUSTED_KEY;
	}
	if (worst == DS_MINISIGN_ERR_GLOBAL_SIGNATURE)
		snprintf(reason, size,
			 _("bad signature: the trusted comment of %s was changed after signing "
			   "(key %s). Reinstall the plugin and its signature from the vendor"),
			 DS_MINISIGN_SUFFIX, signer->key_id);
	else
		snprintf(reason, size,
			 _("bad signature: the file does not match its signature (key %s); it was "
			   "changed after signing, or the signature belongs to another file. "
			   "Reinstall the plugin and its signature from the vendor"),
			 signer->key_id);
	return DS_TRUST_BAD_SIGNATURE;
}

ds_trust_state ds_trust_check(const ds_trust_store *store, const char *path, const void *data,
			      size_t len, ds_trust_signer *signer, char *reason, size_t reason_size)
{
	char own_reason[512];
	ds_trust_signer own;
	ds_minisign_sig *sig;
	ds_trust_state state;

	if (!signer)
		signer = &own;
	memset(signer, 0, sizeof *signer);
	if (!reason || reason_size == 0) {
		reason = own_reason;
		reason_size = sizeof own_reason;
	}
	reason[0] = '\0';
	if (sodium_init() < 0) {
		snprintf(reason, reason_size, "%s",
			 _("cannot check signatures: libsodium failed to start"));
		return DS_TRUST_MALFORMED;
	}
	sig = malloc(sizeof *sig);
	if (!sig) {
		snprintf(reason, reason_size, "%s", _("out of memory"));
		return DS_TRUST_MALFORMED;
	}
	state = load_signature(path, sig, reason, reason_size);
	if (state == DS_TRUST_TRUSTED) {
		ds_minisign_key_id_hex(sig->key_id, signer->key_id);
		copy_printable(signer->untrusted_comment, sizeof signer->untrusted_comment,
			       sig->untrusted_comment);
		copy_printable(signer->trusted_comment, sizeof signer->trusted_comment,
			       sig->trusted_comment);
		signer->prehashed = sig->prehashed;
		ds_minisign_plugin_binding(sig->trusted_comment, signer->plugin_id, signer->plugin_version);
		state = verify_with_store(store, sig, data, len, signer, reason, reason_size);
	}
	free(sig);
	return state;
}

bool ds_trust_check_binding(ds_trust_state *state, const ds_trust_signer *signer, const char *id, const char *version,
			    char *reason, size_t reason_size)
{
	char shown_id[64], shown_version[64], shown_comment[64];
	size_t n;

	if (*state != DS_TRUST_TRUSTED)
		return true;
	id = id ? id : "";
	version = version ? version : "";
	if (signer->plugin_id[0] && strcmp(signer->plugin_id, id) == 0 && strcmp(signer->plugin_version, version) == 0)
		return true;
	*state = DS_TRUST_NOT_FOR_PLUGIN;
	copy_printable(shown_id, sizeof shown_id, id);
	copy_printable(shown_version, sizeof shown_version, version);
	copy_printable(shown_comment, sizeof shown_comment, signer->trusted_comment);
	n = strlen(shown_comment);
	if (n + 1 == sizeof shown_comment) /* cut: never inside a UTF-8 character */
		while (n > 0 && ((unsigned char)shown_comment[n - 1] & 0x80))
			shown_comment[--n] = '\0';
	if (!signer->plugin_id[0])
		snprintf(reason, reason_size,
			 _("the signature names no plugin: its signed comment \"%s\" does not begin "
			   "with \"%s <id> <version>\". Ask the vendor for a signature made for %s %s "
			   "(ds-sign, or minisign -t \"%s %s %s\")"),
			 shown_comment, DS_MINISIGN_PLUGIN_WORD, shown_id, shown_version, DS_MINISIGN_PLUGIN_WORD,
			 shown_id, shown_version);
	else
		snprintf(reason, reason_size,
			 _("signed for plugin %s version %s, but the file is plugin %s version %s: "
			   "it was renamed, or the signature belongs to another plugin or release. "
			   "Reinstall %s %s together with its own signature from the vendor"),
			 signer->plugin_id, signer->plugin_version, shown_id, shown_version, shown_id, shown_version);
	return false;
}
