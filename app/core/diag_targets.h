/* What the laptop's network checks look at, and how: sensible default
 * targets, the cloud endpoints every loaded plugin declares (ABI 1.1
 * cloud_urls), and the "diagnostics" object of config.json, which can
 * replace the targets and set the portal probe, the timeout and a CA
 * bundle (docs/diagnostics.md). */
#ifndef DS_DIAG_TARGETS_H
#define DS_DIAG_TARGETS_H

#include <stddef.h>

#include "app/plugin/plugin_loader.h"
#include "app/net/net_suite.h"
#include "app/base/must_check.h"

/** A list of target URLs without repeats. */
typedef struct ds_diag_targets {
	char **urls;
	size_t n;
} ds_diag_targets;

/** Appends url unless it is listed already. 0 or -1 (out of memory). */
DS_MUST_CHECK int ds_diag_targets_add(ds_diag_targets *t, const char *url);
/** Frees the list. */
void ds_diag_targets_free(ds_diag_targets *t);
/** Reads the "diagnostics" object of config.json into options (defaults
 *  where absent) and, when it lists "targets", into t. 0, or -1 with a
 *  translated reason in error (a malformed file). */
DS_MUST_CHECK int ds_diag_targets_config(ds_net_options *options, ds_diag_targets *t, char *error, size_t error_size);
/** As ds_diag_targets_config, from the text of a config.json (len bytes,
 *  need not be NUL-terminated) that path names in messages. */
DS_MUST_CHECK int ds_diag_targets_config_parse(const char *text, size_t len, const char *path, ds_net_options *options,
					       ds_diag_targets *t, char *error, size_t error_size);
/** Appends the default targets and the cloud URLs of every plugin of
 *  plugins (of the simulated ones too only when simulated). 0 or -1. */
DS_MUST_CHECK int ds_diag_targets_defaults(ds_diag_targets *t, const ds_plugin_set *plugins, bool simulated);

#endif
