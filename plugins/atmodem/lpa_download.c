/* The AT-modem plugin's LPA: download by activation code and the pending
 * notifications (lpa_download.h). Stages, each with progress:
 *
 *   1. the activation code read (a secret: kept in secret memory);
 *   2. GetEUICCChallenge and GetEUICCInfo1, then ES9+ initiateAuthentication;
 *   3. AuthenticateServer, then ES9+ authenticateClient;
 *   4. PrepareDownload (with hashCc when the operator asks for a
 *      confirmation code), then ES9+ getBoundProfilePackage;
 *   5. LoadBoundProfilePackage, segment by segment, and its result;
 *   6. the profile list read back, then the pending notifications sent.
 *
 * The person may cancel until PrepareDownload is answered; a stage that
 * fails after the eUICC authenticated the SM-DP+ ends the session on both
 * sides with CancelSession. */
#include "lpa_download.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "es10b_download.h"
#include "es9_client.h"
#include "euicc_apdu.h"
#include "hex_digits.h"
#include "lpa_code.h"

/** Largest ES10 request built (AuthenticateServer carries two certificates;
 *  a BPP segment is at most 256 STORE DATA blocks). */
#define LPA_REQUEST_MAX (256u * EUICC_STORE_DATA_BLOCK)
/** Largest ES10 answer read (the profile list, the notifications). */
#define LPA_ANSWER_MAX 65536u
/** Most profiles read back, most notifications sent in one go. */
#define LPA_PROFILES_MAX 16
#define LPA_NOTIFICATIONS_MAX 32

/** One download (or notification run) in progress. */
typedef struct lpa_run {
	ds_call *call;
	ds_device *dev;
	euicc_session *s; /**< the device's own session: its ISD-R channel is shared, never a second one */
	uint8_t *req;     /**< the ES10 request being built */
	uint8_t *ans;     /**< the eUICC's answer */
	size_t ans_len;
	lpa_code *code; /**< the activation code (secret memory) */
	char *cc;       /**< the confirmation code (secret memory), or NULL */
	es9_client es9;
	uint8_t tid[ES10B_TRANSACTION_ID_MAX];
	size_t tid_len;
	bool in_session; /**< the eUICC has a download session to cancel */
	char iccid[ES10_ICCID_SIZE];
} lpa_run;

/** Sends the request in r->req (req_len bytes, or -1 when it could not be
 *  built) and reads the answer into r->ans. */
static ds_status lpa_es10(lpa_run *r, long req_len, const char *what)
{
	if (req_len < 0)
		return atmodem_host->fail(r->call, DS_ERR_DEVICE,
					  D_("The request %s for the eSIM could not be built from what the SM-DP+ "
					     "sent."),
					  what);
	return atmodem_euicc_fail(r->call, r->dev,
				  euicc_store_data(r->s, r->req, (size_t)req_len, r->ans, LPA_ANSWER_MAX, &r->ans_len),
				  what);
}

/** Fails for an answer of the eUICC that SGP.22 does not describe. */
static ds_status lpa_malformed(lpa_run *r, const char *what)
{
	return atmodem_host->fail(r->call, DS_ERR_DEVICE,
				  D_("The eSIM in the module on %s sent an answer to %s that is not what SGP.22 "
				     "describes."),
				  r->dev->port.path, what);
}

/** Ends the download session on the eUICC and the SM-DP+ (CancelSession,
 *  then ES9+ cancelSession), as far as each still answers; logs only. */
