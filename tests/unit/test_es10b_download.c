/* The ES10b download commands (plugins/atmodem/es10b_download.c), against
 * bytes written out by hand from the ASN.1 of SGP.22 v2 (RSPDefinitions,
 * automatic tags where no component is tagged), each derivation in a
 * comment; the BPP cut as 2.5.5 says; hashCc from a SHA-256 known answer. */
#include <criterion/criterion.h>
#include <string.h>

#include "es10b_download.h"

/* ICCID 8944476500001234567 in nibble-swapped BCD, as in test_es10.c */
#define ICCID_BYTES 0x98, 0x44, 0x74, 0x56, 0x00, 0x00, 0x21, 0x43, 0x65, 0xF7

Test(es10b_download, empty_requests)
{
	uint8_t buf[8];

	/* GetEuiccChallengeRequest ::= [46] SEQUENCE {}: BF2E 00 */
	cr_assert_eq(es10b_request_challenge(buf, sizeof buf), 3);
	cr_expect_arr_eq(buf, ((uint8_t[]){ 0xBF, 0x2E, 0x00 }), 3);
	/* GetEuiccInfo1Request ::= [32] SEQUENCE {}: BF20 00 */
	cr_assert_eq(es10b_request_info1(buf, sizeof buf), 3);
	cr_expect_arr_eq(buf, ((uint8_t[]){ 0xBF, 0x20, 0x00 }), 3);
	cr_expect_eq(es10b_request_info1(buf, 2), -1, "no room");
}

Test(es10b_download, challenge_and_info1)
{
	/* GetEuiccChallengeResponse ::= [46] SEQUENCE { euiccChallenge Octet16 }: BF2E 12 80 10 <16> */
	uint8_t answer[21] = { 0xBF, 0x2E, 0x12, 0x80, 0x10 };
	uint8_t out[ES10B_CHALLENGE_SIZE];
	/* EUICCInfo1: BF20 { svn [2] 82 03 02 02 02, ciPKId lists [9] A9 and [10] AA } */
	static const uint8_t info1[] = { 0xBF, 0x20, 0x0D, 0x82, 0x03, 0x02, 0x02, 0x02,
					 0xA9, 0x02, 0x04, 0x00, 0xAA, 0x02, 0x04, 0x00 };

	for (int i = 0; i < 16; i++)
		answer[5 + i] = (uint8_t)(0xA0 + i);
	cr_assert_eq(es10b_parse_challenge(answer, sizeof answer, out), ES10B_OK);
	cr_expect_arr_eq(out, answer + 5, 16);
	cr_expect_eq(es10b_parse_challenge(answer, sizeof answer - 1, out), ES10B_MALFORMED, "cut short");
	answer[4] = 0x0F;
	answer[2] = 0x11;
	cr_expect_eq(es10b_parse_challenge(answer, 20, out), ES10B_MALFORMED, "15 bytes are no Octet16");
	cr_expect_eq(es10b_parse_info1(info1, sizeof info1), ES10B_OK);
	cr_expect_eq(es10b_parse_info1(info1, sizeof info1 - 1), ES10B_MALFORMED);
}

