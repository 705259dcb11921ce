/* doorstep ble scan [--json] [--seconds N]
 * doorstep ble pair [--json] [--seconds N] ADDRESS
 * doorstep ble gatt [--json] [--seconds N] ADDRESS
 *
 * scan listens for Bluetooth LE devices through BlueZ for N seconds
 * (default 5) and lists every device seen, strongest signal first, with the
 * plugin that claims it. pair finds one device, and the plugin that claims
 * it sets it up. gatt connects and lists the device's characteristics.
 * --json prints one document; progress goes to stderr. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ble/ble_link.h"
#include "app/core/ble_nearby.h"
#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/base/safe_text.h"
#include "app/plugin/plugin_loader.h"

/** Longest scan the command accepts, in seconds. */
#define DS_BLE_SCAN_MAX_SECONDS 600

/** Extra help below the synopsis. */
static const char *const ds_ble_help_text = N_(
	"scan listens for Bluetooth LE advertisements for N seconds (default 5, at most 600)\n"
	"through BlueZ and lists every device seen, strongest signal first: address, name,\n"
	"signal (dBm), manufacturer and service data (hex), what doorstep recognises by itself\n"
	"(Matter commissionable devices, ESP-IDF provisioning devices) and the plugin that\n"
	"claims the device. Progress goes to standard error.\n"
	"pair looks for the device with this address (for N seconds, default 10), and the\n"
	"plugin that claims it sets it up over Bluetooth (for the demo siren: connect, send\n"
	"the pairing command, wait for its answer); then it prints the device.\n"
	"gatt connects to a device BlueZ has seen (within N seconds, default 10) and lists\n"
	"its GATT characteristics: service, UUID, properties and user description (0x2901).\n"
	"Exit status: 0 the scan ran (even if it found nothing), or the device is paired;\n"
	"1 no Bluetooth service, no adapter, the adapter is off, or pairing failed; 2 bad usage.");

/** What the scan's events build up. */
typedef struct ble_cli_scan {
	ds_ble_table table;
	bool json;
	char last_message[256];
} ble_cli_scan;

/** Applies scan events to the table; shows progress on stderr. */
static void ds_ble_cli_on_event(const ds_event *ev, void *ctx)
{
	ble_cli_scan *s = ctx;

	if (ev->type == DS_EVENT_ITEM && ev->item)
		ds_ble_scan_apply(&s->table, ev->item);
	else if (ev->type == DS_EVENT_PROGRESS && ev->message[0] && strcmp(ev->message, s->last_message) != 0) {
		snprintf(s->last_message, sizeof s->last_message, "%s", ev->message);
		fprintf(stderr, "%s\n", ev->message);
	}
}

/** Adds {"data": hex} as key to o and returns that object. */
static cJSON *ds_ble_cli_json_data(cJSON *o, const char *key, const uint8_t *data, size_t len)
{
	cJSON *obj = cJSON_AddObjectToObject(o, key);
	char hex[2 * DS_BLE_DATA_MAX + 1];

	ds_ble_hex(data, len, hex, sizeof hex);
	cJSON_AddStringToObject(obj, "data", hex);
	return obj;
}

/** Adds the device as an object to arr. */
static void ds_ble_cli_json_device(cJSON *arr, const ds_ble_device *d)
{
	cJSON *o = cJSON_CreateObject(), *uuids;

	if (!o)
		return;
	cJSON_AddStringToObject(o, "address", d->address);
	cJSON_AddStringToObject(o, "name", d->name);
	if (d->fields & DS_BLE_F_RSSI)
		cJSON_AddNumberToObject(o, "rssi", d->rssi);
	else
		cJSON_AddNullToObject(o, "rssi");
	if (d->manufacturer_id != DS_BLE_NO_MANUFACTURER)
		cJSON_AddNumberToObject(ds_ble_cli_json_data(o, "manufacturer_data", d->manufacturer_data,
							     d->manufacturer_data_len),
					"company_id", d->manufacturer_id);
	else
		cJSON_AddNullToObject(o, "manufacturer_data");
	if (d->service_data_uuid[0])
		cJSON_AddStringToObject(ds_ble_cli_json_data(o, "service_data", d->service_data, d->service_data_len),
					"uuid", d->service_data_uuid);
	else
		cJSON_AddNullToObject(o, "service_data");
	uuids = cJSON_AddArrayToObject(o, "uuids");
	for (size_t i = 0; i < d->n_uuids; i++)
		cJSON_AddItemToArray(uuids, cJSON_CreateString(d->uuids[i]));
	if (d->kind[0])
		cJSON_AddStringToObject(o, "recognised_as", d->kind);
	else
		cJSON_AddNullToObject(o, "recognised_as");
	cJSON_AddStringToObject(o, "description", d->label);
	if (d->claimed_by[0])
		cJSON_AddStringToObject(o, "claimed_by", d->claimed_by);
	else
		cJSON_AddNullToObject(o, "claimed_by");
	cJSON_AddStringToObject(o, "locator", d->locator);
	cJSON_AddItemToArray(arr, o);
}

