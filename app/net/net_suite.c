/* The laptop's network checks on one libcurl multi handle. Per target
 * three transfers run at once: the full request (DNS, TCP, TLS, HTTP,
 * timing, clock), and a connection over IPv4 alone and over IPv6 alone;
 * plus one captive-portal probe. Each has its own timeout; the loop wakes
 * at least every 100 ms to notice a cancel. */
#include "app/net/net_suite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/base/i18n.h"
#include "app/net/net_verdict.h"

/** What a transfer is for. */
typedef enum ds_net_role {
	DS_ROLE_FULL = 0, /**< the full request of a target */
	DS_ROLE_V4,       /**< connect over IPv4 only */
	DS_ROLE_V6,       /**< connect over IPv6 only */
	DS_ROLE_PROBE,    /**< the captive-portal probe */
} ds_net_role;

/** Body bytes read before a transfer stops reading (its status is known by then). */
#define DS_NET_BODY_MAX (256 * 1024)

/** One transfer of the run. */
typedef struct ds_net_xfer {
	CURL *h;
	size_t target;
	ds_net_role role;
	bool truncated;       /* stopped reading a long body on purpose */
	char probe_url[DS_NET_URL_MAX + 16]; /* the TCP probe's URL of an https target */
	ds_net_outcome out;
} ds_net_xfer;

/** A run of the suite inside its job. */
typedef struct ds_net_run {
	ds_job *job;
	ds_net_suite *s;
	CURLM *multi;
	ds_net_xfer *x;
	size_t n_x;
	size_t finished;
	struct timespec t0;
} ds_net_run;

const char *ds_net_kind_name(ds_net_kind kind)
{
	static const char *const names[] = { "dns", "tcp", "tls", "http", "timing", "clock", "ipv4", "ipv6", "portal" };

	return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}

/** The translated title of a kind. */
static const char *ds_net_kind_title(ds_net_kind kind)
{
	switch (kind) {
	case DS_NET_DNS: return _("Name look-up");
	case DS_NET_TCP: return _("Connection");
	case DS_NET_TLS: return _("Secure connection");
	case DS_NET_HTTP: return _("Service answer");
	case DS_NET_TIMING: return _("Response time");
	case DS_NET_CLOCK: return _("Laptop clock");
	case DS_NET_IPV4: return _("IPv4");
	case DS_NET_IPV6: return _("IPv6");
	case DS_NET_PORTAL: return _("Sign-in page");
	}
	return "?";
}

/** Splits url into scheme and "host[:port]"; false when it is not http(s)://host... */
static bool ds_net_url_parts(const char *url, bool *https, char *host, size_t host_size, bool *literal)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *h = NULL, *port = NULL;
	bool ok = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    (strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0) && h[0]) {
		ok = true;
		*https = strcasecmp(scheme, "https") == 0;
		if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
			snprintf(host, host_size, "%s:%s", h, port);
		else
			snprintf(host, host_size, "%s", h);
		*literal = h[0] == '[' || strspn(h, "0123456789.") == strlen(h);
	}
	curl_free(scheme);
	curl_free(h);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

/** Appends a check of kind for target to s (room is reserved). */
static void ds_net_add_check(ds_net_suite *s, size_t target, ds_net_kind kind, const char *host)
{
	ds_net_check *c = &s->checks[s->n_checks++];

	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->target = target;
	snprintf(c->result.id, sizeof c->result.id, "net.%s:%.50s", ds_net_kind_name(kind), host);
	snprintf(c->result.title, sizeof c->result.title, "%s · %.70s", ds_net_kind_title(kind), host);
	c->result.grade = DS_CHECK_SKIPPED;
}

