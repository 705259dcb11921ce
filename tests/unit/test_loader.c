/* The plugin loader and the host-services table: every refusal case has a
 * fixture plugin (tests/fixtures) and is refused with its reason; good and
 * older plugins load; a bad plugin never stops a good one. */
#include <stddef.h>
#include <criterion/criterion.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/base/paths.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/plugin_runner.h"
#include "app/plugin/plugin_ops.h"
#include "tests/support/test_support.h"

static char tmpdir[4096];

/** Private XDG tree, English messages, an open log. */
static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s", ds_test_english_with_log());
}

/** Closes the log and removes the XDG tree. */
static void teardown(void)
{
	ds_log_close();
	ds_test_rmtree(tmpdir);
}

TestSuite(loader, .init = setup, .fini = teardown);

/** Writes fixture_dir/rel into buf and returns buf. */
static const char *fixture(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", ds_test_fixture_dir(), rel);
	return buf;
}

/** Whole log file as a string (caller frees). */
static char *read_log(void)
{
	char dir[4096], path[4200];

	cr_assert_eq(ds_paths_state_dir(dir, sizeof dir), 0);
	snprintf(path, sizeof path, "%s/doorstep.log", dir);
	return ds_paths_read_file(path, NULL);
}

/** True when some line of text contains both a and b. */
static bool line_has(const char *text, const char *a, const char *b)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *pa = strstr(line, a), *pb = strstr(line, b);

		if (pa && pb && pa < line + len && pb < line + len)
			return true;
		line = end ? end + 1 : NULL;
	}
	return false;
}

/** Checks that <case_dir>/<file> is refused with a reason containing want,
 *  both alone and when its directory is searched, and that the refusal is
 *  in the log. */
static void expect_refused(const char *case_dir, const char *file, const char *want)
{
	char rel[256], path[4096], dir[4096], reason[512];
	ds_loaded_plugin *lp;
	ds_plugin_set *set;
	char *log;

	snprintf(rel, sizeof rel, "%s/%s", case_dir, file);
	fixture(path, sizeof path, rel);
	fixture(dir, sizeof dir, case_dir);
	cr_assert_eq(access(path, F_OK), 0, "fixture %s was not built", path);

	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_null(lp, "%s was loaded", path);
	cr_assert(strstr(reason, want), "%s: reason \"%s\" lacks \"%s\"", rel, reason, want);

	set = ds_plugins_load(dir);
	cr_assert_not_null(set);
	cr_assert_eq(set->n_loaded, 0);
	cr_assert_eq(set->n_rejected, 1, "%s: %zu refused", dir, set->n_rejected);
	cr_assert_str_eq(set->rejected[0].path, path);
	cr_assert(strstr(set->rejected[0].reason, want), "reason \"%s\" lacks \"%s\"",
		  set->rejected[0].reason, want);
	ds_plugins_free(set);

	log = read_log();
	cr_assert_not_null(log);
	cr_assert(line_has(log, "refused", want), "log lacks the refusal:\n%s", log);
	free(log);
}

Test(loader, not_elf)
{
	expect_refused("not-elf", "bogus.so", "not a shared object");
}

Test(loader, elf_object)
{
	expect_refused("elf-object", "fx_object.so", "not a shared object (ELF type 1)");
}

Test(loader, not_regular)
{
	expect_refused("not-regular", "dir.so", "not a regular file");
}

Test(loader, undefined_symbol)
{
	/* The dlerror() text names the symbol. */
	expect_refused("undefined-symbol", "fx_undefined_symbol.so", "ds_fixture_no_such_function");
	expect_refused("undefined-symbol", "fx_undefined_symbol.so", "cannot load: ");
}

Test(loader, missing_symbol)
{
	expect_refused("missing-symbol", "fx_missing_symbol.so", "missing symbol doorstep_plugin_v1");
}

Test(loader, null_entry)
{
	expect_refused("null-entry", "fx_null_entry.so", "doorstep_plugin_v1() returned no descriptor");
}

Test(loader, short_descriptor)
{
	char want[128];

	snprintf(want, sizeof want, "descriptor too short: %zu bytes, at least %zu needed",
		 offsetof(ds_plugin, open), (size_t)DS_PLUGIN_MIN_SIZE);
	expect_refused("short-descriptor", "fx_short_descriptor.so", want);
}

