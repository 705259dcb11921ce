/* The demo system's Bluetooth LE accessory: a siren that advertises the
 * demo service. It is set up the way many BLE accessories are: connect,
 * read its status ("IDLE": not paired yet), subscribe to it, write "PAIR" to its command
 * characteristic, and wait for it to notify "READY". Everything goes
 * through the host's BLE services (ds_host.ble), so the same code runs
 * against BlueZ or the mocked BlueZ of the tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demo.h"

/** The siren's characteristics (in the demo service). */
#define DEMO_BLE_COMMAND_UUID "5d0e0002-7e57-4d6f-8d6f-646f6f727374"
#define DEMO_BLE_STATUS_UUID "5d0e0003-7e57-4d6f-8d6f-646f6f727374"
/** How long each step may take. */
#define DEMO_BLE_CONNECT_MS 10000u
#define DEMO_BLE_STEP_MS 3000u
#define DEMO_BLE_ANSWER_MS 5000u

/** An opened BLE siren: the plugin's ds_device first, so close() can free it. */
typedef struct demo_ble_device {
	ds_device base;
	char address[18];
} demo_ble_device;

const demo_device_def demo_ble_def = {
	.serial = "DSBLE",
	.kind = DS_KIND_SIREN,
	.model = "DS-SIREN-BLE",
	.name = N_("Bluetooth siren"),
	.firmware = "1.0.0",
	.mac = "",
	.transports = DS_TRANSPORT_BLE,
	.user = "",
	.factory_password = "",
};

/** The claims the plugin declares: devices advertising the demo service. */
const ds_ble_claim demo_ble_claims[] = {
	{ .kind = DS_BLE_CLAIM_SERVICE_UUID, .uuid = DEMO_BLE_SERVICE_UUID },
	{ .kind = DS_BLE_CLAIM_END },
};

ds_status demo_match_ble(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size)
{
	(void)call;
	if (strcasecmp(adv->service_uuid, DEMO_BLE_SERVICE_UUID) != 0)
		return DS_ERR_NOT_FOUND;
	snprintf(locator, locator_size, "%s%s", DEMO_BLE_LOCATOR_PREFIX, adv->address);
	return DS_OK;
}

/** Checks that the connected device has the siren's two characteristics;
 *  *acknowledged tells whether the command takes a write with response
 *  (older sirens take only writes without one). */
static ds_status demo_ble_check_gatt(ds_call *call, const ds_host_ble *ble, ds_ble_link *link, bool *acknowledged)
{
	bool command = false, status = false;
	ds_gatt_char c;

	*acknowledged = false;
	for (size_t i = 0; ble->gatt_char(call, link, i, &c) == DS_OK; i++) {
		if (strcasecmp(c.uuid, DEMO_BLE_COMMAND_UUID) == 0 && (c.flags & (DS_GATT_WRITE | DS_GATT_WRITE_NO_RESPONSE))) {
			command = true;
			*acknowledged = (c.flags & DS_GATT_WRITE) != 0;
		}
		if (strcasecmp(c.uuid, DEMO_BLE_STATUS_UUID) == 0 && (c.flags & DS_GATT_NOTIFY))
			status = true;
	}
	if (command && status)
		return DS_OK;
	return demo.host->fail(call, DS_ERR_UNSUPPORTED, "%s",
			       D_("This device advertises the demo service but is not a demo siren; "
				  "choose another device."));
}

