/* The main loop: poll, drain keys and events, tick, lay out, paint. */
#include "ui/toolkit/ui_screen_manager.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "ui/toolkit/ui_dialog.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_help.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_theme.h"

#define STACK_MAX 16
/* Events taken per wake-up before keys get a turn again (the wake fd stays
 * readable while more are waiting). */
#define EVENTS_PER_WAKEUP 1024
/* Wake-ups with stdin readable but no key before stdin is taken as gone. */
#define EMPTY_READS_MAX 100

/** One screen on the stack. */
typedef struct screen_entry {
	const ui_screen_class *cls;
	void *state;
} screen_entry;

struct ui_screen_manager {
	screen_entry stack[STACK_MAX];
	int depth;
	ds_jobs *jobs;
	int signal_fd;
	char banner[256];
	int sidebar_w;
	ui_sidebar_fn sidebar_fn;
	void *sidebar_ctx;
	ui_status_line status;
	ui_help help;
	ui_dialog *quit;
	ui_frame frame;
	int lines, cols;
	bool too_small;
	int pending;          /* UI_REDRAW | UI_RELAYOUT still to do */
	bool animating;
	int64_t next_tick;
	bool done;
	ui_run_result result;
	int empty_reads;
};

static const ui_key_hint default_hints[] = {
	{ N_("F1"), N_("Help") },
	{ N_("q"), N_("Quit") },
};

static const ui_key_hint help_hints[] = {
	{ N_("Esc"), N_("Close help") },
	{ N_("Up/Down"), N_("Scroll") },
};

static const ui_key_hint quit_hints[] = {
	{ N_("y"), N_("Quit") },
	{ N_("n"), N_("Stay") },
};

/** The top entry, or NULL. */
static screen_entry *top_entry(ui_screen_manager *m)
{
	return m->depth > 0 ? &m->stack[m->depth - 1] : NULL;
}

/** Recomputes the frame and lays out every screen (unless too small). */
static void do_layout(ui_screen_manager *m)
{
	int i;

	getmaxyx(stdscr, m->lines, m->cols);
	m->too_small = ui_layout_too_small(m->lines, m->cols);
	m->frame = ui_layout_frame(m->lines, m->cols, m->banner[0] != '\0', m->sidebar_w);
	ui_layout_frame_status_rows(&m->frame, ui_status_line_rows(&m->status, m->frame.status.w));
	m->pending &= ~UI_RELAYOUT;
	m->pending |= UI_REDRAW;
	ui_dialog_layout(m->quit, ui_rect_make(0, 0, m->lines, m->cols));
	if (m->too_small)
		return; /* laid out again, losing nothing, once enlarged */
	for (i = 0; i < m->depth; i++)
		if (m->stack[i].cls->layout)
			m->stack[i].cls->layout(m->stack[i].state, m->frame.content);
}

/** Asks for a new layout when the status message needs more or fewer rows
 *  than its line has, and for a repaint. */
static void status_changed(ui_screen_manager *m)
{
	if (ui_status_line_rows(&m->status, m->cols) != m->frame.status.h)
		m->pending |= UI_RELAYOUT;
	m->pending |= UI_REDRAW;
}

/** Starts ticking the top screen unless it already ticks. */
static void start_ticks(ui_screen_manager *m)
{
	if (!m->animating) {
		m->animating = true;
		m->next_tick = ui_term_now_ms() + UI_TICK_MS;
	}
}

/** Removes the entry (cls, state) from the stack, calling its leave. */
static void remove_entry(ui_screen_manager *m, const screen_entry *who)
{
	screen_entry gone;
	int i;

	for (i = m->depth - 1; i >= 0; i--) {
		if (m->stack[i].cls != who->cls || m->stack[i].state != who->state)
			continue;
		gone = m->stack[i];
		memmove(&m->stack[i], &m->stack[i + 1], (size_t)(m->depth - i - 1) * sizeof m->stack[0]);
		m->depth--;
		if (gone.cls->leave)
			gone.cls->leave(gone.state);
		m->pending |= UI_REDRAW;
		start_ticks(m); /* the screen below decides whether it animates */
		return;
	}
}