Test(loader, wrong_major)
{
	char want[128];

	snprintf(want, sizeof want, "built for plugin ABI 2.0; this doorstep supports %d.%d",
		 DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR);
	expect_refused("wrong-major", "fx_wrong_major.so", want);
}

Test(loader, newer_minor)
{
	expect_refused("newer-minor", "fx_newer_minor.so", "newer ABI minor: update doorstep");
}

Test(loader, empty_id)
{
	expect_refused("empty-id", "fx_empty_id.so", "plugin id is missing or empty");
}

Test(loader, bad_id)
{
	expect_refused("bad-id", "fx_bad_id.so", "invalid plugin id 'Bad Id'");
}

Test(loader, missing_field)
{
	expect_refused("missing-field", "fx_missing_field.so", "descriptor field 'vendor' is missing");
}

Test(loader, null_mandatory_op)
{
	expect_refused("null-mandatory-op", "fx_null_mandatory_op.so",
		       "mandatory operation 'open' is missing");
}

Test(loader, init_fails)
{
	expect_refused("init-fails", "fx_init_fails.so", "init failed: device");
}

Test(loader, missing_file)
{
	char reason[512];

	cr_assert_null(ds_plugin_load_file("/nonexistent/doorstep/x.so", reason, sizeof reason));
	cr_assert(strstr(reason, "cannot read the file"), "reason: %s", reason);
}

Test(loader, good)
{
	char path[4096], reason[512] = "unchanged";
	struct stat st;
	ds_loaded_plugin *lp;

	lp = ds_plugin_load_file(fixture(path, sizeof path, "good/fx_good.so"), reason, sizeof reason);
	cr_assert_not_null(lp, "refused: %s", reason);
	cr_assert_str_eq(lp->path, path);
	cr_assert_null(lp->handle, "a plugin runs in a process of its own");
	cr_assert_gt(ds_runner_pid(lp), 0);
	cr_assert_neq(ds_runner_pid(lp), getpid());
	cr_assert_eq(lp->trust, DS_TRUST_TRUSTED, "fixtures are signed by the build");
	cr_assert_eq(lp->desc.struct_size, sizeof(ds_plugin));
	cr_assert_str_eq(lp->desc.id, "fx-good");
	cr_assert_str_eq(lp->desc.vendor, "doorstep tests");
	cr_assert_str_eq(lp->desc.version, "1.0.0");
	cr_assert_eq(lp->desc.caps, DS_CAP_SIMULATED);
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_QR));
	cr_assert_eq(lp->ops, 0u, "it provides no optional operation");
	cr_assert_null(ds_plugin_current());

	/* Its own host table. */
	cr_assert_eq(lp->host.struct_size, sizeof(ds_host));
	cr_assert_eq(lp->host.abi_major, DS_PLUGIN_ABI_MAJOR);
	cr_assert_eq(lp->host.abi_minor, DS_PLUGIN_ABI_MINOR);
	cr_assert_eq(lp->host.data_dir, lp->data_dir);
	cr_assert_eq(stat(lp->data_dir, &st), 0, "no data dir %s", lp->data_dir);
	cr_assert(S_ISDIR(st.st_mode));
	cr_assert_eq(strncmp(lp->data_dir, tmpdir, strlen(tmpdir)), 0, "%s", lp->data_dir);
	cr_assert(strstr(lp->data_dir, "/plugins/fx-good"), "%s", lp->data_dir);
	cr_assert(lp->host.log && lp->host.progress && lp->host.cancelled && lp->host.sleep &&
		  lp->host.fail && lp->host.translate && lp->host.random && lp->host.secret_alloc &&
		  lp->host.secret_free && lp->host.password_hash && lp->host.password_verify);
	cr_assert_not_null(lp->host.ble);
	cr_assert_eq(lp->host.ble->struct_size, sizeof(ds_host_ble));
	/* 1.2 put http and serial where 1.1 had reserved pointers, and appended net. */
	cr_assert_eq(offsetof(ds_host, http), offsetof(ds_host, ble) + sizeof(void *));
	cr_assert_eq(offsetof(ds_host, serial), offsetof(ds_host, http) + sizeof(void *));
	cr_assert_eq(offsetof(ds_host, net), offsetof(ds_host, serial) + sizeof(void *));

	ds_plugin_unload(lp);
}

