/* The panel's eSIM (eUICC): its operator profiles, the primary and backup
 * roles, and downloading a new profile from an activation code
 * ("LPA:1$<SM-DP+ address>$<matching ID>[$<OID>[$1]]", SGP.22). The
 * activation and confirmation codes are secrets: they are read in place,
 * never copied, logged or quoted in a message. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "demo.h"

/** The confirmation code the simulated SM-DP+ servers expect. */
#define DEMO_CONFIRMATION_CODE "4711"
/** Digits of a generated ICCID before its Luhn check digit. */
#define DEMO_ICCID_BODY 19

static const ds_esim_profile demo_factory_profiles[] = {
	{
		.iccid = "89490122183456100175",
		.mcc = "262",
		.mnc = "01",
		.operator_name = "Telekom Deutschland",
		.nickname = "Telekom IoT",
		.enabled = true,
		.role = DS_ROLE_PRIMARY,
		.rats = DS_RAT_LTE | DS_RAT_LTE_M | DS_RAT_NB_IOT,
		.service_provider = "Telekom Deutschland",
		.profile_name = "Telekom Deutschland IoT",
		.profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		.in_reach = true,
		.rssi_dbm = -67,
		.rsrp_dbm = -95,
	},
	{
		.iccid = "89490221077334821954",
		.mcc = "262",
		.mnc = "02",
		.operator_name = "Vodafone Germany",
		.nickname = "Vodafone Business",
		.rats = DS_RAT_LTE | DS_RAT_LTE_M | DS_RAT_5G,
		.service_provider = "Vodafone Germany",
		.profile_name = "Vodafone Germany IoT",
		.profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		.in_reach = true,
		.rssi_dbm = -79,
		.rsrp_dbm = -106,
	},
	{
		.iccid = "89490309162027595340",
		.mcc = "262",
		.mnc = "03",
		.operator_name = "Telefónica Germany",
		.nickname = "o2 legacy",
		.rats = DS_RAT_2G | DS_RAT_3G,
		.service_provider = "Telefónica Germany",
		.profile_name = "Telefónica Germany IoT",
		.profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		.in_reach = true,
		.rssi_dbm = -91,
		.rsrp_dbm = INT32_MIN,
	},
	{
		.iccid = "89330144205833166280",
		.mcc = "208",
		.mnc = "01",
		.operator_name = "Orange France",
		.nickname = "Orange roaming",
		.rats = DS_RAT_LTE,
		.service_provider = "Orange France",
		.profile_name = "Orange France IoT",
		.profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		.in_reach = false,
		.rssi_dbm = INT32_MIN,
		.rsrp_dbm = INT32_MIN,
	},
	{
		.iccid = "89490122183456100258",
		.mcc = "262",
		.mnc = "01",
		.operator_name = "Telekom Deutschland",
		.nickname = "Telekom M2M",
		.rats = DS_RAT_LTE_M | DS_RAT_NB_IOT,
		.service_provider = "Telekom Deutschland",
		.profile_name = "Telekom Deutschland IoT",
		.profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		.in_reach = true,
		.rssi_dbm = -70,
		.rsrp_dbm = -99,
	},
};

/** What a simulated SM-DP+ server hands out (host NULL: any other server). */
typedef struct demo_smdp {
	const char *host;
	const char *iccid_prefix;
	ds_esim_profile profile;
} demo_smdp;

