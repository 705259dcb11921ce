/* libFuzzer target: the AT-modem plugin's 3GPP TS 27.007 response parsers,
 * each given the input as one line. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "at_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_text(data, size), out[32];
	at_network nets[8];
	at_csq csq;
	at_cesq cesq;
	at_reg reg;
	at_cops cops;
	int n;

	if (at_parse_csq(line, &csq) == 0)
		FUZZ_CHECK(csq.rssi_dbm < 0);
	(void)at_parse_cesq(line, &cesq);
	if (at_parse_reg(line, &reg) == 0)
		FUZZ_CHECK(at_reg_state_name(reg.state) != NULL && at_act_name(reg.act) != NULL);
	if (at_parse_cops(line, &cops) == 0)
		FUZZ_CHECK(memchr(cops.oper, '\0', sizeof cops.oper) != NULL);
	n = at_parse_cops_list(line, nets, sizeof nets / sizeof nets[0]);
	FUZZ_CHECK(n <= (int)(sizeof nets / sizeof nets[0]));
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(at_net_stat_name(nets[i].stat) != NULL && strlen(nets[i].code) < sizeof nets[i].code);
	if (at_parse_iccid(line, out, sizeof out) == 0)
		FUZZ_CHECK(strlen(out) < sizeof out);
	if (at_parse_digits(line, out, sizeof out) == 0)
		FUZZ_CHECK(strlen(out) < sizeof out);
	if (at_parse_text(line, out, sizeof out) == 0)
		FUZZ_CHECK(out[0] != '\0');
	free(line);
	return 0;
}
