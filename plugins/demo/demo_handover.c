/* The panel's hand-over code: a claim link for the homeowner's app, with a
 * random code the panel keeps in its memory. */
#include <stdio.h>

#include "demo.h"

/** RFC 4648 base32 alphabet. */
static const char demo_base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** handover_code operation: "https://app.demo-alarm.example/claim?panel=<serial>&code=<code>". */
ds_status demo_handover_code(ds_call *call, ds_device *dev, char *out, size_t out_size)
{
	char *code = demo.mem.handover_code;
	ds_status st = demo_require(call, dev, DS_FEATURE_HANDOVER);
	int n;

	if (st != DS_OK)
		return st;
	st = demo_work(call, 300, 0, 900, D_("Asking the panel for its claim code..."));
	if (st != DS_OK)
		return st;
	if (!code[0]) {
		uint8_t r[DEMO_CLAIM_LEN];

		demo.host->random(r, sizeof r);
		for (size_t i = 0; i < DEMO_CLAIM_LEN; i++)
			code[i] = demo_base32[r[i] % 32];
		code[DEMO_CLAIM_LEN] = '\0';
		st = demo_commit(call);
		if (st != DS_OK) {
			code[0] = '\0';
			return st;
		}
	}
	n = snprintf(out, out_size, "https://app.demo-alarm.example/claim?panel=%s&code=%s",
		     demo_def(dev)->serial, code);
	if (n < 0 || (size_t)n >= out_size)
		return demo.host->fail(call, DS_ERR_INTERNAL, "%s", D_("the hand-over code does not fit the host's buffer"));
	demo.host->progress(call, 1000, D_("The hand-over code is ready."));
	return DS_OK;
}
