/* Secrets typed at a terminal or piped on standard input: echo off while
 * one is typed (and back on if the command is interrupted), read straight
 * into secure memory. */
#ifndef DS_CLI_SECRET_H
#define DS_CLI_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/** Turns the terminal's echo off (on = false) or back on; restored on SIGINT and SIGTERM. */
void ds_cli_echo(bool on);
/** Reads one line of at most max bytes from standard input into secure
 *  memory (*out, free with ds_secret_free; without its line break). On a
 *  terminal, prompt goes to stderr first and nothing typed is shown unless
 *  echo is true. 0, 1 at the end of input with nothing read, -1 when the
 *  line is longer than max or memory ran out (*out NULL). */
int ds_cli_read_line(const char *prompt, bool echo, size_t max, char **out);

#endif