Test(es10b_download, authenticate_server_request)
{
	static const uint8_t signed1[] = { 0x30, 0x03, 0x80, 0x01, 0xAA };
	static const uint8_t signature1[] = { 0x5F, 0x37, 0x02, 0x11, 0x22 };
	static const uint8_t pkid[] = { 0x04, 0x02, 0x33, 0x44 };
	static const uint8_t cert[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };
	es10b_server_auth in = {
		.server_signed1 = signed1,
		.server_signed1_len = sizeof signed1,
		.server_signature1 = signature1,
		.server_signature1_len = sizeof signature1,
		.ci_pkid = pkid,
		.ci_pkid_len = sizeof pkid,
		.server_certificate = cert,
		.server_certificate_len = sizeof cert,
		.matching_id = "AB",
		.imei = "356938035643809",
	};
	/* BF38 3C: the four TLVs as given (5 + 5 + 4 + 5 = 19), then
	 *   ctxParams1 ctxParamsForCommonAuthentication [0] A0 27 (39 = 4 + 35):
	 *     matchingId [0] 80 02 "AB"
	 *     deviceInfo [1] A1 21 (33 = 6 + 17 + 10):
	 *       tac [0] 80 04 35 69 38 03           the IMEI's first 8 digits in BCD
	 *       deviceCapabilities [1] A1 0F: gsm [0], utran [1], eutranEpc [5]
	 *         supported release 15 (VersionType 0F 00 00) each
	 *       imei [2] 82 08 53 96 83 30 65 34 08 F9   swapped BCD, F-padded
	 * 19 + 41 = 60 = 0x3C */
	static const uint8_t expect[] = {
		0xBF, 0x38, 0x3C, 0x30, 0x03, 0x80, 0x01, 0xAA, 0x5F, 0x37, 0x02, 0x11, 0x22, 0x04, 0x02, 0x33,
		0x44, 0x30, 0x03, 0x02, 0x01, 0x05, 0xA0, 0x27, 0x80, 0x02, 0x41, 0x42, 0xA1, 0x21, 0x80, 0x04,
		0x35, 0x69, 0x38, 0x03, 0xA1, 0x0F, 0x80, 0x03, 0x0F, 0x00, 0x00, 0x81, 0x03, 0x0F, 0x00, 0x00,
		0x85, 0x03, 0x0F, 0x00, 0x00, 0x82, 0x08, 0x53, 0x96, 0x83, 0x30, 0x65, 0x34, 0x08, 0xF9,
	};
	uint8_t buf[128];
	long n = es10b_request_authenticate_server(buf, sizeof buf, &in);

	cr_assert_eq(n, (long)sizeof expect);
	cr_expect_arr_eq(buf, expect, sizeof expect);

	/* no Matching ID, no IMEI: no matchingId, TAC 00000000, no imei */
	in.matching_id = "";
	in.imei = NULL;
	n = es10b_request_authenticate_server(buf, sizeof buf, &in);
	cr_assert_eq(n, (long)sizeof expect - 4 - 10);
	cr_expect_arr_eq(buf + 22, ((uint8_t[]){ 0xA0, 0x19, 0xA1, 0x17, 0x80, 0x04, 0, 0, 0, 0 }), 10);

	/* a field that is not one TLV of its type is refused */
	in.ci_pkid = cert;
	in.ci_pkid_len = sizeof cert;
	cr_expect_eq(es10b_request_authenticate_server(buf, sizeof buf, &in), -1);
	in.ci_pkid = pkid;
	in.ci_pkid_len = sizeof pkid - 1;
	cr_expect_eq(es10b_request_authenticate_server(buf, sizeof buf, &in), -1);
}

Test(es10b_download, prepare_download_request_and_signed2)
{
	/* SmdpSigned2 ::= SEQUENCE { transactionId [0] 80 01 7E, ccRequiredFlag BOOLEAN 01 01 FF } */
	static const uint8_t signed2[] = { 0x30, 0x06, 0x80, 0x01, 0x7E, 0x01, 0x01, 0xFF };
	static const uint8_t signature2[] = { 0x5F, 0x37, 0x01, 0x00 };
	static const uint8_t cert[] = { 0x30, 0x00 };
	uint8_t hash[ES10B_HASH_CC_SIZE];
	es10b_prepare in = {
		.smdp_signed2 = signed2,
		.smdp_signed2_len = sizeof signed2,
		.smdp_signature2 = signature2,
		.smdp_signature2_len = sizeof signature2,
		.smdp_certificate = cert,
		.smdp_certificate_len = sizeof cert,
	};
	es10b_signed2 s2;
	uint8_t buf[128];

	cr_assert_eq(es10b_parse_signed2(signed2, sizeof signed2, &s2), ES10B_OK);
	cr_expect_eq(s2.transaction_id_len, 1);
	cr_expect_eq(s2.transaction_id[0], 0x7E);
	cr_expect(s2.cc_required);

	/* PrepareDownloadRequest ::= [33] SEQUENCE { smdpSigned2, smdpSignature2, hashCc Octet32 OPTIONAL,
	 * smdpCertificate }: without hashCc BF21 0E (8 + 4 + 2) */
	cr_assert_eq(es10b_request_prepare_download(buf, sizeof buf, &in), 17);
	cr_expect_arr_eq(buf,
			 ((uint8_t[]){ 0xBF, 0x21, 0x0E, 0x30, 0x06, 0x80, 0x01, 0x7E, 0x01, 0x01, 0xFF, 0x5F, 0x37,
				       0x01, 0x00, 0x30, 0x00 }),
			 17);
	/* with it: 04 20 <32> between the signature and the certificate, BF21 30 */
	memset(hash, 0x5A, sizeof hash);
	in.hash_cc = hash;
	cr_assert_eq(es10b_request_prepare_download(buf, sizeof buf, &in), 51);
	cr_expect_eq(buf[2], 0x30);
	cr_expect_arr_eq(buf + 15, ((uint8_t[]){ 0x04, 0x20, 0x5A }), 3);
	cr_expect_arr_eq(buf + 49, ((uint8_t[]){ 0x30, 0x00 }), 2);
}

