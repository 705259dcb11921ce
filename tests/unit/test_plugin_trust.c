/* Only trusted plugins load: a plugin signed with a key in the trust store
 * loads; a tampered file, a foreign key, a truncated signature and the
 * signature of another file are each refused with their reason; a signature
 * made for another plugin or release, or for none, is refused; unsigned
 * plugins load only with allow_unsigned; what is loaded is the verified
 * bytes, from a sealed memfd; and the minisign tool and doorstep (ds-sign)
 * accept each other's files. */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/plugin/minisign.h"
#include "app/base/paths.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/plugin_trust.h"
#include "tests/support/test_support.h"

static char tmpdir[4096];

/** snprintf that fails the test when the text does not fit. */
__attribute__((format(printf, 3, 4)))
static const char *fmt(char *out, size_t size, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(out, size, format, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < size, "text too long for its buffer");
	return out;
}

/** Private XDG tree, English messages, an open log. */
static void setup(void)
{
	fmt(tmpdir, sizeof tmpdir, "%s", ds_test_tmpdir());
	setenv("LC_ALL", "C", 1);
	unsetenv("LANGUAGE");
	unsetenv("DOORSTEP_PLUGIN_PATH");
	ds_i18n_init();
	cr_assert_geq(sodium_init(), 0);
	cr_assert_eq(ds_log_open(), 0, "cannot open the log in %s", tmpdir);
}

/** Closes the log and removes the XDG tree. */
static void teardown(void)
{
	ds_log_close();
	ds_test_rmtree(tmpdir);
}

TestSuite(trust, .init = setup, .fini = teardown, .timeout = 120);

/* ---- helpers ---- */

/** An environment variable the build's CTest sets; fails when missing. */
static const char *env(const char *name)
{
	const char *v = getenv(name);

	cr_assert(v && *v, "%s is not set (run the tests through ctest)", name);
	return v;
}

/** Reads a whole file (caller frees). */
static char *slurp(const char *path, size_t *len)
{
	char *data = ds_paths_read_file(path, len);

	cr_assert_not_null(data, "cannot read %s", path);
	return data;
}

/** Writes len bytes to path with mode. */
static void spit(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	cr_assert_geq(fd, 0, "cannot write %s", path);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	cr_assert_eq(chmod(path, mode), 0);
}

/** Copies src to dst. */
static void copy(const char *src, const char *dst)
{
	size_t len;
	char *data = slurp(src, &len);

	spit(dst, data, len, 0644);
	free(data);
}

/** Creates tmpdir/name and writes its path to out. */
static const char *subdir(char *out, size_t size, const char *name)
{
	fmt(out, size, "%s/%s", tmpdir, name);
	cr_assert(mkdir(out, 0755) == 0 || access(out, F_OK) == 0, "cannot create %s", out);
	return out;
}

/** Copies the good fixture (signed with the development key) into
 *  tmpdir/<name>/fx_good.so, with its signature when signed. Writes the
 *  plugin's path to out. */
static const char *stage(char *out, size_t size, const char *name, bool signed_too)
{
	char dir[4096], src[4200], sig[4300], dst_sig[4300];

	subdir(dir, sizeof dir, name);
	fmt(src, sizeof src, "%s/good/fx_good.so", ds_test_fixture_dir());
	fmt(out, size, "%s/fx_good.so", dir);
	copy(src, out);
	if (signed_too) {
		fmt(sig, sizeof sig, "%s.minisig", src);
		fmt(dst_sig, sizeof dst_sig, "%s.minisig", out);
		copy(sig, dst_sig);
	}
	return out;
}

/** Path of file's signature. */
static const char *sig_of(char *out, size_t size, const char *file)
{
	fmt(out, size, "%s.minisig", file);
	return out;
}

/** A key pair made in process. */
static void make_key(ds_minisign_seckey *sk, ds_minisign_pubkey *pk)
{
	cr_assert_eq(ds_minisign_keygen(pk, sk), DS_MINISIGN_OK);
}

/** Signs file with sk into file.minisig. */
static void sign_file(const ds_minisign_seckey *sk, const char *file, bool prehashed,
		      const char *trusted_comment)
{
	static char text[20000];
	char sig[4300];
	size_t len;
	char *data = slurp(file, &len);

	cr_assert_eq(ds_minisign_sign(sk, data, len, prehashed, "signed by a test", trusted_comment,
				      text, sizeof text), DS_MINISIGN_OK);
	spit(sig_of(sig, sizeof sig, file), text, strlen(text), 0644);
	free(data);
}

/** The user's trust store directory (created) into out. */
static const char *user_store(char *out, size_t size)
{
	char config[4096];

	cr_assert_eq(ds_paths_config_dir(config, sizeof config), 0);
	fmt(out, size, "%s/trusted.d", config);
	cr_assert_eq(ds_paths_mkdir_p(out), 0);
	return out;
}

/** The directory part of path into out. */
static const char *dir_of(char *out, size_t size, const char *path)
{
	const char *slash = strrchr(path, '/');

	fmt(out, size, "%.*s", (int)(slash - path), path);
	return out;
}

/** Checks that path is refused with state and a reason containing want,
 *  alone and when its directory is searched; then with allow_unsigned, that
 *  it is still refused (refused_when_allowed) or loads marked with state. */
