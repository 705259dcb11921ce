/* The ES10b commands of a profile download (GSMA SGP.22 v2, 5.7.x and
 * 3.1.3): GetEUICCChallenge (BF2E), GetEUICCInfo1 (BF20),
 * AuthenticateServer (BF38, with ctxParams1), PrepareDownload (BF21, with
 * hashCc), the Bound Profile Package (BF36) cut into the segments that
 * LoadBoundProfilePackage takes (2.5.5), its ProfileInstallationResult
 * (BF37) and CancelSession (BF41). Requests built as BER-TLV, answers read,
 * error codes turned into stable names and sentences.
 *
 * Pure: bytes in, bytes out (libsodium for SHA-256); the APDU layer
 * (euicc_apdu.h) carries them and the ES9+ client (es9_client.h) takes them
 * to the SM-DP+. */
#ifndef ES10B_DOWNLOAD_H
#define ES10B_DOWNLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Bytes of the eUICC's challenge (Octet16). */
#define ES10B_CHALLENGE_SIZE 16
/** Most bytes of a TransactionId (OCTET STRING SIZE(1..16)). */
#define ES10B_TRANSACTION_ID_MAX 16
/** Bytes of hashCc (Octet32). */
#define ES10B_HASH_CC_SIZE 32
/** Most segments of a Bound Profile Package this reader accepts. */
#define ES10B_SEGMENTS_MAX 1024

/** How an answer read. */
typedef enum es10b_result {
	ES10B_OK = 0,
	ES10B_REFUSED = 1,   /**< the eUICC answered its error choice: see the code */
	ES10B_MALFORMED = 2, /**< the answer is not what SGP.22 describes */
} es10b_result;

/** The SM-DP+'s part of AuthenticateServer (each a whole DER TLV as the
 *  SM-DP+ sent it) and the device's own (ctxParams1). */
typedef struct es10b_server_auth {
	const uint8_t *server_signed1; /**< ServerSigned1 (30) */
	size_t server_signed1_len;
	const uint8_t *server_signature1; /**< serverSignature1 (5F37) */
	size_t server_signature1_len;
	const uint8_t *ci_pkid; /**< euiccCiPKIdToBeUsed (04) */
	size_t ci_pkid_len;
	const uint8_t *server_certificate; /**< serverCertificate (30) */
	size_t server_certificate_len;
	const char *matching_id; /**< from the activation code; NULL or "" leaves it out */
	const char *imei;        /**< the module's IMEI (15 digits) or NULL: the TAC is its first 8 */
} es10b_server_auth;

/** The SM-DP+'s part of PrepareDownload. */
typedef struct es10b_prepare {
	const uint8_t *smdp_signed2; /**< SmdpSigned2 (30) */
	size_t smdp_signed2_len;
	const uint8_t *smdp_signature2; /**< smdpSignature2 (5F37) */
	size_t smdp_signature2_len;
	const uint8_t *smdp_certificate; /**< smdpCertificate (30) */
	size_t smdp_certificate_len;
	const uint8_t *hash_cc; /**< ES10B_HASH_CC_SIZE bytes, or NULL */
} es10b_prepare;

/** What SmdpSigned2 says. */
typedef struct es10b_signed2 {
	uint8_t transaction_id[ES10B_TRANSACTION_ID_MAX];
	size_t transaction_id_len;
	bool cc_required; /**< ccRequiredFlag */
} es10b_signed2;

/** One segment of a Bound Profile Package: a view into it. */
typedef struct es10b_segment {
	const uint8_t *data;
	size_t len;
} es10b_segment;

/** What ProfileInstallationResult says. */
typedef struct es10b_install_result {
	bool success;
	uint32_t seq;          /**< the install notification's seqNumber */
	char iccid[21];        /**< the profile's ICCID, or "" */
	char aid[33];          /**< success: the ISD-P's AID in hex */
	uint32_t bpp_command;  /**< error: BppCommandId */
	uint32_t error_reason; /**< error: ErrorReason */
	const uint8_t *raw;    /**< the whole BF37 (view), for nothing but logs */
	size_t raw_len;
} es10b_install_result;

