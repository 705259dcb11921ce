/* Grading of radio links (app/net/signal_grade.c, device_grade.c): the
 * documented thresholds at their edges, registration and access
 * technology, Wi-Fi security and default-looking SSIDs, and the checks the
 * host builds from a plugin's raw values. */
#include <criterion/criterion.h>
#include <string.h>

#include "app/net/device_grade.h"
#include "app/net/signal_grade.h"

Test(signal_grade, rssi_edges)
{
	cr_assert_eq(ds_signal_rssi(-50), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_rssi(-65), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_rssi(-66), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_rssi(-75), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_rssi(-76), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_rssi(-85), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_rssi(-86), DS_SIGNAL_POOR);
	cr_assert_eq(ds_signal_rssi(INT32_MIN), DS_SIGNAL_UNKNOWN);
}

Test(signal_grade, rssi_is_one_scale_for_lte_era_modules)
{
	/* The 3G scale (-70/-85/-100) the Cellular step once used would call
	 * these excellent, good and fair; on the one scale they are not. */
	cr_assert_eq(ds_signal_rssi(-70), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_rssi(-80), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_level_grade(ds_signal_rssi(-80)), DS_CHECK_WARN, "-80 dBm warns");
	cr_assert_eq(ds_signal_rssi(-95), DS_SIGNAL_POOR);
}

Test(signal_grade, rsrp_edges)
{
	cr_assert_eq(ds_signal_rsrp(-80), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_rsrp(-81), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_rsrp(-90), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_rsrp(-91), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_rsrp(-100), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_rsrp(-101), DS_SIGNAL_POOR);
	cr_assert_eq(ds_signal_rsrp(-140), DS_SIGNAL_POOR);
}

Test(signal_grade, rsrq_edges_in_tenths)
{
	cr_assert_eq(ds_signal_rsrq(-30), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_rsrq(-100), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_rsrq(-101), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_rsrq(-150), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_rsrq(-151), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_rsrq(-200), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_rsrq(-201), DS_SIGNAL_POOR);
}

Test(signal_grade, sinr_edges_in_tenths)
{
	cr_assert_eq(ds_signal_sinr(250), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_sinr(200), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_sinr(199), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_sinr(130), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_sinr(129), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_sinr(0), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_sinr(-1), DS_SIGNAL_POOR);
}

Test(signal_grade, wifi_edges)
{
	cr_assert_eq(ds_signal_wifi(-55), DS_SIGNAL_EXCELLENT);
	cr_assert_eq(ds_signal_wifi(-56), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_wifi(-67), DS_SIGNAL_GOOD);
	cr_assert_eq(ds_signal_wifi(-68), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_wifi(-75), DS_SIGNAL_FAIR);
	cr_assert_eq(ds_signal_wifi(-76), DS_SIGNAL_POOR);
}

Test(signal_grade, levels_map_to_grades)
{
	cr_assert_eq(ds_signal_level_grade(DS_SIGNAL_EXCELLENT), DS_CHECK_PASS);
	cr_assert_eq(ds_signal_level_grade(DS_SIGNAL_GOOD), DS_CHECK_PASS);
	cr_assert_eq(ds_signal_level_grade(DS_SIGNAL_FAIR), DS_CHECK_WARN);
	cr_assert_eq(ds_signal_level_grade(DS_SIGNAL_POOR), DS_CHECK_FAIL);
	cr_assert_eq(ds_signal_level_grade(DS_SIGNAL_UNKNOWN), DS_CHECK_SKIPPED);
}

