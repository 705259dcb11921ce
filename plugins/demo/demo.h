/* Internal header of the demo plugin: its one global state, translation
 * macros, shared helpers and the operations each file implements. */
#ifndef DEMO_H
#define DEMO_H

#include <doorstep/plugin.h>

#include "demo_devices.h"
#include "demo_memory.h"

/** The plugin's gettext text domain. */
#define DEMO_TEXT_DOMAIN "doorstep-demo"

/** Translates a message now (xgettext --keyword=D_). */
#define D_(s) demo_translate(s)
/** Marks a message for translation later, in static tables (--keyword=N_). */
#define N_(s) (s)

/** Simulated faults, chosen by the option "simulated_fault" or by the
 *  environment variable DOORSTEP_DEMO_FAULT (which wins). */
typedef enum demo_fault {
	DEMO_FAULT_NONE = 0,
	DEMO_FAULT_BACKUP_OFFLINE = 1,
	DEMO_FAULT_STUCK_ON_BACKUP = 2,
} demo_fault;

/** Everything the plugin keeps between calls (the host serialises calls). */
typedef struct demo_state {
	const ds_host *host;     /**< from init(), valid until fini() */
	char state_path[4096];   /**< <data_dir>/system.state */
	demo_memory mem;         /**< the simulated devices' memory */
} demo_state;

/** An opened device: which one of demo_devices[]. */
struct ds_device {
	unsigned id;
};

/** The plugin's state. */
extern demo_state demo;

/* ---- helpers (demo_plugin.c) ---- */

/** Looks msgid up in the plugin's text domain. */
const char *demo_translate(const char *msgid) __attribute__((format_arg(1)));
/** Simulates ms of device work in steps, reporting progress from..to permille. */
ds_status demo_work(ds_call *call, unsigned ms, unsigned from, unsigned to, const char *message);
/** Writes the memory file; on failure records a message and returns DS_ERR_IO. */
ds_status demo_commit(ds_call *call);
/** Refuses an operation the device lacks (feature not in its flags). */
ds_status demo_require(ds_call *call, const ds_device *dev, uint32_t feature);
/** Compares two strings (passwords, codes) in time independent of where they differ. */
bool demo_equal(const char *a, const char *b);
/** A random integer in [-span, span]; 0 when DOORSTEP_DEMO_STEADY is set. */
int demo_jitter(int span);
/** The device's definition. */
const demo_device_def *demo_def(const ds_device *dev);
/** The device's memory. */
demo_device_memory *demo_mem(const ds_device *dev);

/* ---- devices, labels and discovery (demo_devices.c) ---- */

/** match_qr: claims a demo label. */
ds_status demo_match_qr(ds_call *call, const char *payload, char *locator, size_t locator_size);
/** discover: every device of the system, one per index. */
ds_status demo_discover(ds_call *call, size_t index, char *locator, size_t locator_size);

/* ---- the Bluetooth LE accessory (demo_ble.c) ---- */

/** The GATT service the demo's BLE accessory advertises. */
#define DEMO_BLE_SERVICE_UUID "5d0e0001-7e57-4d6f-8d6f-646f6f727374"
/** Locators of BLE accessories: this prefix and the address. */
#define DEMO_BLE_LOCATOR_PREFIX "demo-ble:"
/** ds_device.id of an opened BLE siren (not one of demo_devices[]). */
#define DEMO_BLE_DEVICE_ID 1000u
/** The BLE siren's definition: no features, so every demo_require() refuses. */
extern const demo_device_def demo_ble_def;
/** The BLE advertisements the plugin claims (ds_plugin.ble_claims). */
extern const ds_ble_claim demo_ble_claims[];
/** match_ble: claims a device advertising DEMO_BLE_SERVICE_UUID. */
ds_status demo_match_ble(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size);
/** open for a "demo-ble:" locator: connect, PAIR, wait for READY. */
ds_status demo_ble_open(ds_call *call, const char *locator, ds_device **out);
/** device_info of an opened BLE siren. */
ds_status demo_ble_device_info(ds_call *call, ds_device *dev, ds_device_info *out);

/* ---- credentials (demo_credentials.c) ---- */

/** credential_state operation. */
ds_status demo_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out);
/** login operation. */
ds_status demo_login(ds_call *call, ds_device *dev, const char *password);
/** set_password operation. */
ds_status demo_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_password);

/* ---- eSIM (demo_esim.c) ---- */

