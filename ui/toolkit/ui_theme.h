/* Named roles for everything drawn, mapped once at start to attributes:
 * colour pairs with attributes, or attributes alone on a monochrome
 * terminal (or with NO_COLOR). Widgets ask for a role, never a colour. */
#ifndef UI_THEME_H
#define UI_THEME_H

#include <curses.h>
#include <stdbool.h>

/** What a piece of text is. */
typedef enum ui_role {
	UI_ROLE_NORMAL = 0, /**< ordinary text */
	UI_ROLE_TITLE,      /**< screen and dialog titles */
	UI_ROLE_SELECTED,   /**< the selected row of a focused list */
	UI_ROLE_DIM,        /**< hints, secondary text */
	UI_ROLE_KEY,        /**< key names (function bar, help) */
	UI_ROLE_OK,         /**< success */
	UI_ROLE_WARN,       /**< warning */
	UI_ROLE_FAIL,       /**< failure, validation messages */
	UI_ROLE_BANNER,     /**< the persistent banner line */
	UI_ROLE_INPUT,      /**< an unfocused input box */
	UI_ROLE_FOCUS,      /**< the focused widget */
	UI_ROLE_BAR,        /**< function bar actions */
	UI_ROLE_QR,         /**< QR codes: light modules white on black, whatever the terminal's theme */
	UI_ROLE_COUNT
} ui_role;

/** Chooses the attributes of every role (ui_term_start calls it). */
void ui_theme_init(bool color);
/** The attributes (colour pair | attributes) of a role; A_NORMAL before init. */
attr_t ui_theme_attr(ui_role role);

#endif
