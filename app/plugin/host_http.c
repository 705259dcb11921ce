/* The host HTTP service and the certificate pins (app/plugin/host_http.h). */
#include "app/plugin/host_http.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/base/safe_text.h"

#define LOG_SRC "http"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ds_cert_pin_lookup_fn store_fn;
static void *store_ctx;
static ds_cert_pin_remote_fn remote_fn;

static struct {
	uint64_t job; /**< the job's id; 0: a free slot */
	unsigned long age;
	ds_cert_refusal r;
} refusals[DS_CERT_REFUSALS];
static unsigned long refusal_clock;

void ds_cert_pins_set(ds_cert_pin_lookup_fn fn, void *ctx)
{
	pthread_mutex_lock(&lock);
	store_fn = fn;
	store_ctx = ctx;
	pthread_mutex_unlock(&lock);
}

void ds_host_http_set_remote_pins(ds_cert_pin_remote_fn fn)
{
	remote_fn = fn;
}

/** Keeps the refusal for job: in its own slot, a free one or the oldest. */
static void record_refusal(uint64_t job, const char *hostport, const char *fingerprint, bool changed)
{
	size_t slot = 0;

	pthread_mutex_lock(&lock);
	for (size_t i = 1; i < DS_CERT_REFUSALS && refusals[slot].job != job; i++) {
		/* the job's own slot, else a free one, else the oldest */
		if (refusals[i].job == job ||
		    (refusals[slot].job && (!refusals[i].job || refusals[i].age < refusals[slot].age)))
			slot = i;
	}
	refusals[slot].job = job;
	refusals[slot].age = ++refusal_clock;
	snprintf(refusals[slot].r.hostport, sizeof refusals[slot].r.hostport, "%s", hostport);
	snprintf(refusals[slot].r.fingerprint, sizeof refusals[slot].r.fingerprint, "%s", fingerprint);
	refusals[slot].r.changed = changed;
	pthread_mutex_unlock(&lock);
}

bool ds_cert_refusal_take(uint64_t job, ds_cert_refusal *out)
{
	bool found = false;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; job && i < DS_CERT_REFUSALS; i++)
		if (refusals[i].job == job) {
			*out = refusals[i].r;
			refusals[i].job = 0;
			found = true;
			break;
		}
	pthread_mutex_unlock(&lock);
	return found;
}

ds_http_pin_verdict ds_cert_pin_check(ds_job *job, const char *hostport, const char *fingerprint, char *accepted,
				      size_t accepted_size)
{
	char remembered[DS_HTTP_FINGERPRINT_SIZE] = "";
	ds_cert_pin_lookup_fn fn;
	void *ctx;
	bool known;

	if (accepted_size)
		accepted[0] = '\0';
	pthread_mutex_lock(&lock);
	fn = store_fn;
	ctx = store_ctx;
	pthread_mutex_unlock(&lock);
	known = fn && fn(ctx, hostport, remembered, sizeof remembered, accepted, accepted_size) && remembered[0];
	if (known && ds_http_fingerprint_equal(remembered, fingerprint))
		return DS_HTTP_PIN_IS_ACCEPTED;
	if (job)
		record_refusal(ds_job_id(job), hostport, fingerprint, known);
	ds_log(DS_LOG_INFO, LOG_SRC, "%s: certificate %s %s", hostport, fingerprint,
	       known ? "differs from the accepted one" : "not accepted yet");
	return known ? DS_HTTP_PIN_IS_OTHER : DS_HTTP_PIN_IS_UNKNOWN;
}

/** What the exchange needs to ask about pins for one call. */
struct pin_ask {
	ds_job *job;
	char accepted[64]; /**< the date the remembered certificate was accepted */
};

static ds_http_pin_verdict ask_pin(void *ctx, const char *hostport, const char *fingerprint)
{
	struct pin_ask *a = ctx;

	if (remote_fn)
		return remote_fn(a->job, hostport, fingerprint, a->accepted, sizeof a->accepted);
	return ds_cert_pin_check(a->job, hostport, fingerprint, a->accepted, sizeof a->accepted);
}

static bool call_cancelled(void *ctx)
{
	return ctx && ds_job_cancelled(ctx);
}

/** A request the plugin built wrongly: nothing was sent. */
static ds_status malformed_request(ds_call *call, ds_status st)
{
	return ds_job_fail(call, st, "%s",
			   _("The plugin asked for an HTTP request doorstep cannot send (a malformed address, "
			     "method or header). Tell the plugin's vendor."));
}

