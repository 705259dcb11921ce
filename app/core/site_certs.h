/* The TLS certificates the installer accepted at a site (trust on first
 * use, ds_host.http): for each "host:port", the SHA-256 fingerprint of the
 * certificate and when it was accepted. They are saved in the site file:
 *
 *     "certificates": {"192.168.1.64:443": {"sha256": "AB:CD:...",
 *                                           "accepted": "2026-12-06T21:00:00Z"}}
 *
 * While a site is open, its certificates are the plugin host's pin store
 * (ds_cert_pins_set, app/plugin/host_http.h): ds_site_certs_publish() hands
 * the store a copy, so that the plugins' worker threads never read the
 * site itself. */
#ifndef DS_SITE_CERTS_H
#define DS_SITE_CERTS_H

#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "app/base/must_check.h"
#include "app/core/site.h"

/** One accepted certificate. */
typedef struct ds_site_cert {
	char hostport[300]; /**< "192.168.1.64:443", "[fe80::1]:443" */
	char sha256[96];    /**< "AB:CD:..." (32 bytes) */
	char accepted[32];  /**< ISO 8601 UTC */
} ds_site_cert;

/** The certificate accepted for hostport, or NULL. */
const ds_site_cert *ds_site_cert_find(const ds_site *site, const char *hostport);
/** The installer accepted fingerprint for hostport (replacing any other);
 *  noted in the history and published to the pin store when site is the
 *  published one. 0, or -1 when fingerprint is not a SHA-256 fingerprint or
 *  memory ran out. */
DS_MUST_CHECK int ds_site_cert_accept(ds_site *site, const char *hostport, const char *fingerprint);
/** Forgets the certificate of hostport (a device reset or replaced); true
 *  when there was one. */
bool ds_site_cert_forget(ds_site *site, const char *hostport);
/** Frees the site's certificates (ds_site_free calls it). */
void ds_site_certs_free(ds_site *site);

/** Adds the "certificates" object of the site file to root. */
void ds_site_certs_to_json(const ds_site *site, cJSON *root);
/** Reads the "certificates" object of a site file (entries that are not a
 *  fingerprint are left out). 0, or -1 when memory ran out. */
DS_MUST_CHECK int ds_site_certs_from_json(ds_site *site, const cJSON *root);

/** Makes site's certificates the pin store (NULL: none; every certificate
 *  is then new). The session calls it whenever it opens or closes a site. */
void ds_site_certs_publish(const ds_site *site);

/** True when text is a SHA-256 fingerprint: 32 bytes in hex, with or
 *  without colons, either case. The canonical form ("AB:CD:...") into out. */
bool ds_site_cert_normalize(const char *text, char out[96]);

/** The certificate a job refused (it ended with DS_ERR_UNTRUSTED), taken
 *  from the plugin host's record; false when it recorded none. */
typedef struct ds_cert_offer {
	char hostport[300];
	char sha256[96];
	bool changed; /**< another certificate was accepted for hostport before */
} ds_cert_offer;
/** Takes the refusal recorded for the job with this id (ds_event.job_id);
 *  false, out untouched, when there is none. */
bool ds_cert_offer_take(uint64_t job_id, ds_cert_offer *out);

#endif