static void expect_refused(const char *path, ds_trust_state state, const char *want,
			   bool refused_when_allowed)
{
	char reason[512], dir[4096];
	ds_loaded_plugin *lp;
	ds_plugin_set *set;

	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_null(lp, "%s was loaded", path);
	cr_assert(strstr(reason, want), "reason \"%s\" lacks \"%s\"", reason, want);

	set = ds_plugins_load(dir_of(dir, sizeof dir, path));
	cr_assert_eq(set->n_loaded, 0);
	cr_assert_eq(set->n_rejected, 1);
	cr_assert_eq(set->rejected[0].trust, state, "state %s, not %s",
		     ds_trust_state_str(set->rejected[0].trust), ds_trust_state_str(state));
	cr_assert(strstr(set->rejected[0].reason, want), "%s", set->rejected[0].reason);
	ds_plugins_free(set);

	lp = ds_plugin_load_file_ex(path, true, reason, sizeof reason);
	if (refused_when_allowed) {
		cr_assert_null(lp, "%s was loaded with allow_unsigned", path);
		cr_assert(strstr(reason, "--allow-unsigned never loads"), "%s", reason);
	} else {
		cr_assert_not_null(lp, "refused with allow_unsigned: %s", reason);
		cr_assert_eq(lp->trust, state);
		cr_assert(strstr(lp->trust_reason, want), "%s", lp->trust_reason);
		ds_plugin_unload(lp);
	}
}

/** Checks that path, validly signed with a trusted key, is refused as not
 *  signed for this plugin (reason containing want), alone, in a set, and
 *  with allow_unsigned too. */
static void expect_not_for_plugin(const char *path, const char *want)
{
	char reason[512], dir[4096];
	ds_plugin_set *set;

	cr_assert_null(ds_plugin_load_file(path, reason, sizeof reason), "%s was loaded", path);
	cr_assert(strstr(reason, want), "reason \"%s\" lacks \"%s\"", reason, want);
	set = ds_plugins_load(dir_of(dir, sizeof dir, path));
	cr_assert_eq(set->n_loaded, 0);
	cr_assert_eq(set->n_rejected, 1);
	cr_assert_eq(set->rejected[0].trust, DS_TRUST_NOT_FOR_PLUGIN, "state %s",
		     ds_trust_state_str(set->rejected[0].trust));
	cr_assert(strstr(set->rejected[0].reason, want), "%s", set->rejected[0].reason);
	cr_assert(set->rejected[0].signer.key_id[0], "the signer is still known");
	ds_plugins_free(set);
	cr_assert_null(ds_plugin_load_file_ex(path, true, reason, sizeof reason), "%s was loaded with allow_unsigned",
		       path);
	cr_assert(strstr(reason, want), "%s", reason);
}

/** Key id of the development key (the build tree's trusted.d). */
static void dev_key_id(char out[DS_MINISIGN_KEY_ID_HEX])
{
	char path[4200];
	ds_minisign_pubkey pk;
	size_t len;
	char *text;

	fmt(path, sizeof path, "%s/trusted.d/doorstep-dev.pub", env("DOORSTEP_BUILD_DIR"));
	text = slurp(path, &len);
	cr_assert_eq(ds_minisign_parse_pubkey(text, len, &pk), DS_MINISIGN_OK);
	ds_minisign_key_id_hex(pk.key_id, out);
	free(text);
}

/** What the last run() printed, for assertion messages. */
static char run_err[4096];

/** Runs a command of up to 15 words, up to the first NULL; returns its
 *  status, output in *out. */
__attribute__((sentinel)) static int run(char **out, const char *a0, ...)
{
	const char *argv[16] = { a0 };
	char *err = NULL, *o = NULL;
	size_t n = 1;
	va_list ap;
	int rc;

	va_start(ap, a0);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	rc = ds_test_run(argv, "", &o, &err);
	fmt(run_err, sizeof run_err, "%s %s: exit %d: %.1000s%.2000s", a0, argv[1] ? argv[1] : "", rc, o ? o : "",
	    err ? err : "");
	free(err);
	if (out)
		*out = o;
	else
		free(o);
	return rc;
}

/** Fails clearly when the minisign tool is missing. */
static void need_minisign(void)
{
	char *out = NULL;

	cr_assert_eq(run(&out, "minisign", "-v", NULL, NULL, NULL, NULL, NULL, NULL), 0,
		     "the minisign tool is missing: apt-get install minisign "
		     "(scripts/setup.sh installs it)");
	free(out);
}

/* ---- the trust states ---- */

Test(trust, good_signed_plugin_loads_and_names_its_signer)
{
	char path[4096], reason[512] = "unchanged", id[DS_MINISIGN_KEY_ID_HEX];
	ds_loaded_plugin *lp;

	fmt(path, sizeof path, "%s/good/fx_good.so", ds_test_fixture_dir());
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_not_null(lp, "refused: %s", reason);
	cr_assert_eq(lp->trust, DS_TRUST_TRUSTED);
	cr_assert_str_empty(lp->trust_reason);
	dev_key_id(id);
	cr_assert_str_eq(lp->signer.key_id, id);
	cr_assert(strstr(lp->signer.key_comment, "development key"), "%s", lp->signer.key_comment);
	cr_assert(strstr(lp->signer.key_file, "/trusted.d/doorstep-dev.pub"), "%s",
		  lp->signer.key_file);
	/* The build binds the signature to the fixture's id and version. */
	cr_assert_str_eq(lp->signer.trusted_comment, "doorstep-plugin fx-good 1.0.0");
	cr_assert_str_eq(lp->signer.plugin_id, "fx-good");
	cr_assert_str_eq(lp->signer.plugin_version, "1.0.0");
	cr_assert(lp->signer.prehashed);
	ds_plugin_unload(lp);
}

Test(trust, tampered_plugin_is_refused)
{
	char path[4096];
	size_t len;
	char *data;

	stage(path, sizeof path, "tampered", true);
	data = slurp(path, &len);
	data[len / 2] ^= 0x01; /* one bit of one byte, after signing */
	spit(path, data, len, 0755);
	free(data);
	expect_refused(path, DS_TRUST_BAD_SIGNATURE, "does not match its signature", true);
}

