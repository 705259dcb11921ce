/* Operator choice rules and the recommendation. */
#include "app/mno/mno_rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"

/** The technologies being switched off. */
#define DS_MNO_LEGACY ((uint32_t)(DS_RAT_2G | DS_RAT_3G))

bool ds_mno_modern(const ds_esim_profile *p)
{
	return p->rats == 0 || (p->rats & ~DS_MNO_LEGACY) != 0;
}

bool ds_mno_same_network(const ds_esim_profile *a, const ds_esim_profile *b)
{
	return strcmp(a->mcc, b->mcc) == 0 && strcmp(a->mnc, b->mnc) == 0;
}

ds_choice_verdict ds_mno_check_choice(const ds_esim_profile *primary, const ds_esim_profile *backup, char *why,
				      size_t why_size)
{
	why[0] = '\0';
	if (!primary) {
		snprintf(why, why_size, "%s", _("Choose a primary profile."));
		return DS_CHOICE_REFUSED;
	}
	if (backup && strcmp(primary->iccid, backup->iccid) == 0) {
		snprintf(why, why_size, "%s", _("The primary and the backup must be two different profiles."));
		return DS_CHOICE_REFUSED;
	}
	if (backup && ds_mno_same_network(primary, backup)) {
		snprintf(why, why_size,
			 _("Both profiles use the same network (%s%s): a backup on the same network is no backup. "
			   "Choose a backup from another operator."), primary->mcc, primary->mnc);
		return DS_CHOICE_REFUSED;
	}
	if (!primary->in_reach || (backup && !backup->in_reach)) {
		snprintf(why, why_size,
			 _("No network of %s is in reach here. It will not work at this address."),
			 !primary->in_reach ? primary->operator_name : backup->operator_name);
		return DS_CHOICE_WARN;
	}
	if (!ds_mno_modern(primary) || (backup && !ds_mno_modern(backup))) {
		snprintf(why, why_size, "%s",
			 _("This profile can use only 2G/3G, which operators are switching off. Prefer an LTE, "
			   "LTE-M or NB-IoT profile."));
		return DS_CHOICE_WARN;
	}
	return DS_CHOICE_OK;
}

/** Ranks a profile for a role: out of reach never; modern before legacy,
 *  then by signal. Higher is better; INT32_MIN: not eligible. */
static int64_t ds_mno_score(const ds_esim_profile *p)
{
	int64_t rssi = p->rssi_dbm == INT32_MIN ? -200 : p->rssi_dbm;

	if (!p->in_reach)
		return INT32_MIN;
	return (ds_mno_modern(p) ? 1000 : 0) + rssi;
}

void ds_mno_recommend(const ds_esim_profile *p, size_t n, int *primary, int *backup)
{
	int64_t best = INT32_MIN;

	*primary = *backup = -1;
	for (size_t i = 0; i < n; i++) {
		if (ds_mno_score(&p[i]) > best) {
			best = ds_mno_score(&p[i]);
			*primary = (int)i;
		}
	}
	if (*primary < 0)
		return;
	best = INT32_MIN;
	for (size_t i = 0; i < n; i++) {
		if (ds_mno_same_network(&p[i], &p[*primary]))
			continue;
		if (ds_mno_score(&p[i]) > best) {
			best = ds_mno_score(&p[i]);
			*backup = (int)i;
		}
	}
}

const ds_network *ds_mno_scan_match(const ds_esim_profile *p, const ds_network *nets, size_t n_nets)
{
	const ds_network *best = NULL;

	for (size_t i = 0; i < n_nets; i++) {
		if (strcmp(nets[i].mcc, p->mcc) != 0 || strcmp(nets[i].mnc, p->mnc) != 0)
			continue;
		if (p->rats && nets[i].rat && !(p->rats & nets[i].rat))
			continue; /* a technology the profile cannot use */
		if (!best || (best->state == DS_NET_FORBIDDEN && nets[i].state != DS_NET_FORBIDDEN) ||
		    (nets[i].state != DS_NET_FORBIDDEN && nets[i].rssi_dbm != INT32_MIN &&
		     (best->rssi_dbm == INT32_MIN || nets[i].rssi_dbm > best->rssi_dbm)))
			best = &nets[i];
	}
	return best;
}

/** True when some scanned network is in the country of mcc. */
static bool ds_mno_scan_has_country(const char *mcc, const ds_network *nets, size_t n_nets)
{
	for (size_t i = 0; i < n_nets; i++)
		if (strcmp(nets[i].mcc, mcc) == 0)
			return true;
	return false;
}

void ds_mno_apply_scan(ds_esim_profile *p, size_t n, const ds_network *nets, size_t n_nets)
{
	for (size_t i = 0; i < n; i++) {
		const ds_network *net = ds_mno_scan_match(&p[i], nets, n_nets);

		if (!net && !ds_mno_scan_has_country(p[i].mcc, nets, n_nets))
			continue; /* a foreign profile roams: the module's own word stands */
		p[i].in_reach = net && net->state != DS_NET_FORBIDDEN;
		if (!p[i].in_reach)
			p[i].rssi_dbm = p[i].rsrp_dbm = INT32_MIN;
		else if (net->rssi_dbm != INT32_MIN)
			p[i].rssi_dbm = net->rssi_dbm;
	}
}
