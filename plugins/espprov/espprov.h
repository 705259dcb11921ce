/* Internal header of the ESP-IDF provisioning plugin: the device state,
 * translation macros, the labels it claimed, the link to a device and the
 * operations each file implements (espprov_plugin.c: the descriptor;
 * espprov_ops.c: labels, addresses, open, info; espprov_softap.c: the device's endpoints over its
 * own access point; espprov_ble.c: the same over Bluetooth LE;
 * espprov_provision.c: the secure session and Wi-Fi).
 * The protocol itself is espprov_core (espprov_session.h, espprov_wifi.h,
 * espprov_proto_ver.h). */
#ifndef ESPPROV_H
#define ESPPROV_H

#include <doorstep/plugin.h>

#include "espprov_endpoints.h"
#include "espprov_proto_ver.h"
#include "espprov_session.h"
#include "espprov_wifi.h"

/** The plugin's gettext text domain. */
#define ESPPROV_TEXT_DOMAIN "doorstep-espprov"
/** Translates a message now (xgettext --keyword=D_). */
#define D_(s) espprov_translate(s)

/** Locators: "espprov:softap:HOST:PORT/NAME" or "espprov:ble:NAME". */
#define ESPPROV_LOCATOR_SOFTAP "espprov:softap:"
#define ESPPROV_LOCATOR_BLE "espprov:ble:"
/** Where a device's own access point puts it, unless DOORSTEP_ESPPROV_SOFTAP says otherwise. */
#define ESPPROV_SOFTAP_DEFAULT "192.168.4.1:80"
/** One request to a device (ms). */
#define ESPPROV_CALL_TIMEOUT_MS 5000u
/** How long a Bluetooth connection (with the device's services) may take (ms). */
#define ESPPROV_BLE_CONNECT_MS 15000u
/** Most bytes of one value over Bluetooth, request or answer: ESP-IDF's
 *  protocomm limit, raised for security 2 (whose SRP-6a keys are 384 bytes)
 *  when the firmware speaks it. */
#define ESPPROV_BLE_VALUE_MAX 256u
#define ESPPROV_BLE_VALUE_MAX_SEC2 480u
/** How long open waits for the laptop to join the device's network (ms). */
#define ESPPROV_JOIN_WAIT_MS 60000u
/** How long wifi_configure waits for the device to connect (ms). */
#define ESPPROV_CONNECT_WAIT_MS 60000u
/** How often the device is asked again: whether it answers on its network,
 *  and its station status while it connects (ms; short, so that nobody
 *  waits on a poll: a local request costs a few milliseconds). */
#define ESPPROV_POLL_MS 250u
/** Longest device name kept (a BLE name or an SSID). */
#define ESPPROV_NAME_MAX 33u
/** Most labels remembered by one plugin process. */
#define ESPPROV_LABELS_MAX 16u
/** Most networks of one scan kept. */
#define ESPPROV_SCAN_MAX 64u
/** Results asked for per scan request (what fits a BLE value). */
#define ESPPROV_SCAN_PAGE 4u

/** What a label said (the secrets in host secret memory). */
typedef struct espprov_label {
	char name[ESPPROV_NAME_MAX];
	bool ble;       /**< "transport": "ble" (else softap) */
	int security;   /**< 0, 1 or 2 (2 when the label does not say) */
	char *username; /**< security 2's, or NULL */
	char *pop;      /**< the proof of possession (security 1) or SRP password (2), or NULL */
} espprov_label;

/** An opened device. */
struct ds_device {
	char name[ESPPROV_NAME_MAX];
	bool ble;
	char hostport[128];          /**< SoftAP: where the device answers */
	char cookie[96];             /**< SoftAP: "session=..." the device set, or "" */
	ds_ble_link *link;           /**< BLE: the connection, or NULL */
	espprov_endpoints endpoints; /**< BLE: the endpoints by their descriptions */
	espprov_proto_ver ver;
	espprov_session *session; /**< established, or NULL */
	espprov_wifi_ap scan[ESPPROV_SCAN_MAX];
	size_t n_scan;
	bool scanned;
	bool connected; /**< the last status said connected */
	char ip4[ESPPROV_IP4_MAX];
	uint8_t ssid[ESPPROV_SSID_MAX]; /**< the network it was told to join */
	size_t ssid_len;
	void *vendor; /**< a plugin built on this one: its own data about the device, which it frees
		       *   before espprov_op_close(); espprov never touches it */
};

/** The host's services, kept by espprov_op_init(). */
extern const ds_host *espprov_host;

