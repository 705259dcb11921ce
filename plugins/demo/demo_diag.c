/* Diagnostics run on the simulated devices: the panel checks the alarm
 * cloud from its mobile link, its backup battery and tamper switch; the
 * accessories check their link to the panel and their battery. The host
 * grades the mobile and Wi-Fi links itself (cellular_status, wifi_status). */
#include <stdarg.h>
#include <stdio.h>

#include "demo.h"

/* The simulated alarm cloud: a name reserved for examples (RFC 2606), so
 * the laptop's checks of it show what an unreachable cloud looks like;
 * tests point the checks at their own servers instead. */
const char *const demo_cloud_urls[] = { "https://alarm-cloud.demo.example/health", NULL };

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

/** True when the panel is registered on a network. */
static bool demo_registered(const ds_cellular_status *cs)
{
	return cs->registration == DS_REG_HOME || cs->registration == DS_REG_ROAMING;
}

/** Panel: can it reach the (simulated) alarm cloud. */
static void demo_check_cloud(const ds_device *dev, ds_check *out)
{
	ds_cellular_status cs;

	(void)dev;
	demo_cellular_read(&cs);
	if (!demo_registered(&cs)) {
		ds_text_copy(out->value, sizeof out->value, D_("not reachable"));
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
	ds_text_copy(out->value, sizeof out->value, "100 %, 7.2 V");
	demo_grade(out, DS_CHECK_PASS, "%s",
		   D_("the backup battery is charged; it keeps the system running for about 24 hours "
		      "in a power cut"));
}

/** Panel: tamper switch of the housing. */
static void demo_check_tamper(const ds_device *dev, ds_check *out)
{
	(void)dev;
	ds_text_copy(out->value, sizeof out->value, D_("closed"));
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

/** Camera: it runs on mains power. */
static void demo_check_mains(const ds_device *dev, ds_check *out)
{
	(void)dev;
	ds_text_copy(out->value, sizeof out->value, D_("mains powered"));
	demo_grade(out, DS_CHECK_SKIPPED, "%s",
		   D_("the camera has no battery; keep its power supply plugged in"));
}

static const demo_check_def demo_panel_checks[] = {
	{ .id = "cloud.reachability", .title = N_("Alarm cloud"), .ms = 400, .run = demo_check_cloud },
	{ .id = "power.battery", .title = N_("Backup battery"), .ms = 150, .run = demo_check_panel_battery },
	{ .id = "tamper.switch", .title = N_("Tamper switch"), .ms = 150, .run = demo_check_tamper },
};
static const demo_check_def demo_accessory_checks[] = {
	{ .id = "radio.link", .title = N_("Radio link to the panel"), .ms = 300, .run = demo_check_radio },
	{ .id = "power.battery", .title = N_("Battery"), .ms = 200, .run = demo_check_battery },
};
static const demo_check_def demo_camera_checks[] = {
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
	ds_text_copy(out->id, sizeof out->id, c->id);
	ds_text_copy(out->title, sizeof out->title, demo_translate(c->title));
	c->run(dev, out);
	return DS_OK;
}
