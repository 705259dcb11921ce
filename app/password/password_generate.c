/* The password generator: EFF passphrases, random groups, random PINs, each
 * drawn with libsodium's randombytes_uniform into secure memory and drawn
 * again until the policy accepts it. */
#include "app/password/password_generate.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

#include "app/password/password_lists.h"
#include "app/base/secret.h"

/** Size of the secure buffer a password is built in. */
#define DS_GEN_BUF 512
/** Words of a passphrase, and the most characters it can have (6 x 9 + 5). */
#define DS_GEN_WORDS 6
#define DS_GEN_PASSPHRASE_MAX (DS_GEN_WORDS * 9 + DS_GEN_WORDS - 1)
/** Entropy aimed at for random groups, in bits. */
#define DS_GEN_GROUP_BITS 78.0
/** Characters per group. */
#define DS_GEN_GROUP 4
/** Digits of a generated PIN (Matter's passcodes have 8). */
#define DS_GEN_PIN_DIGITS 8
/** Draws before giving up (a policy that refuses this often cannot be met). */
#define DS_GEN_TRIES 10000
/** Most distinct characters taken from a device's allowed set. */
#define DS_GEN_ALPHABET_MAX 256

/** The characters random groups are drawn from (UTF-8 pieces). */
typedef struct ds_alphabet {
	const char *sym[DS_GEN_ALPHABET_MAX];
	size_t len[DS_GEN_ALPHABET_MAX];
	size_t n;
	bool dash;           /**< '-' may separate groups */
} ds_alphabet;

/** Letters and digits that cannot be mistaken for each other (no i l o 0 1). */
static const char ds_gen_default_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

/** Fills a from the device's allowed characters, or the default set. */
static void ds_alphabet_init(ds_alphabet *a, const ds_password_rules *rules)
{
	const char *s = rules && rules->allowed[0] ? rules->allowed : ds_gen_default_alphabet;

	memset(a, 0, sizeof *a);
	a->dash = !(rules && rules->allowed[0]) || strchr(rules->allowed, '-') != NULL;
	while (*s && a->n < DS_GEN_ALPHABET_MAX) {
		size_t len = 1;
		bool dup = false;

		while (((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		/* No controls, no blanks (easily lost at either end), no separator. */
		if ((unsigned char)*s > 0x20 && *s != 0x7f && *s != '-') {
			for (size_t i = 0; i < a->n && !dup; i++)
				dup = a->len[i] == len && memcmp(a->sym[i], s, len) == 0;
			if (!dup) {
				a->sym[a->n] = s;
				a->len[a->n++] = len;
			}
		}
		s += len;
	}
}

/** Appends len bytes to buf (DS_GEN_BUF); false when full. */
static bool ds_gen_put(char *buf, size_t *pos, const char *s, size_t len)
{
	if (*pos + len + 1 > DS_GEN_BUF)
		return false;
	memcpy(buf + *pos, s, len);
	*pos += len;
	buf[*pos] = '\0';
	return true;
}

/** Draws DS_GEN_WORDS words of the EFF list, separated by spaces. */
static bool ds_gen_passphrase(char *buf)
{
	size_t n, pos = 0;
	const char *const *words = ds_password_wordlist(&n);

	if (n < 2)
		return false;
	for (int i = 0; i < DS_GEN_WORDS; i++) {
		const char *w = words[randombytes_uniform((uint32_t)n)];

		if ((i > 0 && !ds_gen_put(buf, &pos, " ", 1)) || !ds_gen_put(buf, &pos, w, strlen(w)))
			return false;
	}
	return true;
}

/** Draws count characters of a, in groups of DS_GEN_GROUP when dashes fit. */
static bool ds_gen_groups(char *buf, const ds_alphabet *a, size_t count, bool dashes)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		uint32_t k = randombytes_uniform((uint32_t)a->n);

		if (dashes && i > 0 && i % DS_GEN_GROUP == 0 && !ds_gen_put(buf, &pos, "-", 1))
			return false;
		if (!ds_gen_put(buf, &pos, a->sym[k], a->len[k]))
			return false;
	}
	return true;
}

/** Draws count random digits. */
static void ds_gen_pin(char *buf, size_t count)
{
	for (size_t i = 0; i < count; i++)
		buf[i] = (char)('0' + randombytes_uniform(10));
	buf[count] = '\0';
}

/** The number of group separators for count characters. */
static size_t ds_gen_dashes(size_t count)
{
	return count > 0 ? (count - 1) / DS_GEN_GROUP : 0;
}

char *ds_password_generate(const ds_password_rules *rules, const ds_password_context *ctx,
			   ds_password_kind *kind_out)
{
	ds_password_context c = { 0 };
	ds_password_kind kind;
	size_t max = rules && rules->max_length ? rules->max_length : DS_PASSWORD_MAX;
	size_t min = rules && rules->has_second_factor ? DS_PASSWORD_MIN_SECOND_FACTOR : DS_PASSWORD_MIN_SINGLE_FACTOR;
	size_t count = 0;
	bool dashes = false;
	ds_alphabet a;
	char *buf;

	if (max > DS_PASSWORD_MAX)
		max = DS_PASSWORD_MAX;
	if (sodium_init() < 0)
		return NULL;
	if (ctx)
		c = *ctx;
	c.rules = rules;
	ds_alphabet_init(&a, rules);
	if (rules && rules->digits_only) {
		kind = DS_GEN_PIN;
		count = max < DS_GEN_PIN_DIGITS ? max : DS_GEN_PIN_DIGITS;
		if (count < DS_PIN_MIN)
			return NULL;
	} else if (!(rules && rules->allowed[0]) && max >= DS_GEN_PASSPHRASE_MAX) {
		kind = DS_GEN_PASSPHRASE;
	} else {
		kind = DS_GEN_GROUPS;
		if (a.n < 2 || max < min)
			return NULL;
		count = (size_t)ceil(DS_GEN_GROUP_BITS / log2((double)a.n));
		if (count < min)
			count = min;
		if (count > max)
			count = max;
		dashes = a.dash && count + ds_gen_dashes(count) <= max;
	}
	buf = ds_secret_alloc(DS_GEN_BUF);
	if (!buf)
		return NULL;
	for (int tries = 0; tries < DS_GEN_TRIES; tries++) {
		bool made;
		ds_password_verdict v;

		switch (kind) {
		case DS_GEN_PIN:
			ds_gen_pin(buf, count);
			made = true;
			break;
		case DS_GEN_PASSPHRASE:
			made = ds_gen_passphrase(buf);
			break;
		default:
			made = ds_gen_groups(buf, &a, count, dashes);
			break;
		}
		if (!made)
			break;
		v = ds_password_evaluate(buf, &c);
		if (v.accepted) {
			if (kind_out)
				*kind_out = kind;
			return buf;
		}
	}
	ds_secret_free(buf);
	return NULL;
}
