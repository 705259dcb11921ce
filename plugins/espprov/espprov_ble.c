/* A device's provisioning endpoints over Bluetooth LE, through the host's
 * BLE service (ds_host.ble): connect to the device (by the address its
 * advertisement had, else by its advertised name), map the endpoints by
 * the characteristics' user descriptions (0x2901), never by UUID, and run
 * one exchange as a write with response of the request to the endpoint's
 * characteristic followed by a read of the same characteristic for the
 * answer. Values hold at most ESPPROV_BLE_VALUE_MAX bytes both ways (more
 * for security 2: value_max()). Also
 * the advertisement claim (match_ble), which remembers the address of each
 * device it claims so that a label naming the device leads to it. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "espprov.h"
#include "espprov_advert.h"

/** Devices whose advertisement this process claimed: name and address. */
typedef struct espprov_seen {
	char name[ESPPROV_NAME_MAX];
	char address[18];
} espprov_seen;

static espprov_seen seen[ESPPROV_LABELS_MAX];
static size_t n_seen, next_seen;

/** Whether the host serves every BLE call this link needs. */
static bool ble_service_ok(void)
{
	const ds_host_ble *ble = espprov_host->ble;

	return ble && ble->struct_size >= offsetof(ds_host_ble, write) + sizeof ble->write && ble->connect &&
	       ble->disconnect && ble->gatt_char && ble->read && ble->write;
}

/** Remembers that the device advertising name has this address. */
static void remember(const char *name, const char *address)
{
	for (size_t i = 0; i < n_seen; i++)
		if (strcmp(seen[i].name, name) == 0) {
			ds_text_copy(seen[i].address, sizeof seen[i].address, address);
			return;
		}
	if (n_seen < ESPPROV_LABELS_MAX)
		n_seen++;
	ds_text_copy(seen[next_seen].name, sizeof seen[next_seen].name, name); /* the oldest gives way */
	ds_text_copy(seen[next_seen].address, sizeof seen[next_seen].address, address);
	next_seen = (next_seen + 1) % ESPPROV_LABELS_MAX;
}

/** The address remembered for name, or NULL. */
static const char *address_of(const char *name)
{
	for (size_t i = 0; i < n_seen; i++)
		if (strcmp(seen[i].name, name) == 0)
			return seen[i].address;
	return NULL;
}

/** Whether name can stand in a locator: printable ASCII without '/'. */
static bool locator_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= ESPPROV_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++)
		if (*p < 0x21 || *p > 0x7e || *p == '/')
			return false;
	return true;
}

ds_status espprov_ble_match(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size)
{
	const char *name;

	(void)call;
	if (!espprov_advert_is_prov(adv->name, adv->service_uuid))
		return DS_ERR_NOT_FOUND;
	/* the name is what the label carries; a device without a usable one goes by its address */
	name = locator_name_ok(adv->name) ? adv->name : adv->address;
	if (!locator_name_ok(name))
		return DS_ERR_NOT_FOUND;
	remember(name, adv->address);
	snprintf(locator, locator_size, "%s%s", ESPPROV_LOCATOR_BLE, name);
	return DS_OK;
}

/** The message for a connection that could not be made. */
static ds_status connect_failed(ds_call *call, const ds_device *dev, ds_status st)
{
	switch (st) {
	case DS_ERR_NOT_FOUND:
		return espprov_host->fail(call, st,
					  D_("Bluetooth does not see the device \"%s\". Check that it is powered and "
					     "waiting to be set up (turn it off and on to restart its provisioning "
					     "mode), move closer, then try again."),
					  dev->name);
	case DS_ERR_TIMEOUT:
		return espprov_host->fail(call, st,
					  D_("The device \"%s\" did not finish connecting over Bluetooth. Move closer; "
					     "if it happens again, turn the device off and on to restart its "
					     "provisioning mode."),
					  dev->name);
	default:
		return st; /* cancelled, no Bluetooth, refused: the host said so */
	}
}

/** Maps the endpoints of the connected device by their descriptions. */
static ds_status map_endpoints(ds_call *call, ds_device *dev)
{
	const char *missing;
	ds_gatt_char c;
	ds_status st;

	memset(&dev->endpoints, 0, sizeof dev->endpoints);
	for (size_t i = 0; (st = espprov_host->ble->gatt_char(call, dev->link, i, &c)) == DS_OK; i++)
		if ((c.flags & DS_GATT_READ) && (c.flags & DS_GATT_WRITE) &&
		    !espprov_endpoints_add(&dev->endpoints, c.description, c.uuid) &&
		    espprov_endpoint_name_ok(c.description))
			espprov_host->log(DS_LOG_INFO, "espprov: endpoint %s named twice or one too many, skipped",
					  c.description);
	if (st != DS_ERR_NOT_FOUND)
		return st;
	missing = espprov_endpoints_missing(&dev->endpoints);
	if (missing)
		return espprov_host->fail(call, DS_ERR_UNSUPPORTED,
					  D_("The device \"%s\" has no provisioning endpoint \"%s\" over Bluetooth: it "
					     "is not waiting to be set up, or it is not an ESP provisioning device. Turn "
					     "it off and on to restart its provisioning mode, then try again."),
					  dev->name, missing);
	return DS_OK;
}

