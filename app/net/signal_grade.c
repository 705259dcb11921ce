/* Radio link grading with documented thresholds (docs/diagnostics.md). */
#include "app/net/signal_grade.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "app/base/i18n.h"

/** Grades value against descending limits for excellent, good and fair. */
static ds_signal_level ds_signal_level_of(int32_t value, int32_t excellent, int32_t good, int32_t fair)
{
	if (value == INT32_MIN)
		return DS_SIGNAL_UNKNOWN;
	if (value >= excellent)
		return DS_SIGNAL_EXCELLENT;
	if (value >= good)
		return DS_SIGNAL_GOOD;
	if (value >= fair)
		return DS_SIGNAL_FAIR;
	return DS_SIGNAL_POOR;
}

ds_signal_level ds_signal_rssi(int32_t dbm)
{
	return ds_signal_level_of(dbm, -65, -75, -85);
}

ds_signal_level ds_signal_rsrp(int32_t dbm)
{
	return ds_signal_level_of(dbm, -80, -90, -100);
}

ds_signal_level ds_signal_rsrq(int32_t db10)
{
	return ds_signal_level_of(db10, -100, -150, -200);
}

ds_signal_level ds_signal_sinr(int32_t db10)
{
	return ds_signal_level_of(db10, 200, 130, 0);
}

ds_signal_level ds_signal_wifi(int32_t dbm)
{
	return ds_signal_level_of(dbm, -55, -67, -75);
}

ds_check_grade ds_signal_level_grade(ds_signal_level level)
{
	switch (level) {
	case DS_SIGNAL_EXCELLENT:
	case DS_SIGNAL_GOOD:
		return DS_CHECK_PASS;
	case DS_SIGNAL_FAIR:
		return DS_CHECK_WARN;
	case DS_SIGNAL_POOR:
		return DS_CHECK_FAIL;
	case DS_SIGNAL_UNKNOWN:
		break;
	}
	return DS_CHECK_SKIPPED;
}

const char *ds_signal_level_word(ds_signal_level level)
{
	switch (level) {
	case DS_SIGNAL_EXCELLENT:
		return _("excellent");
	case DS_SIGNAL_GOOD:
		return _("good");
	case DS_SIGNAL_FAIR:
		return _("fair");
	case DS_SIGNAL_POOR:
		return _("poor");
	case DS_SIGNAL_UNKNOWN:
		break;
	}
	return _("not measured");
}

ds_check_grade ds_signal_registration_grade(ds_registration reg)
{
	if (reg == DS_REG_HOME)
		return DS_CHECK_PASS;
	if (reg == DS_REG_ROAMING)
		return DS_CHECK_WARN;
	return DS_CHECK_FAIL;
}

const char *ds_signal_registration_word(ds_registration reg)
{
	switch (reg) {
	case DS_REG_HOME:
		return _("home network");
	case DS_REG_ROAMING:
		return _("roaming");
	case DS_REG_SEARCHING:
		return _("searching for a network");
	case DS_REG_DENIED:
		return _("registration refused");
	case DS_REG_NOT_REGISTERED:
		return _("not registered");
	case DS_REG_UNKNOWN:
		break;
	}
	return _("registration unknown");
}

bool ds_signal_rat_sunset(uint32_t rat)
{
	return rat == DS_RAT_2G || rat == DS_RAT_3G;
}

const char *ds_signal_rat_name(uint32_t rat)
{
	switch (rat) {
	case DS_RAT_2G: return "2G";
	case DS_RAT_3G: return "3G";
	case DS_RAT_LTE: return "LTE";
	case DS_RAT_LTE_M: return "LTE-M";
	case DS_RAT_NB_IOT: return "NB-IoT";
	case DS_RAT_5G: return "5G";
	default: return "?";
	}
}

ds_check_grade ds_signal_wifi_security_grade(const char *security)
{
	if (!security || !security[0])
		return DS_CHECK_WARN;
	if (strcasecmp(security, "open") == 0 || strcasecmp(security, "wep") == 0)
		return DS_CHECK_FAIL;
	if (strcasecmp(security, "wpa2") == 0 || strcasecmp(security, "wpa3") == 0)
		return DS_CHECK_PASS;
	return DS_CHECK_WARN; /* "wpa", or a word we do not know */
}

/* Name prefixes routers ship with; followed by nothing, a number or a code. */
static const char *const ds_default_ssid_prefixes[] = {
	"FRITZ!Box", "Vodafone", "TP-Link", "NETGEAR", "Linksys", "dlink", "D-Link", "Telekom",
	"Speedport", "EasyBox", "o2-WLAN", "WLAN-", "HUAWEI", "ASUS", "Livebox", "BTHub", "SKY",
	"Xfinity", "UPC", "Ziggo", "MagentaWLAN", "Zyxel", "TALKTALK", "Orange-", "Bbox-", "SFR",
	"Freebox", "Tenda", "Belkin", "ARRIS", "ATT", "Verizon", "MikroTik", "Connect-Box",
	"default", "wireless", "dd-wrt", "Tech_", "Swisscom", "Sunrise", "Proximus", "Movistar",
};

bool ds_signal_ssid_looks_default(const char *ssid)
{
	if (!ssid)
		return false;
	for (size_t i = 0; i < sizeof ds_default_ssid_prefixes / sizeof ds_default_ssid_prefixes[0]; i++) {
		size_t n = strlen(ds_default_ssid_prefixes[i]);
		const char *rest = ssid + n;

		if (strncasecmp(ssid, ds_default_ssid_prefixes[i], n) != 0)
			continue;
		if (!*rest)
			return true;
		for (; *rest; rest++)
			if (isdigit((unsigned char)*rest))
				return true;
	}
	return false;
}
