/* SRP-6a of the ESP provisioning core, parametrised by group and hash,
 * against RFC 5054 Appendix B (1024-bit group of Appendix A, g = 2, SHA-1):
 * k, x, v, A, u and the premaster secret S with the RFC's a and B. Then the
 * ESP group (3072 bits, g = 5, SHA-512): its shape, and the caps. */
#include <criterion/criterion.h>
#include <string.h>

#include "espprov_srp.h"
#include "tests/support/espprov_device.h"

/** RFC 5054 Appendix A, the 1024-bit group's N. */
static const char rfc_N[] = "EEAF0AB9ADB38DD69C33F80AFA8FC5E860726187 75FF3C0B9EA2314C9C256576D674DF7496EA81D3"
			    "383B4813D692C6E0E0D5D8E250B98BE48E495C1D6089DAD15DC7D7B46154D6B6CE8EF4AD69B15D49"
			    "82559B297BCF1885C529F566660E57EC68EDBC3C05726CC02FD4CBF4976EAA9AFD5138FE8376435B"
			    "9FC61D2FC0EB06E3";

/** Decodes hex (spaces allowed) of exactly n bytes. */
static void hex(const char *text, uint8_t *out, size_t n)
{
	cr_assert_eq(espprov_test_unhex(text, out, n), n, "bad vector %s", text);
}

/** Reads one intermediate value and compares it with the RFC's. */
static void expect_value(espprov_srp_client *c, espprov_srp_value which, const char *want_hex, size_t want_len)
{
	uint8_t want[128], got[128];
	size_t len = 0;

	hex(want_hex, want, want_len);
	cr_assert_eq(espprov_srp_client_value(c, which, got, sizeof got, &len), 0);
	cr_assert_eq(len, want_len, "value %d: %zu bytes", (int)which, len);
	cr_expect_arr_eq(got, want, want_len, "value %d differs", (int)which);
}

Test(espprov_srp, rfc5054_appendix_b)
{
	uint8_t N[128], g[1] = { 2 }, s[16], a[32], B[128], A_pad[128];
	size_t A_len = 0;
	espprov_srp_group group;
	espprov_srp_client *c;

	hex(rfc_N, N, sizeof N);
	group = (espprov_srp_group){ .N = N, .N_len = sizeof N, .g = g, .g_len = 1, .hash = ESPPROV_SRP_SHA1 };
	hex("BEB25379 D1A8581E B5A72767 3A2441EE", s, sizeof s);
	hex("60975527 035CF2AD 1989806F 0407210B C81EDC04 E2762A56 AFD529DD DA2D4393", a, sizeof a);
	hex("BD0C6151 2C692C0C B6D041FA 01BB152D 4916A1E7 7AF46AE1 05393011 BAF38964 DC46A067 0DD125B9 5A981652"
	    "236F99D9 B681CBF8 7837EC99 6C6DA044 53728610 D0C6DDB5 8B318885 D7D82C7F 8DEB75CE 7BD4FBAA 37089E6F"
	    "9C6059F3 88838E7A 00030B33 1EB76840 910440B1 B27AAEAE EB4012B7 D7665238 A8E3FB00 4B117B58",
	    B, sizeof B);

	c = espprov_srp_client_new(&group, (const uint8_t *)"alice", 5, (const uint8_t *)"password123", 11);
	cr_assert_not_null(c);
	cr_assert_eq(espprov_srp_client_set_a(c, a, sizeof a), 0);
	expect_value(c, ESPPROV_SRP_K_MULT, "7556AA04 5AEF2CDD 07ABAF0F 665C3E81 8913186F", 20);
	expect_value(c, ESPPROV_SRP_A,
		     "61D5E490 F6F1B795 47B0704C 436F523D D0E560F0 C64115BB 72557EC4 4352E890 3211C046 92272D8B"
		     "2D1A5358 A2CF1B6E 0BFCF99F 921530EC 8E393561 79EAE45E 42BA92AE ACED8251 71E1E8B9 AF6D9C03"
		     "E1327F44 BE087EF0 6530E69F 66615261 EEF54073 CA11CF58 58F0EDFD FE15EFEA B349EF5D 76988A36"
		     "72FAC47B 0769447B",
		     128);
	cr_assert_eq(espprov_srp_client_public(c, A_pad, sizeof A_pad, &A_len), 0);
	cr_expect_eq(A_len, 128);
	cr_expect_eq(A_pad[0], 0x61);
	/* nothing to read before the device's answer */
	cr_expect_eq(espprov_srp_client_value(c, ESPPROV_SRP_U, A_pad, sizeof A_pad, &A_len), -1);

	cr_assert_eq(espprov_srp_client_process(c, s, sizeof s, B, sizeof B), 0);
	expect_value(c, ESPPROV_SRP_X, "94B7555A ABE9127C C58CCF49 93DB6CF8 4D16C124", 20);
	expect_value(c, ESPPROV_SRP_V,
		     "7E273DE8 696FFC4F 4E337D05 B4B375BE B0DDE156 9E8FA00A 9886D812 9BADA1F1 822223CA 1A605B53"
		     "0E379BA4 729FDC59 F105B478 7E5186F5 C671085A 1447B52A 48CF1970 B4FB6F84 00BBF4CE BFBB1681"
		     "52E08AB5 EA53D15C 1AFF87B2 B9DA6E04 E058AD51 CC72BFC9 033B564E 26480D78 E955A5E2 9E7AB245"
		     "DB2BE315 E2099AFB",
		     128);
	expect_value(c, ESPPROV_SRP_U, "CE38B959 3487DA98 554ED47D 70A7AE5F 462EF019", 20);
	expect_value(c, ESPPROV_SRP_S,
		     "B0DC82BA BCF30674 AE450C02 87745E79 90A3381F 63B387AA F271A10D 233861E3 59B48220 F7C4693C"
		     "9AE12B0A 6F67809F 0876E2D0 13800D6C 41BB59B6 D5979B5C 00A172B4 A2A5903A 0BDCAF8A 709585EB"
		     "2AFAFA8F 3499B200 210DCC1F 10EB3394 3CD67FC8 8A2F39A4 BE5BEC4E C0A3212D C346D7E4 74B29EDE"
		     "8A469FFE CA686E5A",
		     128);
	espprov_srp_client_free(c);
}

