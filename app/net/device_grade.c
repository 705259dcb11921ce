/* Device link checks with advice. */
#include "app/net/device_grade.h"

#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/net/signal_grade.h"

/** Fills one check: id, title, grade, value (as given) and advice. */
static void ds_grade_set(ds_check *c, const char *id, const char *title, ds_check_grade grade, const char *advice)
{
	snprintf(c->id, sizeof c->id, "%s", id);
	snprintf(c->title, sizeof c->title, "%s", title);
	c->grade = grade;
	snprintf(c->advice, sizeof c->advice, "%s", advice);
}

/** Advice on a signal level: what it means for alarms and what to do. */
static const char *ds_grade_signal_advice(ds_signal_level level)
{
	switch (level) {
	case DS_SIGNAL_EXCELLENT:
	case DS_SIGNAL_GOOD:
		return _("The signal is strong enough: alarms get through.");
	case DS_SIGNAL_FAIR:
		return _("Alarms get through, but walls, weather or a busy cell can break the link. Try another spot "
			 "for the panel, an external antenna, or an operator with better signal.");
	case DS_SIGNAL_POOR:
		return _("Too weak for reliable alarms. Move the panel, fit an external antenna, or choose another "
			 "operator as the primary.");
	case DS_SIGNAL_UNKNOWN:
		break;
	}
	return _("The module did not measure this value.");
}

/** Adds one signal check when the value was measured; unit is "dBm" or "dB". */
static size_t ds_grade_signal(ds_check *c, const char *id, const char *title, ds_signal_level level, int32_t value,
			      bool tenths, const char *unit)
{
	if (level == DS_SIGNAL_UNKNOWN)
		return 0;
	ds_grade_set(c, id, title, ds_signal_level_grade(level), ds_grade_signal_advice(level));
	if (tenths)
		snprintf(c->value, sizeof c->value, "%s%d.%d %s (%s)", value < 0 && value > -10 ? "-" : "",
			 (int)(value / 10), (int)(value < 0 ? -value : value) % 10, unit, ds_signal_level_word(level));
	else
		snprintf(c->value, sizeof c->value, "%d %s (%s)", (int)value, unit, ds_signal_level_word(level));
	return 1;
}

/** The advice on a registration state. */
static const char *ds_grade_registration_advice(ds_registration reg)
{
	switch (reg) {
	case DS_REG_HOME:
		return _("The module is registered on its home network: it can send alarms.");
	case DS_REG_ROAMING:
		return _("The module uses a foreign network. It works, but the operator may limit or end roaming; "
			 "prefer a domestic profile as the primary.");
	case DS_REG_SEARCHING:
		return _("The module is still looking for a network and cannot send alarms now. Wait a minute and "
			 "run the checks again; if it stays so, check the antenna and the operator's coverage.");
	case DS_REG_DENIED:
		return _("The network refused the module: the subscription may be inactive or barred. Call the "
			 "operator, or choose another profile as the primary.");
	default:
		break;
	}
	return _("The module is not registered and cannot send alarms. Check the eSIM profile and the antenna, "
		 "then run the checks again.");
}