Test(es10b_download, hash_cc_known_answer)
{
	/* SHA-256("abc") is FIPS 180-2's example ba7816bf...f20015ad; hashCc
	 * over it with an empty transaction is SHA-256 of that digest:
	 * 4f8b42c2 2dd3729b 519ba6f6 8d2da7cc 5b2d606d 05daed5a d5128cc0 3e6c6358 */
	static const uint8_t twice[] = { 0x4f, 0x8b, 0x42, 0xc2, 0x2d, 0xd3, 0x72, 0x9b, 0x51, 0x9b, 0xa6,
					 0xf6, 0x8d, 0x2d, 0xa7, 0xcc, 0x5b, 0x2d, 0x60, 0x6d, 0x05, 0xda,
					 0xed, 0x5a, 0xd5, 0x12, 0x8c, 0xc0, 0x3e, 0x6c, 0x63, 0x58 };
	/* with transactionId 0123456789ABCDEF0123456789ABCDEF (16 bytes) */
	static const uint8_t with_tid[] = { 0xdc, 0x11, 0xa7, 0x17, 0xdf, 0x0a, 0x23, 0xcf, 0xda, 0x22, 0x50,
					    0xa0, 0x05, 0xe5, 0x77, 0x4e, 0xbc, 0x5c, 0x82, 0x1c, 0x19, 0x8b,
					    0xe4, 0x0f, 0x63, 0xe8, 0xd7, 0xd8, 0x10, 0xe2, 0x9f, 0x4b };
	static const uint8_t tid[] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
				       0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF };
	uint8_t out[ES10B_HASH_CC_SIZE];

	es10b_hash_cc("abc", NULL, 0, out);
	cr_expect_arr_eq(out, twice, sizeof twice);
	es10b_hash_cc("abc", tid, sizeof tid, out);
	cr_expect_arr_eq(out, with_tid, sizeof with_tid);
}

Test(es10b_download, choice_answers)
{
	/* AuthenticateServerResponse: authenticateResponseOk [0] A0, or
	 * authenticateResponseError [1] A1 { transactionId [0] 80, authenticateErrorCode INTEGER 02 } */
	static const uint8_t auth_ok[] = { 0xBF, 0x38, 0x04, 0xA0, 0x02, 0x30, 0x00 };
	static const uint8_t auth_err[] = { 0xBF, 0x38, 0x08, 0xA1, 0x06, 0x80, 0x01, 0x7E, 0x02, 0x01, 0x06 };
	/* PrepareDownloadResponse: downloadResponseError A1 { 80 01 7E, downloadErrorCode 02 01 05 } */
	static const uint8_t prep_err[] = { 0xBF, 0x21, 0x08, 0xA1, 0x06, 0x80, 0x01, 0x7E, 0x02, 0x01, 0x05 };
	/* CancelSessionResponse ::= [65] CHOICE { cancelSessionResponseOk [0] A0, cancelSessionResponseError [1] INTEGER } */
	static const uint8_t cancel_ok[] = { 0xBF, 0x41, 0x04, 0xA0, 0x02, 0x30, 0x00 };
	static const uint8_t cancel_err[] = { 0xBF, 0x41, 0x03, 0x81, 0x01, 0x05 };
	static const uint8_t two_choices[] = { 0xBF, 0x38, 0x04, 0xA0, 0x00, 0xA0, 0x00 };
	uint32_t code;

	cr_expect_eq(es10b_parse_authenticate_server(auth_ok, sizeof auth_ok, &code), ES10B_OK);
	cr_expect_eq(es10b_parse_authenticate_server(auth_err, sizeof auth_err, &code), ES10B_REFUSED);
	cr_expect_eq(code, 6);
	cr_expect(strstr(es10b_auth_error_message(code), "challenge"));
	cr_expect_eq(es10b_parse_prepare_download(prep_err, sizeof prep_err, &code), ES10B_REFUSED);
	cr_expect_eq(code, 5);
	cr_expect(strstr(es10b_download_error_message(code), "transaction"));
	cr_expect_eq(es10b_parse_prepare_download(auth_err, sizeof auth_err, &code), ES10B_MALFORMED, "wrong tag");
	cr_expect_eq(es10b_parse_cancel_session(cancel_ok, sizeof cancel_ok, &code), ES10B_OK);
	cr_expect_eq(es10b_parse_cancel_session(cancel_err, sizeof cancel_err, &code), ES10B_REFUSED);
	cr_expect_eq(code, 5);
	cr_expect_eq(es10b_parse_authenticate_server(two_choices, sizeof two_choices, &code), ES10B_MALFORMED);
	for (size_t n = 0; n < sizeof auth_err; n++)
		cr_expect_eq(es10b_parse_authenticate_server(auth_err, n, &code), ES10B_MALFORMED, "prefix %zu", n);
	{
		/* CancelSessionRequest ::= [65] SEQUENCE { transactionId [0] 80 01 7E, reason [1] 81 01 05 } */
		uint8_t buf[16];

		cr_assert_eq(es10b_request_cancel_session(buf, sizeof buf, (const uint8_t *)"\x7E", 1, 5), 9);
		cr_expect_arr_eq(buf, ((uint8_t[]){ 0xBF, 0x41, 0x06, 0x80, 0x01, 0x7E, 0x81, 0x01, 0x05 }), 9);
		cr_expect_eq(es10b_request_cancel_session(buf, sizeof buf, buf, 0, 5), -1, "no transaction");
		cr_expect_eq(es10b_request_cancel_session(buf, sizeof buf, buf, 17, 5), -1, "over 16 bytes");
	}
}

