/* The QR claim rule. */
#include "app/core/qr_claim.h"

#include "app/core/devices.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"

ds_status ds_qr_claim(ds_job *job, ds_plugin_set *set, const char *payload, ds_loaded_plugin **owner, char *locator,
		      size_t locator_size)
{
	*owner = NULL;
	for (size_t i = 0; set && i < set->n_loaded; i++) {
		ds_loaded_plugin *lp = set->loaded[i];
		ds_status st;

		if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_QR))
			continue;
		locator[0] = '\0';
		DS_PLUGIN_CALL(lp, st = lp->desc.match_qr(job, payload, locator, locator_size));
		if (st != DS_OK && st != DS_ERR_INVALID)
			continue;
		*owner = lp;
		return st;
	}
	return DS_ERR_NOT_FOUND;
}
