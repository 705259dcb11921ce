/* Inside a plugin runner (doorstep-plugin-runner): the process in which one
 * plugin runs, started by doorstep (app/plugin/plugin_runner.h) with its
 * socket on fd 3 and the plugin's sealed, checked image on fd 4. */
#ifndef DS_RUNNER_H
#define DS_RUNNER_H

#include <stdint.h>
#include <doorstep/plugin.h>

#include "app/base/jobs.h"
#include "app/net/http_request.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/runner_wire.h"

/** One CALL being run: its arguments (strings in secure memory) and outputs. */
typedef struct ds_runner_call {
	ds_loaded_plugin *lp;
	ds_wire_op op;
	uint64_t device; /**< the device's number, 0 for none */
	uint64_t index;
	char *s[3];           /**< string arguments, NULL where none */
	size_t out_size;      /**< text outputs: the caller's buffer size */
	char *text;           /**< text output (out_size bytes) */
	ds_ble_advert adv;    /**< DS_WOP_MATCH_BLE */
	uint8_t *adv_data[2]; /**< its manufacturer and service data */
	uint64_t opened;      /**< DS_WOP_OPEN: the new device's number */
	union {
		ds_device_info info;
		ds_credential_state cred;
		ds_wifi_network wifi;
		ds_esim_profile profile;
		ds_cellular_status cellular;
		ds_failover_result failover;
		ds_check check;
		ds_network network;
		ds_account account;
		ds_esim_info esim_info;
		ds_esim_notification notification;
	} out;
} ds_runner_call;

/** Reads a CALL into a new call; NULL when it is malformed or memory ran out. */
ds_runner_call *ds_runner_call_read(ds_loaded_plugin *lp, ds_wire_reader *in);
/** Runs the call (a job on the runner's worker thread). */
ds_status ds_runner_call_run(ds_job *job, void *arg);
/** Writes the call's REPLY: status, message, outputs. */
void ds_runner_call_reply(const ds_runner_call *c, ds_status status, const char *message, ds_wire *out);
/** Wipes and frees a call. */
void ds_runner_call_free(ds_runner_call *c);
/** Closes every device the plugin still has open. */
void ds_runner_devices_close(ds_loaded_plugin *lp);

/** The BLE services the plugin gets: each asks doorstep over the socket. */
const ds_host_ble *ds_runner_ble(void);
/** Hands a HOST_REPLY that arrived to the service call waiting for it. */
void ds_runner_ble_deliver(const ds_wire_reader *in);
/** The HTTP service's pin question, asked of doorstep (DS_WHOST_CERT_PIN;
 *  a ds_cert_pin_remote_fn, app/plugin/host_http.h). */
ds_http_pin_verdict ds_runner_cert_pin(ds_job *job, const char *hostport, const char *fingerprint, char *accepted,
				       size_t accepted_size);
/** Sends a message on the socket (from any thread). 0 or -1. */
int ds_runner_send(const ds_wire *w);

#endif
