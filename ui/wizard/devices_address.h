/* Devices step: adding a device by its network address ("HOST[:PORT]"), for
 * cameras on the network that are not found by a search (another subnet). */
#ifndef DS_DEVICES_ADDRESS_H
#define DS_DEVICES_ADDRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/account_ops.h"
#include "ui/toolkit/ui_field.h"
#include "ui/wizard/wizard.h"

/** Checks the address typed in field: a bad one gets the reason on the field
 *  (the text is kept) and returns 0; otherwise starts identifying it into op
 *  as the foreground job (progress, Esc cancels) and returns the job id. */
uint64_t ds_devices_address_start(ds_wizard *w, ds_op_add_address *op, ui_field *field);
/** Looks at op's address once more (after its certificate was accepted); the job id, or 0. */
uint64_t ds_devices_address_again(ds_wizard *w, ds_op_add_address *op);
/** Takes the end of the address job (ev, DS_EVENT_DONE): true when op->found
 *  is the device to add; otherwise field or the status line says why and
 *  what to do, and the text is kept. */
bool ds_devices_address_done(ds_wizard *w, const ds_op_add_address *op, ui_field *field, const ds_event *ev);

#endif
