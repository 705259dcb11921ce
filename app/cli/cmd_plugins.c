/* doorstep plugins [--json] [--allow-unsigned]: what was found, loaded and
 * refused, with each plugin's signer and trust state. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/base/safe_text.h"
#include "app/plugin/plugin_loader.h"

/** Adds "trust" and "signer" (null when the file is unsigned or unread). */
static void ds_plugins_json_trust(cJSON *o, ds_trust_state trust, const ds_trust_signer *sg)
{
	cJSON *signer;

	cJSON_AddStringToObject(o, "trust", ds_trust_state_str(trust));
	if (!sg->key_id[0]) {
		cJSON_AddNullToObject(o, "signer");
		return;
	}
	signer = cJSON_AddObjectToObject(o, "signer");
	cJSON_AddStringToObject(signer, "key_id", sg->key_id);
	cJSON_AddStringToObject(signer, "key_file", sg->key_file);
	cJSON_AddStringToObject(signer, "key_comment", sg->key_comment);
	cJSON_AddStringToObject(signer, "untrusted_comment", sg->untrusted_comment);
	/* Only a verified trusted comment may be shown as one. */
	if (ds_trust_comment_verified(trust)) {
		cJSON_AddStringToObject(signer, "trusted_comment", sg->trusted_comment);
	} else {
		cJSON_AddNullToObject(signer, "trusted_comment");
	}
	if (ds_trust_comment_verified(trust) && sg->plugin_id[0]) {
		cJSON *bound = cJSON_AddObjectToObject(signer, "signed_for");

		cJSON_AddStringToObject(bound, "id", sg->plugin_id);
		cJSON_AddStringToObject(bound, "version", sg->plugin_version);
	} else {
		cJSON_AddNullToObject(signer, "signed_for");
	}
	cJSON_AddStringToObject(signer, "algorithm", sg->prehashed ? "ED" : "Ed");
}

/** Prints the set as JSON. */
static void ds_plugins_json(const ds_plugin_set *set)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *loaded = cJSON_AddArrayToObject(root, "loaded");
	cJSON *rejected = cJSON_AddArrayToObject(root, "rejected");
	cJSON *store = cJSON_AddObjectToObject(root, "trust_store");

	cJSON_AddStringToObject(root, "search_path", set->search_path);
	cJSON_AddStringToObject(store, "dirs", set->trust_dirs);
	cJSON_AddNumberToObject(store, "keys", (double)set->n_trusted_keys);
	cJSON_AddBoolToObject(root, "allow_unsigned", set->allow_unsigned);
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
		ds_plugins_json_trust(o, lp->trust, &lp->signer);
		if (lp->trust != DS_TRUST_TRUSTED)
			cJSON_AddStringToObject(o, "trust_reason", lp->trust_reason);
		cJSON_AddItemToArray(loaded, o);
	}
	for (size_t i = 0; i < set->n_rejected; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "path", set->rejected[i].path);
		cJSON_AddStringToObject(o, "reason", set->rejected[i].reason);
		ds_plugins_json_trust(o, set->rejected[i].trust, &set->rejected[i].signer);
		cJSON_AddItemToArray(rejected, o);
	}
	ds_json_print(root, true);
	cJSON_Delete(root);
}

/** Prints who signed a file and its trust state, for a person. */
static void ds_plugins_text_trust(ds_trust_state trust, const ds_trust_signer *sg)
{
	if (!sg->key_id[0]) {
		printf("    %s\n", ds_trust_state_text(trust));
		return;
	}
	printf("    %s: ", ds_trust_state_text(trust));
	printf(_("signed with key %s"), sg->key_id);
	if (sg->key_comment[0])
		printf(" (%s)", sg->key_comment);
	printf("\n");
	if (ds_trust_comment_verified(trust) && sg->trusted_comment[0])
		printf("    %s %s\n", _("Signed comment:"), sg->trusted_comment);
}

/** Prints the set for a person. */
static void ds_plugins_text(const ds_plugin_set *set)
{
	printf("%s %s\n", _("Search path:"), set->search_path);
	printf("%s %s ", _("Trust store:"), set->trust_dirs);
	printf(P_("(%zu key)\n", "(%zu keys)\n", set->n_trusted_keys), set->n_trusted_keys);
	if (set->allow_unsigned)
		printf("%s (--allow-unsigned)\n", ds_trust_unsigned_warning());
	printf("\n");
	printf(P_("%zu plugin loaded:\n", "%zu plugins loaded:\n", set->n_loaded), set->n_loaded);
	for (size_t i = 0; i < set->n_loaded; i++) {
		const ds_loaded_plugin *lp = set->loaded[i];
		char name[4 * DS_NAME_MAX], version[4 * DS_NAME_MAX], vendor[4 * DS_NAME_MAX];

		/* The plugin's own words: each shown as one safe line. */
		printf("  %-12s %s %s (%s)%s\n    %s\n", lp->desc.id, ds_safe_line(name, sizeof name, lp->desc.name),
		       ds_safe_line(version, sizeof version, lp->desc.version),
		       ds_safe_line(vendor, sizeof vendor, lp->desc.vendor),
		       (lp->desc.caps & DS_CAP_SIMULATED) ? _(" [simulated, used with --demo]") : "", lp->path);
		ds_plugins_text_trust(lp->trust, &lp->signer);
		if (lp->trust != DS_TRUST_TRUSTED)
			printf("    %s\n", lp->trust_reason);
	}
	if (set->n_rejected) {
		printf("\n");
		printf(P_("%zu file refused:\n", "%zu files refused:\n", set->n_rejected), set->n_rejected);
		for (size_t i = 0; i < set->n_rejected; i++) {
			printf("  %s\n    %s\n", set->rejected[i].path, set->rejected[i].reason);
			if (set->rejected[i].trust != DS_TRUST_NOT_CHECKED && set->rejected[i].signer.key_id[0])
				ds_plugins_text_trust(set->rejected[i].trust, &set->rejected[i].signer);
		}
	}
}

int ds_cmd_plugins(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("plugins");
	bool json = false, allow_unsigned = false;
	ds_plugin_set *set;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--allow-unsigned") == 0)
			allow_unsigned = true;
		else
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
	}
	set = ds_plugins_load_ex(NULL, allow_unsigned);
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
