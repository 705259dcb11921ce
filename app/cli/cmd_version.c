/* doorstep version [--json] */
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include <doorstep/plugin.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/base/i18n.h"
#include "app/base/json_util.h"

int ds_cmd_version(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("version");
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
	}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		char abi[16];

		snprintf(abi, sizeof abi, "%d.%d", DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR);
		cJSON_AddStringToObject(o, "name", "doorstep");
		cJSON_AddStringToObject(o, "version", DS_VERSION);
		cJSON_AddStringToObject(o, "plugin_abi", abi);
		cJSON_AddStringToObject(o, "libsodium", sodium_version_string());
		cJSON_AddStringToObject(o, "cjson", cJSON_Version());
		cJSON_AddStringToObject(o, "plugin_dir", DS_PLUGIN_INSTALL_DIR);
		ds_json_print(o, true);
		cJSON_Delete(o);
	} else {
		printf("doorstep %s (%s %d.%d)\n", DS_VERSION, _("plugin ABI"), DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR);
	}
	return DS_EXIT_OK;
}
