/* The ESP-IDF provisioning plugin's operations on devices (everything but
 * its descriptor, espprov_plugin.c, so that a plugin built on this one
 * takes them with its own descriptor): the setup labels it claims
 * ({"ver":"v1","name":"PROV_...","pop":...}), addresses of a device's own
 * access point, open, close, device information, init and fini. The
 * session and Wi-Fi are espprov_provision.c, the links espprov_softap.c and
 * espprov_ble.c (with the advertisement claim). */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "espprov.h"

const ds_host *espprov_host;

/** The labels claimed in this plugin process, the secrets in secret memory. */
static espprov_label labels[ESPPROV_LABELS_MAX];
static size_t n_labels;

const char *espprov_translate(const char *msgid)
{
	const char *text = espprov_host ? espprov_host->translate(ESPPROV_TEXT_DOMAIN, msgid) : NULL;

	return text ? text : msgid;
}

uint64_t espprov_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/** A copy of text in secret memory; NULL for NULL. */
static char *secret_dup(const char *text)
{
	size_t len = text ? strlen(text) : 0;
	char *copy = text ? espprov_host->secret_alloc(len + 1) : NULL;

	if (copy)
		memcpy(copy, text, len + 1);
	return copy;
}

/** Forgets a label and wipes its secrets. */
static void label_clear(espprov_label *l)
{
	espprov_host->secret_free(l->username);
	espprov_host->secret_free(l->pop);
	memset(l, 0, sizeof *l);
}

const espprov_label *espprov_label_find(const char *name)
{
	for (size_t i = 0; i < n_labels; i++)
		if (strcmp(labels[i].name, name) == 0)
			return &labels[i];
	return NULL;
}

/** Whether name can stand in a locator and an SSID: printable ASCII, no '/'. */
static bool name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= ESPPROV_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '/')
			return false;
	return true;
}

/** Where SoftAP devices answer: DOORSTEP_ESPPROV_SOFTAP ("HOST:PORT") or the default. */
static const char *softap_address(void)
{
	const char *env = getenv("DOORSTEP_ESPPROV_SOFTAP");

	return env && *env && strlen(env) < 100 ? env : ESPPROV_SOFTAP_DEFAULT;
}

/** Remembers the label's name, transport, security and secrets. */
static ds_status keep_label(ds_call *call, const cJSON *json, const char *name)
{
	const cJSON *transport = cJSON_GetObjectItemCaseSensitive(json, "transport");
	const cJSON *security = cJSON_GetObjectItemCaseSensitive(json, "security");
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(json, "username");
	const cJSON *pop = cJSON_GetObjectItemCaseSensitive(json, "pop");
	espprov_label *l = (espprov_label *)espprov_label_find(name);

	if (!l) {
		if (n_labels == ESPPROV_LABELS_MAX)
			label_clear(&labels[--n_labels]); /* the oldest kept are the ones scanned first */
		l = &labels[n_labels++];
	}
	label_clear(l);
	ds_text_copy(l->name, sizeof l->name, name);
	l->ble = cJSON_IsString(transport) && strcmp(transport->valuestring, "ble") == 0;
	l->security = cJSON_IsNumber(security) ? security->valueint : 2; /* absent: 2 */
	l->username = cJSON_IsString(user) ? secret_dup(user->valuestring) : NULL;
	l->pop = cJSON_IsString(pop) ? secret_dup(pop->valuestring) : NULL;
	if ((cJSON_IsString(user) && !l->username) || (cJSON_IsString(pop) && !l->pop)) {
		label_clear(l);
		n_labels--;
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	}
	return DS_OK;
}

/** Whether a label's "security" is absent or 0, 1 or 2. */
static bool security_ok(const cJSON *sec)
{
	return !sec || (cJSON_IsNumber(sec) && sec->valuedouble >= 0 && sec->valuedouble <= 2 &&
			sec->valuedouble == (double)sec->valueint);
}

