/* The subcommand table and shared helpers. */
#include "app/cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/commands.h"
#include "app/base/i18n.h"

static const ds_cli_command ds_commands[] = {
	{ "version", N_("doorstep version [--json]"), N_("print the version and build details"), ds_cmd_version,
	  N_("Prints doorstep's version and the plugin ABI it offers; --json adds the versions of\n"
	     "the libraries it uses and the directory of the installed plugins. Exit status 0.") },
	{ "plugins", N_("doorstep plugins [--json] [--allow-unsigned]"),
	  N_("list plugins found, loaded and refused (with the reason)"), ds_cmd_plugins,
	  N_("Lists every plugin file found in the plugin path, the ones loaded (with who signed\n"
	     "them) and the ones refused, each with the reason (unsigned, untrusted key, wrong ABI,\n"
	     "broken file...). --allow-unsigned loads unsigned plugins too (for development only).\n"
	     "Exit status 0, or 1 when a plugin file was refused.") },
	{ "qr",
	  N_("doorstep qr decode [--json] PAYLOAD | --image FILE\ndoorstep qr encode [--png FILE | --svg FILE] TEXT"),
	  N_("read or draw onboarding QR codes"), ds_cmd_qr, NULL },
	{ "password",
	  N_("doorstep password check [--json] [--context WORD]...   (candidate on stdin)\ndoorstep password generate"),
	  N_("check or generate a device password"), ds_cmd_password, NULL },
	{ "ble",
	  N_("doorstep ble scan [--json] [--seconds N]\ndoorstep ble pair [--json] [--seconds N] ADDRESS\ndoorstep ble gatt [--json] [--seconds N] ADDRESS"),
	  N_("scan for Bluetooth LE devices, pair one, or list its GATT characteristics"), ds_cmd_ble, NULL },
	{ "mno", N_("doorstep mno operators [--json] [--mcc MCC]"), N_("list mobile network operators"), ds_cmd_mno,
	  N_("Lists the mobile network operators of the operator database (the Debian package\n"
	     "mobile-broadband-provider-info, /usr/share/mobile-broadband-provider-info/\n"
	     "serviceproviders.xml; DOORSTEP_OPERATOR_DB names another file): network code\n"
	     "(MCC+MNC), operator name and country; --mcc keeps one country (3 digits, e.g. 262).\n"
	     "Exit status 0 (also when no operator has that MCC), 1 when the database is missing\n"
	     "or damaged, 2 bad usage.") },
	{ "diag", N_("doorstep diag [--json] [--url URL]..."), N_("run network diagnostics from this computer"),
	  ds_cmd_diag, NULL },
	{ "discover", N_("doorstep discover [--json] [--seconds N] [--demo]"),
	  N_("list the devices plugins find without a label (cameras, modems)"), ds_cmd_discover,
	  N_("Lists every device an installed plugin finds without a label: cameras on the network,\n"
	     "modems on serial ports, and with --demo the demo system's devices. One line per device:\n"
	     "kind, name, vendor and model, locator; --json prints an array of objects with \"plugin\",\n"
	     "\"locator\", \"kind\", \"name\", \"vendor\" and \"model\" (a plan names a device by its\n"
	     "\"locator\"). --seconds N: how long plugins listen for answers; the search ends at most\n"
	     "3 s later with what was found. Exit status 0 (also when nothing was found), 1 when the\n"
	     "search failed, 2 bad usage.") },
	{ "run", N_("doorstep run [--demo] [--allow-unsigned] [--timeout SECONDS] PLAN.json [--json]"),
	  N_("perform a whole setup from a plan file, without a terminal"), ds_cmd_run,
	  N_("Performs a whole setup from a plan file (JSON: the site, the devices by QR label or\n"
	     "serial, their new passwords by environment variable or file, Wi-Fi, the primary and\n"
	     "backup operator, diagnostics, the report). Secrets are never accepted inline.\n"
	     "--demo uses the demo system. --timeout: the longest one operation on a device may\n"
	     "take (default 300 s); a plugin that does not stop then is ended and the run goes on.\n"
	     "Exit status 0 when every step worked, 1 when one failed,\n"
	     "2 when the plan is not valid. See README.md, \"Setup plans\".") },
	{ "report", N_("doorstep report [--json] SITE"), N_("show the commissioning report of a site"), ds_cmd_report,
	  N_("Prints the commissioning report of a saved site: devices, what was done, the\n"
	     "operators and the failover test, diagnostics. It holds no secret. Exit status 0,\n"
	     "2 when there is no such site.") },
	{ "esim",
	  N_("doorstep esim info|list|notifications [send] [--json] [--demo] --device DEV\n"
	     "doorstep esim enable|disable ICCID [--json] [--demo] --device DEV\n"
	     "doorstep esim nickname ICCID NICKNAME [--json] [--demo] --device DEV\n"
	     "doorstep esim delete ICCID [--yes] [--json] [--demo] --device DEV\n"
	     "doorstep esim download [--qr PHOTO] [--json] [--demo] --device DEV"),
	  N_("manage the profiles on a device's eSIM"), ds_cmd_esim,
	  N_("Manages the operator profiles on the eSIM of a cellular module or panel. DEV is the\n"
	     "module's serial port (/dev/ttyUSB2) or a device locator (\"doorstep discover\"; with\n"
	     "--demo, the demo panel's \"demo:DP100-7F3A21\"). info: the EID and the chip's details;\n"
	     "list: the profiles; enable, disable, nickname (\"\" clears it), delete: one profile by\n"
	     "its ICCID, read back from the device afterwards. delete refuses the enabled profile and\n"
	     "asks for the last 4 digits of the ICCID on a terminal (--yes in a script). download reads\n"
	     "the activation code, and the confirmation code when needed, from a prompt that does not\n"
	     "show them or from standard input (one per line), or with --qr from a photo of the\n"
	     "operator's QR code; never from the command line. notifications lists what the eSIM keeps\n"
	     "for the operators; notifications send sends it. --json prints one object: \"command\",\n"
	     "\"status\" (ok or failed), \"error\", \"message\", \"device\" and \"data\".\n"
	     "Exit status 0 done, 1 the device failed or refused (or the person did not confirm),\n"
	     "2 bad usage or input: no such device or profile, the enabled profile for delete, a\n"
	     "malformed activation code.") },
	{ "plugin", N_("doorstep plugin check [--json] [--locator LOC] [--qr PAYLOAD] [--timeout SECONDS] FILE.so"),
	  N_("check that a plugin follows the plugin ABI (for vendors)"), ds_cmd_plugin,
	  N_("For vendors: loads FILE.so (even unsigned) in a child process and exercises it:\n"
	     "descriptor, every declared operation with valid and hostile input, cancel, error\n"
	     "messages, output buffers, no crash or hang. --locator opens that device for the device\n"
	     "checks, --qr gives a label the plugin should claim, --timeout is how long one call\n"
	     "may take (seconds). Exit status 0 every check passed, 1 one failed, 2 bad usage.") },
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

bool ds_cli_seconds(const char *s, unsigned max_s, unsigned *ms)
{
	char *end = NULL;
	unsigned long v;

	if (!s || !*s || s[0] == '-' || s[0] == '+')
		return false;
	v = strtoul(s, &end, 10);
	if (*end || v == 0 || v > max_s)
		return false;
	*ms = (unsigned)v * 1000u;
	return true;
}

bool ds_cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int ds_cli_help(const ds_cli_command *cmd)
{
	printf("%s: %s\n\n%s\n", cmd->name, _(cmd->summary), _(cmd->usage));
	if (cmd->details)
		printf("\n%s\n", _(cmd->details));
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
