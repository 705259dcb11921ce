/* Secrets from the terminal or standard input; see cli_secret.h. */
#include "app/cli/cli_secret.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "app/base/secret.h"

/** The terminal's settings while echo is off, to restore them. */
static struct termios ds_cli_saved_tty;
static volatile sig_atomic_t ds_cli_echo_off;

/** Restores echo when interrupted at a prompt, then ends as the signal says. */
static void ds_cli_on_signal(int sig)
{
	if (ds_cli_echo_off)
		tcsetattr(STDIN_FILENO, TCSANOW, &ds_cli_saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

void ds_cli_echo(bool on)
{
	struct termios t;

	if (!on) {
		if (tcgetattr(STDIN_FILENO, &ds_cli_saved_tty) < 0)
			return;
		t = ds_cli_saved_tty;
		t.c_lflag &= ~(tcflag_t)ECHO;
		signal(SIGINT, ds_cli_on_signal);
		signal(SIGTERM, ds_cli_on_signal);
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) == 0)
			ds_cli_echo_off = 1;
	} else if (ds_cli_echo_off) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &ds_cli_saved_tty);
		ds_cli_echo_off = 0;
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
}

int ds_cli_read_line(const char *prompt, bool echo, size_t max, char **out)
{
	bool tty = isatty(STDIN_FILENO);
	char *buf = ds_secret_alloc(max + 2);
	size_t len = 0;
	bool eof = false;

	*out = NULL;
	if (!buf)
		return -1;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (!echo)
			ds_cli_echo(false);
	}
	/* One byte at a time: what follows the line stays for the next read. */
	for (;;) {
		char c;
		ssize_t got = read(STDIN_FILENO, &c, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			eof = true;
			break;
		}
		if (c == '\n')
			break;
		if (len <= max)
			buf[len++] = c;
	}
	if (tty && !echo) {
		ds_cli_echo(true);
		fputc('\n', stderr);
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	if (len > max) {
		ds_secret_free(buf);
		return -1;
	}
	if (eof && len == 0) {
		ds_secret_free(buf);
		return 1;
	}
	*out = buf;
	return 0;
}
