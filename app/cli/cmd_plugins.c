/* doorstep plugins [--json]: what was found, loaded and refused. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/core/i18n.h"
#include "app/core/json_util.h"
#include "app/core/plugin_loader.h"

/** Prints the set as JSON. */
static void ds_plugins_json(const ds_plugin_set *set)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *loaded = cJSON_AddArrayToObject(root, "loaded");
	cJSON *rejected = cJSON_AddArrayToObject(root, "rejected");

	cJSON_AddStringToObject(root, "search_path", set->search_path);
	for (size_t i = 0; i < set->n_loaded; i++) {
		const ds_loaded_plugin *lp = set->loaded[i];
		cJSON *o = cJSON_CreateObject();
		char abi[16];

		snprintf(abi, sizeof abi, "%u.%u", lp->desc.abi_major, lp->desc.abi_minor);
		cJSON_AddStringToObject(o, "id", lp->desc.id);
		cJSON_AddStringToObject(o, "name", lp->desc.name);
		cJSON_AddStringToObject(o, "vendor", lp->desc.vendor);
		cJSON_AddStringToObject(o, "version", lp->desc.version);
		cJSON_AddStringToObject(o, "abi", abi);
		cJSON_AddStringToObject(o, "path", lp->path);
		cJSON_AddBoolToObject(o, "simulated", (lp->desc.caps & DS_CAP_SIMULATED) != 0);
		cJSON_AddItemToArray(loaded, o);
	}
	for (size_t i = 0; i < set->n_rejected; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "path", set->rejected[i].path);
		cJSON_AddStringToObject(o, "reason", set->rejected[i].reason);
		cJSON_AddItemToArray(rejected, o);
	}
	ds_json_print(root, true);
	cJSON_Delete(root);
}

/** Prints the set for a person. */
static void ds_plugins_text(const ds_plugin_set *set)
{
	printf("%s %s\n\n", _("Search path:"), set->search_path);
	printf(P_("%zu plugin loaded:\n", "%zu plugins loaded:\n", set->n_loaded), set->n_loaded);
	for (size_t i = 0; i < set->n_loaded; i++) {
		const ds_loaded_plugin *lp = set->loaded[i];

		printf("  %-12s %s %s (%s)%s\n    %s\n", lp->desc.id, lp->desc.name, lp->desc.version, lp->desc.vendor,
		       (lp->desc.caps & DS_CAP_SIMULATED) ? _(" [simulated, used with --demo]") : "", lp->path);
	}
	if (set->n_rejected) {
		printf("\n");
		printf(P_("%zu file refused:\n", "%zu files refused:\n", set->n_rejected), set->n_rejected);
		for (size_t i = 0; i < set->n_rejected; i++)
			printf("  %s\n    %s\n", set->rejected[i].path, set->rejected[i].reason);
	}
}

int ds_cmd_plugins(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("plugins");
	bool json = false;
	ds_plugin_set *set;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
	}
	set = ds_plugins_load(NULL);
	if (!set) {
		ds_cli_error("%s", _("out of memory"));
		return DS_EXIT_FAILED;
	}
	if (json)
		ds_plugins_json(set);
	else
		ds_plugins_text(set);
	ds_plugins_free(set);
	return DS_EXIT_OK;
}