Test(trust, wrong_key_is_refused)
{
	char path[4096], id[DS_MINISIGN_KEY_ID_HEX], dir[4096];
	ds_minisign_seckey sk;
	ds_minisign_pubkey pk;
	ds_plugin_set *set;

	stage(path, sizeof path, "wrong-key", false);
	make_key(&sk, &pk);
	/* Its comment names another plugin, but an untrusted key's comment is
	 * not verified and binds nothing: with allow_unsigned it still loads,
	 * marked untrusted-key (expect_refused). */
	sign_file(&sk, path, true, "doorstep-plugin made-by-someone-else 1.0.0");
	ds_minisign_key_id_hex(pk.key_id, id);
	expect_refused(path, DS_TRUST_UNTRUSTED_KEY, "not in the trust store", false);
	expect_refused(path, DS_TRUST_UNTRUSTED_KEY, id, false);

	/* The listing names the signer's key; its comment is not a trusted one. */
	set = ds_plugins_load(dir_of(dir, sizeof dir, path));
	cr_assert_str_eq(set->rejected[0].signer.key_id, id);
	cr_assert_str_empty(set->rejected[0].signer.key_file);
	ds_plugins_free(set);
	sodium_memzero(&sk, sizeof sk);
}

/** Stages the good fixture as tmpdir/<name>/fx_good.so (path into path)
 *  and signs it with trusted comment tc and a new key whose public half
 *  (with comment) goes into the user's trust store as <name>.pub (into pub). */
static void sign_with_user_key(const char *name, bool prehashed, const char *comment, const char *tc, char *path,
			       char *pub)
{
	char store[4096], text[512];
	ds_minisign_seckey sk;
	ds_minisign_pubkey pk;

	stage(path, 4096, name, false);
	fmt(pub, 4200, "%s/%s.pub", user_store(store, sizeof store), name);
	make_key(&sk, &pk);
	fmt(pk.comment, sizeof pk.comment, "%s", comment);
	cr_assert_eq(ds_minisign_format_pubkey(&pk, text, sizeof text), DS_MINISIGN_OK);
	spit(pub, text, strlen(text), 0644);
	sign_file(&sk, path, prehashed, tc);
	sodium_memzero(&sk, sizeof sk);
}

/** As sign_with_user_key, with the trusted comment that binds it to the
 *  fixture ("doorstep-plugin fx-good 1.0.0 " and comment), then loads it. */
static ds_loaded_plugin *load_with_user_key(const char *name, bool prehashed, const char *comment, char *path, char *pub)
{
	char tc[512], reason[512];
	ds_loaded_plugin *lp;

	sign_with_user_key(name, prehashed, comment, fmt(tc, sizeof tc, "doorstep-plugin fx-good 1.0.0 %s", comment),
			   path, pub);
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_not_null(lp, "refused: %s", reason);
	cr_assert_eq(lp->trust, DS_TRUST_TRUSTED);
	cr_assert_eq(lp->signer.prehashed, prehashed);
	return lp;
}

Test(trust, key_in_the_user_trust_store_is_trusted)
{
	char path[4096], pub[4200];
	ds_loaded_plugin *lp = load_with_user_key("acme", true, "ACME Ltd plugin key", path, pub);

	cr_assert_str_eq(lp->signer.key_file, pub);
	cr_assert_str_eq(lp->signer.key_comment, "ACME Ltd plugin key");
	cr_assert_str_eq(lp->signer.trusted_comment, "doorstep-plugin fx-good 1.0.0 ACME Ltd plugin key");
	ds_plugin_unload(lp);

	/* A key file others may write to is no trust anchor: not even the group. */
	cr_assert_eq(chmod(pub, 0664), 0);
	expect_refused(path, DS_TRUST_UNTRUSTED_KEY, "not in the trust store", false);
	cr_assert_eq(chmod(pub, 0666), 0);
	expect_refused(path, DS_TRUST_UNTRUSTED_KEY, "not in the trust store", false);
}

Test(trust, group_writable_trust_store_is_no_anchor)
{
	char path[4096], pub[4200], store[4096];

	ds_plugin_unload(load_with_user_key("groupdir", true, "group store key", path, pub));
	user_store(store, sizeof store);
	cr_assert_eq(chmod(store, 0775), 0);
	expect_refused(path, DS_TRUST_UNTRUSTED_KEY, "not in the trust store", false);
	cr_assert_eq(chmod(store, 0755), 0);
}

Test(trust, key_of_another_user_is_no_anchor)
{
	char path[4096], pub[4200];

	if (geteuid() != 0)
		cr_skip_test("needs root to give the key file to another user");
	ds_plugin_unload(load_with_user_key("otheruser", true, "someone else's key", path, pub));
	cr_assert_eq(chown(pub, 65534, 65534), 0);
	expect_refused(path, DS_TRUST_UNTRUSTED_KEY, "not in the trust store", false);
}

Test(trust, plugin_folder_others_may_write_to_loads_nothing)
{
	char path[4096], dir[4096];
	ds_plugin_set *set;

	stage(path, sizeof path, "shared-folder", true);
	dir_of(dir, sizeof dir, path);
	set = ds_plugins_load(dir);
	cr_assert_eq(set->n_loaded, 1, "the signed plugin loads from a private folder");
	ds_plugins_free(set);
	cr_assert_eq(chmod(dir, 0775), 0);
	set = ds_plugins_load(dir);
	cr_assert_eq(set->n_loaded, 0, "a plugin was loaded from a group-writable folder");
	cr_assert_eq(set->n_rejected, 1);
	cr_assert(strstr(set->rejected[0].reason, "others than its owner may write"), "%s", set->rejected[0].reason);
	ds_plugins_free(set);
}

