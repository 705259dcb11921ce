/* Starting and stopping curses; glyphs; the clock. */
#include "ui/toolkit/ui_term.h"

#include <curses.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "app/base/log.h"

#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"

static atomic_int term_active;
static bool term_color;
static bool atexit_done;
static SCREEN *term_screen;

static const ui_glyphs glyphs_unicode = {
	.hline = "─", .vline = "│",
	.tl = "┌", .tr = "┐", .bl = "└", .br = "┘",
	.bar_full = "█", .bar_empty = "░",
	.bar_part = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" },
	.thumb = "█", .track = "│",
	.check = "✓", .mask = "•", .pointer = "▸", .ellipsis = "…",
	.ok = "✓", .warn = "!", .fail = "✗",
};

static const ui_glyphs glyphs_ascii = {
	.hline = "-", .vline = "|",
	.tl = "+", .tr = "+", .bl = "+", .br = "+",
	.bar_full = "#", .bar_empty = ".",
	.bar_part = { "", "", "", "", "", "", "", "" },
	.thumb = "#", .track = "|",
	.check = "x", .mask = "*", .pointer = ">", .ellipsis = "~",
	.ok = "+", .warn = "!", .fail = "X",
};

/** True when the user asked for no colour (https://no-color.org). */
static bool no_color_env(void)
{
	const char *no_color = getenv("NO_COLOR");

	return no_color && *no_color;
}

/** stderr as it was before the screen was taken, or -1. */
static int term_saved_stderr = -1;

/** While curses owns the screen, what libraries and plugins print on stderr
 *  would scribble over it: send it to the log file (or nowhere) instead. */
static void term_take_stderr(void)
{
	int to = ds_log_fileno();
	int null = -1;

	if (term_saved_stderr >= 0)
		return;
	if (to < 0)
		to = null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (to < 0)
		return;
	fflush(stderr);
	term_saved_stderr = fcntl(2, F_DUPFD_CLOEXEC, 3);
	if (term_saved_stderr >= 0 && dup2(to, 2) < 0) {
		close(term_saved_stderr);
		term_saved_stderr = -1;
	}
	if (null >= 0)
		close(null);
}

/** Gives stderr back (async-signal-safe: it runs on the signal path too). */
static void term_give_stderr(void)
{
	int saved = term_saved_stderr;

	if (saved < 0)
		return;
	term_saved_stderr = -1;
	dup2(saved, 2);
	close(saved);
}

/** What a fatal signal restores: the terminal modes from before curses, and
 *  the sequences that leave the alternate screen, show the cursor and reset
 *  the colours (from terminfo, copied at start: the handler may only write). */
static struct termios fatal_modes;
static bool fatal_modes_saved;
static char fatal_restore[128];
static size_t fatal_restore_len;

/** Appends a terminfo string capability to fatal_restore. */
static void fatal_add(const char *cap)
{
	char *seq = tigetstr(cap);
	size_t n;

	if (!seq || seq == (char *)-1)
		return;
	n = strlen(seq);
	if (n < sizeof fatal_restore - fatal_restore_len) {
		memcpy(fatal_restore + fatal_restore_len, seq, n);
		fatal_restore_len += n;
	}
}

/** SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT: gives the terminal back as it
 *  was, then dies of the signal as it would have (async-signal-safe only). */
static void fatal_signal(int sig)
{
	if (atomic_exchange(&term_active, 0)) {
		if (fatal_restore_len)
			(void)!write(STDOUT_FILENO, fatal_restore, fatal_restore_len);
		if (fatal_modes_saved)
			tcsetattr(STDIN_FILENO, TCSANOW, &fatal_modes);
		term_give_stderr();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/** Installs fatal_signal once the screen is taken. */
static void fatal_install(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct sigaction sa;

	fatal_restore_len = 0;
	fatal_add("rmcup");
	fatal_add("cnorm");
	fatal_add("sgr0");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fatal_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

int ui_term_start(void)
{
	if (atomic_load(&term_active))
		return 0;
	if (term_screen) {
		/* Started before and stopped: resume the same screen. */
		atomic_store(&term_active, 1);
		term_take_stderr();
		clearok(curscr, TRUE);
		doupdate();
		return 0;
	}
	fatal_modes_saved = tcgetattr(STDIN_FILENO, &fatal_modes) == 0;
	/* newterm is initscr that returns an error instead of exiting. */
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen)
		return -1;
	fatal_install();
	atomic_store(&term_active, 1);
	term_take_stderr();
	if (!atexit_done) {
		atexit(ui_term_stop);
		atexit_done = true;
	}
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	term_color = false;
	if (has_colors() && !no_color_env()) {
		start_color();
		term_color = COLORS >= 8 && COLOR_PAIRS >= 16;
	}
	ui_theme_init(term_color);
	return 0;
}

void ui_term_stop(void)
{
	/* An atomic exchange: whichever of exit, a signal path or the app gets
	 * here first calls endwin, every other call does nothing. */
	if (atomic_exchange(&term_active, 0)) {
		endwin();
		term_give_stderr();
	}
}

bool ui_term_utf8(void)
{
	return ui_text_locale_utf8();
}

const ui_glyphs *ui_term_glyphs(void)
{
	return ui_term_utf8() ? &glyphs_unicode : &glyphs_ascii;
}

int64_t ui_term_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
