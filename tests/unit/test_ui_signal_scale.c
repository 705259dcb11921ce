/* One RSSI scale: the Cellular step's profile table and the Diagnostics
 * step's check of the panel's link grade a signal alike, because both go
 * through ds_signal_rssi (app/net/signal_grade.h). Linked with the wizard
 * (test_ui_*), so the Cellular step's own code is what is tested. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/net/device_grade.h"
#include "app/net/signal_grade.h"
#include "ui/wizard/cellular_view.h"

/** A profile in reach with this signal. */
static ds_esim_profile profile_at(int32_t dbm)
{
	ds_esim_profile p = { .mcc = "262",
			      .mnc = "02",
			      .operator_name = "Vodafone Germany",
			      .in_reach = true,
			      .rssi_dbm = dbm,
			      .rats = DS_RAT_LTE };

	return p;
}

/** The Diagnostics step's RSSI check of a panel reporting this signal. */
static ds_check diagnostics_rssi(int32_t dbm)
{
	ds_cellular_status cs = { .registration = DS_REG_HOME,
				  .rat = DS_RAT_LTE,
				  .rssi_dbm = dbm,
				  .rsrp_dbm = INT32_MIN,
				  .rsrq_db10 = INT32_MIN,
				  .sinr_db10 = INT32_MIN };
	ds_check out[DS_DEVICE_GRADE_CELLULAR_MAX];
	size_t n = ds_device_grade_cellular(&cs, out);

	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i].id, "cellular.rssi") == 0)
			return out[i];
	cr_assert_fail("no RSSI check for %d dBm", (int)dbm);
	return out[0];
}

Test(signal_scale, minus_80_dbm_is_fair_in_the_cellular_step_and_in_diagnostics)
{
	ds_esim_profile p = profile_at(-80);
	ds_check c = diagnostics_rssi(-80);
	char text[64];
	ui_role role;

	cr_assert_eq(ds_signal_rssi(-80), DS_SIGNAL_FAIR);
	cr_assert_str_eq(ds_cellular_signal_word(&p, &role), "fair");
	cr_assert_eq(role, UI_ROLE_WARN, "fair warns in the Cellular step");
	ds_cellular_signal_text(&p, text, sizeof text);
	cr_assert_str_eq(text, "-80 dBm fair");
	cr_assert_str_eq(c.value, "-80 dBm (fair)");
	cr_assert_eq(c.grade, DS_CHECK_WARN, "fair warns in Diagnostics");
}

Test(signal_scale, every_signal_gets_one_grade_in_both_steps)
{
	for (int32_t dbm = -130; dbm <= -30; dbm++) {
		ds_esim_profile p = profile_at(dbm);
		ds_signal_level level = ds_signal_rssi(dbm);
		ds_check c = diagnostics_rssi(dbm);
		char want[64];
		ui_role role;

		cr_assert_str_eq(ds_cellular_signal_word(&p, &role), ds_signal_level_word(level), "%d dBm", (int)dbm);
		cr_assert_eq(role,
			     ds_signal_level_grade(level) == DS_CHECK_PASS   ? UI_ROLE_OK
			     : ds_signal_level_grade(level) == DS_CHECK_WARN ? UI_ROLE_WARN
									     : UI_ROLE_FAIL,
			     "%d dBm", (int)dbm);
		snprintf(want, sizeof want, "%d dBm (%s)", (int)dbm, ds_signal_level_word(level));
		cr_assert_str_eq(c.value, want);
		cr_assert_eq(c.grade, ds_signal_level_grade(level), "%d dBm", (int)dbm);
	}
}

Test(signal_scale, no_network_and_no_measure_are_words_of_their_own)
{
	ds_esim_profile away = profile_at(INT32_MIN), quiet = profile_at(INT32_MIN);
	char text[64];
	ui_role role;

	away.in_reach = false;
	cr_assert_str_eq(ds_cellular_signal_word(&away, &role), "no network in reach");
	cr_assert_eq(role, UI_ROLE_FAIL);
	cr_assert_str_eq(ds_cellular_signal_word(&quiet, &role), "signal unknown");
	cr_assert_eq(role, UI_ROLE_DIM);
	ds_cellular_signal_text(&quiet, text, sizeof text);
	cr_assert_str_eq(text, "signal unknown");
}
