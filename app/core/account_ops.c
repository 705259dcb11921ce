/* Devices by address, the accounts of a device, and check fixes, as jobs. */
#include "app/core/account_ops.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"

/* ---- addresses ---- */

/** Sets the reason an address is refused; returns false. */
static bool ds_address_refuse(char *why, size_t why_size, const char *reason)
{
	snprintf(why, why_size, "%s", reason);
	return false;
}

/** True when port (len bytes) is a number from 1 to 65535. */
static bool ds_port_valid(const char *port, size_t len)
{
	unsigned long v = 0;

	if (len == 0 || len > 5)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)port[i]))
			return false;
		v = v * 10 + (unsigned long)(port[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

/** True when host (len bytes) is a DNS name or an IPv4 address. */
static bool ds_hostname_valid(const char *host, size_t len)
{
	size_t label = 0;

	if (len == 0 || len > 253 || host[0] == '.' || host[0] == '-' || host[len - 1] == '.' || host[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)host[i];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-')
			return false;
		if (++label > 63)
			return false;
	}
	return true;
}

bool ds_address_valid(const char *address, char *why, size_t why_size)
{
	const char *colon, *host = address, *port = NULL;
	size_t host_len;

	if (!address || !address[0])
		return ds_address_refuse(why, why_size,
					 _("The address is empty. Type the device's address, such as 192.168.1.64 "
					   "or cam.local:8080."));
	for (const char *p = address; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20 || *p == 0x7f)
			return ds_address_refuse(why, why_size,
						 _("An address has no spaces or control characters. Type only "
						   "HOST or HOST:PORT, such as 192.168.1.64:80."));
	if (strstr(address, "://") || strchr(address, '/'))
		return ds_address_refuse(why, why_size,
					 _("Type only the address, without http:// or a path: such as "
					   "192.168.1.64 or 192.168.1.64:8080."));
	if (strlen(address) > 255)
		return ds_address_refuse(why, why_size, _("The address is too long: type HOST or HOST:PORT."));
	if (address[0] == '[') {
		const char *end = strchr(address, ']');

		if (!end || end == address + 1)
			return ds_address_refuse(why, why_size,
						 _("An IPv6 address goes in brackets, such as [fe80::1] or "
						   "[fe80::1]:8080."));
		for (const char *p = address + 1; p < end; p++)
			if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.' && *p != '%')
				return ds_address_refuse(why, why_size,
							 _("This is not an IPv6 address: use hexadecimal digits "
							   "and colons in the brackets, such as [fe80::1]."));
		if (end[1] == '\0')
			return true;
		if (end[1] != ':' || !ds_port_valid(end + 2, strlen(end + 2)))
			return ds_address_refuse(why, why_size,
						 _("After the brackets comes nothing or :PORT, a number from 1 to "
						   "65535, such as [fe80::1]:8080."));
		return true;
	}
	colon = strchr(address, ':');
	if (colon && strchr(colon + 1, ':'))
		return ds_address_refuse(why, why_size, _("An IPv6 address goes in brackets, such as [fe80::1]:80."));
	host_len = colon ? (size_t)(colon - address) : strlen(address);
	if (colon)
		port = colon + 1;
	if (!ds_hostname_valid(host, host_len))
		return ds_address_refuse(why, why_size,
					 _("This is not a host name or address: use letters, digits, dots and "
					   "hyphens, such as 192.168.1.64 or cam.local."));
	if (port && !ds_port_valid(port, strlen(port)))
		return ds_address_refuse(why, why_size,
					 _("The port after the colon must be a number from 1 to 65535, such as "
					   "192.168.1.64:8080."));
	return true;
}

/** Opens the device op claimed (op->plugin_id, op->locator) and describes
 *  it into op->found; with op->expected_password, logs in with it first. */
static ds_status ds_op_add_address_open(ds_job *job, ds_op_add_address *op)
{
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_devices_open(job, op->devices, op->plugin_id, op->locator, &lp, &dev);

	if (st != DS_OK)
		return st;
	if (op->expected_password && ds_plugin_has_op(lp, DS_PLUGIN_OP_LOGIN)) {
		ds_job_progress(job, 800, "%s", _("Trying the password the device should have already"));
		DS_PLUGIN_CALL(lp, st = lp->desc.login(job, dev, op->expected_password));
		if (st == DS_ERR_CANCELLED)
			return st;
		if (st != DS_OK)
			ds_job_fail(job, DS_OK, "%s", ""); /* refused: the device is read as it is */
	}
	ds_job_progress(job, 850, "%s", _("Reading the device's details"));
	return ds_devices_describe(job, lp, dev, &op->found);
}

ds_status ds_op_add_address_job(ds_job *job, void *arg)
{
	ds_op_add_address *op = arg;
	ds_plugin_set *set = ds_devices_plugins(op->devices);
	char locator[DS_LOCATOR_MAX], why[256], answered[512] = "";
	size_t asked = 0, n_address = 0;

	if (op->plugin_id[0] && op->locator[0]) {
		ds_job_progress(job, 700, "%s", _("Connecting to the device"));
		return ds_op_add_address_open(job, op);
	}
	op->claimed = false;
	if (!ds_address_valid(op->address, why, sizeof why))
		return ds_job_fail(job, DS_ERR_INVALID, "%s", why);
	for (size_t i = 0; set && i < set->n_loaded; i++)
		if ((set->loaded[i]->desc.caps & DS_CAP_ADDRESS) &&
		    ds_plugin_has_op(set->loaded[i], DS_PLUGIN_OP_MATCH_ADDRESS))
			n_address++;
	for (size_t i = 0; set && i < set->n_loaded; i++) {
		ds_loaded_plugin *lp = set->loaded[i];
		ds_status st;

		if (!(lp->desc.caps & DS_CAP_ADDRESS) || !ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_ADDRESS))
			continue;
		if (ds_job_cancelled(job))
			return DS_ERR_CANCELLED;
		ds_job_progress(job, (unsigned)(asked++ * 600 / n_address), _("Asking %s about %s"), lp->desc.name,
				op->address);
		locator[0] = '\0';
		DS_PLUGIN_CALL(lp, st = lp->desc.match_address(job, op->address, locator, sizeof locator));
		if (st == DS_ERR_CANCELLED)
			return st;
		if (st != DS_OK && st != DS_ERR_NOT_FOUND && ds_job_message(job)[0] && !answered[0])
			snprintf(answered, sizeof answered, "%s", ds_job_message(job)); /* something answered, wrongly */
		if (st != DS_OK)
			continue; /* not this plugin's, or nothing of its answered there */
		op->claimed = true;
		snprintf(op->plugin_id, sizeof op->plugin_id, "%s", lp->desc.id);
		snprintf(op->locator, sizeof op->locator, "%s", locator);
		if (op->claim_only)
			return DS_OK;
		ds_job_progress(job, 700, _("Connecting to the %s device"), lp->desc.vendor);
		return ds_op_add_address_open(job, op);
	}
	if (n_address == 0)
		return ds_job_fail(job, DS_ERR_NOT_FOUND,
				   _("No installed plugin adds devices by address. Install the vendor's plugin "
				     "(for IP cameras: onvif), then try again."));
	if (answered[0])
		return ds_job_fail(job, DS_ERR_DEVICE, "%s", answered);
	return ds_job_fail(job, DS_ERR_NOT_FOUND,
			   _("No device answered at %s. Check the address, that the device is powered and on "
			     "this network, then try again."),
			   op->address);
}

/* ---- accounts ---- */

/** Opens the site device op names. */
static ds_status ds_account_open(ds_job *job, ds_devices *devices, const ds_site_device *d, ds_loaded_plugin **lp,
				 ds_device **dev, uint32_t op)
{
	ds_status st;

	if (!(d->features & DS_FEATURE_ACCOUNTS))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED, _("%s has one account only: change its password instead."),
				   d->name);
	st = ds_devices_open(job, devices, d->plugin_id, d->locator, lp, dev);
	if (st != DS_OK)
		return st;
	if (!ds_plugin_has_op(*lp, op))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED,
				   _("%s says %s has accounts but cannot do this with them. Contact the vendor."),
				   (*lp)->desc.name, d->name);
	return DS_OK;
}

