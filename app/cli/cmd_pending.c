/* Subcommands whose capability arrives with a later release. They exist,
 * answer --help, and say plainly that they cannot do their work yet. */
#include <stdio.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/core/i18n.h"

/** Answers --help, or says the command is not available yet (exit 1). */
static int ds_cmd_pending(const char *name, int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find(name);

	for (int i = 1; i < argc; i++)
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
	ds_cli_error(_("\"%s\" is not implemented yet in doorstep %s. Use the wizard for this step."), name, DS_VERSION);
	return DS_EXIT_FAILED;
}

int ds_cmd_ble(int argc, char **argv)
{
	return ds_cmd_pending("ble", argc, argv);
}

int ds_cmd_diag(int argc, char **argv)
{
	return ds_cmd_pending("diag", argc, argv);
}
