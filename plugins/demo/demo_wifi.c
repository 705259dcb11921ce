/* The camera's Wi-Fi: the networks it sees and joining one. The key is a
 * secret: it is checked for form, never stored, logged or quoted. */
#include <string.h>

#include "demo.h"

static const ds_wifi_network demo_networks[] = {
	{ .ssid = "Mueller-Home", .security = "wpa2", .rssi_dbm = -52, .channel = 6 },
	{ .ssid = "Mueller-Home-5G", .security = "wpa3", .rssi_dbm = -64, .channel = 36 },
	{ .ssid = "FRITZ!Box 7530 QX", .security = "wpa2", .rssi_dbm = -78, .channel = 11 },
	{ .ssid = "Cafe Sonnenschein Gast", .security = "open", .rssi_dbm = -83, .channel = 1 },
};

/** Number of simulated networks. */
#define DEMO_N_NETWORKS (sizeof demo_networks / sizeof demo_networks[0])

/** The network with this SSID, or NULL. */
static const ds_wifi_network *demo_network(const char *ssid)
{
	for (size_t i = 0; ssid && i < DEMO_N_NETWORKS; i++)
		if (strcmp(demo_networks[i].ssid, ssid) == 0)
			return &demo_networks[i];
	return NULL;
}

/** True when key has the form the network's security needs. */
static bool demo_key_fits(const ds_wifi_network *n, const char *key)
{
	size_t len = strlen(key);
	bool hex = strspn(key, "0123456789abcdefABCDEF") == len;

	for (size_t i = 0; i < len; i++)
		if ((unsigned char)key[i] < 0x20 || key[i] == 0x7f)
			return false;
	if (strcmp(n->security, "wep") == 0)
		return len == 5 || len == 13 || (hex && (len == 10 || len == 26));
	if (strcmp(n->security, "wpa3") == 0)
		return len >= 8 && len <= 63;
	return (len >= 8 && len <= 63) || (hex && len == 64);
}

/** wifi_scan operation: the scan runs at index 0; later indexes read its result. */
ds_status demo_wifi_scan(ds_call *call, ds_device *dev, size_t index, ds_wifi_network *out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_WIFI);

	if (st != DS_OK)
		return st;
	if (index >= DEMO_N_NETWORKS)
		return DS_ERR_NOT_FOUND;
	if (index == 0) {
		st = demo_work(call, 600, 0, 1000, D_("Scanning for Wi-Fi networks..."));
		if (st != DS_OK)
			return st;
	}
	*out = demo_networks[index];
	return DS_OK;
}

/** wifi_configure operation: joins a network the camera sees (key NULL: open network). */
ds_status demo_wifi_configure(ds_call *call, ds_device *dev, const char *ssid, const char *key)
{
	const ds_wifi_network *n;
	char old[DEMO_SSID_MAX];
	bool open_network;
	ds_status st = demo_require(call, dev, DS_FEATURE_WIFI);

	if (st != DS_OK)
		return st;
	n = demo_network(ssid);
	if (!n)
		return demo.host->fail(call, DS_ERR_NOT_FOUND,
				       D_("the camera sees no network called \"%s\"; check the name, move the "
					  "camera closer to the router, or scan again"),
				       ssid ? ssid : "");
	open_network = strcmp(n->security, "open") == 0;
	if (open_network && key && *key)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("\"%s\" is an open network and takes no key; leave the key empty"), n->ssid);
	if (!open_network && (!key || !*key))
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("\"%s\" is protected (%s); enter its key"), n->ssid, n->security);
	if (!open_network && !demo_key_fits(n, key))
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("this is not a valid Wi-Fi key: a WPA key has 8 to 63 characters "
					  "(or 64 hex digits); check the key"));
	st = demo_work(call, 400, 0, 600, D_("Joining the Wi-Fi network..."));
	if (st == DS_OK)
		st = demo_work(call, 300, 600, 950, D_("Getting an address..."));
	if (st != DS_OK)
		return st;
	ds_text_copy(old, sizeof old, demo_mem(dev)->wifi_ssid);
	ds_text_copy(demo_mem(dev)->wifi_ssid, sizeof demo_mem(dev)->wifi_ssid, n->ssid);
	st = demo_commit(call);
	if (st != DS_OK) {
		ds_text_copy(demo_mem(dev)->wifi_ssid, sizeof demo_mem(dev)->wifi_ssid, old);
		return st;
	}
	demo.host->progress(call, 1000, D_("The camera is online over Wi-Fi."));
	return DS_OK;
}

/** wifi_status operation (ABI 1.1): the network the camera joined, with its signal now. */
ds_status demo_wifi_status(ds_call *call, ds_device *dev, ds_wifi_network *out)
{
	const ds_wifi_network *n;
	ds_status st = demo_require(call, dev, DS_FEATURE_WIFI);

	if (st != DS_OK)
		return st;
	n = demo_network(demo_mem(dev)->wifi_ssid);
	if (!n)
		return DS_ERR_NOT_FOUND;
	*out = *n;
	out->rssi_dbm += demo_jitter(2);
	return DS_OK;
}
