/* The host HTTP service as a plugin sees it (app/plugin/host_http.c): the
 * fixture tests/fixtures/http_client.c runs in its own runner process and
 * fetches from the test servers (tests/support/http_auth_server.py) over
 * trust on first use; the pin question travels to doorstep
 * (DS_WHOST_CERT_PIN), which answers from the pin store the test registers
 * and records what it refused for the job. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/core/devices.h"
#include "app/core/site.h"
#include "app/core/site_certs.h"
#include "app/core/site_store.h"
#include "app/plugin/host_http.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/plugin_runner.h"
#include "tests/support/http_fixture.h"
#include "tests/support/test_support.h"

static char tmpdir[4096];
static ds_http_fixture fx;
static ds_plugin_set *set;
static ds_loaded_plugin *lp;
static ds_jobs *jobs;

/** The pin store the test registers: one remembered certificate, or none. */
static struct {
	char hostport[64];
	char fingerprint[128];
	int asked;
} store;

static bool lookup(void *ctx, const char *hostport, char *fingerprint, size_t fingerprint_size, char *accepted,
		   size_t accepted_size)
{
	(void)ctx;
	store.asked++;
	if (!store.fingerprint[0] || strcmp(store.hostport, hostport) != 0)
		return false;
	snprintf(fingerprint, fingerprint_size, "%s", store.fingerprint);
	snprintf(accepted, accepted_size, "%s", "2026-11-30");
	return true;
}

static void setup(void)
{
	char dir[4200];

	snprintf(tmpdir, sizeof tmpdir, "%s", ds_test_english_with_log());
	snprintf(dir, sizeof dir, "%s/servers", tmpdir);
	cr_assert_eq(ds_http_fixture_start(&fx, dir), 0, "the test servers did not start");
	snprintf(dir, sizeof dir, "%s/http-client", ds_test_fixture_dir());
	set = ds_plugins_load(dir);
	cr_assert_not_null(set);
	cr_assert_eq(set->n_loaded, 1, "%s", set->n_rejected ? set->rejected[0].reason : "");
	lp = set->loaded[0];
	cr_assert_gt(ds_runner_pid(lp), 0, "the plugin runs in a process of its own");
	jobs = ds_jobs_new(1);
	cr_assert_not_null(jobs);
	memset(&store, 0, sizeof store);
	ds_cert_pins_set(lookup, NULL);
}

static void teardown(void)
{
	ds_cert_pins_set(NULL, NULL);
	ds_jobs_free(jobs);
	ds_plugins_free(set);
	ds_http_fixture_stop(&fx);
	ds_log_close();
	ds_test_rmtree(tmpdir);
}

TestSuite(host_http, .init = setup, .fini = teardown, .timeout = 60);

/** One device job: open the URL, read its info, take any refusal. */
struct ctx {
	char url[128];
	ds_device_info info;
	bool refused;
	ds_cert_refusal refusal;
};

static ds_status info_job_keep(ds_job *job, void *arg);

static ds_status info_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;
	ds_status st = info_job_keep(job, arg);

	if (st == DS_ERR_UNTRUSTED)
		c->refused = ds_cert_refusal_take(ds_job_id(job), &c->refusal);
	return st;
}

/** info_job that leaves the refusal for whoever sees the job end. */
static ds_status info_job_keep(ds_job *job, void *arg)
{
	struct ctx *c = arg;
	ds_device *dev = NULL;
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.open(job, c->url, &dev));
	if (st == DS_OK)
		DS_PLUGIN_CALL(lp, st = lp->desc.device_info(job, dev, &c->info));
	if (dev)
		DS_PLUGIN_CALL(lp, lp->desc.close(dev));
	return st;
}

/** Waits (up to 30 s) for the DONE of job_id: its status and message. */
static ds_status wait_done(uint64_t job_id, char *message, size_t size)
{
	ds_event ev;

	for (int i = 0; i < 300; i++)
		while (ds_jobs_wait_event(jobs, &ev, 100))
			if (ev.type == DS_EVENT_DONE && ev.job_id == job_id) {
				snprintf(message, size, "%s", ev.message);
				return ev.status;
			}
	return DS_ERR_TIMEOUT;
}

