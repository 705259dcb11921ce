/* doorstep qr decode [--json] PAYLOAD | --image FILE
 * doorstep qr encode [--png FILE | --svg FILE] TEXT
 *
 * decode reports the fields of a built-in format (and which plugin, if
 * any, claims the code); its purpose is to show the user's own payload,
 * secrets included. encode draws in the terminal or exports a file. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/core/devices.h"
#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/safe_text.h"
#include "app/core/qr_claim.h"
#include "app/plugin/plugin_loader.h"
#include "app/base/secret.h"
#include "app/qr/qr_decode.h"
#include "app/qr/qr_describe.h"
#include "app/qr/qr_encode.h"
#include "app/qr/qr_export.h"
#include "app/qr/qr_image.h"
#include "app/qr/qr_json.h"
#include "app/qr/qr_render.h"

/** The first plugin that claims the payload (or finds it damaged). */
typedef struct qr_claim_result {
	ds_status status;              /**< DS_OK claimed, DS_ERR_INVALID ours but damaged, else not claimed */
	char id[DS_ID_MAX];
	char name[DS_NAME_MAX];
	char locator[DS_LOCATOR_MAX];
	char message[256];             /**< the plugin's message for DS_ERR_INVALID */
} qr_claim_result;

/** Extra help below the synopsis. */
static const char *const ds_qr_help_text = N_(
	"decode reads Matter QR codes (\"MT:\") and manual pairing codes (11 or 21 digits),\n"
	"Wi-Fi join codes (\"WIFI:\"), Wi-Fi Easy Connect codes (\"DPP:\"), eSIM activation\n"
	"codes (\"LPA:1$...\") and ESP-IDF provisioning codes (JSON), and says which plugin\n"
	"claims a code. It shows the code's secrets (passcode, password, PoP): it is for\n"
	"your own codes. --image reads the first QR code in a PNG or JPEG photo.\n"
	"encode draws TEXT in the terminal, or writes it to a PNG or SVG file.\n"
	"PAYLOAD or TEXT \"-\" reads one line from standard input, which keeps a secret\n"
	"out of the process list.\n"
	"Exit status: 0 success; 1 no code in the picture, or the terminal is too small\n"
	"(use --png); 2 bad usage, or a payload that cannot be decoded.");

/** Prints the usage and the longer explanation. */
static int ds_qr_help(const ds_cli_command *cmd)
{
	ds_cli_help(cmd);
	printf("\n%s\n", _(ds_qr_help_text));
	return DS_EXIT_OK;
}

/** Reads one line of standard input into new secure memory (without the newline); NULL on failure. */
static char *ds_qr_read_stdin(void)
{
	char *buf = ds_secret_alloc(DS_QR_PAYLOAD_MAX + 2);
	size_t n = 0;
	int c;

	if (!buf)
		return NULL;
	while (n < DS_QR_PAYLOAD_MAX + 1 && (c = getchar()) != EOF && c != '\n')
		buf[n++] = (char)c;
	buf[n] = '\0';
	return buf;
}

/** Copies an argument into secure memory and blanks it in argv, so that
 *  a secret given on the command line leaves the process list. "-" reads stdin. */
static char *ds_qr_take_arg(char *arg)
{
	char *copy;

	if (strcmp(arg, "-") == 0)
		return ds_qr_read_stdin();
	copy = ds_secret_strdup(arg);
	if (copy)
		ds_secret_wipe(arg, strlen(arg));
	return copy;
}

/** The payload of ds_qr_claim_job, and what it found. */
typedef struct qr_claim {
	ds_plugin_set *set;
	const char *payload;
	ds_loaded_plugin *owner;
	char locator[DS_LOCATOR_MAX];
} qr_claim;

/** Job: asks the plugins who claims the payload (ds_qr_claim). */
static ds_status ds_qr_claim_job(ds_job *job, void *arg)
{
	qr_claim *c = arg;

	return ds_qr_claim(job, c->set, c->payload, &c->owner, c->locator, sizeof c->locator);
}

