/* The wizard's flow rules (the operator rules: test_mno_rules.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/core/flow.h"

/** A site with one panel (eSIM) and one door contact. */
static ds_site *two_devices(bool panel_default, bool contact_default)
{
	ds_site *site = ds_site_new("rules");
	ds_site_device panel = { .kind = DS_KIND_PANEL, .features = DS_FEATURE_PASSWORD | DS_FEATURE_ESIM,
				 .has_password = true, .on_factory_default = panel_default };
	ds_site_device contact = { .kind = DS_KIND_DOOR_CONTACT, .features = DS_FEATURE_PASSWORD,
				   .has_password = true, .on_factory_default = contact_default };

	snprintf(panel.plugin_id, DS_ID_MAX, "demo");
	snprintf(panel.serial, DS_ID_MAX, "P1");
	snprintf(contact.plugin_id, DS_ID_MAX, "demo");
	snprintf(contact.serial, DS_ID_MAX, "C1");
	ds_site_put_device(site, &panel);
	ds_site_put_device(site, &contact);
	return site;
}

Test(wizard_rules, devices_step_needs_a_device)
{
	ds_site *site = ds_site_new("empty");
	char why[256];

	cr_assert_not(ds_flow_can_leave(site, DS_STEP_DEVICES, why, sizeof why));
	cr_assert(strlen(why) > 0);
	cr_assert_not(ds_flow_can_enter(site, DS_STEP_PASSWORDS, why, sizeof why));
	ds_site_free(site);
}

Test(wizard_rules, no_step_after_passwords_while_a_default_survives)
{
	ds_site *site = two_devices(false, true);
	char why[256];

	cr_assert(ds_flow_can_enter(site, DS_STEP_PASSWORDS, why, sizeof why));
	for (ds_step s = DS_STEP_CELLULAR; s < DS_STEP_COUNT; s++)
		cr_assert_not(ds_flow_can_enter(site, s, why, sizeof why), "step %d opened", s);
	cr_assert(strstr(why, "1 device"), "%s", why);
	cr_assert_not(ds_flow_can_leave(site, DS_STEP_PASSWORDS, why, sizeof why));
	cr_assert_not(ds_flow_step_complete(site, DS_STEP_PASSWORDS));
	site->devices[1].on_factory_default = false;
	cr_assert(ds_flow_can_leave(site, DS_STEP_PASSWORDS, why, sizeof why));
	cr_assert(ds_flow_step_complete(site, DS_STEP_PASSWORDS));
	ds_site_free(site);
}

Test(wizard_rules, cellular_needs_apply_and_a_failover_test)
{
	ds_site *site = two_devices(false, false);
	char why[256];

	cr_assert(ds_flow_needs_cellular(site));
	cr_assert_not(ds_flow_can_leave(site, DS_STEP_CELLULAR, why, sizeof why));
	site->cellular.applied = true;
	cr_assert_not(ds_flow_can_leave(site, DS_STEP_CELLULAR, why, sizeof why));
	cr_assert(strstr(why, "failover"), "%s", why);
	site->cellular.failover = DS_FAILOVER_FAILED;
	cr_assert(ds_flow_can_leave(site, DS_STEP_CELLULAR, why, sizeof why));
	cr_assert(ds_flow_step_complete(site, DS_STEP_CELLULAR));
	ds_site_free(site);
}

Test(wizard_rules, advance_marks_done_and_moves_on)
{
	ds_site *site = two_devices(false, false);

	cr_assert_eq(ds_flow_advance(site, DS_STEP_PASSWORDS), DS_STEP_CELLULAR);
	cr_assert(site->step_done[DS_STEP_PASSWORDS]);
	cr_assert_eq(site->current_step, DS_STEP_CELLULAR);
	ds_flow_advance(site, DS_STEP_CELLULAR);
	cr_assert_not(site->step_done[DS_STEP_CELLULAR], "incomplete step marked done");
	ds_site_free(site);
}

Test(wizard_rules, diagnostics_must_finish_before_the_summary)
{
	ds_site *site = two_devices(false, false);
	char why[256];

	cr_assert_not(ds_flow_can_leave(site, DS_STEP_DIAGNOSTICS, why, sizeof why));
	cr_assert(strstr(why, "finish"), "%s", why);
	ds_site_now(site->diagnostics_at);
	cr_assert(ds_flow_can_leave(site, DS_STEP_DIAGNOSTICS, why, sizeof why));
	ds_site_free(site);
}
