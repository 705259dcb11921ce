/* Text measurement without a terminal. All text in the wizard is UTF-8
 * (edit buffers, site data and translated messages alike); columns are
 * counted as the terminal shows it, with the ASCII stand-ins of
 * ui/toolkit/ui_charset.h where the locale's charset lacks a character. Never calls
 * curses. */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/** True when the current locale's character set is UTF-8. */
bool ui_text_locale_utf8(void);

/** Decodes the UTF-8 code point at s (at most len bytes) into *cp and returns
 *  its length in bytes (1..4); an invalid byte yields U+FFFD and length 1;
 *  returns 0 when len is 0. */
size_t ui_text_utf8_decode(const char *s, size_t len, uint32_t *cp);
/** Length in bytes of cp encoded as UTF-8, 0 if cp is not a scalar value. */
size_t ui_text_utf8_len(uint32_t cp);
/** Encodes cp as UTF-8 into out (room for 4 bytes); returns its length, 0 if invalid. */
size_t ui_text_utf8_encode(uint32_t cp, char *out);
/** Number of code points in a NUL-terminated UTF-8 string. */
size_t ui_text_utf8_count(const char *s);
/** Display columns of a code point as drawn: 0 combining, 2 wide, 1
 *  otherwise; the length of its ASCII stand-in when the terminal cannot
 *  show it (an unprintable one is a one-column '?'). */
int ui_text_cp_width(uint32_t cp);

/** Decodes the next character of the UTF-8 string s (at most len bytes) into
 *  *wc (its code point) and returns the bytes used; an invalid byte gives
 *  L'?' and 1. */
size_t ui_text_next(const char *s, size_t len, wchar_t *wc);
/** Display columns of a wide character (a code point) as drawn, as
 *  ui_text_cp_width. */
int ui_text_wc_width(wchar_t wc);
/** Display columns of a UTF-8 string as drawn. */
int ui_text_width(const char *s);
/** Bytes of the longest prefix of s (at most len bytes) that fits in cols
 *  columns; *used (may be NULL) gets the columns it takes. */
size_t ui_text_fit(const char *s, size_t len, int cols, int *used);
/** Appends s to out (size bytes in all, NUL-terminated) cut to whole
 *  characters that fit in cols display columns and padded with spaces to
 *  exactly cols columns, for aligned table columns in any language. */
void ui_text_pad(char *out, size_t size, const char *s, int cols);
/** Wraps at width columns: returns the bytes of the line that starts at s
 *  (breaking after the last space that fits, hard-breaking a longer word,
 *  always at '\n'), trailing spaces excluded; *next gets the offset of the
 *  following line (strlen(s) when this is the last). */
size_t ui_text_wrap_line(const char *s, int width, size_t *next);
/** Number of lines s takes when wrapped at width columns (at least 1). */
int ui_text_wrap_count(const char *s, int width);
/** Width in columns of the widest wrapped line of s at width columns. */
int ui_text_wrap_width(const char *s, int width);

#endif