Test(loader, old_minor_loads_with_optional_ops_null)
{
	char path[4096], reason[512], locator[DS_LOCATOR_MAX];
	ds_plugin declared;
	ds_loaded_plugin *lp;
	ds_plugin_set *set;

	fixture(path, sizeof path, "old-minor");
	set = ds_plugins_load(path);
	cr_assert_eq(set->n_rejected, 0, "refused: %s", set->n_rejected ? set->rejected[0].reason : "");
	cr_assert_eq(set->n_loaded, 1);
	lp = ds_plugins_find(set, "fx-old-minor");
	cr_assert_not_null(lp);
	cr_assert_eq(lp->desc.struct_size, offsetof(ds_plugin, match_qr));
	cr_assert_eq(lp->desc.abi_minor, 0);
	cr_assert(lp->desc.init && lp->desc.fini && lp->desc.open && lp->desc.close &&
		  lp->desc.device_info);
	/* The fixture sets these past its struct_size; the host must not see them:
	 * they are not the plugin's, and the host's stubs stand in for them. */
	cr_assert_eq(lp->ops, 0u);
	ds_plugin_declared(lp, &declared);
	cr_assert_null(declared.match_qr);
	cr_assert_null(declared.handover_code);
	cr_assert_null(declared.match_ble);
	cr_assert_null(declared.esim_profile);
	cr_assert_null(declared.option_desc);
	/* The fixture's own (past its size) would return DS_OK. */
	cr_assert_eq(lp->desc.match_qr(NULL, "x", locator, sizeof locator), DS_ERR_UNSUPPORTED);
	cr_assert_eq(lp->desc.handover_code(NULL, NULL, locator, sizeof locator), DS_ERR_UNSUPPORTED);
	ds_plugins_free(set);

	lp = ds_plugin_load_file(fixture(path, sizeof path, "old-minor/fx_old_minor.so"), reason,
				 sizeof reason);
	cr_assert_not_null(lp, "refused: %s", reason);
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_QR));
	ds_plugin_unload(lp);
}

Test(loader, duplicate_id)
{
	char dir[4096], first[4096], second[4096], want[4200];
	ds_plugin_set *set;

	fixture(dir, sizeof dir, "duplicate-id");
	fixture(first, sizeof first, "duplicate-id/dup_a.so");
	fixture(second, sizeof second, "duplicate-id/dup_b.so");
	set = ds_plugins_load(dir);
	cr_assert_eq(set->n_loaded, 1);
	cr_assert_str_eq(set->loaded[0]->desc.id, "fx-dup");
	cr_assert_str_eq(set->loaded[0]->desc.name, "Duplicate A");
	cr_assert_str_eq(set->loaded[0]->path, first);
	cr_assert_eq(set->n_rejected, 1);
	cr_assert_str_eq(set->rejected[0].path, second);
	snprintf(want, sizeof want, "duplicate plugin id 'fx-dup', already loaded from %s", first);
	cr_assert_str_eq(set->rejected[0].reason, want);
	ds_plugins_free(set);
}

Test(loader, mixed_dir_keeps_the_good_one)
{
	static const char *const refused[] = { "bogus.so", "fx_init_fails.so",
					       "fx_missing_symbol.so", "fx_wrong_major.so" };
	char dir[4096];
	ds_plugin_set *set;

	fixture(dir, sizeof dir, "mixed");
	set = ds_plugins_load(dir);
	cr_assert_eq(set->n_loaded, 1);
	cr_assert_not_null(ds_plugins_find(set, "fx-good"));
	cr_assert_null(ds_plugins_find(set, "fx-wrong-major"));
	cr_assert_eq(set->n_rejected, 4, "%zu refused", set->n_rejected);
	/* Name order; notes.txt is not a candidate at all. */
	for (size_t i = 0; i < 4; i++) {
		const char *slash = strrchr(set->rejected[i].path, '/');

		cr_assert_not_null(slash);
		cr_assert_str_eq(slash + 1, refused[i]);
		cr_assert(set->rejected[i].reason[0], "no reason for %s", refused[i]);
	}
	cr_assert_str_eq(set->search_path, dir);
	ds_plugins_free(set);
}

