/* The per-site register of keyed password hashes (EN 303 645 provision
 * 5.1-1: a password unique to each device), held in memory only. */
#include "app/password/password_policy.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