/** ds_op_item_fn of a device's accounts. */
static ds_status ds_account_item(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, size_t index, void *item)
{
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.account(job, dev, index, item));
	return st;
}

ds_status ds_op_accounts_job(ds_job *job, void *arg)
{
	ds_op_accounts *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	free(op->accounts);
	op->accounts = NULL;
	op->n = 0;
	st = ds_account_open(job, op->devices, &op->device, &lp, &dev, DS_PLUGIN_OP_ACCOUNT);
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 200, _("Reading the accounts of %s"), op->device.name);
	st = ds_op_read_list(job, lp, dev, ds_account_item, sizeof *op->accounts, &op->accounts, &op->n);
	if (st != DS_OK && !ds_job_message(job)[0])
		return ds_job_fail(job, st, _("The accounts of %s could not be read (%s). Try again."), op->device.name,
				   ds_status_str(st));
	return st;
}

int ds_op_accounts_record(ds_site *site, const ds_op_accounts *op)
{
	ds_site_device *d = ds_site_find_device(site, op->device.plugin_id, op->device.serial);

	if (!d)
		return -1;
	ds_site_keep_accounts(site, op->device.plugin_id, op->device.serial, op->accounts, op->n);
	for (size_t i = 0; i < op->n; i++)
		if (op->accounts[i].user[0] &&
		    !ds_site_put_account(site, op->device.plugin_id, op->device.serial, &op->accounts[i]))
			return -1;
	/* The site's copy may have moved with the accounts' memory: find it again. */
	d = ds_site_find_device(site, op->device.plugin_id, op->device.serial);
	if (d)
		ds_site_account_rule(site, d);
	return 0;
}

