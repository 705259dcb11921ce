/* The subcommand table and shared helpers. */
#include "app/cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/commands.h"
#include "app/core/i18n.h"

static const ds_cli_command ds_commands[] = {
	{ "version", N_("doorstep version [--json]"), N_("print the version and build details"), ds_cmd_version },
	{ "plugins", N_("doorstep plugins [--json] [--allow-unsigned]"), N_("list plugins found, loaded and refused (with the reason)"), ds_cmd_plugins },
	{ "qr", N_("doorstep qr decode [--json] PAYLOAD | --image FILE\ndoorstep qr encode [--png FILE | --svg FILE] TEXT"), N_("read or draw onboarding QR codes"), ds_cmd_qr },
	{ "password", N_("doorstep password check [--json] [--context WORD]...   (candidate on stdin)\ndoorstep password generate"), N_("check or generate a device password"), ds_cmd_password },
	{ "ble", N_("doorstep ble scan [--json] [--seconds N]\ndoorstep ble pair [--json] [--seconds N] ADDRESS\ndoorstep ble gatt [--json] [--seconds N] ADDRESS"), N_("scan for Bluetooth LE devices, pair one, or list its GATT characteristics"), ds_cmd_ble },
	{ "mno", N_("doorstep mno operators [--json] [--mcc MCC]"), N_("list mobile network operators"), ds_cmd_mno },
	{ "diag", N_("doorstep diag [--json] [--url URL]..."), N_("run network diagnostics from this computer"), ds_cmd_diag },
	{ "run", N_("doorstep run [--demo] [--allow-unsigned] PLAN.json [--json]"), N_("perform a whole setup from a plan file, without a terminal"), ds_cmd_run },
	{ "report", N_("doorstep report [--json] SITE"), N_("show the commissioning report of a site"), ds_cmd_report },
	{ "plugin", N_("doorstep plugin check [--json] [--locator LOC] [--qr PAYLOAD] [--timeout SECONDS] FILE.so"), N_("check that a plugin follows the plugin ABI (for vendors)"), ds_cmd_plugin },
};

const ds_cli_command *ds_cli_find(const char *name)
{
	for (size_t i = 0; i < sizeof ds_commands / sizeof ds_commands[0]; i++)
		if (strcmp(ds_commands[i].name, name) == 0)
			return &ds_commands[i];
	return NULL;
}

void ds_cli_print_help(FILE *out)
{
	fprintf(out, "%s\n\n", _("doorstep: set up smart alarm systems safely."));
	fprintf(out, "%s\n", _("Usage:"));
	fprintf(out, "  %s\n", _("doorstep [--demo] [--site NAME]          start the setup wizard"));
	for (size_t i = 0; i < sizeof ds_commands / sizeof ds_commands[0]; i++)
		fprintf(out, "  doorstep %-10s %s\n", ds_commands[i].name, _(ds_commands[i].summary));
	fprintf(out, "\n%s\n", _("Options of the wizard:"));
	fprintf(out, "  %s\n", _("--demo         use the built-in demo alarm system"));
	fprintf(out, "  %s\n", _("--site NAME    open (or create) the site NAME"));
	fprintf(out, "  %s\n", _("--allow-unsigned  also load unsigned plugins (plugin development only; "
				  "never at a customer's site)"));
	fprintf(out, "  %s\n", _("-h, --help     show this help"));
	fprintf(out, "\n%s\n", _("\"doorstep COMMAND --help\" explains a command. Exit status: 0 success, 1 failed, 2 bad usage or input."));
}

bool ds_cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int ds_cli_help(const ds_cli_command *cmd)
{
	printf("%s: %s\n\n%s\n", cmd->name, _(cmd->summary), _(cmd->usage));
	return DS_EXIT_OK;
}

int ds_cli_usage_error(const ds_cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "doorstep %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s\n%s\n", _("Usage:"), _(cmd->usage));
	return DS_EXIT_USAGE;
}

void ds_cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("doorstep: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
