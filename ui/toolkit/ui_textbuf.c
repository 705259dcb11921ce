/* UTF-8 edit buffer with a cursor, optionally in secure memory. */
#include "ui/toolkit/ui_textbuf.h"

#include <stdlib.h>
#include <string.h>

#include "app/base/secret.h"
#include "ui/toolkit/ui_text.h"

struct ui_textbuf {
	char *buf;      /* cap bytes, NUL-terminated text */
	size_t cap;     /* max_cp * 4 + 1 */
	size_t max_cp;
	size_t len;     /* bytes */
	size_t count;   /* code points */
	size_t cur;     /* cursor, bytes */
	size_t cur_cp;  /* cursor, code points */
	bool secure;
};

ui_textbuf *ui_textbuf_new(size_t max_cp, bool secure)
{
	ui_textbuf *tb = calloc(1, sizeof *tb);

	if (!tb)
		return NULL;
	if (max_cp == 0)
		max_cp = 256;
	if (max_cp > UI_TEXTBUF_MAX)
		max_cp = UI_TEXTBUF_MAX;
	tb->max_cp = max_cp;
	tb->cap = max_cp * 4 + 1;
	tb->secure = secure;
	tb->buf = secure ? ds_secret_alloc(tb->cap) : calloc(1, tb->cap);
	if (!tb->buf) {
		free(tb);
		return NULL;
	}
	return tb;
}

/** Zeroes n bytes at p (a wipe the compiler keeps for secure buffers). */
static void wipe(const ui_textbuf *tb, char *p, size_t n)
{
	if (tb->secure)
		ds_secret_wipe(p, n);
	else
		memset(p, 0, n);
}

void ui_textbuf_free(ui_textbuf *tb)
{
	if (!tb)
		return;
	if (tb->secure) {
		ds_secret_free(tb->buf); /* wipes */
	} else {
		memset(tb->buf, 0, tb->cap);
		free(tb->buf);
	}
	free(tb);
}

const char *ui_textbuf_text(const ui_textbuf *tb)
{
	return tb->buf;
}

size_t ui_textbuf_len(const ui_textbuf *tb)
{
	return tb->len;
}

size_t ui_textbuf_count(const ui_textbuf *tb)
{
	return tb->count;
}

size_t ui_textbuf_max(const ui_textbuf *tb)
{
	return tb->max_cp;
}

size_t ui_textbuf_cursor(const ui_textbuf *tb)
{
	return tb->cur_cp;
}

bool ui_textbuf_secure(const ui_textbuf *tb)
{
	return tb->secure;
}

/** True for a code point a field accepts (no controls, no surrogates). */
static bool acceptable(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return false;
	return ui_text_utf8_len(cp) != 0;
}

ui_textbuf_status ui_textbuf_insert(ui_textbuf *tb, uint32_t cp)
{
	size_t n;

	if (!acceptable(cp))
		return UI_TEXTBUF_INVALID;
	if (tb->count >= tb->max_cp)
		return UI_TEXTBUF_FULL;
	n = ui_text_utf8_len(cp);
	/* Open a gap in place and encode straight into it: no temporary copy. */
	memmove(tb->buf + tb->cur + n, tb->buf + tb->cur, tb->len - tb->cur + 1);
	ui_text_utf8_encode(cp, tb->buf + tb->cur);
	tb->len += n;
	tb->cur += n;
	tb->count++;
	tb->cur_cp++;
	return UI_TEXTBUF_OK;
}

ui_textbuf_status ui_textbuf_insert_str(ui_textbuf *tb, const char *s)
{
	size_t len = strlen(s), off = 0;
	uint32_t cp;

	while (off < len) {
		off += ui_text_utf8_decode(s + off, len - off, &cp);
		if (ui_textbuf_insert(tb, cp) == UI_TEXTBUF_FULL)
			return UI_TEXTBUF_FULL;
	}
	return UI_TEXTBUF_OK;
}

ui_textbuf_status ui_textbuf_set(ui_textbuf *tb, const char *s)
{
	ui_textbuf_clear(tb);
	return ui_textbuf_insert_str(tb, s);
}

void ui_textbuf_clear(ui_textbuf *tb)
{
	wipe(tb, tb->buf, tb->cap);
	tb->len = tb->count = tb->cur = tb->cur_cp = 0;
}