static ds_status run_info(struct ctx *c, int port, char *message, size_t size)
{
	snprintf(c->url, sizeof c->url, "https://127.0.0.1:%d/basic", port);
	return ds_jobs_run(jobs, info_job, c, NULL, NULL, message, size);
}

Test(host_http, first_use_is_refused_with_the_fingerprint)
{
	struct ctx c = { 0 };
	char message[512], fp[128], hp[64];

	cr_assert_eq(run_info(&c, fx.https_a, message, sizeof message), DS_ERR_UNTRUSTED, "%s", message);
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "a", fp, sizeof fp), 0);
	cr_assert(strstr(message, "has not seen before"), "%s", message);
	cr_assert(strstr(message, fp), "the message names the fingerprint: %s", message);
	cr_assert_eq(store.asked, 1, "doorstep's pin store was asked");
	cr_assert(c.refused, "the refusal is recorded for the job");
	snprintf(hp, sizeof hp, "127.0.0.1:%d", fx.https_a);
	cr_assert_str_eq(c.refusal.hostport, hp);
	cr_assert_str_eq(c.refusal.fingerprint, fp);
	cr_assert_not(c.refusal.changed);
	cr_assert_eq(ds_http_fixture_seen(&fx, "https_a"), 0, "no request reached the server");
}

Test(host_http, accepted_certificate_works_from_the_runner)
{
	struct ctx c = { 0 };
	char message[512];

	snprintf(store.hostport, sizeof store.hostport, "127.0.0.1:%d", fx.https_a);
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "a", store.fingerprint, sizeof store.fingerprint), 0);
	cr_assert_eq(run_info(&c, fx.https_a, message, sizeof message), DS_OK, "%s", message);
	cr_assert_str_eq(c.info.model, "basic ok");
	cr_assert_str_eq(c.info.name, store.fingerprint);
	cr_assert_not(c.refused);
}

Test(host_http, header_lines_reach_the_plugin_through_request_ex)
{
	struct ctx c = { 0 };
	char message[512];

	snprintf(store.hostport, sizeof store.hostport, "127.0.0.1:%d", fx.https_a);
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "a", store.fingerprint, sizeof store.fingerprint), 0);
	snprintf(c.url, sizeof c.url, "https://127.0.0.1:%d/cookie", fx.https_a);
	cr_assert_eq(ds_jobs_run(jobs, info_job, &c, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	cr_assert_str_eq(c.info.model, "cookies");
	cr_assert_str_eq(c.info.firmware, "session=2718281828", "the cookie the server set: %s", c.info.firmware);
}

Test(host_http, changed_certificate_is_refused_with_the_date)
{
	struct ctx c = { 0 };
	char message[512], fp_b[128];

	/* a was accepted for https_b's address, where b answers. */
	snprintf(store.hostport, sizeof store.hostport, "127.0.0.1:%d", fx.https_b);
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "a", store.fingerprint, sizeof store.fingerprint), 0);
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "b", fp_b, sizeof fp_b), 0);
	cr_assert_eq(run_info(&c, fx.https_b, message, sizeof message), DS_ERR_UNTRUSTED, "%s", message);
	cr_assert(strstr(message, "changed since you accepted it on 2026-11-30"), "%s", message);
	cr_assert(c.refused);
	cr_assert(c.refusal.changed);
	cr_assert_str_eq(c.refusal.fingerprint, fp_b);
	cr_assert_eq(ds_http_fixture_seen(&fx, "https_b"), 0, "the impostor received credentials");
}

/** The site's pin store end to end: a first use is refused and offered,
 *  the installer accepts the offer, and the same job run again works. */
