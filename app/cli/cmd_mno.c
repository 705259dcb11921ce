/* doorstep mno operators [--json] [--mcc MCC]: the network codes of the
 * operator database (mobile-broadband-provider-info) with their operator
 * and country. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/mno/operator_db.h"

/** Prints the operators of db (those of mcc, or all when mcc is NULL). */
static void ds_mno_print(const ds_mno_db *db, const char *mcc, bool json)
{
	cJSON *root = json ? cJSON_CreateObject() : NULL;
	cJSON *arr = root ? cJSON_AddArrayToObject(root, "operators") : NULL;
	size_t shown = 0;

	if (root)
		cJSON_AddStringToObject(root, "database", ds_mno_db_path());
	for (size_t i = 0; i < ds_mno_db_count(db); i++) {
		const ds_mno_operator *op = ds_mno_db_at(db, i);

		if (mcc && strcmp(op->mcc, mcc) != 0)
			continue;
		shown++;
		if (arr) {
			cJSON *o = cJSON_CreateObject();
			char code[8];

			snprintf(code, sizeof code, "%s%s", op->mcc, op->mnc);
			cJSON_AddStringToObject(o, "mcc", op->mcc);
			cJSON_AddStringToObject(o, "mnc", op->mnc);
			cJSON_AddStringToObject(o, "code", code);
			cJSON_AddStringToObject(o, "operator", op->name);
			cJSON_AddStringToObject(o, "country", op->country);
			cJSON_AddStringToObject(o, "country_name", op->country_name);
			cJSON_AddStringToObject(o, "brands", op->brands);
			cJSON_AddItemToArray(arr, o);
		} else {
			printf("%s-%-3s  %-2s  %-32s %s\n", op->mcc, op->mnc, op->country, op->name, op->country_name);
		}
	}
	if (root) {
		ds_json_print(root, true);
		cJSON_Delete(root);
	}
	if (shown == 0 && mcc)
		fprintf(stderr, _("No operator with MCC %s is in the operator database.\n"), mcc);
}

int ds_cmd_mno(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("mno");
	const char *mcc = NULL;
	bool json = false;
	char message[512];
	ds_mno_db *db;

	for (int i = 1; i < argc; i++)
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
	if (argc < 2 || strcmp(argv[1], "operators") != 0)
		return ds_cli_usage_error(cmd, "%s", argc < 2 ? _("say what to do: \"operators\"")
								: _("unknown action; the only one is \"operators\""));
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--mcc") == 0) {
			if (i + 1 >= argc)
				return ds_cli_usage_error(cmd, "%s", _("--mcc needs a mobile country code (3 digits, e.g. 262)"));
			mcc = argv[++i];
			if (!ds_mno_mcc_valid(mcc))
				return ds_cli_usage_error(cmd, _("\"%s\" is not a mobile country code: a mobile country code has exactly "
								 "3 digits, e.g. 262 for Germany"), mcc);
		} else {
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
		}
	}
	db = ds_mno_db_load(ds_mno_db_path(), message, sizeof message);
	if (!db) {
		ds_cli_error("%s", message);
		return DS_EXIT_FAILED;
	}
	ds_mno_print(db, mcc, json);
	ds_mno_db_free(db);
	return DS_EXIT_OK;
}
