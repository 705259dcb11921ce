/* The commissioning report: what was done at a site, with no secret. */
#ifndef DS_REPORT_H
#define DS_REPORT_H

#include <cjson/cJSON.h>
#include "app/core/site.h"
#include "app/base/must_check.h"

/** Builds the report document for a site. NULL on out-of-memory. */
cJSON *ds_report_build(const ds_site *site);
/** Writes the report as formatted JSON to path (atomically). 0 or -1 (message set). */
DS_MUST_CHECK int ds_report_write(const ds_site *site, const char *path, char *message, size_t message_size);
/** Writes the default report path for a site (<state>/reports/<site>.json). 0 or -1. */
DS_MUST_CHECK int ds_report_default_path(const ds_site *site, char *buf, size_t size);

#endif