/** Byte offset of the code point that starts before off. */
static size_t prev_offset(const ui_textbuf *tb, size_t off)
{
	size_t start = off, back, n;
	uint32_t cp;

	if (off == 0)
		return 0;
	/* Step back over up to 3 continuation bytes, then check that the lead
	 * byte really decodes to a sequence ending at off. */
	for (back = 1; back <= 4 && back <= off; back++) {
		start = off - back;
		if (((unsigned char)tb->buf[start] & 0xc0) != 0x80)
			break;
	}
	n = ui_text_utf8_decode(tb->buf + start, tb->len - start, &cp);
	return start + n == off ? start : off - 1;
}

/** Removes the bytes [from, to) and wipes the freed tail. */
static void cut(ui_textbuf *tb, size_t from, size_t to)
{
	size_t n = to - from;

	memmove(tb->buf + from, tb->buf + to, tb->len - to + 1);
	tb->len -= n;
	wipe(tb, tb->buf + tb->len + 1, n);
	tb->count--;
}

bool ui_textbuf_backspace(ui_textbuf *tb)
{
	size_t prev;

	if (tb->cur == 0)
		return false;
	prev = prev_offset(tb, tb->cur);
	cut(tb, prev, tb->cur);
	tb->cur = prev;
	tb->cur_cp--;
	return true;
}

bool ui_textbuf_delete(ui_textbuf *tb)
{
	uint32_t cp;
	size_t n;

	if (tb->cur >= tb->len)
		return false;
	n = ui_text_utf8_decode(tb->buf + tb->cur, tb->len - tb->cur, &cp);
	cut(tb, tb->cur, tb->cur + n);
	return true;
}

bool ui_textbuf_left(ui_textbuf *tb)
{
	if (tb->cur == 0)
		return false;
	tb->cur = prev_offset(tb, tb->cur);
	tb->cur_cp--;
	return true;
}

bool ui_textbuf_right(ui_textbuf *tb)
{
	uint32_t cp;

	if (tb->cur >= tb->len)
		return false;
	tb->cur += ui_text_utf8_decode(tb->buf + tb->cur, tb->len - tb->cur, &cp);
	tb->cur_cp++;
	return true;
}

bool ui_textbuf_home(ui_textbuf *tb)
{
	bool moved = tb->cur != 0;

	tb->cur = tb->cur_cp = 0;
	return moved;
}

bool ui_textbuf_end(ui_textbuf *tb)
{
	bool moved = tb->cur != tb->len;

	tb->cur = tb->len;
	tb->cur_cp = tb->count;
	return moved;
}

size_t ui_textbuf_offset(const ui_textbuf *tb, size_t pos)
{
	size_t off = 0, i;
	uint32_t cp;

	for (i = 0; i < pos && off < tb->len; i++)
		off += ui_text_utf8_decode(tb->buf + off, tb->len - off, &cp);
	return off;
}

void ui_textbuf_move_to(ui_textbuf *tb, size_t pos)
{
	if (pos > tb->count)
		pos = tb->count;
	tb->cur = ui_textbuf_offset(tb, pos);
	tb->cur_cp = pos;
}

/** Columns of the code point at byte offset off (1 past the end: the cursor cell). */
static int width_at(const ui_textbuf *tb, size_t off, bool masked, size_t *n)
{
	uint32_t cp;

	if (off >= tb->len) {
		*n = 0;
		return 1;
	}
	*n = ui_text_utf8_decode(tb->buf + off, tb->len - off, &cp);
	return masked ? 1 : ui_text_cp_width(cp);
}

size_t ui_textbuf_scroll(const ui_textbuf *tb, size_t first, int cols, bool masked)
{
	size_t off, first_off, n, back;
	int used = 0, w, cursor_w;

	if (cols < 1)
		cols = 1;
	if (first > tb->cur_cp)
		first = tb->cur_cp;
	first_off = ui_textbuf_offset(tb, first);
	/* Columns from the first shown code point up to the cursor. */
	for (off = first_off; off < tb->cur;) {
		used += width_at(tb, off, masked, &n);
		off += n;
	}
	cursor_w = width_at(tb, tb->cur, masked, &n);
	while (first < tb->cur_cp && used + cursor_w > cols) {
		used -= width_at(tb, first_off, masked, &n);
		first_off += n;
		first++;
	}
	/* Pull earlier text back into view while everything after it still fits
	 * (after a deletion near the right edge). */
	for (off = tb->cur; off < tb->len;) {
		used += width_at(tb, off, masked, &n);
		off += n;
	}
	if (tb->cur >= tb->len)
		used += 1; /* the cursor cell after the text */
	while (first > 0) {
		back = prev_offset(tb, first_off);
		w = width_at(tb, back, masked, &n);
		if (used + w > cols)
			break;
		used += w;
		first_off = back;
		first--;
	}
	return first;
}