Test(trust, legacy_signature_is_accepted)
{
	char path[4096], pub[4200];

	ds_plugin_unload(load_with_user_key("legacy", false, "legacy Ed signature", path, pub));
}

Test(trust, truncated_signature_is_refused)
{
	char path[4096], sig[4300];
	size_t len, cuts[5];
	char *text;

	stage(path, sizeof path, "truncated", true);
	text = slurp(sig_of(sig, sizeof sig, path), &len);
	cuts[0] = 0;                          /* empty */
	cuts[1] = 30;                         /* inside the first line */
	cuts[2] = strchr(text, '\n') - text + 40; /* inside the signature line */
	cuts[3] = strstr(text, "trusted comment:") - text; /* two lines only */
	cuts[4] = len - 20;                   /* inside the global signature */
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		spit(sig, text, cuts[i], 0644);
		expect_refused(path, DS_TRUST_MALFORMED, "is malformed", true);
	}
	free(text);
}

Test(trust, signature_of_another_file_is_refused)
{
	char path[4096], sig[4300], other[4200];

	stage(path, sizeof path, "other-file", false);
	fmt(other, sizeof other, "%s/old-minor/fx_old_minor.so.minisig", ds_test_fixture_dir());
	copy(other, sig_of(sig, sizeof sig, path));
	expect_refused(path, DS_TRUST_BAD_SIGNATURE, "belongs to another file", true);
}

Test(trust, changed_trusted_comment_is_refused)
{
	char path[4096], sig[4300];
	size_t len;
	char *text, *at;

	stage(path, sizeof path, "comment", true);
	text = slurp(sig_of(sig, sizeof sig, path), &len);
	at = strstr(text, "fx-good 1.0.0");
	cr_assert_not_null(at, "%s", text);
	memcpy(at, "fx-good 9.9.9", strlen("fx-good 9.9.9"));
	spit(sig, text, len, 0644);
	free(text);
	expect_refused(path, DS_TRUST_BAD_SIGNATURE, "trusted comment", true);
}

Test(trust, unsigned_is_refused_unless_allowed)
{
	char path[4096], dir[4096], reason[512];
	ds_loaded_plugin *lp;
	ds_plugin_set *set;

	stage(path, sizeof path, "unsigned", false);
	expect_refused(path, DS_TRUST_UNSIGNED, "not signed", false);
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_null(lp);
	cr_assert(strstr(reason, "--allow-unsigned"), "the reason says what to do: %s", reason);

	set = ds_plugins_load_ex(dir_of(dir, sizeof dir, path), true);
	cr_assert(set->allow_unsigned);
	cr_assert_eq(set->n_rejected, 0);
	cr_assert_eq(set->n_loaded, 1);
	cr_assert_eq(set->loaded[0]->trust, DS_TRUST_UNSIGNED);
	cr_assert_str_empty(set->loaded[0]->signer.key_id);
	ds_plugins_free(set);
}

Test(trust, other_refusals_keep_their_reason_and_state)
{
	char dir[4096];
	ds_plugin_set *set;

	/* A signed plugin refused for its ABI: the signer is still known. */
	fmt(dir, sizeof dir, "%s/wrong-major", ds_test_fixture_dir());
	set = ds_plugins_load(dir);
	cr_assert_eq(set->n_rejected, 1);
	cr_assert_eq(set->rejected[0].trust, DS_TRUST_TRUSTED);
	cr_assert(strstr(set->rejected[0].reason, "built for plugin ABI 2.0"));
	ds_plugins_free(set);
	/* A file that is no plugin at all: refused before the signature check. */
	fmt(dir, sizeof dir, "%s/not-elf", ds_test_fixture_dir());
	set = ds_plugins_load(dir);
	cr_assert_eq(set->n_rejected, 1);
	cr_assert_eq(set->rejected[0].trust, DS_TRUST_NOT_CHECKED);
	ds_plugins_free(set);
}

Test(trust, store_directories)
{
	char dirs[8192], want[4200], config[4096];

	ds_trust_default_dirs(dirs, sizeof dirs);
	cr_assert_eq(ds_paths_config_dir(config, sizeof config), 0);
	fmt(want, sizeof want, "%s/trusted.d:%s", config, DS_TRUST_SYSTEM_DIR);
	cr_assert_eq(strncmp(dirs, want, strlen(want)), 0, "%s", dirs);
	/* This test runs from the build tree, so the development key counts. */
	fmt(want, sizeof want, ":%s/trusted.d", env("DOORSTEP_BUILD_DIR"));
	cr_assert(strstr(dirs, want), "%s lacks %s", dirs, want);
	cr_assert_str_eq(ds_trust_state_str(DS_TRUST_MALFORMED), "malformed-signature");
	cr_assert_str_eq(ds_trust_state_str(DS_TRUST_UNTRUSTED_KEY), "untrusted-key");
}

/* ---- a signature is bound to its plugin ---- */

Test(trust, signature_for_another_plugin_or_release_is_refused)
{
	/* Each a valid signature by a trusted key, made for another plugin
	 * than the file's descriptor says (fx-good 1.0.0), or for none. */
	static const struct {
		const char *dir, *tc, *want, *what_to_do;
	} cases[] = {
		{ "other-id", "doorstep-plugin good 1.0.0",
		  "signed for plugin good version 1.0.0, but the file is plugin fx-good version 1.0.0",
		  "Reinstall fx-good 1.0.0 together with its own signature" },
		{ "older", "doorstep-plugin fx-good 0.9.0",
		  "signed for plugin fx-good version 0.9.0, but the file is plugin fx-good version 1.0.0",
		  "Reinstall fx-good 1.0.0" },
		{ "prefix", "doorstep-plugin fx-good 1.0.0.1", "version 1.0.0.1, but", "Reinstall" },
		{ "unbound", "timestamp:1700000000\tfile:fx_good.so\thashed",
		  "the signature names no plugin: its signed comment "
		  "\"timestamp:1700000000 file:fx_good.so hashed\"",
		  "minisign -t \"doorstep-plugin fx-good 1.0.0\"" },
	};
	char path[4096], pub[4200];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sign_with_user_key(cases[i].dir, true, "ACME key", cases[i].tc, path, pub);
		expect_not_for_plugin(path, cases[i].want);
		expect_not_for_plugin(path, cases[i].what_to_do);
	}
	/* The older release's own signature beside this file fails before
	 * that (signature_of_another_file_is_refused). */
}