/** match_qr: an ESP-IDF provisioning label, JSON with "ver" and a "name". */
ds_status espprov_op_match_qr(ds_call *call, const char *payload, char *locator, size_t locator_size)
{
	cJSON *json;
	const cJSON *ver, *name, *transport;
	ds_status st;

	if (payload[0] != '{' || strlen(payload) > 1024)
		return DS_ERR_NOT_FOUND;
	json = cJSON_Parse(payload);
	ver = cJSON_GetObjectItemCaseSensitive(json, "ver");
	name = cJSON_GetObjectItemCaseSensitive(json, "name");
	transport = cJSON_GetObjectItemCaseSensitive(json, "transport");
	if (!json || !cJSON_IsString(ver) || strcmp(ver->valuestring, "v1") != 0 || !cJSON_IsString(name)) {
		cJSON_Delete(json); /* a label that is not ours: nothing of it is kept */
		return DS_ERR_NOT_FOUND;
	}
	if (!name_ok(name->valuestring) ||
	    (cJSON_IsString(transport) && strcmp(transport->valuestring, "ble") != 0 &&
	     strcmp(transport->valuestring, "softap") != 0) ||
	    !security_ok(cJSON_GetObjectItemCaseSensitive(json, "security"))) {
		cJSON_Delete(json);
		return espprov_host->fail(call, DS_ERR_INVALID, "%s",
					  D_("This ESP setup label names a device or transport doorstep cannot use. "
					     "Check that it is the device's own label."));
	}
	st = keep_label(call, json, name->valuestring);
	if (st == DS_OK) {
		const espprov_label *l = espprov_label_find(name->valuestring);

		if (l && l->ble)
			snprintf(locator, locator_size, "%s%s", ESPPROV_LOCATOR_BLE, l->name);
		else
			snprintf(locator, locator_size, "%s%s/%s", ESPPROV_LOCATOR_SOFTAP, softap_address(), l->name);
	}
	cJSON_Delete(json);
	return st;
}

/** Whether text is "HOST[:PORT]" with characters a host name or address has. */
static bool plain_address(const char *text)
{
	if (!*text || strlen(text) > 100)
		return false;
	for (const char *p = text; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-:[]_", *p))
			return false;
	return true;
}

/** Splits a locator into dev's transport, address and name; false when it is not ours. */
static bool parse_locator(const char *locator, ds_device *dev)
{
	const char *rest, *slash;

	if (strncmp(locator, ESPPROV_LOCATOR_BLE, strlen(ESPPROV_LOCATOR_BLE)) == 0) {
		dev->ble = true;
		rest = locator + strlen(ESPPROV_LOCATOR_BLE);
		if (!name_ok(rest))
			return false;
		ds_text_copy(dev->name, sizeof dev->name, rest);
		return true;
	}
	if (strncmp(locator, ESPPROV_LOCATOR_SOFTAP, strlen(ESPPROV_LOCATOR_SOFTAP)) != 0)
		return false;
	rest = locator + strlen(ESPPROV_LOCATOR_SOFTAP);
	slash = strchr(rest, '/');
	if (!slash || (size_t)(slash - rest) >= sizeof dev->hostport)
		return false;
	memcpy(dev->hostport, rest, (size_t)(slash - rest));
	dev->hostport[slash - rest] = '\0';
	if (!plain_address(dev->hostport) || (slash[1] && !name_ok(slash + 1)))
		return false;
	ds_text_copy(dev->name, sizeof dev->name, slash + 1);
	return true;
}

/** Frees a device: its session and what it saw. */
static void device_free(ds_device *dev)
{
	if (!dev)
		return;
	espprov_session_free(dev->session);
	espprov_ble_close(dev);
	memset(dev, 0, sizeof *dev);
	free(dev);
}

/** open: the device's link, proto-ver and the secure session. */
ds_status espprov_op_open(ds_call *call, const char *locator, ds_device **out)
{
	ds_device *dev = calloc(1, sizeof *dev);
	ds_status st;

	if (!dev)
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	if (!parse_locator(locator, dev)) {
		free(dev);
		return espprov_host->fail(call, DS_ERR_INVALID,
					  D_("\"%s\" is not an ESP device address this plugin knows. Scan the device's "
					     "label again."),
					  locator);
	}
	if (!dev->ble &&
	    (!espprov_host->http || espprov_host->http->struct_size < offsetof(ds_host_http, request_ex) +
									      sizeof espprov_host->http->request_ex)) {
		free(dev);
		return espprov_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
					  D_("This doorstep is too old for ESP devices (it lacks HTTP cookies). Update "
					     "doorstep."));
	}
	st = dev->ble ? espprov_ble_open(call, dev) : DS_OK;
	if (st == DS_OK)
		st = espprov_connect(call, dev, dev->name[0] ? espprov_label_find(dev->name) : NULL);
	if (st != DS_OK) {
		device_free(dev);
		return st;
	}
	*out = dev;
	return DS_OK;
}

