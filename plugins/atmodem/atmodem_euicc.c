/* The module's eUICC as the operations use it: the APDU session
 * (euicc_apdu.h) sends its AT commands through atmodem_run, the ISD-R
 * channel is opened once and kept for the operations that follow, an ES10
 * exchange's failures are put in words, and after a refresh the card is
 * waited for and its channel opened again. */
#include <stdio.h>

#include "atmodem.h"

/** +CME ERROR code of a session (channel) that is not open (27.007 9.2.1: invalid index). */
#define ATMODEM_CME_INVALID_INDEX 21

/** euicc_at_fn: one AT command of the session, for the operation in dev->euicc_call.
 *  Refusals are the session's to read (0); a timeout, cancel or lost port
 *  comes back as its ds_status, its message recorded. */
static int atmodem_euicc_at(void *ctx, const char *command, at_response *resp)
{
	ds_device *dev = ctx;
	ds_status st = atmodem_run(dev->euicc_call, dev, command, ATMODEM_SIM_TIMEOUT_MS, resp, true, NULL);

	return st == DS_OK || st == DS_ERR_DEVICE ? 0 : (int)st;
}

void atmodem_euicc_init(ds_device *dev)
{
	euicc_session_init(&dev->euicc, atmodem_euicc_at, dev);
}

ds_status atmodem_euicc_fail(ds_call *call, ds_device *dev, euicc_status st, const char *what)
{
	euicc_session *s = &dev->euicc;

	atmodem_host->log(DS_LOG_INFO, "eUICC %s: %s (sw %04X, cme %d)", what, euicc_status_name(st), s->sw,
			  s->cme_error);
	switch (st) {
	case EUICC_OK:
		return DS_OK;
	case EUICC_ERR_TRANSPORT:
		return s->transport_error ? (ds_status)s->transport_error : DS_ERR_IO; /* recorded by atmodem_run */
	case EUICC_ERR_UNSUPPORTED:
		return atmodem_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
					  D_("The cellular module has no commands to reach its eSIM (AT+CCHO and AT+CGLA, "
					     "or AT+CSIM). Its profiles can only be managed with the maker's tool."));
	case EUICC_ERR_NO_ISDR:
		return atmodem_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
					  D_("The SIM in the cellular module is not an eSIM: it has no profile manager "
					     "(ISD-R)."));
	case EUICC_ERR_REFUSED:
		if (s->at_result == AT_RESULT_CME)
			return atmodem_host->fail(call, DS_ERR_DEVICE, D_("The cellular module refused %s: %s."), what,
						  atmodem_cme_text(s->cme_error));
		return atmodem_host->fail(call, DS_ERR_DEVICE,
					  D_("The cellular module refused %s. Restart the module and try again."), what);
	case EUICC_ERR_CHAIN:
		return atmodem_host->fail(call, DS_ERR_DEVICE,
					  D_("The eSIM kept announcing more of its answer to %s and never ended. Restart "
					     "the module and try again; if it persists, the card is faulty."),
					  what);
	case EUICC_ERR_SW:
		return atmodem_host->fail(call, DS_ERR_DEVICE,
					  D_("The eSIM refused %s (status %04X). Restart the module and try again."),
					  what, (unsigned)s->sw);
	case EUICC_ERR_TOO_LONG:
		return atmodem_host->fail(call, DS_ERR_DEVICE,
					  D_("The eSIM's answer to %s was far longer than SGP.22 allows (it kept announcing "
					     "more). Restart the module and try again; if it persists, the card is faulty."),
					  what);
	case EUICC_ERR_ANSWER:
	case EUICC_ERR_NOT_OPEN:
		break;
	}
	return atmodem_host->fail(call, DS_ERR_DEVICE,
				  D_("The eSIM's answer to %s could not be read. Restart the module and try again; if "
				     "it persists, the card is faulty."),
				  what);
}

