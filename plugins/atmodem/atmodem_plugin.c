/* The AT-modem plugin: any 3GPP TS 27.007 cellular module on a serial port
 * (USB /dev/ttyUSB*, /dev/ttyACM*). Descriptor, port matching, open/close
 * and identity; the cellular and diagnostic operations live beside it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atmodem.h"
#include "lpa_download.h"

const ds_host *atmodem_host;
unsigned atmodem_register_limit_ms = ATMODEM_REGISTER_LIMIT_MS;

const char *atmodem_translate(const char *msgid)
{
	const char *text = atmodem_host ? atmodem_host->translate(ATMODEM_TEXT_DOMAIN, msgid) : NULL;

	return text ? text : msgid;
}

/** The registration limit from DOORSTEP_ATMODEM_REGISTER_SECONDS (1 to 600),
 *  else ATMODEM_REGISTER_LIMIT_MS: a site with a slow network may need
 *  more, a test less. */
static unsigned atmodem_read_register_limit(void)
{
	const char *text = getenv("DOORSTEP_ATMODEM_REGISTER_SECONDS");
	char *end = NULL;
	unsigned long seconds;

	if (!text || !*text)
		return ATMODEM_REGISTER_LIMIT_MS;
	seconds = strtoul(text, &end, 10);
	if (*end != '\0' || seconds < 1 || seconds > 600) {
		atmodem_host->log(DS_LOG_WARN, "DOORSTEP_ATMODEM_REGISTER_SECONDS=%s is not 1 to 600: %u s used", text,
				  ATMODEM_REGISTER_LIMIT_MS / 1000);
		return ATMODEM_REGISTER_LIMIT_MS;
	}
	return (unsigned)seconds * 1000u;
}

/** init: keep the host table; the ports are the host's serial service's (ABI 1.2). */
static ds_status atmodem_init(const ds_host *host)
{
	atmodem_host = host;
	atmodem_register_limit_ms = atmodem_read_register_limit();
	if (host->abi_minor < 2 || host->struct_size < offsetof(ds_host, serial) + sizeof host->serial || !host->serial) {
		host->log(DS_LOG_ERROR, "this doorstep has no serial port service (ABI 1.2 or later needed)");
		return DS_ERR_UNSUPPORTED;
	}
	return DS_OK;
}

/** fini: nothing is held between calls but open devices, which the host closes. */
static void atmodem_fini(void)
{
}

/** match_serial: claims a port whose device answers "AT" with OK. */
static ds_status atmodem_match_serial(ds_call *call, const char *port, char *locator, size_t locator_size)
{
	ds_device *probe = calloc(1, sizeof *probe); /* a device is too large for a worker's stack */
	at_response resp;
	ds_status st;

	if (!probe)
		return atmodem_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	st = at_port_open(&probe->port, atmodem_host->serial, call, port);
	if (st != DS_OK)
		free(probe);
	if (st == DS_ERR_NOT_FOUND || st == DS_ERR_INVALID)
		return DS_ERR_NOT_FOUND; /* no such port, or not a serial port: not ours */
	if (st != DS_OK)
		return st; /* busy, no permission...: the host said so */
	st = atmodem_run(call, probe, "AT", ATMODEM_PROBE_TIMEOUT_MS, &resp, true, NULL);
	at_port_close(&probe->port);
	free(probe);
	if (st == DS_ERR_CANCELLED)
		return st;
	if (st != DS_OK) {
		atmodem_host->log(DS_LOG_DEBUG, "%s does not answer AT: not claimed", port);
		return DS_ERR_NOT_FOUND;
	}
	at_copy(locator, locator_size, port);
	return DS_OK;
}

ds_status atmodem_read_identity(ds_call *call, ds_device *dev)
{
	static const struct {
		const char *command;
		size_t field;
		size_t size;
		bool digits;
	} reads[] = {
		{ "AT+CGSN", offsetof(ds_device, imei), sizeof ((ds_device *)0)->imei, true },
		{ "AT+CGMI", offsetof(ds_device, vendor), sizeof ((ds_device *)0)->vendor, false },
		{ "AT+CGMM", offsetof(ds_device, model), sizeof ((ds_device *)0)->model, false },
		{ "AT+CGMR", offsetof(ds_device, firmware), sizeof ((ds_device *)0)->firmware, false },
	};
	at_response resp;
	ds_status st;

	for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		char *field = (char *)dev + reads[i].field;
		const char *line;

		st = atmodem_run(call, dev, reads[i].command, ATMODEM_TIMEOUT_MS, &resp, true, NULL);
		if (st != DS_OK && st != DS_ERR_DEVICE)
			return st;
		for (size_t k = 0; st == DS_OK && (line = at_response_line(&resp, k)) != NULL; k++) {
			if ((reads[i].digits ? at_parse_digits(line, field, reads[i].size)
					     : at_parse_text(line, field, reads[i].size)) == 0)
				break;
			field[0] = '\0';
		}
	}
	return atmodem_read_iccid(call, dev);
}

