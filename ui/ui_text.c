/* Text measurement: UTF-8 code points and locale-aware display columns. */
#include "ui/ui_text.h"

#include <langinfo.h>
#include <string.h>

bool ui_text_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/** True for a UTF-8 continuation byte (10xxxxxx). */
static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t ui_text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i;
	uint32_t v, min;

	if (len == 0) {
		*cp = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		n = 2, v = u[0] & 0x1f, min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 3, v = u[0] & 0x0f, min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 4, v = u[0] & 0x07, min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (n > len) {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if (!is_cont(u[i])) {
			*cp = 0xfffd;
			return 1;
		}
		v = (v << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = v;
	return n;
}

size_t ui_text_utf8_len(uint32_t cp)
{
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x80)
		return 1;
	if (cp < 0x800)
		return 2;
	if (cp < 0x10000)
		return 3;
	if (cp <= 0x10ffff)
		return 4;
	return 0;
}

size_t ui_text_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *u = (unsigned char *)out;
	size_t n = ui_text_utf8_len(cp);

	switch (n) {
	case 1:
		u[0] = (unsigned char)cp;
		break;
	case 2:
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		break;
	case 3:
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		break;
	case 4:
		u[0] = (unsigned char)(0xf0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		break;
	default:
		break;
	}
	return n;
}

size_t ui_text_utf8_count(const char *s)
{
	size_t len = strlen(s), off = 0, count = 0;
	uint32_t cp;

	while (off < len) {
		off += ui_text_utf8_decode(s + off, len - off, &cp);
		count++;
	}
	return count;
}

int ui_text_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 1;
	if (cp >= 0x80 && !ui_text_locale_utf8())
		return 1; /* drawn as '?' outside a UTF-8 locale */
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

size_t ui_text_next(const char *s, size_t len, wchar_t *wc)
{
	mbstate_t st;
	size_t n;

	if (len == 0) {
		*wc = L'\0';
		return 0;
	}
	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2) {
		*wc = L'?';
		return 1;
	}
	if (n == 0) /* an embedded NUL */
		return 1;
	return n;
}

int ui_text_wc_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

int ui_text_width(const char *s)
{
	int used = 0;

	ui_text_fit(s, strlen(s), 1 << 30, &used);
	return used;
}

size_t ui_text_fit(const char *s, size_t len, int cols, int *used)
{
	size_t off = 0, n;
	int width = 0, w;
	wchar_t wc;

	while (off < len) {
		n = ui_text_next(s + off, len - off, &wc);
		w = ui_text_wc_width(wc);
		if (width + w > cols)
			break;
		width += w;
		off += n;
	}
	if (used)
		*used = width;
	return off;
}

size_t ui_text_wrap_line(const char *s, int width, size_t *next)
{
	size_t len = strlen(s), off = 0, n, brk = 0, end;
	int cols = 0, w;
	bool have_brk = false;
	wchar_t wc;

	if (width < 1)
		width = 1;
	while (off < len) {
		if (s[off] == '\n') {
			*next = off + 1;
			end = off;
			while (end > 0 && s[end - 1] == ' ')
				end--;
			return end;
		}
		n = ui_text_next(s + off, len - off, &wc);
		w = ui_text_wc_width(wc);
		if (s[off] == ' ') {
			brk = off;
			have_brk = true;
		}
		if (cols + w > width) {
			if (s[off] == ' ' || !have_brk || brk == 0) {
				/* Break here: at this space, or hard inside a long word. */
				end = off;
				if (end == 0) /* a character wider than the line */
					end = off + n;
			} else {
				end = brk;
			}
			*next = end;
			while (*next < len && s[*next] == ' ')
				(*next)++;
			if (*next < len && s[*next] == '\n')
				(*next)++;
			while (end > 0 && s[end - 1] == ' ')
				end--;
			return end;
		}
		cols += w;
		off += n;
	}
	*next = len;
	end = len;
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

int ui_text_wrap_count(const char *s, int width)
{
	size_t next;
	int lines = 0;

	do {
		ui_text_wrap_line(s, width, &next);
		lines++;
		s += next;
	} while (*s);
	return lines;
}

int ui_text_wrap_width(const char *s, int width)
{
	size_t next, n;
	int widest = 0, used;

	do {
		n = ui_text_wrap_line(s, width, &next);
		ui_text_fit(s, n, 1 << 30, &used);
		if (used > widest)
			widest = used;
		s += next;
	} while (*s);
	return widest;
}

void ui_text_pad(char *out, size_t size, const char *s, int cols)
{
	size_t at = strlen(out);
	int used = 0;
	size_t n = ui_text_fit(s, strlen(s), cols, &used);

	if (at + n + (size_t)(cols - used) + 1 > size)
		n = size > at + 1 ? size - at - 1 : 0;
	memcpy(out + at, s, n);
	at += n;
	for (; used < cols && at + 1 < size; used++)
		out[at++] = ' ';
	out[at] = '\0';
}