Test(host_http, accepting_the_offer_lets_the_retry_work)
{
	struct ctx c = { 0 };
	char message[512], fp[128];
	ds_site *site = ds_site_new("certs");
	ds_cert_offer offer;
	uint64_t job_id;

	cr_assert_not_null(site);
	ds_site_certs_publish(site);
	snprintf(c.url, sizeof c.url, "https://127.0.0.1:%d/basic", fx.https_a);
	job_id = ds_jobs_submit(jobs, info_job_keep, &c);
	cr_assert_gt(job_id, 0);
	cr_assert_eq(wait_done(job_id, message, sizeof message), DS_ERR_UNTRUSTED, "%s", message);
	cr_assert(ds_cert_offer_take(job_id, &offer), "the refusal is offered under the job's id");
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "a", fp, sizeof fp), 0);
	cr_assert_str_eq(offer.sha256, fp);
	cr_assert_not(offer.changed);
	cr_assert_not(ds_cert_offer_take(job_id, &offer), "taken once");

	cr_assert_eq(ds_site_cert_accept(site, offer.hostport, offer.sha256), 0);
	job_id = ds_jobs_submit(jobs, info_job_keep, &c);
	cr_assert_eq(wait_done(job_id, message, sizeof message), DS_OK, "%s", message);
	cr_assert_str_eq(c.info.model, "basic ok");
	ds_site_free(site); /* unpublishes it */
	cr_assert_eq(run_info(&c, fx.https_a, message, sizeof message), DS_ERR_UNTRUSTED, "%s", message);
}

/** Runs `doorstep run` on a plan with the fixture's camera; its exit status,
 *  stderr into err (caller frees). */
static int run_plan(const char *certificate, char **err)
{
	char plan[4200], dir[4200], entry[1024];
	const char *argv[] = { getenv("DOORSTEP_BIN"), "run", plan, NULL };
	char *out = NULL;
	FILE *f;
	int rc;

	snprintf(plan, sizeof plan, "%s/plan.json", tmpdir);
	snprintf(dir, sizeof dir, "%s/http-client", ds_test_fixture_dir());
	setenv("DOORSTEP_PLUGIN_PATH", dir, 1);
	if (certificate)
		snprintf(entry, sizeof entry, ", \"certificate\": \"%s\"", certificate);
	else
		entry[0] = '\0';
	f = fopen(plan, "w");
	cr_assert_not_null(f);
	fprintf(f,
		"{\"site\": \"Cameras\", \"diagnostics\": false, \"devices\": ["
		"{\"qr\": \"FXHTTP:https://127.0.0.1:%d/basic\", \"name\": \"Gate camera\"%s}]}\n",
		fx.https_a, entry);
	fclose(f);
	rc = ds_test_run(argv, NULL, &out, err);
	free(out);
	unsetenv("DOORSTEP_PLUGIN_PATH");
	return rc;
}

Test(host_http, plan_names_the_certificate_to_accept)
{
	char fp[128], hp[64], msg[512], *err = NULL;
	ds_site *site = NULL;

	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "a", fp, sizeof fp), 0);
	cr_assert_neq(run_plan(NULL, &err), 0, "a plan without the certificate fails: %s", err);
	cr_assert(strstr(err, fp), "the message names the fingerprint: %s", err);
	cr_assert(strstr(err, "\"certificate\""), "and says to add it to the plan: %s", err);
	free(err);
	err = NULL;
	run_plan(fp, &err); /* exits 1 as the setup is not complete (no cellular): not this test's business */
	cr_assert(strstr(err, "Accepted the certificate of"), "%s", err);
	cr_assert(strstr(err, "Added Gate camera"), "%s", err);
	free(err);
	cr_assert_eq(ds_http_fixture_seen(&fx, "https_a"), 1, "the camera got the password once it was accepted");
	cr_assert_eq(ds_site_load("Cameras", &site, msg, sizeof msg), DS_SITE_LOADED, "%s", msg);
	snprintf(hp, sizeof hp, "127.0.0.1:%d", fx.https_a);
	cr_assert_not_null(ds_site_cert_find(site, hp), "the site remembers it");
	cr_assert_str_eq(ds_site_cert_find(site, hp)->sha256, fp);
	ds_site_free(site);
}