Test(espprov_srp, wrong_password_gives_another_premaster_secret)
{
	uint8_t N[128], g[1] = { 2 }, s[16], a[32], B[128], S1[128], S2[128];
	size_t l1 = 0, l2 = 0;
	espprov_srp_group group;
	espprov_srp_client *c;

	hex(rfc_N, N, sizeof N);
	group = (espprov_srp_group){ .N = N, .N_len = sizeof N, .g = g, .g_len = 1, .hash = ESPPROV_SRP_SHA1 };
	hex("BEB25379 D1A8581E B5A72767 3A2441EE", s, sizeof s);
	hex("60975527 035CF2AD 1989806F 0407210B C81EDC04 E2762A56 AFD529DD DA2D4393", a, sizeof a);
	memset(B, 0x5a, sizeof B);
	c = espprov_srp_client_new(&group, (const uint8_t *)"alice", 5, (const uint8_t *)"password123", 11);
	cr_assert_eq(espprov_srp_client_set_a(c, a, sizeof a), 0);
	cr_assert_eq(espprov_srp_client_process(c, s, sizeof s, B, sizeof B), 0);
	cr_assert_eq(espprov_srp_client_value(c, ESPPROV_SRP_S, S1, sizeof S1, &l1), 0);
	espprov_srp_client_free(c);
	c = espprov_srp_client_new(&group, (const uint8_t *)"alice", 5, (const uint8_t *)"password124", 11);
	cr_assert_eq(espprov_srp_client_set_a(c, a, sizeof a), 0);
	cr_assert_eq(espprov_srp_client_process(c, s, sizeof s, B, sizeof B), 0);
	cr_assert_eq(espprov_srp_client_value(c, ESPPROV_SRP_S, S2, sizeof S2, &l2), 0);
	espprov_srp_client_free(c);
	cr_expect(l1 != l2 || memcmp(S1, S2, l1) != 0);
}

Test(espprov_srp, esp_group_and_refusals)
{
	const espprov_srp_group *grp = espprov_srp_group_esp();
	espprov_srp_client *c;
	uint8_t A[384], salt[16] = { 1 }, zero[384] = { 0 };
	size_t len = 0, m1_len = 0;

	cr_assert_eq(grp->N_len, 384);
	cr_expect_eq(grp->N[0], 0xff);
	cr_expect_eq(grp->N[383], 0xff);
	cr_expect_eq(grp->g[0], 5);
	cr_expect_eq(grp->hash, ESPPROV_SRP_SHA512);
	c = espprov_srp_client_new(grp, (const uint8_t *)"wifiprov", 8, (const uint8_t *)"abcd1234", 8);
	cr_assert_not_null(c);
	cr_assert_eq(espprov_srp_client_public(c, A, sizeof A, &len), 0);
	cr_expect_eq(len, 384);
	cr_expect_eq(espprov_srp_client_public(c, A, 383, &len), -1);
	cr_expect_null(espprov_srp_client_proof(c, &m1_len));
	/* B = 0 and B = N make S independent of the password */
	cr_expect_eq(espprov_srp_client_process(c, salt, sizeof salt, zero, sizeof zero), -1);
	cr_expect_eq(espprov_srp_client_process(c, salt, sizeof salt, grp->N, grp->N_len), -1);
	/* over the caps */
	cr_expect_eq(espprov_srp_client_process(c, salt, 0, A, len), -1);
	cr_expect_eq(espprov_srp_client_process(c, salt, sizeof salt, A, 0), -1);
	cr_expect_null(espprov_srp_client_proof(c, &m1_len));
	cr_expect_eq(espprov_srp_client_verify(c, zero, 64), -1);
	espprov_srp_client_free(c);
}