ds_status atmodem_read_iccid(ds_call *call, ds_device *dev)
{
	at_response resp;
	ds_status st = atmodem_run(call, dev, "AT+CCID", ATMODEM_SIM_TIMEOUT_MS, &resp, true, NULL);

	if (st != DS_OK && st != DS_ERR_DEVICE)
		return st;
	dev->iccid[0] = '\0';
	for (size_t k = 0; st == DS_OK && k < resp.n_lines; k++) {
		if (at_parse_iccid(at_response_line(&resp, k), dev->iccid, sizeof dev->iccid) == 0)
			break;
		dev->iccid[0] = '\0';
	}
	return DS_OK;
}

/** Opens the ISD-R channel when the module reaches an eUICC (kept open for
 *  the operations to come): dev->has_esim. Only a cancel or a lost port fails. */
static ds_status atmodem_probe_esim(ds_call *call, ds_device *dev)
{
	euicc_status st;

	dev->euicc_call = call;
	st = euicc_open(&dev->euicc);
	dev->has_esim = st == EUICC_OK;
	if (st == EUICC_ERR_TRANSPORT &&
	    (dev->euicc.transport_error == DS_ERR_CANCELLED || dev->euicc.transport_error == DS_ERR_IO))
		return (ds_status)dev->euicc.transport_error;
	if (!dev->has_esim)
		atmodem_host->log(DS_LOG_INFO, "no eUICC reached (%s): no eSIM operations", euicc_status_name(st));
	return DS_OK;
}

/** open: the port, a first "AT", the module's identity, and its eUICC. */
static ds_status atmodem_open(ds_call *call, const char *locator, ds_device **out)
{
	ds_device *dev = calloc(1, sizeof *dev);
	at_response resp;
	ds_status st;

	if (!dev)
		return atmodem_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	atmodem_euicc_init(dev);
	st = at_port_open(&dev->port, atmodem_host->serial, call, locator);
	if (st != DS_OK) {
		free(dev);
		return st; /* the host recorded why */
	}
	st = atmodem_run(call, dev, "AT", ATMODEM_TIMEOUT_MS, &resp, false, NULL);
	if (st == DS_OK)
		st = atmodem_read_identity(call, dev);
	if (st == DS_OK)
		st = atmodem_probe_esim(call, dev);
	if (st != DS_OK) {
		at_port_close(&dev->port);
		free(dev);
		return st;
	}
	dev->answers = true;
	*out = dev;
	return DS_OK;
}

/** close: release the port. */
static void atmodem_close(ds_device *dev)
{
	if (!dev)
		return;
	atmodem_euicc_end(dev);
	at_port_close(&dev->port);
	free(dev);
}

/** device_info: what open() read; the serial is the IMEI, else the ICCID, else the port. */
static ds_status atmodem_device_info(ds_call *call, ds_device *dev, ds_device_info *out)
{
	(void)call;
	out->kind = DS_KIND_MODEM;
	at_copy(out->locator, sizeof out->locator, dev->port.path);
	at_copy(out->serial, sizeof out->serial,
		     dev->imei[0] ? dev->imei : dev->iccid[0] ? dev->iccid : dev->port.path);
	at_copy(out->vendor, sizeof out->vendor, dev->vendor[0] ? dev->vendor : D_("Unknown maker"));
	at_copy(out->model, sizeof out->model, dev->model);
	at_copy(out->firmware, sizeof out->firmware, dev->firmware);
	at_copy(out->name, sizeof out->name, D_("Cellular module"));
	out->transports = DS_TRANSPORT_SERIAL;
	out->features = DS_FEATURE_CELLULAR | DS_FEATURE_DIAGNOSE | (dev->has_esim ? DS_FEATURE_ESIM : 0u);
	return DS_OK;
}

static const ds_plugin atmodem_plugin = {
	.struct_size = sizeof(ds_plugin),
	.abi_major = DS_PLUGIN_ABI_MAJOR,
	.abi_minor = DS_PLUGIN_ABI_MINOR,
	.id = "atmodem",
	.name = "AT cellular module",
	.vendor = "doorstep",
	.version = "1.0.0",
	.text_domain = ATMODEM_TEXT_DOMAIN,
	.caps = DS_CAP_SERIAL,
	.init = atmodem_init,
	.fini = atmodem_fini,
	.open = atmodem_open,
	.close = atmodem_close,
	.device_info = atmodem_device_info,
	.match_serial = atmodem_match_serial,
	.cellular_status = atmodem_cellular_status_op,
	.diagnose = atmodem_diagnose,
	.operator_scan = atmodem_operator_scan,
	.esim_profile = atmodem_esim_profile,
	.esim_set_primary = atmodem_esim_set_primary,
	.esim_set_backup = atmodem_esim_set_backup,
	.failover_test = atmodem_failover_test,
	.esim_info = atmodem_esim_info,
	.esim_disable = atmodem_esim_disable,
	.esim_delete = atmodem_esim_delete,
	.esim_nickname = atmodem_esim_nickname,
	.esim_notification = atmodem_esim_notification,
	.esim_download = atmodem_esim_download,
	.esim_notifications_send = atmodem_esim_notifications_send,
};

DS_PLUGIN_EXPORT const ds_plugin *doorstep_plugin_v1(void)
{
	return &atmodem_plugin;
}
