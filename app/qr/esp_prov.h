/* ESP-IDF provisioning codes: a JSON object such as
 * {"ver":"v1","name":"PROV_A1B2C3","pop":"abcd1234","transport":"ble"}
 * (also "username" for security 2 and "network": "wifi" or "thread").
 * The proof of possession (pop) is a secret: keep a ds_qr_esp_prov in
 * secure memory. */
#ifndef DS_QR_ESP_PROV_H
#define DS_QR_ESP_PROV_H

#include <stdbool.h>
#include <stddef.h>

#include "app/qr/qr_error.h"
#include "app/base/must_check.h"

/** A decoded ESP-IDF provisioning code. */
typedef struct ds_qr_esp_prov {
	char version[16];     /**< "ver", e.g. "v1", or "" */
	char name[64];        /**< the device's BLE name or soft-AP SSID */
	char pop[128];        /**< secret: proof of possession, or "" */
	bool has_pop;
	char username[64];    /**< security 2 user name, or "" */
	char transport[16];   /**< "ble" or "softap" */
	char network[16];     /**< "wifi", "thread", or "" */
	int security;         /**< "security": 0, 1 or 2; 2 when the code does not say */
} ds_qr_esp_prov;

/** Parses len bytes of JSON into out. 0, or -1 with err. */
DS_MUST_CHECK int ds_qr_esp_prov_parse(const char *s, size_t len, ds_qr_esp_prov *out, ds_qr_error *err);

#endif