/** A JSON document that starts with the outcome: "status", and "error" on failure. */
static cJSON *ds_ble_cli_json_result(ds_status st, const char *message)
{
	cJSON *root = cJSON_CreateObject();

	if (!root)
		return NULL;
	cJSON_AddStringToObject(root, "status", ds_status_str(st));
	if (st != DS_OK)
		cJSON_AddStringToObject(root, "error", message);
	return root;
}

/** Prints the scan's result (or its failure) as one JSON document. */
static void ds_ble_cli_print_json(const ds_ble_table *t, const ds_ble_scan_opts *o, ds_status st,
				  const char *message)
{
	cJSON *root = ds_ble_cli_json_result(st, message), *arr;

	if (!root)
		return;
	cJSON_AddStringToObject(root, "adapter", o->adapter.name);
	cJSON_AddBoolToObject(root, "adapter_off", o->adapter_off);
	cJSON_AddNumberToObject(root, "seconds", o->seconds);
	arr = cJSON_AddArrayToObject(root, "devices");
	for (size_t i = 0; i < t->n; i++)
		ds_ble_cli_json_device(arr, t->rows[i]);
	ds_json_print(root, true);
	cJSON_Delete(root);
}

/** Prints the table for a person. */
static void ds_ble_cli_print_text(const ds_ble_table *t)
{
	if (t->n == 0) {
		printf("%s\n", _("No Bluetooth LE devices found. Move closer, wake the device (press its "
				 "button or power it on), and scan again."));
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		const ds_ble_device *d = t->rows[i];
		char rssi[16] = "?", name[4 * DS_NAME_MAX], label[4 * DS_NAME_MAX];

		if (d->fields & DS_BLE_F_RSSI)
			snprintf(rssi, sizeof rssi, "%d", d->rssi);
		/* The name is the device's own advertisement: one line, shown safely. */
		ds_safe_line(name, sizeof name, d->name[0] ? d->name : _("(no name)"));
		ds_safe_line(label, sizeof label, d->label);
		printf("%s  %5s dBm  %-24s  %s%s%s\n", d->address, rssi, name, d->claimed_by[0] ? d->claimed_by : label,
		       d->claimed_by[0] && d->label[0] ? ", " : "", d->claimed_by[0] ? label : "");
	}
}

/** Parses N of --seconds; -1 when it is not a whole number in range. */
static long ds_ble_cli_seconds(const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 1 || v > DS_BLE_SCAN_MAX_SECONDS)
		return -1;
	return v;
}

/** Parsed arguments of scan and pair. */
typedef struct ble_cli_args {
	bool json;
	unsigned seconds;
	const char *address;       /**< pair: the one operand */
} ble_cli_args;

/** Parses argv[2..]; an operand only when want_address. DS_EXIT_OK or DS_EXIT_USAGE (reported). */
static int ds_ble_cli_args(const ds_cli_command *cmd, int argc, char **argv, bool want_address, ble_cli_args *a)
{
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			a->json = true;
		} else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			long v = ds_ble_cli_seconds(argv[++i]);

			if (v < 0)
				return ds_cli_usage_error(cmd, _("--seconds takes a whole number from 1 to %d, not \"%s\""),
							  DS_BLE_SCAN_MAX_SECONDS, argv[i]);
			a->seconds = (unsigned)v;
		} else if (want_address && !a->address && argv[i][0] != '-') {
			a->address = argv[i];
		} else {
			return ds_cli_usage_error(cmd, _("unexpected argument \"%s\""), argv[i]);
		}
	}
	if (want_address && !a->address)
		return ds_cli_usage_error(cmd, "%s", _("say which device: its Bluetooth address, as \"doorstep ble scan\" lists it"));
	return DS_EXIT_OK;
}

