/* Diagnostics run on the simulated devices: the panel checks its mobile
 * link, the alarm cloud, its backup battery and tamper switch; the
 * accessories check their link to the panel and their battery. */
#include <stdarg.h>
#include <stdio.h>

#include "demo.h"

/** Fills the grade, value and advice of one check. */
typedef void (*demo_check_fn)(const ds_device *dev, ds_check *out);

/** One check a device runs. */
typedef struct demo_check_def {
	const char *id;    /**< stable identifier */
	const char *title; /**< msgid */
	unsigned ms;       /**< how long it takes */
	demo_check_fn run;
} demo_check_def;

/** Simulated health of a battery-powered radio accessory. */
typedef struct demo_health {
	int32_t link_dbm;
	unsigned battery_percent;
	unsigned battery_mv;
} demo_health;

static const demo_health demo_accessory_health[DEMO_N_DEVICES] = {
	[DEMO_DEV_DOOR] = { .link_dbm = -62, .battery_percent = 92, .battery_mv = 3010 },
	[DEMO_DEV_MOTION] = { .link_dbm = -88, .battery_percent = 21, .battery_mv = 2640 },
};

/** Sets the grade and the translated advice (printf-style). */
static void demo_grade(ds_check *out, ds_check_grade grade, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/** Sets the grade and the translated advice (printf-style). */
static void demo_grade(ds_check *out, ds_check_grade grade, const char *format, ...)
{
	va_list ap;

	out->grade = grade;
	va_start(ap, format);
	vsnprintf(out->advice, sizeof out->advice, format, ap);
	va_end(ap);
}

/** Name of one access technology. */
static const char *demo_rat_name(uint32_t rat)
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

/** True when the panel is registered on a network. */
static bool demo_registered(const ds_cellular_status *cs)
{
	return cs->registration == DS_REG_HOME || cs->registration == DS_REG_ROAMING;
}

/** Panel: is the module registered, on which network and role. */
static void demo_check_registration(const ds_device *dev, ds_check *out)
{
	const ds_esim_profile *p = demo_esim_enabled();
	ds_cellular_status cs;

	(void)dev;
	demo_cellular_read(&cs);
	if (!p || !demo_registered(&cs)) {
		demo_copy(out->value, sizeof out->value, D_("not registered"));
		if (!p)
			demo_grade(out, DS_CHECK_FAIL, "%s", D_("no eSIM profile is enabled; set a primary profile"));
		else
			demo_grade(out, DS_CHECK_FAIL,
				   D_("the panel finds no %s network here and cannot send alarms; choose a "
				      "primary operator with signal at this site"),
				   p->operator_name);
		return;
	}
	snprintf(out->value, sizeof out->value, "%.60s (%s), %s", cs.operator_name, cs.operator_code,
		 demo_rat_name(cs.rat));
	if (p->role != DS_ROLE_PRIMARY)
		demo_grade(out, DS_CHECK_WARN, "%s",
			   D_("the panel is running on its backup profile; set the primary profile again "
			      "so that the backup stays free for emergencies"));
	else if (cs.registration == DS_REG_ROAMING)
		demo_grade(out, DS_CHECK_WARN, "%s",
			   D_("the panel uses a foreign network (roaming); it works, but the operator may "
			      "limit or end roaming; prefer a domestic profile as the primary"));
	else if (cs.rat & (DS_RAT_2G | DS_RAT_3G))
		demo_grade(out, DS_CHECK_WARN,
			   D_("the panel uses %s, which operators are switching off; choose a profile "
			      "with LTE-M or LTE as the primary"),
			   demo_rat_name(cs.rat));
	else
		demo_grade(out, DS_CHECK_PASS, "%s", D_("the panel is registered on its home network"));
}

/** Panel: mobile signal, graded by RSRP on LTE/5G and by RSSI on 2G/3G. */
static void demo_check_signal(const ds_device *dev, ds_check *out)
{
	ds_cellular_status cs;
	ds_check_grade grade;

	(void)dev;
	demo_cellular_read(&cs);
	if (!demo_registered(&cs)) {
		demo_copy(out->value, sizeof out->value, D_("no network"));
		demo_grade(out, DS_CHECK_SKIPPED, "%s",
			   D_("there is no signal to measure without a network; fix the registration first"));
		return;
	}
	if (cs.rsrp_dbm != INT32_MIN) {
		snprintf(out->value, sizeof out->value, "RSSI %d dBm, RSRP %d dBm", (int)cs.rssi_dbm, (int)cs.rsrp_dbm);
		grade = cs.rsrp_dbm >= -100 ? DS_CHECK_PASS : cs.rsrp_dbm >= -110 ? DS_CHECK_WARN : DS_CHECK_FAIL;
	} else {
		snprintf(out->value, sizeof out->value, "RSSI %d dBm", (int)cs.rssi_dbm);
		grade = cs.rssi_dbm >= -85 ? DS_CHECK_PASS : cs.rssi_dbm >= -95 ? DS_CHECK_WARN : DS_CHECK_FAIL;
	}
	if (grade == DS_CHECK_PASS)
		demo_grade(out, grade, "%s", D_("the signal is good; alarms will get through"));
	else if (grade == DS_CHECK_WARN)
		demo_grade(out, grade, "%s",
			   D_("the signal is fair: alarms get through, but walls or weather can break the "
			      "link; try another spot for the panel or an operator with better signal"));
	else
		demo_grade(out, grade, "%s",
			   D_("the signal is too weak for reliable alarms; move the panel, fit an external "
			      "antenna, or choose another operator"));
}

/** Panel: can it reach the (simulated) alarm cloud. */
static void demo_check_cloud(const ds_device *dev, ds_check *out)
{
	ds_cellular_status cs;

	(void)dev;
	demo_cellular_read(&cs);
	if (!demo_registered(&cs)) {
		demo_copy(out->value, sizeof out->value, D_("not reachable"));
		demo_grade(out, DS_CHECK_FAIL, "%s",
			   D_("without a mobile connection the panel cannot reach the alarm cloud; "
			      "fix the mobile connection first"));
		return;
	}
	snprintf(out->value, sizeof out->value, D_("reached in %d ms"), 90 + demo_jitter(30));
	demo_grade(out, DS_CHECK_PASS, "%s",
		   D_("the panel reaches the alarm cloud; alarms and app notifications will be delivered"));
}

/** Panel: backup battery. */
static void demo_check_panel_battery(const ds_device *dev, ds_check *out)
{
	(void)dev;
	demo_copy(out->value, sizeof out->value, "100 %, 7.2 V");
	demo_grade(out, DS_CHECK_PASS, "%s",
		   D_("the backup battery is charged; it keeps the system running for about 24 hours "
		      "in a power cut"));
}

/** Panel: tamper switch of the housing. */
static void demo_check_tamper(const ds_device *dev, ds_check *out)
{
	(void)dev;
	demo_copy(out->value, sizeof out->value, D_("closed"));
	demo_grade(out, DS_CHECK_PASS, "%s", D_("the housing is closed; opening it would raise a tamper alarm"));
}

/** Accessory: radio link to the panel. */
static void demo_check_radio(const ds_device *dev, ds_check *out)
{
	int32_t dbm = demo_accessory_health[dev->id].link_dbm;

	snprintf(out->value, sizeof out->value, "%d dBm", (int)(dbm + demo_jitter(2)));
	if (dbm >= -75)
		demo_grade(out, DS_CHECK_PASS, "%s", D_("the radio link to the panel is strong"));
	else if (dbm >= -90)
		demo_grade(out, DS_CHECK_WARN, "%s",
			   D_("the radio link to the panel is weak, so alarms may be delayed; move the "
			      "panel or the sensor, or add a repeater"));
	else
		demo_grade(out, DS_CHECK_FAIL, "%s",
			   D_("the panel barely hears this sensor; move it closer or add a repeater"));
}

/** Accessory: its battery. */
static void demo_check_battery(const ds_device *dev, ds_check *out)
{
	const demo_health *h = &demo_accessory_health[dev->id];

	snprintf(out->value, sizeof out->value, "%u %%, %u.%02u V", h->battery_percent, h->battery_mv / 1000,
		 h->battery_mv % 1000 / 10);
	if (h->battery_percent >= 30)
		demo_grade(out, DS_CHECK_PASS, "%s", D_("the battery is fine"));
	else if (h->battery_percent >= 10)
		demo_grade(out, DS_CHECK_WARN, "%s",
			   D_("the battery is low; replace it within a few weeks (CR123A lithium cell)"));
	else
		demo_grade(out, DS_CHECK_FAIL, "%s", D_("the battery is nearly empty; replace it now"));
}

/** Camera: its Wi-Fi link. */
static void demo_check_wifi(const ds_device *dev, ds_check *out)
{
	const char *ssid = demo_mem(dev)->wifi_ssid;
	int32_t rssi = demo_wifi_rssi(ssid);

	if (!ssid[0] || rssi == INT32_MIN) {
		demo_copy(out->value, sizeof out->value, D_("not connected"));
		demo_grade(out, DS_CHECK_FAIL, "%s",
			   D_("the camera has not joined a Wi-Fi network; join it in the Devices step (select it, press w)"));
		return;
	}
	snprintf(out->value, sizeof out->value, "%s, %d dBm", ssid, (int)(rssi + demo_jitter(2)));
	if (rssi >= -67)
		demo_grade(out, DS_CHECK_PASS, "%s", D_("the Wi-Fi signal is good enough for live video"));
	else if (rssi >= -80)
		demo_grade(out, DS_CHECK_WARN, "%s",
			   D_("the Wi-Fi signal is weak, so video may stutter; move the router or the camera "
			      "closer, or choose a lower resolution"));
	else
		demo_grade(out, DS_CHECK_FAIL, "%s",
			   D_("the Wi-Fi signal is too weak for video; move the camera closer to the router "
			      "or join a stronger network"));
}

/** Camera: it runs on mains power. */
static void demo_check_mains(const ds_device *dev, ds_check *out)
{
	(void)dev;
	demo_copy(out->value, sizeof out->value, D_("mains powered"));
	demo_grade(out, DS_CHECK_SKIPPED, "%s",
		   D_("the camera has no battery; keep its power supply plugged in"));
}

static const demo_check_def demo_panel_checks[] = {
	{ .id = "cellular.registration", .title = N_("Mobile network"), .ms = 300, .run = demo_check_registration },
	{ .id = "cellular.signal", .title = N_("Mobile signal"), .ms = 250, .run = demo_check_signal },
	{ .id = "cloud.reachability", .title = N_("Alarm cloud"), .ms = 400, .run = demo_check_cloud },
	{ .id = "power.battery", .title = N_("Backup battery"), .ms = 150, .run = demo_check_panel_battery },
	{ .id = "tamper.switch", .title = N_("Tamper switch"), .ms = 150, .run = demo_check_tamper },
};
static const demo_check_def demo_accessory_checks[] = {
	{ .id = "radio.link", .title = N_("Radio link to the panel"), .ms = 300, .run = demo_check_radio },
	{ .id = "power.battery", .title = N_("Battery"), .ms = 200, .run = demo_check_battery },
};
static const demo_check_def demo_camera_checks[] = {
	{ .id = "wifi.link", .title = N_("Wi-Fi link"), .ms = 300, .run = demo_check_wifi },
	{ .id = "power.battery", .title = N_("Battery"), .ms = 150, .run = demo_check_mains },
};

/** The checks of one device. */
typedef struct demo_check_list {
	const demo_check_def *checks;
	size_t count;
} demo_check_list;

#define DEMO_CHECKS(a) { .checks = (a), .count = sizeof(a) / sizeof((a)[0]) }
static const demo_check_list demo_check_lists[DEMO_N_DEVICES] = {
	[DEMO_DEV_PANEL] = DEMO_CHECKS(demo_panel_checks),
	[DEMO_DEV_DOOR] = DEMO_CHECKS(demo_accessory_checks),
	[DEMO_DEV_MOTION] = DEMO_CHECKS(demo_accessory_checks),
	[DEMO_DEV_CAMERA] = DEMO_CHECKS(demo_camera_checks),
};

/** diagnose operation: runs check number index of the device. */
ds_status demo_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out)
{
	const demo_check_def *c;
	char message[DS_TEXT_MAX];
	ds_status st = demo_require(call, dev, DS_FEATURE_DIAGNOSE);

	if (st != DS_OK)
		return st;
	if (index >= demo_check_lists[dev->id].count)
		return DS_ERR_NOT_FOUND;
	c = &demo_check_lists[dev->id].checks[index];
	snprintf(message, sizeof message, D_("Checking: %s..."), demo_translate(c->title));
	st = demo_work(call, c->ms, 0, 1000, message);
	if (st != DS_OK)
		return st;
	demo_copy(out->id, sizeof out->id, c->id);
	demo_copy(out->title, sizeof out->title, demo_translate(c->title));
	c->run(dev, out);
	return DS_OK;
}
