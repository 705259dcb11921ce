/* The primary/backup operator rules, the recommendation, and matching the
 * profiles to an operator scan (app/mno/mno_rules.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/mno/mno_rules.h"

/** A profile with a signal. */
static ds_esim_profile profile(const char *iccid, const char *mcc, const char *mnc, uint32_t rats, bool in_reach,
			       int32_t rssi)
{
	ds_esim_profile p = { .rats = rats, .in_reach = in_reach, .rssi_dbm = rssi, .rsrp_dbm = INT32_MIN };

	snprintf(p.iccid, sizeof p.iccid, "%s", iccid);
	snprintf(p.mcc, sizeof p.mcc, "%s", mcc);
	snprintf(p.mnc, sizeof p.mnc, "%s", mnc);
	snprintf(p.operator_name, sizeof p.operator_name, "Operator %s-%s", mcc, mnc);
	return p;
}

/** A scanned network. */
static ds_network network(const char *mcc, const char *mnc, uint32_t rat, ds_network_state state, int32_t rssi)
{
	ds_network n = { .rat = rat, .state = state, .rssi_dbm = rssi };

	snprintf(n.mcc, sizeof n.mcc, "%s", mcc);
	snprintf(n.mnc, sizeof n.mnc, "%s", mnc);
	return n;
}

Test(mno_rules, no_primary_is_refused)
{
	char why[256];

	cr_assert_eq(ds_mno_check_choice(NULL, NULL, why, sizeof why), DS_CHOICE_REFUSED);
	cr_assert(strstr(why, "primary"), "%s", why);
}

Test(mno_rules, the_same_profile_twice_is_refused)
{
	ds_esim_profile a = profile("8949020000000000001", "262", "01", DS_RAT_LTE, true, -70);
	char why[256];

	cr_assert_eq(ds_mno_check_choice(&a, &a, why, sizeof why), DS_CHOICE_REFUSED);
	cr_assert(strstr(why, "two different profiles"), "%s", why);
}

Test(mno_rules, the_same_operator_code_twice_is_refused)
{
	ds_esim_profile a = profile("8949020000000000001", "262", "01", DS_RAT_LTE, true, -70);
	ds_esim_profile b = profile("8949020000000000002", "262", "01", DS_RAT_NB_IOT, true, -72);
	char why[256];

	cr_assert_eq(ds_mno_check_choice(&a, &b, why, sizeof why), DS_CHOICE_REFUSED);
	cr_assert(strstr(why, "same network (26201)"), "%s", why);
	cr_assert(ds_mno_same_network(&a, &b));
}

Test(mno_rules, same_mnc_in_another_country_is_another_network)
{
	ds_esim_profile a = profile("8949020000000000001", "262", "01", DS_RAT_LTE, true, -70);
	ds_esim_profile b = profile("8933010000000000004", "208", "01", DS_RAT_LTE, true, -80);
	char why[256];

	cr_assert_not(ds_mno_same_network(&a, &b));
	cr_assert_eq(ds_mno_check_choice(&a, &b, why, sizeof why), DS_CHOICE_OK, "%s", why);
}

Test(mno_rules, legacy_only_profile_gets_a_warning)
{
	ds_esim_profile a = profile("8949020000000000001", "262", "01", DS_RAT_LTE, true, -70);
	ds_esim_profile b = profile("8949220000000000003", "262", "03", DS_RAT_2G | DS_RAT_3G, true, -90);
	char why[256];

	cr_assert_eq(ds_mno_check_choice(&a, &b, why, sizeof why), DS_CHOICE_WARN);
	cr_assert(strstr(why, "2G/3G") && strstr(why, "switching off"), "%s", why);
	/* ... as a primary too, and with LTE beside 2G/3G it is fine. */
	cr_assert_eq(ds_mno_check_choice(&b, &a, why, sizeof why), DS_CHOICE_WARN);
	b.rats |= DS_RAT_LTE;
	cr_assert_eq(ds_mno_check_choice(&a, &b, why, sizeof why), DS_CHOICE_OK, "%s", why);
}

/* A real eSIM often cannot say which technologies a disabled profile uses:
 * unknown is not "only 2G/3G". */
Test(mno_rules, profile_with_unknown_technologies_gets_no_legacy_warning)
{
	ds_esim_profile a = profile("8949020000000000001", "262", "01", DS_RAT_LTE, true, -70);
	ds_esim_profile b = profile("8949220000000000003", "262", "03", 0, true, -90);
	char why[256];

	cr_assert(ds_mno_modern(&b));
	cr_assert_eq(ds_mno_check_choice(&a, &b, why, sizeof why), DS_CHOICE_OK, "%s", why);
	cr_assert_eq(ds_mno_check_choice(&b, &a, why, sizeof why), DS_CHOICE_OK, "%s", why);
}

Test(mno_rules, profile_out_of_reach_gets_a_warning_naming_it)
{
	ds_esim_profile a = profile("8949020000000000001", "262", "01", DS_RAT_LTE, true, -70);
	ds_esim_profile b = profile("8933010000000000004", "208", "01", DS_RAT_LTE, false, INT32_MIN);
	char why[256];

	cr_assert_eq(ds_mno_check_choice(&a, &b, why, sizeof why), DS_CHOICE_WARN);
	cr_assert(strstr(why, "No network of Operator 208-01 is in reach"), "%s", why);
}

