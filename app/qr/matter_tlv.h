/* The optional data of a Matter QR payload: Matter TLV, an anonymous
 * structure of tagged elements (serial number, vendor elements ...). The
 * reader never reads past its input and nests at most a few levels. */
#ifndef DS_QR_MATTER_TLV_H
#define DS_QR_MATTER_TLV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/qr/qr_error.h"
#include "app/base/must_check.h"

/** Elements kept per payload; more is refused. */
#define DS_QR_TLV_MAX 16
/** Bytes kept of a string or byte-string value; longer is refused. */
#define DS_QR_TLV_DATA_MAX 128

/** Kinds of TLV values. */
typedef enum ds_qr_tlv_type {
	DS_QR_TLV_INT = 0,
	DS_QR_TLV_UINT = 1,
	DS_QR_TLV_BOOL = 2,
	DS_QR_TLV_FLOAT = 3,
	DS_QR_TLV_STRING = 4,
	DS_QR_TLV_BYTES = 5,
	DS_QR_TLV_NULL = 6,
	DS_QR_TLV_CONTAINER = 7, /**< a nested structure, array or list (its contents are skipped) */
} ds_qr_tlv_type;

/** One element of the optional data. */
typedef struct ds_qr_tlv {
	uint32_t tag;             /**< tag number (context tags: 0..255) */
	bool context_tag;         /**< a context-specific tag (the usual form) */
	ds_qr_tlv_type type;
	int64_t i;                /**< DS_QR_TLV_INT */
	uint64_t u;               /**< DS_QR_TLV_UINT */
	bool b;                   /**< DS_QR_TLV_BOOL */
	double f;                 /**< DS_QR_TLV_FLOAT */
	uint8_t data[DS_QR_TLV_DATA_MAX + 1]; /**< STRING (NUL-terminated) or BYTES */
	size_t len;               /**< bytes in data */
} ds_qr_tlv;

/** Parses len bytes of TLV (one anonymous structure) into items (at most
 *  max); *n gets the count. 0, or -1 with err->offset a byte offset into buf. */
DS_MUST_CHECK int ds_qr_tlv_parse(const uint8_t *buf, size_t len, ds_qr_tlv *items, size_t max, size_t *n,
				  ds_qr_error *err);
/** Stable name of a tag defined by the Matter specification ("serial_number",
 *  "pbkdf_iterations", ...), "vendor" for 0x80..0xFF, or NULL. */
const char *ds_qr_tlv_tag_name(const ds_qr_tlv *item);
/** Stable name of a value type ("int", "uint", "string", ...). */
const char *ds_qr_tlv_type_name(ds_qr_tlv_type type);

#endif
