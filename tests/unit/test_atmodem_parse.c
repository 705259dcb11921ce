/* The AT-modem plugin's response framer and 27.007 parsers, without a port:
 * every case of tests/data/vectors/at-responses.json, then the framer's
 * echo, unsolicited codes mid-response, line noise and error codes. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/paths.h"
#include "at_frame.h"
#include "at_parse.h"

/** An expected integer (null: unknown) against a parsed value. */
static void expect_int(const char *input, const char *key, const cJSON *want, int32_t got)
{
	if (cJSON_IsNull(want))
		cr_expect_eq(got, AT_UNKNOWN, "%s: %s should be unknown, got %d", input, key, got);
	else
		cr_expect_eq(got, (int32_t)want->valuedouble, "%s: %s = %d, want %g", input, key, got, want->valuedouble);
}

/** An expected value in dB against a parsed value in tenths of a dB. */
static void expect_db10(const char *input, const char *key, const cJSON *want, int32_t got10)
{
	if (cJSON_IsNull(want))
		cr_expect_eq(got10, AT_UNKNOWN, "%s: %s should be unknown", input, key);
	else
		cr_expect_eq(got10, (int32_t)lround(want->valuedouble * 10), "%s: %s = %d/10, want %g", input, key,
			     got10, want->valuedouble);
}

/** Checks one "operators" list against a +COPS=? line. */
static void expect_operators(const char *input, const cJSON *want)
{
	at_network nets[16];
	int n = at_parse_cops_list(input, nets, 16);

	cr_assert_eq(n, cJSON_GetArraySize(want), "%s: %d networks", input, n);
	for (int i = 0; i < n; i++) {
		const cJSON *w = cJSON_GetArrayItem(want, i);

		for (const cJSON *f = w->child; f; f = f->next) {
			const char *got = strcmp(f->string, "status") == 0 ? at_net_stat_name(nets[i].stat)
					  : strcmp(f->string, "long") == 0 ? nets[i].long_name
					  : strcmp(f->string, "short") == 0 ? nets[i].short_name
					  : strcmp(f->string, "code") == 0 ? nets[i].code
					  : strcmp(f->string, "access_technology") == 0 ? at_act_name(nets[i].act) : NULL;

			cr_assert_not_null(got, "%s: unknown operator key %s", input, f->string);
			cr_expect_str_eq(got, f->valuestring, "%s: network %d %s", input, i, f->string);
		}
	}
}

/** Checks one vector case: the parser is chosen by the line's prefix. */
static void check_case(const char *input, const cJSON *expect)
{
	at_csq csq = { 0 };
	at_cesq cesq = { 0 };
	at_reg reg = { 0 };
	at_cops cops = { 0 };
	bool is_csq = strncmp(input, "+CSQ:", 5) == 0, is_cesq = strncmp(input, "+CESQ:", 6) == 0;
	bool is_list = strncmp(input, "+COPS: (", 8) == 0, is_cops = !is_list && strncmp(input, "+COPS:", 6) == 0;
	bool is_reg = !is_csq && !is_cesq && !is_list && !is_cops;

	if (is_csq)
		cr_assert_eq(at_parse_csq(input, &csq), 0, "%s", input);
	if (is_cesq)
		cr_assert_eq(at_parse_cesq(input, &cesq), 0, "%s", input);
	if (is_reg)
		cr_assert_eq(at_parse_reg(input, &reg), 0, "%s", input);
	if (is_cops)
		cr_assert_eq(at_parse_cops(input, &cops), 0, "%s", input);
	for (const cJSON *e = expect->child; e; e = e->next) {
		const char *k = e->string;

		if (strcmp(k, "rssi_dbm") == 0)
			expect_int(input, k, e, csq.rssi_dbm);
		else if (strcmp(k, "rsrp_dbm") == 0)
			expect_int(input, k, e, cesq.rsrp_dbm);
		else if (strcmp(k, "rscp_dbm") == 0)
			expect_int(input, k, e, cesq.rscp_dbm);
		else if (strcmp(k, "rsrq_db") == 0)
			expect_db10(input, k, e, cesq.rsrq_db10);
		else if (strcmp(k, "ecio_db") == 0)
			expect_db10(input, k, e, cesq.ecio_db10);
		else if (strcmp(k, "registration") == 0)
			cr_expect_str_eq(at_reg_state_name(reg.state), e->valuestring, "%s", input);
		else if (strcmp(k, "tac") == 0)
			cr_expect_str_eq(reg.area, e->valuestring, "%s", input);
		else if (strcmp(k, "cell_id") == 0)
			cr_expect_str_eq(reg.cell_id, e->valuestring, "%s", input);
		else if (strcmp(k, "access_technology") == 0)
			cr_expect_str_eq(at_act_name(is_cops ? cops.act : reg.act), e->valuestring, "%s", input);
		else if (strcmp(k, "operator_code") == 0)
			cr_expect(cops.format == 2 && strcmp(cops.oper, e->valuestring) == 0, "%s: operator %s", input,
				  cops.oper);
		else if (strcmp(k, "operators") == 0)
			expect_operators(input, e);
		else
			cr_assert_fail("%s: the vector expects \"%s\", which this test does not know", input, k);
	}
}

