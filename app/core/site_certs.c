/* Accepted TLS certificates of a site (app/core/site_certs.h). */
#include "app/core/site_certs.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/plugin/host_http.h"

/** The pin store's copy of the published site's certificates. */
static pthread_mutex_t pins_lock = PTHREAD_MUTEX_INITIALIZER;
static ds_site_cert *pins;
static size_t n_pins;
static const ds_site *published;

bool ds_site_cert_normalize(const char *text, char out[96])
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0, o = 0;

	if (!text)
		return false;
	for (const char *p = text; *p; p++) {
		const char *d;

		if (*p == ':' || *p == ' ')
			continue;
		d = strchr(hex, toupper((unsigned char)*p));
		if (!d || !*d || n >= 64)
			return false;
		if (n && n % 2 == 0)
			out[o++] = ':';
		out[o++] = hex[d - hex];
		n++;
	}
	out[o] = '\0';
	return n == 64;
}

const ds_site_cert *ds_site_cert_find(const ds_site *site, const char *hostport)
{
	for (size_t i = 0; site && hostport && i < site->n_certs; i++)
		if (strcmp(site->certs[i].hostport, hostport) == 0)
			return &site->certs[i];
	return NULL;
}

/** Adds or replaces the certificate of hostport. 0 or -1. */
static int put(ds_site *site, const char *hostport, const char *sha256, const char *accepted)
{
	ds_site_cert *c = (ds_site_cert *)ds_site_cert_find(site, hostport);

	if (!c) {
		ds_site_cert *grown = realloc(site->certs, (site->n_certs + 1) * sizeof *grown);

		if (!grown)
			return -1;
		site->certs = grown;
		c = &site->certs[site->n_certs++];
		memset(c, 0, sizeof *c);
		snprintf(c->hostport, sizeof c->hostport, "%s", hostport);
	}
	snprintf(c->sha256, sizeof c->sha256, "%s", sha256);
	snprintf(c->accepted, sizeof c->accepted, "%s", accepted);
	return 0;
}

int ds_site_cert_accept(ds_site *site, const char *hostport, const char *fingerprint)
{
	char fp[96], now[32];

	if (!site || !hostport || !*hostport || strlen(hostport) >= sizeof site->certs->hostport ||
	    !ds_site_cert_normalize(fingerprint, fp))
		return -1;
	ds_site_now(now);
	if (put(site, hostport, fp, now) < 0)
		return -1;
	ds_site_note(site, _("Accepted the certificate of %s (SHA-256 %s)"), hostport, fp);
	if (site == published)
		ds_site_certs_publish(site);
	return 0;
}

bool ds_site_cert_forget(ds_site *site, const char *hostport)
{
	const ds_site_cert *c = ds_site_cert_find(site, hostport);
	size_t i;

	if (!c)
		return false;
	i = (size_t)(c - site->certs);
	memmove(&site->certs[i], &site->certs[i + 1], (site->n_certs - i - 1) * sizeof *site->certs);
	site->n_certs--;
	ds_site_note(site, _("Forgot the certificate of %s"), hostport);
	if (site == published)
		ds_site_certs_publish(site);
	return true;
}

void ds_site_certs_free(ds_site *site)
{
	if (site == published)
		ds_site_certs_publish(NULL);
	free(site->certs);
	site->certs = NULL;
	site->n_certs = 0;
}

void ds_site_certs_to_json(const ds_site *site, cJSON *root)
{
	cJSON *certs = cJSON_AddObjectToObject(root, "certificates");

	for (size_t i = 0; certs && i < site->n_certs; i++) {
		cJSON *o = cJSON_AddObjectToObject(certs, site->certs[i].hostport);

		if (!o)
			continue;
		cJSON_AddStringToObject(o, "sha256", site->certs[i].sha256);
		cJSON_AddStringToObject(o, "accepted", site->certs[i].accepted);
	}
}

int ds_site_certs_from_json(ds_site *site, const cJSON *root)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(root, "certificates"))
	{
		char sha[128], fp[96], accepted[32];

		ds_json_str(o, "sha256", sha, sizeof sha);
		ds_json_str(o, "accepted", accepted, sizeof accepted);
		if (!o->string || strlen(o->string) >= sizeof site->certs->hostport || !ds_site_cert_normalize(sha, fp))
			continue;
		if (put(site, o->string, fp, accepted) < 0)
			return -1;
	}
	return 0;
}

/** The pin store (a ds_cert_pin_lookup_fn) over the published copy. */
static bool lookup(void *ctx, const char *hostport, char *fingerprint, size_t fingerprint_size, char *accepted,
		   size_t accepted_size)
{
	bool found = false;

	(void)ctx;
	pthread_mutex_lock(&pins_lock);
	for (size_t i = 0; i < n_pins; i++)
		if (strcmp(pins[i].hostport, hostport) == 0) {
			snprintf(fingerprint, fingerprint_size, "%s", pins[i].sha256);
			snprintf(accepted, accepted_size, "%s", pins[i].accepted);
			found = true;
			break;
		}
	pthread_mutex_unlock(&pins_lock);
	return found;
}

void ds_site_certs_publish(const ds_site *site)
{
	ds_site_cert *copy = NULL;
	size_t n = site ? site->n_certs : 0;

	if (n) {
		copy = malloc(n * sizeof *copy);
		if (copy)
			memcpy(copy, site->certs, n * sizeof *copy);
		else
			n = 0; /* out of memory: every certificate reads as new, never as accepted */
	}
	pthread_mutex_lock(&pins_lock);
	free(pins);
	pins = copy;
	n_pins = n;
	published = site;
	pthread_mutex_unlock(&pins_lock);
	ds_cert_pins_set(site ? lookup : NULL, NULL);
}

bool ds_cert_offer_take(uint64_t job_id, ds_cert_offer *out)
{
	ds_cert_refusal r;

	if (!ds_cert_refusal_take(job_id, &r))
		return false; /* out is left as it was */
	memset(out, 0, sizeof *out);
	snprintf(out->hostport, sizeof out->hostport, "%s", r.hostport);
	snprintf(out->sha256, sizeof out->sha256, "%s", r.fingerprint);
	out->changed = r.changed;
	return true;
}