Test(trust, words_after_the_binding_are_free)
{
	char path[4096], pub[4200];

	sign_with_user_key("suffix", true, "ACME key", "doorstep-plugin fx-good\t1.0.0\tbuild 7", path, pub);
	{
		char reason[512];
		ds_loaded_plugin *lp = ds_plugin_load_file(path, reason, sizeof reason);

		cr_assert_not_null(lp, "refused: %s", reason);
		ds_plugin_unload(lp);
	}
	ds_plugin_unload(load_with_user_key("note", true, "release notes at example.com", path, pub));
}

Test(trust, binding_format)
{
	char id[DS_MINISIGN_BOUND_MAX], version[DS_MINISIGN_BOUND_MAX], tc[300], longword[200];

	cr_assert(ds_minisign_plugin_binding("doorstep-plugin acme 1.2.0", id, version));
	cr_assert_str_eq(id, "acme");
	cr_assert_str_eq(version, "1.2.0");
	cr_assert(ds_minisign_plugin_binding("doorstep-plugin  acme\t1.2.0 timestamp:17 x", id, version));
	cr_assert_str_eq(version, "1.2.0");
	cr_assert_not(ds_minisign_plugin_binding("doorstep-plugin acme", id, version));
	cr_assert_str_empty(id);
	cr_assert_not(ds_minisign_plugin_binding("doorstep-plugin acme ", id, version));
	cr_assert_not(ds_minisign_plugin_binding("doorstep-pluginx acme 1.0", id, version));
	cr_assert_not(ds_minisign_plugin_binding(" doorstep-plugin acme 1.0", id, version));
	cr_assert_not(ds_minisign_plugin_binding("doorstep-plugin acme 1.0\x1b[2J", id, version));
	cr_assert_not(ds_minisign_plugin_binding("ACME alarm plugin 1.4.0", id, version));
	memset(longword, 'a', sizeof longword - 1);
	longword[sizeof longword - 1] = '\0';
	fmt(tc, sizeof tc, "doorstep-plugin %s 1.0", longword);
	cr_assert_not(ds_minisign_plugin_binding(tc, id, version));

	cr_assert_eq(ds_minisign_plugin_comment("acme", "1.2.0", tc, sizeof tc), DS_MINISIGN_OK);
	cr_assert_str_eq(tc, "doorstep-plugin acme 1.2.0");
	cr_assert_eq(ds_minisign_plugin_comment("acme", "1.2 beta", tc, sizeof tc), DS_MINISIGN_ERR_BINDING);
	cr_assert_eq(ds_minisign_plugin_comment("", "1.0", tc, sizeof tc), DS_MINISIGN_ERR_BINDING);
	cr_assert_eq(ds_minisign_plugin_comment("acme", NULL, tc, sizeof tc), DS_MINISIGN_ERR_BINDING);
	cr_assert_eq(ds_minisign_plugin_comment(longword, "1.0", tc, sizeof tc), DS_MINISIGN_ERR_BINDING);
	cr_assert_eq(ds_minisign_plugin_comment("acme", "1.0", tc, 10), DS_MINISIGN_ERR_SPACE);
}

Test(trust, ds_sign_binds_what_the_descriptor_says)
{
	char path[4096], pub[4200], key[4200], bogus[4200], reason[512], *out = NULL;
	ds_loaded_plugin *lp;

	stage(path, sizeof path, "ds-sign-bind", false);
	fmt(pub, sizeof pub, "%s/ds-bind.pub", user_store(key, sizeof key));
	fmt(key, sizeof key, "%s/keys/ds-bind.key", tmpdir);
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "keygen", pub, key, NULL), 0, "%s", run_err);

	/* Read from the descriptor. */
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", key, path, NULL), 0, "%s", run_err);
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_not_null(lp, "refused: %s", reason);
	cr_assert_str_eq(lp->signer.trusted_comment, "doorstep-plugin fx-good 1.0.0");
	ds_plugin_unload(lp);

	/* Given, without loading the file: a wrong one is refused at load. */
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", "--id", "fx-good", "--version", "3.0", key, path, NULL),
		     0, "%s", run_err);
	expect_not_for_plugin(path, "signed for plugin fx-good version 3.0");
	/* --id needs --version, and one file. */
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", "--id", "fx-good", key, path, NULL), 2);
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", "--id", "a", "--version", "1", key, path, path, NULL),
		     2);
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", "--id", "a b", "--version", "1", key, path, NULL), 1);
	cr_assert(strstr(run_err, "without spaces"), "%s", run_err);

	/* A .so that is no plugin is not signed at all; the key is not even read. */
	fmt(bogus, sizeof bogus, "%s/bogus.so", tmpdir);
	spit(bogus, "not a plugin\n", 13, 0644);
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", key, bogus, NULL), 1);
	cr_assert(strstr(run_err, "--id and --version"), "%s", run_err);
	fmt(reason, sizeof reason, "%s.minisig", bogus);
	cr_assert_neq(access(reason, F_OK), 0, "a signature was written for %s", bogus);
	fmt(bogus, sizeof bogus, "%s/null-entry/fx_null_entry.so", ds_test_fixture_dir());
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", key, bogus, NULL), 1);
	cr_assert(strstr(run_err, "returns no descriptor"), "%s", run_err);
	free(out);
}