static const demo_smdp demo_smdp_servers[] = {
	{ .host = "smdp.telekom.example",
	  .iccid_prefix = "894901",
	  .profile = { .mcc = "262",
		       .mnc = "01",
		       .operator_name = "Telekom Deutschland",
		       .nickname = "Telekom (downloaded)",
		       .rats = DS_RAT_LTE | DS_RAT_LTE_M | DS_RAT_NB_IOT,
		       .service_provider = "Telekom Deutschland",
		       .profile_name = "Telekom Deutschland IoT",
		       .profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		       .in_reach = true,
		       .rssi_dbm = -68,
		       .rsrp_dbm = -96 } },
	{ .host = "smdp.vodafone.example",
	  .iccid_prefix = "894902",
	  .profile = { .mcc = "262",
		       .mnc = "02",
		       .operator_name = "Vodafone Germany",
		       .nickname = "Vodafone (downloaded)",
		       .rats = DS_RAT_LTE | DS_RAT_LTE_M | DS_RAT_5G,
		       .service_provider = "Vodafone Germany",
		       .profile_name = "Vodafone Germany IoT",
		       .profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		       .in_reach = true,
		       .rssi_dbm = -80,
		       .rsrp_dbm = -107 } },
	{ .host = "smdp.o2.example",
	  .iccid_prefix = "894903",
	  .profile = { .mcc = "262",
		       .mnc = "03",
		       .operator_name = "Telefónica Germany",
		       .nickname = "o2 (downloaded)",
		       .rats = DS_RAT_2G | DS_RAT_3G | DS_RAT_LTE,
		       .service_provider = "Telefónica Germany",
		       .profile_name = "Telefónica Germany IoT",
		       .profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		       .in_reach = true,
		       .rssi_dbm = -88,
		       .rsrp_dbm = -112 } },
	{ .host = "smdp.free.example",
	  .iccid_prefix = "893315",
	  .profile = { .mcc = "208",
		       .mnc = "15",
		       .operator_name = "Free Mobile",
		       .nickname = "Free (downloaded, roaming)",
		       .rats = DS_RAT_LTE,
		       .service_provider = "Free Mobile",
		       .profile_name = "Free Mobile IoT",
		       .profile_class = DS_PROFILE_CLASS_OPERATIONAL,
		       .in_reach = true,
		       .rssi_dbm = -74,
		       .rsrp_dbm = -101 } },
	{ .host = NULL,
	  .iccid_prefix = "8900101",
	  .profile = { .mcc = "001",
		       .mnc = "01",
		       .operator_name = "Test network",
		       .nickname = "Downloaded profile",
		       .rats = DS_RAT_LTE | DS_RAT_LTE_M,
		       .service_provider = "Test network",
		       .profile_name = "Test network IoT",
		       .profile_class = DS_PROFILE_CLASS_TEST,
		       .in_reach = true,
		       .rssi_dbm = -75,
		       .rsrp_dbm = -103 } },
};

/** A piece of a secret string, read in place. */
typedef struct demo_span {
	const char *p;
	size_t len;
} demo_span;

/** Fills the factory profiles of the panel's eUICC; returns how many. */
size_t demo_esim_factory(ds_esim_profile *profiles, size_t max)
{
	size_t n = sizeof demo_factory_profiles / sizeof demo_factory_profiles[0];

	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		profiles[i] = demo_factory_profiles[i];
	return n;
}

/** The enabled profile, or NULL. */
ds_esim_profile *demo_esim_enabled(void)
{
	for (size_t i = 0; i < demo.mem.n_profiles; i++)
		if (demo.mem.profiles[i].enabled)
			return &demo.mem.profiles[i];
	return NULL;
}

/** The profile with this role, or NULL. */
ds_esim_profile *demo_esim_with_role(ds_profile_role role)
{
	for (size_t i = 0; i < demo.mem.n_profiles; i++)
		if (demo.mem.profiles[i].role == role)
			return &demo.mem.profiles[i];
	return NULL;
}

/** The profile with this ICCID, or NULL. */
ds_esim_profile *demo_esim_lookup(const char *iccid)
{
	if (iccid)
		for (size_t i = 0; i < demo.mem.n_profiles; i++)
			if (strcmp(demo.mem.profiles[i].iccid, iccid) == 0)
				return &demo.mem.profiles[i];
	return NULL;
}

/** Records that no profile has this ICCID. */
static ds_status demo_esim_missing(ds_call *call, const char *iccid)
{
	return demo.host->fail(call, DS_ERR_NOT_FOUND,
			       D_("no profile with ICCID %s is on the panel's eSIM; list the profiles "
				  "and pick one of them"),
			       iccid ? iccid : "");
}

/** esim_profile operation. */
ds_status demo_esim_profile(ds_call *call, ds_device *dev, size_t index, ds_esim_profile *out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_ESIM);

	if (st != DS_OK)
		return st;
	if (index >= demo.mem.n_profiles)
		return DS_ERR_NOT_FOUND;
	if (index == 0) {
		st = demo_work(call, 300, 0, 1000, D_("Reading the eSIM profiles..."));
		if (st != DS_OK)
			return st;
	}
	*out = demo.mem.profiles[index];
	return DS_OK;
}

/** The eSIM profile with this ICCID on a device that has an eSIM; NULL with
 *  *st set (and the message recorded) when there is none. */
ds_esim_profile *demo_esim_find(ds_call *call, ds_device *dev, const char *iccid, ds_status *st)
{
	ds_esim_profile *p;

	*st = demo_require(call, dev, DS_FEATURE_ESIM);
	if (*st != DS_OK)
		return NULL;
	p = demo_esim_lookup(iccid);
	if (!p)
		*st = demo_esim_missing(call, iccid);
	return p;
}