/* ProfileInstallationResult ::= [55] SEQUENCE {
 *   profileInstallationResultData [39] BF27 {
 *     transactionId [0] 80 01 7E
 *     notificationMetadata [47] BF2F 19 { seqNumber [0] 80 01 03, profileManagementOperation [1]
 *       81 02 07 80 (notificationInstall), notificationAddress UTF8String 0C 04 "a.bc", iccid 5A 0A <ICCID> }
 *     smdpOid OBJECT IDENTIFIER 06 03 2B 06 01
 *     finalResult [2] A2 { successResult [0] A0 { aid [APPLICATION 15] 4F 10 <AID>, simaResponse 04 00 } } }
 *   euiccSignPIR [APPLICATION 55] 5F37 01 00 } */
static const uint8_t install_ok[] = {
	0xBF, 0x37, 0x43, 0xBF, 0x27, 0x3C, 0x80, 0x01, 0x7E, 0xBF, 0x2F, 0x19,        0x80, 0x01, 0x03, 0x81,
	0x02, 0x07, 0x80, 0x0C, 0x04, 0x61, 0x2E, 0x62, 0x63, 0x5A, 0x0A, ICCID_BYTES, 0x06, 0x03, 0x2B, 0x06,
	0x01, 0xA2, 0x16, 0xA0, 0x14, 0x4F, 0x10, 0xA0, 0x00, 0x00, 0x05, 0x59,        0x10, 0x10, 0xFF, 0xFF,
	0xFF, 0xFF, 0x89, 0x00, 0x00, 0x11, 0x00, 0x04, 0x00, 0x5F, 0x37, 0x01,        0x00,
};
/* the same with finalResult errorResult [1] A1 { bppCommandId [0] 80 01 05 (loadProfileElements),
 * errorReason [1] 81 01 0A (installFailedDueToInsufficientMemoryForProfile) } */
static const uint8_t install_err[] = {
	0xBF, 0x37, 0x35, 0xBF, 0x27, 0x2E, 0x80, 0x01, 0x7E, 0xBF, 0x2F, 0x19,        0x80, 0x01, 0x03, 0x81,
	0x02, 0x07, 0x80, 0x0C, 0x04, 0x61, 0x2E, 0x62, 0x63, 0x5A, 0x0A, ICCID_BYTES, 0x06, 0x03, 0x2B, 0x06,
	0x01, 0xA2, 0x08, 0xA1, 0x06, 0x80, 0x01, 0x05, 0x81, 0x01, 0x0A, 0x5F,        0x37, 0x01, 0x00,
};

