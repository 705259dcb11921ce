/* The ONVIF camera plugin: IP cameras that speak ONVIF (Profile S/T device
 * management). Descriptor, open/close and device information; discovery,
 * credentials, accounts and diagnostics live beside it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "onvif.h"
#include "onvif_rtsp.h"

const ds_host *onvif_host;

const char *onvif_translate(const char *msgid)
{
	const char *text = onvif_host ? onvif_host->translate(ONVIF_TEXT_DOMAIN, msgid) : NULL;

	return text ? text : msgid;
}

char *onvif_secret_dup(const char *secret)
{
	size_t len = strlen(secret);
	char *copy = onvif_host->secret_alloc(len + 1);

	if (copy)
		memcpy(copy, secret, len + 1);
	return copy;
}

void onvif_secret_clear(char **secret)
{
	if (*secret)
		onvif_host->secret_free(*secret);
	*secret = NULL;
}

uint64_t onvif_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

ds_status onvif_not_a_camera(ds_call *call, const char *where)
{
	return onvif_host->fail(call, DS_ERR_DEVICE,
				D_("The device at %s answers, but not as an ONVIF camera. Check the address, and that "
				   "ONVIF is turned on in the camera's settings."),
				where);
}

/** init: keep the host table; cameras need its HTTP service (ABI 1.2). */
static ds_status onvif_init(const ds_host *host)
{
	onvif_host = host;
	if (host->abi_minor < 2 || host->struct_size < offsetof(ds_host, net) + sizeof host->net)
		host->log(DS_LOG_WARN, "onvif: host ABI 1.%u has no HTTP or network service; cameras cannot be reached",
			  (unsigned)host->abi_minor);
	return DS_OK;
}

static void onvif_fini(void)
{
	onvif_discover_reset();
}

