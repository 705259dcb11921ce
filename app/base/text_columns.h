/* Columns of UTF-8 text in a terminal, for aligned tables in command output:
 * printf's "%-20s" counts bytes, so "Cámara" would come out one column short. */
#ifndef DS_TEXT_COLUMNS_H
#define DS_TEXT_COLUMNS_H

#include <stddef.h>

/** Terminal columns the UTF-8 string s takes (wide characters 2, combining
 *  0, anything unknown or invalid 1). */
int ds_text_columns(const char *s);
/** s followed by spaces up to cols columns (never cut), in buf (size bytes;
 *  a longer result is cut to fit). Returns buf. */
const char *ds_text_pad(char *buf, size_t size, const char *s, int cols);

#endif
