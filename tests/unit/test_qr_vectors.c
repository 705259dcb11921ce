/* Every case of tests/data/vectors/qr-payloads.json ($DOORSTEP_VECTORS),
 * twice: through the decoder (ds_qr_decode + ds_qr_json) and through the
 * real binary (`doorstep qr decode --json`). Every field a case expects must
 * be reported with that value; a case marked "error" must be refused, and
 * the binary must exit 2 with a message. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/secret.h"
#include "app/qr/qr_decode.h"
#include "app/qr/qr_json.h"
#include "tests/support/test_support.h"

/** The vectors the issue names; the file must hold at least this many. */
#define MIN_CASES 18
/** Upper bound of cases a parameterized test can take. */
#define MAX_CASES 256

static const char *tmp;

/** Reads the vectors file; NULL when it is missing or not JSON. */
static cJSON *load_vectors(void)
{
	const char *dir = getenv("DOORSTEP_VECTORS");
	char path[4096];
	cJSON *root = NULL;
	char *text;
	long size;
	FILE *f;

	snprintf(path, sizeof path, "%s/qr-payloads.json", dir && *dir ? dir : "tests/data/vectors");
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		text = malloc((size_t)size + 1);
		if (text && fread(text, 1, (size_t)size, f) == (size_t)size) {
			text[size] = '\0';
			root = cJSON_Parse(text);
		}
		free(text);
	}
	fclose(f);
	return root;
}

/** The cases array of the vectors, or NULL. */
static const cJSON *cases_of(const cJSON *root)
{
	const cJSON *cases = cJSON_GetObjectItemCaseSensitive(root, "cases");

	return cJSON_IsArray(cases) ? cases : NULL;
}

/** True when got holds every field of expect with the same value (arrays:
 *  same length, each element matching); on a mismatch, describes it in why. */
static bool json_matches(const cJSON *expect, const cJSON *got, const char *path, char *why, size_t why_size)
{
	char sub[256];

	if (!got) {
		snprintf(why, why_size, "%s is missing", path);
		return false;
	}
	if (cJSON_IsObject(expect)) {
		const cJSON *e;

		if (!cJSON_IsObject(got)) {
			snprintf(why, why_size, "%s is not an object", path);
			return false;
		}
		cJSON_ArrayForEach(e, expect) {
			snprintf(sub, sizeof sub, "%s.%s", path, e->string);
			if (!json_matches(e, cJSON_GetObjectItemCaseSensitive(got, e->string), sub, why, why_size))
				return false;
		}
		return true;
	}
	if (cJSON_IsArray(expect)) {
		int n = cJSON_GetArraySize(expect);

		if (!cJSON_IsArray(got) || cJSON_GetArraySize(got) != n) {
			snprintf(why, why_size, "%s: expected an array of %d", path, n);
			return false;
		}
		for (int i = 0; i < n; i++) {
			snprintf(sub, sizeof sub, "%s[%d]", path, i);
			if (!json_matches(cJSON_GetArrayItem(expect, i), cJSON_GetArrayItem(got, i), sub, why, why_size))
				return false;
		}
		return true;
	}
	if (cJSON_IsNumber(expect) && cJSON_IsNumber(got) && expect->valuedouble == got->valuedouble)
		return true;
	if (cJSON_IsString(expect) && cJSON_IsString(got) && strcmp(expect->valuestring, got->valuestring) == 0)
		return true;
	if (cJSON_IsBool(expect) && cJSON_IsBool(got) && cJSON_IsTrue(expect) == cJSON_IsTrue(got))
		return true;
	{
		char *e = cJSON_PrintUnformatted(expect), *g = cJSON_PrintUnformatted(got);

		snprintf(why, why_size, "%s: expected %s, got %s", path, e ? e : "?", g ? g : "?");
		free(e);
		free(g);
	}
	return false;
}

/** A fresh XDG tree and secure memory per test. */
static void setup(void)
{
	cr_assert_eq(ds_secret_init(), 0);
	tmp = ds_test_tmpdir();
	unsetenv("DOORSTEP_PLUGIN_PATH");
}

/** Removes it. */
static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(qr_vectors, .init = setup, .fini = teardown, .timeout = 120);

