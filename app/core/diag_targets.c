/* The laptop checks' targets and settings. */
#include "app/core/diag_targets.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/base/paths.h"

/* A public name that must resolve and answer over HTTPS anywhere the
 * internet works (Cloudflare's public DNS service). */
static const char *const ds_diag_default_urls[] = { "https://one.one.one.one/" };
/* The connectivity probe Android uses: it answers 204 with no body unless
 * a captive portal intercepts it. */
static const char ds_diag_default_portal[] = "http://connectivitycheck.gstatic.com/generate_204";

int ds_diag_targets_add(ds_diag_targets *t, const char *url)
{
	char **grown, *copy;

	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->urls[i], url) == 0)
			return 0;
	grown = realloc(t->urls, (t->n + 1) * sizeof *grown);
	if (!grown)
		return -1;
	t->urls = grown;
	copy = strdup(url);
	if (!copy)
		return -1;
	t->urls[t->n++] = copy;
	return 0;
}

void ds_diag_targets_free(ds_diag_targets *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->urls[i]);
	free(t->urls);
	t->urls = NULL;
	t->n = 0;
}

/** The settings when config.json says nothing. */
static void ds_diag_options_default(ds_net_options *options)
{
	memset(options, 0, sizeof *options);
	options->timeout_ms = DS_NET_DEFAULT_TIMEOUT_MS;
	snprintf(options->portal_url, sizeof options->portal_url, "%s", ds_diag_default_portal);
}

int ds_diag_targets_config(ds_net_options *options, ds_diag_targets *t, char *error, size_t error_size)
{
	char dir[4000], path[4096];
	size_t len = 0;
	char *text;
	int rc;

	ds_diag_options_default(options);
	if (ds_paths_config_dir(dir, sizeof dir) < 0)
		return 0;
	snprintf(path, sizeof path, "%s/config.json", dir);
	text = ds_paths_read_file(path, &len);
	if (!text)
		return 0;
	rc = ds_diag_targets_config_parse(text, len, path, options, t, error, error_size);
	free(text);
	return rc;
}

int ds_diag_targets_config_parse(const char *text, size_t len, const char *path, ds_net_options *options,
				 ds_diag_targets *t, char *error, size_t error_size)
{
	cJSON *root, *diag, *targets;
	long seconds;
	int rc = 0;

	ds_diag_options_default(options);
	root = cJSON_ParseWithLength(text, len);
	if (!root) {
		snprintf(error, error_size, _("%s is not valid JSON. Fix or remove it."), path);
		return -1;
	}
	diag = cJSON_GetObjectItemCaseSensitive(root, "diagnostics");
	if (cJSON_IsObject(diag)) {
		if (cJSON_GetObjectItemCaseSensitive(diag, "portal_url"))
			ds_json_str(diag, "portal_url", options->portal_url, sizeof options->portal_url);
		ds_json_str(diag, "ca_file", options->ca_file, sizeof options->ca_file);
		seconds = ds_json_int(diag, "timeout_seconds", 0);
		if (seconds > 0 && seconds <= 600)
			options->timeout_ms = (unsigned)seconds * 1000;
		targets = cJSON_GetObjectItemCaseSensitive(diag, "targets");
		if (cJSON_IsArray(targets) && t) {
			cJSON *url;

			cJSON_ArrayForEach(url, targets)
				if (cJSON_IsString(url) && ds_diag_targets_add(t, url->valuestring) < 0)
					rc = -1;
		}
	}
	cJSON_Delete(root);
	if (rc < 0)
		snprintf(error, error_size, "%s", _("Out of memory."));
	return rc;
}

int ds_diag_targets_defaults(ds_diag_targets *t, const ds_plugin_set *plugins, bool simulated)
{
	for (size_t i = 0; i < sizeof ds_diag_default_urls / sizeof ds_diag_default_urls[0]; i++)
		if (ds_diag_targets_add(t, ds_diag_default_urls[i]) < 0)
			return -1;
	for (size_t i = 0; plugins && i < plugins->n_loaded; i++) {
		const char *const *urls = plugins->loaded[i]->desc.cloud_urls;

		if (!simulated && (plugins->loaded[i]->desc.caps & DS_CAP_SIMULATED))
			continue;
		for (size_t j = 0; urls && urls[j]; j++)
			if (ds_diag_targets_add(t, urls[j]) < 0)
				return -1;
	}
	return 0;
}