/** Asks every loaded plugin whether payload is one of its codes; fills res. */
static void ds_qr_ask_plugins(const char *payload, qr_claim_result *res)
{
	qr_claim claim = { .set = ds_plugins_load(NULL), .payload = payload };
	ds_jobs *jobs = claim.set ? ds_jobs_new(1) : NULL;
	char message[256] = "";

	memset(res, 0, sizeof *res);
	res->status = DS_ERR_NOT_FOUND;
	if (jobs)
		res->status = ds_jobs_run(jobs, ds_qr_claim_job, &claim, NULL, NULL, message, sizeof message);
	if (claim.owner) {
		snprintf(res->id, sizeof res->id, "%s", claim.owner->desc.id);
		snprintf(res->name, sizeof res->name, "%s", claim.owner->desc.name);
		snprintf(res->locator, sizeof res->locator, "%s", res->status == DS_OK ? claim.locator : "");
		snprintf(res->message, sizeof res->message, "%s", message);
	} else {
		res->status = DS_ERR_NOT_FOUND;
	}
	if (jobs)
		ds_jobs_free(jobs);
	if (claim.set)
		ds_plugins_free(claim.set);
}

/** Prints one line of a description. A value is the code's own text (a
 *  network name, a vendor field): it is shown as one safe line. */
static void ds_qr_print_line(int depth, const char *label, const char *value, bool secret, void *ctx)
{
	char *safe;
	size_t size;

	(void)secret;
	(void)ctx;
	if (depth == 0) {
		printf("%s\n", label);
	} else if (value[0]) {
		size = 8 * strlen(value) + 1; /* the longest stand-in is 8 bytes */
		safe = ds_secret_alloc(size); /* the value may be a password */
		printf("%*s%s: %s\n", 2 * depth, "", label, safe ? ds_safe_line(safe, size, value) : "?");
		ds_secret_free(safe);
	} else {
		printf("%*s%s\n", 2 * depth, "", label);
	}
}

/** Reports a payload that cannot be decoded; returns DS_EXIT_USAGE. */
static int ds_qr_report_error(const ds_qr_error *err, bool json)
{
	char where[512];

	ds_cli_error(_("cannot decode the code: %s"), ds_qr_error_format(err, where, sizeof where));
	if (json) {
		cJSON *o = ds_qr_json_error(err);

		if (o)
			ds_qr_json_print(o, stdout);
		cJSON_Delete(o);
	}
	return DS_EXIT_USAGE;
}

/** Reports a code only a plugin recognises. */
static int ds_qr_report_vendor(const qr_claim_result *claim, bool json)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();

		if (!o)
			return DS_EXIT_FAILED;
		cJSON_AddStringToObject(o, "format", "vendor");
		cJSON_AddStringToObject(o, "claimed_by", claim->id);
		cJSON_AddStringToObject(o, "locator", claim->locator);
		ds_qr_json_print(o, stdout);
		cJSON_Delete(o);
	} else {
		char name[4 * sizeof claim->name], locator[4 * sizeof claim->locator];

		printf("%s\n", _("Vendor code"));
		printf("  %s: %s (%s)\n", _("Claimed by plugin"), claim->id,
		       ds_safe_line(name, sizeof name, claim->name));
		printf("  %s: %s\n", _("Device locator"), ds_safe_line(locator, sizeof locator, claim->locator));
	}
	return DS_EXIT_OK;
}

/** Reports a code a plugin recognises as its own but finds damaged; returns DS_EXIT_USAGE. */
static int ds_qr_report_damaged(const qr_claim_result *claim, bool json)
{
	const char *why = claim->message[0] ? claim->message : _("no details given");

	ds_cli_error(_("the %s plugin recognises this code, but it is damaged: %s"), claim->id, why);
	if (json) {
		cJSON *o = cJSON_CreateObject();

		if (!o)
			return DS_EXIT_USAGE;
		cJSON_AddStringToObject(o, "error", why);
		cJSON_AddStringToObject(o, "claimed_by", claim->id);
		ds_qr_json_print(o, stdout);
		cJSON_Delete(o);
	}
	return DS_EXIT_USAGE;
}

/** Decodes text (len bytes) and reports it. */
static int ds_qr_decode_text(const char *text, size_t len, bool json)
{
	qr_claim_result claim;
	ds_qr_decoded *d;
	ds_qr_error err;
	int rc = DS_EXIT_OK;

	memset(&err, 0, sizeof err);
	ds_qr_ask_plugins(text, &claim);
	d = ds_qr_decode(text, len, &err);
	if (!d) {
		if (claim.status == DS_OK)
			return ds_qr_report_vendor(&claim, json);
		if (claim.status == DS_ERR_INVALID)
			return ds_qr_report_damaged(&claim, json);
		return ds_qr_report_error(&err, json);
	}
	if (json) {
		cJSON *o = ds_qr_json(d);

		if (o && claim.status == DS_OK)
			cJSON_AddStringToObject(o, "claimed_by", claim.id);
		if (!o || ds_qr_json_print(o, stdout) < 0)
			rc = DS_EXIT_FAILED;
		ds_qr_json_free(o);
	} else {
		ds_qr_describe(d, ds_qr_print_line, NULL);
		if (claim.status == DS_OK) {
			char name[4 * sizeof claim.name];

			printf("  %s: %s (%s)\n", _("Claimed by plugin"), claim.id,
			       ds_safe_line(name, sizeof name, claim.name));
		}
		fflush(stdout);
	}
	ds_qr_decoded_free(d);
	return rc;
}

