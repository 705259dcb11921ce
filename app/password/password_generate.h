/* The password generator: a new password that always passes the policy and
 * the device's constraints. */
#ifndef DS_PASSWORD_GENERATE_H
#define DS_PASSWORD_GENERATE_H

#include "app/password/password_policy.h"

/** What the generator made. */
typedef enum ds_password_kind {
	DS_GEN_PASSPHRASE = 0, /**< 6 words of the EFF long wordlist, spaces between (77 bits) */
	DS_GEN_GROUPS = 1,     /**< random characters in groups of 4 (about 80 bits, or what the device allows) */
	DS_GEN_PIN = 2,        /**< random digits (8, or the device's maximum) */
} ds_password_kind;

/** Generates a password for a device with rules (NULL: none) that passes
 *  ds_password_evaluate for ctx (NULL: no context; its rules member is
 *  replaced by rules): a passphrase when the device takes 59 characters
 *  and any letters, random groups from libsodium's randombytes when its
 *  length or characters are limited, random digits for a PIN. Draws again
 *  until the policy accepts. Returns secure memory (free with
 *  ds_secret_free), or NULL when no password can meet the rules (e.g. a
 *  PIN of at most 4 digits) or memory runs out. kind (may be NULL)
 *  receives what was made. */
char *ds_password_generate(const ds_password_rules *rules, const ds_password_context *ctx,
			   ds_password_kind *kind);

#endif
