/* What the terminal's character set can show, and the ASCII drawn instead. */
#include "ui/toolkit/ui_charset.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <wchar.h>

#include "app/base/safe_text.h"
#include "ui/toolkit/ui_text.h"

/** ASCII stand-ins for the punctuation that translations and plugins use. */
static const struct {
	uint32_t cp;
	const char *ascii;
} stand_ins[] = {
	{ 0x00a0, " " },   /* no-break space */
	{ 0x00ab, "\"" },  /* « */
	{ 0x00b7, "*" },   /* middle dot */
	{ 0x00bb, "\"" },  /* » */
	{ 0x2010, "-" },   { 0x2011, "-" }, { 0x2012, "-" }, { 0x2013, "-" },
	{ 0x2014, "-" },   /* dashes */
	{ 0x2018, "'" },   { 0x2019, "'" }, { 0x201a, "'" },
	{ 0x201c, "\"" },  { 0x201d, "\"" }, { 0x201e, "\"" },
	{ 0x2022, "*" },   /* bullet */
	{ 0x2026, "..." }, /* ellipsis */
	{ 0x2039, "'" },   { 0x203a, "'" },
	{ 0x2190, "<-" },  { 0x2192, "->" },
	{ 0x2212, "-" },   /* minus sign */
	{ 0x2713, "x" },   { 0x2714, "x" }, { 0x2717, "X" }, { 0x2718, "X" },
	{ 0x25b8, ">" },   { 0x25b6, ">" },
};

/** True when the locale's charset has a character for cp. */
static bool charset_has(uint32_t cp)
{
	char buf[MB_LEN_MAX];
	mbstate_t st;

	if (cp < 0x80 || ui_text_locale_utf8())
		return true;
	memset(&st, 0, sizeof st);
	return wcrtomb(buf, (wchar_t)cp, &st) != (size_t)-1;
}

const char *ui_charset_fallback(uint32_t cp)
{
	if (ds_safe_text_unsafe(cp) || cp > 0x10ffff)
		return "?";
	if (charset_has(cp))
		return wcwidth((wchar_t)cp) < 0 ? "?" : NULL;
	for (size_t i = 0; i < sizeof stand_ins / sizeof stand_ins[0]; i++)
		if (stand_ins[i].cp == cp)
			return stand_ins[i].ascii;
	return "?";
}
