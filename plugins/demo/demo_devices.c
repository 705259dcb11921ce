/* The devices of the demo system, their QR labels and discovery.
 *
 * A label reads "DSDEMO:1:<type>:<serial>:<check>", where <check> is the
 * CRC-8 (polynomial 0x07) of everything before the last ':' as two
 * upper-case hex digits, so that a damaged or mistyped label is caught. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "demo.h"

/** Longest label the plugin reads (the real ones have 28 characters). */
#define DEMO_LABEL_MAX 96
/** Parts of a label: prefix, version, type, serial, check. */
#define DEMO_LABEL_PARTS 5

const demo_device_def demo_devices[DEMO_N_DEVICES] = {
	[DEMO_DEV_PANEL] = {
		.serial = "DP100-7F3A21",
		.label_code = "PNL",
		.kind = DS_KIND_PANEL,
		.model = "DP-100 alarm panel",
		.name = N_("Alarm panel"),
		.firmware = "3.2.1",
		.mac = "02:44:53:7F:3A:21",
		.transports = DS_TRANSPORT_QR | DS_TRANSPORT_IP,
		.features = DS_FEATURE_PASSWORD | DS_FEATURE_ESIM | DS_FEATURE_CELLULAR |
			    DS_FEATURE_DIAGNOSE | DS_FEATURE_OPTIONS | DS_FEATURE_HANDOVER,
		.user = "admin",
		.factory_password = "admin1234",
		.min_length = 8,
		.rules = { .max_length = 64 },
	},
	[DEMO_DEV_DOOR] = {
		.serial = "DC200-4B19E7",
		.label_code = "DCT",
		.kind = DS_KIND_DOOR_CONTACT,
		.model = "DC-200 door contact",
		.name = N_("Front door contact"),
		.firmware = "1.4.0",
		.mac = "",
		.transports = DS_TRANSPORT_QR | DS_TRANSPORT_RADIO,
		.features = DS_FEATURE_PASSWORD | DS_FEATURE_DIAGNOSE,
		.user = "installer",
		.factory_password = "0000",
		.min_length = 4,
		.rules = { .max_length = 8, .digits_only = true, .has_second_factor = true },
	},
	[DEMO_DEV_MOTION] = {
		.serial = "MS300-92C4D0",
		.label_code = "PIR",
		.kind = DS_KIND_MOTION,
		.model = "MS-300 motion sensor",
		.name = N_("Hallway motion sensor"),
		.firmware = "1.4.0",
		.mac = "",
		.transports = DS_TRANSPORT_QR | DS_TRANSPORT_RADIO,
		.features = DS_FEATURE_PASSWORD | DS_FEATURE_DIAGNOSE,
		.user = "installer",
		.factory_password = "1234",
		.min_length = 4,
		.rules = { .max_length = 8, .digits_only = true, .has_second_factor = true },
	},
	[DEMO_DEV_CAMERA] = {
		.serial = "IC400-5E81A3",
		.label_code = "CAM",
		.kind = DS_KIND_CAMERA,
		.model = "IC-400 indoor camera",
		.name = N_("Living room camera"),
		.firmware = "5.0.7",
		.mac = "02:44:53:5E:81:A3",
		.transports = DS_TRANSPORT_QR | DS_TRANSPORT_IP,
		.features = DS_FEATURE_PASSWORD | DS_FEATURE_WIFI | DS_FEATURE_DIAGNOSE |
			    DS_FEATURE_OPTIONS,
		.user = "admin",
		.factory_password = "12345",
		.min_length = 8,
		.rules = { .max_length = 32 },
	},
};

/** Finds a device by serial (case-insensitive); its id in *id. NULL if none. */
const demo_device_def *demo_device_by_serial(const char *serial, unsigned *id)
{
	for (unsigned i = 0; i < DEMO_N_DEVICES; i++) {
		if (strcasecmp(serial, demo_devices[i].serial) == 0) {
			if (id)
				*id = i;
			return &demo_devices[i];
		}
	}
	return NULL;
}