/** Opens the quit question. */
static void ask_quit(ui_screen_manager *m)
{
	ui_dialog_open_confirm(m->quit, _("Quit"), _("Quit doorstep? Your progress is saved."));
	m->pending |= UI_REDRAW;
}

/** Acts on the flags a handler of screen who (NULL: none) returned. */
static void apply(ui_screen_manager *m, const screen_entry *who, int flags)
{
	if (flags & UI_RELAYOUT)
		m->pending |= UI_RELAYOUT | UI_REDRAW;
	if (flags & UI_REDRAW)
		m->pending |= UI_REDRAW;
	if (flags & UI_ANIMATE)
		start_ticks(m);
	if (flags & UI_ASK_QUIT)
		ask_quit(m);
	if (flags & UI_QUIT) {
		m->done = true;
		m->result = UI_RUN_QUIT;
	}
	if ((flags & UI_POP) && who)
		remove_entry(m, who);
}

ui_screen_manager *ui_screen_manager_new(ds_jobs *jobs, int signal_fd)
{
	ui_screen_manager *m = calloc(1, sizeof *m);

	if (!m)
		return NULL;
	m->quit = ui_dialog_new();
	if (!m->quit) {
		free(m);
		return NULL;
	}
	m->jobs = jobs;
	m->signal_fd = signal_fd;
	ui_status_line_clear(&m->status);
	do_layout(m);
	return m;
}

void ui_screen_manager_free(ui_screen_manager *m)
{
	if (!m)
		return;
	while (m->depth > 0)
		ui_screen_manager_pop(m);
	ui_dialog_free(m->quit);
	free(m);
}

int ui_screen_manager_push(ui_screen_manager *m, const ui_screen_class *cls, void *state)
{
	screen_entry *e;

	if (m->depth >= STACK_MAX)
		return -1;
	e = &m->stack[m->depth++];
	e->cls = cls;
	e->state = state;
	if (cls->enter)
		cls->enter(state);
	if (!m->too_small && cls->layout)
		cls->layout(state, m->frame.content);
	m->pending |= UI_REDRAW;
	start_ticks(m);
	return 0;
}

void *ui_screen_manager_pop(ui_screen_manager *m)
{
	screen_entry *top = top_entry(m);
	screen_entry who;

	if (!top)
		return NULL;
	who = *top;
	remove_entry(m, &who);
	return who.state;
}

void ui_screen_manager_request(ui_screen_manager *m, int flags)
{
	apply(m, NULL, flags);
}

void ui_screen_manager_set_banner(ui_screen_manager *m, const char *text)
{
	snprintf(m->banner, sizeof m->banner, "%s", text ? text : "");
	m->pending |= UI_RELAYOUT | UI_REDRAW;
}

void ui_screen_manager_set_sidebar(ui_screen_manager *m, int width, ui_sidebar_fn fn, void *ctx)
{
	m->sidebar_w = fn && width > 0 ? width : 0;
	m->sidebar_fn = fn;
	m->sidebar_ctx = ctx;
	m->pending |= UI_RELAYOUT | UI_REDRAW;
}

void ui_screen_manager_status(ui_screen_manager *m, ui_level level, int ttl_ms, const char *fmt, ...)
{
	char buf[sizeof m->status.text];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_status_line_set(&m->status, level, ttl_ms, "%s", buf);
	status_changed(m);
}

void *ui_screen_manager_take_item(ds_event *ev)
{
	void *item = ev->item;

	ev->item = NULL;
	return item;
}

/** The hints for the function bar in the current state. */
static const ui_key_hint *current_hints(ui_screen_manager *m, size_t *n)
{
	screen_entry *top = top_entry(m);
	const ui_key_hint *hints;

	if (ui_dialog_is_open(m->quit)) {
		*n = sizeof quit_hints / sizeof quit_hints[0];
		return quit_hints;
	}
	if (m->help.open) {
		*n = sizeof help_hints / sizeof help_hints[0];
		return help_hints;
	}
	if (top && top->cls->hints) {
		hints = top->cls->hints(top->state, n);
		if (hints)
			return hints;
	}
	*n = sizeof default_hints / sizeof default_hints[0];
	return default_hints;
}