/* ---- what is loaded is what was verified ---- */

/* The next three load into this process, as a plugin's runner does with the
 * image doorstep hands it (ds_plugin_load_file_here): the same code. */
Test(trust, loaded_from_a_sealed_memfd)
{
	char path[4096], reason[512], line[8192], want[128];
	unsigned long lo, hi;
	bool found = false;
	ds_loaded_plugin *lp;
	Dl_info info;
	void *entry;
	FILE *maps;
	int seals;

	fmt(path, sizeof path, "%s/good/fx_good.so", ds_test_fixture_dir());
	lp = ds_plugin_load_file_here(path, false, reason, sizeof reason);
	cr_assert_not_null(lp, "refused: %s", reason);
	cr_assert_str_eq(lp->path, path);
	fmt(want, sizeof want, "/proc/self/fd/%d", lp->memfd);
	cr_assert_str_eq(lp->load_path, want);
	seals = fcntl(lp->memfd, F_GET_SEALS);
	cr_assert_eq(seals & (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL),
		     F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL, "seals %#x", seals);
	cr_assert_eq(write(lp->memfd, "x", 1), -1, "the sealed memfd took a write");

	/* The code runs from the memfd's pages, not from the file. */
	entry = dlsym(lp->handle, DS_PLUGIN_ENTRY_NAME);
	cr_assert_not_null(entry);
	cr_assert_neq(dladdr(entry, &info), 0);
	cr_assert_str_eq(info.dli_fname, lp->load_path);
	maps = fopen("/proc/self/maps", "r");
	cr_assert_not_null(maps);
	while (fgets(line, sizeof line, maps))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && (unsigned long)entry >= lo &&
		    (unsigned long)entry < hi) {
			found = true;
			cr_assert(strstr(line, "/memfd:doorstep-plugin:fx_good.so"), "%s", line);
		}
	fclose(maps);
	cr_assert(found, "no mapping holds the entry point");
	ds_plugin_unload(lp);
}

Test(trust, file_changed_after_loading_does_not_change_the_plugin)
{
	char path[4096], reason[512];
	const ds_plugin *(*entry)(void);
	ds_loaded_plugin *lp;
	size_t len;
	char *data, *at;

	stage(path, sizeof path, "changed", true);
	lp = ds_plugin_load_file_here(path, false, reason, sizeof reason);
	cr_assert_not_null(lp, "refused: %s", reason);
	cr_assert_str_eq(lp->desc.name, "Good fixture");

	/* Overwrite the name in the very file (same inode, in place), as an
	 * attacker swapping bytes after the check would: pages mapped from the
	 * file would show it; the memfd's copy does not. */
	data = slurp(path, &len);
	at = memmem(data, len, "Good fixture", strlen("Good fixture"));
	cr_assert_not_null(at);
	{
		int fd = open(path, O_WRONLY);

		cr_assert_geq(fd, 0);
		cr_assert_eq(pwrite(fd, "Evil fixture", strlen("Evil fixture"), at - data),
			     (ssize_t)strlen("Evil fixture"));
		close(fd);
	}
	free(data);
	*(void **)&entry = dlsym(lp->handle, DS_PLUGIN_ENTRY_NAME);
	cr_assert_not_null(entry);
	cr_assert_str_eq(entry()->name, "Good fixture");
	cr_assert_str_eq(lp->desc.name, "Good fixture");
	ds_plugin_unload(lp);

	/* And the changed file no longer loads. */
	expect_refused(path, DS_TRUST_BAD_SIGNATURE, "does not match its signature", true);
}

Test(trust, many_loads_get_their_own_memfd)
{
	char path[4096], reason[512];
	ds_loaded_plugin *a, *b;

	/* Refused plugins in between must not leave a name that a later
	 * dlopen() of /proc/self/fd/N would resolve to. */
	fmt(path, sizeof path, "%s/null-entry/fx_null_entry.so", ds_test_fixture_dir());
	cr_assert_null(ds_plugin_load_file_here(path, false, reason, sizeof reason));
	fmt(path, sizeof path, "%s/good/fx_good.so", ds_test_fixture_dir());
	a = ds_plugin_load_file_here(path, false, reason, sizeof reason);
	cr_assert_not_null(a, "%s", reason);
	fmt(path, sizeof path, "%s/old-minor/fx_old_minor.so", ds_test_fixture_dir());
	b = ds_plugin_load_file_here(path, false, reason, sizeof reason);
	cr_assert_not_null(b, "%s", reason);
	cr_assert_neq(a->handle, b->handle);
	cr_assert_str_neq(a->load_path, b->load_path);
	cr_assert_str_eq(b->desc.id, "fx-old-minor");
	ds_plugin_unload(b);
	ds_plugin_unload(a);
}

/* ---- the minisign file formats ---- */

Test(trust, minisign_parse_errors)
{
	static const char pub_ok[] = "untrusted comment: minisign public key 0000000000000000\n"
				     "RWQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n";
	ds_minisign_pubkey pk;
	ds_minisign_sig sig;

	cr_assert_eq(ds_minisign_parse_pubkey(pub_ok, strlen(pub_ok), &pk), DS_MINISIGN_OK);
	cr_assert_eq(ds_minisign_parse_pubkey("", 0, &pk), DS_MINISIGN_ERR_TRUNCATED);
	cr_assert_eq(ds_minisign_parse_pubkey("comment\nRWQ=\n", 13, &pk), DS_MINISIGN_ERR_COMMENT);
	cr_assert_eq(ds_minisign_parse_pubkey(pub_ok, 60, &pk), DS_MINISIGN_ERR_BASE64);
	cr_assert_eq(ds_minisign_parse_sig(pub_ok, strlen(pub_ok), &sig), DS_MINISIGN_ERR_BASE64);
	cr_assert_eq(ds_minisign_parse_sig("untrusted comment: x\n", 21, &sig),
		     DS_MINISIGN_ERR_TRUNCATED);
}