/** Fills the factory profiles of the panel's eUICC; returns how many. */
size_t demo_esim_factory(ds_esim_profile *profiles, size_t max);
/** The enabled profile, or NULL. */
ds_esim_profile *demo_esim_enabled(void);
/** The profile with this role, or NULL. */
ds_esim_profile *demo_esim_with_role(ds_profile_role role);
/** The profile with this ICCID, or NULL. */
ds_esim_profile *demo_esim_lookup(const char *iccid);
/** The eSIM profile with this ICCID on a device that has an eSIM; NULL with
 *  *st set (and the message recorded) when there is none. */
ds_esim_profile *demo_esim_find(ds_call *call, ds_device *dev, const char *iccid, ds_status *st);
/** The SM-DP+ server a profile came from (by its ICCID's prefix). */
const char *demo_esim_smdp_of(const char *iccid);
/** esim_profile operation. */
ds_status demo_esim_profile(ds_call *call, ds_device *dev, size_t index, ds_esim_profile *out);
/** esim_set_primary operation. */
ds_status demo_esim_set_primary(ds_call *call, ds_device *dev, const char *iccid);
/** esim_set_backup operation. */
ds_status demo_esim_set_backup(ds_call *call, ds_device *dev, const char *iccid);
/** esim_download operation. */
ds_status demo_esim_download(ds_call *call, ds_device *dev, const char *activation_code,
			     const char *confirmation_code);

/* ---- eSIM management, SGP.22 (demo_esim_manage.c) ---- */

/** Queues a notification for the operator about the profile iccid (the
 *  oldest goes when the queue is full, as on a chip with little room). */
void demo_esim_notify(ds_notification_event event, const char *iccid);
/** esim_info operation: the chip's EID and details. */
ds_status demo_esim_info(ds_call *call, ds_device *dev, ds_esim_info *out);
/** esim_disable operation. */
ds_status demo_esim_disable(ds_call *call, ds_device *dev, const char *iccid);
/** esim_delete operation: refuses the enabled profile. */
ds_status demo_esim_delete(ds_call *call, ds_device *dev, const char *iccid);
/** esim_nickname operation. */
ds_status demo_esim_nickname(ds_call *call, ds_device *dev, const char *iccid, const char *nickname);
/** esim_notification operation. */
ds_status demo_esim_notification(ds_call *call, ds_device *dev, size_t index, ds_esim_notification *out);
/** esim_notifications_send operation: each one to its server, then gone. */
ds_status demo_esim_notifications_send(ds_call *call, ds_device *dev);

/* ---- cellular link and failover (demo_cellular.c) ---- */

/** Fills the link state the panel has now (no waiting). */
void demo_cellular_read(ds_cellular_status *out);
/** cellular_status operation. */
ds_status demo_cellular_status(ds_call *call, ds_device *dev, ds_cellular_status *out);
/** failover_test operation. */
ds_status demo_failover_test(ds_call *call, ds_device *dev, ds_failover_result *out);
/** operator_scan operation (demo_scan.c). */
ds_status demo_operator_scan(ds_call *call, ds_device *dev, size_t index, ds_network *out);

/* ---- diagnostics (demo_diag.c) ---- */

/** diagnose operation. */
ds_status demo_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out);

/* ---- vendor settings (demo_options.c) ---- */

/** The descriptor of setting index of device id, or NULL past the last. */
const ds_option_desc *demo_option_at(unsigned id, size_t index);
/** The factory value of setting index of device id. */
int32_t demo_option_default(unsigned id, size_t index);
/** The fault in effect (environment first, then the panel's setting). */
demo_fault demo_fault_effective(void);
/** option_desc operation. */
const ds_option_desc *demo_option_desc(ds_device *dev, size_t index);
/** option_get operation. */
ds_status demo_option_get(ds_call *call, ds_device *dev, size_t index, ds_option_value *out);
/** option_set operation. */
ds_status demo_option_set(ds_call *call, ds_device *dev, size_t index, const ds_option_value *value);

/* ---- Wi-Fi and hand-over (demo_wifi.c, demo_handover.c) ---- */

/** wifi_scan operation. */
ds_status demo_wifi_scan(ds_call *call, ds_device *dev, size_t index, ds_wifi_network *out);
/** wifi_configure operation. */
ds_status demo_wifi_configure(ds_call *call, ds_device *dev, const char *ssid, const char *key);
/** wifi_status operation (ABI 1.1). */
ds_status demo_wifi_status(ds_call *call, ds_device *dev, ds_wifi_network *out);
/** The cloud endpoints of the demo system (ABI 1.1 cloud_urls). */
extern const char *const demo_cloud_urls[];
/** handover_code operation. */
ds_status demo_handover_code(ds_call *call, ds_device *dev, char *out, size_t out_size);

#endif