Test(atmodem_vectors, every_case_of_at_responses_json)
{
	const char *dir = getenv("DOORSTEP_VECTORS");
	char path[4096];
	char *text;
	cJSON *doc, *cases;
	int n = 0;

	cr_assert_not_null(dir, "DOORSTEP_VECTORS is not set");
	snprintf(path, sizeof path, "%s/at-responses.json", dir);
	text = ds_paths_read_file(path, NULL);
	cr_assert_not_null(text, "cannot read %s", path);
	doc = cJSON_Parse(text);
	cr_assert_not_null(doc, "%s is not JSON", path);
	cases = cJSON_GetObjectItemCaseSensitive(doc, "cases");
	cr_assert(cJSON_IsArray(cases));
	for (const cJSON *c = cases->child; c; c = c->next, n++) {
		const cJSON *input = cJSON_GetObjectItemCaseSensitive(c, "input");
		const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");

		cr_assert(cJSON_IsString(input) && cJSON_IsObject(expect), "case %d is malformed", n);
		check_case(input->valuestring, expect);
	}
	cr_assert_geq(n, 9, "only %d vector cases", n);
	cJSON_Delete(doc);
	free(text);
}

Test(atmodem_parse, signal_edges)
{
	at_csq csq;
	at_cesq cesq;

	cr_assert_eq(at_parse_csq("+CSQ: 0,99", &csq), 0);
	cr_expect_eq(csq.rssi_dbm, -113);
	cr_assert_eq(at_parse_csq("+CSQ: 31,0", &csq), 0);
	cr_expect_eq(csq.rssi_dbm, -51);
	cr_expect_eq(at_parse_csq("+CSQ: 45,99", &csq), -1, "out of range");
	cr_expect_eq(at_parse_csq("+CESQ: 1,2", &csq), -1, "another command");
	cr_expect_eq(at_parse_cesq("+CESQ: 99,99", &cesq), -1, "too few fields");
	/* A 5G module appends SS-RSRQ, SS-RSRP and SS-SINR. */
	cr_assert_eq(at_parse_cesq("+CESQ: 99,99,255,255,255,255,60,70,80", &cesq), 0);
	cr_expect_eq(cesq.rsrp_dbm, AT_UNKNOWN);
	cr_expect_eq(cesq.ss_rsrq_db10, -130);
	cr_expect_eq(cesq.ss_rsrp_dbm, -86);
	cr_expect_eq(cesq.ss_sinr_db10, 170);
	cr_expect_eq(cesq.rxlev_dbm, AT_UNKNOWN);
}

Test(atmodem_parse, registration_forms)
{
	at_reg reg;

	/* Unsolicited: <stat> first, the area code quoted. */
	cr_assert_eq(at_parse_reg("+CEREG: 5,\"00C3\",\"0000A1B2\",9", &reg), 0);
	cr_expect_eq(reg.state, AT_REG_ROAMING);
	cr_expect_str_eq(reg.area, "00C3");
	cr_expect_eq(reg.act, AT_ACT_NB_IOT);
	cr_assert_eq(at_parse_reg("+CREG: 2", &reg), 0);
	cr_expect_eq(reg.state, AT_REG_SEARCHING);
	cr_assert_eq(at_parse_reg("+C5GREG: 1,1,\"0A\",\"1B\",11", &reg), 0);
	cr_expect_eq(reg.state, AT_REG_HOME);
	cr_expect_eq(reg.act, AT_ACT_5G);
	cr_assert_eq(at_parse_reg("+CGREG: 0,4", &reg), 0);
	cr_expect_eq(reg.state, AT_REG_UNKNOWN);
	cr_expect_eq(at_parse_reg("+CSQ: 1,2", &reg), -1);
	cr_expect_eq(at_parse_reg("+CREG: x", &reg), -1);
}

