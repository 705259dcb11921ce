/* ESP-IDF provisioning plugin: devices built on Espressif chips that wait to
 * be given the home Wi-Fi by Espressif's unified provisioning. This file is
 * the descriptor only; the operations are espprov_ops.c (labels, addresses,
 * open, device information), espprov_provision.c (the session and Wi-Fi)
 * and espprov_ble.c (the advertisement claim). A plugin built on this one
 * compiles the same files with a descriptor of its own instead of this one
 * (README.md, "Custom endpoints"). */
#include "espprov.h"

static const ds_plugin descriptor = {
	.struct_size = sizeof descriptor,
	.abi_major = DS_PLUGIN_ABI_MAJOR,
	.abi_minor = DS_PLUGIN_ABI_MINOR,
	.id = "espprov",
	.name = "ESP-IDF provisioning",
	.vendor = "doorstep",
	.version = "0.1.0",
	.text_domain = ESPPROV_TEXT_DOMAIN,
	.caps = DS_CAP_QR | DS_CAP_ADDRESS | DS_CAP_BLE,
	.init = espprov_op_init,
	.fini = espprov_op_fini,
	.match_qr = espprov_op_match_qr,
	.open = espprov_op_open,
	.close = espprov_op_close,
	.device_info = espprov_op_device_info,
	.credential_state = espprov_op_credential_state,
	.wifi_scan = espprov_op_wifi_scan,
	.wifi_configure = espprov_op_wifi_configure,
	.wifi_status = espprov_op_wifi_status,
	.match_address = espprov_op_match_address,
	/* No ble_claims: it cannot say "a name that starts with PROV_", and a
	 * device that advertises a vendor's own service UUID under that name is
	 * still ours; match_ble decides on the name or the service. */
	.match_ble = espprov_ble_match,
};

/** The plugin's one exported symbol: its descriptor. */
DS_PLUGIN_EXPORT const ds_plugin *doorstep_plugin_v1(void)
{
	return &descriptor;
}
