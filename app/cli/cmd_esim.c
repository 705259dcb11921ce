/* doorstep esim info|list|enable|disable|nickname|delete|download|notifications
 *   [--json] [--demo] --device DEV
 * Manages the profiles on a device's eSIM through the core's jobs, each of
 * which reads the profiles back after a change. DEV is a serial port or a
 * device locator. Activation and confirmation codes are secrets: read from
 * a prompt without echo, from standard input or from a picture, never from
 * the command line, and wiped after use. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/safe_text.h"
#include "app/base/secret.h"
#include "app/cli/cli.h"
#include "app/cli/cli_secret.h"
#include "app/cli/commands.h"
#include "app/cli/esim_args.h"
#include "app/cli/esim_print.h"
#include "app/core/device_ops.h"
#include "app/core/esim_ops.h"
#include "app/core/session.h"
#include "app/qr/lpa_code.h"
#include "app/qr/qr_image.h"

/** Longest activation or confirmation code read (ds_qr_lpa.activation_code holds 800 bytes). */
#define DS_ESIM_CODE_MAX 799

/** One run of the command. */
typedef struct ds_esim_cli {
	ds_esim_args a;
	ds_session *s;
	ds_site_device device; /**< the device found (locator "" until then) */
	char msg[512];         /**< the last job's failure message */
	char progress[256];    /**< the last progress line shown */
} ds_esim_cli;

/** Shows a job's progress on stderr (not with --json). */
static void ds_esim_on_event(const ds_event *ev, void *ctx)
{
	ds_esim_cli *c = ctx;
	char line[512];

	if (c->a.json || ev->type != DS_EVENT_PROGRESS || !ev->message[0] || strcmp(ev->message, c->progress) == 0)
		return;
	snprintf(c->progress, sizeof c->progress, "%s", ev->message);
	fprintf(stderr, "  … %s\n", ds_safe_line(line, sizeof line, ev->message));
}

/** Runs a job to its end; its status (message in c->msg). */
static ds_status ds_esim_run(ds_esim_cli *c, ds_job_fn fn, void *arg)
{
	c->msg[0] = '\0';
	return ds_jobs_run(c->s->jobs, fn, arg, ds_esim_on_event, c, c->msg, sizeof c->msg);
}

/** The exit status of st: bad input (no such device or profile, a request
 *  the profile cannot take, a malformed code) is 2, any other failure 1. */
static int ds_esim_exit(ds_status st)
{
	if (st == DS_OK)
		return DS_EXIT_OK;
	return st == DS_ERR_NOT_FOUND || st == DS_ERR_INVALID ? DS_EXIT_USAGE : DS_EXIT_FAILED;
}

/** Reports a failure (JSON document or stderr) and returns its exit status. */
static int ds_esim_fail(ds_esim_cli *c, ds_status st, const char *message)
{
	char line[1024];

	if (!message || !message[0])
		message = ds_status_str(st);
	if (c->a.json)
		(void)ds_esim_json_print(ds_esim_action_name(c->a.action), st, message, &c->device, NULL);
	else
		ds_cli_error("%s", ds_safe_line(line, sizeof line, message));
	return ds_esim_exit(st);
}

/** Reports success: the JSON document with data, or nothing more. */
static int ds_esim_done(ds_esim_cli *c, const char *message, cJSON *data)
{
	if (c->a.json)
		return ds_esim_json_print(ds_esim_action_name(c->a.action), DS_OK, message, &c->device, data) < 0
			       ? DS_EXIT_FAILED
			       : DS_EXIT_OK;
	cJSON_Delete(data);
	return DS_EXIT_OK;
}

/** A JSON object {key: value}. */
static cJSON *ds_esim_wrap(const char *key, cJSON *value)
{
	cJSON *o = cJSON_CreateObject();

	if (o)
		cJSON_AddItemToObject(o, key, value);
	else
		cJSON_Delete(value);
	return o;
}

static int ds_esim_cmd_info(ds_esim_cli *c)
{
	ds_op_esim_info op = { .devices = c->s->devices, .device = c->device };
	ds_status st = ds_esim_run(c, ds_op_esim_info_job, &op);

	if (st != DS_OK)
		return ds_esim_fail(c, st, c->msg);
	if (!c->a.json)
		ds_esim_print_info(&op.info);
	return ds_esim_done(c, "", ds_esim_json_info(&op.info));
}

