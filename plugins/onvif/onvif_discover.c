/* Finding cameras (ONVIF plugin): a WS-Discovery Probe for
 * dn:NetworkVideoTransmitter to 239.255.255.250:3702 on every interface and
 * by unicast to the addresses in DOORSTEP_ONVIF_PROBE and in the plugin's
 * setting file; answers matched by RelatesTo, one entry per endpoint
 * reference. And claiming an address a person typed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onvif.h"
#include "onvif_rtsp.h"

#define WSD_GROUP "239.255.255.250"
#define WSD_PORT 3702
/** Most unicast probe addresses taken from the variable and the setting. */
#define UNICAST_MAX 64u
/** The plugin's setting: a file in its data directory, one "host[:port]" a line. */
#define SETTING_FILE "probe-addresses"

/** One camera found. */
typedef struct found {
	char address[ONVIF_URL_MAX]; /**< its endpoint reference */
	char locator[DS_LOCATOR_MAX];
	ds_device *dev; /**< read while the window was open, until open() takes it; or NULL */
} found;

/** The last discovery (the host calls one plugin from one thread at a time). */
static found *results;
static size_t n_results;

/** State of one probe. */
typedef struct probe_ctx {
	ds_call *call;
	char message_id[ONVIF_UUID_MAX];
	onvif_probe_match *matches;
} probe_ctx;

void onvif_discover_reset(void)
{
	for (size_t i = 0; i < n_results; i++)
		onvif_device_free(results[i].dev);
	free(results);
	results = NULL;
	n_results = 0;
}

/** "onvif:" and the XAddrs that fit, comma-separated; false when none fits. */
static bool locator_of(const onvif_probe_match *m, char *out, size_t size)
{
	size_t k = (size_t)snprintf(out, size, "%s", ONVIF_LOCATOR_PREFIX), first = k;

	for (size_t i = 0; i < m->n_xaddrs; i++) {
		onvif_url url;
		int n;

		if (strchr(m->xaddrs[i], ',') || !onvif_url_split(m->xaddrs[i], &url) ||
		    (strcmp(url.scheme, "http") != 0 && strcmp(url.scheme, "https") != 0))
			continue;
		n = snprintf(out + k, size - k, "%s%s", k > first ? "," : "", m->xaddrs[i]);
		if (n < 0 || (size_t)n >= size - k) {
			out[k] = '\0';
			break;
		}
		k += (size_t)n;
	}
	return k > first;
}

/** Takes one answer: ProbeMatches for our MessageID, new endpoints only. */
static bool on_answer(void *ctx_ptr, const char *from, const uint8_t *data, size_t len)
{
	probe_ctx *ctx = ctx_ptr;
	size_t n = 0;
	onvif_xml_error err = onvif_parse_probe_matches((const char *)data, len, ctx->matches, 4, &n);

	if (err != ONVIF_XML_OK) {
		onvif_host->log(DS_LOG_DEBUG, "onvif: an answer from %s is not a ProbeMatches (%s)", from,
				onvif_xml_error_name(err));
		return true;
	}
	for (size_t i = 0; i < n && n_results < ONVIF_DISCOVER_MAX; i++) {
		const onvif_probe_match *m = &ctx->matches[i];
		bool known = false;

		if (strcmp(m->relates_to, ctx->message_id) != 0) {
			onvif_host->log(DS_LOG_DEBUG, "onvif: an answer from %s is for another probe", from);
			continue;
		}
		for (size_t k = 0; k < n_results && !known; k++)
			known = strcmp(results[k].address, m->address) == 0;
		if (known)
			continue;
		if (!locator_of(m, results[n_results].locator, sizeof results[n_results].locator)) {
			onvif_host->log(DS_LOG_INFO, "onvif: a camera at %s gave no usable address", from);
			continue;
		}
		ds_text_copy(results[n_results].address, sizeof results[n_results].address, m->address);
		/* read it now: the window goes on meanwhile, and the answers wait in the socket */
		results[n_results].dev = onvif_read_found(ctx->call, results[n_results].locator);
		n_results++;
	}
	return n_results < ONVIF_DISCOVER_MAX;
}

/** Adds the comma-separated "host[:port]" entries of text to list. */
static void add_unicast(const char *text, char **list, size_t *n)
{
	while (text && *text && *n < UNICAST_MAX) {
		size_t len = strcspn(text, ",\n\r \t");

		if (len > 0 && len < 128 && text[0] != '#') {
			list[*n] = strndup(text, len);
			if (list[*n])
				(*n)++;
		}
		text += len;
		while (*text == ',' || *text == '\n' || *text == '\r' || *text == ' ' || *text == '\t')
			text++;
	}
}

/** Reads the setting file into list. */
static void add_setting(char **list, size_t *n)
{
	char path[1024], line[256];
	FILE *f;

	if (!onvif_host->data_dir)
		return;
	snprintf(path, sizeof path, "%s/%s", onvif_host->data_dir, SETTING_FILE);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (line[0] != '#')
			add_unicast(line, list, n);
	fclose(f);
}

/** The listening window: DOORSTEP_DISCOVER_SECONDS (doorstep discover
 *  --seconds N, 1 to 600) or the default. */