/** CRC-8, polynomial 0x07, initial value 0, of len bytes. */
static uint8_t demo_crc8(const char *data, size_t len)
{
	uint8_t crc = 0;

	for (size_t i = 0; i < len; i++) {
		crc ^= (uint8_t)data[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (uint8_t)(crc & 0x80 ? (crc << 1) ^ 0x07 : crc << 1);
	}
	return crc;
}

/** Value of one hex digit (already upper case), or -1. */
static int demo_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/** Splits label at ':' into at most max parts; returns how many there were. */
static size_t demo_split(char *label, char **parts, size_t max)
{
	size_t n = 0;
	char *p = label;

	while (p) {
		char *colon = strchr(p, ':');

		if (colon)
			*colon = '\0';
		if (n < max)
			parts[n] = p;
		n++;
		p = colon ? colon + 1 : NULL;
	}
	return n;
}

/** match_qr: claims a demo label; says what is wrong with a damaged one. */
ds_status demo_match_qr(ds_call *call, const char *payload, char *locator, size_t locator_size)
{
	char label[DEMO_LABEL_MAX];
	char *parts[DEMO_LABEL_PARTS];
	const demo_device_def *def;
	const char *last;
	size_t len, n;
	uint8_t crc;
	int hi, lo;
	int written;

	if (!payload || strncasecmp(payload, DEMO_LABEL_PREFIX, strlen(DEMO_LABEL_PREFIX)) != 0)
		return DS_ERR_NOT_FOUND;
	len = strlen(payload);
	while (len > 0 && isspace((unsigned char)payload[len - 1]))
		len--;
	if (len >= sizeof label)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the demo label is %zu characters long, longer than any demo label: "
					  "something was added to it; type it again or scan it"),
				       len);
	for (size_t i = 0; i < len; i++)
		label[i] = (char)toupper((unsigned char)payload[i]);
	label[len] = '\0';

	/* The check covers everything before the last ':'; compute it before splitting. */
	last = strrchr(label, ':');
	crc = demo_crc8(label, (size_t)(last - label));
	n = demo_split(label, parts, DEMO_LABEL_PARTS);
	if (n != DEMO_LABEL_PARTS)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the demo label has %zu parts separated by \":\" instead of 5 "
					  "(DSDEMO:1:type:serial:check): part of it is missing or doubled; "
					  "type it again or scan it"),
				       n);
	hi = demo_hex_value(parts[4][0]);
	lo = hi < 0 ? -1 : demo_hex_value(parts[4][1]);
	if (strlen(parts[4]) != 2 || hi < 0 || lo < 0)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the last part of the demo label (\"%s\") should be two check "
					  "characters, 0-9 or A-F: the label may be damaged; type it again or scan it"),
				       parts[4]);
	if (crc != (uint8_t)(hi << 4 | lo))
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the check characters at the end of the demo label (%s) do not match "
					  "the rest of it: the label may be damaged or mistyped; type it again or scan it"),
				       parts[4]);
	if (strcmp(parts[1], "1") != 0)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the demo label has format version %s, which this plugin does not "
					  "know; update doorstep"),
				       parts[1]);
	def = demo_device_by_serial(parts[3], NULL);
	if (!def || strcmp(def->label_code, parts[2]) != 0)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the demo label is intact, but no device of type %s with serial %s "
					  "is part of the demo system; check that the label belongs to this system"),
				       parts[2], parts[3]);
	written = snprintf(locator, locator_size, "%s%s", DEMO_LOCATOR_PREFIX, def->serial);
	if (written < 0 || (size_t)written >= locator_size)
		return demo.host->fail(call, DS_ERR_INTERNAL, "%s", D_("the locator does not fit the host's buffer"));
	return DS_OK;
}

/** discover: every device of the system, as if all were in pairing mode nearby. */
ds_status demo_discover(ds_call *call, size_t index, char *locator, size_t locator_size)
{
	int written;

	if (index >= DEMO_N_DEVICES)
		return DS_ERR_NOT_FOUND;
	if (index == 0) {
		ds_status st = demo_work(call, 600, 0, 1000, D_("Looking for demo devices in pairing mode..."));

		if (st != DS_OK)
			return st;
	}
	written = snprintf(locator, locator_size, "%s%s", DEMO_LOCATOR_PREFIX, demo_devices[index].serial);
	if (written < 0 || (size_t)written >= locator_size)
		return demo.host->fail(call, DS_ERR_INTERNAL, "%s", D_("the locator does not fit the host's buffer"));
	return DS_OK;
}
