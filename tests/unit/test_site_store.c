/* Site files: round trip, atomic write, corrupt files kept aside, listing. */
#include <criterion/criterion.h>
#include <glob.h>
#include <errno.h>
#include <unistd.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/base/paths.h"
#include "app/core/site_store.h"
#include "tests/support/test_support.h"

static const char *tmp;

/** A fresh XDG tree per test. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
}

/** Removes it. */
static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(site_store, .init = setup, .fini = teardown);

/** A site with every kind of content. */
static ds_site *sample_site(void)
{
	ds_site *site = ds_site_new("Smith house");
	ds_site_device d = { .kind = DS_KIND_PANEL, .features = DS_FEATURE_PASSWORD | DS_FEATURE_ESIM,
			     .has_password = true, .on_factory_default = false };
	ds_check c = { .grade = DS_CHECK_WARN };

	snprintf(d.plugin_id, sizeof d.plugin_id, "demo");
	snprintf(d.serial, sizeof d.serial, "DP100-7F3A21");
	snprintf(d.locator, sizeof d.locator, "demo:DP100-7F3A21");
	snprintf(d.name, sizeof d.name, "Hall panel ✓");
	snprintf(d.password_changed_at, sizeof d.password_changed_at, "2026-11-24T10:00:00Z");
	ds_site_put_device(site, &d);
	snprintf(site->cellular.primary.iccid, 24, "89490200001234567890");
	snprintf(site->cellular.primary.operator_code, 8, "26201");
	site->cellular.applied = true;
	site->cellular.failover = DS_FAILOVER_STUCK;
	snprintf(c.id, sizeof c.id, "cellular.signal");
	snprintf(c.title, sizeof c.title, "Mobile signal");
	snprintf(c.value, sizeof c.value, "-97 dBm");
	cr_assert_eq(ds_site_put_check(site, "DP100-7F3A21", &c), 0);
	ds_site_note(site, "Password changed on %s", d.name);
	site->current_step = DS_STEP_CELLULAR;
	site->step_done[DS_STEP_PASSWORDS] = true;
	return site;
}