Test(es10b_download, profile_installation_result)
{
	es10b_install_result r;

	cr_assert_eq(es10b_parse_install_result(install_ok, sizeof install_ok, &r), ES10B_OK);
	cr_expect(r.success);
	cr_expect_eq(r.seq, 3);
	cr_expect_str_eq(r.iccid, "8944476500001234567");
	cr_expect_str_eq(r.aid, "A0000005591010FFFFFFFF8900001100");

	cr_assert_eq(es10b_parse_install_result(install_err, sizeof install_err, &r), ES10B_OK);
	cr_expect_not(r.success);
	cr_expect_eq(r.bpp_command, 5);
	cr_expect_eq(r.error_reason, 10);
	cr_expect(strstr(es10b_install_error_message(r.error_reason), "memory"));
	cr_expect(strstr(es10b_bpp_command_message(r.bpp_command), "contents"));
	cr_expect(strstr(es10b_install_error_message(99), "unknown reason"));

	for (size_t n = 0; n < sizeof install_ok; n++)
		cr_expect_eq(es10b_parse_install_result(install_ok, n, &r), ES10B_MALFORMED, "prefix %zu", n);
}

/* BoundProfilePackage BF36 1D { initialiseSecureChannelRequest BF23 03 { 80 01 7E },
 *   firstSequenceOf87 A0 04 { 87 02 01 02 }, sequenceOf88 A1 06 { 88 01 AA, 88 01 BB },
 *   sequenceOf86 A3 07 { 86 02 CC DD, 86 01 EE } } */
static const uint8_t bpp[] = { 0xBF, 0x36, 0x1D, 0xBF, 0x23, 0x03, 0x80, 0x01, 0x7E, 0xA0, 0x04,
			       0x87, 0x02, 0x01, 0x02, 0xA1, 0x06, 0x88, 0x01, 0xAA, 0x88, 0x01,
			       0xBB, 0xA3, 0x07, 0x86, 0x02, 0xCC, 0xDD, 0x86, 0x01, 0xEE };

Test(es10b_download, bpp_segments)
{
	es10b_segment seg[16];
	size_t n;
	/* offset and length of each segment in bpp */
	static const size_t expect[][2] = { { 0, 9 },  { 9, 6 },  { 15, 2 }, { 17, 3 },
					    { 20, 3 }, { 23, 2 }, { 25, 4 }, { 29, 3 } };
	uint8_t with_a2[sizeof bpp + 4], bad[sizeof bpp];

	cr_assert_eq(es10b_bpp_segments(bpp, sizeof bpp, seg, 16, &n), 0);
	cr_assert_eq(n, 8);
	for (size_t i = 0; i < n; i++) {
		cr_expect_eq(seg[i].data, bpp + expect[i][0], "segment %zu starts at %td", i, seg[i].data - bpp);
		cr_expect_eq(seg[i].len, expect[i][1], "segment %zu is %zu bytes", i, seg[i].len);
	}
	cr_expect_eq(es10b_bpp_segments(bpp, sizeof bpp, seg, 7, &n), -1, "no room for the eighth");

	/* secondSequenceOf87 A2 02 { 87 00 } before A3: one segment more, whole */
	memcpy(with_a2, bpp, 23);
	memcpy(with_a2 + 23, (uint8_t[]){ 0xA2, 0x02, 0x87, 0x00 }, 4);
	memcpy(with_a2 + 27, bpp + 23, sizeof bpp - 23);
	with_a2[2] = 0x21;
	cr_assert_eq(es10b_bpp_segments(with_a2, sizeof with_a2, seg, 16, &n), 0);
	cr_assert_eq(n, 9);
	cr_expect_eq(seg[5].data, with_a2 + 23);
	cr_expect_eq(seg[5].len, 4);

	/* an 87 among the 88s, a missing A3, a wrong outer tag */
	memcpy(bad, bpp, sizeof bpp);
	bad[20] = 0x87;
	cr_expect_eq(es10b_bpp_segments(bad, sizeof bad, seg, 16, &n), -1);
	cr_expect_eq(es10b_bpp_segments(bpp, 23, seg, 16, &n), -1);
	memcpy(bad, bpp, sizeof bpp);
	bad[1] = 0x37;
	cr_expect_eq(es10b_bpp_segments(bad, sizeof bad, seg, 16, &n), -1);
}