static int ds_esim_cmd_list(ds_esim_cli *c)
{
	ds_op_profiles op = { .devices = c->s->devices, .device = c->device };
	ds_status st = ds_esim_run(c, ds_op_profiles_job, &op);
	int rc;

	if (st != DS_OK) {
		free(op.profiles);
		return ds_esim_fail(c, st, c->msg);
	}
	if (!c->a.json)
		ds_esim_print_profiles(op.profiles, op.n);
	rc = ds_esim_done(c, "", ds_esim_wrap("profiles", ds_esim_json_profiles(op.profiles, op.n)));
	free(op.profiles);
	return rc;
}

/** Asks the person to confirm deleting p: the last 4 digits of its ICCID.
 *  true when typed right. */
static bool ds_esim_confirm_delete(const ds_esim_profile *p)
{
	size_t len = strlen(p->iccid);
	const char *last4 = p->iccid + (len > 4 ? len - 4 : 0);
	char label[DS_NAME_MAX * 2], iccid[64];
	char *typed = NULL;
	bool ok;

	fprintf(stderr,
		_("Delete %s (ICCID %s) from the eSIM for good? This cannot be undone: the operator must issue "
		  "a new activation code to have it again.\n"),
		ds_esim_label(label, sizeof label, p), ds_safe_line(iccid, sizeof iccid, p->iccid));
	if (ds_cli_read_line(_("Type the last 4 digits of the ICCID to delete it: "), true, 64, &typed) != 0)
		return false;
	ok = strcmp(typed, last4) == 0;
	ds_secret_free(typed);
	return ok;
}

/** The job for a change action. */
static ds_job_fn ds_esim_change_job(ds_esim_action action)
{
	switch (action) {
	case DS_ESIM_ACT_ENABLE:
		return ds_op_esim_enable_job;
	case DS_ESIM_ACT_DISABLE:
		return ds_op_esim_disable_job;
	case DS_ESIM_ACT_DELETE:
		return ds_op_esim_delete_job;
	default:
		return ds_op_esim_nickname_job;
	}
}

/** Says what a change did, naming the profile. */
static void ds_esim_say_changed(const ds_esim_cli *c, const ds_op_esim_change *op)
{
	char label[DS_NAME_MAX * 2], nick[DS_NAME_MAX * 2];

	ds_esim_label(label, sizeof label, &op->before);
	switch (c->a.action) {
	case DS_ESIM_ACT_ENABLE:
		printf(op->unchanged ? _("%s (%s) was already enabled.\n") : _("Enabled %s (%s).\n"), label, op->iccid);
		break;
	case DS_ESIM_ACT_DISABLE:
		printf(_("Disabled %s (%s). The device has no mobile service until another profile is enabled.\n"),
		       label, op->iccid);
		break;
	case DS_ESIM_ACT_DELETE:
		printf(_("Deleted %s (%s).\n"), label, op->iccid);
		break;
	default:
		if (op->nickname[0])
			printf(_("%s is now called \"%s\".\n"), op->iccid, ds_safe_line(nick, sizeof nick, op->nickname));
		else
			printf(_("The nickname of %s is cleared.\n"), op->iccid);
		break;
	}
}

static int ds_esim_cmd_change(ds_esim_cli *c)
{
	ds_job_fn fn = ds_esim_change_job(c->a.action);
	ds_op_esim_change op;
	ds_status st;
	int rc;

	memset(&op, 0, sizeof op);
	op.read_back.devices = c->s->devices;
	op.read_back.device = c->device;
	snprintf(op.iccid, sizeof op.iccid, "%s", c->a.iccid);
	if (c->a.nickname)
		snprintf(op.nickname, sizeof op.nickname, "%s", c->a.nickname);
	if (c->a.action == DS_ESIM_ACT_DELETE && !c->a.yes) {
		/* Name the profile and refuse the enabled one before asking. */
		op.check_only = true;
		st = ds_esim_run(c, fn, &op);
		if (st != DS_OK) {
			free(op.read_back.profiles);
			return ds_esim_fail(c, st, c->msg);
		}
		if (!ds_esim_confirm_delete(&op.before)) {
			free(op.read_back.profiles);
			return ds_esim_fail(c, DS_ERR_CANCELLED, _("Nothing was deleted."));
		}
		op.check_only = false;
	}
	st = ds_esim_run(c, fn, &op);
	if (st != DS_OK) {
		free(op.read_back.profiles);
		return ds_esim_fail(c, st, c->msg);
	}
	if (!c->a.json) {
		ds_esim_say_changed(c, &op);
		ds_esim_print_profiles(op.read_back.profiles, op.read_back.n);
	}
	rc = ds_esim_done(c, "", ds_esim_wrap("profiles", ds_esim_json_profiles(op.read_back.profiles, op.read_back.n)));
	free(op.read_back.profiles);
	return rc;
}

