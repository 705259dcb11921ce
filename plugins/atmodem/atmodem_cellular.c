/* Cellular link state and operator scan over 27.007: registration from the
 * four registration queries (the best wins), operator from +COPS? in numeric
 * and long format, signal from +CSQ and +CESQ. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "atmodem.h"

uint32_t atmodem_rat(at_act act)
{
	switch (act) {
	case AT_ACT_GSM: return DS_RAT_2G;
	case AT_ACT_UMTS: return DS_RAT_3G;
	case AT_ACT_LTE: return DS_RAT_LTE;
	case AT_ACT_NB_IOT: return DS_RAT_NB_IOT;
	case AT_ACT_5G: return DS_RAT_5G;
	case AT_ACT_UNKNOWN: break;
	}
	return 0;
}

/** How good a registration state is: registered beats searching beats refused. */
static int atmodem_reg_rank(at_reg_state state)
{
	switch (state) {
	case AT_REG_HOME: return 5;
	case AT_REG_ROAMING: return 4;
	case AT_REG_SEARCHING: return 3;
	case AT_REG_DENIED: return 2;
	case AT_REG_NOT_REGISTERED: return 1;
	case AT_REG_UNKNOWN: break;
	}
	return 0;
}

ds_status atmodem_registration(ds_call *call, ds_device *dev, at_reg *best)
{
	/* Circuit-switched, GPRS, EPS, 5GS; a later (newer) domain wins a tie. */
	static const struct {
		const char *command;
		const char *prefix;
		at_act implied;
	} queries[] = {
		{ "AT+CREG?", "+CREG:", AT_ACT_UNKNOWN },
		{ "AT+CGREG?", "+CGREG:", AT_ACT_UNKNOWN },
		{ "AT+CEREG?", "+CEREG:", AT_ACT_LTE },
		{ "AT+C5GREG?", "+C5GREG:", AT_ACT_5G },
	};
	at_response resp;
	bool any = false;

	memset(best, 0, sizeof *best);
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		ds_status st = atmodem_run(call, dev, queries[i].command, ATMODEM_TIMEOUT_MS, &resp, true, NULL);
		const char *line;
		at_reg reg;

		if (st == DS_ERR_DEVICE)
			continue; /* this module lacks that domain */
		if (st != DS_OK)
			return st;
		line = at_response_find(&resp, queries[i].prefix);
		if (!line || at_parse_reg(line, &reg) < 0)
			continue;
		if (reg.act == AT_ACT_UNKNOWN)
			reg.act = queries[i].implied;
		if (!any || atmodem_reg_rank(reg.state) >= atmodem_reg_rank(best->state))
			*best = reg;
		any = true;
	}
	if (!any)
		return atmodem_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
					  D_("The cellular module answers none of the registration queries "
					     "(AT+CREG?, AT+CGREG?, AT+CEREG?, AT+C5GREG?). It may not be a 3GPP module."));
	return DS_OK;
}

/** Queries +COPS? and parses it. */
static ds_status atmodem_cops(ds_call *call, ds_device *dev, at_cops *out)
{
	at_response resp;
	ds_status st = atmodem_run(call, dev, "AT+COPS?", ATMODEM_TIMEOUT_MS, &resp, true, NULL);
	const char *line;

	if (st != DS_OK)
		return st;
	line = at_response_find(&resp, "+COPS:");
	if (!line || at_parse_cops(line, out) < 0)
		return DS_ERR_DEVICE;
	return DS_OK;
}

/** Sets the +COPS? operator format (0 long, 2 numeric). */
static ds_status atmodem_cops_format(ds_call *call, ds_device *dev, int format)
{
	char command[32];
	at_response resp;

	snprintf(command, sizeof command, "AT+COPS=3,%d", format);
	return atmodem_run(call, dev, command, ATMODEM_TIMEOUT_MS, &resp, true, NULL);
}

/** Fills operator code, name and (when still unknown) technology; the
 *  module's chosen format is put back afterwards. */
static ds_status atmodem_operator(ds_call *call, ds_device *dev, ds_cellular_status *out)
{
	at_cops first, cops;
	ds_status st = atmodem_cops(call, dev, &first);

	if (st != DS_OK || first.format < 0)
		return st == DS_ERR_DEVICE ? DS_OK : st; /* no operator: nothing to fill */
	if (!out->rat)
		out->rat = atmodem_rat(first.act);
	for (int format = 2; format >= 0; format -= 2) {
		cops = first;
		if (first.format != format) {
			st = atmodem_cops_format(call, dev, format);
			if (st == DS_OK)
				st = atmodem_cops(call, dev, &cops);
			if (st != DS_OK && st != DS_ERR_DEVICE)
				return st;
			if (st != DS_OK || cops.format != format)
				continue;
		}
		if (format == 2)
			at_copy(out->operator_code, sizeof out->operator_code, cops.oper);
		else
			at_copy(out->operator_name, sizeof out->operator_name, cops.oper);
	}
	if (first.format != 0) {
		st = atmodem_cops_format(call, dev, first.format);
		if (st != DS_OK && st != DS_ERR_DEVICE)
			return st;
	}
	return DS_OK;
}