/** doorstep ble scan ... */
static int ds_ble_cli_scan(const ds_cli_command *cmd, int argc, char **argv)
{
	ble_cli_args a = { .seconds = 5 };
	ds_ble_scan_opts opts = { .seconds = 5 };
	ble_cli_scan s = { .json = false };
	ds_plugin_set *plugins;
	char message[256] = "";
	ds_jobs *jobs;
	ds_status st;
	int rc = ds_ble_cli_args(cmd, argc, argv, false, &a);

	if (rc != DS_EXIT_OK)
		return rc;
	s.json = a.json;
	opts.seconds = a.seconds;
	plugins = ds_plugins_load(NULL);
	ds_ble_nearby_claim_with(&opts, plugins);
	jobs = ds_jobs_new(1);
	if (!jobs) {
		ds_plugins_free(plugins);
		ds_cli_error("%s", _("out of memory"));
		return DS_EXIT_FAILED;
	}
	ds_ble_table_init(&s.table);
	st = ds_jobs_run(jobs, ds_ble_nearby_scan_job, &opts, ds_ble_cli_on_event, &s, message, sizeof message);
	ds_jobs_free(jobs);
	if (st != DS_OK)
		ds_cli_error("%s", message[0] ? message : ds_status_str(st));
	if (s.json)
		ds_ble_cli_print_json(&s.table, &opts, st, message);
	else if (st == DS_OK)
		ds_ble_cli_print_text(&s.table);
	ds_ble_table_clear(&s.table);
	ds_plugins_free(plugins);
	return st == DS_OK ? DS_EXIT_OK : DS_EXIT_FAILED;
}

/** Prints the outcome of pair as one JSON document. */
static void ds_ble_cli_pair_json(const ds_ble_pair_op *op, ds_status st, const char *message)
{
	cJSON *root = ds_ble_cli_json_result(st, message), *dev;

	if (!root)
		return;
	cJSON_AddStringToObject(root, "address", op->address);
	cJSON_AddBoolToObject(root, "seen", op->was_seen);
	if (op->was_seen && op->seen.claimed_by[0])
		cJSON_AddStringToObject(root, "claimed_by", op->seen.claimed_by);
	else
		cJSON_AddNullToObject(root, "claimed_by");
	if (st == DS_OK) {
		dev = cJSON_AddObjectToObject(root, "device");
		cJSON_AddStringToObject(dev, "plugin", op->found.plugin_id);
		cJSON_AddStringToObject(dev, "serial", op->found.serial);
		cJSON_AddStringToObject(dev, "locator", op->found.locator);
		cJSON_AddStringToObject(dev, "name", op->found.name);
		cJSON_AddStringToObject(dev, "model", op->found.model);
	} else {
		cJSON_AddNullToObject(root, "device");
	}
	ds_json_print(root, true);
	cJSON_Delete(root);
}

/** Prints the paired device for a person; its name, model and serial come
 *  from the device and its plugin, each shown as one safe line. */
static void ds_ble_cli_print_paired(const ds_ble_pair_op *op)
{
	char name[4 * sizeof op->found.name], model[4 * sizeof op->found.model], serial[4 * sizeof op->found.serial];

	printf(_("Paired %s: %s (%s, serial %s), through the %s plugin.\n"), op->address,
	       ds_safe_line(name, sizeof name, op->found.name), ds_safe_line(model, sizeof model, op->found.model),
	       ds_safe_line(serial, sizeof serial, op->found.serial), op->found.plugin_id);
}

/** doorstep ble pair ... */
static int ds_ble_cli_pair(const ds_cli_command *cmd, int argc, char **argv)
{
	ble_cli_args a = { .seconds = 10 };
	ble_cli_scan s = { .json = false };
	ds_ble_pair_op op = { .seconds = 10 };
	ds_plugin_set *plugins;
	char message[256] = "";
	ds_jobs *jobs;
	ds_status st = DS_ERR_NO_MEMORY;
	int rc = ds_ble_cli_args(cmd, argc, argv, true, &a);

	if (rc != DS_EXIT_OK)
		return rc;
	snprintf(op.address, sizeof op.address, "%s", a.address);
	op.seconds = a.seconds;
	plugins = ds_plugins_load(NULL);
	op.devices = plugins ? ds_devices_new(plugins) : NULL;
	jobs = op.devices ? ds_jobs_new(1) : NULL;
	ds_ble_table_init(&s.table);
	if (jobs)
		st = ds_jobs_run(jobs, ds_ble_pair_job, &op, ds_ble_cli_on_event, &s, message, sizeof message);
	if (st != DS_OK)
		ds_cli_error("%s", message[0] ? message : ds_status_str(st));
	if (a.json)
		ds_ble_cli_pair_json(&op, st, message);
	else if (st == DS_OK)
		ds_ble_cli_print_paired(&op);
	if (jobs)
		ds_jobs_free(jobs);
	if (op.devices)
		ds_devices_free(op.devices);
	ds_plugins_free(plugins);
	ds_ble_table_clear(&s.table);
	return st == DS_OK ? DS_EXIT_OK : DS_EXIT_FAILED;
}

/** In and out of the gatt job. */
typedef struct ble_cli_gatt {
	const char *address;
	unsigned timeout_ms;
	ds_gatt_char *chars;       /**< out: malloc'd */
	size_t n;
} ble_cli_gatt;

