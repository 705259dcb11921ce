/* The siren's PIN: it leaves the factory with EXAMPLE_FACTORY_PIN, which
 * doorstep makes the installer replace. The plugin keeps only a hash from
 * ds_host.password_hash(); the PIN itself arrives in the host's secure
 * memory and is never copied, logged or stored. */
#include <stdio.h>
#include <string.h>

#include "example.h"

/** True when pin matches the stored hash, or the factory PIN while no
 *  hash is stored. NULL means the factory PIN. */
static bool example_pin_matches(const char *pin)
{
	const char *candidate = pin ? pin : EXAMPLE_FACTORY_PIN;

	if (example.mem.pin_hash[0])
		return example.host->password_verify(example.mem.pin_hash, candidate);
	return strcmp(candidate, EXAMPLE_FACTORY_PIN) == 0;
}

/** Checks what the siren accepts as a new PIN; INVALID with a message if not. */
static ds_status example_pin_valid(ds_call *call, const char *pin)
{
	size_t len = strlen(pin);

	if (len < EXAMPLE_PIN_MIN || len > EXAMPLE_PIN_MAX || strspn(pin, "0123456789") != len)
		return example.host->fail(call, DS_ERR_INVALID,
					  D_("the siren takes a PIN of %d to %d digits; choose another"),
					  EXAMPLE_PIN_MIN, EXAMPLE_PIN_MAX);
	return DS_OK;
}

ds_status example_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out)
{
	(void)call;
	(void)dev;
	out->has_password = true;
	out->on_factory_default = example.mem.pin_hash[0] == '\0';
	snprintf(out->user, sizeof out->user, "installer");
	return DS_OK;
}

ds_status example_login(ds_call *call, ds_device *dev, const char *pin)
{
	ds_status st;

	(void)dev;
	st = example_work(call, 200, 0, 1000, D_("Checking the PIN..."));
	if (st != DS_OK)
		return st;
	if (!example_pin_matches(pin))
		return example.host->fail(call, DS_ERR_AUTH, "%s",
					  D_("the siren refused the PIN; check it and try again"));
	return DS_OK;
}

ds_status example_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_pin)
{
	char hash[EXAMPLE_HASH_MAX + 1];
	example_memory before = example.mem;
	ds_status st;

	(void)dev;
	st = example_pin_valid(call, new_pin);
	if (st != DS_OK)
		return st;
	if (strcmp(new_pin, EXAMPLE_FACTORY_PIN) == 0)
		return example.host->fail(call, DS_ERR_INVALID, "%s",
					  D_("the new PIN must differ from the factory PIN"));
	st = example_login(call, dev, current);
	if (st != DS_OK)
		return st;
	st = example.host->password_hash(new_pin, hash, sizeof hash);
	if (st != DS_OK)
		return example.host->fail(call, st, "%s",
					  D_("the siren could not store the new PIN; try again"));
	snprintf(example.mem.pin_hash, sizeof example.mem.pin_hash, "%s", hash);
	st = example_save(call);
	if (st != DS_OK)
		example.mem = before; /* the siren keeps its old PIN */
	return st;
}
