/* Matter QR codes: "MT:" and one or more Base38 payloads joined by '*'
 * (a concatenated code carries one payload per device). Each holds
 * version, vendor and product ID, commissioning flow, discovery
 * capabilities, discriminator and passcode in 88 bits, then optional TLV
 * data. The passcode is a secret: keep a ds_qr_matter in secure memory. */
#ifndef DS_QR_MATTER_PAYLOAD_H
#define DS_QR_MATTER_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/qr/matter_tlv.h"
#include "app/qr/qr_error.h"
#include "app/base/must_check.h"

/** Payloads kept from one concatenated code; more is refused. */
#define DS_QR_MATTER_MAX_PAYLOADS 8

/** Commissioning flows. */
typedef enum ds_qr_matter_flow {
	DS_QR_MATTER_FLOW_STANDARD = 0,    /**< the device is ready to pair when powered */
	DS_QR_MATTER_FLOW_USER_INTENT = 1, /**< a person must act on the device first */
	DS_QR_MATTER_FLOW_CUSTOM = 2,      /**< steps from the vendor (Distributed Compliance Ledger) */
} ds_qr_matter_flow;

/** Discovery capability bits. */
enum ds_qr_matter_discovery {
	DS_QR_MATTER_DISC_SOFT_AP = 1u << 0,
	DS_QR_MATTER_DISC_BLE = 1u << 1,
	DS_QR_MATTER_DISC_ON_NETWORK = 1u << 2,
	DS_QR_MATTER_DISC_WIFI_PAF = 1u << 3,
	DS_QR_MATTER_DISC_NFC = 1u << 4,
	DS_QR_MATTER_DISC_THREAD = 1u << 5,
};

/** One onboarding payload. */
typedef struct ds_qr_matter_payload {
	size_t offset;             /**< where its Base38 text starts in the input */
	unsigned version;          /**< 0 (others are refused) */
	uint16_t vendor_id;
	uint16_t product_id;
	ds_qr_matter_flow flow;
	uint8_t discovery;         /**< enum ds_qr_matter_discovery bits */
	uint16_t discriminator;    /**< 12 bits */
	uint32_t passcode;         /**< secret; 27 bits */
	bool passcode_valid;       /**< within 1..99999998 and not a forbidden value */
	size_t n_tlv;
	ds_qr_tlv tlv[DS_QR_TLV_MAX]; /**< optional data */
} ds_qr_matter_payload;

/** A decoded Matter QR code. */
typedef struct ds_qr_matter {
	size_t n;
	ds_qr_matter_payload payloads[DS_QR_MATTER_MAX_PAYLOADS];
} ds_qr_matter;

/** Parses len bytes starting with "MT:" into out. 0, or -1 with err. */
DS_MUST_CHECK int ds_qr_matter_parse(const char *s, size_t len, ds_qr_matter *out, ds_qr_error *err);
/** True when the specification allows passcode: 1..99999998, and not
 *  11111111 .. 88888888, 12345678 or 87654321. */
bool ds_qr_matter_passcode_valid(uint32_t passcode);
/** Stable name of a flow: "standard", "user-intent", "custom". */
const char *ds_qr_matter_flow_name(ds_qr_matter_flow flow);
/** Stable name of one discovery bit ("soft-ap", "ble", ...), or NULL for a reserved bit. */
const char *ds_qr_matter_discovery_name(unsigned bit);

#endif
