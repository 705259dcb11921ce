/* The site model. */
#include "app/core/site.h"
#include "app/core/site_certs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/base/i18n.h"

/** Copies src into a fixed-size field, always NUL-terminated. */
#define DS_COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

ds_site *ds_site_new(const char *name)
{
	ds_site *site = calloc(1, sizeof *site);

	if (!site)
		return NULL;
	DS_COPY(site->name, name);
	ds_site_now(site->created_at);
	DS_COPY(site->updated_at, site->created_at);
	site->current_step = DS_STEP_DEVICES;
	site->step_done[DS_STEP_WELCOME] = true;
	return site;
}

void ds_site_free(ds_site *site)
{
	if (!site)
		return;
	free(site->devices);
	free(site->checks);
	free(site->accounts);
	free(site->history);
	ds_site_certs_free(site);
	free(site);
}

ds_site_device *ds_site_find_device(ds_site *site, const char *plugin_id, const char *serial)
{
	for (size_t i = 0; i < site->n_devices; i++) {
		ds_site_device *d = &site->devices[i];

		if (strcmp(d->serial, serial) == 0 && (!plugin_id || strcmp(d->plugin_id, plugin_id) == 0))
			return d;
	}
	return NULL;
}

ds_site_device *ds_site_put_device(ds_site *site, const ds_site_device *dev)
{
	ds_site_device *known = ds_site_find_device(site, dev->plugin_id, dev->serial);

	if (known) {
		char name[DS_NAME_MAX], changed[32], ssid[33];

		/* Keep what only the site knows: the installer's name and history. */
		DS_COPY(name, known->name);
		DS_COPY(changed, known->password_changed_at);
		DS_COPY(ssid, known->wifi_ssid);
		*known = *dev;
		if (name[0])
			DS_COPY(known->name, name);
		if (!known->password_changed_at[0])
			DS_COPY(known->password_changed_at, changed);
		if (!known->wifi_ssid[0])
			DS_COPY(known->wifi_ssid, ssid);
		/* A fresh read of the primary account does not undo the other
		 * accounts still on a default (ds_site_account_rule). */
		for (size_t i = 0; i < site->n_accounts; i++) {
			const ds_site_account *a = &site->accounts[i];

			if (!a->primary && a->on_factory_default && strcmp(a->plugin_id, dev->plugin_id) == 0 &&
			    strcmp(a->device_serial, dev->serial) == 0)
				known->on_factory_default = true;
		}
		return known;
	}
	ds_site_device *grown = realloc(site->devices, (site->n_devices + 1) * sizeof *grown);

	if (!grown)
		return NULL;
	site->devices = grown;
	site->devices[site->n_devices] = *dev;
	return &site->devices[site->n_devices++];
}

void ds_site_remove_device(ds_site *site, size_t index)
{
	if (index >= site->n_devices)
		return;
	for (size_t i = site->n_accounts; i-- > 0;)
		if (strcmp(site->accounts[i].plugin_id, site->devices[index].plugin_id) == 0 &&
		    strcmp(site->accounts[i].device_serial, site->devices[index].serial) == 0)
			memmove(&site->accounts[i], &site->accounts[i + 1],
				(--site->n_accounts - i) * sizeof *site->accounts);
	memmove(&site->devices[index], &site->devices[index + 1],
		(site->n_devices - index - 1) * sizeof *site->devices);
	site->n_devices--;
}

void ds_site_profile_set(ds_site_profile *out, const ds_esim_profile *p)
{
	memset(out, 0, sizeof *out);
	DS_COPY(out->iccid, p->iccid);
	snprintf(out->operator_code, sizeof out->operator_code, "%s%s", p->mcc, p->mnc);
	DS_COPY(out->operator_name, p->operator_name);
	out->rats = p->rats;
}

