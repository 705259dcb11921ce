/* Site files: JSON, written atomically, corrupt ones kept aside. */
#include "app/core/site_store.h"
#include "app/core/site_certs.h"

#include <dirent.h>
#include <errno.h>
#include <time.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/base/paths.h"
#include "app/base/utf8.h"

#define DS_SITE_FORMAT 1

/** True for a code point no site name may hold: controls (C0, DEL, C1) and
 *  the invisible marks that reorder text on screen (bidi controls), which
 *  would make one name look like another. */
static bool ds_site_name_forbidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == '/' || cp == '\\';
}

/** True for a code point that shows nothing: spaces of every width. */
static bool ds_site_name_blank(uint32_t cp)
{
	return cp == ' ' || cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f || cp == 0x205f ||
	       cp == 0x3000 || cp == 0xfeff;
}

bool ds_site_name_valid(const char *name)
{
	size_t len = name ? strlen(name) : 0;
	bool shows = false;

	if (len == 0 || len > 64 || name[0] == '.')
		return false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = ds_utf8_decode(name + i, len - i, &cp);

		if ((cp == 0xfffd && n == 1) || ds_site_name_forbidden(cp))
			return false; /* not UTF-8, or a control */
		shows = shows || !ds_site_name_blank(cp);
		i += n;
	}
	return shows;
}

int ds_site_path(const char *name, char *buf, size_t size)
{
	char dir[4096];
	int n;

	if (!ds_site_name_valid(name) || ds_paths_sites_dir(dir, sizeof dir) < 0)
		return -1;
	n = snprintf(buf, size, "%s/%s.json", dir, name);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

/** Serialises one device. */
static cJSON *ds_device_to_json(const ds_site_device *d)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "plugin", d->plugin_id);
	cJSON_AddStringToObject(o, "serial", d->serial);
	cJSON_AddStringToObject(o, "locator", d->locator);
	cJSON_AddStringToObject(o, "kind", ds_kind_id(d->kind));
	cJSON_AddStringToObject(o, "vendor", d->vendor);
	cJSON_AddStringToObject(o, "model", d->model);
	cJSON_AddStringToObject(o, "firmware", d->firmware);
	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddNumberToObject(o, "features", d->features);
	cJSON_AddBoolToObject(o, "has_password", d->has_password);
	cJSON_AddBoolToObject(o, "on_factory_default", d->on_factory_default);
	cJSON_AddStringToObject(o, "password_changed_at", d->password_changed_at);
	cJSON_AddStringToObject(o, "wifi_ssid", d->wifi_ssid);
	return o;
}

/** The device kind with this identifier. */
static ds_device_kind ds_kind_from_id(const char *id)
{
	for (int k = DS_KIND_OTHER; k <= DS_KIND_MODEM; k++)
		if (strcmp(ds_kind_id((ds_device_kind)k), id) == 0)
			return (ds_device_kind)k;
	return DS_KIND_OTHER;
}

/** Parses one device. */
static void ds_device_from_json(const cJSON *o, ds_site_device *d)
{
	char kind[32];

	memset(d, 0, sizeof *d);
	ds_json_str(o, "plugin", d->plugin_id, sizeof d->plugin_id);
	ds_json_str(o, "serial", d->serial, sizeof d->serial);
	ds_json_str(o, "locator", d->locator, sizeof d->locator);
	ds_json_str(o, "kind", kind, sizeof kind);
	d->kind = ds_kind_from_id(kind);
	ds_json_str(o, "vendor", d->vendor, sizeof d->vendor);
	ds_json_str(o, "model", d->model, sizeof d->model);
	ds_json_str(o, "firmware", d->firmware, sizeof d->firmware);
	ds_json_str(o, "name", d->name, sizeof d->name);
	d->features = (uint32_t)ds_json_int(o, "features", 0);
	d->has_password = ds_json_bool(o, "has_password", false);
	d->on_factory_default = ds_json_bool(o, "on_factory_default", true);
	ds_json_str(o, "password_changed_at", d->password_changed_at, sizeof d->password_changed_at);
	ds_json_str(o, "wifi_ssid", d->wifi_ssid, sizeof d->wifi_ssid);
}

