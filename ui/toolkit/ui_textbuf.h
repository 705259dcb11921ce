/* The edit buffer behind a text field: UTF-8 text with a cursor, a maximum
 * length in code points, and optionally secure memory (for secrets). No
 * curses here, so the editing logic is tested without a terminal.
 *
 * The buffer is allocated once at its full size (max code points * 4 + 1
 * bytes) and never reallocated, so a secret is never copied elsewhere;
 * bytes freed by a deletion are wiped at once. */
#ifndef UI_TEXTBUF_H
#define UI_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** An edit buffer (opaque). */
typedef struct ui_textbuf ui_textbuf;

/** Result of an insertion. */
typedef enum ui_textbuf_status {
	UI_TEXTBUF_OK = 0,      /**< inserted */
	UI_TEXTBUF_FULL = 1,    /**< the maximum length is reached; nothing changed */
	UI_TEXTBUF_INVALID = 2, /**< a control character or not a Unicode scalar; nothing changed */
} ui_textbuf_status;

/** Longest buffer allowed, in code points. */
#define UI_TEXTBUF_MAX 4096

/** Creates an empty buffer for at most max_cp code points (0: 256; capped at
 *  UI_TEXTBUF_MAX), in ds_secret_alloc memory when secure. NULL on failure. */
ui_textbuf *ui_textbuf_new(size_t max_cp, bool secure);
/** Wipes and frees a buffer; NULL is fine. */
void ui_textbuf_free(ui_textbuf *tb);

/** The text, NUL-terminated UTF-8 (in secure memory for a secure buffer). */
const char *ui_textbuf_text(const ui_textbuf *tb);
/** Length of the text in bytes. */
size_t ui_textbuf_len(const ui_textbuf *tb);
/** Length of the text in code points. */
size_t ui_textbuf_count(const ui_textbuf *tb);
/** Maximum length in code points. */
size_t ui_textbuf_max(const ui_textbuf *tb);
/** Cursor position in code points (0..count). */
size_t ui_textbuf_cursor(const ui_textbuf *tb);
/** True for a buffer in secure memory. */
bool ui_textbuf_secure(const ui_textbuf *tb);

/** Inserts code point cp at the cursor and moves the cursor after it. */
ui_textbuf_status ui_textbuf_insert(ui_textbuf *tb, uint32_t cp);
/** Inserts UTF-8 text at the cursor (control characters skipped, invalid bytes
 *  become U+FFFD) until full; returns UI_TEXTBUF_FULL if some was left out. */
ui_textbuf_status ui_textbuf_insert_str(ui_textbuf *tb, const char *s);
/** Replaces the whole text (the old one is wiped); cursor at the end. */
ui_textbuf_status ui_textbuf_set(ui_textbuf *tb, const char *s);
/** Wipes the text; cursor at 0. */
void ui_textbuf_clear(ui_textbuf *tb);
/** Deletes the code point before the cursor. true if something changed. */
bool ui_textbuf_backspace(ui_textbuf *tb);
/** Deletes the code point under the cursor. true if something changed. */
bool ui_textbuf_delete(ui_textbuf *tb);
/** Moves the cursor one code point left. true if it moved. */
bool ui_textbuf_left(ui_textbuf *tb);
/** Moves the cursor one code point right. true if it moved. */
bool ui_textbuf_right(ui_textbuf *tb);
/** Moves the cursor to the start. true if it moved. */
bool ui_textbuf_home(ui_textbuf *tb);
/** Moves the cursor to the end. true if it moved. */
bool ui_textbuf_end(ui_textbuf *tb);
/** Moves the cursor to code point index pos (clamped). */
void ui_textbuf_move_to(ui_textbuf *tb, size_t pos);

/** Byte offset of code point index pos (clamped to the end). */
size_t ui_textbuf_offset(const ui_textbuf *tb, size_t pos);
/** Horizontal scrolling: the first code point to show in a box of cols
 *  columns so that the cursor stays visible, given the previous first one;
 *  masked counts one column per code point. */
size_t ui_textbuf_scroll(const ui_textbuf *tb, size_t first, int cols, bool masked);

#endif
