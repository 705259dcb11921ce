/* Plan files. */
#include "app/cli/plan.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/base/paths.h"
#include "app/base/secret.h"
#include "app/core/account_ops.h"
#include "app/core/site_certs.h"
#include "app/core/site_store.h"

/** Keys a plan may have at the top level and per device. */
static const char *const ds_plan_keys[] = { "site", "devices", "cellular", "diagnostics", "repair", "report", NULL };
/** Largest secret file read (a password, key or activation code is far smaller). */
#define DS_PLAN_SECRET_FILE_MAX 4096u

static const char *const ds_device_keys[] = { "qr",
					      "serial",
					      "address",
					      "locator",
					      "name",
					      "password_env",
					      "password_file",
					      "current_password_env",
					      "current_password_file",
					      "wifi",
					      "accounts",
					      "certificate",
					      NULL };
static const char *const ds_account_keys[] = { "password_env", "password_file", NULL };
static const char *const ds_wifi_keys[] = { "ssid", "key_env", "key_file", NULL };
static const char *const ds_cellular_keys[] = { "primary", "backup", "failover_test", "add_profile", NULL };
static const char *const ds_add_profile_keys[] = { "activation_code_env", "activation_code_file",
						   "confirmation_code_env", "confirmation_code_file", NULL };

/** True when a plan key would hold a secret itself (not the name of where it is). */
static bool ds_plan_key_is_secret(const char *key)
{
	static const char *const words[] = { "password", "key", "pin", "passcode", "secret", "activation_code",
					     "confirmation_code", NULL };
	size_t len = strlen(key);

	if ((len > 4 && strcmp(key + len - 4, "_env") == 0) || (len > 5 && strcmp(key + len - 5, "_file") == 0))
		return false;
	for (const char *const *w = words; *w; w++)
		if (strstr(key, *w))
			return true;
	return false;
}

/** Checks every key of obj is in allowed; otherwise names it in message. */
static bool ds_plan_keys_known(const cJSON *obj, const char *const *allowed, const char *where,
			       char *message, size_t message_size)
{
	const cJSON *item;

	cJSON_ArrayForEach(item, obj) {
		bool ok = false;

		if (ds_plan_key_is_secret(item->string)) {
			snprintf(message, message_size,
				 _("%s: \"%s\" is not allowed: passwords and keys never go in a plan, nor eSIM codes. Name an "
				   "environment variable (\"password_env\", \"key_env\", \"activation_code_env\") or a file "
				   "only you can read (\"password_file\", \"key_file\", \"activation_code_file\")."),
				 where, item->string);
			return false;
		}
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = strcmp(*k, item->string) == 0;
		if (!ok) {
			snprintf(message, message_size, _("%s: unknown key \"%s\"."), where, item->string);
			return false;
		}
	}
	return true;
}

/** Parses a device's "accounts": {"admin": {"password_env": "X"}, "guest":
 *  "delete", "viewer": "keep"}. */
static bool ds_plan_accounts(ds_plan_device *d, const cJSON *obj, const char *where, char *message, size_t message_size)
{
	const cJSON *item;
	size_t n = 0;

	if (!cJSON_IsObject(obj) || cJSON_GetArraySize(obj) == 0) {
		snprintf(message, message_size,
			 _("%s: \"accounts\" must be an object naming each account, such as {\"admin\": "
			   "{\"password_env\": \"ADMIN_PW\"}, \"guest\": \"delete\"}."),
			 where);
		return false;
	}
	d->accounts = calloc((size_t)cJSON_GetArraySize(obj), sizeof *d->accounts);
	if (!d->accounts)
		return false;
	cJSON_ArrayForEach(item, obj)
	{
		ds_plan_account *a = &d->accounts[n];
		char inner[DS_ID_MAX + 80];

		if (!item->string[0] || strlen(item->string) >= sizeof a->user) {
			snprintf(message, message_size, _("%s: an account name must have 1 to %d characters."), where,
				 DS_ID_MAX - 1);
			return false;
		}
		snprintf(a->user, sizeof a->user, "%s", item->string);
		snprintf(inner, sizeof inner, _("%s, account \"%s\""), where, a->user);
		if (cJSON_IsString(item) && strcmp(item->valuestring, "delete") == 0) {
			a->action = DS_PLAN_ACCOUNT_DELETE;
		} else if (cJSON_IsString(item) && strcmp(item->valuestring, "keep") == 0) {
			a->action = DS_PLAN_ACCOUNT_KEEP;
		} else if (cJSON_IsObject(item)) {
			if (!ds_plan_keys_known(item, ds_account_keys, inner, message, message_size))
				return false;
			ds_json_str(item, "password_env", a->password_env, sizeof a->password_env);
			ds_json_str(item, "password_file", a->password_file, sizeof a->password_file);
			if (!a->password_env[0] == !a->password_file[0]) {
				snprintf(message, message_size,
					 _("%s: name where its new password is, \"password_env\" or \"password_file\" "
					   "(one of them)."),
					 inner);
				return false;
			}
		} else {
			snprintf(message, message_size,
				 _("%s: give {\"password_env\": ...} or {\"password_file\": ...}, \"delete\" or "
				   "\"keep\"."),
				 inner);
			return false;
		}
		n++;
	}
	d->n_accounts = n;
	return true;
}

