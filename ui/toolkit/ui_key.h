/* Keys as the UI sees them, and the flags every handler returns.
 *
 * A key handler gets (key, wch, is_function_key) from wget_wch:
 *   - a function key (arrows, F1, KEY_RESIZE...): is_function_key is true,
 *     key is the KEY_* code and wch is 0;
 *   - a character: is_function_key is false, wch is the character and key
 *     is (int)wch. Test is_function_key before comparing key with KEY_*
 *     codes (a character such as U+0102 has the same value as KEY_DOWN).
 *
 * Handlers never draw: they change their state and return flags, and the
 * screen manager lays out and repaints once per wake-up (htop's model). */
#ifndef UI_KEY_H
#define UI_KEY_H

#include <curses.h>
#include <stdbool.h>

/** Flags returned by key, event and tick handlers; combine with '|'. */
enum ui_flags {
	UI_IGNORED = 0,         /**< not mine: the next handler (or the manager) may take it */
	UI_HANDLED = 1 << 0,    /**< consumed: the manager applies no global key */
	UI_REDRAW = 1 << 1,     /**< repaint (once per wake-up) */
	UI_RELAYOUT = 1 << 2,   /**< recompute layouts, then repaint */
	UI_ACTIVATE = 1 << 3,   /**< a widget was activated; its id is returned beside */
	UI_POP = 1 << 4,        /**< pop the screen that returned this */
	UI_QUIT = 1 << 5,       /**< leave the main loop now, without asking */
	UI_ASK_QUIT = 1 << 6,   /**< ask "Quit doorstep?" and leave if confirmed */
	UI_ANIMATE = 1 << 7,    /**< keep calling the screen's tick every UI_TICK_MS */
};

/** Period of the tick while a screen animates (spinners, countdowns). */
#define UI_TICK_MS 100
/** The Escape key as a character. */
#define UI_KEY_ESC 27
/** The character Ctrl+c produces for a letter c ('a'..'z'). */
#define UI_KEY_CTRL(c) ((c) & 0x1f)

/** True when the key is Enter (Return, keypad Enter or a pasted newline). */
static inline bool ui_key_is_enter(int key, bool is_function_key)
{
	if (is_function_key)
		return key == KEY_ENTER;
	return key == '\r' || key == '\n';
}

/** True when the key is the function key code (KEY_UP, KEY_F(1)...). */
static inline bool ui_key_is_fn(int key, bool is_function_key, int code)
{
	return is_function_key && key == code;
}

/** True when the key is the character ch. */
static inline bool ui_key_is_char(int key, bool is_function_key, int ch)
{
	return !is_function_key && key == ch;
}

#endif
