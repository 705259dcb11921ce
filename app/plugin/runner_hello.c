/* The HELLO of a plugin runner: written by the runner, read by doorstep. */
#include "app/plugin/runner_hello.h"

#include <stdlib.h>
#include <string.h>

void ds_runner_hello_write(ds_wire *w, const ds_plugin *d, uint64_t ops, const char *reason)
{
	uint32_t n = 0;

	ds_wire_put_u32(w, d != NULL);
	if (!d) {
		ds_wire_put_str(w, reason, DS_WIRE_TEXT_MAX);
		return;
	}
	ds_wire_put_u64(w, d->struct_size);
	ds_wire_put_u32(w, d->abi_major);
	ds_wire_put_u32(w, d->abi_minor);
	ds_wire_put_str(w, d->id, DS_ID_MAX);
	ds_wire_put_str(w, d->name, DS_NAME_MAX);
	ds_wire_put_str(w, d->vendor, DS_NAME_MAX);
	ds_wire_put_str(w, d->version, DS_ID_MAX);
	ds_wire_put_str(w, d->text_domain, DS_NAME_MAX);
	ds_wire_put_u32(w, d->caps);
	ds_wire_put_u64(w, ops);
	while (d->cloud_urls && d->cloud_urls[n] && n < DS_RUNNER_HELLO_LIST_MAX)
		n++;
	ds_wire_put_u32(w, n);
	for (uint32_t i = 0; i < n; i++)
		ds_wire_put_str(w, d->cloud_urls[i], DS_WIRE_TEXT_MAX);
	n = 0;
	while (d->ble_claims && d->ble_claims[n].kind != DS_BLE_CLAIM_END && n < DS_RUNNER_HELLO_LIST_MAX)
		n++;
	ds_wire_put_u32(w, n);
	for (uint32_t i = 0; i < n; i++) {
		ds_wire_put_u32(w, (uint32_t)d->ble_claims[i].kind);
		ds_wire_put_u32(w, d->ble_claims[i].manufacturer_id);
		ds_wire_put_str(w, d->ble_claims[i].uuid, 64);
	}
}

/** Keeps a copy of s (NULL stays NULL). false when out of memory. */
static bool keep(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? strdup(s) : NULL;
	return !s || *slot;
}

/** Reads the cloud URLs and BLE claims. */
static bool read_lists(ds_runner_desc *r, ds_wire_reader *in)
{
	uint32_t n = ds_wire_u32(in);

	if (n > DS_RUNNER_HELLO_LIST_MAX)
		return false;
	if (n) {
		r->cloud_urls = calloc(n + 1, sizeof *r->cloud_urls);
		if (!r->cloud_urls)
			return false;
		for (uint32_t i = 0; i < n; i++)
			if (!keep(&r->cloud_urls[i], ds_wire_text(in)))
				return false;
	}
	n = ds_wire_u32(in);
	if (n > DS_RUNNER_HELLO_LIST_MAX)
		return false;
	if (n) {
		r->claims = calloc(n + 1, sizeof *r->claims);
		if (!r->claims)
			return false;
		for (uint32_t i = 0; i < n; i++) {
			char *uuid = NULL;
			uint32_t kind = ds_wire_u32(in);

			/* An END inside the list would hide the rest: an unknown kind is ignored. */
			r->claims[i].kind = kind == DS_BLE_CLAIM_END ? DS_BLE_CLAIM_SERVICE_DATA + 1
								     : (ds_ble_claim_kind)kind;
			r->claims[i].manufacturer_id = (uint16_t)ds_wire_u32(in);
			if (!keep(&uuid, ds_wire_str(in)))
				return false;
			r->claims[i].uuid = uuid;
		}
	}
	return !in->bad;
}

bool ds_runner_hello_read(ds_wire_reader *in, ds_runner_desc *out, const char **reason)
{
	ds_plugin *d = &out->desc;

	memset(out, 0, sizeof *out);
	*reason = NULL;
	if (!ds_wire_u32(in)) {
		if (!in->bad)
			*reason = ds_wire_text(in);
		if (in->bad)
			*reason = NULL;
		return false;
	}
	d->struct_size = (size_t)ds_wire_u64(in);
	d->abi_major = (uint16_t)ds_wire_u32(in);
	d->abi_minor = (uint16_t)ds_wire_u32(in);
	for (size_t i = 0; i < sizeof out->strings / sizeof out->strings[0]; i++)
		if (!keep(&out->strings[i], ds_wire_str(in)))
			return false;
	d->id = out->strings[0];
	d->name = out->strings[1];
	d->vendor = out->strings[2];
	d->version = out->strings[3];
	d->text_domain = out->strings[4];
	d->caps = ds_wire_u32(in);
	out->ops = ds_wire_u64(in);
	if (!read_lists(out, in) || in->bad || !d->id || !d->name || !d->vendor || !d->version)
		return false;
	d->cloud_urls = (const char *const *)out->cloud_urls;
	d->ble_claims = out->claims;
	return true;
}

void ds_runner_hello_free(ds_runner_desc *r)
{
	for (size_t i = 0; i < sizeof r->strings / sizeof r->strings[0]; i++) {
		free(r->strings[i]);
		r->strings[i] = NULL;
	}
	for (size_t i = 0; r->cloud_urls && r->cloud_urls[i]; i++)
		free(r->cloud_urls[i]);
	free(r->cloud_urls);
	r->cloud_urls = NULL;
	for (size_t i = 0; r->claims && r->claims[i].kind != DS_BLE_CLAIM_END; i++)
		free((char *)r->claims[i].uuid);
	free(r->claims);
	r->claims = NULL;
}
