/* Devices step: adding a device by its network address (devices_address.h). */
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "ui/wizard/devices_address.h"

uint64_t ds_devices_address_start(ds_wizard *w, ds_op_add_address *op, ui_field *field)
{
	const char *text = ui_field_value(field);
	char address[sizeof op->address], why[256];
	size_t n;

	while (*text == ' ')
		text++;
	snprintf(address, sizeof address, "%s", text);
	for (n = strlen(address); n && (address[n - 1] == ' ' || address[n - 1] == '\n'); n--)
		address[n - 1] = '\0';
	if (!address[0]) {
		ui_field_set_error(field, _("Type the camera's address first, e.g. 192.168.1.64 or cam.local:8080."));
		return 0;
	}
	if (!ds_address_valid(address, why, sizeof why)) {
		ui_field_set_error(field, why);
		return 0;
	}
	memset(op, 0, sizeof *op);
	op->devices = w->session->devices;
	snprintf(op->address, sizeof op->address, "%s", address);
	return ds_devices_address_again(w, op);
}

uint64_t ds_devices_address_again(ds_wizard *w, ds_op_add_address *op)
{
	op->claimed = false;
	memset(&op->found, 0, sizeof op->found);
	return ds_wizard_start_job(w, _("Looking for the device at this address"), ds_op_add_address_job, op, 60);
}

bool ds_devices_address_done(ds_wizard *w, const ds_op_add_address *op, ui_field *field, const ds_event *ev)
{
	if (ev->status == DS_OK)
		return true;
	if (ev->status == DS_ERR_CANCELLED)
		ds_wizard_status(w, UI_LEVEL_INFO, "%s", _("Adding by address was cancelled; the address is kept."));
	else if (ev->status == DS_ERR_NOT_FOUND && !op->claimed)
		ui_field_set_error(field,
				   ev->message[0]
					   ? ev->message
					   : _("No installed plugin found a device at this address. Check the address and "
					       "that the device is on, or install its vendor's plugin."));
	else
		ui_field_set_error(field,
				   ev->message[0]
					   ? ev->message
					   : _("The device at this address could not be added. Check it is on and try again."));
	return false;
}
