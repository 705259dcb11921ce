/* Text measurement: UTF-8 code points and the columns they take on the terminal. */
#include "ui/toolkit/ui_text.h"

#include <langinfo.h>
#include <string.h>

#include "app/base/utf8.h"
#include "ui/toolkit/ui_charset.h"

bool ui_text_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

size_t ui_text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	return ds_utf8_decode(s, len, cp);
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
	const char *ascii = ui_charset_fallback(cp);

	if (ascii)
		return (int)strlen(ascii);
	return wcwidth((wchar_t)cp);
}

size_t ui_text_next(const char *s, size_t len, wchar_t *wc)
{
	uint32_t cp;
	size_t n = ui_text_utf8_decode(s, len, &cp);

	if (n == 0) {
		*wc = L'\0';
		return 0;
	}
	/* An invalid byte (not a literal U+FFFD) shows as '?'. */
	*wc = cp == 0xfffd && n == 1 ? L'?' : (wchar_t)cp;
	return n;
}

int ui_text_wc_width(wchar_t wc)
{
	return ui_text_cp_width((uint32_t)wc);
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
