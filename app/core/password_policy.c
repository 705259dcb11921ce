/* The password policy and the uniqueness register. */
#include "app/core/password_policy.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/i18n.h"

long ds_password_length(const char *s)
{
	long n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; n++) {
		int extra;

		if (*p < 0x80)
			extra = 0;
		else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2)
			extra = 1;
		else if ((*p & 0xF0) == 0xE0)
			extra = 2;
		else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4)
			extra = 3;
		else
			return -1;
		p++;
		for (int i = 0; i < extra; i++, p++)
			if ((*p & 0xC0) != 0x80)
				return -1;
	}
	return n;
}

/** True when every character is an ASCII digit. */
static bool ds_all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/** True when the PIN is one digit repeated or a run of ascending/descending digits. */
static bool ds_pin_trivial(const char *pin)
{
	size_t len = strlen(pin);
	bool same = true, up = true, down = true;

	for (size_t i = 1; i < len; i++) {
		int d = pin[i] - pin[i - 1];

		same = same && d == 0;
		up = up && (d == 1 || d == -9);
		down = down && (d == -1 || d == 9);
	}
	return same || up || down;
}

/** True when s contains an ASCII control character. */
static bool ds_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/** True when every byte-sequence character of s appears in allowed. */
static bool ds_only_allowed(const char *s, const char *allowed)
{
	while (*s) {
		size_t len = 1;

		while (((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		bool found = false;

		for (const char *a = allowed; *a && !found; a++)
			found = strncmp(a, s, len) == 0;
		if (!found)
			return false;
		s += len;
	}
	return true;
}

bool ds_password_acceptable(const char *candidate, const ds_password_rules *rules,
			    const char *factory_default, char *why, size_t why_size)
{
	long len = ds_password_length(candidate);
	long max = DS_PASSWORD_MAX;

	why[0] = '\0';
	if (rules && rules->max_length && rules->max_length < (uint32_t)max)
		max = (long)rules->max_length;
	if (len < 0) {
		snprintf(why, why_size, "%s", _("The password contains bytes that are not valid text. Type it again."));
		return false;
	}
	if (ds_has_control(candidate)) {
		snprintf(why, why_size, "%s", _("The password contains control characters. Use letters, digits, spaces and symbols."));
		return false;
	}
	if (factory_default && strcmp(candidate, factory_default) == 0) {
		snprintf(why, why_size, "%s", _("This is the device's factory-default password. Choose a new one."));
		return false;
	}
	if (rules && rules->digits_only) {
		if (!ds_all_digits(candidate)) {
			snprintf(why, why_size, "%s", _("This device takes a PIN: use digits only."));
			return false;
		}
		if (len < DS_PIN_MIN) {
			snprintf(why, why_size, _("The PIN needs at least %d digits."), DS_PIN_MIN);
			return false;
		}
		if (len > max) {
			snprintf(why, why_size, _("This device accepts at most %ld digits."), max);
			return false;
		}
		if (ds_pin_trivial(candidate)) {
			snprintf(why, why_size, "%s", _("The PIN is a repeated digit or a run like 123456. Choose digits without a pattern."));
			return false;
		}
		return true;
	}
	long min = rules && rules->has_second_factor ? DS_PASSWORD_MIN_SECOND_FACTOR : DS_PASSWORD_MIN_SINGLE_FACTOR;

	if (len < min) {
		snprintf(why, why_size,
			 P_("The password needs at least %ld character (it has %ld). A few unrelated words make a long password easy to type.",
			    "The password needs at least %ld characters (it has %ld). A few unrelated words make a long password easy to type.",
			    min),
			 min, len);
		return false;
	}
	if (len > max) {
		snprintf(why, why_size, _("This device accepts at most %ld characters (this password has %ld)."), max, len);
		return false;
	}
	if (rules && rules->allowed[0] && !ds_only_allowed(candidate, rules->allowed)) {
		snprintf(why, why_size, _("This device accepts only these characters: %s"), rules->allowed);
		return false;
	}
	return true;
}

/** One register entry: the device and the keyed hash of its password. */
typedef struct ds_register_entry {
	char serial[DS_ID_MAX];
	unsigned char hash[crypto_generichash_BYTES];
} ds_register_entry;

struct ds_password_register {
	unsigned char key[crypto_generichash_KEYBYTES];
	ds_register_entry *entries;
	size_t n;
};

ds_password_register *ds_password_register_new(void)
{
	ds_password_register *reg = sodium_malloc(sizeof *reg);

	if (!reg)
		return NULL;
	memset(reg, 0, sizeof *reg);
	crypto_generichash_keygen(reg->key);
	return reg;
}

void ds_password_register_free(ds_password_register *reg)
{
	if (!reg)
		return;
	if (reg->entries) {
		sodium_memzero(reg->entries, reg->n * sizeof *reg->entries);
		free(reg->entries);
	}
	sodium_free(reg);
}

/** Keyed hash of a password. */
static void ds_register_hash(const ds_password_register *reg, const char *password, unsigned char *out)
{
	crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)password, strlen(password),
			   reg->key, sizeof reg->key);
}

const char *ds_password_register_owner(const ds_password_register *reg, const char *password)
{
	unsigned char h[crypto_generichash_BYTES];
	const char *owner = NULL;

	ds_register_hash(reg, password, h);
	for (size_t i = 0; i < reg->n && !owner; i++)
		if (sodium_memcmp(h, reg->entries[i].hash, sizeof h) == 0)
			owner = reg->entries[i].serial;
	sodium_memzero(h, sizeof h);
	return owner;
}

int ds_password_register_put(ds_password_register *reg, const char *serial, const char *password)
{
	ds_register_entry *e = NULL;

	for (size_t i = 0; i < reg->n && !e; i++)
		if (strcmp(reg->entries[i].serial, serial) == 0)
			e = &reg->entries[i];
	if (!e) {
		ds_register_entry *grown = realloc(reg->entries, (reg->n + 1) * sizeof *grown);

		if (!grown)
			return -1;
		reg->entries = grown;
		e = &reg->entries[reg->n++];
		snprintf(e->serial, sizeof e->serial, "%s", serial);
	}
	ds_register_hash(reg, password, e->hash);
	return 0;
}
