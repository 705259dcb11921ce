/* Which plugin claims a QR payload (a label's code): the one rule that both
 * faces use, the Devices step and `run` to add a device, `qr decode` to say
 * who claims a code. */
#ifndef DS_QR_CLAIM_H
#define DS_QR_CLAIM_H

#include <stddef.h>

#include "app/base/jobs.h"
#include "app/plugin/plugin_loader.h"

/** Asks the plugins of set in load order whether payload is one of their
 *  codes. The first that answers DS_OK (claimed: locator filled) or
 *  DS_ERR_INVALID (its code, but damaged: the plugin's message is the
 *  job's) wins and is put in *owner; any other answer is no claim.
 *  Returns that status, or DS_ERR_NOT_FOUND when no plugin claims it.
 *  Runs inside a job (plugins see job as their call). */
ds_status ds_qr_claim(ds_job *job, ds_plugin_set *set, const char *payload, ds_loaded_plugin **owner, char *locator,
		      size_t locator_size);

#endif