/** Reads the first code of a picture and decodes it. */
static int ds_qr_decode_image(const char *path, bool json)
{
	ds_qr_codes *codes = NULL;
	char msg[512];
	int rc;

	if (ds_qr_image_scan_file(path, &codes, msg, sizeof msg) < 0) {
		ds_cli_error("%s", msg);
		return DS_EXIT_USAGE;
	}
	if (codes->n == 0) {
		ds_cli_error(_("no QR code found in \"%s\". Take the photo closer and straight on, with the whole "
			       "code and its white border in the picture, and in focus."),
			     path);
		ds_qr_codes_free(codes);
		return DS_EXIT_FAILED;
	}
	if (codes->found > 1)
		ds_cli_error(P_("the picture holds %zu QR code; this is the first.",
				"the picture holds %zu QR codes; this is the first. Crop the picture to read another.",
				codes->found),
			     codes->found);
	rc = ds_qr_decode_text(codes->text[0], codes->len[0], json);
	ds_qr_codes_free(codes);
	return rc;
}

/** doorstep qr decode ... */
static int ds_qr_decode_cmd(const ds_cli_command *cmd, int argc, char **argv)
{
	const char *image = NULL;
	char *payload_arg = NULL;
	bool json = false;
	char *payload;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_qr_help(cmd);
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--image") == 0 && i + 1 < argc)
			image = argv[++i];
		else if (strcmp(argv[i], "--image") == 0)
			return ds_cli_usage_error(cmd, "%s", _("--image needs a file name, e.g. --image label.jpg"));
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
		else if (payload_arg)
			return ds_cli_usage_error(cmd, "%s",
						  _("give one payload (quote it if it has spaces or ';', e.g. 'WIFI:S:Home;;')"));
		else
			payload_arg = argv[i];
	}
	if (image && payload_arg)
		return ds_cli_usage_error(cmd, "%s", _("give a payload or --image FILE, not both"));
	if (image)
		return ds_qr_decode_image(image, json);
	if (!payload_arg)
		return ds_cli_usage_error(cmd, "%s", _("give the payload to decode, or --image FILE"));
	payload = ds_qr_take_arg(payload_arg);
	if (!payload) {
		ds_cli_error("%s", _("out of memory"));
		return DS_EXIT_FAILED;
	}
	rc = ds_qr_decode_text(payload, strlen(payload), json);
	ds_secret_free(payload);
	return rc;
}

/** True when terminal colours may be used on stdout. */
static bool ds_qr_ansi(void)
{
	const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb") != 0 && !(no_color && *no_color);
}

/** Draws text in the terminal, with ECC M, or L when M does not fit. */
static int ds_qr_draw(const char *text, size_t len)
{
	ds_qr_style style = ds_i18n_utf8() ? DS_QR_STYLE_HALF_BLOCKS : DS_QR_STYLE_ASCII;
	bool tty = isatty(STDOUT_FILENO);
	struct winsize ws = { 0 };
	ds_qr_matrix *m;
	ds_qr_render *r;
	char msg[512];
	int cols, rows;

	if (tty && (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0 || ws.ws_row == 0))
		tty = false;
	m = ds_qr_encode(text, len, DS_QR_ECC_M, msg, sizeof msg);
	/* A line stays free for the prompt that follows. */
	if (m && tty && !ds_qr_render_fits(m, style, ws.ws_col, ws.ws_row - 1)) {
		ds_qr_matrix *low = ds_qr_encode(text, len, DS_QR_ECC_L, msg, sizeof msg);

		if (low) {
			ds_qr_matrix_free(m);
			m = low;
		}
	}
	if (!m) {
		ds_cli_error("%s", msg);
		return DS_EXIT_USAGE;
	}
	ds_qr_render_size(m->size, style, &cols, &rows);
	if (tty && !ds_qr_render_fits(m, style, ws.ws_col, ws.ws_row - 1)) {
		ds_cli_error(_("the terminal is too small for this code: it is %ux%u, the code needs %dx%d. Enlarge "
			       "the window, or export the code with --png FILE (or --svg FILE) and show that instead."),
			     ws.ws_col, ws.ws_row, cols, rows + 1);
		ds_qr_matrix_free(m);
		return DS_EXIT_FAILED;
	}
	r = ds_qr_render_text(m, style, ds_qr_ansi() ? DS_QR_RENDER_ANSI : 0);
	ds_qr_matrix_free(m);
	if (!r) {
		ds_cli_error("%s", _("out of memory"));
		return DS_EXIT_FAILED;
	}
	/* doorstep's own drawing, colours included: past the safe-text stream. */
	fflush(stdout);
	for (int y = 0; y < r->rows; y++)
		fprintf(ds_safe_text_raw(stdout), "%s\n", r->lines[y]);
	fflush(ds_safe_text_raw(stdout));
	ds_qr_render_free(r);
	return DS_EXIT_OK;
}