/** Paints everything once: frame regions, the top screen, overlays. */
static void do_draw(ui_screen_manager *m)
{
	screen_entry *top = top_entry(m);
	const ui_key_hint *hints;
	size_t n;

	m->pending &= ~UI_REDRAW;
	werase(stdscr);
	if (m->too_small) {
		ui_draw_too_small(stdscr, m->lines, m->cols);
		goto out;
	}
	if (!ui_rect_empty(m->frame.banner)) {
		ui_draw_fill(stdscr, m->frame.banner, ui_theme_attr(UI_ROLE_BANNER));
		ui_draw_text_center(stdscr, m->frame.banner.y, 0, m->cols,
				    ui_theme_attr(UI_ROLE_BANNER), m->banner);
	}
	if (m->sidebar_fn && !ui_rect_empty(m->frame.sidebar)) {
		m->sidebar_fn(m->sidebar_ctx, stdscr, m->frame.sidebar);
		ui_draw_vline(stdscr, m->frame.separator.y, m->frame.separator.x,
			      m->frame.separator.h, ui_theme_attr(UI_ROLE_DIM));
	}
	if (top && top->cls->draw)
		top->cls->draw(top->state, stdscr);
	wattrset(stdscr, A_NORMAL);
	ui_status_line_draw(&m->status, stdscr, m->frame.status);
	hints = current_hints(m, &n);
	ui_function_bar_draw(stdscr, m->frame.bar, hints, n);
	if (m->help.open) {
		hints = top && top->cls->hints ? top->cls->hints(top->state, &n) : NULL;
		if (!hints) {
			hints = default_hints;
			n = sizeof default_hints / sizeof default_hints[0];
		}
		ui_help_draw(&m->help, stdscr, ui_rect_make(0, 0, m->lines - 1, m->cols), hints, n,
			     top && top->cls->help ? top->cls->help(top->state) : NULL);
	}
	ui_dialog_draw(m->quit, stdscr);
out:
	wnoutrefresh(stdscr);
	doupdate();
}

/** Handles one key: overlays, then the top screen, then global keys. */
static void handle_key(ui_screen_manager *m, int key, wint_t wch, bool fn)
{
	screen_entry *top = top_entry(m), who;
	ui_dialog_result res;
	bool text = false;
	int flags = UI_IGNORED;

	if (ui_key_is_fn(key, fn, KEY_RESIZE)) {
		m->pending |= UI_RELAYOUT | UI_REDRAW;
		return;
	}
	if (ui_key_is_char(key, fn, UI_KEY_CTRL('l'))) {
		clearok(curscr, TRUE);
		m->pending |= UI_REDRAW;
		return;
	}
	if (ui_dialog_is_open(m->quit)) {
		apply(m, NULL, ui_dialog_key(m->quit, key, wch, fn, &res));
		if (res == UI_DIALOG_YES)
			apply(m, NULL, UI_QUIT);
		return;
	}
	if (m->help.open) {
		apply(m, NULL, ui_help_key(&m->help, key, wch, fn));
		return;
	}
	if (!top)
		return;
	who = *top;
	if (who.cls->key)
		flags = who.cls->key(who.state, key, wch, fn);
	if (who.cls->text_input)
		text = who.cls->text_input(who.state);
	apply(m, &who, flags);
	if (flags & UI_HANDLED)
		return;
	if (ui_key_is_fn(key, fn, KEY_F(1)) || (ui_key_is_char(key, fn, '?') && !text)) {
		ui_help_open(&m->help);
		m->pending |= UI_REDRAW;
	} else if (ui_key_is_char(key, fn, 'q') && !text) {
		ask_quit(m);
	}
}

/** Reads every pending key in order (nodelay). Returns the number read. */
static int drain_keys(ui_screen_manager *m)
{
	wint_t wch;
	int r, count = 0;

	while (!m->done) {
		r = wget_wch(stdscr, &wch);
		if (r == ERR)
			break;
		count++;
		if (r == KEY_CODE_YES)
			handle_key(m, (int)wch, 0, true);
		else
			handle_key(m, (int)wch, wch, false);
		/* Later keys of a burst must see the new geometry. */
		if (m->pending & UI_RELAYOUT)
			do_layout(m);
	}
	return count;
}