/** Fills the signal fields from +CSQ and +CESQ (either may be missing). */
static ds_status atmodem_signal(ds_call *call, ds_device *dev, ds_cellular_status *out)
{
	at_response resp;
	const char *line;
	ds_status st;
	at_csq csq;
	at_cesq cesq;

	st = atmodem_run(call, dev, "AT+CSQ", ATMODEM_TIMEOUT_MS, &resp, true, NULL);
	if (st != DS_OK && st != DS_ERR_DEVICE)
		return st;
	line = st == DS_OK ? at_response_find(&resp, "+CSQ:") : NULL;
	if (line && at_parse_csq(line, &csq) == 0)
		out->rssi_dbm = csq.rssi_dbm;
	st = atmodem_run(call, dev, "AT+CESQ", ATMODEM_TIMEOUT_MS, &resp, true, NULL);
	if (st != DS_OK && st != DS_ERR_DEVICE)
		return st;
	line = st == DS_OK ? at_response_find(&resp, "+CESQ:") : NULL;
	if (line && at_parse_cesq(line, &cesq) == 0) {
		bool nr = out->rat == DS_RAT_5G && cesq.ss_rsrp_dbm != AT_UNKNOWN;

		out->rsrp_dbm = nr ? cesq.ss_rsrp_dbm : cesq.rsrp_dbm;
		out->rsrq_db10 = nr ? cesq.ss_rsrq_db10 : cesq.rsrq_db10;
		out->sinr_db10 = cesq.ss_sinr_db10; /* 27.007 reports SINR for NR only */
	}
	return DS_OK;
}

ds_status atmodem_cellular_status(ds_call *call, ds_device *dev, ds_cellular_status *out)
{
	static const ds_registration map[] = {
		[AT_REG_UNKNOWN] = DS_REG_UNKNOWN, [AT_REG_NOT_REGISTERED] = DS_REG_NOT_REGISTERED,
		[AT_REG_HOME] = DS_REG_HOME, [AT_REG_SEARCHING] = DS_REG_SEARCHING,
		[AT_REG_DENIED] = DS_REG_DENIED, [AT_REG_ROAMING] = DS_REG_ROAMING,
	};
	at_reg reg;
	ds_status st;

	out->rssi_dbm = out->rsrp_dbm = out->rsrq_db10 = out->sinr_db10 = INT32_MIN;
	atmodem_host->progress(call, 100, D_("Reading the registration"));
	st = atmodem_registration(call, dev, &reg);
	if (st != DS_OK)
		return st;
	out->registration = map[reg.state];
	out->rat = atmodem_rat(reg.act);
	atmodem_host->progress(call, 500, D_("Reading the operator"));
	st = atmodem_operator(call, dev, out);
	if (st != DS_OK)
		return st;
	atmodem_host->progress(call, 800, D_("Reading the signal"));
	st = atmodem_signal(call, dev, out);
	if (st != DS_OK)
		return st;
	st = atmodem_read_iccid(call, dev); /* the profile in use may have changed since open */
	if (st != DS_OK)
		return st;
	at_copy(out->iccid, sizeof out->iccid, dev->iccid);
	return DS_OK;
}

ds_status atmodem_cellular_status_op(ds_call *call, ds_device *dev, ds_cellular_status *out)
{
	bool fresh = dev->listed_status_kept && dev->listed_status_commands == dev->at_commands &&
		     atmodem_now_ms() - dev->listed_status_ms < ATMODEM_STATUS_REUSE_MS;

	/* kept for one use only: a later question gets a new answer */
	dev->listed_status_kept = false;
	if (fresh) {
		*out = dev->listed_status;
		return DS_OK;
	}
	return atmodem_cellular_status(call, dev, out);
}

/** Runs AT+COPS=? and keeps its list in the device. */
static ds_status atmodem_scan(ds_call *call, ds_device *dev)
{
	static at_response resp; /* large; calls into one plugin are serialised by the host */
	const char *line;
	int n;
	ds_status st;

	dev->scanned = false;
	dev->n_scan = 0;
	st = atmodem_run(call, dev, "AT+COPS=?", ATMODEM_SCAN_TIMEOUT_MS, &resp, false,
			 D_("Searching for mobile networks; this can take a few minutes"));
	if (st != DS_OK)
		return st;
	line = at_response_find(&resp, "+COPS:");
	n = line ? at_parse_cops_list(line, dev->scan, ATMODEM_SCAN_MAX) : -1;
	if (n < 0)
		return atmodem_host->fail(call, DS_ERR_DEVICE, "%s",
					  D_("The cellular module's list of networks could not be read. Try the search again."));
	dev->n_scan = (size_t)n;
	dev->scanned = true;
	return DS_OK;
}