/** Reads the activation code from the picture (*code: secure memory). 0, or an exit status. */
static int ds_esim_code_from_photo(ds_esim_cli *c, char **code)
{
	ds_qr_codes *codes = NULL;
	char msg[400];

	if (ds_qr_image_scan_file(c->a.qr_photo, &codes, msg, sizeof msg) < 0)
		return ds_esim_fail(c, DS_ERR_INVALID, msg);
	for (size_t i = 0; i < codes->n && !*code; i++)
		if (codes->len[i] > 4 && strncmp(codes->text[i], "LPA:", 4) == 0)
			*code = ds_secret_strdup(codes->text[i]);
	ds_qr_codes_free(codes);
	if (!*code)
		return ds_esim_fail(c, DS_ERR_INVALID,
				    _("This picture holds no eSIM activation code (LPA:1$…). Take a sharp photo of the "
				      "operator's QR code and try again."));
	return 0;
}

/** Reads a code from the prompt or standard input into *out. 0, or an exit status. */
static int ds_esim_read_code(ds_esim_cli *c, const char *prompt, const char *missing, char **out)
{
	int r = ds_cli_read_line(prompt, false, DS_ESIM_CODE_MAX, out);

	if (r < 0)
		return ds_esim_fail(c, DS_ERR_INVALID, _("The code is too long, or memory ran out."));
	if (r > 0 || !(*out)[0]) {
		ds_secret_free(*out);
		*out = NULL;
		return ds_esim_fail(c, DS_ERR_INVALID, missing);
	}
	return 0;
}

/** Checks the activation code's form; sets *needs_cc. 0, or an exit status. */
static int ds_esim_check_code(ds_esim_cli *c, const char *code, bool *needs_cc)
{
	ds_qr_lpa *lpa = ds_secret_alloc(sizeof *lpa);
	ds_qr_error err;
	char msg[512];
	int rc = 0;

	if (!lpa)
		return ds_esim_fail(c, DS_ERR_NO_MEMORY, _("Out of memory."));
	if (ds_qr_lpa_parse(code, strlen(code), lpa, &err) < 0) {
		/* the message says what is wrong without quoting the secret */
		snprintf(msg, sizeof msg, _("This is not a valid activation code: %s"), err.message);
		rc = ds_esim_fail(c, DS_ERR_INVALID, msg);
	} else {
		*needs_cc = lpa->confirmation_code_required;
	}
	ds_secret_free(lpa);
	return rc;
}

static int ds_esim_cmd_download(ds_esim_cli *c)
{
	static const char *const cc_prompt = N_("Confirmation code from the operator (not shown): ");
	static const char *const cc_missing = N_("This activation code needs the operator's confirmation code: give "
						 "it on the line after the activation code.");
	ds_op_esim_download op = { .devices = c->s->devices, .device = c->device };
	char *code = NULL, *cc = NULL;
	bool needs_cc = false;
	ds_status st;
	int rc;

	rc = c->a.qr_photo ? ds_esim_code_from_photo(c, &code)
			   : ds_esim_read_code(c, _("Activation code (LPA:1$…, not shown): "),
					       _("No activation code was given: type it at the prompt or give it on "
						 "standard input (never as an argument)."),
					       &code);
	if (rc == 0)
		rc = ds_esim_check_code(c, code, &needs_cc);
	if (rc == 0 && needs_cc)
		rc = ds_esim_read_code(c, _(cc_prompt), _(cc_missing), &cc);
	if (rc != 0) {
		ds_secret_free(code);
		return rc;
	}
	op.activation_code = code;
	op.confirmation_code = cc;
	st = ds_esim_run(c, ds_op_esim_download_job, &op);
	/* The operator asked for a confirmation code the code did not announce. */
	if (st == DS_ERR_AUTH && op.needs_confirmation && !cc) {
		rc = ds_esim_read_code(c, _(cc_prompt), _(cc_missing), &cc);
		if (rc == 0) {
			op.confirmation_code = cc;
			st = ds_esim_run(c, ds_op_esim_download_job, &op);
		}
	}
	ds_secret_free(code);
	ds_secret_free(cc);
	if (rc != 0)
		return rc;
	if (st != DS_OK)
		return ds_esim_fail(c, st, c->msg);
	if (!c->a.json)
		printf("%s\n", _("The profile is downloaded. Enable it with \"doorstep esim enable ICCID\"."));
	return ds_esim_cmd_list(c);
}