/** Serialises a profile choice. */
static cJSON *ds_profile_to_json(const ds_site_profile *p)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "iccid", p->iccid);
	cJSON_AddStringToObject(o, "operator_code", p->operator_code);
	cJSON_AddStringToObject(o, "operator_name", p->operator_name);
	cJSON_AddNumberToObject(o, "rats", p->rats);
	return o;
}

/** Parses a profile choice. */
static void ds_profile_from_json(const cJSON *o, ds_site_profile *p)
{
	memset(p, 0, sizeof *p);
	if (!o)
		return;
	ds_json_str(o, "iccid", p->iccid, sizeof p->iccid);
	ds_json_str(o, "operator_code", p->operator_code, sizeof p->operator_code);
	ds_json_str(o, "operator_name", p->operator_name, sizeof p->operator_name);
	p->rats = (uint32_t)ds_json_int(o, "rats", 0);
}

/** The grade identifiers used in files. */
static const char *const ds_grade_ids[] = { "pass", "warn", "fail", "skipped" };

/** Adds the accounts of the devices (never a password). */
static void ds_accounts_to_json(cJSON *root, const ds_site *site)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "accounts");

	for (size_t i = 0; i < site->n_accounts; i++) {
		const ds_site_account *a = &site->accounts[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "plugin", a->plugin_id);
		cJSON_AddStringToObject(o, "device", a->device_serial);
		cJSON_AddStringToObject(o, "user", a->user);
		cJSON_AddStringToObject(o, "role", ds_account_role_id(a->role));
		cJSON_AddBoolToObject(o, "primary", a->primary);
		cJSON_AddBoolToObject(o, "on_factory_default", a->on_factory_default);
		cJSON_AddBoolToObject(o, "can_delete", a->can_delete);
		cJSON_AddStringToObject(o, "done", ds_account_done_id(a->done));
		cJSON_AddStringToObject(o, "done_at", a->done_at);
		cJSON_AddItemToArray(arr, o);
	}
}

/** Parses the accounts array. */
static int ds_accounts_from_json(ds_site *site, const cJSON *arr)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, arr)
	{
		char plugin[DS_ID_MAX], serial[DS_ID_MAX], id[32];
		ds_site_account *acc;
		ds_account a;

		memset(&a, 0, sizeof a);
		ds_json_str(o, "plugin", plugin, sizeof plugin);
		ds_json_str(o, "device", serial, sizeof serial);
		ds_json_str(o, "user", a.user, sizeof a.user);
		if (!plugin[0] || !serial[0] || !a.user[0])
			continue;
		ds_json_str(o, "role", id, sizeof id);
		for (int r = DS_ACCOUNT_OTHER; r <= DS_ACCOUNT_ANONYMOUS; r++)
			if (strcmp(id, ds_account_role_id((ds_account_role)r)) == 0)
				a.role = (ds_account_role)r;
		a.primary = ds_json_bool(o, "primary", false);
		a.on_factory_default = ds_json_bool(o, "on_factory_default", false);
		a.can_delete = ds_json_bool(o, "can_delete", false);
		acc = ds_site_put_account(site, plugin, serial, &a);
		if (!acc)
			return -1;
		ds_json_str(o, "done", id, sizeof id);
		for (int d = DS_ACCOUNT_LEFT; d <= DS_ACCOUNT_DELETED; d++)
			if (strcmp(id, ds_account_done_id((ds_account_done)d)) == 0)
				acc->done = (ds_account_done)d;
		ds_json_str(o, "done_at", acc->done_at, sizeof acc->done_at);
	}
	return 0;
}