int ds_site_put_check(ds_site *site, const char *device_serial, const ds_check *check)
{
	for (size_t i = 0; i < site->n_checks; i++) {
		ds_site_check *c = &site->checks[i];

		if (strcmp(c->device_serial, device_serial) == 0 && strcmp(c->check.id, check->id) == 0) {
			c->check = *check;
			return 0;
		}
	}
	ds_site_check *grown = realloc(site->checks, (site->n_checks + 1) * sizeof *grown);

	if (!grown)
		return -1;
	site->checks = grown;
	memset(&site->checks[site->n_checks], 0, sizeof *grown);
	DS_COPY(site->checks[site->n_checks].device_serial, device_serial);
	site->checks[site->n_checks].check = *check;
	site->n_checks++;
	return 0;
}

void ds_site_clear_checks(ds_site *site)
{
	free(site->checks);
	site->checks = NULL;
	site->n_checks = 0;
}

void ds_site_note(ds_site *site, const char *fmt, ...)
{
	ds_site_event *grown = realloc(site->history, (site->n_history + 1) * sizeof *grown);
	va_list ap;

	if (!grown)
		return;
	site->history = grown;
	ds_site_event *e = &site->history[site->n_history++];

	memset(e, 0, sizeof *e);
	ds_site_now(e->at);
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof e->text, fmt, ap);
	va_end(ap);
}

size_t ds_site_devices_on_default(const ds_site *site)
{
	size_t n = 0;

	for (size_t i = 0; i < site->n_devices; i++)
		if (site->devices[i].has_password && site->devices[i].on_factory_default)
			n++;
	return n;
}

void ds_site_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *const ds_step_ids[DS_STEP_COUNT] = {
	[DS_STEP_WELCOME] = "welcome",
	[DS_STEP_DEVICES] = "devices",
	[DS_STEP_PASSWORDS] = "passwords",
	[DS_STEP_CELLULAR] = "cellular",
	[DS_STEP_DIAGNOSTICS] = "diagnostics",
	[DS_STEP_SUMMARY] = "summary",
};

const char *ds_step_id(ds_step step)
{
	return (unsigned)step < DS_STEP_COUNT ? ds_step_ids[step] : "unknown";
}

ds_step ds_step_from_id(const char *id)
{
	for (int i = 0; i < DS_STEP_COUNT; i++)
		if (id && strcmp(id, ds_step_ids[i]) == 0)
			return (ds_step)i;
	return DS_STEP_COUNT;
}

/** Identifier and translatable name of each device kind. */
static const struct {
	const char *id;
	const char *name;
} ds_kinds[] = {
	[DS_KIND_OTHER] = { "other", N_("Device") },
	[DS_KIND_PANEL] = { "panel", N_("Alarm panel") },
	[DS_KIND_DOOR_CONTACT] = { "door-contact", N_("Door contact") },
	[DS_KIND_MOTION] = { "motion-sensor", N_("Motion sensor") },
	[DS_KIND_CAMERA] = { "camera", N_("Camera") },
	[DS_KIND_SIREN] = { "siren", N_("Siren") },
	[DS_KIND_KEYPAD] = { "keypad", N_("Keypad") },
	[DS_KIND_SMOKE] = { "smoke-detector", N_("Smoke detector") },
	[DS_KIND_MODEM] = { "modem", N_("Cellular modem") },
};

const char *ds_kind_id(ds_device_kind kind)
{
	return (unsigned)kind <= DS_KIND_MODEM ? ds_kinds[kind].id : "other";
}

const char *ds_kind_name(ds_device_kind kind)
{
	return _((unsigned)kind <= DS_KIND_MODEM ? ds_kinds[kind].name : ds_kinds[0].name);
}

const char *ds_failover_id(ds_failover_outcome outcome)
{
	switch (outcome) {
	case DS_FAILOVER_NOT_RUN: return "not-run";
	case DS_FAILOVER_PASSED: return "passed";
	case DS_FAILOVER_FAILED: return "failed";
	case DS_FAILOVER_STUCK: return "stuck-on-backup";
	}
	return "not-run";
}
