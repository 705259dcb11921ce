/* org.bluez.Agent1 over sd-bus. A request that needs a person is kept
 * (its message referenced) until ds_ble_agent_poll() finds the answer. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ble/ble_agent.h"
#include "app/ble/ble_scan.h"
#include "app/ble/bluez.h"
#include "app/base/i18n.h"

struct ds_ble_agent {
	pthread_mutex_t lock;
	sd_bus *bus;                   /**< the scan's; used on its thread only */
	sd_bus_slot *slot;
	ds_job *job;
	uint64_t next_id;
	sd_bus_message *pending;       /**< the request waiting for a person, or NULL */
	ds_ble_agent_kind pending_kind;
	uint64_t pending_id;
	bool answered;                 /**< under lock: the UI answered pending_id */
	bool accept;
	uint32_t passkey;
};

ds_ble_agent *ds_ble_agent_new(void)
{
	ds_ble_agent *a = calloc(1, sizeof *a);

	if (a)
		pthread_mutex_init(&a->lock, NULL);
	return a;
}

void ds_ble_agent_free(ds_ble_agent *a)
{
	if (!a)
		return;
	sd_bus_message_unref(a->pending);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

/** Posts a request to the UI (a scan event of kind DS_BLE_EV_AGENT). */
static void ds_ble_agent_post(ds_ble_agent *a, ds_ble_agent_kind kind, const char *device, uint32_t passkey,
			      uint64_t id)
{
	ds_ble_event *ev = calloc(1, sizeof *ev);
	const char *dev = strrchr(device, '/');

	if (!ev || !a->job) {
		free(ev);
		return;
	}
	ev->kind = DS_BLE_EV_AGENT;
	ev->agent.id = id;
	ev->agent.kind = kind;
	ev->agent.passkey = passkey;
	snprintf(ev->agent.device, sizeof ev->agent.device, "%s", device);
	/* "/org/bluez/hci0/dev_AA_BB_..." names the address. */
	if (dev && strncmp(dev, "/dev_", 5) == 0) {
		snprintf(ev->agent.address, sizeof ev->agent.address, "%s", dev + 5);
		for (char *p = ev->agent.address; *p; p++)
			if (*p == '_')
				*p = ':';
	}
	ds_job_post_item(a->job, ev, free);
}

/** Keeps m to answer later (a newer request replaces an older one, which is refused). */
static int ds_ble_agent_hold(ds_ble_agent *a, sd_bus_message *m, ds_ble_agent_kind kind, const char *device,
			     uint32_t passkey)
{
	if (a->pending) {
		sd_bus_reply_method_errorf(a->pending, "org.bluez.Error.Canceled", "superseded");
		sd_bus_message_unref(a->pending);
	}
	pthread_mutex_lock(&a->lock);
	a->pending = sd_bus_message_ref(m);
	a->pending_kind = kind;
	a->pending_id = ++a->next_id;
	a->answered = false;
	pthread_mutex_unlock(&a->lock);
	ds_ble_agent_post(a, kind, device, passkey, a->pending_id);
	return 1; /* answered later */
}

/** RequestPasskey(o device) -> u */
static int ds_ble_agent_request_passkey(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	const char *device;
	int r = sd_bus_message_read(m, "o", &device);

	(void)err;
	return r < 0 ? r : ds_ble_agent_hold(userdata, m, DS_BLE_AGENT_PASSKEY, device, 0);
}

/** RequestConfirmation(o device, u passkey) */
static int ds_ble_agent_request_confirmation(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	const char *device;
	uint32_t passkey;
	int r = sd_bus_message_read(m, "ou", &device, &passkey);

	(void)err;
	return r < 0 ? r : ds_ble_agent_hold(userdata, m, DS_BLE_AGENT_CONFIRM, device, passkey);
}

/** RequestAuthorization(o device) */
static int ds_ble_agent_request_authorization(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	const char *device;
	int r = sd_bus_message_read(m, "o", &device);

	(void)err;
	return r < 0 ? r : ds_ble_agent_hold(userdata, m, DS_BLE_AGENT_AUTHORIZE, device, 0);
}

/** DisplayPasskey(o device, u passkey, q entered): shown, no answer needed. */
static int ds_ble_agent_display_passkey(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	ds_ble_agent *a = userdata;
	const char *device;
	uint32_t passkey;
	uint16_t entered;
	int r = sd_bus_message_read(m, "ouq", &device, &passkey, &entered);

	(void)err;
	if (r < 0)
		return r;
	ds_ble_agent_post(a, DS_BLE_AGENT_DISPLAY, device, passkey, 0);
	return sd_bus_reply_method_return(m, "");
}

/** RequestPinCode(o device): legacy PINs are not LE; refused. */
static int ds_ble_agent_request_pin(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	(void)userdata;
	(void)err;
	return sd_bus_reply_method_errorf(m, "org.bluez.Error.Rejected", "PIN codes are not supported");
}

/** AuthorizeService(o device, s uuid): the devices we pair may use their services. */
static int ds_ble_agent_authorize_service(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	(void)userdata;
	(void)err;
	return sd_bus_reply_method_return(m, "");
}

/** Cancel(): BlueZ withdrew the pending request. */
static int ds_ble_agent_cancel(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	ds_ble_agent *a = userdata;

	(void)err;
	if (a->pending) {
		sd_bus_message_unref(a->pending);
		a->pending = NULL;
		ds_ble_agent_post(a, DS_BLE_AGENT_CANCELLED, "", 0, a->pending_id);
	}
	return sd_bus_reply_method_return(m, "");
}

/** Release(): BlueZ no longer uses the agent. */
static int ds_ble_agent_release(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	(void)userdata;
	(void)err;
	return sd_bus_reply_method_return(m, "");
}

static const sd_bus_vtable ds_ble_agent_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_METHOD("Release", "", "", ds_ble_agent_release, 0),
	SD_BUS_METHOD("RequestPinCode", "o", "s", ds_ble_agent_request_pin, 0),
	SD_BUS_METHOD("RequestPasskey", "o", "u", ds_ble_agent_request_passkey, 0),
	SD_BUS_METHOD("DisplayPasskey", "ouq", "", ds_ble_agent_display_passkey, 0),
	SD_BUS_METHOD("RequestConfirmation", "ou", "", ds_ble_agent_request_confirmation, 0),
	SD_BUS_METHOD("RequestAuthorization", "o", "", ds_ble_agent_request_authorization, 0),
	SD_BUS_METHOD("AuthorizeService", "os", "", ds_ble_agent_authorize_service, 0),
	SD_BUS_METHOD("Cancel", "", "", ds_ble_agent_cancel, 0),
	SD_BUS_VTABLE_END,
};

