/* libFuzzer target: the AT-modem plugin's response framer. The first byte
 * picks the command sent and the size of the pieces the bytes arrive in
 * (a serial port hands over any number at a time); the rest is what the
 * module sends. Every information line then goes through the parser the
 * plugin would give it. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "at_frame.h"
#include "at_parse.h"

static const char *const fuzz_commands[] = {
	"AT", "AT+CSQ", "AT+CESQ", "AT+CEREG?", "AT+COPS?", "AT+COPS=?", "AT+CCID", "AT+CIMI", "AT+CGMM",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static at_framer fr;
	static at_response resp;
	size_t n_commands = sizeof fuzz_commands / sizeof fuzz_commands[0], piece, off = 1;
	const char *line;
	bool done = false;

	if (size == 0)
		return 0;
	at_framer_start(&fr, fuzz_commands[data[0] % n_commands], &resp);
	piece = (size_t)(data[0] >> 4) + 1;
	while (off < size && !done) {
		size_t n = size - off < piece ? size - off : piece;

		done = at_framer_feed(&fr, (const char *)data + off, n);
		off += n;
	}
	FUZZ_CHECK(done == (resp.result != AT_RESULT_PENDING));
	FUZZ_CHECK(resp.n_lines <= AT_LINES_MAX);
	for (size_t i = 0; (line = at_response_line(&resp, i)) != NULL; i++) {
		at_network nets[4];
		at_cops cops;
		at_reg reg;
		char out[32];

		FUZZ_CHECK(i < resp.n_lines);
		FUZZ_CHECK(line >= resp.text && line < resp.text + sizeof resp.text);
		FUZZ_CHECK(at_parse_cops_list(line, nets, 4) <= 4);
		(void)at_parse_cops(line, &cops);
		(void)at_parse_reg(line, &reg);
		(void)at_parse_iccid(line, out, sizeof out);
	}
	if (fr.prefix[0])
		(void)at_response_find(&resp, fr.prefix);
	return 0;
}
