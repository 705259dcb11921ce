/* The operator database parser against the installed serviceproviders.xml
 * of mobile-broadband-provider-info, a missing and a damaged file, and how
 * the operator of a shared network code is chosen. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/mno/operator_db.h"
#include "tests/support/test_support.h"

static const char *tmp;

static void setup(void)
{
	tmp = ds_test_tmpdir();
	unsetenv(DS_MNO_DB_ENV);
}

static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(operator_db, .init = setup, .fini = teardown);

/** Writes text to tmp/name and returns the path (static). */
static const char *write_file(const char *name, const char *text)
{
	static char path[4200];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmp, name);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/** The installed database, or a failed test. */
static ds_mno_db *installed(void)
{
	char message[512];
	ds_mno_db *db = ds_mno_db_load(DS_MNO_DB_PATH, message, sizeof message);

	cr_assert_not_null(db, "%s", message);
	return db;
}

Test(operator_db, installed_file_names_german_operators)
{
	ds_mno_db *db = installed();
	const ds_mno_operator *t = ds_mno_db_find(db, "262", "01");
	const ds_mno_operator *v = ds_mno_db_find(db, "262", "02");
	const ds_mno_operator *o = ds_mno_db_find(db, "262", "03");

	cr_assert_not_null(t);
	cr_assert_not_null(v);
	cr_assert_not_null(o);
	cr_assert(strstr(t->name, "Telekom"), "262-01 is %s", t->name);
	cr_assert_str_eq(v->name, "Vodafone", "the network owner (most codes) names 262-02");
	cr_assert(strstr(v->brands, "Bild Mobil"), "resellers kept as brands: %s", v->brands);
	cr_assert_str_eq(o->name, "E-Plus", "the provider marked primary names 262-03");
	cr_assert_str_eq(t->country, "de");
	cr_assert_str_eq(t->country_name, "Germany");
	cr_assert_str_eq(ds_mno_db_country(db, "208"), "France");
	ds_mno_db_free(db);
}

Test(operator_db, installed_file_is_sorted_and_unique)
{
	ds_mno_db *db = installed();
	size_t n = ds_mno_db_count(db);

	cr_assert_gt(n, 500, "only %zu network codes", n);
	for (size_t i = 1; i < n; i++) {
		const ds_mno_operator *a = ds_mno_db_at(db, i - 1), *b = ds_mno_db_at(db, i);
		int c = strcmp(a->mcc, b->mcc);

		cr_assert(c < 0 || (c == 0 && strcmp(a->mnc, b->mnc) < 0), "%s-%s before %s-%s", a->mcc, a->mnc,
			  b->mcc, b->mnc);
		cr_assert(ds_mno_mcc_valid(b->mcc));
		cr_assert(b->name[0], "%s-%s has no name", b->mcc, b->mnc);
	}
	cr_assert_null(ds_mno_db_find(db, "999", "99"));
	cr_assert_null(ds_mno_db_at(db, n));
	ds_mno_db_free(db);
}

Test(operator_db, missing_file_says_which_package_to_install)
{
	char path[4200], message[512];

	snprintf(path, sizeof path, "%s/absent.xml", tmp);
	cr_assert_null(ds_mno_db_load(path, message, sizeof message));
	cr_assert(strstr(message, "missing"), "%s", message);
	cr_assert(strstr(message, "apt-get install mobile-broadband-provider-info"), "%s", message);
}

Test(operator_db, damaged_file_is_refused_with_the_line)
{
	const char *path = write_file("bad.xml", "<serviceproviders>\n<country code=\"de\">\n</serviceproviders>\n");
	char message[512];

	cr_assert_null(ds_mno_db_load(path, message, sizeof message));
	cr_assert(strstr(message, "damaged") && strstr(message, "line 3"), "%s", message);
}