int ds_net_suite_init(ds_net_suite *s, const char *const *urls, size_t n, const ds_net_options *options,
		      char *error, size_t error_size)
{
	char host[DS_NET_URL_MAX];
	bool https, literal;
	size_t n_urls = n + (options->portal_url[0] ? 1 : 0);

	memset(s, 0, sizeof *s);
	s->options = *options;
	if (!s->options.timeout_ms)
		s->options.timeout_ms = DS_NET_DEFAULT_TIMEOUT_MS;
	s->targets = calloc(n_urls ? n_urls : 1, sizeof *s->targets);
	s->checks = calloc(n * 8 + 1, sizeof *s->checks);
	if (!s->targets || !s->checks) {
		ds_net_suite_free(s);
		snprintf(error, error_size, "%s", _("Out of memory."));
		return -1;
	}
	for (size_t i = 0; i < n_urls; i++) {
		const char *url = i < n ? urls[i] : options->portal_url;

		if (strlen(url) >= DS_NET_URL_MAX || !ds_net_url_parts(url, &https, host, sizeof host, &literal)) {
			snprintf(error, error_size, _("\"%.200s\" is not a web address: use http://host/... or https://host/..."),
				 url);
			ds_net_suite_free(s);
			return -1;
		}
		snprintf(s->targets[i], sizeof s->targets[i], "%s", url);
		if (i == n) {
			ds_net_add_check(s, i, DS_NET_PORTAL, host);
			continue;
		}
		for (ds_net_kind k = DS_NET_DNS; k <= DS_NET_IPV6; k++)
			if (k != DS_NET_TLS || https)
				ds_net_add_check(s, i, k, host);
	}
	s->n_targets = n;
	return 0;
}

int ds_net_suite_copy(ds_net_suite *dst, const ds_net_suite *src)
{
	size_t n_urls = src->n_targets + (src->options.portal_url[0] ? 1 : 0);

	memset(dst, 0, sizeof *dst);
	dst->options = src->options;
	dst->targets = malloc((n_urls ? n_urls : 1) * sizeof *dst->targets);
	dst->checks = malloc((src->n_checks ? src->n_checks : 1) * sizeof *dst->checks);
	if (!dst->targets || !dst->checks) {
		ds_net_suite_free(dst);
		return -1;
	}
	memcpy(dst->targets, src->targets, n_urls * sizeof *dst->targets);
	memcpy(dst->checks, src->checks, src->n_checks * sizeof *dst->checks);
	dst->n_targets = src->n_targets;
	dst->n_checks = src->n_checks;
	return 0;
}

void ds_net_suite_free(ds_net_suite *s)
{
	free(s->targets);
	free(s->checks);
	s->targets = NULL;
	s->checks = NULL;
	s->n_targets = s->n_checks = 0;
}

void ds_net_suite_apply(ds_net_suite *s, const ds_net_update *u)
{
	if (u->index < s->n_checks)
		s->checks[u->index] = u->check;
}

void ds_net_suite_counts(const ds_net_suite *s, size_t *finished, size_t *pass, size_t *warn, size_t *fail)
{
	size_t f = 0, p = 0, w = 0, x = 0;

	for (size_t i = 0; i < s->n_checks; i++) {
		if (s->checks[i].state != DS_NET_FINISHED)
			continue;
		f++;
		p += s->checks[i].result.grade == DS_CHECK_PASS;
		w += s->checks[i].result.grade == DS_CHECK_WARN;
		x += s->checks[i].result.grade == DS_CHECK_FAIL;
	}
	if (finished)
		*finished = f;
	if (pass)
		*pass = p;
	if (warn)
		*warn = w;
	if (fail)
		*fail = x;
}

/* ---- the run ---- */

/** Milliseconds since the run started. */
static long ds_net_elapsed_ms(const ds_net_run *r)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((now.tv_sec - r->t0.tv_sec) * 1000 + (now.tv_nsec - r->t0.tv_nsec) / 1000000);
}

/** Sets check i's state (and result) and posts the change. */
static void ds_net_post(ds_net_run *r, size_t i, ds_net_state state)
{
	ds_net_update *u = malloc(sizeof *u);

	r->s->checks[i].state = state;
	if (state == DS_NET_FINISHED) {
		r->s->checks[i].ms = ds_net_elapsed_ms(r);
		r->finished++;
		ds_job_progress(r->job, (unsigned)(r->finished * 1000 / r->s->n_checks),
				P_("Laptop: %zu of %zu network check done", "Laptop: %zu of %zu network checks done",
				   r->s->n_checks),
				r->finished, r->s->n_checks);
	}
	if (!u)
		return;
	u->index = i;
	u->check = r->s->checks[i];
	ds_job_post_item(r->job, u, free);
}

/** Gives check kind of target its result from the outcomes, unless it has one. */
static void ds_net_finish(ds_net_run *r, size_t target, ds_net_kind kind, const ds_net_outcome *full,
			  const ds_net_outcome *v4, const ds_net_outcome *v6)
{
	for (size_t i = 0; i < r->s->n_checks; i++) {
		ds_net_check *c = &r->s->checks[i];

		if (c->target != target || c->kind != kind || c->state == DS_NET_FINISHED)
			continue;
		ds_net_verdict(kind, full, v4, v6, &c->result);
		ds_net_post(r, i, DS_NET_FINISHED);
	}
}