Test(signal_grade, registration_and_technology)
{
	cr_assert_eq(ds_signal_registration_grade(DS_REG_HOME), DS_CHECK_PASS);
	cr_assert_eq(ds_signal_registration_grade(DS_REG_ROAMING), DS_CHECK_WARN);
	cr_assert_eq(ds_signal_registration_grade(DS_REG_SEARCHING), DS_CHECK_FAIL);
	cr_assert_eq(ds_signal_registration_grade(DS_REG_DENIED), DS_CHECK_FAIL);
	cr_assert_eq(ds_signal_registration_grade(DS_REG_NOT_REGISTERED), DS_CHECK_FAIL);
	cr_assert_eq(ds_signal_registration_grade(DS_REG_UNKNOWN), DS_CHECK_FAIL);
	/* The one set of registration words, for the Cellular panel line and Diagnostics alike. */
	cr_assert_str_eq(ds_signal_registration_word(DS_REG_HOME), "home network");
	cr_assert_str_eq(ds_signal_registration_word(DS_REG_SEARCHING), "searching for a network");
	cr_assert_str_eq(ds_signal_registration_word(DS_REG_DENIED), "registration refused");
	cr_assert_str_eq(ds_signal_registration_word(DS_REG_UNKNOWN), "registration unknown");
	cr_assert(ds_signal_rat_sunset(DS_RAT_2G));
	cr_assert(ds_signal_rat_sunset(DS_RAT_3G));
	cr_assert_not(ds_signal_rat_sunset(DS_RAT_LTE));
	cr_assert_not(ds_signal_rat_sunset(DS_RAT_LTE_M));
	cr_assert_not(ds_signal_rat_sunset(DS_RAT_NB_IOT));
	cr_assert_not(ds_signal_rat_sunset(DS_RAT_5G));
	cr_assert_str_eq(ds_signal_rat_name(DS_RAT_NB_IOT), "NB-IoT");
}

Test(signal_grade, wifi_security_rules)
{
	cr_assert_eq(ds_signal_wifi_security_grade("open"), DS_CHECK_FAIL);
	cr_assert_eq(ds_signal_wifi_security_grade("wep"), DS_CHECK_FAIL);
	cr_assert_eq(ds_signal_wifi_security_grade("WEP"), DS_CHECK_FAIL);
	cr_assert_eq(ds_signal_wifi_security_grade("wpa"), DS_CHECK_WARN);
	cr_assert_eq(ds_signal_wifi_security_grade("wpa2"), DS_CHECK_PASS);
	cr_assert_eq(ds_signal_wifi_security_grade("wpa3"), DS_CHECK_PASS);
	cr_assert_eq(ds_signal_wifi_security_grade(""), DS_CHECK_WARN);
	cr_assert_eq(ds_signal_wifi_security_grade(NULL), DS_CHECK_WARN);
}

Test(signal_grade, default_looking_ssids)
{
	static const char *const defaults[] = { "FRITZ!Box 7530 QX", "TP-Link_3F2A", "NETGEAR42", "Vodafone-A1B2C3",
						"linksys", "Telekom-4F7A21", "SKY12345", "HUAWEI-B535-1A2B", "default" };
	static const char *const chosen[] = { "Mueller-Home", "Cafe Sonnenschein Gast", "Skyline Office", "Netgear Lab",
					      "", "Home" };

	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		cr_assert(ds_signal_ssid_looks_default(defaults[i]), "%s", defaults[i]);
	for (size_t i = 0; i < sizeof chosen / sizeof chosen[0]; i++)
		cr_assert_not(ds_signal_ssid_looks_default(chosen[i]), "%s", chosen[i]);
}

/** True when a check with this id is among n. */
static bool has(const ds_check *checks, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(checks[i].id, id) == 0)
			return true;
	return false;
}

/** The check with this id among n; fails the test when absent. */
static const ds_check *find(const ds_check *checks, size_t n, const char *id)
{
	static const ds_check none;

	for (size_t i = 0; i < n; i++)
		if (strcmp(checks[i].id, id) == 0)
			return &checks[i];
	cr_assert_fail("no check %s", id);
	return &none;
}