static void lpa_cancel_session(lpa_run *r, uint32_t reason)
{
	long n;
	uint32_t code;
	es9_response resp;
	es9_field fields[2];

	bool cancelled = atmodem_host->cancelled(r->call);
	euicc_status es;

	if (!r->in_session)
		return;
	r->in_session = false;
	n = es10b_request_cancel_session(r->req, LPA_REQUEST_MAX, r->tid, r->tid_len, reason);
	/* after the person's cancel the module is still asked (a NULL call is
	 * never cancelled); the SM-DP+ is not, its session expires by itself */
	if (cancelled)
		r->dev->euicc_call = NULL;
	es = n < 0 ? EUICC_ERR_TOO_LONG : euicc_store_data(r->s, r->req, (size_t)n, r->ans, LPA_ANSWER_MAX, &r->ans_len);
	r->dev->euicc_call = r->call;
	if (es != EUICC_OK) {
		atmodem_host->log(DS_LOG_WARN, "CancelSession: the eSIM did not answer");
		return;
	}
	if (es10b_parse_cancel_session(r->ans, r->ans_len, &code) != ES10B_OK) {
		atmodem_host->log(DS_LOG_WARN, "CancelSession: the eSIM refused (%u)", (unsigned)code);
		return;
	}
	if (cancelled)
		return;
	fields[0] = (es9_field){ .name = "transactionId", .text = r->es9.transaction_id };
	fields[1] = (es9_field){ .name = "cancelSessionResponse", .data = r->ans, .len = r->ans_len };
	r->es9.quiet = true; /* the failure that led here keeps its message */
	if (es9_call(&r->es9, "cancelSession", fields, 2, &resp) != DS_OK)
		atmodem_host->log(DS_LOG_WARN, "ES9+ cancelSession failed");
	r->es9.quiet = false;
	es9_response_free(&resp);
}

/** Fails with st after ending the session (the message of the failure is
 *  recorded again: the clean-up may have recorded its own). */
static ds_status lpa_abort(lpa_run *r, ds_status st, const char *message)
{
	lpa_cancel_session(r, st == DS_ERR_CANCELLED ? ES10B_CANCEL_END_USER_REJECTION : ES10B_CANCEL_UNDEFINED);
	return atmodem_host->fail(r->call, st, "%s", message);
}

/** Reports progress of stage (permille) with a translated message. */
static void lpa_progress(lpa_run *r, unsigned permille, const char *message)
{
	atmodem_host->progress(r->call, permille, message);
}

/** Decodes the hex transactionId of the SM-DP+ into r->tid. 0 or -1. */
static int lpa_transaction_id(lpa_run *r)
{
	const char *hex = r->es9.transaction_id;
	size_t len = strlen(hex);

	if (len == 0 || hex_digits_decode(hex, len, r->tid, sizeof r->tid) < 0)
		return -1;
	r->tid_len = len / 2;
	return 0;
}

/** The named base64 fields of an ES9+ answer, decoded (freed by lpa_free_fields). */
typedef struct lpa_blob {
	uint8_t *data;
	size_t len;
} lpa_blob;

/** Frees n blobs. */
static void lpa_free_blobs(lpa_blob *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].data);
		b[i].data = NULL;
	}
}

/** Decodes the fields names (n) of resp into b; fails (recorded) when one is missing. */
static ds_status lpa_blobs(lpa_run *r, const es9_response *resp, const char *const *names, lpa_blob *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (es9_response_bytes(resp, names[i], &b[i].data, &b[i].len) != 0) {
			atmodem_host->log(DS_LOG_INFO, "ES9+ answer without a valid %s", names[i]);
			return atmodem_host->fail(r->call, DS_ERR_DEVICE,
						  D_("The SM-DP+ %s sent an incomplete answer. Try again later; if it "
						     "persists, ask the operator."),
						  r->code->address);
		}
	}
	return DS_OK;
}

/** Stage 2: the eUICC's challenge and info to the SM-DP+; the SM-DP+'s
 *  signed answer into b (4: serverSigned1, serverSignature1,
 *  euiccCiPKIdToBeUsed, serverCertificate). */