/** Keeps the server's Date header: how far this laptop's clock is off. */
static size_t ds_net_on_header(char *buf, size_t size, size_t n, void *ud)
{
	ds_net_xfer *x = ud;
	size_t len = size * n;
	char date[128];

	if (len > 5 && strncasecmp(buf, "Date:", 5) == 0 && len - 5 < sizeof date) {
		time_t t;

		memcpy(date, buf + 5, len - 5);
		date[len - 5] = '\0';
		t = curl_getdate(date, NULL);
		if (t != -1) {
			x->out.has_date = true;
			x->out.skew_s = (long)(t - time(NULL));
		}
	}
	return len;
}

/** Counts the body and drops it; stops reading a long one. */
static size_t ds_net_on_body(char *buf, size_t size, size_t n, void *ud)
{
	ds_net_xfer *x = ud;

	(void)buf;
	x->out.body_bytes += (long long)(size * n);
	if (x->out.body_bytes > DS_NET_BODY_MAX) {
		x->truncated = true;
		return 0;
	}
	return size * n;
}

/** Writes "http://host:port/" for an https url (port 443 unless it names one). */
static bool ds_net_tcp_url(const char *url, char *out, size_t size)
{
	CURLU *u = curl_url();
	char *h = NULL, *port = NULL;
	bool ok = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK)
		ok = snprintf(out, size, "http://%s:%s/", h, port) < (int)size;
	curl_free(h);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