/** Calls an AgentManager1 method with the agent's path (and capability). */
static ds_status ds_ble_agent_manager_call(ds_ble_agent *a, const char *method, const char *capability)
{
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st = DS_ERR_NO_MEMORY;
	int r = sd_bus_message_new_method_call(a->bus, &call, DS_BLUEZ_SERVICE, "/org/bluez",
					       "org.bluez.AgentManager1", method);

	if (r >= 0)
		r = capability ? sd_bus_message_append(call, "os", DS_BLE_AGENT_PATH, capability)
			       : sd_bus_message_append(call, "o", DS_BLE_AGENT_PATH);
	if (r >= 0)
		st = ds_bluez_call(a->bus, NULL, call, 3000, &reply, &err);
	if (st != DS_OK && a->job && capability)
		ds_job_progress(a->job, 0, _("Bluetooth pairing prompts will not show here: %s"),
				err.message ? err.message : ds_status_str(st));
	sd_bus_message_unref(call);
	sd_bus_message_unref(reply);
	sd_bus_error_free(&err);
	return st;
}

ds_status ds_ble_agent_register(ds_ble_agent *a, sd_bus *bus, ds_job *job)
{
	ds_status st;

	a->bus = bus;
	a->job = job;
	if (sd_bus_add_object_vtable(bus, &a->slot, DS_BLE_AGENT_PATH, "org.bluez.Agent1", ds_ble_agent_vtable, a) < 0)
		return ds_job_fail(job, DS_ERR_IO, "%s", _("Cannot serve the Bluetooth pairing agent."));
	st = ds_ble_agent_manager_call(a, "RegisterAgent", "KeyboardDisplay");
	if (st == DS_OK)
		st = ds_ble_agent_manager_call(a, "RequestDefaultAgent", NULL);
	return st;
}

void ds_ble_agent_poll(ds_ble_agent *a)
{
	bool answered, accept;
	uint32_t passkey;

	if (!a->pending)
		return;
	pthread_mutex_lock(&a->lock);
	answered = a->answered;
	accept = a->accept;
	passkey = a->passkey;
	a->answered = false;
	a->passkey = 0;
	pthread_mutex_unlock(&a->lock);
	if (!answered)
		return;
	if (!accept)
		sd_bus_reply_method_errorf(a->pending, "org.bluez.Error.Rejected", "declined by the installer");
	else if (a->pending_kind == DS_BLE_AGENT_PASSKEY)
		sd_bus_reply_method_return(a->pending, "u", passkey);
	else
		sd_bus_reply_method_return(a->pending, "");
	passkey = 0;
	sd_bus_message_unref(a->pending);
	a->pending = NULL;
}

void ds_ble_agent_unregister(ds_ble_agent *a)
{
	if (!a->bus)
		return;
	if (a->pending) {
		sd_bus_reply_method_errorf(a->pending, "org.bluez.Error.Canceled", "the scan ended");
		sd_bus_message_unref(a->pending);
		a->pending = NULL;
	}
	(void)ds_ble_agent_manager_call(a, "UnregisterAgent", NULL);
	sd_bus_slot_unref(a->slot);
	a->slot = NULL;
	a->bus = NULL;
	a->job = NULL;
}

void ds_ble_agent_answer(ds_ble_agent *a, uint64_t id, bool accept, uint32_t passkey)
{
	pthread_mutex_lock(&a->lock);
	if (id == a->pending_id) {
		a->answered = true;
		a->accept = accept;
		a->passkey = passkey;
	}
	pthread_mutex_unlock(&a->lock);
}
