/* The accounts of the site's devices (ds_site.accounts) and the rule that
 * keeps a device on "factory default" while any of its accounts is. */
#include "app/core/site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** True when a belongs to the device plugin_id/serial. */
static bool ds_account_of(const ds_site_account *a, const char *plugin_id, const char *serial)
{
	return strcmp(a->plugin_id, plugin_id) == 0 && strcmp(a->device_serial, serial) == 0;
}

ds_site_account *ds_site_find_account(ds_site *site, const char *plugin_id, const char *serial, const char *user)
{
	for (size_t i = 0; i < site->n_accounts; i++)
		if (ds_account_of(&site->accounts[i], plugin_id, serial) && strcmp(site->accounts[i].user, user) == 0)
			return &site->accounts[i];
	return NULL;
}

ds_site_account *ds_site_put_account(ds_site *site, const char *plugin_id, const char *serial, const ds_account *a)
{
	ds_site_account *known = ds_site_find_account(site, plugin_id, serial, a->user);
	ds_site_account *grown;

	if (!known) {
		grown = realloc(site->accounts, (site->n_accounts + 1) * sizeof *grown);
		if (!grown)
			return NULL;
		site->accounts = grown;
		known = &site->accounts[site->n_accounts++];
		memset(known, 0, sizeof *known);
		snprintf(known->plugin_id, sizeof known->plugin_id, "%s", plugin_id);
		snprintf(known->device_serial, sizeof known->device_serial, "%s", serial);
		snprintf(known->user, sizeof known->user, "%s", a->user);
	} else if (known->done == DS_ACCOUNT_DELETED) {
		/* It is back (the device was reset, or the account made again). */
		known->done = DS_ACCOUNT_LEFT;
		known->done_at[0] = '\0';
	}
	known->role = a->role;
	known->primary = a->primary;
	known->on_factory_default = a->on_factory_default;
	known->can_delete = a->can_delete;
	known->rules = a->password;
	return known;
}

void ds_site_keep_accounts(ds_site *site, const char *plugin_id, const char *serial, const ds_account *list, size_t n)
{
	size_t kept = 0;

	for (size_t i = 0; i < site->n_accounts; i++) {
		const ds_site_account *a = &site->accounts[i];
		bool listed = false;

		for (size_t k = 0; k < n && !listed; k++)
			listed = strcmp(list[k].user, a->user) == 0;
		if (!ds_account_of(a, plugin_id, serial) || a->done == DS_ACCOUNT_DELETED || listed)
			site->accounts[kept++] = *a;
	}
	site->n_accounts = kept;
}

void ds_site_account_done(ds_site *site, ds_site_account *acc, ds_account_done done)
{
	ds_site_device *d;

	acc->done = done;
	ds_site_now(acc->done_at);
	if (done != DS_ACCOUNT_LEFT)
		acc->on_factory_default = false;
	d = ds_site_find_device(site, acc->plugin_id, acc->device_serial);
	if (d)
		ds_site_account_rule(site, d);
}

void ds_site_account_rule(ds_site *site, ds_site_device *d)
{
	bool any = false, on_default = false;

	for (size_t i = 0; i < site->n_accounts; i++) {
		const ds_site_account *a = &site->accounts[i];

		if (!ds_account_of(a, d->plugin_id, d->serial))
			continue;
		any = true;
		if (a->done != DS_ACCOUNT_DELETED && a->on_factory_default)
			on_default = true;
	}
	if (any)
		d->on_factory_default = on_default;
}

const char *ds_account_done_id(ds_account_done done)
{
	switch (done) {
	case DS_ACCOUNT_NEW_PASSWORD:
		return "new-password";
	case DS_ACCOUNT_DELETED:
		return "deleted";
	case DS_ACCOUNT_LEFT:
		break;
	}
	return "left";
}

const char *ds_account_role_id(ds_account_role role)
{
	switch (role) {
	case DS_ACCOUNT_ADMIN:
		return "admin";
	case DS_ACCOUNT_OPERATOR:
		return "operator";
	case DS_ACCOUNT_USER:
		return "user";
	case DS_ACCOUNT_ANONYMOUS:
		return "anonymous";
	case DS_ACCOUNT_OTHER:
		break;
	}
	return "other";
}
