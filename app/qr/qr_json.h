/* The --json form of a decoded payload, with the field names of
 * tests/data/vectors/qr-payloads.json. It includes secrets (that is what
 * `qr decode` is for), so the tree is wiped before it is freed and printed
 * through secure memory. */
#ifndef DS_QR_JSON_H
#define DS_QR_JSON_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "app/qr/qr_decode.h"

/** A new JSON object describing d ("format" and the format's fields); NULL when out of memory. */
cJSON *ds_qr_json(const ds_qr_decoded *d);
/** The JSON object of a parse error: {"error", "offset", "field"}. */
cJSON *ds_qr_json_error(const ds_qr_error *err);
/** Wipes every string value in json, then deletes it; NULL is fine. */
void ds_qr_json_free(cJSON *json);
/** Prints json (formatted) and a newline to out through secure memory. 0 or -1. */
int ds_qr_json_print(const cJSON *json, FILE *out);

#endif
