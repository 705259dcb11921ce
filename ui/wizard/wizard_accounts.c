/* The accounts of a device as the steps show them (wizard_accounts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "ui/wizard/wizard_accounts.h"

bool ds_wizard_has_accounts(const ds_site_device *d)
{
	return d && (d->features & DS_FEATURE_ACCOUNTS);
}

/** True when account a belongs to device d. */
static bool accounts_of(const ds_site_account *a, const ds_site_device *d)
{
	return strcmp(a->plugin_id, d->plugin_id) == 0 && strcmp(a->device_serial, d->serial) == 0;
}

bool ds_wizard_accounts_known(const ds_site *site, const ds_site_device *d)
{
	for (size_t i = 0; site && i < site->n_accounts; i++)
		if (accounts_of(&site->accounts[i], d))
			return true;
	return false;
}

const ds_site_device *ds_wizard_accounts_unread(const ds_site *site, size_t from)
{
	for (size_t i = from; site && i < site->n_devices; i++)
		if (ds_wizard_has_accounts(&site->devices[i]) && !ds_wizard_accounts_known(site, &site->devices[i]))
			return &site->devices[i];
	return NULL;
}

uint64_t ds_wizard_accounts_read(ds_wizard *w, ds_op_accounts *op, const ds_site_device *d)
{
	free(op->accounts);
	memset(op, 0, sizeof *op);
	op->devices = w->session->devices;
	op->device = *d;
	return ds_wizard_start_job(w, _("Reading the device's accounts"), ds_op_accounts_job, op, 30);
}

bool ds_wizard_accounts_done(ds_wizard *w, ds_op_accounts *op, const ds_event *ev)
{
	ds_site *site = ds_wizard_site(w);
	bool ok = false;

	if (ev->status == DS_OK && site) {
		if (ds_op_accounts_record(site, op) < 0) {
			ds_wizard_status(w, UI_LEVEL_FAIL, "%s", _("Out of memory: close other programs and try again."));
		} else {
			ok = true;
			ds_wizard_save(w);
			ds_wizard_status(w, UI_LEVEL_OK, P_("%s: %zu account read.", "%s: %zu accounts read.", op->n),
					 op->device.name, op->n);
		}
	} else if (ev->status == DS_ERR_CANCELLED) {
		ds_wizard_status(w, UI_LEVEL_WARN,
				 _("Reading the accounts of %s was cancelled. They are read again when you "
				   "open the Passwords step."),
				 op->device.name);
	} else {
		ds_wizard_status(w, UI_LEVEL_FAIL,
				 _("The accounts of %s could not be read: %s Check that it is on and try again."),
				 op->device.name, ev->message[0] ? ev->message : ds_status_str(ev->status));
	}
	free(op->accounts);
	op->accounts = NULL;
	op->n = 0;
	return ok;
}

const char *ds_wizard_account_role(ds_account_role role)
{
	switch (role) {
	case DS_ACCOUNT_ADMIN:
		return _("administrator");
	case DS_ACCOUNT_OPERATOR:
		return _("operator");
	case DS_ACCOUNT_USER:
		return _("user");
	case DS_ACCOUNT_ANONYMOUS:
		return _("anonymous");
	default:
		return _("other");
	}
}

bool ds_wizard_account_needs_work(const ds_site_account *a)
{
	return a->on_factory_default && a->done == DS_ACCOUNT_LEFT;
}

const char *ds_wizard_account_state(const ds_site_account *a, ui_role *role)
{
	if (a->done == DS_ACCOUNT_DELETED) {
		*role = UI_ROLE_OK;
		return _("deleted");
	}
	if (a->done == DS_ACCOUNT_NEW_PASSWORD) {
		*role = UI_ROLE_OK;
		return _("new password, verified");
	}
	if (a->on_factory_default) {
		*role = UI_ROLE_FAIL;
		return _("FACTORY DEFAULT");
	}
	*role = UI_ROLE_NORMAL;
	return _("own password");
}

void ds_wizard_accounts_line(const ds_site *site, const ds_site_device *d, char *buf, size_t size)
{
	size_t len = 0;
	ui_role role;

	buf[0] = '\0';
	for (size_t i = 0; site && i < site->n_accounts && len < size; i++) {
		const ds_site_account *a = &site->accounts[i];
		int n;

		if (!accounts_of(a, d))
			continue;
		n = snprintf(buf + len, size - len, "%s%s (%s): %s", len ? " · " : "", a->user,
			     ds_wizard_account_role(a->role), ds_wizard_account_state(a, &role));
		if (n < 0)
			break;
		len += (size_t)n;
	}
}