/** esim_set_primary operation: enables the profile and makes it the primary. */
ds_status demo_esim_set_primary(ds_call *call, ds_device *dev, const char *iccid)
{
	ds_status st;
	ds_esim_profile *p = demo_esim_find(call, dev, iccid, &st);

	if (!p)
		return st;
	if (!p->in_reach)
		return demo.host->fail(call, DS_ERR_DEVICE,
				       D_("no %s network is in reach here, so the panel would lose its mobile "
					  "connection; choose an operator with signal as the primary"),
				       p->operator_name);
	st = demo_work(call, 300, 0, 400, D_("Disabling the current profile..."));
	if (st == DS_OK)
		st = demo_work(call, 300, 400, 900, D_("Enabling the new primary profile..."));
	if (st != DS_OK)
		return st;
	for (size_t i = 0; i < demo.mem.n_profiles; i++) {
		ds_esim_profile *other = &demo.mem.profiles[i];

		if (other->enabled && other != p)
			demo_esim_notify(DS_NOTIFY_DISABLE, other->iccid);
		other->enabled = false;
		if (other->role == DS_ROLE_PRIMARY)
			other->role = DS_ROLE_NONE;
	}
	if (!p->enabled)
		demo_esim_notify(DS_NOTIFY_ENABLE, p->iccid);
	p->enabled = true;
	p->role = DS_ROLE_PRIMARY;
	st = demo_commit(call);
	if (st == DS_OK)
		demo.host->progress(call, 1000, D_("The primary profile is enabled."));
	return st;
}

/** esim_set_backup operation: the profile the panel falls back to. */
ds_status demo_esim_set_backup(ds_call *call, ds_device *dev, const char *iccid)
{
	ds_status st;
	ds_esim_profile *p = demo_esim_find(call, dev, iccid, &st);

	if (!p)
		return st;
	if (p->role == DS_ROLE_PRIMARY)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("this profile is the primary; choose a different profile as the backup"));
	st = demo_work(call, 400, 0, 900, D_("Setting the backup profile..."));
	if (st != DS_OK)
		return st;
	for (size_t i = 0; i < demo.mem.n_profiles; i++)
		if (demo.mem.profiles[i].role == DS_ROLE_BACKUP)
			demo.mem.profiles[i].role = DS_ROLE_NONE;
	p->role = DS_ROLE_BACKUP;
	st = demo_commit(call);
	if (st == DS_OK)
		demo.host->progress(call, 1000, D_("The backup profile is set."));
	return st;
}

/** True when the span holds only characters of set, and at least one. */
static bool demo_span_only(demo_span s, const char *set)
{
	if (s.len == 0)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!isalnum((unsigned char)s.p[i]) && !strchr(set, s.p[i]))
			return false;
	return true;
}

/** True when the span starts with prefix (case-insensitive). */
static bool demo_span_starts(demo_span s, const char *prefix)
{
	size_t n = strlen(prefix);

	return s.len >= n && strncasecmp(s.p, prefix, n) == 0;
}

/** Splits an activation code; says what is wrong with a malformed one (quoting nothing of it). */
static ds_status demo_parse_code(ds_call *call, const char *code, demo_span *smdp, demo_span *matching,
				 bool *cc_required)
{
	demo_span part[5];
	const char *p;
	size_t n = 0;

	if (strncmp(code, "LPA:", 4) != 0)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("this is not an eSIM activation code: it should start with \"LPA:1$\"; "
					  "scan the operator's QR code again"));
	for (p = code + 4; p; n++) {
		const char *dollar = strchr(p, '$');

		if (n == 5)
			return demo.host->fail(call, DS_ERR_INVALID, "%s",
					       D_("the activation code has more parts than an activation code "
						  "can have; scan the operator's QR code again"));
		part[n].p = p;
		part[n].len = dollar ? (size_t)(dollar - p) : strlen(p);
		p = dollar ? dollar + 1 : NULL;
	}
	if (part[0].len != 1 || part[0].p[0] != '1')
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("the activation code has an unknown format (it should start with "
					  "\"LPA:1$\"); check it with the operator"));
	if (n < 3 || part[1].len == 0 || part[2].len == 0)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("the activation code is incomplete: it needs an SM-DP+ address and "
					  "a matching ID (LPA:1$address$matching-id); scan the QR code again"));
	if (part[1].len > 253 || !demo_span_only(part[1], ".-"))
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("the SM-DP+ address in the activation code is not a valid host name; "
					  "scan the QR code again"));
	if (part[2].len > 64 || !demo_span_only(part[2], "-"))
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("the matching ID in the activation code has characters it cannot "
					  "have (only letters, digits and -); scan the QR code again"));
	*smdp = part[1];
	*matching = part[2];
	*cc_required = n == 5 && part[4].len == 1 && part[4].p[0] == '1';
	return DS_OK;
}

/** The simulated server at this SM-DP+ address (the generic one if unknown). */
static const demo_smdp *demo_smdp_for(demo_span smdp)
{
	size_t n = sizeof demo_smdp_servers / sizeof demo_smdp_servers[0];

	for (size_t i = 0; i + 1 < n; i++) {
		const char *h = demo_smdp_servers[i].host;

		if (strlen(h) == smdp.len && strncasecmp(h, smdp.p, smdp.len) == 0)
			return &demo_smdp_servers[i];
	}
	return &demo_smdp_servers[n - 1];
}

