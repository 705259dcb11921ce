/* doorstep discover [--json] [--seconds N] [--demo]: every device a plugin
 * finds without a label (network cameras, modems on serial ports, the demo's
 * devices with --demo), through the same search as the wizard's "Search
 * nearby" (ds_op_discover_job). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/base/safe_text.h"
#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/core/device_ops.h"
#include "app/core/session.h"

/** Longest --seconds accepted. */
#define DS_DISCOVER_SECONDS_MAX 600
/** How long past --seconds the devices found may take to be opened and read (ms). */
#define DS_DISCOVER_READ_MS 3000u
/** How often the deadline is looked at (ms). */
#define DS_DISCOVER_TICK_MS 100

/** What the search found. */
typedef struct ds_discover_cli {
	ds_site_device *found;
	size_t n;
	bool json;
	char last_message[256];
} ds_discover_cli;

/** Keeps found devices; shows progress on stderr. */
static void ds_discover_on_event(const ds_event *ev, ds_discover_cli *d)
{
	if (ev->type == DS_EVENT_ITEM && ev->item) {
		ds_site_device *grown = realloc(d->found, (d->n + 1) * sizeof *grown);

		if (grown) {
			d->found = grown;
			d->found[d->n++] = *(const ds_site_device *)ev->item;
		}
		if (ev->item_free)
			ev->item_free(ev->item);
	} else if (ev->type == DS_EVENT_PROGRESS && !d->json && ev->message[0] &&
		   strcmp(ev->message, d->last_message) != 0) {
		snprintf(d->last_message, sizeof d->last_message, "%s", ev->message);
		fprintf(stderr, "  … %s\n", ev->message);
	}
}

/** Runs the search, cancelling it deadline_ms after it started (0: none).
 *  Returns its status; message gets its failure text. */
static ds_status ds_discover_run(ds_session *s, ds_discover_cli *d, unsigned deadline_ms, char *message,
				 size_t message_size)
{
	ds_op_discover op = { .devices = s->devices };
	uint64_t id = ds_jobs_submit(s->jobs, ds_op_discover_job, &op);
	unsigned waited = 0;
	bool cancelled = false;
	ds_event ev;

	if (!id) {
		snprintf(message, message_size, "%s", _("Out of memory."));
		return DS_ERR_NO_MEMORY;
	}
	for (;;) {
		if (!ds_jobs_wait_event(s->jobs, &ev, DS_DISCOVER_TICK_MS)) {
			waited += DS_DISCOVER_TICK_MS;
			if (deadline_ms && waited >= deadline_ms && !cancelled) {
				ds_jobs_cancel(s->jobs, id);
				cancelled = true;
			}
			continue;
		}
		if (ev.job_id != id)
			continue;
		if (ev.type == DS_EVENT_DONE) {
			snprintf(message, message_size, "%s", ev.message);
			/* Stopped at --seconds: what was found by then is the answer. */
			return cancelled && ev.status == DS_ERR_CANCELLED ? DS_OK : ev.status;
		}
		ds_discover_on_event(&ev, d);
	}
}

/** What a device's password state needs, for the list ("" when nothing). */
static const char *ds_discover_state(const ds_site_device *f)
{
	if (!(f->features & DS_FEATURE_PASSWORD))
		return "";
	if (!f->has_password)
		return _("  [needs activation: set a password with the maker's tool]");
	return f->on_factory_default ? _("  [factory password]") : "";
}

/** Prints one device per line: kind, name, vendor and model, locator. */
static void ds_discover_print(const ds_discover_cli *d)
{
	if (d->n == 0) {
		printf("%s\n", _("No devices found. Check that they are powered and on this network (cameras) or "
				 "plugged in (modems), then search again; a camera on another network can be added "
				 "by its address."));
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		const ds_site_device *f = &d->found[i];
		char name[DS_NAME_MAX * 2], vendor[DS_NAME_MAX * 2], model[DS_NAME_MAX * 2], locator[DS_LOCATOR_MAX * 2];

		/* Names and models come from the device: one safe line each. */
		printf("%-13s %-28s %s %s  %s%s\n", ds_kind_id(f->kind), ds_safe_line(name, sizeof name, f->name),
		       ds_safe_line(vendor, sizeof vendor, f->vendor), ds_safe_line(model, sizeof model, f->model),
		       ds_safe_line(locator, sizeof locator, f->locator), ds_discover_state(f));
	}
}

/** Prints the devices as a JSON array. */
static void ds_discover_print_json(const ds_discover_cli *d)
{
	cJSON *arr = cJSON_CreateArray();

	if (!arr)
		return;
	for (size_t i = 0; i < d->n; i++) {
		const ds_site_device *f = &d->found[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "plugin", f->plugin_id);
		cJSON_AddStringToObject(o, "locator", f->locator);
		cJSON_AddStringToObject(o, "kind", ds_kind_id(f->kind));
		cJSON_AddStringToObject(o, "name", f->name);
		cJSON_AddStringToObject(o, "vendor", f->vendor);
		cJSON_AddStringToObject(o, "model", f->model);
		cJSON_AddStringToObject(o, "firmware", f->firmware);
		if (f->features & DS_FEATURE_PASSWORD) {
			cJSON_AddBoolToObject(o, "has_password", f->has_password);
			cJSON_AddBoolToObject(o, "factory_default", f->on_factory_default);
		}
		cJSON_AddItemToArray(arr, o);
	}
	(void)ds_json_print(arr, true);
	cJSON_Delete(arr);
}

int ds_cmd_discover(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("discover");
	ds_discover_cli d = { 0 };
	unsigned window_ms = 0;
	bool demo = false;
	char msg[512], seconds[16];
	ds_session *s;
	ds_status st;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
		if (strcmp(argv[i], "--json") == 0)
			d.json = true;
		else if (strcmp(argv[i], "--demo") == 0)
			demo = true;
		else if (strcmp(argv[i], "--seconds") == 0) {
			if (i + 1 >= argc || !ds_cli_seconds(argv[++i], DS_DISCOVER_SECONDS_MAX, &window_ms))
				return ds_cli_usage_error(cmd, _("--seconds takes whole seconds from 1 to %d"),
							  DS_DISCOVER_SECONDS_MAX);
		} else
			return ds_cli_usage_error(cmd, _("unknown argument \"%s\""), argv[i]);
	}
	/* Plugins that listen for answers (a multicast probe) take it as their window. */
	if (window_ms) {
		snprintf(seconds, sizeof seconds, "%u", window_ms / 1000);
		setenv("DOORSTEP_DISCOVER_SECONDS", seconds, 1);
	}
	s = ds_session_new(demo, msg, sizeof msg);
	if (!s) {
		ds_cli_error("%s", msg);
		return DS_EXIT_FAILED;
	}
	st = ds_discover_run(s, &d, window_ms ? window_ms + DS_DISCOVER_READ_MS : 0, msg, sizeof msg);
	if (st != DS_OK) {
		ds_cli_error(_("the search failed: %s"), msg[0] ? msg : ds_status_str(st));
	} else if (d.json) {
		ds_discover_print_json(&d);
	} else {
		ds_discover_print(&d);
	}
	free(d.found);
	ds_session_free(s);
	return st == DS_OK ? DS_EXIT_OK : DS_EXIT_FAILED;
}