ds_status atmodem_euicc_begin(ds_call *call, ds_device *dev)
{
	euicc_status st;

	dev->euicc_call = call;
	st = euicc_open(&dev->euicc);
	return st == EUICC_OK ? DS_OK : atmodem_euicc_fail(call, dev, st, D_("opening the eSIM"));
}

/** True when an exchange failed because the module no longer has the channel. */
static bool atmodem_channel_lost(const euicc_session *s, euicc_status st)
{
	return (st == EUICC_ERR_REFUSED && s->at_result == AT_RESULT_CME && s->cme_error == ATMODEM_CME_INVALID_INDEX) ||
	       (st == EUICC_ERR_SW && (s->sw == 0x6881 || s->sw == 0x6A81));
}

ds_status atmodem_es10(ds_call *call, ds_device *dev, const char *what, const uint8_t *request, long request_len,
		       size_t *len)
{
	euicc_status st;
	ds_status ds;

	*len = 0;
	if (request_len <= 0)
		return atmodem_host->fail(call, DS_ERR_INVALID, D_("The request %s could not be built."), what);
	ds = atmodem_euicc_begin(call, dev);
	if (ds != DS_OK)
		return ds;
	st = euicc_store_data(&dev->euicc, request, (size_t)request_len, dev->es10_answer, sizeof dev->es10_answer, len);
	if (atmodem_channel_lost(&dev->euicc, st)) {
		atmodem_host->log(DS_LOG_INFO, "eUICC channel lost: opened again");
		euicc_forget_channel(&dev->euicc);
		ds = atmodem_euicc_begin(call, dev);
		if (ds != DS_OK)
			return ds;
		st = euicc_store_data(&dev->euicc, request, (size_t)request_len, dev->es10_answer,
				      sizeof dev->es10_answer, len);
	}
	return st == EUICC_OK ? DS_OK : atmodem_euicc_fail(call, dev, st, what);
}

ds_status atmodem_euicc_after_reset(ds_call *call, ds_device *dev)
{
	uint64_t start = atmodem_now_ms();
	euicc_status st = EUICC_ERR_NOT_OPEN;
	ds_status ds;

	euicc_forget_channel(&dev->euicc);
	dev->euicc_call = call;
	for (;;) {
		uint64_t elapsed = atmodem_now_ms() - start;
		char text[DS_TEXT_MAX];

		if (elapsed >= ATMODEM_CARD_RESET_LIMIT_MS)
			break;
		snprintf(text, sizeof text, D_("Waiting for the eSIM to restart (at most %u s more)"),
			 (unsigned)((ATMODEM_CARD_RESET_LIMIT_MS - elapsed + 999) / 1000));
		atmodem_host->progress(call, (unsigned)(elapsed * 1000 / ATMODEM_CARD_RESET_LIMIT_MS), text);
		ds = atmodem_host->sleep(call, ATMODEM_POLL_MS);
		if (ds != DS_OK)
			return atmodem_host->fail(call, ds, "%s", D_("Cancelled."));
		st = euicc_open(&dev->euicc);
		if (st == EUICC_OK)
			break;
		/* busy (+CME ERROR: 14), no application yet, or no answer while it restarts: look again */
		if (st == EUICC_ERR_TRANSPORT && dev->euicc.transport_error == DS_ERR_CANCELLED)
			return DS_ERR_CANCELLED;
		if (st == EUICC_ERR_TRANSPORT && dev->euicc.transport_error == DS_ERR_IO)
			return DS_ERR_IO;
	}
	if (st != EUICC_OK)
		return atmodem_host->fail(call, DS_ERR_TIMEOUT,
					  D_("The eSIM did not come back within %u s after the profile switch. Restart the "
					     "module; the profile state is read again when it answers."),
					  ATMODEM_CARD_RESET_LIMIT_MS / 1000);
	return DS_OK;
}

void atmodem_euicc_end(ds_device *dev)
{
	dev->euicc_call = NULL;
	(void)euicc_close(&dev->euicc);
}