/** The pairing exchange on a connected siren. */
static ds_status demo_ble_pair(ds_call *call, const ds_host_ble *ble, ds_ble_link *link)
{
	static const uint8_t pair[] = { 'P', 'A', 'I', 'R' };
	uint8_t answer[32];
	size_t len = 0;
	bool acknowledged;
	ds_status st = demo_ble_check_gatt(call, ble, link, &acknowledged);

	/* A siren that is not idle is already paired with some system. */
	if (st == DS_OK)
		st = ble->read(call, link, DEMO_BLE_STATUS_UUID, answer, sizeof answer, &len, DEMO_BLE_STEP_MS);
	if (st == DS_OK && (len != 4 || memcmp(answer, "IDLE", 4) != 0))
		st = demo.host->fail(call, DS_ERR_BUSY, "%s",
				     D_("The siren is already paired with another system. Hold its button for "
					"five seconds to reset it, then try again."));
	if (st == DS_OK)
		st = ble->subscribe(call, link, DEMO_BLE_STATUS_UUID, DEMO_BLE_STEP_MS);
	if (st == DS_OK) {
		demo.host->progress(call, 500, D_("Asking the siren to pair..."));
		st = ble->write(call, link, DEMO_BLE_COMMAND_UUID, pair, sizeof pair, acknowledged, DEMO_BLE_STEP_MS);
	}
	if (st == DS_OK) {
		demo.host->progress(call, 700, D_("Waiting for the siren's answer..."));
		st = ble->wait_notification(call, link, DEMO_BLE_STATUS_UUID, answer, sizeof answer, &len,
					    DEMO_BLE_ANSWER_MS);
	}
	if (st == DS_OK && (len != 5 || memcmp(answer, "READY", 5) != 0))
		st = demo.host->fail(call, DS_ERR_DEVICE,
				     D_("The siren answered \"%.*s\" instead of READY. Hold its button for five "
					"seconds to reset it, then try again."),
				     (int)(len < sizeof answer ? len : sizeof answer), (const char *)answer);
	return st;
}

ds_status demo_ble_open(ds_call *call, const char *locator, ds_device **out)
{
	const ds_host_ble *ble = demo.host->ble;
	const char *address = locator + strlen(DEMO_BLE_LOCATOR_PREFIX);
	demo_ble_device *dev;
	ds_ble_link *link = NULL;
	ds_status st;

	*out = NULL;
	if (!ble || ble->struct_size < sizeof(ds_host_ble))
		return demo.host->fail(call, DS_ERR_UNSUPPORTED, "%s",
				       D_("This doorstep cannot use Bluetooth; update it to pair the siren."));
	demo.host->progress(call, 100, D_("Connecting to the siren..."));
	st = ble->connect(call, address, DEMO_BLE_CONNECT_MS, &link);
	if (st == DS_OK)
		st = demo_ble_pair(call, ble, link);
	ble->disconnect(link);
	if (st != DS_OK)
		return st;
	dev = calloc(1, sizeof *dev);
	if (!dev)
		return demo.host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("out of memory"));
	dev->base.id = DEMO_BLE_DEVICE_ID;
	ds_text_copy(dev->address, sizeof dev->address, address);
	demo.host->progress(call, 1000, D_("The siren is paired."));
	*out = &dev->base;
	return DS_OK;
}

ds_status demo_ble_device_info(ds_call *call, ds_device *dev, ds_device_info *out)
{
	const demo_ble_device *b = (const demo_ble_device *)dev;
	size_t n = 0;

	(void)call;
	snprintf(out->locator, sizeof out->locator, "%s%s", DEMO_BLE_LOCATOR_PREFIX, b->address);
	n = (size_t)snprintf(out->serial, sizeof out->serial, "DSBLE-");
	for (const char *p = b->address; *p && n + 1 < sizeof out->serial; p++)
		if (*p != ':')
			out->serial[n++] = *p;
	out->serial[n] = '\0';
	ds_text_copy(out->vendor, sizeof out->vendor, "doorstep demo");
	ds_text_copy(out->model, sizeof out->model, demo_ble_def.model);
	ds_text_copy(out->firmware, sizeof out->firmware, demo_ble_def.firmware);
	ds_text_copy(out->name, sizeof out->name, D_(demo_ble_def.name));
	ds_text_copy(out->mac, sizeof out->mac, b->address);
	out->kind = demo_ble_def.kind;
	out->transports = demo_ble_def.transports;
	return DS_OK;
}
