/* What the terminal's character set can show, and the ASCII drawn instead.
 * The wizard keeps all text in UTF-8 (translations included, see
 * ds_i18n_text_utf8); only drawing meets the locale's charset, which may be
 * ISO-8859-1 or plain ASCII. Never calls curses. */
#ifndef UI_CHARSET_H
#define UI_CHARSET_H

#include <stdint.h>

/** NULL when the terminal shows the code point cp as itself; else the
 *  ASCII text drawn in its place ("..." for an ellipsis, '"' for typographic
 *  quotes, "?" for anything without a stand-in, unprintable, or unsafe by
 *  ds_safe_text_unsafe: controls and bidi controls). */
const char *ui_charset_fallback(uint32_t cp);

#endif
