/* Text from outside (a device, a scanned code, a plugin, the network) made
 * safe to show. Such text may hold terminal escape sequences, bidi
 * overrides that reorder what is shown, or bytes that are not UTF-8; none of
 * it may reach a terminal as itself. The one rule of which code points are
 * unsafe lives here, for the command line and the wizard alike.
 *
 * Stand-ins, all visible and readable:
 *   C0 controls and DEL   caret notation, as "cat -v": ESC "^[", BEL "^G",
 *                         tab "^I", newline "^J" (kept in multi-line text),
 *                         DEL "^?"
 *   C1 controls (U+0080..U+009F) and bidi controls (U+061C, U+200E, U+200F,
 *   U+202A..U+202E, U+2066..U+2069)
 *                         "<U+009B>", "<U+202E>"
 *   a byte that is not UTF-8 (also overlong forms, surrogates, a cut-off
 *   sequence)           U+FFFD, the replacement character ('?' where the
 *                         terminal's charset lacks it)
 * Every stand-in but U+FFFD is ASCII, so it survives any terminal charset. */
#ifndef DS_SAFE_TEXT_H
#define DS_SAFE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** Flags of the functions below. */
enum ds_safe_text_flags {
	DS_SAFE_TEXT_LINE = 0,      /**< one line: every control, '\n' too, becomes a stand-in */
	DS_SAFE_TEXT_MULTILINE = 1, /**< text of several lines: '\n' stays */
	DS_SAFE_TEXT_UTF8 = 2,      /**< only make it valid UTF-8 (for JSON, which escapes the rest) */
};

/** Room for the longest stand-in and its NUL ("<U+202E>"). */
#define DS_SAFE_TEXT_STAND_IN_MAX 9

/** True when the code point cp must not reach a terminal as itself: a C0
 *  control, DEL, a C1 control or a bidi control. */
bool ds_safe_text_unsafe(uint32_t cp);

/** Writes the visible stand-in of the unsafe code point cp into out (room
 *  for DS_SAFE_TEXT_STAND_IN_MAX bytes, NUL-terminated). Returns its length. */
size_t ds_safe_text_stand_in(uint32_t cp, char *out);

/** Copies len bytes of s into out (size bytes, NUL-terminated; a longer
 *  result is cut before the stand-in or character that does not fit), every
 *  unsafe code point as its stand-in and every byte that is not UTF-8 as
 *  U+FFFD; flags are enum ds_safe_text_flags. Returns out. */
const char *ds_safe_text(char *out, size_t size, const char *s, size_t len, unsigned flags);

/** The NUL-terminated s made safe as one line (ds_safe_text) in out (size
 *  bytes), for a field printed within a line of its own. Returns out. */
const char *ds_safe_line(char *out, size_t size, const char *s);

/** Writes len bytes of s to f made safe as ds_safe_text. Returns 0, or -1
 *  when writing failed. */
int ds_safe_text_write(FILE *f, const char *s, size_t len, unsigned flags);

/** True when the len bytes at s are the start of a UTF-8 sequence that needs
 *  more bytes (a character cut off at the end of a buffer). */
bool ds_safe_text_incomplete(const char *s, size_t len);

/** A stream that writes everything given to it to next made safe as
 *  ds_safe_text (a character split between two writes is put together
 *  first), so no caller can forget; NULL on failure. Writing it flushes next.
 *  Closing it does not close next. */
FILE *ds_safe_text_stream(FILE *next, unsigned flags);

/** The stream under f when f came from ds_safe_text_stream, else f: for
 *  output doorstep makes itself that must reach the terminal as it is (the
 *  colours of a QR code drawn in the terminal). Flush f before writing it. */
FILE *ds_safe_text_raw(FILE *f);

#endif
