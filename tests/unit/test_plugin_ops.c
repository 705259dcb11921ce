/* Filled operations (SANE's dll.c): a loaded plugin's descriptor has a host
 * stub in every optional operation the plugin lacks, so the host calls it
 * without testing for NULL and gets DS_ERR_UNSUPPORTED with a message; the
 * capability query and the declared descriptor still tell what the plugin
 * itself provides. The plugin is the ABI 1.0 fixture: match_qr, discover
 * and handover_code, nothing of Wi-Fi, eSIM or 1.1. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/core/device_ops.h"
#include "app/core/devices.h"
#include "app/core/esim_ops.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "tests/support/fixture_rig.h"
#include "tests/support/test_support.h"

static ds_test_rig rig;
static ds_site_device device;
static char message[512];

/** Private XDG tree, English messages; the 1.0 fixture loaded, its device described. */
static void setup(void)
{
	ds_test_rig_open(&rig, "abi-1.0-plugin", 1);
	memset(&device, 0, sizeof device);
	snprintf(device.plugin_id, sizeof device.plugin_id, "%s", "fx-abi-1-0");
	snprintf(device.locator, sizeof device.locator, "%s", "cf:dev");
	snprintf(device.name, sizeof device.name, "%s", "Fixture device");
	device.features = DS_FEATURE_HANDOVER;
	message[0] = '\0';
}

/** Closes everything and removes the XDG tree. */
static void teardown(void)
{
	ds_test_rig_close(&rig);
}

TestSuite(plugin_ops, .init = setup, .fini = teardown);

Test(plugin_ops, the_query_tells_what_the_plugin_provides)
{
	cr_assert(ds_plugin_has_op(rig.plugin, DS_PLUGIN_OP_MATCH_QR));
	cr_assert(ds_plugin_has_op(rig.plugin,
				   DS_PLUGIN_OP_MATCH_QR | DS_PLUGIN_OP_DISCOVER | DS_PLUGIN_OP_HANDOVER_CODE));
	cr_assert_not(ds_plugin_has_op(rig.plugin, DS_PLUGIN_OP_WIFI_SCAN));
	cr_assert_not(ds_plugin_has_op(rig.plugin, DS_PLUGIN_OP_ESIM_PROFILE));
	cr_assert_not(ds_plugin_has_op(rig.plugin, DS_PLUGIN_OP_OPERATOR_SCAN), "1.1 operation past a 1.0 descriptor");
	cr_assert_not(ds_plugin_has_op(rig.plugin, DS_PLUGIN_OP_WIFI_STATUS), "1.1 operation past a 1.0 descriptor");
	cr_assert_not(ds_plugin_has_op(rig.plugin, DS_PLUGIN_OP_MATCH_QR | DS_PLUGIN_OP_WIFI_SCAN),
		      "every one asked for");
	cr_assert_eq(rig.plugin->ops, DS_PLUGIN_OP_MATCH_QR | DS_PLUGIN_OP_DISCOVER | DS_PLUGIN_OP_HANDOVER_CODE);
	/* Filling again (or a stub counted as the plugin's) changes nothing. */
	ds_plugin_ops_fill(rig.plugin);
	cr_assert_eq(rig.plugin->ops, DS_PLUGIN_OP_MATCH_QR | DS_PLUGIN_OP_DISCOVER | DS_PLUGIN_OP_HANDOVER_CODE);
}

