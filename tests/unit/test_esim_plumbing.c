/* The eSIM management operations of ABI 1.2 in the host's plumbing: their
 * outputs are sized, terminated and their enums kept to known values; the
 * 64-bit set of operations survives a HELLO; and a plugin without them (the
 * frozen 1.0 fixture) gets stubs that say what the device cannot do, so the
 * core jobs refuse with a message and change nothing. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/core/devices.h"
#include "app/core/esim_ops.h"
#include "app/plugin/plugin_ops.h"
#include "app/plugin/plugin_outputs.h"
#include "app/plugin/runner_hello.h"
#include "tests/support/fixture_rig.h"
#include "tests/support/test_support.h"

Test(esim_plumbing, the_operations_have_their_outputs)
{
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ESIM_INFO), sizeof(ds_esim_info));
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ESIM_NOTIFICATION), sizeof(ds_esim_notification));
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ESIM_DISABLE), 0);
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ESIM_DELETE), 0);
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ESIM_NICKNAME), 0);
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ESIM_NOTIFICATIONS_SEND), 0);
	cr_assert_not(ds_plugin_output_is_text(DS_WOP_ESIM_INFO));
	cr_assert_lt(DS_WOP_ESIM_NOTIFICATIONS_SEND, DS_WOP_INIT, "a CALL may name every plugin operation");
}

Test(esim_plumbing, esim_info_is_terminated_and_its_bool_proper)
{
	ds_esim_info e;
	unsigned char byte;

	memset(&e, 'e', sizeof e);
	memset(&e.single_enabled, 0x40, 1);
	ds_plugin_output_terminate(DS_WOP_ESIM_INFO, &e, sizeof e);
	cr_assert_eq(strlen(e.eid), sizeof e.eid - 1);
	cr_assert_eq(strlen(e.default_smdp), sizeof e.default_smdp - 1);
	cr_assert_eq(strlen(e.root_smds), sizeof e.root_smds - 1);
	cr_assert_eq(strlen(e.sgp22_version), sizeof e.sgp22_version - 1);
	cr_assert_eq(strlen(e.detail), sizeof e.detail - 1);
	memcpy(&byte, &e.single_enabled, 1);
	cr_assert_eq(byte, 1);
}

Test(esim_plumbing, a_notification_is_terminated_and_its_event_known)
{
	ds_esim_notification n;

	memset(&n, 'n', sizeof n);
	ds_plugin_output_terminate(DS_WOP_ESIM_NOTIFICATION, &n, sizeof n);
	cr_assert_eq(strlen(n.iccid), sizeof n.iccid - 1);
	cr_assert_eq(strlen(n.address), sizeof n.address - 1);
	cr_assert_eq(n.event, DS_NOTIFY_OTHER, "an event the host does not know reads as other");
	n.event = DS_NOTIFY_DELETE;
	ds_plugin_output_terminate(DS_WOP_ESIM_NOTIFICATION, &n, sizeof n);
	cr_assert_eq(n.event, DS_NOTIFY_DELETE);
}

Test(esim_plumbing, a_profile_s_new_fields_are_terminated)
{
	ds_esim_profile p;

	memset(&p, 'p', sizeof p);
	ds_plugin_output_terminate(DS_WOP_ESIM_PROFILE, &p, sizeof p);
	cr_assert_eq(strlen(p.service_provider), sizeof p.service_provider - 1);
	cr_assert_eq(strlen(p.profile_name), sizeof p.profile_name - 1);
	cr_assert_eq(p.profile_class, DS_PROFILE_CLASS_UNKNOWN);
	p.profile_class = DS_PROFILE_CLASS_TEST;
	ds_plugin_output_terminate(DS_WOP_ESIM_PROFILE, &p, sizeof p);
	cr_assert_eq(p.profile_class, DS_PROFILE_CLASS_TEST);
}

Test(esim_plumbing, the_set_of_operations_is_wider_than_32_bits_in_a_hello)
{
	static const ds_plugin d = { .struct_size = sizeof(ds_plugin),
				     .abi_major = DS_PLUGIN_ABI_MAJOR,
				     .abi_minor = DS_PLUGIN_ABI_MINOR,
				     .id = "fx",
				     .name = "Fx",
				     .vendor = "V",
				     .version = "1.0.0",
				     .text_domain = "fx" };
	const uint64_t ops = DS_PLUGIN_OP_MATCH_QR | DS_PLUGIN_OP_ESIM_NOTIFICATION |
			     DS_PLUGIN_OP_ESIM_NOTIFICATIONS_SEND;
	unsigned char buf[4096];
	ds_wire w;
	ds_wire_reader in;
	ds_runner_desc out;
	const char *reason = NULL;

	cr_assert_gt(DS_PLUGIN_OP_ESIM_NOTIFICATIONS_SEND, UINT32_MAX);
	ds_wire_begin(&w, buf, sizeof buf, DS_WIRE_HELLO);
	ds_runner_hello_write(&w, &d, ops, NULL);
	cr_assert_not(w.overflow);
	cr_assert_eq(ds_wire_open(buf, w.len, &in), DS_WIRE_HELLO);
	cr_assert(ds_runner_hello_read(&in, &out, &reason));
	cr_assert_eq(out.ops, ops);
	ds_runner_hello_free(&out);
}

/* ---- a plugin without them: the frozen 1.0 fixture ---- */

static ds_test_rig rig;
static ds_site_device device;
static char message[512];

/** Private XDG tree, English messages; the 1.0 fixture loaded. */
static void setup(void)
{
	ds_test_rig_open(&rig, "abi-1.0-plugin", 1);
	memset(&device, 0, sizeof device);
	snprintf(device.plugin_id, sizeof device.plugin_id, "%s", "fx-abi-1-0");
	snprintf(device.locator, sizeof device.locator, "%s", "cf:dev");
}

static void teardown(void)
{
	ds_test_rig_close(&rig);
}

Test(esim_plumbing, an_older_plugin_has_none_and_the_jobs_say_so, .init = setup, .fini = teardown)
{
	ds_loaded_plugin *lp = ds_plugins_find(rig.set, "fx-abi-1-0");
	ds_op_esim_info info = { .devices = rig.devices, .device = device };
	ds_op_esim_change del = { .read_back = { .devices = rig.devices, .device = device }, .iccid = "89000" };
	ds_op_esim_notifications n = { .devices = rig.devices, .device = device };
	ds_plugin declared;

	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_ESIM_INFO));
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_ESIM_NOTIFICATIONS_SEND));
	ds_plugin_declared(lp, &declared);
	cr_assert_null(declared.esim_info);
	cr_assert_null(declared.esim_delete);
	cr_assert_null(declared.esim_notifications_send);
	cr_assert_not_null(lp->desc.esim_delete, "the host's stub");

	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_esim_info_job, &info, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert_str_eq(message, "This device cannot tell its eSIM's identity (EID).");
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_esim_delete_job, &del, NULL, NULL, message, sizeof message),
		     DS_ERR_UNSUPPORTED);
	cr_assert(strstr(message, "nothing was changed"), "%s", message);
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_esim_notifications_job, &n, NULL, NULL, message, sizeof message),
		     DS_OK, "a device that keeps none lists none: %s", message);
	cr_assert_eq(n.n, 0);
	free(n.list);
	free(del.read_back.profiles);
}