Test(loader, search_path_order)
{
	char buf[8192], want[8192];

	setenv("DOORSTEP_PLUGIN_PATH", "/a:/b", 1);
	ds_plugin_search_path(buf, sizeof buf);
	snprintf(want, sizeof want, "/a:/b:%s:%s", DS_PLUGIN_BUILD_DIR, DS_PLUGIN_INSTALL_DIR);
	cr_assert_str_eq(buf, want);

	unsetenv("DOORSTEP_PLUGIN_PATH");
	ds_plugin_search_path(buf, sizeof buf);
	snprintf(want, sizeof want, "%s:%s", DS_PLUGIN_BUILD_DIR, DS_PLUGIN_INSTALL_DIR);
	cr_assert_str_eq(buf, want);
}

/** Loads the default path with $DOORSTEP_PLUGIN_PATH = first:second and
 *  checks that fx-good comes from first and second's copy is a duplicate. */
static void expect_first_wins(const char *first_rel, const char *second_rel)
{
	char first[4096], second[4096], env[8192], from[4200], dup[4200];
	ds_loaded_plugin *lp;
	ds_plugin_set *set;
	bool listed = false;

	fixture(first, sizeof first, first_rel);
	fixture(second, sizeof second, second_rel);
	snprintf(env, sizeof env, "%s:%s", first, second);
	setenv("DOORSTEP_PLUGIN_PATH", env, 1);
	set = ds_plugins_load(NULL);
	cr_assert_eq(strncmp(set->search_path, env, strlen(env)), 0, "%s", set->search_path);
	lp = ds_plugins_find(set, "fx-good");
	cr_assert_not_null(lp);
	snprintf(from, sizeof from, "%s/fx_good.so", first);
	snprintf(dup, sizeof dup, "%s/fx_good.so", second);
	cr_assert_str_eq(lp->path, from);
	for (size_t i = 0; i < set->n_rejected; i++)
		if (strcmp(set->rejected[i].path, dup) == 0) {
			listed = true;
			cr_assert(strstr(set->rejected[i].reason, "duplicate plugin id 'fx-good'"));
		}
	cr_assert(listed, "%s not listed as a duplicate", dup);
	ds_plugins_free(set);
}

Test(loader, plugin_path_env_comes_first)
{
	expect_first_wins("mixed", "good");
	expect_first_wins("good", "mixed");
}

Test(loader, missing_and_repeated_dirs_are_skipped)
{
	char good[4096], path[4 * 4096];
	ds_plugin_set *set;

	fixture(good, sizeof good, "good");
	snprintf(path, sizeof path, "/nonexistent/doorstep::%s/:%s/../good:%s", good, good, good);
	set = ds_plugins_load(path);
	cr_assert_eq(set->n_loaded, 1);
	cr_assert_null(strstr(set->loaded[0]->path, "//"), "%s", set->loaded[0]->path);
	cr_assert_eq(set->n_rejected, 0, "refused %s: %s",
		     set->n_rejected ? set->rejected[0].path : "",
		     set->n_rejected ? set->rejected[0].reason : "");
	ds_plugins_free(set);
}

Test(loader, demo_plugin_loads)
{
	char path[4096], reason[512];
	ds_loaded_plugin *lp;

	snprintf(path, sizeof path, "%s/demo.so", ds_test_plugin_dir());
	if (access(path, F_OK) != 0) {
		teardown(); /* Criterion skips .fini with the test */
		cr_skip_test("%s is not built", path);
	}
	lp = ds_plugin_load_file(path, reason, sizeof reason);
	cr_assert_not_null(lp, "demo refused: %s", reason);
	cr_assert_str_eq(lp->desc.id, "demo");
	ds_plugin_unload(lp);
}