/** match_address: "HOST[:PORT]" where a device's provisioning service answers proto-ver. */
ds_status espprov_op_match_address(ds_call *call, const char *address, char *locator, size_t locator_size)
{
	static const uint8_t hello[] = "ESP";
	char text[ESPPROV_ANSWER_MAX + 1];
	espprov_proto_ver ver;
	ds_device *probe;
	size_t got = 0;
	ds_status st;

	if (!plain_address(address) || strchr(address, '/'))
		return DS_ERR_NOT_FOUND;
	probe = calloc(1, sizeof *probe);
	if (!probe)
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	ds_text_copy(probe->hostport, sizeof probe->hostport, address);
	if (!strchr(address, ':') || (address[0] == '[' && !strstr(address, "]:")))
		snprintf(probe->hostport, sizeof probe->hostport, "%s:80", address);
	st = !espprov_host->http || espprov_host->http->struct_size <
					    offsetof(ds_host_http, request_ex) + sizeof espprov_host->http->request_ex
		     ? DS_ERR_NOT_FOUND
		     : espprov_softap_send(call, probe, "proto-ver", hello, sizeof hello - 1, (uint8_t *)text,
					   sizeof text - 1, &got);
	if (st == DS_OK) {
		text[got] = '\0';
		st = espprov_proto_ver_parse(text, got, &ver) == ESPPROV_OK ? DS_OK : DS_ERR_NOT_FOUND;
	}
	if (st == DS_OK)
		snprintf(locator, locator_size, "%s%s/", ESPPROV_LOCATOR_SOFTAP, probe->hostport);
	device_free(probe);
	return st == DS_ERR_CANCELLED ? st : st == DS_OK ? DS_OK : DS_ERR_NOT_FOUND;
}

void espprov_op_close(ds_device *dev)
{
	device_free(dev);
}

/** A proto-ver application field as text a person may see (printable ASCII). */
static void field_text(const char *value, char *out, size_t size)
{
	size_t k = 0;

	for (const char *p = value; *p && k + 1 < size; p++)
		out[k++] = *p >= 0x20 && *p < 0x7f ? *p : '?';
	out[k] = '\0';
}

/** The first application field named key (in any member) as text a person
 *  may see, into out; false when there is none. */
static bool app_field(const ds_device *dev, const char *key, char *out, size_t size)
{
	for (size_t i = 0; i < dev->ver.n_fields; i++) {
		cJSON *obj = cJSON_Parse(dev->ver.fields[i].value);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
		bool found = cJSON_IsString(v);

		if (found)
			field_text(v->valuestring, out, size);
		cJSON_Delete(obj);
		if (found)
			return true;
	}
	return false;
}

ds_status espprov_op_device_info(ds_call *call, ds_device *dev, ds_device_info *out)
{
	(void)call;
	out->kind = DS_KIND_OTHER;
	if (dev->ble)
		snprintf(out->locator, sizeof out->locator, "%s%s", ESPPROV_LOCATOR_BLE, dev->name);
	else
		snprintf(out->locator, sizeof out->locator, "%s%s/%s", ESPPROV_LOCATOR_SOFTAP, dev->hostport, dev->name);
	if (dev->name[0])
		ds_text_copy(out->serial, sizeof out->serial, dev->name);
	else
		snprintf(out->serial, sizeof out->serial, "esp-%.50s", dev->hostport);
	ds_text_copy(out->vendor, sizeof out->vendor, "Espressif");
	if (!app_field(dev, "model", out->model, sizeof out->model))
		ds_text_copy(out->model, sizeof out->model, D_("ESP device"));
	if (!app_field(dev, "fw", out->firmware, sizeof out->firmware))
		field_text(dev->ver.version, out->firmware, sizeof out->firmware);
	ds_text_copy(out->name, sizeof out->name, D_("Wi-Fi device (ESP)"));
	out->transports = dev->ble ? DS_TRANSPORT_BLE : DS_TRANSPORT_IP;
	out->features = DS_FEATURE_WIFI;
	return DS_OK;
}

/** credential_state: provisioning has no password of the device's own to replace. */
ds_status espprov_op_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out)
{
	(void)call;
	(void)dev;
	out->has_password = false;
	out->on_factory_default = false;
	return DS_OK;
}

ds_status espprov_op_init(const ds_host *host)
{
	espprov_host = host;
	if (!host->http || host->http->struct_size < offsetof(ds_host_http, request_ex) + sizeof host->http->request_ex)
		host->log(DS_LOG_WARN,
			  "espprov: this host's HTTP service lacks request_ex; ESP devices cannot be reached");
	return DS_OK;
}

void espprov_op_fini(void)
{
	while (n_labels > 0)
		label_clear(&labels[--n_labels]);
}