/** Creates the curl handle of a transfer and adds it to the multi handle. false on failure. */
static bool ds_net_xfer_start(ds_net_run *r, ds_net_xfer *x)
{
	const ds_net_options *o = &r->s->options;
	const char *url = r->s->targets[x->target];
	char host[DS_NET_URL_MAX];

	x->h = curl_easy_init();
	if (!x->h)
		return false;
	ds_net_url_parts(url, &x->out.https, host, sizeof host, &x->out.literal_host);
	x->out.timeout_ms = o->timeout_ms;
	curl_easy_setopt(x->h, CURLOPT_URL, url);
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->out.error);
	curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->h, CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
	curl_easy_setopt(x->h, CURLOPT_CONNECTTIMEOUT_MS, (long)o->timeout_ms);
	curl_easy_setopt(x->h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(x->h, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(x->h, CURLOPT_USERAGENT, "doorstep/" DS_VERSION " diagnostics");
	curl_easy_setopt(x->h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (o->ca_file[0])
		curl_easy_setopt(x->h, CURLOPT_CAINFO, o->ca_file);
	curl_easy_setopt(x->h, CURLOPT_HEADERFUNCTION, ds_net_on_header);
	curl_easy_setopt(x->h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, ds_net_on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	if (x->role == DS_ROLE_FULL && x->out.https)
		curl_easy_setopt(x->h, CURLOPT_CERTINFO, 1L);
	if (x->role == DS_ROLE_V4 || x->role == DS_ROLE_V6) {
		/* The route of one address family, TCP alone: the handshake is the
		 * TLS check's, so an https target is probed as http on its port. */
		if (x->out.https && ds_net_tcp_url(url, x->probe_url, sizeof x->probe_url))
			curl_easy_setopt(x->h, CURLOPT_URL, x->probe_url);
		curl_easy_setopt(x->h, CURLOPT_CONNECT_ONLY, 1L);
		curl_easy_setopt(x->h, CURLOPT_IPRESOLVE, x->role == DS_ROLE_V4 ? CURL_IPRESOLVE_V4 : CURL_IPRESOLVE_V6);
		curl_easy_setopt(x->h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(x->h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	return curl_multi_add_handle(r->multi, x->h) == CURLM_OK;
}

/** Days until the server certificate's "Expire date", if curl gave it. */
static void ds_net_cert_expiry(ds_net_xfer *x)
{
	struct curl_certinfo *ci = NULL;

	if (curl_easy_getinfo(x->h, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci || ci->num_of_certs < 1)
		return;
	for (struct curl_slist *l = ci->certinfo[0]; l; l = l->next) {
		time_t t;

		if (strncmp(l->data, "Expire date:", 12) != 0)
			continue;
		t = curl_getdate(l->data + 12, NULL);
		if (t == -1)
			return;
		x->out.has_expiry = true;
		x->out.cert_days_left = (long)((t - time(NULL)) / 86400);
		return;
	}
}

/** Reads the stage times and the address of a transfer so far. */
static void ds_net_read_times(ds_net_xfer *x)
{
	curl_off_t t;
	char *ip = NULL;

	if (curl_easy_getinfo(x->h, CURLINFO_NAMELOOKUP_TIME_T, &t) == CURLE_OK)
		x->out.dns_us = t;
	if (curl_easy_getinfo(x->h, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK)
		x->out.connect_us = t;
	if (curl_easy_getinfo(x->h, CURLINFO_APPCONNECT_TIME_T, &t) == CURLE_OK)
		x->out.tls_us = t;
	if (curl_easy_getinfo(x->h, CURLINFO_STARTTRANSFER_TIME_T, &t) == CURLE_OK)
		x->out.first_byte_us = t;
	if (curl_easy_getinfo(x->h, CURLINFO_TOTAL_TIME_T, &t) == CURLE_OK)
		x->out.total_us = t;
	if (curl_easy_getinfo(x->h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip)
		snprintf(x->out.ip, sizeof x->out.ip, "%s", ip);
}

/** The transfer of role for target. */
static ds_net_xfer *ds_net_xfer_of(ds_net_run *r, size_t target, ds_net_role role)
{
	for (size_t i = 0; i < r->n_x; i++)
		if (r->x[i].target == target && r->x[i].role == role)
			return &r->x[i];
	return NULL;
}

/** An https request that stopped before its TLS handshake ended reports no
 *  connect time; the TCP connection is known from the IPv4/IPv6 probes. */
static void ds_net_tcp_from_probes(ds_net_run *r, ds_net_xfer *x)
{
	for (ds_net_role role = DS_ROLE_V4; role <= DS_ROLE_V6; role++) {
		ds_net_xfer *p = ds_net_xfer_of(r, x->target, role);

		if (x->out.connect_us || !p || !p->out.done || p->out.rc != CURLE_OK)
			continue;
		x->out.connect_us = p->out.connect_us > x->out.dns_us ? p->out.connect_us : x->out.dns_us + 1;
		snprintf(x->out.ip, sizeof x->out.ip, "%s", p->out.ip);
	}
}

/** A transfer ended with rc: record what it found and finish its checks. */
static void ds_net_xfer_done(ds_net_run *r, ds_net_xfer *x, CURLcode rc)
{
	ds_net_xfer *v4, *v6;

	x->out.done = true;
	x->out.rc = rc == CURLE_WRITE_ERROR && x->truncated ? CURLE_OK : rc;
	ds_net_read_times(x);
	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &x->out.status);
	curl_easy_getinfo(x->h, CURLINFO_SSL_VERIFYRESULT, &x->out.verify_result);
	switch (x->role) {
	case DS_ROLE_FULL:
		if (x->out.https && x->out.rc == CURLE_OK)
			ds_net_cert_expiry(x);
		ds_net_tcp_from_probes(r, x);
		for (ds_net_kind k = DS_NET_DNS; k <= DS_NET_CLOCK; k++)
			ds_net_finish(r, x->target, k, &x->out, NULL, NULL);
		return;
	case DS_ROLE_V4:
	case DS_ROLE_V6:
		if (x->out.rc == CURLE_OK)
			ds_net_finish(r, x->target, DS_NET_TCP, &x->out, NULL, NULL);
		v4 = ds_net_xfer_of(r, x->target, DS_ROLE_V4);
		v6 = ds_net_xfer_of(r, x->target, DS_ROLE_V6);
		if (v4 && v6 && v4->out.done && v6->out.done) {
			ds_net_finish(r, x->target, DS_NET_IPV4, NULL, &v4->out, &v6->out);
			ds_net_finish(r, x->target, DS_NET_IPV6, NULL, &v4->out, &v6->out);
		}
		return;
	case DS_ROLE_PROBE:
		ds_net_finish(r, x->target, DS_NET_PORTAL, &x->out, NULL, NULL);
		return;
	}
}

/** Shows the stages a full request has passed while it still runs (name
 *  resolved, connected), so those checks finish as soon as they can. */
static void ds_net_live_stages(ds_net_run *r)
{
	for (size_t i = 0; i < r->n_x; i++) {
		ds_net_xfer *x = &r->x[i];
		ds_net_outcome seen;

		if (x->role != DS_ROLE_FULL || x->out.done)
			continue;
		ds_net_read_times(x);
		seen = x->out;
		seen.rc = CURLE_OK;
		if (x->out.dns_us > 0 || x->out.literal_host)
			if (x->out.connect_us > 0 || !x->out.literal_host)
				ds_net_finish(r, x->target, DS_NET_DNS, &seen, NULL, NULL);
		if (x->out.connect_us > 0)
			ds_net_finish(r, x->target, DS_NET_TCP, &seen, NULL, NULL);
	}
}

/** Ends every transfer still running as timed out (the run's own guard). */
static void ds_net_give_up(ds_net_run *r)
{
	for (size_t i = 0; i < r->n_x; i++)
		if (!r->x[i].out.done)
			ds_net_xfer_done(r, &r->x[i], CURLE_OPERATION_TIMEDOUT);
}

/** Frees the run's handles. */
static void ds_net_run_free(ds_net_run *r)
{
	for (size_t i = 0; i < r->n_x; i++) {
		if (!r->x[i].h)
			continue;
		curl_multi_remove_handle(r->multi, r->x[i].h);
		curl_easy_cleanup(r->x[i].h);
	}
	free(r->x);
	curl_multi_cleanup(r->multi);
}

static pthread_once_t ds_net_curl_once = PTHREAD_ONCE_INIT;

/** curl's global set-up, once per process. */
static void ds_net_curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/** Lists the transfers: three per target, one for the probe. */
static bool ds_net_plan(ds_net_run *r)
{
	size_t n = r->s->n_targets * 3 + (r->s->options.portal_url[0] ? 1 : 0);

	r->x = calloc(n ? n : 1, sizeof *r->x);
	if (!r->x)
		return false;
	for (size_t t = 0; t < r->s->n_targets; t++)
		for (ds_net_role role = DS_ROLE_FULL; role <= DS_ROLE_V6; role++)
			r->x[r->n_x++] = (ds_net_xfer){ .target = t, .role = role };
	if (r->s->options.portal_url[0])
		r->x[r->n_x++] = (ds_net_xfer){ .target = r->s->n_targets, .role = DS_ROLE_PROBE };
	return true;
}

ds_status ds_net_suite_job(ds_job *job, void *arg)
{
	ds_net_run r = { .job = job, .s = arg };
	long guard_ms;
	int running = 1;
	ds_status st = DS_OK;

	pthread_once(&ds_net_curl_once, ds_net_curl_init);
	clock_gettime(CLOCK_MONOTONIC, &r.t0);
	guard_ms = (long)r.s->options.timeout_ms + 2000;
	r.multi = curl_multi_init();
	if (!r.multi || !ds_net_plan(&r)) {
		ds_net_run_free(&r);
		return ds_job_fail(job, DS_ERR_NO_MEMORY, "%s", _("Out of memory: the network checks could not start."));
	}
	curl_multi_setopt(r.multi, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING);
	for (size_t i = 0; i < r.n_x; i++)
		if (!ds_net_xfer_start(&r, &r.x[i])) {
			ds_net_run_free(&r);
			return ds_job_fail(job, DS_ERR_INTERNAL, "%s",
					   _("The network checks could not start (libcurl refused a transfer)."));
		}
	for (size_t i = 0; i < r.s->n_checks; i++)
		ds_net_post(&r, i, DS_NET_RUNNING);
	ds_job_progress(job, 0,
			P_("Laptop: %zu of %zu network check done", "Laptop: %zu of %zu network checks done", r.s->n_checks),
			(size_t)0, r.s->n_checks);
	while (running) {
		CURLMsg *msg;
		int left;

		if (curl_multi_perform(r.multi, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(r.multi, &left))) {
			ds_net_xfer *x = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			if (x && !x->out.done)
				ds_net_xfer_done(&r, x, msg->data.result);
		}
		ds_net_live_stages(&r);
		if (!running)
			break;
		if (ds_job_cancelled(job)) {
			st = DS_ERR_CANCELLED;
			break;
		}
		if (ds_net_elapsed_ms(&r) > guard_ms)
			break;
		curl_multi_poll(r.multi, NULL, 0, 100, NULL);
	}
	if (st == DS_OK)
		ds_net_give_up(&r);
	r.s->wall_ms = ds_net_elapsed_ms(&r);
	ds_net_run_free(&r);
	return st;
}