/** Parses the devices array. */
/** Reads a device's "certificate" (a SHA-256 fingerprint) into d; false
 *  with message when it is not one. */
static bool ds_plan_certificate(const cJSON *o, ds_plan_device *d, const char *where, char *message, size_t message_size)
{
	char text[256];

	ds_json_str(o, "certificate", text, sizeof text);
	if (!text[0] || ds_site_cert_normalize(text, d->certificate))
		return true;
	snprintf(message, message_size,
		 _("%s: \"certificate\" must be the SHA-256 fingerprint of the device's certificate, 32 bytes in "
		   "hex such as \"AB:CD:...\" (doorstep names it when it meets the device)."),
		 where);
	return false;
}

static bool ds_plan_devices(ds_plan *plan, const cJSON *arr, char *message, size_t message_size)
{
	const cJSON *o;
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;

	if (!cJSON_IsArray(arr) || n == 0) {
		snprintf(message, message_size, "%s", _("\"devices\" must be a non-empty list."));
		return false;
	}
	plan->devices = calloc(n, sizeof *plan->devices);
	if (!plan->devices)
		return false;
	cJSON_ArrayForEach(o, arr) {
		ds_plan_device *d = &plan->devices[i];
		char where[64], why[256];

		plan->n_devices = i + 1; /* what ds_plan_free frees, should this one fail */
		snprintf(where, sizeof where, _("device %zu"), i + 1);
		if (!cJSON_IsObject(o) || !ds_plan_keys_known(o, ds_device_keys, where, message, message_size)) {
			if (!cJSON_IsObject(o))
				snprintf(message, message_size, _("%s: must be an object."), where);
			return false;
		}
		ds_json_str(o, "qr", d->qr, sizeof d->qr);
		ds_json_str(o, "serial", d->serial, sizeof d->serial);
		ds_json_str(o, "address", d->address, sizeof d->address);
		ds_json_str(o, "locator", d->locator, sizeof d->locator);
		ds_json_str(o, "name", d->name, sizeof d->name);
		ds_json_str(o, "password_env", d->password_env, sizeof d->password_env);
		ds_json_str(o, "password_file", d->password_file, sizeof d->password_file);
		ds_json_str(o, "current_password_env", d->current_env, sizeof d->current_env);
		ds_json_str(o, "current_password_file", d->current_file, sizeof d->current_file);
		const cJSON *wifi = cJSON_GetObjectItemCaseSensitive(o, "wifi");

		if (wifi) {
			if (!cJSON_IsObject(wifi) || !ds_plan_keys_known(wifi, ds_wifi_keys, where, message, message_size)) {
				if (!cJSON_IsObject(wifi))
					snprintf(message, message_size, _("%s: \"wifi\" must be an object with \"ssid\"."), where);
				return false;
			}
			ds_json_str(wifi, "ssid", d->wifi_ssid, sizeof d->wifi_ssid);
			ds_json_str(wifi, "key_env", d->wifi_key_env, sizeof d->wifi_key_env);
			ds_json_str(wifi, "key_file", d->wifi_key_file, sizeof d->wifi_key_file);
			if (!d->wifi_ssid[0]) {
				snprintf(message, message_size, _("%s: \"wifi\" needs an \"ssid\"."), where);
				return false;
			}
		}
		if (!ds_plan_certificate(o, d, where, message, message_size))
			return false;
		if (!!d->qr[0] + !!d->serial[0] + !!d->address[0] + !!d->locator[0] != 1) {
			snprintf(message, message_size,
				 _("%s: give one of \"qr\" (the label), \"serial\", \"address\" (HOST[:PORT]) or "
				   "\"locator\" (as `doorstep discover --json` prints it)."),
				 where);
			return false;
		}
		if (d->address[0] && !ds_address_valid(d->address, why, sizeof why)) {
			snprintf(message, message_size, _("%s: \"address\": %s"), where, why);
			return false;
		}
		if (cJSON_GetObjectItemCaseSensitive(o, "accounts") &&
		    !ds_plan_accounts(d, cJSON_GetObjectItemCaseSensitive(o, "accounts"), where, message, message_size))
			return false;
		i++;
	}
	plan->n_devices = i;
	return true;
}