/** The SM-DP+ server a profile came from (by its ICCID's prefix). */
const char *demo_esim_smdp_of(const char *iccid)
{
	size_t n = sizeof demo_smdp_servers / sizeof demo_smdp_servers[0];

	for (size_t i = 0; i + 1 < n; i++)
		if (strncmp(iccid, demo_smdp_servers[i].iccid_prefix, strlen(demo_smdp_servers[i].iccid_prefix)) == 0)
			return demo_smdp_servers[i].host;
	return "smdp.example";
}

/** Makes a new ICCID: prefix, random digits, Luhn check digit (20 digits). */
static void demo_make_iccid(const char *prefix, char *out, size_t size)
{
	char digits[DEMO_ICCID_BODY + 2];
	size_t len = strlen(prefix);
	unsigned sum = 0;

	memcpy(digits, prefix, len);
	for (; len < DEMO_ICCID_BODY; len++) {
		uint8_t r;

		demo.host->random(&r, sizeof r);
		digits[len] = (char)('0' + r % 10);
	}
	for (size_t i = 0; i < DEMO_ICCID_BODY; i++) {
		unsigned d = (unsigned)(digits[DEMO_ICCID_BODY - 1 - i] - '0');

		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	digits[DEMO_ICCID_BODY] = (char)('0' + (10 - sum % 10) % 10);
	digits[DEMO_ICCID_BODY + 1] = '\0';
	ds_text_copy(out, size, digits);
}

/** Checks the confirmation code if the server asks for one. */
static ds_status demo_confirm(ds_call *call, demo_span matching, bool cc_required, const char *confirmation)
{
	if (!cc_required && !demo_span_starts(matching, "CC-"))
		return DS_OK;
	if (!confirmation || !*confirmation)
		return demo.host->fail(call, DS_ERR_AUTH, "%s",
				       D_("this activation code needs a confirmation code from the operator; "
					  "enter it and try again"));
	if (!demo_equal(confirmation, DEMO_CONFIRMATION_CODE))
		return demo.host->fail(call, DS_ERR_AUTH, "%s",
				       D_("the operator's server refused the confirmation code; check it "
					  "with the operator and try again"));
	return DS_OK;
}

/** esim_download operation: fetches and installs a profile (disabled, no role). */
ds_status demo_esim_download(ds_call *call, ds_device *dev, const char *activation_code,
			     const char *confirmation_code)
{
	demo_span smdp = { 0 }, matching = { 0 };
	bool cc_required = false;
	const demo_smdp *server;
	ds_esim_profile p;
	ds_status st = demo_require(call, dev, DS_FEATURE_ESIM);

	if (st != DS_OK)
		return st;
	if (!activation_code || !*activation_code)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("no activation code was given; scan the operator's QR code or type "
					  "the code that starts with \"LPA:1$\""));
	st = demo_parse_code(call, activation_code, &smdp, &matching, &cc_required);
	if (st != DS_OK)
		return st;
	if (demo.mem.n_profiles >= DEMO_MAX_PROFILES)
		return demo.host->fail(call, DS_ERR_DEVICE,
				       D_("the panel's eSIM has no room for another profile (it holds %d); "
					  "use one of the profiles it has"),
				       DEMO_MAX_PROFILES);
	st = demo_work(call, 500, 0, 300, D_("Contacting the operator's SM-DP+ server..."));
	if (st == DS_OK)
		st = demo_confirm(call, matching, cc_required, confirmation_code);
	if (st != DS_OK)
		return st;
	if (demo_span_starts(matching, "USED-"))
		return demo.host->fail(call, DS_ERR_DEVICE, "%s",
				       D_("the operator's server refused the activation code: it was already "
					  "used or has expired; ask the operator for a new one"));
	st = demo_work(call, 600, 300, 750, D_("Downloading the profile..."));
	if (st == DS_OK)
		st = demo_work(call, 400, 750, 950, D_("Installing the profile..."));
	if (st != DS_OK)
		return st;

	server = demo_smdp_for(smdp);
	p = server->profile;
	do {
		demo_make_iccid(server->iccid_prefix, p.iccid, sizeof p.iccid);
	} while (demo_esim_lookup(p.iccid) != NULL);
	demo.mem.profiles[demo.mem.n_profiles++] = p;
	demo_esim_notify(DS_NOTIFY_INSTALL, p.iccid);
	st = demo_commit(call);
	if (st != DS_OK) {
		demo.mem.n_profiles--;
		return st;
	}
	demo.host->log(DS_LOG_INFO, "demo: installed a %s profile, ICCID %s", p.operator_name, p.iccid);
	demo.host->progress(call, 1000, D_("The profile is installed; make it the primary or the backup."));
	return DS_OK;
}
