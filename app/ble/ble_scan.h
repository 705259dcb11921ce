/* The BLE scan: one long-running job that starts discovery (LE, with a
 * filter), watches BlueZ's signals and posts one event per device seen,
 * updated or gone, until its time is up or it is cancelled. */
#ifndef DS_BLE_SCAN_H
#define DS_BLE_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ble/ble_agent.h"
#include "app/ble/ble_device.h"
#include "app/ble/ble_table.h"
#include "app/ble/bluez.h"
#include "app/base/jobs.h"

/** What happened to a device. */
typedef enum ds_ble_event_kind {
	DS_BLE_EV_SEEN = 0,    /**< first seen */
	DS_BLE_EV_UPDATED = 1, /**< its signal, name or advertisement changed */
	DS_BLE_EV_GONE = 2,    /**< BlueZ forgot it */
	DS_BLE_EV_AGENT = 3,   /**< the pairing agent asks the person (agent) */
} ds_ble_event_kind;

/** A scan event: posted as a job item (free with free()). */
typedef struct ds_ble_event {
	ds_ble_event_kind kind;
	ds_ble_device dev;     /**< the device's whole record after the change */
	ds_ble_agent_request agent; /**< DS_BLE_EV_AGENT */
} ds_ble_event;

/** Asks who claims dev: fills dev->claimed_by and dev->locator and returns
 *  true when someone does. Sets *busy when the claimer cannot answer now
 *  (the scan asks again later). Runs on the scan's thread. */
typedef bool (*ds_ble_claim_fn)(void *ctx, ds_job *job, ds_ble_device *dev, bool *busy);

/** What to scan for, and what the scan found out about the adapter. */
typedef struct ds_ble_scan_opts {
	unsigned seconds;             /**< how long; 0: until cancelled */
	const char *const *uuids;     /**< service UUIDs to look for (NULL-terminated), or NULL: all */
	bool use_rssi;                /**< only devices at least rssi_min dBm strong */
	int16_t rssi_min;
	bool power_on;                /**< switch the adapter on first if it is off */
	ds_ble_claim_fn claim;        /**< asked about each device; NULL: no claims */
	void *claim_ctx;
	ds_ble_agent *agent;          /**< served during the scan (pairing prompts); or NULL */
	const char *stop_at;          /**< an address: the scan ends once it is seen and claimed; or NULL */
	ds_ble_device seen;           /**< out: that device's record, when stop_at was seen */
	bool was_seen;                /**< out */
	ds_ble_adapter adapter;       /**< out: the adapter used */
	bool adapter_off;             /**< out: failed because the adapter is off */
} ds_ble_scan_opts;

/** Job (arg: ds_ble_scan_opts): scans and posts ds_ble_event items. Ends
 *  DS_OK when its time is up, DS_ERR_CANCELLED when cancelled, or fails
 *  with a message (no BlueZ, no adapter, adapter off: adapter_off set). */
ds_status ds_ble_scan_job(ds_job *job, void *arg);
/** Applies a scan event to a table (the receiver's copy). */
void ds_ble_scan_apply(ds_ble_table *t, const ds_ble_event *ev);

#endif