/** Loads the good fixture through a set, which the caller frees. */
static ds_loaded_plugin *load_good(ds_plugin_set **set)
{
	char dir[4096];

	*set = ds_plugins_load(fixture(dir, sizeof dir, "good"));
	cr_assert_eq((*set)->n_loaded, 1);
	return (*set)->loaded[0];
}

Test(loader, log_lines_are_tagged)
{
	ds_plugin_set *set;
	ds_loaded_plugin *lp = load_good(&set);
	char *log;

	ds_plugin_enter(lp);
	cr_assert_eq(ds_plugin_current(), lp);
	lp->host.log(DS_LOG_WARN, "written by %s", "the test");
	ds_plugin_leave(lp);
	cr_assert_null(ds_plugin_current());
	ds_plugins_free(set);

	log = read_log();
	cr_assert_not_null(log);
	cr_assert(line_has(log, "[plugin:fx-good]", "hello from the good fixture (ABI 1."), "%s", log);
	cr_assert(line_has(log, "[plugin:fx-good]", "written by the test"), "%s", log);
	cr_assert(line_has(log, "[plugin:fx-good]", "goodbye from the good fixture"), "%s", log);
	cr_assert(line_has(log, "loaded fx-good", "fx_good.so"), "%s", log);
	free(log);
}

Test(loader, host_services_without_a_call)
{
	ds_plugin_set *set;
	ds_loaded_plugin *lp = load_good(&set);
	const ds_host *h = &lp->host;
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	char hash[128], small[16];
	char *secret;

	h->progress(NULL, 500, "halfway");
	cr_assert_not(h->cancelled(NULL));
	cr_assert_eq(h->sleep(NULL, 5), DS_OK);
	cr_assert_eq(h->fail(NULL, DS_ERR_AUTH, "wrong %s", "password"), DS_ERR_AUTH);
	cr_assert_str_eq(h->translate(NULL, "Door contact"), "Door contact");
	cr_assert_str_eq(h->translate("doorstep-fx-good", "Door contact"), "Door contact");

	h->random(a, sizeof a);
	h->random(b, sizeof b);
	cr_assert_neq(memcmp(a, b, sizeof a), 0);

	secret = h->secret_alloc(64);
	cr_assert_not_null(secret);
	snprintf(secret, 64, "%s", "hunter2");
	h->secret_free(secret);
	h->secret_free(NULL);

	cr_assert_eq(h->password_hash("correct horse", small, sizeof small), DS_ERR_INVALID);
	cr_assert_eq(h->password_hash("correct horse", hash, sizeof hash), DS_OK);
	cr_assert_eq(strncmp(hash, "$argon2id$", 10), 0, "%s", hash);
	cr_assert(h->password_verify(hash, "correct horse"));
	cr_assert_not(h->password_verify(hash, "correct horsE"));
	cr_assert_not(h->password_verify(NULL, "x"));
	ds_plugins_free(set);
}

/** A job that talks to the host the way a plugin operation does. */
static ds_status job_as_plugin(ds_job *job, void *arg)
{
	const ds_host *h = &((ds_loaded_plugin *)arg)->host;

	h->progress(job, 500, "checking the panel");
	if (h->cancelled(job))
		return DS_ERR_CANCELLED;
	if (h->sleep(job, 1) != DS_OK)
		return DS_ERR_INTERNAL;
	return h->fail(job, DS_ERR_AUTH, "wrong password for %s", "admin");
}

/** Records the progress messages a job posted. */
static void on_event(const ds_event *ev, void *ctx)
{
	if (ev->type == DS_EVENT_PROGRESS && ev->permille == 500)
		snprintf(ctx, 256, "%s", ev->message);
}

Test(loader, host_services_in_a_job)
{
	ds_plugin_set *set;
	ds_loaded_plugin *lp = load_good(&set);
	ds_jobs *jobs = ds_jobs_new(1);
	char message[256], progress[256] = "";

	cr_assert_not_null(jobs);
	cr_assert_eq(ds_jobs_run(jobs, job_as_plugin, lp, on_event, progress, message,
				 sizeof message), DS_ERR_AUTH);
	cr_assert_str_eq(message, "wrong password for admin");
	cr_assert_str_eq(progress, "checking the panel");
	ds_jobs_free(jobs);
	ds_plugins_free(set);
}
