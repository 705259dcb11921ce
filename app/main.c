/* doorstep: the wizard (TUI) when no subcommand is given, else the CLI. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/base/i18n.h"
#include "app/base/i18n_charset.h"
#include "app/base/log.h"
#include "app/base/safe_text.h"
#include "app/base/secret.h"
#include "app/core/site_store.h"
#include "ui/wizard/wizard_app.h"

/** Checks that the wizard can draw here; otherwise says what to use instead. */
static int ds_main_check_terminal(void)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		ds_cli_error("%s", _("the setup wizard needs a terminal, but standard input or output is not one. "
				     "For scripts, use the subcommands, e.g. \"doorstep run PLAN.json\" (see \"doorstep --help\")."));
		return DS_EXIT_USAGE;
	}
	if (!term || !*term || strcmp(term, "dumb") == 0) {
		ds_cli_error("%s", _("the terminal type is unknown (TERM is unset or \"dumb\"), so the wizard cannot draw. "
				     "Set TERM, e.g. \"export TERM=xterm-256color\", or use the subcommands (see \"doorstep --help\")."));
		return DS_EXIT_USAGE;
	}
	return DS_EXIT_OK;
}

/** Text from devices, codes and plugins never reaches the terminal raw:
 *  stderr, and stdout unless json, become streams that print every control
 *  and bidi control as a visible stand-in (app/base/safe_text.h); a JSON
 *  document on stdout is only made valid UTF-8 (it escapes controls itself). */
static void ds_main_safe_output(bool json)
{
	bool tty = isatty(STDOUT_FILENO);
	FILE *f;

	fflush(stderr);
	f = ds_safe_text_stream(stderr, DS_SAFE_TEXT_MULTILINE);
	if (f) {
		setvbuf(f, NULL, _IONBF, 0);
		stderr = f;
	}
	fflush(stdout);
	f = ds_safe_text_stream(stdout, json ? DS_SAFE_TEXT_UTF8 : DS_SAFE_TEXT_MULTILINE);
	if (f) {
		if (tty)
			setvbuf(f, NULL, _IOLBF, BUFSIZ);
		stdout = f;
	}
}

/** A command keeps its text in UTF-8 and prints it in the terminal's charset,
 *  safe to show; a JSON document on stdout stays UTF-8. */
static void ds_main_text_utf8(int argc, char **argv)
{
	bool json = false;

	for (int i = 1; i < argc; i++)
		json = json || strcmp(argv[i], "--json") == 0;
	ds_i18n_text_utf8();
	ds_i18n_local_output(json);
	ds_main_safe_output(json);
}

/** A command's output reached stdout (no full disk, say); else says so and
 *  turns a success into DS_EXIT_FAILED. The one check of every printf and
 *  ds_json_print of the commands. */
static int ds_main_output_written(int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	ds_cli_error(_("cannot write \"%s\": %s"), "stdout", strerror(errno));
	return rc == DS_EXIT_OK ? DS_EXIT_FAILED : rc;
}

int main(int argc, char **argv)
{
	ds_wizard_options opts = { 0 };
	char site_name[4 * 64 + 1];
	int rc;

	ds_i18n_init();
	if (ds_secret_init() < 0) {
		ds_cli_error("%s", _("cannot protect secrets in memory (libsodium failed to start)."));
		return DS_EXIT_FAILED;
	}
	ds_log_open();
	if (argc > 1 && argv[1][0] != '-') {
		const ds_cli_command *cmd = ds_cli_find(argv[1]);

		if (!cmd) {
			ds_cli_error(_("unknown command \"%s\". \"doorstep --help\" lists the commands."), argv[1]);
			return DS_EXIT_USAGE;
		}
		ds_main_text_utf8(argc, argv);
		rc = ds_main_output_written(cmd->run(argc - 1, argv + 1));
		ds_log_close();
		return rc;
	}
	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i])) {
			ds_cli_print_help(stdout);
			return DS_EXIT_OK;
		} else if (strcmp(argv[i], "--demo") == 0) {
			opts.demo = true;
		} else if (strcmp(argv[i], "--allow-unsigned") == 0) {
			opts.allow_unsigned = true;
		} else if (strcmp(argv[i], "--site") == 0 && i + 1 < argc) {
			opts.site_name = argv[++i];
			/* Typed in the terminal's charset; site names are UTF-8. */
			if (ds_i18n_input_utf8(opts.site_name, strlen(opts.site_name), site_name, sizeof site_name) >= 0)
				opts.site_name = site_name;
			if (!ds_site_name_valid(opts.site_name)) {
				/* The name as typed: the message is in the same charset. */
				ds_cli_error(_("\"%s\" is not a valid site name: use 1 to 64 characters, no '/'."), argv[i]);
				return DS_EXIT_USAGE;
			}
		} else if (strcmp(argv[i], "--site") == 0) {
			ds_cli_error("%s", _("--site needs a name, e.g. --site \"Smith house\"."));
			return DS_EXIT_USAGE;
		} else {
			ds_cli_error(_("unknown option \"%s\". \"doorstep --help\" lists the options."), argv[i]);
			return DS_EXIT_USAGE;
		}
	}
	rc = ds_main_check_terminal();
	if (rc != DS_EXIT_OK)
		return rc;
	rc = ds_wizard_app_run(&opts);
	ds_log_close();
	return rc;
}
