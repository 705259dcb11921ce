/* The host HTTP service (ds_host.http) as plugins see it, and the
 * certificate pins of trust on first use.
 *
 * The exchange runs where the plugin runs (in its runner process,
 * app/plugin/runner), on app/net/http_request. Only the question "which
 * certificate was accepted for host:port?" goes to doorstep, which holds the
 * site: app/core registers the site's pin store with ds_cert_pins_set()
 * when a session opens; in a runner, the question travels as a HOST message
 * (DS_WHOST_CERT_PIN, app/plugin/runner_wire.h) to doorstep, which answers
 * it with ds_cert_pin_check().
 *
 * When doorstep refuses a certificate (none accepted yet, or another one
 * accepted), ds_cert_pin_check() records the refusal under the id of the
 * job that asked: whoever sees that job end with DS_ERR_UNTRUSTED (its DONE
 * event carries the id) takes it with ds_cert_refusal_take() to offer the
 * installer to accept that fingerprint. The last DS_CERT_REFUSALS
 * refusals are kept; older ones that nobody took are dropped. */
#ifndef DS_HOST_HTTP_H
#define DS_HOST_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>

#include "app/base/jobs.h"
#include "app/net/http_request.h"

/** The pin store: true with the accepted fingerprint ("AB:CD:...") and
 *  the date it was accepted (ISO 8601, may be "") when one is remembered
 *  for hostport ("192.168.1.64:443"); false when none is. */
typedef bool (*ds_cert_pin_lookup_fn)(void *ctx, const char *hostport, char *fingerprint, size_t fingerprint_size,
				      char *accepted, size_t accepted_size);

/** Registers the pin store (NULL: none; every certificate is then new). */
void ds_cert_pins_set(ds_cert_pin_lookup_fn fn, void *ctx);

/** The certificate a job's HTTP request refused last. */
typedef struct ds_cert_refusal {
	char hostport[DS_HTTP_HOSTPORT_MAX];
	char fingerprint[DS_HTTP_FINGERPRINT_SIZE]; /**< the one the server presented */
	bool changed;                               /**< another certificate was accepted for hostport before */
} ds_cert_refusal;

/** Refusals kept at once. */
#define DS_CERT_REFUSALS 16

/** Takes (and forgets) the last refusal recorded for the job with this id
 *  (ds_job_id, ds_event.job_id), if any. */
bool ds_cert_refusal_take(uint64_t job_id, ds_cert_refusal *out);

/** doorstep's answer about fingerprint at hostport, for job (may be NULL):
 *  asks the pin store, records a refusal for job, and gives the date the
 *  remembered certificate was accepted in accepted. */
ds_http_pin_verdict ds_cert_pin_check(ds_job *job, const char *hostport, const char *fingerprint, char *accepted,
				      size_t accepted_size);

/** Where a runner sends pin questions instead (doorstep, over its socket). */
typedef ds_http_pin_verdict (*ds_cert_pin_remote_fn)(ds_job *job, const char *hostport, const char *fingerprint,
						     char *accepted, size_t accepted_size);
/** Set once in a runner before its plugin starts. */
void ds_host_http_set_remote_pins(ds_cert_pin_remote_fn fn);

/** The table in ds_host.http. */
const ds_host_http *ds_host_http_services(void);

#endif