ds_status atmodem_operator_scan(ds_call *call, ds_device *dev, size_t index, ds_network *out)
{
	const at_network *net;
	ds_status st;

	if (index == 0 || !dev->scanned) {
		st = atmodem_scan(call, dev);
		if (st != DS_OK)
			return st;
	}
	if (index >= dev->n_scan)
		return DS_ERR_NOT_FOUND;
	net = &dev->scan[index];
	snprintf(out->mcc, sizeof out->mcc, "%.3s", net->code);
	at_copy(out->mnc, sizeof out->mnc, strlen(net->code) > 3 ? net->code + 3 : "");
	at_copy(out->operator_name, sizeof out->operator_name,
		     net->long_name[0] ? net->long_name : net->short_name);
	out->rat = atmodem_rat(net->act);
	out->state = net->stat == AT_NET_AVAILABLE ? DS_NET_AVAILABLE
		     : net->stat == AT_NET_CURRENT ? DS_NET_CURRENT
		     : net->stat == AT_NET_FORBIDDEN ? DS_NET_FORBIDDEN : DS_NET_UNKNOWN;
	out->rssi_dbm = INT32_MIN;
	return DS_OK;
}

uint64_t atmodem_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/** True when the module is attached for packet data (+CGATT: 1); a module
 *  without +CGATT counts as attached once registered. */
static ds_status atmodem_attached(ds_call *call, ds_device *dev, bool *attached)
{
	at_response resp;
	const char *line;
	ds_status st = atmodem_run(call, dev, "AT+CGATT?", ATMODEM_TIMEOUT_MS, &resp, true, NULL);
	int value = -1;

	*attached = st == DS_ERR_DEVICE;
	if (st != DS_OK)
		return st == DS_ERR_DEVICE ? DS_OK : st;
	line = at_response_find(&resp, "+CGATT:");
	if (line && sscanf(line + 7, "%d", &value) == 1)
		*attached = value == 1;
	return DS_OK;
}

ds_status atmodem_wait_online(ds_call *call, ds_device *dev, const char *iccid, bool attach, unsigned limit_ms,
			      const char *what)
{
	uint64_t start = atmodem_now_ms();
	bool registered = false, attached = false, right_profile = false;
	ds_status st;

	for (;;) {
		uint64_t elapsed = atmodem_now_ms() - start;
		char text[DS_TEXT_MAX];
		at_reg reg;

		st = atmodem_registration(call, dev, &reg);
		if (st != DS_OK && st != DS_ERR_UNSUPPORTED)
			return st;
		registered = st == DS_OK && (reg.state == AT_REG_HOME || reg.state == AT_REG_ROAMING);
		if (registered && iccid[0]) {
			st = atmodem_read_iccid(call, dev);
			if (st != DS_OK)
				return st;
			right_profile = dev->iccid[0] == '\0' || strcmp(dev->iccid, iccid) == 0;
		} else {
			right_profile = registered;
		}
		if (registered && right_profile && attach) {
			st = atmodem_attached(call, dev, &attached);
			if (st != DS_OK)
				return st;
		}
		if (registered && right_profile && (!attach || attached))
			return DS_OK;
		elapsed = atmodem_now_ms() - start;
		if (elapsed >= limit_ms)
			break;
		snprintf(text, sizeof text, D_("%s: %s (at most %u s more)"), what,
			 !registered      ? D_("registering")
			 : !right_profile ? D_("waiting for the new profile")
					  : D_("attaching for data"),
			 (unsigned)((limit_ms - elapsed + 999) / 1000));
		atmodem_host->progress(call, (unsigned)(elapsed * 1000 / limit_ms), text);
		st = atmodem_host->sleep(call, ATMODEM_POLL_MS);
		if (st != DS_OK)
			return atmodem_host->fail(call, st, "%s", D_("Cancelled."));
	}
	if (!registered || !right_profile)
		return atmodem_host->fail(call, DS_ERR_TIMEOUT,
					  D_("The module did not register on the network of the profile %s within %u s."),
					  iccid[0] ? iccid : "-", limit_ms / 1000);
	return atmodem_host->fail(call, DS_ERR_TIMEOUT,
				  D_("The module registered but did not attach for packet data within %u s."),
				  limit_ms / 1000);
}