/** Makes a relative file name relative to the plan's folder. */
static void ds_plan_resolve(char *file, size_t size, const char *plan_path)
{
	const char *slash = strrchr(plan_path, '/');
	char joined[4096];

	if (!file[0] || file[0] == '/' || !slash)
		return;
	snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - plan_path), plan_path, file);
	snprintf(file, size, "%s", joined);
}

/** Parses cellular.add_profile: where the activation code (and the
 *  confirmation code, if any) come from. */
static bool ds_plan_add_profile(ds_plan *plan, const cJSON *add, char *message, size_t message_size)
{
	const char *where = "cellular.add_profile";

	if (!cJSON_IsObject(add)) {
		snprintf(message, message_size, _("%s must be an object with \"activation_code_env\" or "
						  "\"activation_code_file\"."), where);
		return false;
	}
	if (!ds_plan_keys_known(add, ds_add_profile_keys, where, message, message_size))
		return false;
	ds_json_str(add, "activation_code_env", plan->activation_env, sizeof plan->activation_env);
	ds_json_str(add, "activation_code_file", plan->activation_file, sizeof plan->activation_file);
	ds_json_str(add, "confirmation_code_env", plan->confirmation_env, sizeof plan->confirmation_env);
	ds_json_str(add, "confirmation_code_file", plan->confirmation_file, sizeof plan->confirmation_file);
	if (!plan->activation_env[0] == !plan->activation_file[0] ||
	    (plan->confirmation_env[0] && plan->confirmation_file[0])) {
		snprintf(message, message_size, _("%s: name the activation code's environment variable "
						  "(\"activation_code_env\") or file (\"activation_code_file\"), one of "
						  "them; and at most one place for the confirmation code."), where);
		return false;
	}
	plan->add_profile = true;
	return true;
}

/** Parses the cellular part: primary and backup (both or neither), add_profile. */
static bool ds_plan_cellular(ds_plan *plan, const cJSON *cell, char *message, size_t message_size)
{
	const cJSON *add;

	if (!cJSON_IsObject(cell) || !ds_plan_keys_known(cell, ds_cellular_keys, "cellular", message, message_size)) {
		if (!cJSON_IsObject(cell))
			snprintf(message, message_size, "%s", _("\"cellular\" must be an object."));
		return false;
	}
	ds_json_str(cell, "primary", plan->primary, sizeof plan->primary);
	ds_json_str(cell, "backup", plan->backup, sizeof plan->backup);
	plan->failover_test = ds_json_bool(cell, "failover_test", true);
	add = cJSON_GetObjectItemCaseSensitive(cell, "add_profile");
	if (add && !ds_plan_add_profile(plan, add, message, message_size))
		return false;
	if (!plan->primary[0] != !plan->backup[0] || (!plan->primary[0] && !plan->add_profile)) {
		snprintf(message, message_size, "%s", _("\"cellular\" needs both \"primary\" and \"backup\" (ICCID or MCC+MNC)."));
		return false;
	}
	return true;
}

