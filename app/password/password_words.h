/* Context words: the vendor, model, serial number, MAC address, Wi-Fi name,
 * site and account names that a device password must not contain. */
#ifndef DS_PASSWORD_WORDS_H
#define DS_PASSWORD_WORDS_H

#include <stddef.h>

#include "app/password/password_policy.h"

/** Most words taken from one context. */
#define DS_WORDS_MAX 48
/** Longest word kept. */
#define DS_WORD_LEN 96
/** Shortest word (in comparison form) a password may not contain. */
#define DS_WORD_MIN 4

/** One context word. */
typedef struct ds_context_word {
	ds_password_field field;
	char canon[DS_WORD_LEN];  /**< comparison form (ds_password_canon) */
	char lower[DS_WORD_LEN];  /**< as written, lower-case (for the strength estimate) */
	char digits[DS_WORD_LEN]; /**< its longest run of 4 or more digits, else "" */
} ds_context_word;

/** The words of one context. */
typedef struct ds_context_words {
	size_t n;
	ds_context_word w[DS_WORDS_MAX];
} ds_context_words;

/** Collects the words of ctx: each value whole and each of its parts of
 *  DS_WORD_MIN or more characters; for a MAC address also its 12 and its
 *  last 6 hex digits. Never reads ctx's secrets. */
void ds_context_words_collect(const ds_password_context *ctx, ds_context_words *out);
/** The field of the first word whose comparison form occurs in canon (the
 *  candidate's comparison form) and that is not yet in the done mask (bit
 *  1 << field), or DS_FIELD_NONE. */
ds_password_field ds_context_words_find(const ds_context_words *words, const char *canon, unsigned done);
/** The field of the first word whose digits occur in the digits-only pin,
 *  not yet in done, or DS_FIELD_NONE. */
ds_password_field ds_context_words_find_digits(const ds_context_words *words, const char *pin, unsigned done);

#endif