Test(qr_vectors, file_is_there_and_complete)
{
	cJSON *root = load_vectors();

	cr_assert_not_null(root, "cannot read qr-payloads.json from $DOORSTEP_VECTORS (%s)", getenv("DOORSTEP_VECTORS"));
	cr_assert_not_null(cases_of(root));
	cr_assert_geq(cJSON_GetArraySize(cases_of(root)), MIN_CASES);
	cr_assert_leq(cJSON_GetArraySize(cases_of(root)), MAX_CASES);
	cJSON_Delete(root);
}

/** One parameter per case: the case's index. */
static struct criterion_test_params case_params(void)
{
	static int idx[MAX_CASES];
	cJSON *root = load_vectors();
	int n = root && cases_of(root) ? cJSON_GetArraySize(cases_of(root)) : 0;

	if (n > MAX_CASES)
		n = MAX_CASES;
	for (int i = 0; i < n; i++)
		idx[i] = i;
	cJSON_Delete(root);
	return cr_make_param_array(int, idx, (size_t)n);
}

ParameterizedTestParameters(qr_vectors, decoder)
{
	return case_params();
}

/** Loads case i; fills input, expect (or NULL) and error. Caller deletes *root. */
static void load_case(int i, cJSON **root, const char **input, const cJSON **expect, bool *error)
{
	const cJSON *c;

	*root = load_vectors();
	cr_assert_not_null(*root);
	c = cJSON_GetArrayItem(cases_of(*root), i);
	cr_assert_not_null(c);
	*input = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "input"));
	cr_assert_not_null(*input);
	*expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
	*error = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "error"));
	cr_assert(*error || *expect, "case %d has neither expect nor error", i);
}

ParameterizedTest(int *i, qr_vectors, decoder)
{
	const cJSON *expect;
	const char *input;
	ds_qr_decoded *d;
	ds_qr_error err;
	cJSON *root;
	bool error;
	char why[512];

	load_case(*i, &root, &input, &expect, &error);
	memset(&err, 0, sizeof err);
	d = ds_qr_decode(input, strlen(input), &err);
	if (error) {
		cr_assert_null(d, "\"%s\" must be refused", input);
		cr_assert_neq(err.message[0], '\0', "\"%s\": no message", input);
		cr_assert_leq(err.offset, strlen(input), "\"%s\": offset %zu past the end", input, err.offset);
	} else {
		cJSON *got;

		cr_assert_not_null(d, "\"%s\" refused: byte %zu, %s: %s", input, err.offset, err.field, err.message);
		got = ds_qr_json(d);
		cr_assert(json_matches(expect, got, "$", why, sizeof why), "\"%s\": %s", input, why);
		ds_qr_json_free(got);
		ds_qr_decoded_free(d);
	}
	cJSON_Delete(root);
}

ParameterizedTestParameters(qr_vectors, binary)
{
	return case_params();
}

ParameterizedTest(int *i, qr_vectors, binary)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), "qr", "decode", "--json", NULL, NULL };
	const cJSON *expect;
	const char *input;
	char *out = NULL, *err = NULL;
	cJSON *root, *got;
	bool error;
	char why[512];
	int rc;

	cr_assert_not_null(argv[0], "DOORSTEP_BIN is not set");
	load_case(*i, &root, &input, &expect, &error);
	argv[4] = input;
	rc = ds_test_run(argv, "", &out, &err);
	if (error) {
		cr_assert_eq(rc, 2, "\"%s\": exit status %d, expected 2", input, rc);
		cr_assert(strstr(err, "doorstep: ") && strlen(err) > 20, "\"%s\": no message on stderr: %s", input, err);
	} else {
		cr_assert_eq(rc, 0, "\"%s\": exit status %d: %s", input, rc, err);
		got = cJSON_Parse(out);
		cr_assert_not_null(got, "\"%s\": not JSON: %s", input, out);
		cr_assert(json_matches(expect, got, "$", why, sizeof why), "\"%s\": %s", input, why);
		cJSON_Delete(got);
	}
	free(out);
	free(err);
	cJSON_Delete(root);
}
