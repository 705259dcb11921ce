/* A decoded payload as lines a person reads: a translated label and a
 * value per line, for `qr decode` and for the wizard's "what was scanned"
 * view. Secret values are marked, so that a screen can mask them. */
#ifndef DS_QR_DESCRIBE_H
#define DS_QR_DESCRIBE_H

#include <stdbool.h>

#include "app/qr/qr_decode.h"

/** Receives one line: depth 0 is the title, 1 a field, 2 a field of a
 *  sub-item (a Matter payload of a concatenated code). value may be "" for
 *  a heading; it is wiped after the call when secret. */
typedef void (*ds_qr_describe_fn)(int depth, const char *label, const char *value, bool secret, void *ctx);

/** Calls fn once per line describing d. */
void ds_qr_describe(const ds_qr_decoded *d, ds_qr_describe_fn fn, void *ctx);

#endif