size_t ds_device_grade_cellular(const ds_cellular_status *cs, ds_check out[DS_DEVICE_GRADE_CELLULAR_MAX])
{
	size_t n = 0;
	ds_check *c = &out[n++];
	bool registered = cs->registration == DS_REG_HOME || cs->registration == DS_REG_ROAMING;

	memset(out, 0, DS_DEVICE_GRADE_CELLULAR_MAX * sizeof *out);
	ds_grade_set(c, "cellular.registration", _("Mobile registration"),
		     ds_signal_registration_grade(cs->registration), ds_grade_registration_advice(cs->registration));
	snprintf(c->value, sizeof c->value, "%s", ds_signal_registration_word(cs->registration));
	if (registered) {
		c = &out[n++];
		if (ds_signal_rat_sunset(cs->rat))
			ds_grade_set(c, "cellular.technology", _("Mobile technology"), DS_CHECK_WARN,
				     _("2G and 3G networks are being switched off; when this one goes, the panel goes "
				       "silent. Choose a profile with LTE-M, NB-IoT or LTE as the primary."));
		else if (cs->rat == 0)
			ds_grade_set(c, "cellular.technology", _("Mobile technology"), DS_CHECK_WARN,
				     _("The module did not say which technology it uses; check it on the panel."));
		else
			ds_grade_set(c, "cellular.technology", _("Mobile technology"), DS_CHECK_PASS,
				     _("A current technology that operators keep running."));
		snprintf(c->value, sizeof c->value, "%s · %.50s%s%s%s", ds_signal_rat_name(cs->rat),
			 cs->operator_name[0] ? cs->operator_name : cs->operator_code,
			 cs->operator_name[0] && cs->operator_code[0] ? " (" : "",
			 cs->operator_name[0] ? cs->operator_code : "", cs->operator_name[0] && cs->operator_code[0] ? ")" : "");
	}
	n += ds_grade_signal(&out[n], "cellular.rssi", _("Signal strength (RSSI)"), ds_signal_rssi(cs->rssi_dbm),
			     cs->rssi_dbm, false, "dBm");
	n += ds_grade_signal(&out[n], "cellular.rsrp", _("LTE signal power (RSRP)"), ds_signal_rsrp(cs->rsrp_dbm),
			     cs->rsrp_dbm, false, "dBm");
	n += ds_grade_signal(&out[n], "cellular.rsrq", _("LTE signal quality (RSRQ)"), ds_signal_rsrq(cs->rsrq_db10),
			     cs->rsrq_db10, true, "dB");
	n += ds_grade_signal(&out[n], "cellular.sinr", _("Signal to noise (SINR)"), ds_signal_sinr(cs->sinr_db10),
			     cs->sinr_db10, true, "dB");
	return n;
}

/** The advice on a Wi-Fi security word. */
static const char *ds_grade_security_advice(ds_check_grade grade)
{
	if (grade == DS_CHECK_PASS)
		return _("The network is encrypted with a current standard.");
	if (grade == DS_CHECK_FAIL)
		return _("Anyone nearby can read or join this network (open or WEP), and with it reach the alarm "
			 "system. Switch the router to WPA2 or WPA3 with a strong key, then join again.");
	return _("WPA (the first version) is broken. Switch the router to WPA2 or WPA3, then join again.");
}

size_t ds_device_grade_wifi(const ds_wifi_network *net, ds_check out[DS_DEVICE_GRADE_WIFI_MAX])
{
	size_t n = 0;
	ds_check_grade sec = ds_signal_wifi_security_grade(net->security);
	ds_signal_level level = ds_signal_wifi(net->rssi_dbm);

	memset(out, 0, DS_DEVICE_GRADE_WIFI_MAX * sizeof *out);
	if (level != DS_SIGNAL_UNKNOWN) {
		ds_check *c = &out[n++];

		ds_grade_set(c, "wifi.signal", _("Wi-Fi signal"), ds_signal_level_grade(level),
			     level <= DS_SIGNAL_GOOD ? _("The Wi-Fi signal is strong enough for alarms and video.")
			     : level == DS_SIGNAL_FAIR
				     ? _("The Wi-Fi signal is weak: video may stutter and alarms may be late. Move the "
					 "router or the device closer, or add an access point.")
				     : _("The Wi-Fi signal is too weak for a reliable link. Move the device closer to "
					 "the router, add an access point, or join a stronger network."));
		snprintf(c->value, sizeof c->value, "%.40s, %d dBm (%s)", net->ssid, (int)net->rssi_dbm,
			 ds_signal_level_word(level));
	}
	ds_grade_set(&out[n], "wifi.security", _("Wi-Fi security"), sec, ds_grade_security_advice(sec));
	snprintf(out[n].value, sizeof out[n].value, "%s", net->security[0] ? net->security : _("unknown"));
	n++;
	if (ds_signal_ssid_looks_default(net->ssid)) {
		ds_grade_set(&out[n], "wifi.ssid", _("Wi-Fi name"), DS_CHECK_WARN,
			     _("The network still has its router's factory name, so its factory key may be printed on "
			       "the router or guessable. Give the router a new name and key, then join again."));
		snprintf(out[n].value, sizeof out[n].value, "%s", net->ssid);
		n++;
	}
	return n;
}

void ds_device_grade_no_wifi(ds_check *out)
{
	memset(out, 0, sizeof *out);
	ds_grade_set(out, "wifi.signal", _("Wi-Fi signal"), DS_CHECK_FAIL,
		     _("The device has joined no Wi-Fi network and cannot reach the alarm service over it. Join it in "
		       "the Devices step (select it, press w)."));
	snprintf(out->value, sizeof out->value, "%s", _("not connected"));
}
