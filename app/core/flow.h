/* The wizard's flow: which step is complete, what blocks moving on, and the
 * primary/backup operator rules. Pure functions of the site model. */
#ifndef DS_FLOW_H
#define DS_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include "app/core/site.h"

/** Translated title of a step ("Devices"). */
const char *ds_flow_step_title(ds_step step);
/** True when the step's work is done for this site (derived, not stored). */
bool ds_flow_step_complete(const ds_site *site, ds_step step);
/** True when the user may open step now; otherwise why says which step first. */
bool ds_flow_can_enter(const ds_site *site, ds_step step, char *why, size_t why_size);
/** True when the user may go on from step; otherwise why says what is missing. */
bool ds_flow_can_leave(const ds_site *site, ds_step step, char *why, size_t why_size);
/** Marks step done when complete and moves current_step to the next step. Returns it. */
ds_step ds_flow_advance(ds_site *site, ds_step step);
/** True when some device of the site has an eSIM to set up. */
bool ds_flow_needs_cellular(const ds_site *site);
/** The site's device with an eSIM, or NULL. */
ds_site_device *ds_flow_cellular_device(ds_site *site);

#endif
