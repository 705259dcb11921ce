/* The wizard's view of accounts (ui/wizard/wizard_accounts.h) and the
 * Diagnostics model's replacement of a device's result after a repair
 * (ds_diag_model_put). Linked with the wizard (test_ui_*), so the steps' own
 * code is what is tested; the factory-default state itself is the core's
 * account rule (tests/unit/test_accounts.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/core/site.h"
#include "ui/wizard/diagnostics_model.h"
#include "ui/wizard/wizard_accounts.h"

/** A camera with accounts on site. */
static ds_site_device *camera(ds_site *site, const char *serial)
{
	ds_site_device d = { .kind = DS_KIND_CAMERA,
			     .has_password = true,
			     .on_factory_default = true,
			     .features = DS_FEATURE_PASSWORD | DS_FEATURE_ACCOUNTS };

	snprintf(d.plugin_id, sizeof d.plugin_id, "fx-accounts");
	snprintf(d.serial, sizeof d.serial, "%s", serial);
	snprintf(d.name, sizeof d.name, "Camera %s", serial);
	return ds_site_put_device(site, &d);
}

/** Records account user of the camera with serial. */
static ds_site_account *account(ds_site *site, const char *serial, const char *user, ds_account_role role, bool primary,
				bool on_default)
{
	ds_account a = { .role = role, .primary = primary, .on_factory_default = on_default, .can_delete = !primary };

	snprintf(a.user, sizeof a.user, "%s", user);
	return ds_site_put_account(site, "fx-accounts", serial, &a);
}

Test(ui_accounts, state_words_follow_what_was_done)
{
	ds_site *site = ds_site_new("words");
	ds_site_account *a;
	ui_role role;

	cr_assert_not_null(site);
	cr_assert_not_null(camera(site, "ACC-1"));
	a = account(site, "ACC-1", "guest", DS_ACCOUNT_USER, false, true);
	cr_assert_not_null(a);
	cr_assert(ds_wizard_account_needs_work(a));
	cr_assert_str_eq(ds_wizard_account_state(a, &role), "FACTORY DEFAULT");
	cr_assert_eq(role, UI_ROLE_FAIL);
	ds_site_account_done(site, a, DS_ACCOUNT_DELETED);
	cr_assert_not(ds_wizard_account_needs_work(a));
	cr_assert_str_eq(ds_wizard_account_state(a, &role), "deleted");
	cr_assert_eq(role, UI_ROLE_OK);
	a = account(site, "ACC-1", "viewer", DS_ACCOUNT_OPERATOR, false, false);
	cr_assert_not(ds_wizard_account_needs_work(a));
	cr_assert_str_eq(ds_wizard_account_state(a, &role), "own password");
	ds_site_free(site);
}

Test(ui_accounts, line_lists_only_the_device_s_accounts)
{
	ds_site *site = ds_site_new("line");
	char line[512];

	cr_assert_not_null(camera(site, "ACC-1"));
	cr_assert_not_null(camera(site, "ACC-2"));
	cr_assert_not_null(account(site, "ACC-1", "admin", DS_ACCOUNT_ADMIN, true, true));
	cr_assert_not_null(account(site, "ACC-2", "other", DS_ACCOUNT_USER, false, true));
	cr_assert_not_null(account(site, "ACC-1", "guest", DS_ACCOUNT_USER, false, true));
	ds_site_account_done(site, ds_site_find_account(site, "fx-accounts", "ACC-1", "admin"), DS_ACCOUNT_NEW_PASSWORD);
	ds_wizard_accounts_line(site, ds_site_find_device(site, "fx-accounts", "ACC-1"), line, sizeof line);
	cr_assert_str_eq(line, "admin (administrator): new password, verified · guest (user): FACTORY DEFAULT");
	/* The guest is still on its default: the core's rule keeps the camera there. */
	cr_assert(ds_site_find_device(site, "fx-accounts", "ACC-1")->on_factory_default);
	ds_site_free(site);
}

Test(ui_accounts, unread_finds_the_next_device_with_accounts_not_known)
{
	ds_site *site = ds_site_new("unread");
	ds_site_device plain = { .has_password = true };

	snprintf(plain.plugin_id, sizeof plain.plugin_id, "demo");
	snprintf(plain.serial, sizeof plain.serial, "P-1");
	cr_assert_not_null(ds_site_put_device(site, &plain));
	cr_assert_not_null(camera(site, "ACC-1"));
	cr_assert_not_null(camera(site, "ACC-2"));
	cr_assert_str_eq(ds_wizard_accounts_unread(site, 0)->serial, "ACC-1");
	cr_assert_not_null(account(site, "ACC-1", "admin", DS_ACCOUNT_ADMIN, true, true));
	cr_assert(ds_wizard_accounts_known(site, ds_site_find_device(site, "fx-accounts", "ACC-1")));
	cr_assert_str_eq(ds_wizard_accounts_unread(site, 0)->serial, "ACC-2");
	cr_assert_null(ds_wizard_accounts_unread(site, 3));
	cr_assert_not(ds_wizard_has_accounts(&site->devices[0]));
	ds_site_free(site);
}

Test(ui_accounts, a_repair_replaces_the_device_s_result)
{
	ds_site *site = ds_site_new("repair");
	ds_diag_model m = { 0 };
	ds_check warn = { .grade = DS_CHECK_WARN }, pass = { .grade = DS_CHECK_PASS }, other = { .grade = DS_CHECK_PASS };
	size_t p, w, f;

	cr_assert_not_null(camera(site, "ACC-1"));
	snprintf(warn.id, sizeof warn.id, "clock");
	snprintf(warn.fix, sizeof warn.fix, "clock.utc");
	snprintf(pass.id, sizeof pass.id, "clock");
	snprintf(other.id, sizeof other.id, "stream");
	cr_assert_eq(ds_site_put_check(site, "ACC-1", &warn), 0);
	snprintf(site->diagnostics_at, sizeof site->diagnostics_at, "2026-12-06T10:00:00Z");
	ds_diag_model_load(&m, site);
	ds_diag_model_counts(&m, &p, &w, &f);
	cr_assert_eq(w, 1);
	cr_assert_eq(ds_diag_model_put(&m, "ACC-1", &pass), 0);
	cr_assert_eq(ds_diag_model_put(&m, "ACC-1", &other), 0);
	ds_diag_model_counts(&m, &p, &w, &f);
	cr_assert_eq(p, 2, "the clock's result was replaced and the new check added");
	cr_assert_eq(w, 0);
	cr_assert_eq(m.n_checks, 2);
	cr_assert_eq(ds_diag_model_put(&m, "NO-SUCH", &pass), -1);
	ds_diag_model_free(&m);
	ds_site_free(site);
}
