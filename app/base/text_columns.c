/* Columns of UTF-8 text in a terminal, for aligned tables in command output. */
#include "app/base/text_columns.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "app/base/utf8.h"

int ds_text_columns(const char *s)
{
	size_t len = strlen(s), off = 0;
	int cols = 0, w;
	uint32_t cp;

	while (off < len) {
		off += ds_utf8_decode(s + off, len - off, &cp);
		w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
		cols += w < 0 ? 1 : w;
	}
	return cols;
}

const char *ds_text_pad(char *buf, size_t size, const char *s, int cols)
{
	int pad = cols - ds_text_columns(s);

	snprintf(buf, size, "%s%*s", s, pad > 0 ? pad : 0, "");
	return buf;
}
