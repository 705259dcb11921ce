/* Modal dialogs: message, confirmation, progress. */
#include "ui/toolkit/ui_dialog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "app/base/i18n.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_key.h"
#include "ui/toolkit/ui_progress.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"

/** The three kinds of dialog. */
typedef enum dialog_kind { KIND_MESSAGE, KIND_CONFIRM, KIND_PROGRESS } dialog_kind;

struct ui_dialog {
	bool open;
	dialog_kind kind;
	char title[160];
	char text[1024];
	bool yes_selected;   /* confirm */
	char yes[64], no[64]; /* confirm: the buttons' words ("": Yes and No) */
	bool cancellable;    /* progress */
	bool cancelling;
	unsigned permille;
	int64_t deadline_ms;
	int shown_secs;      /* countdown value drawn last */
	ui_rect area;
};

ui_dialog *ui_dialog_new(void)
{
	return calloc(1, sizeof(ui_dialog));
}

void ui_dialog_free(ui_dialog *d)
{
	free(d);
}

/** Opens d as kind with a title and text. */
static void open_as(ui_dialog *d, dialog_kind kind, const char *title, const char *text)
{
	d->open = true;
	d->kind = kind;
	snprintf(d->title, sizeof d->title, "%s", title ? title : "");
	snprintf(d->text, sizeof d->text, "%s", text ? text : "");
	d->yes_selected = false;
	d->yes[0] = d->no[0] = '\0';
	d->cancellable = false;
	d->cancelling = false;
	d->permille = 0;
	d->deadline_ms = 0;
	d->shown_secs = -1;
}

void ui_dialog_open_message(ui_dialog *d, const char *title, const char *text)
{
	open_as(d, KIND_MESSAGE, title, text);
}

void ui_dialog_open_confirm(ui_dialog *d, const char *title, const char *question)
{
	open_as(d, KIND_CONFIRM, title, question);
}

void ui_dialog_open_choice(ui_dialog *d, const char *title, const char *question, const char *yes, const char *no)
{
	open_as(d, KIND_CONFIRM, title, question);
	snprintf(d->yes, sizeof d->yes, "%s", yes ? yes : "");
	snprintf(d->no, sizeof d->no, "%s", no ? no : "");
}

/** The words of a confirmation's yes (or no) button. */
static const char *button_word(const ui_dialog *d, bool yes)
{
	if (yes)
		return d->yes[0] ? d->yes : _("Yes");
	return d->no[0] ? d->no : _("No");
}

void ui_dialog_open_progress(ui_dialog *d, const char *title, const char *message,
			     bool cancellable)
{
	open_as(d, KIND_PROGRESS, title, message);
	d->cancellable = cancellable;
}

void ui_dialog_progress_set(ui_dialog *d, unsigned permille, const char *message,
			    int64_t deadline_ms)
{
	d->permille = permille > 1000 ? 1000 : permille;
	if (message)
		snprintf(d->text, sizeof d->text, "%s", message);
	d->deadline_ms = deadline_ms;
}

void ui_dialog_close(ui_dialog *d)
{
	d->open = false;
}

bool ui_dialog_is_open(const ui_dialog *d)
{
	return d->open;
}

void ui_dialog_layout(ui_dialog *d, ui_rect area)
{
	d->area = area;
}

/** Seconds left until the deadline (rounded up), -1 without one. */
static int secs_left(const ui_dialog *d, int64_t now_ms)
{
	int64_t left;

	if (d->deadline_ms == 0)
		return -1;
	left = d->deadline_ms - now_ms;
	return left <= 0 ? 0 : (int)((left + 999) / 1000);
}

/** Columns the two buttons of a confirmation take. */
static int buttons_width(const ui_dialog *d)
{
	return ui_text_width(button_word(d, true)) + 4 + 3 + ui_text_width(button_word(d, false)) + 4;
}

/** Columns inside the frame: fits the text, title and buttons, within the area. */
static int inner_width(const ui_dialog *d)
{
	int max = d->area.w - 6, want;

	if (max > 64)
		max = 64;
	if (d->kind == KIND_PROGRESS)
		return max;
	want = ui_text_width(d->text);
	if (ui_text_width(d->title) + 4 > want)
		want = ui_text_width(d->title) + 4;
	if (d->kind == KIND_CONFIRM && buttons_width(d) > want)
		want = buttons_width(d);
	if (want < 30)
		want = 30;
	return want < max ? want : max;
}

/** Draws one button label at (y, x); the selected one is marked. Returns its width. */
static int draw_button(WINDOW *win, int y, int x, const char *label, bool selected)
{
	char buf[128];
	attr_t attr = ui_theme_attr(selected ? UI_ROLE_FOCUS : UI_ROLE_NORMAL);

	snprintf(buf, sizeof buf, "[ %s ]", label);
	if (selected)
		ui_draw_text(win, y, x - 1, 1, ui_theme_attr(UI_ROLE_KEY), ui_term_glyphs()->pointer);
	return ui_draw_text(win, y, x, ui_text_width(buf), attr, buf);
}

