/* Running one AT command for an operation: the host's cancel flag and
 * progress wired into the port's wait, and every way a command can end
 * turned into a status with a message a person can act on. */
#include <stdio.h>

#include "atmodem.h"

/** at_tick_fn: progress with the time left, for long waits (ctx: the progress message). */
typedef struct atmodem_wait_ctx {
	ds_call *call;
	const char *message; /**< progress message, or NULL for none */
} atmodem_wait_ctx;

static void atmodem_wait_tick(void *ctx, unsigned elapsed_ms, unsigned timeout_ms)
{
	atmodem_wait_ctx *w = ctx;
	char text[DS_TEXT_MAX];

	if (!w->message)
		return;
	snprintf(text, sizeof text, D_("%s (at most %u s more)"), w->message,
		 (timeout_ms - elapsed_ms + 999) / 1000);
	atmodem_host->progress(w->call, (unsigned)((unsigned long long)elapsed_ms * 1000 / timeout_ms), text);
}

/** +CME ERROR codes of 27.007 9.2.1 that a person can do something about. */
static const struct {
	int code;
	const char *text;
} atmodem_cme[] = {
	{ 3, N_("the module does not allow this now; wait a minute and try again") },
	{ 4, N_("the module does not support this command") },
	{ 10, N_("no SIM card is inserted; insert one (power the module off first) and try again") },
	{ 11, N_("the SIM card is locked with a PIN; unlock it with the vendor's tool and try again") },
	{ 12, N_("the SIM card is blocked (PUK required); ask the operator for the PUK") },
	{ 13, N_("the SIM card failed; reseat it or try another card") },
	{ 14, N_("the SIM card is busy; wait a few seconds and try again") },
	{ 15, N_("the SIM card is not accepted by the module; try another card") },
	{ 30, N_("there is no network service here; move the antenna or the device and try again") },
	{ 31, N_("the network did not answer in time; try again") },
	{ 32, N_("the network allows emergency calls only; check the SIM's subscription") },
};

const char *atmodem_cme_text(int code)
{
	for (size_t i = 0; i < sizeof atmodem_cme / sizeof atmodem_cme[0]; i++)
		if (atmodem_cme[i].code == code)
			return D_(atmodem_cme[i].text);
	return D_("the module reported an error; check the module's manual for this command");
}

const char *atmodem_es10_text(es10_result result)
{
	return D_(es10_result_message(result)); /* marked with N_() in es10.c */
}

ds_status atmodem_run(ds_call *call, ds_device *dev, const char *command, unsigned timeout_ms,
		      at_response *resp, bool quiet, const char *progress)
{
	atmodem_wait_ctx ctx = { .call = call, .message = progress };
	at_outcome outcome;

	dev->at_commands++;
	outcome = at_port_command(&dev->port, call, command, timeout_ms, atmodem_wait_tick, &ctx, resp);

	if (resp->n_urcs || resp->n_noise)
		atmodem_host->log(DS_LOG_DEBUG, "%s: %zu unsolicited code(s) (last \"%s\"), %zu noisy line(s)", command,
				  resp->n_urcs, resp->last_urc, resp->n_noise);
	switch (outcome) {
	case AT_CANCELLED:
		return atmodem_host->fail(call, DS_ERR_CANCELLED, "%s", D_("Cancelled."));
	case AT_TIMEOUT:
		return atmodem_host->fail(call, DS_ERR_TIMEOUT,
					  D_("The cellular module on %s did not answer %s within %u s. "
					     "Check that it is powered and that no other program uses the port, then try again."),
					  dev->port.path, command, timeout_ms / 1000);
	case AT_IO_ERROR:
		return atmodem_host->fail(call, DS_ERR_IO,
					  D_("The connection to the cellular module on %s was lost. "
					     "Check the USB cable and try again."),
					  dev->port.path);
	case AT_DONE:
		break;
	}
	if (resp->result == AT_RESULT_OK)
		return DS_OK;
	atmodem_host->log(DS_LOG_INFO, "%s: %s", command, resp->error_text);
	if (quiet)
		return DS_ERR_DEVICE;
	if (resp->result == AT_RESULT_CME)
		return atmodem_host->fail(call, DS_ERR_DEVICE, D_("The cellular module refused %s: %s."), command,
					  atmodem_cme_text(resp->error_code));
	return atmodem_host->fail(call, DS_ERR_DEVICE,
				  D_("The cellular module refused %s (%s). It may not support it; "
				     "check the module's manual."),
				  command, resp->error_text);
}
