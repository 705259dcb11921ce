/* UTF-8 inside, the locale's charset at the edges. doorstep keeps all text
 * in UTF-8 (translations, site files, plugin data); a terminal in another
 * charset (ISO-8859-1, ASCII) gets it converted where it is printed, and
 * what such a terminal types is converted to UTF-8 where it is read. In a
 * UTF-8 locale every function here passes text through unchanged. */
#ifndef DS_I18N_CHARSET_H
#define DS_I18N_CHARSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** fprintf for UTF-8 text: writes it to f in the locale's charset
 *  (transliterated where the charset lacks a character, else '?'), made
 *  safe to show as ds_safe_text (multi-line). */
void ds_i18n_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** For the command line outside a UTF-8 locale: replaces stderr, and stdout
 *  unless keep_stdout (a JSON document stays UTF-8), with streams that
 *  convert the UTF-8 written to them into the locale's charset. */
void ds_i18n_local_output(bool keep_stdout);

/** Converts len bytes of text typed in the locale's charset to UTF-8 in out
 *  (size bytes, NUL-terminated; secure memory for a secret). Returns the
 *  length, or -1 when it does not fit or is not text in that charset. */
long ds_i18n_input_utf8(const char *in, size_t len, char *out, size_t size);

#endif
