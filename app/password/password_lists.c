/* The password lists, parsed once from the data built into the binary. */
#include "app/password/password_lists.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/password/password_data.h"

/** Shortest entry given to the strength estimate as a known word. */
#define DS_LIST_WORD_MIN 4

/** One parsed list: sorted comparison forms, and the lower-case words. */
typedef struct ds_list_data {
	char **canon;        /**< sorted, unique comparison forms */
	size_t n_canon;
	const char **words;  /**< lower-case entries of DS_LIST_WORD_MIN+ bytes, NULL-terminated */
	size_t n_words;
	size_t n_entries;
} ds_list_data;

static ds_list_data ds_lists[2];
static const char **ds_wordlist;
static size_t ds_n_wordlist;
static pthread_once_t ds_lists_once = PTHREAD_ONCE_INIT;

/** The letter a look-alike ASCII character stands for, or 0 if none. */
static char ds_canon_ascii(unsigned char c)
{
	static const char from[] = "01!|l23@45$9+78";
	static const char to[] = "oiiiizeaassgttb";
	const char *hit;

	if (c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	if ((c >= 'a' && c <= 'z' && c != 'l') || c == '6')
		return (char)c;
	hit = c ? strchr(from, c) : NULL;
	return hit ? to[hit - from] : 0;
}

size_t ds_password_canon(const char *s, size_t len, char *out, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return 0;
	for (size_t i = 0; i < len && s[i] && n + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			char m = ds_canon_ascii(c);

			if (m)
				out[n++] = m;
			continue;
		}
		/* Latin-1 capitals (U+00C0..U+00DE but U+00D7) to small letters. */
		if (c == 0xC3 && i + 1 < len && n + 2 < size) {
			unsigned char d = (unsigned char)s[i + 1];

			out[n++] = (char)c;
			out[n++] = (char)(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
			i++;
			continue;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n;
}

/** qsort/bsearch comparison of two string pointers. */
static int ds_list_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/** Calls fn for each entry of a data file: '#' lines and blank lines are
 *  skipped, trailing blanks dropped, "NNNNN<TAB>word" lines give the word. */
static void ds_list_each(const unsigned char *data, size_t size,
			 void (*fn)(const char *entry, size_t len, void *ctx), void *ctx)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *stop = eol ? eol : end;
		const char *tab = memchr(p, '\t', (size_t)(stop - p));
		const char *start = tab ? tab + 1 : p;
		size_t len = (size_t)(stop - start);

		while (len > 0 && (start[len - 1] == '\r' || start[len - 1] == ' ' || start[len - 1] == '\t'))
			len--;
		if (len > 0 && start[0] != '#')
			fn(start, len, ctx);
		p = stop + 1;
	}
}

/** Counts entries. */
static void ds_list_count(const char *entry, size_t len, void *ctx)
{
	(void)entry;
	(void)len;
	(*(size_t *)ctx)++;
}

/** Adds one entry to a list being built. */
static void ds_list_add(const char *entry, size_t len, void *ctx)
{
	ds_list_data *l = ctx;
	char canon[256];
	size_t n = ds_password_canon(entry, len, canon, sizeof canon);

	l->n_entries++;
	if (n > 0) {
		char *c = strdup(canon);

		if (c)
			l->canon[l->n_canon++] = c;
	}
	if (len >= DS_LIST_WORD_MIN) {
		char *w = strndup(entry, len);

		if (w) {
			for (char *q = w; *q; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q = (char)(*q - 'A' + 'a');
			l->words[l->n_words++] = w;
		}
	}
}

/** Parses one list from its data. */
static void ds_list_load(ds_list_data *l, const unsigned char *data, size_t size)
{
	size_t n = 0, out = 0;

	ds_list_each(data, size, ds_list_count, &n);
	l->canon = calloc(n + 1, sizeof *l->canon);
	l->words = calloc(n + 1, sizeof *l->words);
	if (!l->canon || !l->words)
		return;
	ds_list_each(data, size, ds_list_add, l);
	qsort(l->canon, l->n_canon, sizeof *l->canon, ds_list_cmp);
	for (size_t i = 0; i < l->n_canon; i++) {
		if (out > 0 && strcmp(l->canon[out - 1], l->canon[i]) == 0)
			free(l->canon[i]);
		else
			l->canon[out++] = l->canon[i];
	}
	l->n_canon = out;
}

/** Adds one passphrase word. */
static void ds_wordlist_add(const char *entry, size_t len, void *ctx)
{
	char *w = strndup(entry, len);

	(void)ctx;
	if (w)
		ds_wordlist[ds_n_wordlist++] = w;
}

/** Parses every list (once per process). */
static void ds_lists_init(void)
{
	size_t n = 0;

	ds_list_load(&ds_lists[DS_LIST_IOT_DEFAULTS], ds_pwdata_iot_defaults, ds_pwdata_iot_defaults_size);
	ds_list_load(&ds_lists[DS_LIST_COMMON], ds_pwdata_common, ds_pwdata_common_size);
	ds_list_each(ds_pwdata_eff_words, ds_pwdata_eff_words_size, ds_list_count, &n);
	ds_wordlist = calloc(n + 1, sizeof *ds_wordlist);
	if (ds_wordlist)
		ds_list_each(ds_pwdata_eff_words, ds_pwdata_eff_words_size, ds_wordlist_add, NULL);
}

bool ds_password_list_has(ds_password_list list, const char *canon)
{
	const ds_list_data *l;

	pthread_once(&ds_lists_once, ds_lists_init);
	l = &ds_lists[list];
	if (!l->canon || !canon[0])
		return false;
	return bsearch(&canon, l->canon, l->n_canon, sizeof *l->canon, ds_list_cmp) != NULL;
}

const char *const *ds_password_list_words(ds_password_list list, size_t *n)
{
	static const char *const none[] = { NULL };

	pthread_once(&ds_lists_once, ds_lists_init);
	*n = ds_lists[list].n_words;
	return ds_lists[list].words ? ds_lists[list].words : none;
}

size_t ds_password_list_size(ds_password_list list)
{
	pthread_once(&ds_lists_once, ds_lists_init);
	return ds_lists[list].n_entries;
}

const char *const *ds_password_wordlist(size_t *n)
{
	static const char *const none[] = { NULL };

	pthread_once(&ds_lists_once, ds_lists_init);
	*n = ds_n_wordlist;
	return ds_wordlist ? ds_wordlist : none;
}