const char *espprov_translate(const char *msgid) __attribute__((format_arg(1)));
/** Milliseconds of a monotonic clock. */
uint64_t espprov_now_ms(void);

/* ---- the plugin's operations (espprov_ops.c), for any descriptor ---- */

/** The label remembered for the device name, or NULL. */
const espprov_label *espprov_label_find(const char *name);
/** init: keeps the host's table (espprov_host). */
ds_status espprov_op_init(const ds_host *host);
/** fini: forgets every label and wipes its secrets. */
void espprov_op_fini(void);
/** match_qr: an ESP-IDF provisioning label, JSON with "ver" and a "name"
 *  (its secrets kept in secret memory), as a locator of its transport. */
ds_status espprov_op_match_qr(ds_call *call, const char *payload, char *locator, size_t locator_size);
/** match_address: "HOST[:PORT]" where a device's provisioning service answers proto-ver. */
ds_status espprov_op_match_address(ds_call *call, const char *address, char *locator, size_t locator_size);
/** open: the device's link, proto-ver and the secure session; after it,
 *  espprov_endpoint_call() reaches the device's own endpoints. */
ds_status espprov_op_open(ds_call *call, const char *locator, ds_device **out);
/** close: ends the link and frees the session. */
void espprov_op_close(ds_device *dev);
/** device_info: vendor Espressif, model and firmware from proto-ver's
 *  application fields ("model", "fw") when it has them. */
ds_status espprov_op_device_info(ds_call *call, ds_device *dev, ds_device_info *out);
/** credential_state: no password of the device's own to replace. */
ds_status espprov_op_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out);

/* ---- SoftAP link (espprov_softap.c) ---- */

/** Sends req (len bytes) to the device's endpoint and reads its answer
 *  into buf (cap bytes, *got). DS_ERR_IO when it cannot be reached,
 *  DS_ERR_TIMEOUT, DS_ERR_DEVICE for an HTTP error or an answer over cap;
 *  each with a message. */
ds_status espprov_softap_send(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
			      uint8_t *buf, size_t cap, size_t *got);

/* ---- Bluetooth LE link (espprov_ble.c) ---- */

/** match_ble: claims a provisioning device's advertisement ("PROV_" name or
 *  the provisioning service) as "espprov:ble:NAME" and remembers its address. */
ds_status espprov_ble_match(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size);
/** Connects to the device dev->name names (by the address match_ble saw, else
 *  by its advertised name) and maps its endpoints; fails with a message. */
ds_status espprov_ble_open(ds_call *call, ds_device *dev);
/** Disconnects dev's link, if any. */
void espprov_ble_close(ds_device *dev);
/** As espprov_softap_send, over the device's characteristics: the request
 *  written, then the answer read, each at most ESPPROV_BLE_VALUE_MAX bytes
 *  (ESPPROV_BLE_VALUE_MAX_SEC2 for a security 2 device, and for the
 *  proto-ver answer that tells the security version). */
ds_status espprov_ble_send(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
			   uint8_t *buf, size_t cap, size_t *got);

/* ---- session and Wi-Fi (espprov_provision.c) ---- */

/** Reads proto-ver, waiting (with a countdown) for the laptop to join the
 *  device's network, then sets up the secure session the device asks for. */
ds_status espprov_connect(ds_call *call, ds_device *dev, const espprov_label *label);
/** One exchange with an endpoint of the device's application (a vendor's
 *  own, such as "custom-data"), through the established session: req (len
 *  bytes) is encrypted, sent, and the answer decrypted into plain (cap
 *  bytes, *got). Over Bluetooth the endpoint is the characteristic whose
 *  0x2901 description is its name; over SoftAP it is POST /<name>. Fails
 *  with a message (DS_ERR_UNSUPPORTED when the device has no such endpoint,
 *  DS_ERR_INVALID before a session is set up). */
ds_status espprov_endpoint_call(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
				uint8_t *plain, size_t cap, size_t *got);
/** wifi_scan: the device's own scan, read a page at a time. */
ds_status espprov_op_wifi_scan(ds_call *call, ds_device *dev, size_t index, ds_wifi_network *out);
/** wifi_configure: credentials, apply, then the status until connected or failed. */
ds_status espprov_op_wifi_configure(ds_call *call, ds_device *dev, const char *ssid, const char *key);
/** wifi_status: the network the device is on, once connected. */
ds_status espprov_op_wifi_status(ds_call *call, ds_device *dev, ds_wifi_network *out);

#endif
