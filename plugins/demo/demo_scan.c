/* The operator scan of the panel's cellular module (3GPP TS 27.007
 * AT+COPS=?): the mobile networks on air at the simulated site, each with
 * its technology and signal. The network the panel uses is marked current. */
#include <string.h>

#include "demo.h"

/** A network on air at the site: code, broadcast name, technology, signal. */
typedef struct demo_air {
	const char *mcc, *mnc, *name;
	uint32_t rat;
	int32_t rssi_dbm;
} demo_air;

/* The panel stands in Germany: the three network operators, each on
 * several technologies; no French network reaches it. The strongest signal
 * of each lies, with its jitter, inside one grade of the RSSI scale
 * (excellent, good, fair: docs/diagnostics.md). */
static const demo_air demo_on_air[] = {
	{ "262", "01", "Telekom.de", DS_RAT_LTE, -62 },  { "262", "01", "Telekom.de", DS_RAT_NB_IOT, -68 },
	{ "262", "02", "Vodafone.de", DS_RAT_LTE, -71 }, { "262", "02", "Vodafone.de", DS_RAT_5G, -80 },
	{ "262", "03", "o2 - de", DS_RAT_2G, -81 },      { "262", "03", "o2 - de", DS_RAT_LTE, -92 },
};

/** The networks found by the last scan (index 0 scans; later indexes read it). */
static ds_network demo_found[sizeof demo_on_air / sizeof demo_on_air[0]];

/** Fills demo_found from the air, marking the network of the enabled profile. */
static void demo_scan_fill(void)
{
	const ds_esim_profile *enabled = demo_esim_enabled();
	bool current_marked = false;

	for (size_t i = 0; i < sizeof demo_on_air / sizeof demo_on_air[0]; i++) {
		const demo_air *a = &demo_on_air[i];
		ds_network *n = &demo_found[i];

		memset(n, 0, sizeof *n);
		ds_text_copy(n->mcc, sizeof n->mcc, a->mcc);
		ds_text_copy(n->mnc, sizeof n->mnc, a->mnc);
		ds_text_copy(n->operator_name, sizeof n->operator_name, a->name);
		n->rat = a->rat;
		n->rssi_dbm = a->rssi_dbm + demo_jitter(2);
		n->state = DS_NET_AVAILABLE;
		if (!current_marked && enabled && enabled->in_reach && strcmp(enabled->mcc, a->mcc) == 0 &&
		    strcmp(enabled->mnc, a->mnc) == 0 && (enabled->rats & a->rat)) {
			n->state = DS_NET_CURRENT;
			current_marked = true;
		}
	}
}

/** operator_scan operation. */
ds_status demo_operator_scan(ds_call *call, ds_device *dev, size_t index, ds_network *out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_CELLULAR);

	if (st != DS_OK)
		return st;
	if (index == 0) {
		st = demo_work(call, 1500, 0, 1000, D_("Scanning for mobile networks..."));
		if (st != DS_OK)
			return st;
		demo_scan_fill();
	}
	if (index >= sizeof demo_found / sizeof demo_found[0])
		return DS_ERR_NOT_FOUND;
	*out = demo_found[index];
	return DS_OK;
}
