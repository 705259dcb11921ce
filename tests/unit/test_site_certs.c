/* Accepted certificates in the site (app/core/site_certs.c): the file
 * format, accept and forget, fingerprints in any spelling, and the pin
 * store the plugin host asks (app/plugin/host_http.h). */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/site.h"
#include "app/core/site_certs.h"
#include "app/core/site_store.h"
#include "app/plugin/host_http.h"
#include "tests/support/test_support.h"

#define FP "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
#define FP2 "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"

TestSuite(site_certs, .init = (void (*)(void))ds_test_english_with_log);

Test(site_certs, fingerprints_in_any_spelling)
{
	char out[96];

	cr_assert(ds_site_cert_normalize(FP, out));
	cr_assert_str_eq(out, FP);
	cr_assert(ds_site_cert_normalize("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", out));
	cr_assert_str_eq(out, FP);
	cr_assert_not(ds_site_cert_normalize("AB:CD", out), "too short");
	cr_assert_not(ds_site_cert_normalize(FP ":00", out), "too long");
	cr_assert_not(ds_site_cert_normalize("zz" FP, out), "not hex");
}

Test(site_certs, saved_and_loaded_in_the_site_file)
{
	ds_site *site = ds_site_new("Cert house"), *back = NULL;
	char msg[512], path[4096], *text;
	cJSON *json, *entry;
	FILE *f;
	long n;

	cr_assert_not_null(site);
	cr_assert_eq(ds_site_cert_accept(site, "192.168.1.64:443",
					 "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"),
		     0);
	cr_assert_eq(ds_site_cert_accept(site, "[fe80::1]:8443", FP2), 0);
	cr_assert_eq(ds_site_cert_accept(site, "192.168.1.64:443", FP), 0, "accepting again replaces");
	cr_assert_eq(site->n_certs, 2);
	cr_assert_neq(ds_site_cert_accept(site, "192.168.1.65:443", "not a fingerprint"), 0);
	cr_assert_eq(ds_site_save(site, msg, sizeof msg), 0, "%s", msg);

	/* The file says it the documented way. */
	cr_assert_eq(ds_site_path("Cert house", path, sizeof path), 0);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	json = cJSON_Parse(text);
	free(text);
	entry = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(json, "certificates"),
						 "192.168.1.64:443");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "sha256")), FP);
	cr_assert_eq(strlen(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "accepted"))), 20);
	cJSON_Delete(json);

	cr_assert_eq(ds_site_load("Cert house", &back, msg, sizeof msg), DS_SITE_LOADED, "%s", msg);
	cr_assert_eq(back->n_certs, 2);
	cr_assert_str_eq(ds_site_cert_find(back, "[fe80::1]:8443")->sha256, FP2);
	cr_assert_str_eq(ds_site_cert_find(back, "192.168.1.64:443")->accepted,
			 ds_site_cert_find(site, "192.168.1.64:443")->accepted);
	cr_assert(ds_site_cert_forget(back, "192.168.1.64:443"));
	cr_assert_null(ds_site_cert_find(back, "192.168.1.64:443"));
	cr_assert_not(ds_site_cert_forget(back, "192.168.1.64:443"));
	ds_site_free(back);
	ds_site_free(site);
}

Test(site_certs, the_published_site_is_the_pin_store)
{
	ds_site *site = ds_site_new("Pins");
	char accepted[64];

	cr_assert_eq(ds_site_cert_accept(site, "10.0.0.5:443", FP), 0);
	cr_assert_eq(ds_cert_pin_check(NULL, "10.0.0.5:443", FP, accepted, sizeof accepted), DS_HTTP_PIN_IS_UNKNOWN,
		     "not published yet");
	ds_site_certs_publish(site);
	cr_assert_eq(ds_cert_pin_check(NULL, "10.0.0.5:443", FP, accepted, sizeof accepted), DS_HTTP_PIN_IS_ACCEPTED);
	cr_assert_eq(ds_cert_pin_check(NULL, "10.0.0.5:443", FP2, accepted, sizeof accepted), DS_HTTP_PIN_IS_OTHER);
	cr_assert_str_eq(accepted, ds_site_cert_find(site, "10.0.0.5:443")->accepted);
	cr_assert_eq(ds_cert_pin_check(NULL, "10.0.0.6:443", FP, accepted, sizeof accepted), DS_HTTP_PIN_IS_UNKNOWN);
	/* accepting on the published site reaches the store at once */
	cr_assert_eq(ds_site_cert_accept(site, "10.0.0.6:443", FP2), 0);
	cr_assert_eq(ds_cert_pin_check(NULL, "10.0.0.6:443", FP2, accepted, sizeof accepted), DS_HTTP_PIN_IS_ACCEPTED);
	cr_assert(ds_site_cert_forget(site, "10.0.0.6:443"));
	cr_assert_eq(ds_cert_pin_check(NULL, "10.0.0.6:443", FP2, accepted, sizeof accepted), DS_HTTP_PIN_IS_UNKNOWN);
	ds_site_free(site);
	cr_assert_eq(ds_cert_pin_check(NULL, "10.0.0.5:443", FP, accepted, sizeof accepted), DS_HTTP_PIN_IS_UNKNOWN,
		     "a freed site is no longer the store");
}