cJSON *ds_site_to_json(const ds_site *site)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *steps, *devices, *cell, *checks, *history;

	cJSON_AddNumberToObject(root, "format", DS_SITE_FORMAT);
	cJSON_AddStringToObject(root, "name", site->name);
	cJSON_AddStringToObject(root, "created_at", site->created_at);
	cJSON_AddStringToObject(root, "updated_at", site->updated_at);
	cJSON_AddStringToObject(root, "current_step", ds_step_id(site->current_step));
	steps = cJSON_AddArrayToObject(root, "steps_done");
	for (int s = 0; s < DS_STEP_COUNT; s++)
		if (site->step_done[s])
			cJSON_AddItemToArray(steps, cJSON_CreateString(ds_step_id((ds_step)s)));
	devices = cJSON_AddArrayToObject(root, "devices");
	for (size_t i = 0; i < site->n_devices; i++)
		cJSON_AddItemToArray(devices, ds_device_to_json(&site->devices[i]));
	cell = cJSON_AddObjectToObject(root, "cellular");
	cJSON_AddStringToObject(cell, "device", site->cellular.device_serial);
	cJSON_AddItemToObject(cell, "primary", ds_profile_to_json(&site->cellular.primary));
	cJSON_AddItemToObject(cell, "backup", ds_profile_to_json(&site->cellular.backup));
	cJSON_AddBoolToObject(cell, "applied", site->cellular.applied);
	cJSON_AddStringToObject(cell, "failover", ds_failover_id(site->cellular.failover));
	cJSON_AddStringToObject(cell, "failover_detail", site->cellular.failover_detail);
	cJSON_AddNumberToObject(cell, "failover_switch_ms", site->cellular.failover_switch_ms);
	cJSON_AddStringToObject(cell, "failover_at", site->cellular.failover_at);
	checks = cJSON_AddArrayToObject(root, "checks");
	for (size_t i = 0; i < site->n_checks; i++) {
		const ds_site_check *c = &site->checks[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "device", c->device_serial);
		cJSON_AddStringToObject(o, "id", c->check.id);
		cJSON_AddStringToObject(o, "title", c->check.title);
		cJSON_AddStringToObject(o, "grade", ds_grade_ids[(unsigned)c->check.grade <= 3 ? c->check.grade : 3]);
		cJSON_AddStringToObject(o, "value", c->check.value);
		cJSON_AddStringToObject(o, "advice", c->check.advice);
		cJSON_AddStringToObject(o, "fix", c->check.fix);
		cJSON_AddStringToObject(o, "fix_title", c->check.fix_title);
		cJSON_AddItemToArray(checks, o);
	}
	ds_accounts_to_json(root, site);
	cJSON_AddStringToObject(root, "diagnostics_at", site->diagnostics_at);
	cJSON_AddStringToObject(root, "completed_at", site->completed_at);
	history = cJSON_AddArrayToObject(root, "history");
	for (size_t i = 0; i < site->n_history; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "at", site->history[i].at);
		cJSON_AddStringToObject(o, "text", site->history[i].text);
		cJSON_AddItemToArray(history, o);
	}
	ds_site_certs_to_json(site, root);
	return root;
}

/** Parses the failover outcome identifier. */
static ds_failover_outcome ds_failover_from_id(const char *id)
{
	for (int o = DS_FAILOVER_NOT_RUN; o <= DS_FAILOVER_STUCK; o++)
		if (strcmp(ds_failover_id((ds_failover_outcome)o), id) == 0)
			return (ds_failover_outcome)o;
	return DS_FAILOVER_NOT_RUN;
}

/** Parses the checks array. */
static int ds_checks_from_json(ds_site *site, const cJSON *arr)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, arr) {
		ds_check c;
		char serial[DS_ID_MAX], grade[16];

		memset(&c, 0, sizeof c);
		ds_json_str(o, "device", serial, sizeof serial);
		ds_json_str(o, "id", c.id, sizeof c.id);
		ds_json_str(o, "title", c.title, sizeof c.title);
		ds_json_str(o, "value", c.value, sizeof c.value);
		ds_json_str(o, "advice", c.advice, sizeof c.advice);
		ds_json_str(o, "fix", c.fix, sizeof c.fix);
		ds_json_str(o, "fix_title", c.fix_title, sizeof c.fix_title);
		ds_json_str(o, "grade", grade, sizeof grade);
		c.grade = DS_CHECK_SKIPPED;
		for (int g = 0; g < 4; g++)
			if (strcmp(grade, ds_grade_ids[g]) == 0)
				c.grade = (ds_check_grade)g;
		if (ds_site_put_check(site, serial, &c) < 0)
			return -1;
	}
	return 0;
}