Test(plugin_ops, every_optional_operation_is_filled_and_the_declared_view_keeps_the_nulls)
{
	ds_plugin declared;

	cr_assert(rig.plugin->desc.wifi_scan && rig.plugin->desc.wifi_configure && rig.plugin->desc.esim_profile &&
			  rig.plugin->desc.esim_download && rig.plugin->desc.failover_test &&
			  rig.plugin->desc.option_desc && rig.plugin->desc.operator_scan && rig.plugin->desc.wifi_status,
		  "a NULL operation in the host's copy");
	/* Data, not operations: left as the plugin gave them. */
	cr_assert_null(rig.plugin->desc.cloud_urls);
	cr_assert_null(rig.plugin->desc.ble_claims);
	cr_assert_eq(rig.plugin->desc.struct_size, offsetof(ds_plugin, operator_scan));

	ds_plugin_declared(rig.plugin, &declared);
	cr_assert_null(declared.wifi_scan);
	cr_assert_null(declared.esim_profile);
	cr_assert_null(declared.option_desc);
	cr_assert_null(declared.operator_scan);
	cr_assert_null(declared.wifi_status);
	cr_assert_eq(declared.match_qr, rig.plugin->desc.match_qr);
	cr_assert_eq(declared.handover_code, rig.plugin->desc.handover_code);
	cr_assert_eq(declared.open, rig.plugin->desc.open);
	cr_assert_str_eq(declared.id, "fx-abi-1-0");
	/* A stub with no call to speak on has nothing to say. */
	cr_assert_null(rig.plugin->desc.option_desc(NULL, 0));
}

Test(plugin_ops, a_missing_operation_is_unsupported_through_device_ops)
{
	ds_op_wifi_scan scan = { .devices = rig.devices, .device = device };
	ds_op_wifi_join join = { .devices = rig.devices, .device = device, .ssid = "home" };
	ds_op_profiles profiles = { .devices = rig.devices, .device = device };
	ds_op_failover failover = { .devices = rig.devices, .device = device };
	ds_op_esim_download download = { .devices = rig.devices, .device = device, .activation_code = "LPA:1$x$y" };

	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_wifi_scan_job, &scan, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert_str_eq(message, "This device has no Wi-Fi.");
	cr_assert_eq(scan.n, 0);
	free(scan.networks);
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_wifi_join_job, &join, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert_str_eq(message, "This device has no Wi-Fi.");
	cr_assert_str_eq(join.device.wifi_ssid, "", "nothing was joined");
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_profiles_job, &profiles, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert_str_eq(message, "This device has no eSIM.");
	free(profiles.profiles);
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_failover_job, &failover, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert_str_eq(message, "This device cannot run a failover test.");
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_esim_download_job, &download, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert_str_eq(message, "This device cannot download an eSIM profile. Ask the operator to load it for you.");
}

Test(plugin_ops, capabilities_are_decided_by_the_query_not_by_a_stub)
{
	ds_op_operator_scan scan = { .devices = rig.devices, .device = device };
	ds_op_apply_cellular apply = { .read_back = { .devices = rig.devices, .device = device } };
	ds_op_handover handover = { .devices = rig.devices, .device = device };

	/* No scan is no failure: the step shows none. */
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_operator_scan_job, &scan, NULL, NULL, message, sizeof message), DS_OK,
		     "%s", message);
	cr_assert_not(scan.supported);
	free(scan.networks);
	/* Nothing is set on a device that cannot take the whole choice. */
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_apply_cellular_job, &apply, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert_str_eq(message, "This device cannot choose a primary and a backup operator.");
	free(apply.read_back.profiles);
	/* What the plugin has still works beside the stubs. */
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_handover_job, &handover, NULL, NULL, message, sizeof message), DS_OK,
		     "%s", message);
	cr_assert_str_eq(handover.code, "cf-handover");
}

/** Job: calls the 1.1 wifi_status that this 1.0 plugin lacks, as the host calls into a plugin. */
static ds_status call_wifi_status(ds_job *job, void *arg)
{
	ds_wifi_network net;
	ds_status st;

	(void)arg;
	memset(&net, 0, sizeof net);
	DS_PLUGIN_CALL(rig.plugin, st = rig.plugin->desc.wifi_status(job, NULL, &net));
	return st;
}

Test(plugin_ops, a_stub_names_the_plugin_and_the_operation)
{
	ds_network net;

	cr_assert_eq(ds_jobs_run(rig.jobs, call_wifi_status, NULL, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert(strstr(message, "Check fixture") && strstr(message, "wifi_status"), "message: %s", message);
	/* Outside any call: still no crash, and nothing to record it on. */
	memset(&net, 0, sizeof net);
	cr_assert_eq(rig.plugin->desc.operator_scan(NULL, NULL, 0, &net), DS_ERR_UNSUPPORTED);
}
