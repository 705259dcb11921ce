/* The ES9+ messages (plugins/atmodem/es9_message.c): request bodies with
 * base64 fields, answers with functionExecutionStatus, SGP.22's subject and
 * reason codes in words. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "es9_message.h"

Test(es9_message, request_body_base64_and_text)
{
	static const uint8_t challenge[] = { 0x00, 0x01, 0xFE, 0xFF };
	es9_field f[] = {
		{ .name = "euiccChallenge", .data = challenge, .len = sizeof challenge },
		{ .name = "smdpAddress", .text = "smdp.example.com" },
	};
	char *body = es9_request_body(f, 2);

	cr_assert_not_null(body);
	/* 00 01 FE FF -> base64 "AAH+/w==" (RFC 4648 alphabet, padded) */
	cr_expect_str_eq(body, "{\"euiccChallenge\":\"AAH+/w==\",\"smdpAddress\":\"smdp.example.com\"}");
	free(body);
}

Test(es9_message, executed_answer_and_its_fields)
{
	static const char answer[] = "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Executed-Success\"}},"
				     "\"transactionId\":\"0123456789ABCDEF\",\"serverSigned1\":\"MAMCAQE=\"}";
	es9_response r;
	uint8_t *bytes;
	size_t len;
	char tid[ES9_TRANSACTION_ID_SIZE];

	cr_assert_eq(es9_response_read((const uint8_t *)answer, strlen(answer), &r), ES9_EXECUTED);
	cr_assert_eq(es9_response_text(&r, "transactionId", tid, sizeof tid), 0);
	cr_expect_str_eq(tid, "0123456789ABCDEF");
	cr_assert_eq(es9_response_bytes(&r, "serverSigned1", &bytes, &len), 0);
	cr_expect_eq(len, 5);
	cr_expect_arr_eq(bytes, ((uint8_t[]){ 0x30, 0x03, 0x02, 0x01, 0x01 }), 5);
	free(bytes);
	cr_expect_eq(es9_response_bytes(&r, "missing", &bytes, &len), -1);
	cr_expect_eq(es9_response_bytes(&r, "transactionId", &bytes, &len), 0,
		     "hex digits are base64 characters too: decodable");
	free(bytes);
	es9_response_free(&r);
}

Test(es9_message, failed_answer_codes_and_words)
{
	static const char answer[] = "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Failed\","
				     "\"statusCodeData\":{\"subjectCode\":\"8.2.7\",\"reasonCode\":\"3.8\","
				     "\"message\":\"Refused\"}}}}";
	es9_response r;

	cr_assert_eq(es9_response_read((const uint8_t *)answer, strlen(answer), &r), ES9_FAILED);
	cr_expect_str_eq(r.subject, "8.2.7");
	cr_expect_str_eq(r.reason, "3.8");
	cr_expect(es9_status_is_confirmation(r.subject));
	cr_expect(strstr(es9_status_message(r.subject, r.reason), "confirmation code is wrong"));
	es9_response_free(&r);

	cr_expect(strstr(es9_status_message("8.2.7", "2.2"), "asks for a confirmation code"));
	cr_expect(strstr(es9_status_message("8.2.6", "3.8"), "Matching ID"));
	cr_expect(strstr(es9_status_message("8.2.6", "9.9"), "Matching ID"), "the subject without its reason");
	cr_expect(strstr(es9_status_message("8.1.3", "6.1"), "signature or certificate"), "a parent subject");
	cr_expect(strstr(es9_status_message("8.10.1", "3.9"), "session"));
	cr_expect_str_eq(es9_status_message("9.9", "1.1"), "the SM-DP+ refused the request");
	cr_expect(strstr(es9_status_message("", ""), "without saying why"));
	cr_expect_not(es9_status_is_confirmation("8.2.70"));
	cr_expect_not(es9_status_is_confirmation("8.2"));
}

Test(es9_message, not_es9)
{
	static const char *const bad[] = {
		"",
		"not json",
		"{}",
		"{\"header\":{}}",
		"{\"header\":{\"functionExecutionStatus\":{\"status\":7}}}",
		"[1,2]",
	};
	es9_response r;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_expect_eq(es9_response_read((const uint8_t *)bad[i], strlen(bad[i]), &r), ES9_MALFORMED, "%s", bad[i]);
		es9_response_free(&r);
	}
	static const char expired[] = "{\"header\":{\"functionExecutionStatus\":{\"status\":\"Expired\"}},\"x\":\"@@@\"}";

	cr_assert_eq(es9_response_read((const uint8_t *)expired, strlen(expired), &r), ES9_EXPIRED);
	{
		uint8_t *b;
		size_t len;

		cr_expect_eq(es9_response_bytes(&r, "x", &b, &len), -1, "not base64");
	}
	es9_response_free(&r);
}