ds_site *ds_site_from_json(const cJSON *json, char *message, size_t message_size)
{
	const cJSON *v, *o;
	char name[DS_NAME_MAX], step[32];
	ds_site *site;

	if (!cJSON_IsObject(json) || ds_json_int(json, "format", 0) != DS_SITE_FORMAT) {
		snprintf(message, message_size, "%s", _("not a doorstep site file (format field missing or unknown)"));
		return NULL;
	}
	ds_json_str(json, "name", name, sizeof name);
	if (!ds_site_name_valid(name)) {
		snprintf(message, message_size, "%s", _("the site file has no valid name"));
		return NULL;
	}
	site = ds_site_new(name);
	if (!site)
		return NULL;
	ds_json_str(json, "created_at", site->created_at, sizeof site->created_at);
	ds_json_str(json, "updated_at", site->updated_at, sizeof site->updated_at);
	ds_json_str(json, "current_step", step, sizeof step);
	site->current_step = ds_step_from_id(step);
	if (site->current_step == DS_STEP_COUNT)
		site->current_step = DS_STEP_DEVICES;
	memset(site->step_done, 0, sizeof site->step_done);
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(json, "steps_done")) {
		ds_step s = ds_step_from_id(cJSON_GetStringValue(v));

		if (s != DS_STEP_COUNT)
			site->step_done[s] = true;
	}
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(json, "devices")) {
		ds_site_device d;

		ds_device_from_json(o, &d);
		if (!d.serial[0] || !d.plugin_id[0] || !ds_site_put_device(site, &d))
			goto bad;
	}
	o = cJSON_GetObjectItemCaseSensitive(json, "cellular");
	if (cJSON_IsObject(o)) {
		char fo[32];

		ds_json_str(o, "device", site->cellular.device_serial, sizeof site->cellular.device_serial);
		ds_profile_from_json(cJSON_GetObjectItemCaseSensitive(o, "primary"), &site->cellular.primary);
		ds_profile_from_json(cJSON_GetObjectItemCaseSensitive(o, "backup"), &site->cellular.backup);
		site->cellular.applied = ds_json_bool(o, "applied", false);
		ds_json_str(o, "failover", fo, sizeof fo);
		site->cellular.failover = ds_failover_from_id(fo);
		ds_json_str(o, "failover_detail", site->cellular.failover_detail,
			    sizeof site->cellular.failover_detail);
		site->cellular.failover_switch_ms = (unsigned)ds_json_int(o, "failover_switch_ms", 0);
		ds_json_str(o, "failover_at", site->cellular.failover_at, sizeof site->cellular.failover_at);
	}
	if (ds_checks_from_json(site, cJSON_GetObjectItemCaseSensitive(json, "checks")) < 0 ||
	    ds_accounts_from_json(site, cJSON_GetObjectItemCaseSensitive(json, "accounts")) < 0)
		goto bad;
	ds_json_str(json, "diagnostics_at", site->diagnostics_at, sizeof site->diagnostics_at);
	ds_json_str(json, "completed_at", site->completed_at, sizeof site->completed_at);
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(json, "history")) {
		ds_site_event *grown = realloc(site->history, (site->n_history + 1) * sizeof *grown);

		if (!grown)
			goto bad;
		site->history = grown;
		memset(&site->history[site->n_history], 0, sizeof *grown);
		ds_json_str(o, "at", site->history[site->n_history].at, sizeof grown->at);
		ds_json_str(o, "text", site->history[site->n_history].text, sizeof grown->text);
		site->n_history++;
	}
	if (ds_site_certs_from_json(site, json) < 0)
		goto bad;
	return site;
bad:
	snprintf(message, message_size, "%s", _("the site file lists a device without a plugin or serial number"));
	ds_site_free(site);
	return NULL;
}

/** Moves an unreadable site file aside as <path>.corrupt-<UTC time>[-N]:
 *  the move never replaces a file (RENAME_NOREPLACE), so no earlier copy is
 *  ever lost, even to another doorstep doing the same at once. 0 or -1. */