Test(site_store, round_trip_keeps_everything)
{
	ds_site *site = sample_site(), *back = NULL;
	char msg[512];

	cr_assert_eq(ds_site_save(site, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(ds_site_load("Smith house", &back, msg, sizeof msg), DS_SITE_LOADED, "%s", msg);
	cr_assert_str_eq(back->name, "Smith house");
	cr_assert_eq(back->n_devices, 1);
	cr_assert_str_eq(back->devices[0].name, "Hall panel ✓");
	cr_assert_eq(back->devices[0].kind, DS_KIND_PANEL);
	cr_assert_eq(back->devices[0].features, DS_FEATURE_PASSWORD | DS_FEATURE_ESIM);
	cr_assert_not(back->devices[0].on_factory_default);
	cr_assert_str_eq(back->cellular.primary.iccid, "89490200001234567890");
	cr_assert_eq(back->cellular.failover, DS_FAILOVER_STUCK);
	cr_assert_eq(back->n_checks, 1);
	cr_assert_eq(back->checks[0].check.grade, DS_CHECK_WARN);
	cr_assert_str_eq(back->checks[0].check.value, "-97 dBm");
	cr_assert_eq(back->current_step, DS_STEP_CELLULAR);
	cr_assert(back->step_done[DS_STEP_PASSWORDS]);
	cr_assert_not(back->step_done[DS_STEP_CELLULAR]);
	cr_assert_eq(back->n_history, 1);
	ds_site_free(site);
	ds_site_free(back);
}

Test(site_store, missing_site_is_reported_as_missing)
{
	ds_site *site = NULL;
	char msg[512];

	cr_assert_eq(ds_site_load("nobody", &site, msg, sizeof msg), DS_SITE_MISSING);
	cr_assert_null(site);
}

/** How many files <path>.corrupt-* there are. */
static int count_aside(const char *path)
{
	char pattern[4300];
	glob_t g;
	int n;

	snprintf(pattern, sizeof pattern, "%s.corrupt-*", path);
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

Test(site_store, corrupt_file_is_kept_aside_never_overwritten)
{
	char path[4200], aside[4300], msg[512];
	ds_site *site = NULL;
	struct stat st;
	FILE *f;

	cr_assert_eq(ds_site_path("Broken", path, sizeof path), 0);
	ds_site *good = ds_site_new("Broken");

	cr_assert_eq(ds_site_save(good, msg, sizeof msg), 0);
	ds_site_free(good);
	f = fopen(path, "w");
	fputs("{\"format\": 1, \"name\": \"Broken\", \"devices\": [", f); /* truncated */
	fclose(f);
	cr_assert_eq(ds_site_load("Broken", &site, msg, sizeof msg), DS_SITE_CORRUPT);
	cr_assert_null(site);
	cr_assert_eq(count_aside(path), 1, "corrupt file not kept aside");
	cr_assert_neq(stat(path, &st), 0, "corrupt file left in place");
	cr_assert(strstr(msg, ".corrupt-"), "message does not say where: %s", msg);
	/* Second and third corrupt files, within the same second, overwrite no copy kept aside. */
	for (int i = 0; i < 2; i++) {
		f = fopen(path, "w");
		fputs("not json", f);
		fclose(f);
		cr_assert_eq(ds_site_load("Broken", &site, msg, sizeof msg), DS_SITE_CORRUPT);
	}
	cr_assert_eq(count_aside(path), 3, "every corrupt copy is kept");
	(void)aside;
}

Test(site_store, json_of_another_kind_is_corrupt)
{
	char path[4200], dir[4096], msg[512];
	ds_site *site = NULL;

	cr_assert_eq(ds_site_path("Other", path, sizeof path), 0);
	cr_assert_eq(ds_paths_sites_dir(dir, sizeof dir), 0);
	cr_assert_eq(ds_paths_mkdir_p(dir), 0);
	cr_assert_eq(ds_paths_write_atomic(path, "[1,2,3]", 7), 0);
	cr_assert_eq(ds_site_load("Other", &site, msg, sizeof msg), DS_SITE_CORRUPT);
	cr_assert(strstr(msg, "format"), "%s", msg);
}

Test(site_store, atomic_write_leaves_no_temporary_file)
{
	ds_site *site = sample_site();
	char dir[4096], msg[512];
	struct dirent *de;
	DIR *d;
	int files = 0;

	for (int i = 0; i < 20; i++)
		cr_assert_eq(ds_site_save(site, msg, sizeof msg), 0);
	cr_assert_eq(ds_paths_sites_dir(dir, sizeof dir), 0);
	d = opendir(dir);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		cr_assert_null(strstr(de->d_name, ".tmp"), "left behind: %s", de->d_name);
		files++;
	}
	closedir(d);
	cr_assert_eq(files, 1);
	ds_site_free(site);
}

Test(site_store, planted_links_never_redirect_a_write)
{
	/* The temporary file is new (O_EXCL|O_NOFOLLOW) with a random name: links
	 * planted at every name the old scheme used, and at the site itself,
	 * leave their victim alone. */
	ds_site *site = sample_site();
	char path[4200], link_path[4300], victim[4300], msg[512], buf[64];
	FILE *f;

	cr_assert_eq(ds_site_save(site, msg, sizeof msg), 0, "%s", msg); /* the folder exists */
	cr_assert_eq(ds_site_path(site->name, path, sizeof path), 0);
	snprintf(victim, sizeof victim, "%s.victim", path);
	f = fopen(victim, "w");
	cr_assert_not_null(f);
	fputs("precious", f);
	fclose(f);
	snprintf(link_path, sizeof link_path, "%s.tmp.%ld", path, (long)getpid());
	cr_assert_eq(symlink(victim, link_path), 0);
	cr_assert_eq(ds_site_save(site, msg, sizeof msg), 0, "%s", msg);
	f = fopen(victim, "r");
	cr_assert_not_null(fgets(buf, sizeof buf, f));
	fclose(f);
	cr_assert_str_eq(buf, "precious", "the link's target was written");
	unlink(link_path);
	ds_site_free(site);
}

Test(site_store, only_regular_files_of_bounded_size_are_read)
{
	char dir[4096], fifo[4200], msg[512];
	ds_site *site = NULL;
	size_t len;

	cr_assert_eq(ds_paths_sites_dir(dir, sizeof dir), 0);
	cr_assert_eq(ds_paths_mkdir_p(dir), 0);
	snprintf(fifo, sizeof fifo, "%s/Fifo.json", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	/* A FIFO with no writer would block a plain open for ever. */
	cr_assert_eq(ds_site_load("Fifo", &site, msg, sizeof msg), DS_SITE_ERROR);
	cr_assert(strstr(msg, "not a regular file"), "%s", msg);
	cr_assert_null(ds_paths_read_file("/dev/zero", &len));
	cr_assert_eq(errno, EINVAL);
	cr_assert_null(ds_paths_read_file_max("/etc/passwd", 4, &len));
	cr_assert_eq(errno, EFBIG);
}

Test(site_store, a_copy_is_saved_to_itself_never_over_the_original)
{
	ds_site *site = sample_site(), *copy = NULL;
	char path[4200], copy_path[4200], msg[512];
	char *before, *after;
	size_t len;

	cr_assert_eq(ds_site_save(site, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(ds_site_path(site->name, path, sizeof path), 0);
	cr_assert_eq(ds_site_path("Smith-old", copy_path, sizeof copy_path), 0);
	before = ds_paths_read_file(path, &len);
	cr_assert_not_null(before);
	cr_assert_eq(ds_paths_write_atomic(copy_path, before, len), 0);
	cr_assert_eq(ds_site_load("Smith-old", &copy, msg, sizeof msg), DS_SITE_LOADED, "%s", msg);
	cr_assert_str_eq(copy->name, "Smith-old");
	copy->current_step = DS_STEP_SUMMARY;
	cr_assert_eq(ds_site_save(copy, msg, sizeof msg), 0, "%s", msg);
	after = ds_paths_read_file(path, NULL);
	cr_assert_str_eq(after, before, "the original changed when its copy was saved");
	free(before);
	free(after);
	ds_site_free(copy);
	ds_site_free(site);
}

Test(site_store, site_file_is_private_to_the_user)
{
	ds_site *site = sample_site();
	char path[4200], msg[512];
	struct stat st;

	cr_assert_eq(ds_site_save(site, msg, sizeof msg), 0);
	cr_assert_eq(ds_site_path(site->name, path, sizeof path), 0);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 077, 0, "site file mode %o", st.st_mode & 0777);
	ds_site_free(site);
}

Test(site_store, invalid_names_are_refused)
{
	cr_assert_not(ds_site_name_valid(""));
	cr_assert_not(ds_site_name_valid("../etc"));
	cr_assert_not(ds_site_name_valid(".hidden"));
	cr_assert_not(ds_site_name_valid("a/b"));
	cr_assert(ds_site_name_valid("Smith house"));
	cr_assert(ds_site_name_valid("Müller"));
	cr_assert(ds_site_name_valid("北京 office"));
	/* Names that show nothing, or that carry controls a terminal or a
	 * reader would take for something else. */
	cr_assert_not(ds_site_name_valid("   "), "blank");
	cr_assert_not(ds_site_name_valid("\xc2\xa0\xe3\x80\x80"), "no-break and ideographic spaces only");
	cr_assert_not(ds_site_name_valid("Smith\xe2\x80\xaeesuoh"), "right-to-left override");
	cr_assert_not(ds_site_name_valid("\xe2\x81\xa7Smith"), "first strong isolate");
	cr_assert_not(ds_site_name_valid("Smith\xe2\x80\x8f"), "right-to-left mark");
	cr_assert_not(ds_site_name_valid("a\xc2\x85b"), "C1 control (NEL)");
	cr_assert_not(ds_site_name_valid("a\x1b[2Jb"), "escape");
	cr_assert_not(ds_site_name_valid("a\xffb"), "not UTF-8");
	cr_assert_not(ds_site_name_valid("a\\b"));
}

Test(site_store, list_shows_saved_sites)
{
	char msg[512];
	size_t n;
	char **names;

	for (int i = 0; i < 3; i++) {
		char name[16];
		ds_site *s;

		snprintf(name, sizeof name, "site-%d", i);
		s = ds_site_new(name);
		cr_assert_eq(ds_site_save(s, msg, sizeof msg), 0, "%s", msg);
		ds_site_free(s);
	}
	names = ds_site_list(&n);
	cr_assert_eq(n, 3);
	ds_site_list_free(names, n);
}