ds_status espprov_ble_open(ds_call *call, ds_device *dev)
{
	const char *address = address_of(dev->name);
	ds_status st;

	if (!ble_service_ok())
		return espprov_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
					  D_("This doorstep has no Bluetooth support, which this device needs. Install "
					     "doorstep with Bluetooth, or set the device up over its own Wi-Fi network "
					     "if it offers one."));
	st = espprov_host->ble->connect(call, address ? address : dev->name, ESPPROV_BLE_CONNECT_MS, &dev->link);
	if (st != DS_OK)
		return connect_failed(call, dev, st);
	st = map_endpoints(call, dev);
	if (st != DS_OK) {
		espprov_ble_close(dev);
		return st;
	}
	return DS_OK;
}

void espprov_ble_close(ds_device *dev)
{
	if (dev->link)
		espprov_host->ble->disconnect(dev->link);
	dev->link = NULL;
}

/** The most bytes of one value at endpoint of dev. */
static size_t value_max(const ds_device *dev, const char *endpoint)
{
	return dev->ver.sec_ver == 2 || strcmp(endpoint, "proto-ver") == 0 ? ESPPROV_BLE_VALUE_MAX_SEC2
									   : ESPPROV_BLE_VALUE_MAX;
}

/** The message for an exchange that failed at endpoint (st from the host). */
static ds_status exchange_failed(ds_call *call, const ds_device *dev, const char *endpoint, ds_status st, bool reading)
{
	espprov_host->log(DS_LOG_INFO, "espprov: Bluetooth %s at %s failed: %s", reading ? "read" : "write", endpoint,
			  ds_status_str(st));
	switch (st) {
	case DS_ERR_NOT_FOUND:
		return espprov_host->fail(call, st,
					  D_("The device \"%s\" went away over Bluetooth (at %s): it is out of range, "
					     "switched off, or it left its provisioning mode. Move closer, turn the "
					     "device off and on to restart its provisioning mode, then try again."),
					  dev->name, endpoint);
	case DS_ERR_TIMEOUT:
		return espprov_host->fail(call, st,
					  D_("The device \"%s\" did not answer over Bluetooth (at %s) within %u s. Move "
					     "closer; if it happens again, turn the device off and on to restart its "
					     "provisioning mode."),
					  dev->name, endpoint, ESPPROV_CALL_TIMEOUT_MS / 1000u);
	case DS_ERR_DEVICE:
		if (reading)
			return espprov_host->fail(call, st,
						  D_("The device \"%s\" answered at %s with more than the %zu bytes a "
						     "Bluetooth provisioning value holds. Turn it off and on, then try "
						     "again; if it happens again, its firmware is faulty or it is not an "
						     "ESP provisioning device."),
						  dev->name, endpoint, value_max(dev, endpoint));
		return espprov_host->fail(call, st,
					  D_("The device \"%s\" refused the message at %s. Turn it off and on to restart "
					     "its provisioning mode, then try again."),
					  dev->name, endpoint);
	default:
		return st; /* cancelled, lost Bluetooth service: the host said so */
	}
}

ds_status espprov_ble_send(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
			   uint8_t *buf, size_t cap, size_t *got)
{
	const char *uuid = espprov_endpoints_find(&dev->endpoints, endpoint);
	size_t max = value_max(dev, endpoint);
	ds_status st;

	*got = 0;
	if (!dev->link)
		return espprov_host->fail(call, DS_ERR_IO,
					  D_("The Bluetooth connection to \"%s\" is closed. Try again."), dev->name);
	if (!uuid)
		return espprov_host->fail(call, DS_ERR_UNSUPPORTED,
					  D_("The device \"%s\" has no endpoint \"%s\" over Bluetooth. Its firmware "
					     "may be older than the plugin expects; ask its maker."),
					  dev->name, endpoint);
	if (len > max)
		return espprov_host->fail(call, DS_ERR_INVALID,
					  D_("The message for %s is %zu bytes, more than the %zu a Bluetooth provisioning "
					     "value holds. Use shorter values (a shorter network name or key), or set "
					     "the device up over its own Wi-Fi network if it offers one."),
					  endpoint, len, max);
	st = espprov_host->ble->write(call, dev->link, uuid, req, len, true, ESPPROV_CALL_TIMEOUT_MS);
	if (st != DS_OK)
		return exchange_failed(call, dev, endpoint, st, false);
	st = espprov_host->ble->read(call, dev->link, uuid, buf, cap < max ? cap : max, got, ESPPROV_CALL_TIMEOUT_MS);
	if (st != DS_OK)
		return exchange_failed(call, dev, endpoint, st, true);
	if (*got == 0)
		return espprov_host->fail(call, DS_ERR_DEVICE,
					  D_("The device \"%s\" took the message at %s but gave no answer. Turn it off "
					     "and on to restart its provisioning mode, then try again."),
					  dev->name, endpoint);
	return DS_OK;
}