Test(mno_rules, two_good_operators_pass)
{
	ds_esim_profile a = profile("8949020000000000001", "262", "01", DS_RAT_LTE | DS_RAT_LTE_M, true, -70);
	ds_esim_profile b = profile("8949020000000000005", "262", "02", DS_RAT_LTE | DS_RAT_5G, true, -80);
	char why[256];

	cr_assert_eq(ds_mno_check_choice(&a, &b, why, sizeof why), DS_CHOICE_OK);
	cr_assert_str_empty(why);
	/* A primary alone is not refused: the backup is chosen next. */
	cr_assert_eq(ds_mno_check_choice(&a, NULL, why, sizeof why), DS_CHOICE_OK);
}

Test(mno_rules, recommendation_prefers_modern_and_strong_and_another_network)
{
	ds_esim_profile p[] = {
		profile("1", "262", "03", DS_RAT_2G | DS_RAT_3G, true, -60),  /* strongest, but legacy */
		profile("2", "262", "01", DS_RAT_LTE_M, true, -75),
		profile("3", "262", "01", DS_RAT_LTE, true, -68),             /* best primary */
		profile("4", "208", "01", DS_RAT_LTE, false, INT32_MIN),      /* out of reach */
		profile("5", "262", "02", DS_RAT_LTE | DS_RAT_5G, true, -85), /* best backup: other network */
	};
	int primary, backup;

	ds_mno_recommend(p, 5, &primary, &backup);
	cr_assert_eq(primary, 2);
	cr_assert_eq(backup, 4);
}

Test(mno_rules, recommendation_without_signal_or_second_network)
{
	ds_esim_profile none[] = { profile("1", "262", "01", DS_RAT_LTE, false, INT32_MIN) };
	ds_esim_profile one_net[] = { profile("1", "262", "01", DS_RAT_LTE, true, -70),
				      profile("2", "262", "01", DS_RAT_NB_IOT, true, -60) };
	int primary, backup;

	ds_mno_recommend(none, 1, &primary, &backup);
	cr_assert_eq(primary, -1);
	cr_assert_eq(backup, -1);
	ds_mno_recommend(one_net, 2, &primary, &backup);
	cr_assert_eq(primary, 1);
	cr_assert_eq(backup, -1, "a backup on the same network is never recommended");
}

Test(mno_rules, scan_sets_reach_and_signal)
{
	ds_esim_profile p[] = {
		profile("1", "262", "01", DS_RAT_LTE, false, INT32_MIN),
		profile("2", "262", "02", DS_RAT_LTE, true, -60),
		profile("3", "208", "01", DS_RAT_LTE, true, -70),
		profile("4", "262", "03", DS_RAT_2G, true, -80),
		profile("5", "208", "15", DS_RAT_LTE, true, -74),
	};
	ds_network nets[] = {
		network("262", "01", DS_RAT_2G, DS_NET_AVAILABLE, -95),
		network("262", "01", DS_RAT_LTE, DS_NET_CURRENT, -66),
		network("262", "02", DS_RAT_LTE, DS_NET_AVAILABLE, INT32_MIN),
		network("262", "03", DS_RAT_2G, DS_NET_FORBIDDEN, -50),
	};

	cr_assert_eq(ds_mno_scan_match(&p[0], nets, 4), &nets[1], "the operator's network on LTE");
	p[0].rats = DS_RAT_NB_IOT;
	cr_assert_null(ds_mno_scan_match(&p[0], nets, 4), "no network on a technology the profile can use");
	p[0].rats = DS_RAT_LTE | DS_RAT_2G;
	cr_assert_eq(ds_mno_scan_match(&p[0], nets, 4), &nets[1], "the strongest of the usable ones");
	ds_mno_apply_scan(p, 5, nets, 4);
	cr_assert(p[0].in_reach);
	cr_assert_eq(p[0].rssi_dbm, -66);
	cr_assert(p[1].in_reach);
	cr_assert_eq(p[1].rssi_dbm, -60, "a scan without a signal keeps the profile's own");
	cr_assert(p[4].in_reach, "a foreign profile roams: the module's word stands");
	cr_assert_eq(p[4].rssi_dbm, -74);
	cr_assert(p[2].in_reach, "no network of France answered: the profile roams");
	cr_assert_not(p[3].in_reach, "a forbidden network is not in reach");
	cr_assert_eq(p[3].rssi_dbm, INT32_MIN);
	snprintf(nets[0].mcc, sizeof nets[0].mcc, "208"); /* now a French network answers, not 208-01 */
	snprintf(nets[0].mnc, sizeof nets[0].mnc, "10");
	ds_mno_apply_scan(p, 5, nets, 4);
	cr_assert_not(p[2].in_reach, "a domestic profile whose network did not answer is out of reach");
	cr_assert_eq(p[2].rssi_dbm, INT32_MIN);
}
