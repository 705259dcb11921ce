/* The pairing agent (org.bluez.Agent1), registered with BlueZ's
 * AgentManager1 on the scan job's bus. BlueZ asks it for a passkey or a
 * confirmation while a device pairs; each request is posted to the UI as a
 * scan event, and the answer the person gives is sent back to BlueZ from
 * the scan thread. Passkeys are never logged. */
#ifndef DS_BLE_AGENT_H
#define DS_BLE_AGENT_H

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-bus.h>

#include "app/base/jobs.h"
#include "app/base/must_check.h"

/** The object path the agent is served at. */
#define DS_BLE_AGENT_PATH "/org/doorstep/agent"

/** What BlueZ asks. */
typedef enum ds_ble_agent_kind {
	DS_BLE_AGENT_PASSKEY = 1,      /**< type the 6-digit passkey the device shows */
	DS_BLE_AGENT_CONFIRM = 2,      /**< does the device show this passkey? */
	DS_BLE_AGENT_DISPLAY = 3,      /**< type this passkey on the device (no answer) */
	DS_BLE_AGENT_AUTHORIZE = 4,    /**< may this device pair at all? */
	DS_BLE_AGENT_CANCELLED = 5,    /**< BlueZ withdrew the request */
} ds_ble_agent_kind;

/** One request, as posted to the UI. */
typedef struct ds_ble_agent_request {
	uint64_t id;                   /**< pass it back with the answer */
	ds_ble_agent_kind kind;
	char device[128];              /**< the device's object path */
	char address[18];
	uint32_t passkey;              /**< CONFIRM, DISPLAY */
} ds_ble_agent_request;

/** The agent (shared by the scan thread and the UI thread). */
typedef struct ds_ble_agent ds_ble_agent;

/** A new agent. NULL when out of memory. */
ds_ble_agent *ds_ble_agent_new(void);
/** Frees it (after the scan that served it has ended). */
void ds_ble_agent_free(ds_ble_agent *a);
/** Serves the agent on bus and registers it as the default agent. Posts
 *  requests as items of job. Fails with a message. */
DS_MUST_CHECK ds_status ds_ble_agent_register(ds_ble_agent *a, sd_bus *bus, ds_job *job);
/** Sends the answers given meanwhile; call often on the bus's thread. */
void ds_ble_agent_poll(ds_ble_agent *a);
/** Unregisters (best effort) and forgets the job; call on the bus's thread. */
void ds_ble_agent_unregister(ds_ble_agent *a);
/** The UI's answer to request id: accept, and the passkey typed (PASSKEY). */
void ds_ble_agent_answer(ds_ble_agent *a, uint64_t id, bool accept, uint32_t passkey);

#endif