static int ds_esim_cmd_notifications(ds_esim_cli *c)
{
	ds_op_esim_notifications op = { .devices = c->s->devices, .device = c->device };
	bool send = c->a.action == DS_ESIM_ACT_NOTIFICATIONS_SEND;
	ds_status st = ds_esim_run(c, send ? ds_op_esim_notifications_send_job : ds_op_esim_notifications_job, &op);
	cJSON *data;
	int rc;

	if (st != DS_OK) {
		free(op.list);
		return ds_esim_fail(c, st, c->msg);
	}
	if (!c->a.json) {
		if (send && op.sent == 0)
			printf("%s\n", _("No notifications are waiting, so none were sent."));
		else if (send)
			printf(P_("Sent %zu notification.\n", "Sent %zu notifications.\n", op.sent), op.sent);
		else
			ds_esim_print_notifications(op.list, op.n);
	}
	data = ds_esim_wrap("notifications", ds_esim_json_notifications(op.list, op.n));
	if (data && send)
		cJSON_AddNumberToObject(data, "sent", (double)op.sent);
	rc = ds_esim_done(c, "", data);
	free(op.list);
	return rc;
}

/** Finds and opens the device --device names. 0, or an exit status. */
static int ds_esim_find_device(ds_esim_cli *c)
{
	ds_op_esim_device op = { .devices = c->s->devices };
	ds_status st;

	snprintf(op.name, sizeof op.name, "%s", c->a.device);
	st = ds_esim_run(c, ds_op_esim_device_job, &op);
	if (st != DS_OK) {
		memset(&c->device, 0, sizeof c->device);
		return ds_esim_fail(c, st, c->msg);
	}
	c->device = op.found;
	return 0;
}

int ds_cmd_esim(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("esim");
	ds_esim_cli c;
	char why[512];
	int rc;

	memset(&c, 0, sizeof c);
	if (ds_esim_args_parse(argc, argv, &c.a, why, sizeof why) < 0)
		return ds_cli_usage_error(cmd, "%s", why);
	if (c.a.help)
		return ds_cli_help(cmd);
	if (c.a.nickname && strlen(c.a.nickname) >= DS_NAME_MAX)
		return ds_cli_usage_error(cmd, _("a nickname has at most %d bytes"), DS_NAME_MAX - 1);
	if (c.a.action == DS_ESIM_ACT_DELETE && !c.a.yes && !isatty(STDIN_FILENO))
		return ds_cli_usage_error(cmd, "%s",
					  _("delete asks for confirmation on a terminal; in a script, pass --yes"));
	if (ds_secret_init() < 0) {
		ds_cli_error("%s", _("Secure memory is not available, so no secret can be kept safe."));
		return DS_EXIT_FAILED;
	}
	c.s = ds_session_new_ex(&(ds_session_options){ .demo = c.a.demo, .allow_unsigned = c.a.allow_unsigned }, c.msg,
				sizeof c.msg);
	if (!c.s) {
		ds_cli_error("%s", c.msg);
		return DS_EXIT_FAILED;
	}
	rc = ds_esim_find_device(&c);
	if (rc == 0) {
		switch (c.a.action) {
		case DS_ESIM_ACT_INFO:
			rc = ds_esim_cmd_info(&c);
			break;
		case DS_ESIM_ACT_LIST:
			rc = ds_esim_cmd_list(&c);
			break;
		case DS_ESIM_ACT_DOWNLOAD:
			rc = ds_esim_cmd_download(&c);
			break;
		case DS_ESIM_ACT_NOTIFICATIONS:
		case DS_ESIM_ACT_NOTIFICATIONS_SEND:
			rc = ds_esim_cmd_notifications(&c);
			break;
		default:
			rc = ds_esim_cmd_change(&c);
			break;
		}
	}
	ds_session_free(c.s);
	return rc;
}