/** Records the message the person reads for a failed exchange. */
static ds_status explain(ds_call *call, ds_status st, const ds_http_request *req, const ds_http_response *resp,
			 const ds_http_result *res, const char *accepted)
{
	char where[DS_HTTP_HOSTPORT_MAX];

	ds_safe_line(where, sizeof where, res->hostport[0] ? res->hostport : "?");
	if (res->detail[0])
		ds_log(DS_LOG_INFO, LOG_SRC, "%s: %s", where, res->detail);
	if (!call)
		return st;
	switch (res->outcome) {
	case DS_HTTP_DONE:
	case DS_HTTP_CANCELLED:
		return st;
	case DS_HTTP_INVALID:
		return malformed_request(call, st);
	case DS_HTTP_BASIC_PLAIN:
		return ds_job_fail(call, st,
				   _("The device at %s wants its password sent in clear over plain http; doorstep "
				     "did not send it. Use the device's https address if it has one."),
				   where);
	case DS_HTTP_UNREACHABLE:
		return ds_job_fail(call, st,
				   _("The device at %s cannot be reached. Check that it is switched on and on the same "
				     "network as this computer, then try again."),
				   where);
	case DS_HTTP_TIMEOUT:
		return ds_job_fail(call, st,
				   _("The device at %s did not answer within %u seconds. Check that it is switched on "
				     "and reachable, then try again."),
				   where, (req->timeout_ms ? req->timeout_ms : 10000u) / 1000u);
	case DS_HTTP_TOO_LARGE:
		return ds_job_fail(call, st,
				   _("The device at %s sent a larger answer than expected (over %zu bytes), so "
				     "doorstep stopped reading. Try again; if it happens again, tell the plugin's "
				     "vendor."),
				   where, req->response_size);
	case DS_HTTP_TLS_FAILED:
		return ds_job_fail(call, st,
				   _("The certificate of %s could not be verified, so doorstep did not talk to it. "
				     "Check the address; a device with a certificate of its own must be accepted "
				     "on first use."),
				   where);
	/* The job's message holds 255 bytes: the fingerprint (95) leaves room
	 * for little else. The refusal record (ds_cert_refusal_take) carries it
	 * for the prompt that offers to accept it. */
	case DS_HTTP_PIN_UNKNOWN:
		return ds_job_fail(call, st,
				   _("%s shows a certificate doorstep has not seen before, SHA-256 %s. Compare it "
				     "with the one on the device's web page or label, then accept it."),
				   where, resp->tls_fingerprint);
	case DS_HTTP_PIN_CHANGED:
		return ds_job_fail(call, st,
				   _("The certificate of %s changed since you accepted it on %s: this may be another "
				     "device pretending to be it. Check the device; accept the new one only if it was "
				     "reset or replaced."),
				   where, accepted && accepted[0] ? accepted : _("an earlier day"));
	case DS_HTTP_NO_MEMORY:
		return ds_job_fail(call, st, "%s", _("doorstep ran out of memory. Close other programs and try again."));
	case DS_HTTP_FAILED:
		break;
	}
	return ds_job_fail(call, st,
			   _("Talking to the device at %s failed. Check the network and the device, then try again."),
			   where);
}

/** The certificate authorities to trust for DS_TLS_VERIFY instead of the
 *  system's ($DOORSTEP_HTTP_CA_FILE, for servers of a test bench), or NULL. */
static const char *verify_ca_file(void)
{
	const char *file = getenv("DOORSTEP_HTTP_CA_FILE");

	return file && file[0] ? file : NULL;
}

/** ds_host.http.request_ex (extra may be NULL: request). */
static ds_status h_request_ex(ds_call *call, const ds_http_request *req, ds_http_response *resp, ds_http_extra *extra)
{
	struct pin_ask pins = { .job = call };
	ds_http_options opt = {
		.cancelled = call_cancelled,
		.cancel_ctx = call,
		.pin = ask_pin,
		.pin_ctx = &pins,
		.ca_file = verify_ca_file(),
	};
	ds_http_response spare;

	if (extra && extra->struct_size >= offsetof(ds_http_extra, headers_cut) + sizeof extra->headers_cut) {
		opt.headers = extra->headers;
		opt.headers_size = extra->headers ? extra->headers_size : 0;
		opt.headers_cut = &extra->headers_cut;
	} else if (extra) {
		return malformed_request(call, DS_ERR_INVALID); /* a ds_http_extra older than its fields */
	}
	ds_http_result res;
	ds_status st;

	if (!resp)
		resp = &spare;
	st = ds_http_exchange(req, &opt, resp, &res);
	if (st == DS_OK)
		return st;
	return explain(call, st, req, resp, &res, pins.accepted);
}

/** ds_host.http.request. */
static ds_status h_request(ds_call *call, const ds_http_request *req, ds_http_response *resp)
{
	return h_request_ex(call, req, resp, NULL);
}

const ds_host_http *ds_host_http_services(void)
{
	static const ds_host_http table = {
		.struct_size = sizeof(ds_host_http),
		.request = h_request,
		.request_ex = h_request_ex,
	};

	return &table;
}