ds_plan *ds_plan_load(const char *path, char *message, size_t message_size)
{
	size_t len = 0;
	char *text = ds_paths_read_file(path, &len);
	ds_plan *plan;

	if (!text) {
		snprintf(message, message_size, _("cannot read the plan %s: %s"), path, ds_paths_read_error(errno));
		return NULL;
	}
	plan = ds_plan_parse(text, len, path, message, message_size);
	free(text);
	return plan;
}

ds_plan *ds_plan_parse(const char *text, size_t len, const char *path, char *message, size_t message_size)
{
	const cJSON *cell;
	cJSON *json;
	ds_plan *plan;

	json = cJSON_ParseWithLength(text, len);
	if (!json) {
		const char *at = cJSON_GetErrorPtr();
		long offset = at ? (long)(at - text) : -1;

		snprintf(message, message_size, _("the plan %s is not valid JSON (near byte %ld)."), path, offset);
		return NULL;
	}
	plan = calloc(1, sizeof *plan);
	if (!plan || !cJSON_IsObject(json)) {
		snprintf(message, message_size, _("the plan %s must be a JSON object."), path);
		goto fail;
	}
	if (!ds_plan_keys_known(json, ds_plan_keys, _("plan"), message, message_size))
		goto fail;
	ds_json_str(json, "site", plan->site, sizeof plan->site);
	if (!ds_site_name_valid(plan->site)) {
		snprintf(message, message_size, "%s", _("the plan needs a \"site\" name (1 to 64 characters, no '/')."));
		goto fail;
	}
	if (!ds_plan_devices(plan, cJSON_GetObjectItemCaseSensitive(json, "devices"), message, message_size))
		goto fail;
	cell = cJSON_GetObjectItemCaseSensitive(json, "cellular");
	if (cell && !ds_plan_cellular(plan, cell, message, message_size))
		goto fail;
	ds_plan_resolve(plan->activation_file, sizeof plan->activation_file, path);
	ds_plan_resolve(plan->confirmation_file, sizeof plan->confirmation_file, path);
	for (size_t i = 0; i < plan->n_devices; i++) {
		ds_plan_resolve(plan->devices[i].password_file, sizeof plan->devices[i].password_file, path);
		ds_plan_resolve(plan->devices[i].current_file, sizeof plan->devices[i].current_file, path);
		ds_plan_resolve(plan->devices[i].wifi_key_file, sizeof plan->devices[i].wifi_key_file, path);
		for (size_t k = 0; k < plan->devices[i].n_accounts; k++)
			ds_plan_resolve(plan->devices[i].accounts[k].password_file,
					sizeof plan->devices[i].accounts[k].password_file, path);
	}
	plan->diagnostics = ds_json_bool(json, "diagnostics", true);
	plan->repair = ds_json_bool(json, "repair", false);
	ds_json_str(json, "report", plan->report, sizeof plan->report);
	cJSON_Delete(json);
	return plan;
fail:
	cJSON_Delete(json);
	ds_plan_free(plan);
	return NULL;
}

void ds_plan_free(ds_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; plan->devices && i < plan->n_devices; i++)
		free(plan->devices[i].accounts);
	free(plan->devices);
	free(plan);
}

char *ds_plan_read_secret(const char *env, const char *file, char *message, size_t message_size)
{
	char *secret;

	if (env && *env) {
		const char *v = getenv(env);

		if (!v || !*v) {
			snprintf(message, message_size, _("the environment variable %s is not set or empty."), env);
			return NULL;
		}
		return ds_secret_strdup(v);
	}
	size_t len = 0;
	char *text = ds_paths_read_file_max(file, DS_PLAN_SECRET_FILE_MAX, &len);

	if (!text) {
		snprintf(message, message_size, _("cannot read the secret file %s: %s"), file,
			 ds_paths_read_error(errno));
		return NULL;
	}
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = '\0';
	secret = ds_secret_strdup(text);
	ds_secret_wipe(text, len);
	free(text);
	return secret;
}