Test(device_grade, cellular_checks_from_raw_values)
{
	ds_cellular_status cs = { .registration = DS_REG_ROAMING, .rat = DS_RAT_3G, .operator_code = "23415",
				  .operator_name = "Vodafone UK", .rssi_dbm = -70, .rsrp_dbm = -105,
				  .rsrq_db10 = -125, .sinr_db10 = INT32_MIN };
	ds_check out[DS_DEVICE_GRADE_CELLULAR_MAX];
	size_t n = ds_device_grade_cellular(&cs, out);

	cr_assert_eq(n, 5, "SINR was not measured, so it is left out");
	cr_assert_eq(find(out, n, "cellular.registration")->grade, DS_CHECK_WARN);
	cr_assert_eq(find(out, n, "cellular.technology")->grade, DS_CHECK_WARN);
	cr_assert(strstr(find(out, n, "cellular.technology")->value, "3G · Vodafone UK (23415)"),
		  "%s", find(out, n, "cellular.technology")->value);
	cr_assert(strstr(find(out, n, "cellular.technology")->advice, "switched off"));
	cr_assert_eq(find(out, n, "cellular.rssi")->grade, DS_CHECK_PASS);
	cr_assert_eq(find(out, n, "cellular.rsrp")->grade, DS_CHECK_FAIL);
	cr_assert_str_eq(find(out, n, "cellular.rsrp")->value, "-105 dBm (poor)");
	cr_assert_eq(find(out, n, "cellular.rsrq")->grade, DS_CHECK_PASS);
	cr_assert_str_eq(find(out, n, "cellular.rsrq")->value, "-12.5 dB (good)");
	cr_assert_not(has(out, n, "cellular.sinr"));
}

Test(device_grade, unregistered_module_fails_without_technology)
{
	ds_cellular_status cs = { .registration = DS_REG_DENIED, .rssi_dbm = INT32_MIN, .rsrp_dbm = INT32_MIN,
				  .rsrq_db10 = INT32_MIN, .sinr_db10 = INT32_MIN };
	ds_check out[DS_DEVICE_GRADE_CELLULAR_MAX];
	size_t n = ds_device_grade_cellular(&cs, out);

	cr_assert_eq(n, 1);
	cr_assert_eq(out[0].grade, DS_CHECK_FAIL);
	cr_assert_str_eq(out[0].value, "registration refused");
	cr_assert(strstr(out[0].advice, "operator"));
}

Test(device_grade, sinr_below_zero_fails_with_tenths)
{
	ds_cellular_status cs = { .registration = DS_REG_HOME, .rat = DS_RAT_LTE_M, .rssi_dbm = INT32_MIN,
				  .rsrp_dbm = INT32_MIN, .rsrq_db10 = INT32_MIN, .sinr_db10 = -5 };
	ds_check out[DS_DEVICE_GRADE_CELLULAR_MAX];
	size_t n = ds_device_grade_cellular(&cs, out);

	cr_assert_eq(find(out, n, "cellular.registration")->grade, DS_CHECK_PASS);
	cr_assert_eq(find(out, n, "cellular.technology")->grade, DS_CHECK_PASS);
	cr_assert_eq(find(out, n, "cellular.sinr")->grade, DS_CHECK_FAIL);
	cr_assert_str_eq(find(out, n, "cellular.sinr")->value, "-0.5 dB (poor)");
}

Test(device_grade, wifi_checks)
{
	ds_wifi_network open = { .ssid = "FRITZ!Box 7530 QX", .security = "open", .rssi_dbm = -70 };
	ds_wifi_network good = { .ssid = "Mueller-Home", .security = "wpa3", .rssi_dbm = -50 };
	ds_check out[DS_DEVICE_GRADE_WIFI_MAX];
	size_t n = ds_device_grade_wifi(&open, out);

	cr_assert_eq(n, 3);
	cr_assert_eq(find(out, n, "wifi.signal")->grade, DS_CHECK_WARN);
	cr_assert_eq(find(out, n, "wifi.security")->grade, DS_CHECK_FAIL);
	cr_assert_eq(find(out, n, "wifi.ssid")->grade, DS_CHECK_WARN);
	n = ds_device_grade_wifi(&good, out);
	cr_assert_eq(n, 2);
	cr_assert_eq(find(out, n, "wifi.signal")->grade, DS_CHECK_PASS);
	cr_assert_eq(find(out, n, "wifi.security")->grade, DS_CHECK_PASS);
	cr_assert_not(has(out, n, "wifi.ssid"));
	ds_device_grade_no_wifi(out);
	cr_assert_eq(out[0].grade, DS_CHECK_FAIL);
}