Test(trust, minisign_signs_and_doorstep_accepts)
{
	char path[4096], store[4096], pub[4200], key[4200], *out = NULL, reason[512];
	char id[DS_MINISIGN_KEY_ID_HEX];
	ds_minisign_pubkey pk;
	ds_loaded_plugin *lp;
	size_t len;
	char *text;

	need_minisign();
	stage(path, sizeof path, "by-minisign", false);
	fmt(pub, sizeof pub, "%s/vendor.pub", user_store(store, sizeof store));
	fmt(key, sizeof key, "%s/vendor.key", tmpdir);
	cr_assert_eq(run(NULL, "minisign", "-G", "-W", "-p", pub, "-s", key, NULL),
		     0, "%s", run_err);
	cr_assert_eq(run(NULL, "minisign", "-S", "-s", key, "-m", path, "-t",
			 "doorstep-plugin fx-good 1.0.0 vendor release 2.1", NULL),
		     0, "%s", run_err);
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_not_null(lp, "a minisign signature was refused: %s", reason);
	cr_assert_eq(lp->trust, DS_TRUST_TRUSTED);
	cr_assert(lp->signer.prehashed, "minisign signs prehashed by default");
	cr_assert_str_eq(lp->signer.trusted_comment, "doorstep-plugin fx-good 1.0.0 vendor release 2.1");
	/* The key id is the one minisign prints in the key file's comment (it
	 * leaves out leading zeros there; doorstep shows all 16 digits). */
	text = slurp(pub, &len);
	cr_assert_eq(ds_minisign_parse_pubkey(text, len, &pk), DS_MINISIGN_OK);
	ds_minisign_key_id_hex(pk.key_id, id);
	cr_assert_eq(strncmp(pk.comment, "minisign public key ", 20), 0, "%s", pk.comment);
	cr_assert_eq(strtoull(pk.comment + 20, NULL, 16), strtoull(id, NULL, 16), "%s / %s", pk.comment, id);
	cr_assert_eq(strlen(id), 16);
	cr_assert_str_eq(lp->signer.key_id, id);
	free(text);
	ds_plugin_unload(lp);

	/* Legacy "Ed" signatures of minisign -l too. */
	cr_assert_eq(run(NULL, "minisign", "-S", "-l", "-s", key, "-m", path, "-t", "doorstep-plugin fx-good 1.0.0", NULL),
		     0, "%s", run_err);
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_not_null(lp, "a legacy minisign signature was refused: %s", reason);
	cr_assert_not(lp->signer.prehashed);
	ds_plugin_unload(lp);

	/* minisign's own trusted comment names no plugin; another release's
	 * binding is refused too. */
	cr_assert_eq(run(NULL, "minisign", "-S", "-s", key, "-m", path, NULL), 0, "%s", run_err);
	expect_not_for_plugin(path, "names no plugin");
	expect_not_for_plugin(path, "minisign -t \"doorstep-plugin fx-good 1.0.0\"");
	cr_assert_eq(run(NULL, "minisign", "-S", "-s", key, "-m", path, "-t", "doorstep-plugin fx-good 2.0.0", NULL), 0,
		     "%s", run_err);
	expect_not_for_plugin(path, "signed for plugin fx-good version 2.0.0, but the file is "
				    "plugin fx-good version 1.0.0");

	/* ds-sign signs with a key from minisign -G -W as well, bound to the
	 * plugin it reads. */
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", key, path, NULL), 0, "%s", run_err);
	cr_assert_eq(run(&out, "minisign", "-V", "-p", pub, "-m", path, NULL), 0, "%s", run_err);
	cr_assert(strstr(out, "Trusted comment: doorstep-plugin fx-good 1.0.0"), "%s", out);
	free(out);
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_not_null(lp, "refused after ds-sign: %s", reason);
	ds_plugin_unload(lp);
}

Test(trust, doorstep_signs_and_minisign_verifies)
{
	char path[4096], pub[4200], key[4200], demo[4200], dev_pub[4200], *out = NULL;

	need_minisign();
	stage(path, sizeof path, "by-ds-sign", false);
	fmt(pub, sizeof pub, "%s/ds.pub", tmpdir);
	fmt(key, sizeof key, "%s/keys/ds.key", tmpdir);
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "keygen", pub, key, NULL, NULL, NULL, NULL),
		     0, "%s", run_err);
	{
		struct stat st;

		cr_assert_eq(stat(key, &st), 0);
		cr_assert_eq(st.st_mode & 0777, 0600, "secret key mode %o", st.st_mode & 0777);
	}
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "sign", key, path, NULL, NULL, NULL, NULL),
		     0, "%s", run_err);
	cr_assert_eq(run(&out, "minisign", "-V", "-p", pub, "-m", path, NULL, NULL),
		     0, "%s", run_err);
	cr_assert(strstr(out, "Signature and comment signature verified"), "%s", out);
	free(out);
	/* minisign signs with ds-sign's key. */
	cr_assert_eq(run(NULL, "minisign", "-S", "-s", key, "-m", path, NULL, NULL),
		     0, "%s", run_err);
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "verify", pub, path, NULL, NULL, NULL, NULL),
		     0, "%s", run_err);
	/* The build's own signatures verify with minisign too. */
	fmt(demo, sizeof demo, "%s/demo.so", ds_test_plugin_dir());
	fmt(dev_pub, sizeof dev_pub, "%s/trusted.d/doorstep-dev.pub", env("DOORSTEP_BUILD_DIR"));
	if (access(demo, F_OK) == 0)
		cr_assert_eq(run(NULL, "minisign", "-V", "-p", dev_pub, "-m", demo, NULL, NULL),
			     0, "%s", run_err);
	/* ds-sign keygen keeps an existing key pair. */
	out = slurp(pub, NULL);
	cr_assert_eq(run(NULL, env("DOORSTEP_SIGN_TOOL"), "keygen", pub, key, NULL, NULL, NULL, NULL),
		     0, "%s", run_err);
	{
		char *again = slurp(pub, NULL);

		cr_assert_str_eq(again, out);
		free(again);
	}
	free(out);
}

