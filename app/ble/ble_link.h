/* A connection to one BLE device for a plugin (ds_host_ble): connect, the
 * device's GATT table, read, write, notifications. Each call blocks its
 * worker thread with a timeout, gives way to cancel, and ends early when the
 * device goes away. The link owns its own bus connection. */
#ifndef DS_BLE_LINK_H
#define DS_BLE_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <doorstep/plugin.h>

#include "app/base/jobs.h"
#include "app/base/must_check.h"

/** Connects to address and discovers its GATT table; fails with a message. */
DS_MUST_CHECK ds_status ds_ble_link_connect(ds_job *job, const char *address, unsigned timeout_ms, ds_ble_link **out);
/** Disconnects (best effort, briefly) and frees; NULL is allowed. */
void ds_ble_link_disconnect(ds_ble_link *link);
/** Characteristic number index; DS_ERR_NOT_FOUND past the last (no message). */
DS_MUST_CHECK ds_status ds_ble_link_char(ds_ble_link *link, size_t index, ds_gatt_char *out);
/** ReadValue of a characteristic. */
DS_MUST_CHECK ds_status ds_ble_link_read(ds_job *job, ds_ble_link *link, const char *uuid, uint8_t *buf, size_t size,
					 size_t *len, unsigned timeout_ms);
/** WriteValue of a characteristic, type "request" (with response) or "command". */
DS_MUST_CHECK ds_status ds_ble_link_write(ds_job *job, ds_ble_link *link, const char *uuid, const uint8_t *data,
					  size_t len, bool with_response, unsigned timeout_ms);
/** StartNotify of a characteristic. */
DS_MUST_CHECK ds_status ds_ble_link_subscribe(ds_job *job, ds_ble_link *link, const char *uuid, unsigned timeout_ms);
/** Waits for the next value a subscribed characteristic notifies. */
DS_MUST_CHECK ds_status ds_ble_link_wait(ds_job *job, ds_ble_link *link, const char *uuid, uint8_t *buf, size_t size,
					 size_t *len, unsigned timeout_ms);

#endif