static int ds_site_move_aside(const char *path, char *aside, size_t aside_size)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	for (int i = 0; i < 100; i++) {
		if (i == 0)
			snprintf(aside, aside_size, "%s.corrupt-%s", path, stamp);
		else
			snprintf(aside, aside_size, "%s.corrupt-%s-%d", path, stamp, i);
		if (renameat2(AT_FDCWD, path, AT_FDCWD, aside, RENAME_NOREPLACE) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/** Moves an unreadable site file aside (ds_site_move_aside) and says so. */
static void ds_site_keep_aside(const char *path, const char *why, char *message, size_t message_size)
{
	char aside[4300];

	if (ds_site_move_aside(path, aside, sizeof aside) == 0)
		snprintf(message, message_size,
			 _("The site file could not be read (%s). It was kept as %s; a new site was not created over it."),
			 why, aside);
	else
		snprintf(message, message_size,
			 _("The site file could not be read (%s) and could not be moved aside: %s"),
			 why, strerror(errno));
}

ds_site_load_result ds_site_load(const char *name, ds_site **out, char *message, size_t message_size)
{
	char path[4200], why[256];
	char *text;
	cJSON *json;

	*out = NULL;
	message[0] = '\0';
	if (ds_site_path(name, path, sizeof path) < 0) {
		snprintf(message, message_size, _("\"%s\" is not a valid site name: use 1 to 64 characters, no '/'."), name);
		return DS_SITE_ERROR;
	}
	text = ds_paths_read_file(path, NULL);
	if (!text) {
		if (errno == ENOENT)
			return DS_SITE_MISSING;
		snprintf(message, message_size, _("Cannot read %s: %s"), path, ds_paths_read_error(errno));
		return DS_SITE_ERROR;
	}
	json = cJSON_Parse(text);
	free(text);
	if (!json) {
		ds_site_keep_aside(path, _("not valid JSON"), message, message_size);
		return DS_SITE_CORRUPT;
	}
	*out = ds_site_from_json(json, why, sizeof why);
	cJSON_Delete(json);
	if (!*out) {
		ds_site_keep_aside(path, why, message, message_size);
		return DS_SITE_CORRUPT;
	}
	/* The file's name is the site's identity: a copy (Smith-old.json) that
	 * still says "Smith" inside is saved to itself, never over Smith.json. */
	snprintf((*out)->name, sizeof(*out)->name, "%s", name);
	return DS_SITE_LOADED;
}

int ds_site_save(ds_site *site, char *message, size_t message_size)
{
	char dir[4096], path[4200];
	char *text;
	cJSON *json;
	int rc;

	if (ds_paths_sites_dir(dir, sizeof dir) < 0 || ds_paths_mkdir_p(dir) < 0 ||
	    ds_site_path(site->name, path, sizeof path) < 0) {
		snprintf(message, message_size, _("Cannot create the state directory %s: %s"), dir, strerror(errno));
		return -1;
	}
	ds_site_now(site->updated_at);
	json = ds_site_to_json(site);
	text = json ? cJSON_Print(json) : NULL;
	cJSON_Delete(json);
	if (!text) {
		snprintf(message, message_size, "%s", _("Out of memory while saving the site."));
		return -1;
	}
	rc = ds_paths_write_atomic(path, text, strlen(text));
	free(text);
	if (rc < 0)
		snprintf(message, message_size, _("Cannot save %s: %s. Free some disk space and try again."),
			 path, strerror(errno));
	return rc;
}

/** One listed site with its modification time, for sorting. */
typedef struct ds_site_entry {
	char *name;
	time_t mtime;
} ds_site_entry;

/** Newest first, then by name. */
static int ds_site_entry_cmp(const void *a, const void *b)
{
	const ds_site_entry *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime > y->mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

char **ds_site_list(size_t *count)
{
	char dir[4096], path[4400];
	ds_site_entry *entries = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d;
	char **names;

	*count = 0;
	if (ds_paths_sites_dir(dir, sizeof dir) < 0 || !(d = opendir(dir)))
		return NULL;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct stat st;

		if (len <= 5 || strcmp(de->d_name + len - 5, ".json") != 0 || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		ds_site_entry *grown = realloc(entries, (n + 1) * sizeof *grown);

		if (!grown)
			break;
		entries = grown;
		entries[n].name = strndup(de->d_name, len - 5);
		entries[n].mtime = st.st_mtime;
		if (entries[n].name)
			n++;
	}
	closedir(d);
	qsort(entries, n, sizeof *entries, ds_site_entry_cmp);
	names = calloc(n + 1, sizeof *names);
	for (size_t i = 0; i < n; i++) {
		if (names)
			names[i] = entries[i].name;
		else
			free(entries[i].name);
	}
	free(entries);
	*count = names ? n : 0;
	return names;
}

void ds_site_list_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}