static ds_status lpa_initiate(lpa_run *r, lpa_blob *b)
{
	static const char *const names[] = { "serverSigned1", "serverSignature1", "euiccCiPKIdToBeUsed",
					     "serverCertificate" };
	uint8_t challenge[ES10B_CHALLENGE_SIZE];
	uint8_t *info1;
	size_t info1_len;
	es9_response resp;
	es9_field fields[3];
	ds_status st;

	lpa_progress(r, 50, D_("Asking the eSIM for its challenge"));
	st = lpa_es10(r, es10b_request_challenge(r->req, LPA_REQUEST_MAX), "GetEUICCChallenge");
	if (st != DS_OK)
		return st;
	if (es10b_parse_challenge(r->ans, r->ans_len, challenge) != ES10B_OK)
		return lpa_malformed(r, "GetEUICCChallenge");
	st = lpa_es10(r, es10b_request_info1(r->req, LPA_REQUEST_MAX), "GetEUICCInfo1");
	if (st != DS_OK)
		return st;
	if (es10b_parse_info1(r->ans, r->ans_len) != ES10B_OK)
		return lpa_malformed(r, "GetEUICCInfo1");
	info1 = malloc(r->ans_len);
	if (!info1)
		return atmodem_host->fail(r->call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	memcpy(info1, r->ans, r->ans_len);
	info1_len = r->ans_len;
	if (atmodem_host->cancelled(r->call)) {
		free(info1);
		return atmodem_host->fail(r->call, DS_ERR_CANCELLED, "%s", D_("Cancelled."));
	}
	lpa_progress(r, 150, D_("Contacting the operator's SM-DP+"));
	fields[0] = (es9_field){ .name = "euiccChallenge", .data = challenge, .len = sizeof challenge };
	fields[1] = (es9_field){ .name = "euiccInfo1", .data = info1, .len = info1_len };
	fields[2] = (es9_field){ .name = "smdpAddress", .text = r->code->address };
	st = es9_call(&r->es9, "initiateAuthentication", fields, 3, &resp);
	free(info1);
	if (st == DS_OK &&
	    (es9_response_text(&resp, "transactionId", r->es9.transaction_id, sizeof r->es9.transaction_id) != 0 ||
	     lpa_transaction_id(r) != 0)) {
		r->es9.transaction_id[0] = '\0';
		st = atmodem_host->fail(r->call, DS_ERR_DEVICE,
					D_("The SM-DP+ %s sent no valid transaction number. Try again later; if it "
					   "persists, ask the operator."),
					r->code->address);
	}
	if (st == DS_OK)
		st = lpa_blobs(r, &resp, names, b, 4);
	es9_response_free(&resp);
	return st;
}

/** Stage 3: AuthenticateServer on the eUICC, its answer to the SM-DP+;
 *  the SM-DP+'s offer into b (3: smdpSigned2, smdpSignature2,
 *  smdpCertificate). */
static ds_status lpa_authenticate(lpa_run *r, const lpa_blob *server, lpa_blob *b)
{
	static const char *const names[] = { "smdpSigned2", "smdpSignature2", "smdpCertificate" };
	es10b_server_auth in = {
		.server_signed1 = server[0].data,
		.server_signed1_len = server[0].len,
		.server_signature1 = server[1].data,
		.server_signature1_len = server[1].len,
		.ci_pkid = server[2].data,
		.ci_pkid_len = server[2].len,
		.server_certificate = server[3].data,
		.server_certificate_len = server[3].len,
		.matching_id = r->code->matching_id,
		.imei = r->dev->imei[0] ? r->dev->imei : NULL,
	};
	es9_response resp;
	es9_field fields[2];
	uint32_t code;
	ds_status st;

	lpa_progress(r, 250, D_("The eSIM checks the SM-DP+"));
	st = lpa_es10(r, es10b_request_authenticate_server(r->req, LPA_REQUEST_MAX, &in), "AuthenticateServer");
	if (st != DS_OK)
		return st;
	switch (es10b_parse_authenticate_server(r->ans, r->ans_len, &code)) {
	case ES10B_OK:
		r->in_session = true;
		break;
	case ES10B_REFUSED:
		return atmodem_host->fail(r->call, DS_ERR_DEVICE, D_("The eSIM refused the SM-DP+ %s: %s."),
					  r->code->address, D_(es10b_auth_error_message(code)));
	case ES10B_MALFORMED:
		return lpa_malformed(r, "AuthenticateServer");
	}
	if (atmodem_host->cancelled(r->call))
		return lpa_abort(r, DS_ERR_CANCELLED, D_("Cancelled."));
	lpa_progress(r, 350, D_("The SM-DP+ checks the eSIM"));
	fields[0] = (es9_field){ .name = "transactionId", .text = r->es9.transaction_id };
	fields[1] = (es9_field){ .name = "authenticateServerResponse", .data = r->ans, .len = r->ans_len };
	st = es9_call(&r->es9, "authenticateClient", fields, 2, &resp);
	if (st == DS_OK)
		st = lpa_blobs(r, &resp, names, b, 3);
	es9_response_free(&resp);
	return st;
}

/** Stage 4: PrepareDownload on the eUICC, then the package from the SM-DP+ into *bpp. */
static ds_status lpa_prepare(lpa_run *r, const lpa_blob *offer, lpa_blob *bpp)
{
	static const char *const names[] = { "boundProfilePackage" };
	es10b_signed2 signed2;
	es10b_prepare in = {
		.smdp_signed2 = offer[0].data,
		.smdp_signed2_len = offer[0].len,
		.smdp_signature2 = offer[1].data,
		.smdp_signature2_len = offer[1].len,
		.smdp_certificate = offer[2].data,
		.smdp_certificate_len = offer[2].len,
	};
	uint8_t *hash = NULL;
	es9_response resp;
	es9_field fields[2];
	uint32_t code;
	ds_status st;

	if (es10b_parse_signed2(offer[0].data, offer[0].len, &signed2) != ES10B_OK ||
	    signed2.transaction_id_len != r->tid_len || memcmp(signed2.transaction_id, r->tid, r->tid_len) != 0)
		return lpa_abort(r, DS_ERR_DEVICE,
				 D_("The SM-DP+ sent a profile offer for another download session. Start the download "
				    "again."));
	if (signed2.cc_required && (!r->cc || !r->cc[0]))
		return lpa_abort(r, DS_ERR_AUTH,
				 D_("The operator asks for a confirmation code for this profile. Type the one the "
				    "operator gave you with the activation code."));
	if (atmodem_host->cancelled(r->call))
		return lpa_abort(r, DS_ERR_CANCELLED, D_("Cancelled."));
	if (signed2.cc_required) {
		hash = atmodem_host->secret_alloc(ES10B_HASH_CC_SIZE);
		if (!hash)
			return lpa_abort(r, DS_ERR_NO_MEMORY, D_("Out of memory."));
		es10b_hash_cc(r->cc, r->tid, r->tid_len, hash);
		in.hash_cc = hash;
	}
	lpa_progress(r, 450, D_("The eSIM prepares the download"));
	st = lpa_es10(r, es10b_request_prepare_download(r->req, LPA_REQUEST_MAX, &in), "PrepareDownload");
	atmodem_host->secret_free(hash);
	if (st != DS_OK) {
		if (st != DS_ERR_TIMEOUT && st != DS_ERR_IO && st != DS_ERR_CANCELLED)
			lpa_cancel_session(r, ES10B_CANCEL_UNDEFINED);
		r->in_session = false;
		return st;
	}
	switch (es10b_parse_prepare_download(r->ans, r->ans_len, &code)) {
	case ES10B_OK:
		break;
	case ES10B_REFUSED:
		lpa_cancel_session(r, ES10B_CANCEL_UNDEFINED);
		return atmodem_host->fail(r->call, DS_ERR_DEVICE, D_("The eSIM refused to prepare the download: %s."),
					  D_(es10b_download_error_message(code)));
	case ES10B_MALFORMED:
		lpa_cancel_session(r, ES10B_CANCEL_UNDEFINED);
		return lpa_malformed(r, "PrepareDownload");
	}
	lpa_progress(r, 500, D_("Fetching the profile from the SM-DP+ (this can no longer be cancelled)"));
	fields[0] = (es9_field){ .name = "transactionId", .text = r->es9.transaction_id };
	fields[1] = (es9_field){ .name = "prepareDownloadResponse", .data = r->ans, .len = r->ans_len };
	st = es9_call(&r->es9, "getBoundProfilePackage", fields, 2, &resp);
	if (st == DS_OK)
		st = lpa_blobs(r, &resp, names, bpp, 1);
	es9_response_free(&resp);
	return st;
}

/** Reads the profile list back; *found when the ICCID (if any) is there. DS_OK or a transport status. */
static ds_status lpa_read_back(lpa_run *r, const char *iccid, bool *found, bool *enabled)
{
	es10_profile *list = calloc(LPA_PROFILES_MAX, sizeof *list);
	size_t n = 0;
	bool truncated;
	long len = es10_request_profiles(r->req, LPA_REQUEST_MAX);
	euicc_status es;

	*found = *enabled = false;
	if (!list)
		return DS_ERR_NO_MEMORY;
	es = len < 0 ? EUICC_ERR_TOO_LONG
		     : euicc_store_data(r->s, r->req, (size_t)len, r->ans, LPA_ANSWER_MAX, &r->ans_len);
	if (es == EUICC_OK && es10_parse_profiles(r->ans, r->ans_len, list, LPA_PROFILES_MAX, &n, &truncated) != ES10_OK)
		es = EUICC_ERR_ANSWER;
	for (size_t i = 0; es == EUICC_OK && iccid && iccid[0] && i < n; i++) {
		if (strcmp(list[i].iccid, iccid) == 0) {
			*found = true;
			*enabled = list[i].state == ES10_STATE_ENABLED;
		}
	}
	free(list);
	return es == EUICC_OK ? DS_OK : DS_ERR_IO;
}

/** Stage 5: the package, segment by segment; its result into *result. */
static ds_status lpa_load(lpa_run *r, const lpa_blob *bpp, es10b_install_result *result)
{
	es10b_segment *seg = calloc(ES10B_SEGMENTS_MAX, sizeof *seg);
	size_t n = 0, i;
	euicc_status es = EUICC_OK;
	char text[DS_TEXT_MAX];

	if (!seg)
		return atmodem_host->fail(r->call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	if (es10b_bpp_segments(bpp->data, bpp->len, seg, ES10B_SEGMENTS_MAX, &n) != 0) {
		free(seg);
		return lpa_abort(r, DS_ERR_DEVICE,
				 D_("The SM-DP+ sent a profile package that is not made as SGP.22 says; nothing was "
				    "installed."));
	}
	r->ans_len = 0;
	for (i = 0; i < n; i++) {
		if (seg[i].len > LPA_REQUEST_MAX) {
			es = EUICC_ERR_TOO_LONG;
			break;
		}
		snprintf(text, sizeof text, D_("Installing the profile (part %zu of %zu)"), i + 1, n);
		lpa_progress(r, (unsigned)(550 + 350 * i / n), text);
		es = euicc_store_data(r->s, seg[i].data, seg[i].len, r->ans, LPA_ANSWER_MAX, &r->ans_len);
		if (es != EUICC_OK || r->ans_len > 0)
			break; /* a result before the last segment is an error result */
	}
	free(seg);
	r->in_session = false; /* the eUICC ends the session with the package */
	if (es != EUICC_OK) {
		bool found = false, enabled = false;
		ds_status rb;
		int outcome = r->s->transport_error;

		if (es == EUICC_ERR_TRANSPORT && outcome == DS_ERR_CANCELLED)
			return atmodem_host->fail(r->call, DS_ERR_CANCELLED, "%s",
						  D_("Cancelled while the profile was being installed. Read the eSIM's "
						     "profiles before you try again: the profile may be half installed."));
		rb = lpa_read_back(r, NULL, &found, &enabled);
		atmodem_host->log(DS_LOG_WARN, "LoadBoundProfilePackage stopped at part %zu of %zu (%s); read back: %s",
				  i + 1, n, euicc_status_name(es), rb == DS_OK ? "ok" : "failed");
		return atmodem_host
			->fail(r->call, es == EUICC_ERR_TRANSPORT ? DS_ERR_TIMEOUT : DS_ERR_DEVICE,
			       D_("The cellular module on %s stopped the installation at part %zu of %zu (%s). %s"),
			       r->dev->port.path, i + 1, n,
			       es == EUICC_ERR_TRANSPORT ? D_("it stopped answering") : euicc_status_name(es),
			       rb == DS_OK
				       ? D_("The eSIM's profiles were read back: the new profile is not installed; try again.")
				       : D_("The eSIM's profiles could not be read back: unplug the module, plug it in "
					    "again and list its profiles before you try again."));
	}
	if (es10b_parse_install_result(r->ans, r->ans_len, result) != ES10B_OK)
		return lpa_malformed(r, "LoadBoundProfilePackage");
	return DS_OK;
}

/** Sends every pending notification to its server and removes those sent.
 *  DS_OK when none is left; otherwise recorded, naming those still pending. */
static ds_status lpa_notifications(lpa_run *r, unsigned from_permille, unsigned to_permille)
{
	es10_notification *list = calloc(LPA_NOTIFICATIONS_MAX, sizeof *list);
	char pending[DS_TEXT_MAX] = "";
	size_t n = 0, left = 0;
	bool truncated = false;
	uint8_t *all = NULL;
	size_t all_len;
	es10_result res;
	ds_status st;

	if (!list)
		return atmodem_host->fail(r->call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	st = lpa_es10(r, es10_request_retrieve_notifications(r->req, LPA_REQUEST_MAX, true, 0),
		      "RetrieveNotificationsList");
	if (st != DS_OK)
		goto out;
	/* the list points into the answer; keep it while the removals reuse r->ans */
	all = malloc(r->ans_len);
	if (!all) {
		st = atmodem_host->fail(r->call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
		goto out;
	}
	memcpy(all, r->ans, r->ans_len);
	all_len = r->ans_len;
	res = es10_parse_retrieved(all, all_len, list, LPA_NOTIFICATIONS_MAX, &n, &truncated);
	if (res == ES10_NO_RESULT) {
		n = 0;
	} else if (res != ES10_OK) {
		st = lpa_malformed(r, "RetrieveNotificationsList");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		es9_client to;
		char text[DS_TEXT_MAX];

		snprintf(text, sizeof text, D_("Sending notification %zu of %zu to %s"), i + 1, n, list[i].address);
		atmodem_host->progress(r->call, from_permille + (unsigned)((to_permille - from_permille) * i / n), text);
		st = es9_client_init(&to, r->call, list[i].address);
		if (st != DS_OK)
			goto out;
		st = list[i].address[0] ? es9_handle_notification(&to, list[i].raw, list[i].raw_len) : DS_ERR_INVALID;
		es9_client_free(&to);
		if (st == DS_ERR_CANCELLED)
			goto out;
		if (st == DS_OK) {
			st = lpa_es10(r, es10_request_remove_notification(r->req, LPA_REQUEST_MAX, list[i].seq),
				      "RemoveNotificationFromList");
			if (st == DS_OK) {
				es10_result rr = es10_parse_result(ES10_CMD_REMOVE_NOTIFICATION, r->ans, r->ans_len,
								   NULL);

				if (rr == ES10_OK || rr == ES10_NOTHING_TO_DELETE)
					continue;
			}
			if (st == DS_ERR_TIMEOUT || st == DS_ERR_IO || st == DS_ERR_CANCELLED)
				goto out;
		}
		left++;
		/* the address says which server could not be reached */
		snprintf(pending + strlen(pending), sizeof pending - strlen(pending), "%s%u (%s, %s)",
			 pending[0] ? ", " : "", (unsigned)list[i].seq, es10_event_name(list[i].event),
			 list[i].address[0] ? list[i].address : "?");
		atmodem_host->log(DS_LOG_INFO, "notification %u to %s not sent", (unsigned)list[i].seq, list[i].address);
	}
	st = DS_OK;
	if (left || truncated)
		st = atmodem_host->fail(r->call, DS_ERR_IO,
					D_("%zu notification(s) could not be sent and stay on the eSIM: %s. Send them "
					   "again when this computer is online."),
					left, pending[0] ? pending : "…");
out:
	free(all);
	free(list);
	return st;
}

/** Opens the run: buffers, and the device's channel to the ISD-R (opened once, kept). */
static ds_status lpa_begin(lpa_run *r, ds_call *call, ds_device *dev)
{
	r->call = call;
	r->dev = dev;
	r->req = malloc(LPA_REQUEST_MAX);
	r->ans = malloc(LPA_ANSWER_MAX);
	if (!r->req || !r->ans)
		return atmodem_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	r->s = &dev->euicc;
	return atmodem_euicc_begin(call, dev);
}

/** Frees what the run holds (secrets wiped); the channel stays the device's. */
static void lpa_end(lpa_run *r)
{
	/* the ISD-R channel is the device's: it stays open for the operations
	 * that follow and is closed with the device */
	if (r->dev)
		r->dev->euicc_call = NULL;
	/* the requests and answers carried the Matching ID (ctxParams1) */
	if (r->req)
		sodium_memzero(r->req, LPA_REQUEST_MAX);
	if (r->ans)
		sodium_memzero(r->ans, LPA_ANSWER_MAX);
	free(r->req);
	free(r->ans);
	es9_client_free(&r->es9);
	atmodem_host->secret_free(r->code);
	atmodem_host->secret_free(r->cc);
	r->req = r->ans = NULL;
	r->code = NULL;
	r->cc = NULL;
}

/** Copies a secret into secret memory; NULL when absent or out of memory (*oom). */
static char *lpa_secret_copy(const char *s, bool *oom)
{
	size_t len;
	char *copy;

	if (!s)
		return NULL;
	len = strlen(s);
	copy = atmodem_host->secret_alloc(len + 1);
	if (!copy) {
		*oom = true;
		return NULL;
	}
	memcpy(copy, s, len + 1);
	return copy;
}

/** The stages after the activation code was read. */
static ds_status lpa_download_stages(lpa_run *r)
{
	lpa_blob server[4] = { { 0 } }, offer[3] = { { 0 } }, bpp = { 0 };
	es10b_install_result result;
	bool found, enabled;
	char text[DS_TEXT_MAX];
	ds_status st;

	st = lpa_initiate(r, server);
	if (st == DS_OK)
		st = lpa_authenticate(r, server, offer);
	else
		goto out;
	if (st != DS_OK) {
		if (r->in_session)
			lpa_cancel_session(r, st == DS_ERR_CANCELLED ? ES10B_CANCEL_END_USER_REJECTION
								     : ES10B_CANCEL_UNDEFINED);
		goto out;
	}
	st = lpa_prepare(r, offer, &bpp);
	if (st != DS_OK) {
		if (r->in_session) {
			/* getBoundProfilePackage failed: the eUICC's session is ended too */
			lpa_cancel_session(r, ES10B_CANCEL_UNDEFINED);
		}
		goto out;
	}
	st = lpa_load(r, &bpp, &result);
	if (st != DS_OK)
		goto out;
	if (!result.success) {
		atmodem_host->log(DS_LOG_WARN, "ProfileInstallationResult: error, command %u, reason %u",
				  (unsigned)result.bpp_command, (unsigned)result.error_reason);
		/* the eSIM keeps a notification of the failure for the SM-DP+: sent
		 * first, so that what is said is why the installation failed, not
		 * whether other notifications could be sent */
		(void)lpa_notifications(r, 900, 1000);
		st = atmodem_host->fail(r->call, DS_ERR_DEVICE, D_("The eSIM did not install the profile while %s: %s."),
					D_(es10b_bpp_command_message(result.bpp_command)),
					D_(es10b_install_error_message(result.error_reason)));
		goto out;
	}
	at_copy(r->iccid, sizeof r->iccid, result.iccid);
	lpa_progress(r, 900, D_("Reading the eSIM's profiles back"));
	st = lpa_read_back(r, r->iccid, &found, &enabled);
	if (st != DS_OK || (r->iccid[0] && !found)) {
		st = atmodem_host->fail(r->call, DS_ERR_DEVICE,
					D_("The eSIM reported the profile %s installed, but it is not in the eSIM's "
					   "list of profiles. List the profiles before you try again."),
					r->iccid[0] ? r->iccid : "?");
		goto out;
	}
	snprintf(text, sizeof text, D_("The profile %s is installed (%s)"), r->iccid[0] ? r->iccid : "?",
		 enabled ? D_("enabled") : D_("disabled"));
	lpa_progress(r, 950, text);
	atmodem_host->log(DS_LOG_INFO, "profile %s installed", r->iccid);
	if (lpa_notifications(r, 950, 1000) != DS_OK)
		atmodem_host->log(DS_LOG_WARN, "the install notification stays on the eSIM");
	st = DS_OK;
out:
	lpa_free_blobs(server, 4);
	lpa_free_blobs(offer, 3);
	lpa_free_blobs(&bpp, 1);
	return st;
}

ds_status atmodem_esim_download(ds_call *call, ds_device *dev, const char *activation_code, const char *confirmation_code)
{
	lpa_run r;
	const char *why = NULL;
	bool oom = false;
	ds_status st = DS_OK;

	memset(&r, 0, sizeof r);
	if (!activation_code)
		return atmodem_host->fail(call, DS_ERR_INVALID, "%s", D_("No activation code was given."));
	atmodem_host->progress(call, 0, D_("Reading the activation code"));
	r.code = atmodem_host->secret_alloc(sizeof *r.code);
	r.cc = lpa_secret_copy(confirmation_code, &oom);
	if (!r.code || oom)
		st = atmodem_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	if (st == DS_OK && lpa_code_parse(activation_code, r.code, &why) != 0)
		st = atmodem_host->fail(call, DS_ERR_INVALID, D_("The activation code cannot be used: %s."), D_(why));
	if (st == DS_OK && r.code->confirmation_required && (!r.cc || !r.cc[0]))
		st = atmodem_host->fail(call, DS_ERR_AUTH, "%s",
					D_("This activation code needs a confirmation code. Type the one the operator "
					   "gave you with it."));
	if (st == DS_OK)
		st = es9_client_init(&r.es9, call, r.code->address);
	if (st == DS_OK)
		st = lpa_begin(&r, call, dev);
	if (st == DS_OK)
		st = lpa_download_stages(&r);
	lpa_end(&r);
	return st;
}

ds_status atmodem_esim_notifications_send(ds_call *call, ds_device *dev)
{
	lpa_run r;
	ds_status st;

	memset(&r, 0, sizeof r);
	atmodem_host->progress(call, 0, D_("Reading the eSIM's pending notifications"));
	st = lpa_begin(&r, call, dev);
	if (st == DS_OK)
		st = lpa_notifications(&r, 100, 1000);
	lpa_end(&r);
	return st;
}