static uint32_t probe_window_ms(void)
{
	const char *text = getenv("DOORSTEP_DISCOVER_SECONDS");
	char *end = NULL;
	unsigned long seconds = text && *text ? strtoul(text, &end, 10) : 0;

	if (!end || *end || seconds < 1 || seconds > 600)
		return ONVIF_DISCOVERY_WINDOW_MS;
	return (uint32_t)seconds * 1000u;
}

/** Runs one probe and keeps what answered. */
static ds_status run_probe(ds_call *call)
{
	char *unicast[UNICAST_MAX + 1] = { 0 }, msg[2048];
	size_t n_unicast = 0;
	uint8_t rnd[16];
	probe_ctx ctx;
	ds_status st;

	onvif_discover_reset();
	if (!onvif_host->net) {
		/* an older host: nothing found, said in the log rather than as a failure of every search */
		onvif_host->log(DS_LOG_WARN, "onvif: this host has no network service (ABI 1.2); no camera search");
		return DS_ERR_NOT_FOUND;
	}
	results = calloc(ONVIF_DISCOVER_MAX, sizeof *results);
	ctx.matches = calloc(4, sizeof *ctx.matches);
	if (!results || !ctx.matches) {
		free(ctx.matches);
		onvif_discover_reset();
		return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	}
	add_unicast(getenv("DOORSTEP_ONVIF_PROBE"), unicast, &n_unicast);
	add_setting(unicast, &n_unicast);
	onvif_host->random(rnd, sizeof rnd);
	onvif_uuid(rnd, ctx.message_id, sizeof ctx.message_id);
	ctx.call = call;
	if (!onvif_probe_message(ctx.message_id, msg, sizeof msg))
		st = DS_ERR_INTERNAL;
	else
		st = onvif_host->net->probe(call, WSD_GROUP, WSD_PORT, (const char *const *)unicast,
					    (const uint8_t *)msg, strlen(msg), probe_window_ms(), on_answer, &ctx);
	for (size_t i = 0; i < n_unicast; i++)
		free(unicast[i]);
	free(ctx.matches);
	if (st == DS_ERR_INTERNAL)
		return onvif_host->fail(call, st, "%s", D_("The search message could not be built."));
	return st;
}

ds_status onvif_discover(ds_call *call, size_t index, char *locator, size_t locator_size)
{
	if (index == 0) {
		ds_status st = run_probe(call);

		if (st != DS_OK)
			return st;
	}
	if (index >= n_results)
		return DS_ERR_NOT_FOUND;
	ds_text_copy(locator, locator_size, results[index].locator);
	return DS_OK;
}

ds_device *onvif_discover_take(const char *locator)
{
	for (size_t i = 0; i < n_results; i++)
		if (results[i].dev && strcmp(results[i].locator, locator) == 0) {
			ds_device *dev = results[i].dev;

			results[i].dev = NULL;
			return dev;
		}
	return NULL;
}

/** Whether text is a host name, an IPv4 or a bracketed IPv6 address with an optional port. */
static bool plain_address(const char *text)
{
	if (!*text || strlen(text) > 200)
		return false;
	for (const char *p = text; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-:[]%_", *p))
			return false;
	return true;
}

ds_status onvif_match_address(ds_call *call, const char *address, char *locator, size_t locator_size)
{
	char url[ONVIF_URL_MAX];
	ds_device *probe;
	onvif_url parts;
	ds_status st;

	if (strstr(address, "://")) {
		if (!onvif_url_split(address, &parts) || strchr(address, ',') ||
		    (strcmp(parts.scheme, "http") != 0 && strcmp(parts.scheme, "https") != 0))
			return DS_ERR_NOT_FOUND;
		ds_text_copy(url, sizeof url, address);
	} else {
		const char *colon = strrchr(address, ':');

		if (!plain_address(address))
			return DS_ERR_NOT_FOUND;
		/* two colons without brackets: a bare IPv6 address */
		if (address[0] != '[' && colon && strchr(address, ':') != colon)
			snprintf(url, sizeof url, "http://[%s]/onvif/device_service", address); /* bare IPv6 */
		else
			snprintf(url, sizeof url, "http://%s/onvif/device_service", address);
		if (!onvif_url_split(url, &parts))
			return DS_ERR_NOT_FOUND;
	}
	probe = calloc(1, sizeof *probe);
	if (!probe)
		return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	st = onvif_read_clock(call, probe, url);
	free(probe);
	if (st == DS_ERR_CANCELLED)
		return st;
	if (st == DS_ERR_DEVICE || st == DS_ERR_AUTH)
		return onvif_not_a_camera(call, address);
	if (st == DS_ERR_TIMEOUT)
		return onvif_host->fail(call, DS_ERR_TIMEOUT,
					D_("The device at %s took the connection but did not finish its answer within %u "
					   "seconds. Check that it is an ONVIF camera, restart it, then try again."),
					address, ONVIF_CALL_TIMEOUT_MS / 1000u);
	if (st != DS_OK) {
		onvif_host->log(DS_LOG_INFO, "onvif: no ONVIF camera answers at %s (%s)", url, ds_status_str(st));
		return DS_ERR_NOT_FOUND;
	}
	if ((size_t)snprintf(locator, locator_size, "%s%s", ONVIF_LOCATOR_PREFIX, url) >= locator_size)
		return onvif_host->fail(call, DS_ERR_INVALID, "%s", D_("The camera's address is too long."));
	return DS_OK;
}