/* ---- doorstep plugins ---- */

/** Runs `doorstep plugins --json [extra]` and parses it. */
static cJSON *plugins_json(const char *extra)
{
	char *out = NULL;
	cJSON *j;

	cr_assert_eq(run(&out, env("DOORSTEP_BIN"), "plugins", "--json", extra, NULL, NULL, NULL, NULL),
		     0, "%s", run_err);
	j = cJSON_Parse(out);
	cr_assert_not_null(j, "not JSON: %s", out);
	free(out);
	return j;
}

/** The member of array arr whose key equals value, or NULL. */
static cJSON *find_by(cJSON *arr, const char *key, const char *value)
{
	cJSON *o;

	cJSON_ArrayForEach(o, arr) {
		const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(o, key));

		if (v && strstr(v, value))
			return o;
	}
	return NULL;
}

Test(trust, plugins_json_shows_signer_and_trust)
{
	char path[4096], dir[4096], id[DS_MINISIGN_KEY_ID_HEX];
	cJSON *j, *demo, *signer, *fx;

	j = plugins_json(NULL);
	cr_assert_not(cJSON_IsTrue(cJSON_GetObjectItem(j, "allow_unsigned")));
	cr_assert_not_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "trust_store"), "dirs"));
	demo = find_by(cJSON_GetObjectItem(j, "loaded"), "id", "demo");
	cr_assert_not_null(demo);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(demo, "trust")), "trusted");
	signer = cJSON_GetObjectItem(demo, "signer");
	dev_key_id(id);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(signer, "key_id")), id);
	cr_assert(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(signer, "key_comment")),
			 "development key"));
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(signer, "trusted_comment")),
			 "doorstep-plugin demo 1.0.0");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(signer, "signed_for"), "id")),
			 "demo");
	cJSON_Delete(j);

	/* An unsigned plugin: refused with the reason, listed with its state. */
	stage(path, sizeof path, "unsigned", false);
	setenv("DOORSTEP_PLUGIN_PATH", dir_of(dir, sizeof dir, path), 1);
	j = plugins_json(NULL);
	fx = find_by(cJSON_GetObjectItem(j, "rejected"), "path", "/unsigned/fx_good.so");
	cr_assert_not_null(fx);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(fx, "trust")), "unsigned");
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(fx, "signer")));
	cr_assert(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(fx, "reason")), "--allow-unsigned"));
	cJSON_Delete(j);

	/* With --allow-unsigned it loads, marked unsigned. */
	j = plugins_json("--allow-unsigned");
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "allow_unsigned")));
	fx = find_by(cJSON_GetObjectItem(j, "loaded"), "id", "fx-good");
	cr_assert_not_null(fx);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(fx, "trust")), "unsigned");
	cr_assert(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(fx, "trust_reason")), "not signed"));
	cJSON_Delete(j);
	unsetenv("DOORSTEP_PLUGIN_PATH");
}

Test(trust, plugins_text_and_run_accept_allow_unsigned)
{
	char *out = NULL;

	cr_assert_eq(run(&out, env("DOORSTEP_BIN"), "plugins", "--allow-unsigned", NULL, NULL, NULL,
			 NULL, NULL), 0, "%s", run_err);
	cr_assert(strstr(out, "UNSIGNED PLUGINS ALLOWED"), "%s", out);
	cr_assert(strstr(out, "Trust store:"), "%s", out);
	cr_assert(strstr(out, "signed with key"), "%s", out);
	free(out);
	/* run knows the option (and still wants a plan). */
	cr_assert_eq(run(NULL, env("DOORSTEP_BIN"), "run", "--allow-unsigned", NULL, NULL, NULL, NULL,
			 NULL), 2);
}

Test(trust, plugin_check_and_plugins_report_the_binding)
{
	char path[4096], pub[4200], dir[4096], *out = NULL;
	cJSON *j, *fx, *signer;

	sign_with_user_key("report", true, "ACME key", "doorstep-plugin good 1.0.0", path, pub);
	cr_assert_eq(run(&out, env("DOORSTEP_BIN"), "plugin", "check", path, NULL), 1, "%s", run_err);
	cr_assert(strstr(out, "signed for plugin good version 1.0.0"), "%s", out);
	free(out);

	setenv("DOORSTEP_PLUGIN_PATH", dir_of(dir, sizeof dir, path), 1);
	cr_assert_eq(run(&out, env("DOORSTEP_BIN"), "plugins", NULL), 0, "%s", run_err);
	cr_assert(strstr(out, "SIGNED FOR ANOTHER PLUGIN"), "%s", out);
	cr_assert(strstr(out, "Signed comment: doorstep-plugin good 1.0.0"), "%s", out);
	free(out);
	j = plugins_json(NULL);
	fx = find_by(cJSON_GetObjectItem(j, "rejected"), "path", "/report/fx_good.so");
	cr_assert_not_null(fx);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(fx, "trust")), "not-for-this-plugin");
	signer = cJSON_GetObjectItem(fx, "signer");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(signer, "signed_for"), "id")),
			 "good");
	cJSON_Delete(j);
	unsetenv("DOORSTEP_PLUGIN_PATH");
}