Test(atmodem_parse, operator_and_identity)
{
	at_cops cops;
	at_network nets[1];
	char buf[32];

	cr_assert_eq(at_parse_cops("+COPS: 0", &cops), 0);
	cr_expect_eq(cops.format, -1, "no operator while not registered");
	cr_assert_eq(at_parse_cops("+COPS: 1,0,\"Telekom.de\"", &cops), 0);
	cr_expect_str_eq(cops.oper, "Telekom.de");
	cr_expect_eq(cops.act, AT_ACT_UNKNOWN);
	cr_expect_eq(at_parse_cops("+COPS: (1,\"A\",\"A\",\"00101\",7)", &cops), -1, "a scan is not a query answer");
	cr_expect_eq(at_parse_cops_list("+COPS: ,,(0,1,2,3,4),(0,1,2)", nets, 1), 0, "empty scan");
	cr_expect_eq(at_parse_cops_list("+COPS: (1,\"A\",\"A\",\"00101\",7),(2,\"B\",\"B\",\"00102\",7)", nets, 1), 1,
		     "kept to the room given");
	cr_assert_eq(at_parse_iccid("+CCID: 89490200001234567890", buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "89490200001234567890");
	cr_assert_eq(at_parse_iccid("^ICCID: 8949020000123456789F", buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "8949020000123456789", "the F pad is dropped");
	cr_expect_eq(at_parse_iccid("+CCID: 1234", buf, sizeof buf), -1, "too short for an ICCID");
	cr_expect_eq(at_parse_iccid("ERRORX", buf, sizeof buf), -1);
	cr_assert_eq(at_parse_digits("+CGSN: \"356938035643809\"", buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "356938035643809");
	cr_expect_eq(at_parse_digits("garbage", buf, sizeof buf), -1);
	cr_assert_eq(at_parse_text("+CGMM: \"EG25\" ", buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "EG25");
}

/** Feeds len bytes to a framer in pieces of step bytes; true when it finished. */
static bool feed_n(at_framer *fr, const char *text, size_t len, size_t step)
{
	bool done = false;

	for (size_t i = 0; i < len && !done; i += step)
		done = at_framer_feed(fr, text + i, len - i < step ? len - i : step);
	return done;
}

/** Feeds a string (no NUL bytes) in pieces of step bytes. */
static bool feed(at_framer *fr, const char *text, size_t step)
{
	return feed_n(fr, text, strlen(text), step);
}

Test(atmodem_frame, echo_urc_and_noise_split_anywhere)
{
	static const char wire[] = "AT+COPS=?\r\x00\xff\r\n\r\n+CEREG: 1,\"1F00\",\"79D903\",7\r\n\r\nRING\r\n"
				   "\r\n+COPS: (2,\"T\",\"T\",\"26201\",7),,(0,1),(0,2)\r\n\r\nOK\r\n+CREG: 5\r\n";

	for (size_t step = 1; step <= 64; step *= 2) {
		at_response resp;
		at_framer fr;

		at_framer_start(&fr, "AT+COPS=?", &resp);
		cr_assert(feed_n(&fr, wire, sizeof wire - 1, step), "step %zu: no final code", step);
		cr_expect_eq(resp.result, AT_RESULT_OK);
		cr_expect(resp.echo_seen);
		cr_expect_eq(resp.n_urcs, 2, "step %zu: %zu codes set aside", step, resp.n_urcs);
		cr_expect_eq(resp.n_noise, 1);
		cr_assert_eq(resp.n_lines, 1, "step %zu: %zu lines", step, resp.n_lines);
		cr_expect_not_null(at_response_find(&resp, "+COPS:"));
	}
}

Test(atmodem_frame, errors_and_bare_lines)
{
	at_response resp;
	at_framer fr;

	at_framer_start(&fr, "AT+CCID", &resp);
	cr_assert(feed(&fr, "\r\n+CME ERROR: 10\r\n", 5));
	cr_expect_eq(resp.result, AT_RESULT_CME);
	cr_expect_eq(resp.error_code, 10);

	at_framer_start(&fr, "AT+CMGL", &resp);
	cr_assert(feed(&fr, "\r\n+CMS ERROR: SIM busy\r\n", 3));
	cr_expect_eq(resp.result, AT_RESULT_CMS);
	cr_expect_eq(resp.error_code, -1, "a text error has no code");

	at_framer_start(&fr, "AT+FOO", &resp);
	cr_assert(feed(&fr, "AT+FOO\r\r\nERROR\r\n", 4));
	cr_expect_eq(resp.result, AT_RESULT_ERROR);

	/* Bare information lines (AT+CIMI); an unsolicited RING among them. */
	at_framer_start(&fr, "AT+CIMI", &resp);
	cr_expect_not(feed(&fr, "\r\nRING\r\n262011234567890\r\n", 7), "no final code yet");
	cr_assert(feed(&fr, "OK\r\n", 1));
	cr_assert_eq(resp.n_lines, 1);
	cr_expect_str_eq(at_response_line(&resp, 0), "262011234567890");
	cr_expect_null(at_response_line(&resp, 1));
	cr_expect_eq(resp.n_urcs, 1);
}

Test(atmodem_frame, overlong_line_is_noise)
{
	at_response resp;
	at_framer fr;
	char *junk = malloc(AT_LINE_MAX * 2 + 8);

	cr_assert_not_null(junk);
	memset(junk, 'x', AT_LINE_MAX * 2);
	memcpy(junk + AT_LINE_MAX * 2, "\r\nOK\r\n", 7);
	at_framer_start(&fr, "AT", &resp);
	cr_assert(feed(&fr, junk, 100));
	cr_expect_eq(resp.n_lines, 0);
	cr_expect_eq(resp.n_noise, 1);
	free(junk);
}

Test(atmodem_frame, command_prefixes)
{
	char p[24];

	at_command_prefix("AT+CSQ", p, sizeof p);
	cr_expect_str_eq(p, "+CSQ:");
	at_command_prefix("AT+COPS=?", p, sizeof p);
	cr_expect_str_eq(p, "+COPS:");
	at_command_prefix("AT+CEREG?", p, sizeof p);
	cr_expect_str_eq(p, "+CEREG:");
	at_command_prefix("ATE0", p, sizeof p);
	cr_expect_str_eq(p, "");
	cr_expect(at_is_urc("+CEREG: 1", "+CSQ:"));
	cr_expect_not(at_is_urc("+CSQ: 1,2", "+CSQ:"));
	cr_expect_not(at_is_urc("356938035643809", ""));
	/* A vendor's variant of the command's own answer is not unsolicited. */
	cr_expect_not(at_is_urc("+ICCID: 89490200001234567890", "+CCID:"));
	cr_expect_not(at_is_urc("^ICCID: 89490200001234567890", "+CCID:"));
	cr_expect(at_is_urc("+CREG: 1", "+CCID:"));
	cr_expect(at_is_urc("+CEREG: 1", "+CREG:"), "CEREG is not CREG");
}

/** A small deterministic generator (xorshift32), so a failure repeats. */
static uint32_t next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

Test(atmodem_frame, random_bytes_keep_every_bound)
{
	/* Bytes that matter to the parsers come often; the rest is noise. */
	static const char alphabet[] = "+CSQEREGOPS:0123456789,\"()\r\n ?=OKERROR^\x00\xff";
	uint32_t state = 0x2545f491u;
	char *line = malloc(AT_LINE_MAX * 3);

	cr_assert_not_null(line);
	for (int round = 0; round < 20000; round++) {
		size_t len = next_random(&state) % (AT_LINE_MAX * 3 - 1);
		at_response resp;
		at_framer fr;
		at_network nets[4];
		at_csq csq;
		at_cesq cesq;
		at_reg reg;
		at_cops cops;
		char out[24];

		if (round % 4)
			len %= 200;
		for (size_t i = 0; i < len; i++)
			line[i] = alphabet[next_random(&state) % (sizeof alphabet - 1)];
		line[len] = '\0';
		at_framer_start(&fr, "AT+COPS=?", &resp);
		at_framer_feed(&fr, line, len);
		cr_assert_leq(resp.n_lines, AT_LINES_MAX);
		for (size_t i = 0; i < resp.n_lines; i++)
			cr_assert_lt(resp.line_off[i] + strlen(at_response_line(&resp, i)), sizeof resp.text);
		/* Each parser either refuses the line or fills what it promised. */
		(void)at_parse_csq(line, &csq);
		(void)at_parse_cesq(line, &cesq);
		if (at_parse_reg(line, &reg) == 0)
			cr_assert(strlen(reg.area) < sizeof reg.area && strlen(reg.cell_id) < sizeof reg.cell_id);
		if (at_parse_cops(line, &cops) == 0)
			cr_assert_lt(strlen(cops.oper), sizeof cops.oper);
		cr_assert_leq(at_parse_cops_list(line, nets, 4), 4);
		if (at_parse_iccid(line, out, sizeof out) == 0)
			cr_assert(strlen(out) >= 18 && strlen(out) <= 20);
		if (at_parse_digits(line, out, sizeof out) == 0)
			cr_assert_lt(strlen(out), sizeof out);
	}
	free(line);
}
