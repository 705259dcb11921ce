/* Password strength: zxcvbn's estimate of the guesses an attacker needs, and
 * the patterns that make a password weak. */
#ifndef DS_PASSWORD_STRENGTH_H
#define DS_PASSWORD_STRENGTH_H

#include <stdbool.h>
#include <stddef.h>

/** The patterns zxcvbn found (bit flags). */
enum ds_pattern {
	DS_PATTERN_DICTIONARY = 1u << 0, /**< a common word, name or password */
	DS_PATTERN_LEET = 1u << 1,       /**< a dictionary word with look-alike characters */
	DS_PATTERN_KNOWN = 1u << 2,      /**< one of the extra known words given */
	DS_PATTERN_KEYBOARD = 1u << 3,   /**< keys next to each other (qwerty, 1qaz, 741) */
	DS_PATTERN_DATE = 1u << 4,       /**< a date or a year */
	DS_PATTERN_REPEAT = 1u << 5,     /**< a repeated character or part */
	DS_PATTERN_SEQUENCE = 1u << 6,   /**< abc, 6789, zyx */
};

/** Most matches kept in a ds_strength. */
#define DS_STRENGTH_MATCHES_MAX 32

/** One part of the password as zxcvbn explains it. */
typedef struct ds_strength_match {
	int begin;           /**< byte offset */
	int length;          /**< bytes */
	unsigned pattern;    /**< enum ds_pattern flags; 0 for random characters */
} ds_strength_match;

/** The estimate for one password. */
typedef struct ds_strength {
	double guesses_log10;  /**< log10 of the guesses needed */
	int score;             /**< 0-4, zxcvbn's scale */
	unsigned patterns;     /**< enum ds_pattern flags of all parts */
	unsigned whole;        /**< enum ds_pattern flags of a part covering the whole password */
	bool only_patterns;    /**< every part is a keyboard pattern, a sequence or a repeat */
	size_t n_matches;
	ds_strength_match matches[DS_STRENGTH_MATCHES_MAX];
} ds_strength;

/** Estimates password (UTF-8) with zxcvbn. words: more words an attacker
 *  would try first (NULL-terminated, lower-case; NULL for none). */
void ds_password_strength(const char *password, const char *const *words, ds_strength *out);
/** zxcvbn's score for log10 of the guesses: 0 (< 10^3), 1 (< 10^6),
 *  2 (< 10^8), 3 (< 10^10), 4 (10^10 or more). */
int ds_password_score(double guesses_log10);

#endif