/** Job: connects, copies the characteristic list, disconnects. */
static ds_status ds_ble_cli_gatt_job(ds_job *job, void *arg)
{
	ble_cli_gatt *g = arg;
	ds_ble_link *link = NULL;
	ds_gatt_char c;
	ds_status st = ds_ble_link_connect(job, g->address, g->timeout_ms, &link);

	for (size_t i = 0; st == DS_OK && ds_ble_link_char(link, i, &c) == DS_OK; i++) {
		ds_gatt_char *grown = realloc(g->chars, (g->n + 1) * sizeof *grown);

		if (!grown) {
			st = ds_job_fail(job, DS_ERR_NO_MEMORY, "%s", _("out of memory"));
			break;
		}
		g->chars = grown;
		g->chars[g->n++] = c;
	}
	ds_ble_link_disconnect(link);
	return st;
}

/** The names of a characteristic's properties, as BlueZ spells them. */
static void ds_ble_cli_flags(cJSON *arr, uint32_t flags)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = { { DS_GATT_READ, "read" }, { DS_GATT_WRITE, "write" },
		      { DS_GATT_WRITE_NO_RESPONSE, "write-without-response" }, { DS_GATT_NOTIFY, "notify" },
		      { DS_GATT_INDICATE, "indicate" } };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (flags & names[i].flag)
			cJSON_AddItemToArray(arr, cJSON_CreateString(names[i].name));
}

/** doorstep ble gatt ... */
static int ds_ble_cli_gatt(const ds_cli_command *cmd, int argc, char **argv)
{
	ble_cli_args a = { .seconds = 10 };
	ble_cli_gatt g = { 0 };
	ble_cli_scan s = { .json = false };
	char message[256] = "";
	ds_jobs *jobs;
	ds_status st = DS_ERR_NO_MEMORY;
	int rc = ds_ble_cli_args(cmd, argc, argv, true, &a);

	if (rc != DS_EXIT_OK)
		return rc;
	g.address = a.address;
	g.timeout_ms = a.seconds * 1000u;
	jobs = ds_jobs_new(1);
	ds_ble_table_init(&s.table);
	if (jobs)
		st = ds_jobs_run(jobs, ds_ble_cli_gatt_job, &g, ds_ble_cli_on_event, &s, message, sizeof message);
	if (jobs)
		ds_jobs_free(jobs);
	if (st != DS_OK)
		ds_cli_error("%s", message[0] ? message : ds_status_str(st));
	if (a.json) {
		cJSON *root = ds_ble_cli_json_result(st, message), *arr;

		cJSON_AddStringToObject(root, "address", a.address);
		arr = cJSON_AddArrayToObject(root, "characteristics");
		for (size_t i = 0; i < g.n; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "service_uuid", g.chars[i].service_uuid);
			cJSON_AddStringToObject(o, "uuid", g.chars[i].uuid);
			ds_ble_cli_flags(cJSON_AddArrayToObject(o, "flags"), g.chars[i].flags);
			cJSON_AddStringToObject(o, "description", g.chars[i].description);
			cJSON_AddItemToArray(arr, o);
		}
		ds_json_print(root, true);
		cJSON_Delete(root);
	} else {
		for (size_t i = 0; i < g.n; i++) {
			char desc[4 * sizeof g.chars[i].description];

			ds_safe_line(desc, sizeof desc, g.chars[i].description[0] ? g.chars[i].description : "-");
			printf("%s  %s  %s\n", g.chars[i].uuid, desc, g.chars[i].service_uuid);
		}
	}
	free(g.chars);
	ds_ble_table_clear(&s.table);
	return st == DS_OK ? DS_EXIT_OK : DS_EXIT_FAILED;
}

int ds_cmd_ble(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("ble");

	for (int i = 1; i < argc; i++)
		if (ds_cli_is_help(argv[i])) {
			ds_cli_help(cmd);
			printf("\n%s\n", _(ds_ble_help_text));
			return DS_EXIT_OK;
		}
	if (argc < 2)
		return ds_cli_usage_error(cmd, "%s", _("say what to do: \"doorstep ble scan\" or \"doorstep ble pair ADDRESS\""));
	if (strcmp(argv[1], "scan") == 0)
		return ds_ble_cli_scan(cmd, argc, argv);
	if (strcmp(argv[1], "pair") == 0)
		return ds_ble_cli_pair(cmd, argc, argv);
	if (strcmp(argv[1], "gatt") == 0)
		return ds_ble_cli_gatt(cmd, argc, argv);
	return ds_cli_usage_error(cmd, _("unknown ble command \"%s\""), argv[1]);
}