Test(operator_db, deep_nesting_is_read_without_overrun)
{
	/* More nested elements than the parser records: it must neither read past
	 * its stack nor take the inner codes for known ones. */
	char xml[8192];
	size_t used = 0;
	const char *path;
	char message[512];
	ds_mno_db *db;

	used += (size_t)snprintf(xml + used, sizeof xml - used,
				 "<serviceproviders><country code=\"de\"><provider><name>Outer</name><gsm>"
				 "<network-id mcc=\"262\" mnc=\"01\"/></gsm></provider>");
	for (int i = 0; i < 40; i++)
		used += (size_t)snprintf(xml + used, sizeof xml - used, "<x%d>", i);
	used += (size_t)snprintf(xml + used, sizeof xml - used,
				 "<provider><name>Deep</name><gsm><network-id mcc=\"262\" mnc=\"99\"/></gsm></provider>");
	for (int i = 39; i >= 0; i--)
		used += (size_t)snprintf(xml + used, sizeof xml - used, "</x%d>", i);
	snprintf(xml + used, sizeof xml - used, "</country></serviceproviders>");
	path = write_file("deep.xml", xml);
	db = ds_mno_db_load(path, message, sizeof message);
	cr_assert_not_null(db, "%s", message);
	cr_assert_not_null(ds_mno_db_find(db, "262", "01"));
	cr_assert_null(ds_mno_db_find(db, "262", "99"), "a provider buried in unknown elements is not a country's");
	ds_mno_db_free(db);
}

Test(operator_db, file_without_codes_is_refused)
{
	const char *path = write_file("empty.xml", "<serviceproviders format=\"2.0\"></serviceproviders>");
	char message[512];

	cr_assert_null(ds_mno_db_load(path, message, sizeof message));
	cr_assert(strstr(message, "names no network code"), "%s", message);
}

Test(operator_db, shared_codes_primary_then_most_codes_then_first)
{
	const char *path = write_file(
		"small.xml",
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<serviceproviders format=\"2.0\">\n"
		"<country code=\"xx\"><name>Testland</name>\n"
		" <provider><name>Reseller A</name><gsm><network-id mcc=\"001\" mnc=\"01\"/>"
		"  <apn value=\"a\"><name>APN name is not the operator</name></apn></gsm></provider>\n"
		" <provider><name xml:lang=\"de\">Netz</name><name>  Network &amp; Co  </name>"
		"  <gsm><network-id mcc=\"001\" mnc=\"01\"/><network-id mcc=\"001\" mnc=\"02\"/></gsm></provider>\n"
		" <provider primary=\"true\"><name>Marked</name><gsm><network-id mcc=\"001\" mnc=\"03\"/></gsm></provider>\n"
		" <provider><name>Big</name><gsm><network-id mcc=\"001\" mnc=\"03\"/><network-id mcc=\"001\" mnc=\"04\"/>"
		"  <network-id mcc=\"001\" mnc=\"05\"/></gsm></provider>\n"
		" <provider><name>Bad code</name><gsm><network-id mcc=\"1\" mnc=\"x\"/></gsm></provider>\n"
		"</country></serviceproviders>\n");
	char message[512];
	ds_mno_db *db;
	const ds_mno_operator *op;

	setenv(DS_MNO_DB_ENV, path, 1);
	cr_assert_str_eq(ds_mno_db_path(), path);
	db = ds_mno_db_load(ds_mno_db_path(), message, sizeof message);
	cr_assert_not_null(db, "%s", message);
	cr_assert_eq(ds_mno_db_count(db), 5);
	op = ds_mno_db_find(db, "001", "01");
	cr_assert_str_eq(op->name, "Network & Co");
	cr_assert_str_eq(op->brands, "Reseller A");
	cr_assert_str_eq(op->country_name, "Testland");
	op = ds_mno_db_find(db, "001", "03");
	cr_assert_str_eq(op->name, "Marked");
	cr_assert_str_eq(op->brands, "Big");
	ds_mno_db_free(db);
}

Test(operator_db, mcc_validation)
{
	cr_assert(ds_mno_mcc_valid("262"));
	cr_assert_not(ds_mno_mcc_valid("26"));
	cr_assert_not(ds_mno_mcc_valid("2620"));
	cr_assert_not(ds_mno_mcc_valid("26a"));
	cr_assert_not(ds_mno_mcc_valid(""));
	cr_assert_not(ds_mno_mcc_valid(NULL));
}
