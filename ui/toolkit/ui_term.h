/* The terminal: starting and stopping curses, colour or monochrome, the
 * glyph set (Unicode or ASCII, from the locale) and a monotonic clock.
 * The caller sets the locale (ds_i18n_init) before ui_term_start. */
#ifndef UI_TERM_H
#define UI_TERM_H

#include <stdbool.h>
#include <stdint.h>

/** Glyphs for drawing, each a NUL-terminated string one column wide in the
 *  locale's charset: Unicode in a UTF-8 locale, plain ASCII otherwise. */
typedef struct ui_glyphs {
	const char *hline, *vline;        /**< box edges */
	const char *tl, *tr, *bl, *br;    /**< box corners */
	const char *bar_full;             /**< a full progress cell */
	const char *bar_empty;            /**< an empty progress cell */
	const char *bar_part[8];          /**< progress eighths 0..7 (ASCII: "" for all) */
	const char *thumb, *track;        /**< scrollbar */
	const char *check;                /**< mark inside a ticked checkbox */
	const char *mask;                 /**< one hidden character of a secret */
	const char *pointer;              /**< marks the focused widget / selected row */
	const char *ellipsis;             /**< ends a clipped string */
	const char *ok, *warn, *fail;     /**< status marks */
} ui_glyphs;

/** Starts curses on the terminal (cbreak, noecho, nonl, keypad, nodelay,
 *  no intrflush, ESCDELAY 25, hidden cursor), chooses colour or monochrome
 *  and the theme, and registers ui_term_stop with atexit; after a stop it
 *  resumes the same screen. 0, or -1 when the terminal cannot be
 *  initialised (nothing to undo then). */
int ui_term_start(void);
/** Restores the terminal; only the first call after a start calls endwin.
 *  Safe from an atexit handler and from a signal handler path. */
void ui_term_stop(void);
/** True when the locale's character set is UTF-8 (Unicode glyphs are safe). */
bool ui_term_utf8(void);
/** The glyph set for the current locale. */
const ui_glyphs *ui_term_glyphs(void);
/** Milliseconds of a monotonic clock, for deadlines, ticks and expiries. */
int64_t ui_term_now_ms(void);

#endif
