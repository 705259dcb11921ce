/* The panel's cellular link as the module reports it, and the failover
 * test: switch to the backup profile, check connectivity, switch back.
 * The simulated faults (demo_fault_effective) make the test fail. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"

/** The country the simulated panel stands in. */
#define DEMO_HOME_MCC "262"

/** The best access technology of a profile, or 0. */
static uint32_t demo_best_rat(uint32_t rats)
{
	static const uint32_t order[] = { DS_RAT_5G, DS_RAT_LTE, DS_RAT_LTE_M, DS_RAT_NB_IOT, DS_RAT_3G, DS_RAT_2G };

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (rats & order[i])
			return order[i];
	return 0;
}

/** Fills the link state the panel has now (no waiting). */
void demo_cellular_read(ds_cellular_status *out)
{
	const ds_esim_profile *p = demo_esim_enabled();
	uint32_t rat;

	memset(out, 0, sizeof *out);
	out->rssi_dbm = out->rsrp_dbm = out->rsrq_db10 = out->sinr_db10 = INT32_MIN;
	if (!p) {
		out->registration = DS_REG_NOT_REGISTERED;
		return;
	}
	ds_text_copy(out->iccid, sizeof out->iccid, p->iccid);
	if (!p->in_reach) {
		out->registration = DS_REG_SEARCHING;
		return;
	}
	rat = demo_best_rat(p->rats);
	out->registration = strcmp(p->mcc, DEMO_HOME_MCC) == 0 ? DS_REG_HOME : DS_REG_ROAMING;
	out->rat = rat;
	snprintf(out->operator_code, sizeof out->operator_code, "%s%s", p->mcc, p->mnc);
	ds_text_copy(out->operator_name, sizeof out->operator_name, p->operator_name);
	out->rssi_dbm = p->rssi_dbm + demo_jitter(2);
	if (rat & (DS_RAT_LTE | DS_RAT_LTE_M | DS_RAT_NB_IOT | DS_RAT_5G) && p->rsrp_dbm != INT32_MIN) {
		int32_t rsrp = p->rsrp_dbm + demo_jitter(2);
		int32_t rsrq = -50 - (-rsrp - 80) * 4 + demo_jitter(5);

		/* RSRQ from -3 dB (clean) to -20 dB; SINR falls with RSRP. */
		out->rsrp_dbm = rsrp;
		out->rsrq_db10 = rsrq > -30 ? -30 : rsrq < -200 ? -200 : rsrq;
		out->sinr_db10 = (rsrp + 125) * 5 + demo_jitter(10);
	}
}

/** cellular_status operation. */
ds_status demo_cellular_status(ds_call *call, ds_device *dev, ds_cellular_status *out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_CELLULAR);

	if (st == DS_OK)
		st = demo_work(call, 300, 0, 1000, D_("Reading the mobile connection..."));
	if (st == DS_OK)
		demo_cellular_read(out);
	return st;
}

/** Milliseconds since start (monotonic clock). */
static uint32_t demo_elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint32_t)((now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000);
}

/** One failover stage: a message (printf-style), then ms of simulated work. */
static ds_status demo_stage(ds_call *call, unsigned ms, unsigned from, unsigned to, const char *format, ...)
	__attribute__((format(printf, 5, 6)));

/** One failover stage: a message (printf-style), then ms of simulated work. */
static ds_status demo_stage(ds_call *call, unsigned ms, unsigned from, unsigned to, const char *format, ...)
{
	char message[DS_TEXT_MAX];
	va_list ap;

	va_start(ap, format);
	vsnprintf(message, sizeof message, format, ap);
	va_end(ap);
	return demo_work(call, ms, from, to, message);
}

/** How long the connectivity check on the backup takes: 500 ms, or two
 *  minutes with DOORSTEP_DEMO_STALL=check (a check that never answers, for
 *  the host's time limit of each stage). */
static unsigned demo_check_ms(void)
{
	const char *stall = getenv("DOORSTEP_DEMO_STALL");

	return stall && strcmp(stall, "check") == 0 ? 120000 : 500;
}

/** Leaves the panel on its backup (the stuck-on-backup fault). */
static ds_status demo_stay_on_backup(ds_call *call, ds_esim_profile *backup)
{
	for (size_t i = 0; i < demo.mem.n_profiles; i++)
		demo.mem.profiles[i].enabled = false;
	backup->enabled = true;
	return demo_commit(call);
}

/** failover_test operation: switch to the backup, check, switch back. */
ds_status demo_failover_test(ds_call *call, ds_device *dev, ds_failover_result *out)
{
	ds_esim_profile *primary, *backup;
	struct timespec start;
	demo_fault fault;
	bool online;
	ds_status st = demo_require(call, dev, DS_FEATURE_CELLULAR);

	if (st != DS_OK)
		return st;
	primary = demo_esim_with_role(DS_ROLE_PRIMARY);
	backup = demo_esim_with_role(DS_ROLE_BACKUP);
	if (!backup)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("set a backup profile first: the test switches to it and back"));
	if (!primary)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("set a primary profile first: the test switches away from it and back"));
	fault = demo_fault_effective();
	online = backup->in_reach && fault != DEMO_FAULT_BACKUP_OFFLINE;

	clock_gettime(CLOCK_MONOTONIC, &start);
	st = demo_stage(call, 600, 0, 350, D_("Switching to the backup profile (%s)..."), backup->operator_name);
	if (st != DS_OK)
		return st;
	out->switched_to_backup = true;
	if (online)
		out->switch_ms = demo_elapsed_ms(&start);
	st = demo_stage(call, demo_check_ms(), 350, 650, D_("Checking the connection over %s..."), backup->operator_name);
	if (st != DS_OK)
		return st;
	out->backup_online = online;
	st = demo_stage(call, 600, 650, 1000, D_("Switching back to the primary profile (%s)..."),
			primary->operator_name);
	if (st != DS_OK)
		return st;

	if (fault == DEMO_FAULT_STUCK_ON_BACKUP) {
		st = demo_stay_on_backup(call, backup);
		if (st != DS_OK)
			return st;
		snprintf(out->detail, sizeof out->detail,
			 D_("The panel switched to %s but did not return to %s and is still on the backup. "
			    "Set the primary profile again, then repeat the test; if it happens again, "
			    "restart the panel."),
			 backup->operator_name, primary->operator_name);
		return demo.host->fail(call, DS_ERR_DEVICE, "%s", out->detail);
	}
	out->returned_to_primary = true;
	if (!online) {
		snprintf(out->detail, sizeof out->detail,
			 D_("The panel switched to %s but could not get online there, and went back to %s. "
			    "Choose a backup operator with signal at this site, then repeat the test."),
			 backup->operator_name, primary->operator_name);
		return demo.host->fail(call, DS_ERR_DEVICE, "%s", out->detail);
	}
	snprintf(out->detail, sizeof out->detail,
		 D_("The panel came online over %s in %.1f s and returned to %s. Failover works."),
		 backup->operator_name, out->switch_ms / 1000.0, primary->operator_name);
	demo.host->log(DS_LOG_INFO, "demo: failover test passed (%u ms)", (unsigned)out->switch_ms);
	return DS_OK;
}
