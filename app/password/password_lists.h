/* The password lists (factory defaults, common passwords, the passphrase
 * wordlist) and the comparison form that ignores case and look-alikes. */
#ifndef DS_PASSWORD_LISTS_H
#define DS_PASSWORD_LISTS_H

#include <stdbool.h>
#include <stddef.h>

/** The lists a candidate is compared with. */
typedef enum ds_password_list {
	DS_LIST_IOT_DEFAULTS = 0, /**< factory-default and botnet passwords */
	DS_LIST_COMMON = 1,       /**< the most common passwords */
} ds_password_list;

/** Writes the comparison form of s into out (size bytes, always terminated):
 *  letters lower-cased (ASCII and Latin-1), look-alike digits and symbols
 *  turned into the letters they stand for (0 o, 1 ! | l i, 2 z, 3 e, 4 @ a,
 *  5 $ s, 7 + t, 8 b, 9 g; 6 stays, so that strings of digits keep apart),
 *  everything else that is not a letter dropped. Returns the length written. */
size_t ds_password_canon(const char *s, size_t len, char *out, size_t size);
/** True when the comparison form canon is an entry of list. */
bool ds_password_list_has(ds_password_list list, const char *canon);
/** Entries of list (lower-case, at least 4 characters) to give the strength
 *  estimate as known words; NULL-terminated. *n receives the count. */
const char *const *ds_password_list_words(ds_password_list list, size_t *n);
/** The number of entries of list. */
size_t ds_password_list_size(ds_password_list list);
/** The passphrase wordlist (7,776 words); *n receives the count. */
const char *const *ds_password_wordlist(size_t *n);

#endif
