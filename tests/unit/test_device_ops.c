/* What the site keeps of a finished device operation (app/core/device_ops.c):
 * the one record that the wizard and `doorstep run` both make of a Wi-Fi
 * join and of a password change. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/core/device_ops.h"

/** A site with the demo camera, named by the installer. */
static ds_site *site_with_camera(ds_site_device *camera)
{
	ds_site *site = ds_site_new("records");

	memset(camera, 0, sizeof *camera);
	snprintf(camera->plugin_id, sizeof camera->plugin_id, "demo");
	snprintf(camera->serial, sizeof camera->serial, "IC400-5E81A3");
	snprintf(camera->name, sizeof camera->name, "Living room camera");
	camera->kind = DS_KIND_CAMERA;
	camera->features = DS_FEATURE_WIFI | DS_FEATURE_PASSWORD;
	camera->has_password = camera->on_factory_default = true;
	cr_assert_not_null(ds_site_put_device(site, camera));
	return site;
}

/** Records the camera's join to Mueller-Home, as the job leaves it; returns the recorded device. */
static ds_site_device *join(ds_site *site, const ds_site_device *camera)
{
	ds_op_wifi_join op = { .device = *camera };

	snprintf(op.ssid, sizeof op.ssid, "Mueller-Home");
	snprintf(op.device.wifi_ssid, sizeof op.device.wifi_ssid, "Mueller-Home");
	return ds_op_wifi_join_record(site, &op);
}

Test(device_ops, a_wifi_join_is_recorded_with_its_network)
{
	ds_site_device camera;
	ds_site *site = site_with_camera(&camera);

	cr_assert_eq(join(site, &camera), &site->devices[0]);
	cr_assert_str_eq(site->devices[0].wifi_ssid, "Mueller-Home");
	cr_assert_str_eq(site->history[site->n_history - 1].text, "Living room camera joined Wi-Fi \"Mueller-Home\"");
	ds_site_free(site);
}

Test(device_ops, a_password_change_keeps_the_network_and_the_name)
{
	ds_site_device camera;
	ds_site *site = site_with_camera(&camera);
	ds_op_password pw = { .device = camera };

	join(site, &camera);
	/* The job leaves the device as it describes itself now: its own name, no network. */
	snprintf(pw.device.name, sizeof pw.device.name, "IC400 camera");
	pw.device.on_factory_default = false;
	cr_assert_eq(ds_op_password_record(site, &pw), &site->devices[0]);
	cr_assert_str_eq(site->devices[0].wifi_ssid, "Mueller-Home", "the joined network survives the change");
	cr_assert_str_eq(site->devices[0].name, "Living room camera");
	cr_assert_not(site->devices[0].on_factory_default);
	cr_assert(site->devices[0].password_changed_at[0]);
	cr_assert_str_eq(site->history[site->n_history - 1].text,
			 "Password changed on Living room camera (IC400-5E81A3)");
	ds_site_free(site);
}

Test(device_ops, a_device_gone_from_the_site_is_not_brought_back)
{
	ds_site_device camera;
	ds_site *site = site_with_camera(&camera);
	ds_op_password pw = { .device = camera };

	ds_site_remove_device(site, 0);
	cr_assert_null(ds_op_password_record(site, &pw));
	cr_assert_null(join(site, &camera));
	cr_assert_eq(site->n_devices, 0);
	ds_site_free(site);
}