/** Writes text to a PNG or SVG file. */
static int ds_qr_export(const char *text, size_t len, const char *png, const char *svg)
{
	ds_qr_matrix *m = NULL;
	char msg[512];
	int rc;

	m = ds_qr_encode(text, len, DS_QR_ECC_M, msg, sizeof msg);
	if (!m) {
		ds_cli_error("%s", msg);
		return DS_EXIT_USAGE;
	}
	if (png)
		rc = ds_qr_export_png(m, png, DS_QR_EXPORT_SCALE, msg, sizeof msg);
	else
		rc = ds_qr_export_svg(m, svg, DS_QR_EXPORT_SCALE, msg, sizeof msg);
	if (rc < 0) {
		ds_cli_error("%s", msg);
		ds_qr_matrix_free(m);
		return DS_EXIT_FAILED;
	}
	ds_cli_error(_("wrote \"%s\": a version %d QR code of %dx%d modules (readable only by you)."), png ? png : svg,
		     m->version, m->size, m->size);
	ds_qr_matrix_free(m);
	return DS_EXIT_OK;
}

/** doorstep qr encode ... */
static int ds_qr_encode_cmd(const ds_cli_command *cmd, int argc, char **argv)
{
	const char *png = NULL, *svg = NULL;
	char *text_arg = NULL, *text;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_qr_help(cmd);
		if ((strcmp(argv[i], "--png") == 0 || strcmp(argv[i], "--svg") == 0) && i + 1 < argc) {
			if (png || svg)
				return ds_cli_usage_error(cmd, "%s", _("give one of --png and --svg"));
			if (strcmp(argv[i], "--png") == 0)
				png = argv[++i];
			else
				svg = argv[++i];
		} else if (strcmp(argv[i], "--png") == 0 || strcmp(argv[i], "--svg") == 0) {
			return ds_cli_usage_error(cmd, _("%s needs a file name, e.g. %s code.%s"), argv[i], argv[i],
						  argv[i] + 2);
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
		} else if (text_arg) {
			return ds_cli_usage_error(cmd, "%s", _("give one text (quote it if it has spaces)"));
		} else {
			text_arg = argv[i];
		}
	}
	if (!text_arg)
		return ds_cli_usage_error(cmd, "%s", _("give the text to put in the code"));
	text = ds_qr_take_arg(text_arg);
	if (!text) {
		ds_cli_error("%s", _("out of memory"));
		return DS_EXIT_FAILED;
	}
	if (png || svg)
		rc = ds_qr_export(text, strlen(text), png, svg);
	else
		rc = ds_qr_draw(text, strlen(text));
	ds_secret_free(text);
	return rc;
}

int ds_cmd_qr(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("qr");

	if (argc < 2)
		return ds_cli_usage_error(cmd, "%s", _("say what to do: decode or encode"));
	if (ds_cli_is_help(argv[1]))
		return ds_qr_help(cmd);
	if (strcmp(argv[1], "decode") == 0)
		return ds_qr_decode_cmd(cmd, argc - 1, argv + 1);
	if (strcmp(argv[1], "encode") == 0)
		return ds_qr_encode_cmd(cmd, argc - 1, argv + 1);
	return ds_cli_usage_error(cmd, _("unknown action \"%s\": use decode or encode"), argv[1]);
}