/** Splits a locator into dev's XAddrs; false when it is not one of ours. */
static bool parse_locator(const char *locator, ds_device *dev)
{
	const char *p;
	onvif_url url;

	if (strncmp(locator, ONVIF_LOCATOR_PREFIX, strlen(ONVIF_LOCATOR_PREFIX)) != 0)
		return false;
	p = locator + strlen(ONVIF_LOCATOR_PREFIX);
	while (*p && dev->n_xaddrs < ONVIF_XADDRS_MAX) {
		size_t len = strcspn(p, ",");

		if (len > 0 && len < ONVIF_URL_MAX) {
			char *x = dev->xaddrs[dev->n_xaddrs];

			memcpy(x, p, len);
			x[len] = '\0';
			if (onvif_url_split(x, &url) &&
			    (strcmp(url.scheme, "http") == 0 || strcmp(url.scheme, "https") == 0))
				dev->n_xaddrs++;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return dev->n_xaddrs > 0;
}

void onvif_device_free(ds_device *dev)
{
	if (!dev)
		return;
	onvif_secret_clear(&dev->password);
	onvif_secret_clear(&dev->pending);
	for (size_t i = 0; i < ONVIF_USERS_MAX; i++)
		onvif_secret_clear(&dev->accounts[i].password);
	free(dev);
}

/** Reads the service addresses (GetServices, else GetCapabilities) without credentials. */
static void read_services(ds_call *call, ds_device *dev)
{
	onvif_answer ans;
	onvif_services svc;
	char body[256];

	(void)onvif_body_get_services(body, sizeof body);
	if (onvif_call(call, dev, dev->url, NULL, body, false, &ans) == DS_OK &&
	    onvif_parse_services(ans.xml, ans.len, &svc, NULL) == ONVIF_XML_OK && svc.media[0]) {
		ds_text_copy(dev->media_url, sizeof dev->media_url, svc.media);
	} else {
		(void)onvif_body_get_capabilities(body, sizeof body);
		if (onvif_call(call, dev, dev->url, NULL, body, false, &ans) == DS_OK &&
		    onvif_parse_services(ans.xml, ans.len, &svc, NULL) == ONVIF_XML_OK)
			ds_text_copy(dev->media_url, sizeof dev->media_url, svc.media);
	}
	onvif_answer_free(&ans);
}

/** Opens the camera at locator: the first XAddr whose camera tells its time wins; then its services. */
static ds_status open_camera(ds_call *call, const char *locator, ds_device **out)
{
	ds_device *dev = calloc(1, sizeof *dev);
	ds_status st = DS_ERR_NOT_FOUND;
	bool answered_wrongly = false;

	if (!dev)
		return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	if (!parse_locator(locator, dev)) {
		free(dev);
		return onvif_host->fail(call, DS_ERR_INVALID,
					D_("\"%s\" is not a camera address this plugin knows. Search for cameras again, "
					   "or type the camera's address (for example 192.168.1.64)."),
					locator);
	}
	for (size_t i = 0; i < dev->n_xaddrs; i++) {
		ds_text_copy(dev->url, sizeof dev->url, dev->xaddrs[i]);
		st = onvif_read_clock(call, dev, dev->url);
		if (st == DS_OK || st == DS_ERR_CANCELLED)
			break;
		answered_wrongly = answered_wrongly || st == DS_ERR_DEVICE || st == DS_ERR_AUTH;
		onvif_host->log(DS_LOG_INFO, "onvif: %s does not answer (%s); trying the next address", dev->url,
				ds_status_str(st));
	}
	if (st != DS_OK) {
		onvif_device_free(dev);
		if (st == DS_ERR_CANCELLED)
			return st;
		if (answered_wrongly)
			return onvif_not_a_camera(call, locator + strlen(ONVIF_LOCATOR_PREFIX));
		return onvif_host->fail(call, DS_ERR_IO,
					D_("The camera at %s does not answer. Check that it is powered and on the same "
					   "network as this laptop, then search again."),
					locator + strlen(ONVIF_LOCATOR_PREFIX));
	}
	read_services(call, dev);
	ds_text_copy(dev->user, sizeof dev->user, "admin");
	*out = dev;
	return DS_OK;
}

ds_device *onvif_read_found(ds_call *call, const char *locator)
{
	ds_device *dev = NULL;
	ds_status st;

	if (open_camera(call, locator, &dev) != DS_OK)
		return NULL;
	st = onvif_identify(call, dev);
	if (st != DS_OK && st != DS_ERR_AUTH) { /* DS_ERR_AUTH: no default logs in, as read */
		onvif_device_free(dev);
		return NULL;
	}
	return dev;
}

/** open: the camera a search has just read, else the camera at locator afresh. */
static ds_status onvif_open(ds_call *call, const char *locator, ds_device **out)
{
	*out = onvif_discover_take(locator);
	return *out ? DS_OK : open_camera(call, locator, out);
}

static void onvif_close(ds_device *dev)
{
	onvif_device_free(dev);
}

/** device_info: what the camera told; the serial is its serial number, else its MAC, else its address. */
static ds_status onvif_device_info(ds_call *call, ds_device *dev, ds_device_info *out)
{
	size_t k;
	onvif_url url;
	/* maker and model need a login on most cameras (GetDeviceInformation is
	 * not PRE_AUTH): find the factory default first, once */
	ds_status st = onvif_identify(call, dev);

	if (st == DS_ERR_CANCELLED)
		return st;
	out->kind = DS_KIND_CAMERA;
	k = (size_t)snprintf(out->locator, sizeof out->locator, "%s", ONVIF_LOCATOR_PREFIX);
	for (size_t i = 0; i < dev->n_xaddrs && k < sizeof out->locator; i++) {
		int n = snprintf(out->locator + k, sizeof out->locator - k, "%s%s", i ? "," : "", dev->xaddrs[i]);

		if (n < 0 || (size_t)n >= sizeof out->locator - k) {
			out->locator[k] = '\0'; /* keep the addresses that fit whole */
			break;
		}
		k += (size_t)n;
	}
	if (dev->info.serial[0])
		ds_text_copy(out->serial, sizeof out->serial, dev->info.serial);
	else if (dev->mac[0])
		ds_text_copy(out->serial, sizeof out->serial, dev->mac);
	else if (onvif_url_split(dev->url, &url)) {
		char where[sizeof url.host + 8];

		snprintf(where, sizeof where, "%s:%u", url.host, (unsigned)url.port);
		ds_text_copy(out->serial, sizeof out->serial, where);
	}
	ds_text_copy(out->vendor, sizeof out->vendor,
		     dev->info.manufacturer[0] ? dev->info.manufacturer : D_("Unknown maker"));
	ds_text_copy(out->model, sizeof out->model, dev->info.model);
	ds_text_copy(out->firmware, sizeof out->firmware, dev->info.firmware);
	ds_text_copy(out->name, sizeof out->name,
		     dev->needs_activation ? D_("IP camera (needs activation)") : D_("IP camera"));
	ds_text_copy(out->mac, sizeof out->mac, dev->mac);
	out->transports = DS_TRANSPORT_IP;
	out->features = DS_FEATURE_PASSWORD | DS_FEATURE_ACCOUNTS | DS_FEATURE_DIAGNOSE;
	onvif_password_rules_for(dev->info.manufacturer, &out->password);
	return DS_OK;
}

static const ds_plugin descriptor = {
	.struct_size = sizeof descriptor,
	.abi_major = DS_PLUGIN_ABI_MAJOR,
	.abi_minor = DS_PLUGIN_ABI_MINOR,
	.id = "onvif",
	.name = "ONVIF IP cameras",
	.vendor = "doorstep",
	.version = "0.1.0",
	.text_domain = ONVIF_TEXT_DOMAIN,
	.caps = DS_CAP_DISCOVER | DS_CAP_ADDRESS,
	.init = onvif_init,
	.fini = onvif_fini,
	.open = onvif_open,
	.close = onvif_close,
	.device_info = onvif_device_info,
	.discover = onvif_discover,
	.credential_state = onvif_credential_state,
	.login = onvif_login,
	.set_password = onvif_set_password,
	.diagnose = onvif_diagnose,
	.match_address = onvif_match_address,
	.account = onvif_account,
	.account_set_password = onvif_account_set_password,
	.account_delete = onvif_account_delete,
	.check_fix = onvif_check_fix,
};

DS_PLUGIN_EXPORT const ds_plugin *doorstep_plugin_v1(void)
{
	return &descriptor;
}