/** Hands one event to the screens, top first, and frees an untaken item. */
static void dispatch_event(ui_screen_manager *m, ds_event *ev)
{
	screen_entry snap[STACK_MAX];
	int depth = m->depth, i, j, flags;
	bool present;

	memcpy(snap, m->stack, (size_t)depth * sizeof snap[0]);
	for (i = depth - 1; i >= 0; i--) {
		present = false;
		for (j = 0; j < m->depth; j++)
			if (m->stack[j].cls == snap[i].cls && m->stack[j].state == snap[i].state)
				present = true;
		if (!present || !snap[i].cls->event)
			continue;
		flags = snap[i].cls->event(snap[i].state, ev);
		apply(m, &snap[i], flags);
		if (flags & UI_HANDLED)
			break;
	}
	if (ev->item && ev->item_free)
		ev->item_free(ev->item);
	ev->item = NULL;
}

/** Takes and dispatches the waiting job events. */
static void drain_events(ui_screen_manager *m)
{
	ds_event ev;
	int n;

	if (!m->jobs)
		return;
	for (n = 0; n < EVENTS_PER_WAKEUP && !m->done; n++) {
		if (!ds_jobs_next_event(m->jobs, &ev))
			break;
		dispatch_event(m, &ev);
	}
}

/** Ticks the top screen when due, and expires the status message. */
static void do_timers(ui_screen_manager *m)
{
	int64_t now = ui_term_now_ms();
	screen_entry *top = top_entry(m), who;
	int flags;

	if (m->animating && now >= m->next_tick) {
		m->animating = false;
		if (top && top->cls->tick) {
			who = *top;
			flags = who.cls->tick(who.state, now);
			if (flags & UI_ANIMATE) {
				m->animating = true;
				m->next_tick = now + UI_TICK_MS;
			}
			apply(m, &who, flags & ~UI_ANIMATE);
		}
	}
	if (ui_status_line_expire(&m->status, now))
		status_changed(m);
}

/** Milliseconds poll may sleep: until the next tick or status expiry, or -1. */
static int poll_timeout(const ui_screen_manager *m)
{
	int64_t now = ui_term_now_ms(), t = -1, left;

	if (m->animating)
		t = m->next_tick > now ? m->next_tick - now : 0;
	if (m->status.text[0] && m->status.expires_ms) {
		left = m->status.expires_ms > now ? m->status.expires_ms - now : 0;
		if (t < 0 || left < t)
			t = left;
	}
	return t > 60000 ? 60000 : (int)t;
}

ui_run_result ui_screen_manager_run(ui_screen_manager *m)
{
	struct pollfd fds[3];
	char buf[64];
	int nfds, r, keys;
	ssize_t got;

	m->done = false;
	m->empty_reads = 0;
	m->pending |= UI_RELAYOUT | UI_REDRAW;
	for (;;) {
		if (m->done)
			return m->result;
		if (m->depth == 0)
			return UI_RUN_EMPTY;
		if (m->pending & UI_RELAYOUT)
			do_layout(m);
		if (m->pending & UI_REDRAW)
			do_draw(m);
		nfds = 0;
		fds[nfds++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		if (m->signal_fd >= 0)
			fds[nfds++] = (struct pollfd){ .fd = m->signal_fd, .events = POLLIN };
		if (m->jobs)
			fds[nfds++] = (struct pollfd){ .fd = ds_jobs_wake_fd(m->jobs), .events = POLLIN };
		r = poll(fds, (nfds_t)nfds, poll_timeout(m));
		if (r < 0 && errno != EINTR)
			return UI_RUN_ERROR;
		if (r > 0 && m->signal_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP))) {
			got = read(m->signal_fd, buf, sizeof buf);
			(void)got;
			return UI_RUN_SIGNAL;
		}
		if (r > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			return UI_RUN_ERROR;
		/* Always drain: after EINTR (SIGWINCH) curses has a KEY_RESIZE. */
		keys = drain_keys(m);
		if (r > 0 && (fds[0].revents & POLLIN) && keys == 0) {
			if (++m->empty_reads > EMPTY_READS_MAX)
				return UI_RUN_ERROR;
		} else if (keys > 0) {
			m->empty_reads = 0;
		}
		drain_events(m);
		do_timers(m);
	}
}