/** The buttons row of a message or confirmation, centred in width at (y, x). */
static void draw_buttons(const ui_dialog *d, WINDOW *win, int y, int x, int width)
{
	const char *yes = button_word(d, true), *no = button_word(d, false), *ok = _("OK");
	int w;

	if (d->kind == KIND_MESSAGE) {
		w = ui_text_width(ok) + 4;
		draw_button(win, y, x + (width - w) / 2, ok, true);
		return;
	}
	w = buttons_width(d);
	x += (width - w) / 2;
	x += draw_button(win, y, x, yes, d->yes_selected) + 3;
	draw_button(win, y, x, no, !d->yes_selected);
}

/** The bar, countdown and cancel hint of a progress dialog from row y. */
static void draw_progress(ui_dialog *d, WINDOW *win, int y, int x, int width)
{
	char buf[128];
	int secs = secs_left(d, ui_term_now_ms());
	const char *hint;

	ui_progress_draw(win, y, x, width, d->permille, ui_theme_attr(UI_ROLE_OK));
	d->shown_secs = secs;
	if (secs >= 0) {
		snprintf(buf, sizeof buf, P_("%d s left", "%d s left", secs), secs);
		ui_draw_text(win, y + 1, x, width / 2, ui_theme_attr(UI_ROLE_NORMAL), buf);
	}
	if (d->cancelling)
		hint = _("Cancelling...");
	else if (d->cancellable)
		hint = _("Esc: cancel");
	else
		return;
	ui_draw_text_right(win, y + 1, x + width / 2, width - width / 2,
			   ui_theme_attr(UI_ROLE_DIM), hint);
}

void ui_dialog_draw(ui_dialog *d, WINDOW *win)
{
	int iw, lines, h;
	ui_rect box, body;

	if (!d->open || d->area.w < 12 || d->area.h < 7)
		return;
	iw = inner_width(d);
	lines = ui_text_wrap_count(d->text, iw);
	if (lines > d->area.h - 7)
		lines = d->area.h - 7;
	if (lines < 1)
		lines = 1;
	/* frame, blank, text, blank, buttons or bar (+ countdown line), frame */
	h = lines + (d->kind == KIND_PROGRESS ? 6 : 5);
	box = ui_layout_center(d->area, h, iw + 4);
	ui_draw_fill(win, box, ui_theme_attr(UI_ROLE_NORMAL));
	ui_draw_box(win, box, ui_theme_attr(UI_ROLE_NORMAL), d->title);
	body = ui_layout_inset(box, 1, 2);
	ui_draw_wrapped(win, ui_rect_make(body.y + 1, body.x, lines, body.w),
			ui_theme_attr(UI_ROLE_NORMAL), d->text, false);
	if (d->kind == KIND_PROGRESS)
		draw_progress(d, win, body.y + lines + 2, body.x, body.w);
	else
		draw_buttons(d, win, body.y + lines + 2, body.x, body.w);
}

/** True when the character wch starts the translated word (case-insensitive). */
static bool is_initial(wint_t wch, const char *word)
{
	wchar_t first;

	if (!*word || ui_text_next(word, strlen(word), &first) == 0)
		return false;
	return towlower((wint_t)first) == towlower(wch);
}

/** Closes the dialog with result r. */
static int answer(ui_dialog *d, ui_dialog_result r, ui_dialog_result *result)
{
	d->open = false;
	if (result)
		*result = r;
	return UI_HANDLED | UI_REDRAW;
}

int ui_dialog_key(ui_dialog *d, int key, wint_t wch, bool is_function_key,
		  ui_dialog_result *result)
{
	bool esc = ui_key_is_char(key, is_function_key, UI_KEY_ESC);
	bool enter = ui_key_is_enter(key, is_function_key);

	if (result)
		*result = UI_DIALOG_NONE;
	if (!d->open)
		return UI_IGNORED;
	switch (d->kind) {
	case KIND_MESSAGE:
		if (esc || enter || ui_key_is_char(key, is_function_key, ' '))
			return answer(d, UI_DIALOG_OK, result);
		break;
	case KIND_CONFIRM:
		if (esc)
			return answer(d, UI_DIALOG_NO, result);
		if (enter)
			return answer(d, d->yes_selected ? UI_DIALOG_YES : UI_DIALOG_NO, result);
		if (!is_function_key && (wch == 'y' || wch == 'Y' || is_initial(wch, button_word(d, true))))
			return answer(d, UI_DIALOG_YES, result);
		if (!is_function_key && (wch == 'n' || wch == 'N' || is_initial(wch, button_word(d, false))))
			return answer(d, UI_DIALOG_NO, result);
		if (ui_key_is_fn(key, is_function_key, KEY_LEFT) ||
		    ui_key_is_fn(key, is_function_key, KEY_RIGHT) ||
		    ui_key_is_fn(key, is_function_key, KEY_BTAB) ||
		    ui_key_is_char(key, is_function_key, '\t')) {
			d->yes_selected = !d->yes_selected;
			return UI_HANDLED | UI_REDRAW;
		}
		break;
	case KIND_PROGRESS:
		if (esc && d->cancellable && !d->cancelling) {
			d->cancelling = true;
			if (result)
				*result = UI_DIALOG_CANCEL;
			return UI_HANDLED | UI_REDRAW;
		}
		break;
	}
	return UI_HANDLED; /* modal: nothing reaches the screen below */
}

bool ui_dialog_tick(ui_dialog *d, int64_t now_ms)
{
	if (!d->open || d->kind != KIND_PROGRESS)
		return false;
	return secs_left(d, now_ms) != d->shown_secs;
}