ds_status ds_op_account_password_job(ds_job *job, void *arg)
{
	ds_op_account_password *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	if (!op->user[0] || !op->new_password || !op->new_password[0])
		return ds_job_fail(job, DS_ERR_INVALID, "%s", _("Name the account and give it a new password."));
	st = ds_account_open(job, op->devices, &op->device, &lp, &dev, DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD);
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 100, _("Changing the password of %s on %s"), op->user, op->device.name);
	DS_PLUGIN_CALL(lp, st = lp->desc.account_set_password(job, dev, op->user, op->new_password));
	if (st != DS_OK && st != DS_ERR_CANCELLED && !ds_job_message(job)[0])
		return ds_job_fail(job, st,
				   _("The password of %s on %s was not changed (%s). The old one is still in effect: "
				     "try again."),
				   op->user, op->device.name, ds_status_str(st));
	return st;
}

/** The site's account, added when the site did not know it yet. */
static ds_site_account *ds_account_site(ds_site *site, const ds_site_device *d, const char *user)
{
	ds_site_account *acc = ds_site_find_account(site, d->plugin_id, d->serial, user);
	ds_account a;

	if (acc)
		return acc;
	memset(&a, 0, sizeof a);
	snprintf(a.user, sizeof a.user, "%s", user);
	return ds_site_put_account(site, d->plugin_id, d->serial, &a);
}

/** Records what was done to account user of device d, with a line of history. */
static void ds_account_record(ds_site *site, const ds_site_device *d, const char *user, ds_account_done done)
{
	ds_site_account *acc;

	if (!ds_site_find_device(site, d->plugin_id, d->serial))
		return;
	acc = ds_account_site(site, d, user);
	if (!acc)
		return;
	ds_site_account_done(site, acc, done);
	if (done == DS_ACCOUNT_DELETED)
		ds_site_note(site, _("Account %s deleted on %s (%s): verified"), user, d->name, d->serial);
	else
		ds_site_note(site, _("New password for account %s on %s (%s): verified"), user, d->name, d->serial);
}

void ds_op_account_password_record(ds_site *site, const ds_op_account_password *op)
{
	ds_account_record(site, &op->device, op->user, DS_ACCOUNT_NEW_PASSWORD);
}

ds_status ds_op_account_delete_job(ds_job *job, void *arg)
{
	ds_op_account_delete *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	if (!op->user[0])
		return ds_job_fail(job, DS_ERR_INVALID, "%s", _("Name the account to delete."));
	st = ds_account_open(job, op->devices, &op->device, &lp, &dev, DS_PLUGIN_OP_ACCOUNT_DELETE);
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 100, _("Deleting account %s on %s"), op->user, op->device.name);
	DS_PLUGIN_CALL(lp, st = lp->desc.account_delete(job, dev, op->user));
	if (st != DS_OK && st != DS_ERR_CANCELLED && !ds_job_message(job)[0])
		return ds_job_fail(job, st, _("Account %s on %s was not deleted (%s). Try again."), op->user,
				   op->device.name, ds_status_str(st));
	return st;
}

void ds_op_account_delete_record(ds_site *site, const ds_op_account_delete *op)
{
	ds_account_record(site, &op->device, op->user, DS_ACCOUNT_DELETED);
}

void ds_op_account_primary_record(ds_site *site, const ds_site_device *device)
{
	for (size_t i = 0; i < site->n_accounts; i++) {
		ds_site_account *a = &site->accounts[i];

		if (a->primary && strcmp(a->plugin_id, device->plugin_id) == 0 &&
		    strcmp(a->device_serial, device->serial) == 0) {
			ds_site_account_done(site, a, DS_ACCOUNT_NEW_PASSWORD);
			return;
		}
	}
}

/* ---- check fixes ---- */

ds_status ds_op_check_fix_job(ds_job *job, void *arg)
{
	ds_op_check_fix *op = arg;
	const ds_site_device *d = op->diagnose.list;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	if (!d || op->diagnose.n != 1 || !op->fix[0])
		return ds_job_fail(job, DS_ERR_INVALID, "%s", _("Choose one check of one device to repair."));
	st = ds_devices_open(job, op->diagnose.devices, d->plugin_id, d->locator, &lp, &dev);
	if (st != DS_OK)
		return st;
	if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_CHECK_FIX))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED,
				   _("%s cannot repair this for you: follow the check's advice instead."), lp->desc.name);
	ds_job_progress(job, 100, _("Repairing on %s"), d->name);
	DS_PLUGIN_CALL(lp, st = lp->desc.check_fix(job, dev, op->fix));
	if (st != DS_OK)
		return st == DS_ERR_CANCELLED || ds_job_message(job)[0]
			       ? st
			       : ds_job_fail(job, st, _("The repair did not work on %s (%s). Follow the check's advice."),
					     d->name, ds_status_str(st));
	ds_job_progress(job, 500, _("Checking %s again"), d->name);
	return ds_op_diagnose_job(job, &op->diagnose);
}
