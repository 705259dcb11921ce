/* ds_host_ble: the plugin-facing BLE calls, over app/ble/ble_link. A
 * plugin's ds_call is the job it runs in. */
#include "app/ble/ble_host.h"
#include "app/ble/ble_link.h"
#include "app/base/i18n.h"
#include "app/base/jobs.h"

/** connect: checks the arguments, then connects. */
static ds_status ds_ble_host_connect(ds_call *call, const char *address, unsigned timeout_ms, ds_ble_link **out)
{
	if (!out)
		return ds_job_fail(call, DS_ERR_INVALID, "%s", _("The plugin asked to connect without a place for the link."));
	return ds_ble_link_connect(call, address, timeout_ms, out);
}

/** gatt_char: one characteristic by index. */
static ds_status ds_ble_host_char(ds_call *call, ds_ble_link *link, size_t index, ds_gatt_char *out)
{
	(void)call;
	if (!link || !out)
		return DS_ERR_INVALID;
	return ds_ble_link_char(link, index, out);
}

static const ds_host_ble ds_ble_host_table = {
	.struct_size = sizeof(ds_host_ble),
	.connect = ds_ble_host_connect,
	.disconnect = ds_ble_link_disconnect,
	.gatt_char = ds_ble_host_char,
	.read = ds_ble_link_read,
	.write = ds_ble_link_write,
	.subscribe = ds_ble_link_subscribe,
	.wait_notification = ds_ble_link_wait,
};

const ds_host_ble *ds_ble_host_services(void)
{
	return &ds_ble_host_table;
}
