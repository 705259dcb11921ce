/* Discovery on one adapter: the filter, start and stop (ble_discovery.h). */
#include "app/ble/ble_discovery.h"

#include "app/base/i18n.h"

/** Calls a method of the adapter with no reply expected; DS_OK or a failure with message. */
static ds_status ds_ble_discovery_call(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter, const char *method,
				       sd_bus_message *call)
{
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st = ds_bluez_call(bus, job, call, 5000, &reply, &err);

	sd_bus_message_unref(reply);
	if (st == DS_ERR_IO)
		st = ds_job_fail(job, DS_ERR_DEVICE,
				 _("The Bluetooth adapter %s refused %s: %s. Switch Bluetooth off and on again, then retry."),
				 adapter->name, method,
				 err.message ? err.message
				 : err.name  ? err.name
					     : "?");
	else if (st == DS_ERR_TIMEOUT)
		st = ds_job_fail(job, st,
				 _("The Bluetooth adapter %s did not answer %s within 5 seconds. "
				   "Restart Bluetooth (\"systemctl restart bluetooth\") and try again."),
				 adapter->name, method);
	sd_bus_error_free(&err);
	return st;
}

/** The SetDiscoveryFilter call: {Transport: "le", UUIDs, RSSI}; NULL when out of memory. */
static sd_bus_message *ds_ble_discovery_filter_call(sd_bus *bus, const ds_ble_adapter *adapter,
						    const ds_ble_discovery_filter *f)
{
	sd_bus_message *call = NULL;
	int r = sd_bus_message_new_method_call(bus, &call, DS_BLUEZ_SERVICE, adapter->path, DS_BLUEZ_ADAPTER,
					       "SetDiscoveryFilter");

	if (r >= 0)
		r = sd_bus_message_open_container(call, 'a', "{sv}");
	if (r >= 0)
		r = sd_bus_message_append(call, "{sv}", "Transport", "s", "le");
	if (r >= 0 && f && f->use_rssi)
		r = sd_bus_message_append(call, "{sv}", "RSSI", "n", f->rssi_min);
	if (r >= 0 && f && f->uuids && f->uuids[0]) {
		r = sd_bus_message_open_container(call, 'e', "sv");
		if (r >= 0)
			r = sd_bus_message_append(call, "s", "UUIDs");
		if (r >= 0)
			r = sd_bus_message_open_container(call, 'v', "as");
		if (r >= 0)
			r = sd_bus_message_append_strv(call, (char **)f->uuids);
		if (r >= 0)
			r = sd_bus_message_close_container(call);
		if (r >= 0)
			r = sd_bus_message_close_container(call);
	}
	if (r >= 0)
		r = sd_bus_message_close_container(call);
	if (r < 0) {
		sd_bus_message_unref(call);
		return NULL;
	}
	return call;
}

ds_status ds_ble_discovery_start(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter,
				 const ds_ble_discovery_filter *filter)
{
	sd_bus_message *call = ds_ble_discovery_filter_call(bus, adapter, filter);
	ds_status st;

	if (!call)
		return ds_job_fail(job, DS_ERR_NO_MEMORY, "%s", _("Out of memory."));
	st = ds_ble_discovery_call(bus, job, adapter, "SetDiscoveryFilter", call);
	sd_bus_message_unref(call);
	if (st != DS_OK)
		return st;
	call = NULL;
	if (sd_bus_message_new_method_call(bus, &call, DS_BLUEZ_SERVICE, adapter->path, DS_BLUEZ_ADAPTER,
					   "StartDiscovery") < 0)
		return ds_job_fail(job, DS_ERR_NO_MEMORY, "%s", _("Out of memory."));
	st = ds_ble_discovery_call(bus, job, adapter, "StartDiscovery", call);
	sd_bus_message_unref(call);
	return st;
}

void ds_ble_discovery_stop(sd_bus *bus, const ds_ble_adapter *adapter)
{
	sd_bus_message *call = NULL;

	if (sd_bus_message_new_method_call(bus, &call, DS_BLUEZ_SERVICE, adapter->path, DS_BLUEZ_ADAPTER,
					   "StopDiscovery") >= 0)
		ds_bluez_call_best_effort(bus, call, 2000);
	sd_bus_message_unref(call);
}