/* Requests: each writes into buf (cap bytes) and returns the length, or -1
 * when it does not fit or an argument is not what SGP.22 allows. */

/** GetEuiccChallengeRequest. */
long es10b_request_challenge(uint8_t *buf, size_t cap);
/** GetEuiccInfo1Request. */
long es10b_request_info1(uint8_t *buf, size_t cap);
/** AuthenticateServerRequest, ctxParams1 with matchingId and deviceInfo. */
long es10b_request_authenticate_server(uint8_t *buf, size_t cap, const es10b_server_auth *in);
/** PrepareDownloadRequest. */
long es10b_request_prepare_download(uint8_t *buf, size_t cap, const es10b_prepare *in);
/** CancelSessionRequest for a transaction, with reason (CancelSessionReason). */
long es10b_request_cancel_session(uint8_t *buf, size_t cap, const uint8_t *transaction_id, size_t transaction_id_len,
				  uint32_t reason);

/** CancelSessionReason values (SGP.22). */
enum {
	ES10B_CANCEL_END_USER_REJECTION = 0,
	ES10B_CANCEL_POSTPONED = 1,
	ES10B_CANCEL_TIMEOUT = 2,
	ES10B_CANCEL_LOAD_BPP_ERROR = 5,
	ES10B_CANCEL_UNDEFINED = 127,
};

/* Answers. */

/** The challenge from a GetEuiccChallenge answer. */
es10b_result es10b_parse_challenge(const uint8_t *buf, size_t len, uint8_t out[ES10B_CHALLENGE_SIZE]);
/** Checks that an answer is one EUICCInfo1 (BF20) and nothing more. */
es10b_result es10b_parse_info1(const uint8_t *buf, size_t len);
/** AuthenticateServerResponse: ES10B_OK (authenticateResponseOk), or
 *  ES10B_REFUSED with the AuthenticateErrorCode in *code. */
es10b_result es10b_parse_authenticate_server(const uint8_t *buf, size_t len, uint32_t *code);
/** PrepareDownloadResponse: ES10B_OK, or ES10B_REFUSED with DownloadErrorCode in *code. */
es10b_result es10b_parse_prepare_download(const uint8_t *buf, size_t len, uint32_t *code);
/** CancelSessionResponse: ES10B_OK (the signed answer for the SM-DP+), or
 *  ES10B_REFUSED with its error code in *code. */
es10b_result es10b_parse_cancel_session(const uint8_t *buf, size_t len, uint32_t *code);
/** SmdpSigned2: the transaction and whether a confirmation code is needed. */
es10b_result es10b_parse_signed2(const uint8_t *buf, size_t len, es10b_signed2 *out);
/** ProfileInstallationResult (BF37). */
es10b_result es10b_parse_install_result(const uint8_t *buf, size_t len, es10b_install_result *out);

/** Cuts a BoundProfilePackage (BF36) into the segments LoadBoundProfilePackage
 *  sends one STORE DATA sequence each (SGP.22 2.5.5): the BF36 header with
 *  InitialiseSecureChannelRequest (BF23), the A0 block, the A1 header, each
 *  88, the A2 block when present, the A3 header, each 86. At most max into
 *  out, the count in *n. 0, or -1 when the package is not so made. */
int es10b_bpp_segments(const uint8_t *bpp, size_t len, es10b_segment *out, size_t max, size_t *n);

/** hashCc = SHA-256(SHA-256(code) | transactionId) (SGP.22 3.1.3.4). */
void es10b_hash_cc(const char *code, const uint8_t *transaction_id, size_t transaction_id_len,
		   uint8_t out[ES10B_HASH_CC_SIZE]);

/** Sentences (msgids of the plugin's text domain) for the eUICC's codes. */
const char *es10b_auth_error_message(uint32_t code);
const char *es10b_download_error_message(uint32_t code);
const char *es10b_install_error_message(uint32_t reason);
/** The stage of the installation a BppCommandId names, as a msgid. */
const char *es10b_bpp_command_message(uint32_t command);

#endif
