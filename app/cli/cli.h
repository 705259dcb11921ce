/* Subcommands. Each prints one JSON document on stdout with --json, human
 * messages on stderr, and exits 0 (success), 1 (failed) or 2 (bad usage).
 * main makes stdout and stderr safe-text streams (app/base/safe_text.h):
 * whatever a command prints shows controls and bidi controls as stand-ins,
 * and a JSON document is valid UTF-8. A field from a device, code or plugin
 * printed within a line goes through ds_safe_line, so that its newline is
 * shown too. */
#ifndef DS_CLI_H
#define DS_CLI_H

#include <stdbool.h>
#include <stdio.h>

/** Exit statuses of every subcommand. */
enum ds_exit {
	DS_EXIT_OK = 0,
	DS_EXIT_FAILED = 1,
	DS_EXIT_USAGE = 2,
};

/** One subcommand. */
typedef struct ds_cli_command {
	const char *name;     /**< first word, e.g. "plugins" */
	const char *usage;    /**< msgid: synopsis lines */
	const char *summary;  /**< msgid: one line for `doorstep --help` */
	int (*run)(int argc, char **argv); /**< argv[0] is the command name */
	const char *details;  /**< msgid: what --help adds below the synopsis, or NULL */
} ds_cli_command;

/** The subcommand named name, or NULL. */
const ds_cli_command *ds_cli_find(const char *name);
/** Prints the global help (wizard options and every subcommand) to out. */
void ds_cli_print_help(FILE *out);

/* ---- helpers for subcommands ---- */

/** True when arg is "-h" or "--help". */
bool ds_cli_is_help(const char *arg);
/** Parses a number of whole seconds from 1 to max_s into *ms (milliseconds). */
bool ds_cli_seconds(const char *s, unsigned max_s, unsigned *ms);
/** Prints the usage of cmd to stdout and returns DS_EXIT_OK. */
int ds_cli_help(const ds_cli_command *cmd);
/** Prints "doorstep CMD: <message>" and the usage to stderr; returns DS_EXIT_USAGE. */
int ds_cli_usage_error(const ds_cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** Prints "doorstep: <message>" to stderr. */
void ds_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
