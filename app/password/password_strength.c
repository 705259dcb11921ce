/* Password strength with zxcvbn (Debian's libzxcvbn, the C port). */
#include "app/password/password_strength.h"

#include <math.h>
#include <string.h>
#include <zxcvbn.h>

int ds_password_score(double guesses_log10)
{
	if (guesses_log10 < 3)
		return 0;
	if (guesses_log10 < 6)
		return 1;
	if (guesses_log10 < 8)
		return 2;
	if (guesses_log10 < 10)
		return 3;
	return 4;
}

/** The ds_pattern flags of one zxcvbn match type. */
static unsigned ds_strength_pattern(int type)
{
	unsigned flags = (type & MULTIPLE_MATCH) ? DS_PATTERN_REPEAT : 0;

	switch (type & ~MULTIPLE_MATCH) {
	case DICTIONARY_MATCH:
		return flags | DS_PATTERN_DICTIONARY;
	case DICT_LEET_MATCH:
		return flags | DS_PATTERN_DICTIONARY | DS_PATTERN_LEET;
	case USER_MATCH:
		return flags | DS_PATTERN_KNOWN;
	case USER_LEET_MATCH:
		return flags | DS_PATTERN_KNOWN | DS_PATTERN_LEET;
	case REPEATS_MATCH:
		return flags | DS_PATTERN_REPEAT;
	case SEQUENCE_MATCH:
		return flags | DS_PATTERN_SEQUENCE;
	case SPATIAL_MATCH:
		return flags | DS_PATTERN_KEYBOARD;
	case DATE_MATCH:
	case YEAR_MATCH:
		return flags | DS_PATTERN_DATE;
	default:
		return flags;
	}
}

void ds_password_strength(const char *password, const char *const *words, ds_strength *out)
{
	ZxcMatch_t *info = NULL;
	int len = (int)strlen(password);
	double bits;

	memset(out, 0, sizeof *out);
	/* zxcvbn's UserDict is an array of non-const pointers it only reads. */
	bits = ZxcvbnMatch(password, (const char **)(void *)words, &info);
	out->guesses_log10 = bits > 0 ? bits * log10(2.0) : 0.0;
	out->score = ds_password_score(out->guesses_log10);
	out->only_patterns = info != NULL;
	for (const ZxcMatch_t *m = info; m; m = m->Next) {
		unsigned pattern = ds_strength_pattern(m->Type);

		/* zxcvbn calls "!!" a repeated dictionary word: below 3
		 * characters, only the repeat is worth saying. */
		if (m->Length < 3)
			pattern &= ~(unsigned)(DS_PATTERN_DICTIONARY | DS_PATTERN_LEET | DS_PATTERN_KNOWN);

		out->patterns |= pattern;
		if (!(pattern & (DS_PATTERN_KEYBOARD | DS_PATTERN_SEQUENCE | DS_PATTERN_REPEAT)))
			out->only_patterns = false;
		if (m->Begin == 0 && m->Length >= len)
			out->whole |= pattern;
		if (out->n_matches < DS_STRENGTH_MATCHES_MAX) {
			ds_strength_match *sm = &out->matches[out->n_matches++];

			sm->begin = m->Begin;
			sm->length = m->Length;
			sm->pattern = pattern;
		}
	}
	ZxcvbnFreeInfo(info);
}
