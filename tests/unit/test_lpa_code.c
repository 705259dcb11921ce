/* eSIM activation codes (plugins/atmodem/lpa_code.c): the forms SGP.22 4.1
 * allows, read field by field, and each malformed form refused with its
 * own reason. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lpa_code.h"

/** Parses text, expecting success. */
static lpa_code parse_ok(const char *text)
{
	const char *why = NULL;
	lpa_code c;

	cr_assert_eq(lpa_code_parse(text, &c, &why), 0, "\"%s\": %s", text, why ? why : "");
	return c;
}

/** Parses text, expecting a refusal whose reason contains part. */
static void parse_bad(const char *text, const char *part)
{
	const char *why = NULL;
	lpa_code c;

	cr_assert_eq(lpa_code_parse(text, &c, &why), -1, "\"%s\" was accepted", text);
	cr_assert_not_null(why);
	cr_expect(strstr(why, part), "\"%s\": reason \"%s\" lacks \"%s\"", text, why, part);
	cr_expect_eq(c.address[0], '\0', "a refused code leaves nothing behind");
	cr_expect_eq(c.matching_id[0], '\0');
}

Test(lpa_code, the_three_field_form)
{
	lpa_code c = parse_ok("LPA:1$smdp.example.com$04386-AGYFT-A74Y8-3F815");

	cr_expect_str_eq(c.address, "smdp.example.com");
	cr_expect_str_eq(c.matching_id, "04386-AGYFT-A74Y8-3F815");
	cr_expect_str_eq(c.oid, "");
	cr_expect_not(c.confirmation_required);
}

Test(lpa_code, oid_confirmation_flag_and_port)
{
	lpa_code c = parse_ok("LPA:1$127.0.0.1:8443$MID-1$1.3.6.1.4.1.31746$1");

	cr_expect_str_eq(c.address, "127.0.0.1:8443");
	cr_expect_str_eq(c.matching_id, "MID-1");
	cr_expect_str_eq(c.oid, "1.3.6.1.4.1.31746");
	cr_expect(c.confirmation_required);

	c = parse_ok("LPA:1$rsp.example.org$ABC$$1");
	cr_expect_str_eq(c.oid, "");
	cr_expect(c.confirmation_required, "an empty OID with the flag after it");

	c = parse_ok("LPA:1$rsp.example.org$$1.2.3");
	cr_expect_str_eq(c.matching_id, "", "an empty Matching ID (the default SM-DP+'s own)");
	cr_expect_not(c.confirmation_required);
}

Test(lpa_code, each_malformed_form_has_its_reason)
{
	parse_bad("", "empty");
	parse_bad("lpa:1$smdp.example.com$X", "starts with \"LPA:\"");
	parse_bad("WIFI:S:x;;", "starts with \"LPA:\"");
	parse_bad("LPA:2$smdp.example.com$X", "format is not 1");
	parse_bad("LPA:1", "ends early");
	parse_bad("LPA:1$", "ends early");
	parse_bad("LPA:1$smdp.example.com", "ends early");
	parse_bad("LPA:1$$X", "address (the second field) is empty");
	parse_bad("LPA:1$smdp example.com$X", "characters a server name cannot have");
	parse_bad("LPA:1$smdp..example.com$X", "not a server name");
	parse_bad("LPA:1$-smdp.example.com$X", "not a server name");
	parse_bad("LPA:1$smdp.example.com.$X", "not a server name");
	parse_bad("LPA:1$smdp.example.com:0$X", "port");
	parse_bad("LPA:1$smdp.example.com:65536$X", "port");
	parse_bad("LPA:1$smdp.example.com:$X", "port");
	parse_bad("LPA:1$smdp.example.com:44a$X", "port");
	parse_bad("LPA:1$smdp.example.com$AB CD", "Matching ID");
	parse_bad("LPA:1$smdp.example.com$AB\tCD", "Matching ID");
	parse_bad("LPA:1$smdp.example.com$X$1..2", "OID");
	parse_bad("LPA:1$smdp.example.com$X$1.2.", "OID");
	parse_bad("LPA:1$smdp.example.com$X$abc", "OID");
	parse_bad("LPA:1$smdp.example.com$X$1.2$0", "may only be 1");
	parse_bad("LPA:1$smdp.example.com$X$1.2$11", "may only be 1");
	parse_bad("LPA:1$smdp.example.com$X$1.2$1$", "more than five fields");
}

Test(lpa_code, oversized_input)
{
	char big[2048];
	char label[70];

	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "LPA:1$a.b$", 10);
	parse_bad(big, "longer than any");

	memset(label, 'a', 64);
	label[64] = '\0';
	snprintf(big, sizeof big, "LPA:1$%s.example.com$X", label);
	parse_bad(big, "not a server name"); /* a label of 64 characters */
	label[63] = '\0';
	snprintf(big, sizeof big, "LPA:1$%s.example.com$X", label);
	parse_ok(big);
}
