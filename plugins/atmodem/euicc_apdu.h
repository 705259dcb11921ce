/* APDUs to a module's eUICC over AT commands: a logical channel to the
 * ISD-R (GSMA SGP.22 2.2: AID A0000005591010FFFFFFFF8900000100) opened with
 * +CCHO, APDUs exchanged with +CGLA and the channel closed with +CCHC
 * (3GPP TS 27.007 8.45, 8.46, 8.43), or, on modules without them, +CSIM
 * carrying MANAGE CHANNEL and SELECT (ETSI TS 102 221 11.1.17, 11.1.1).
 * Answers longer than one response come as SW 61xx and are fetched with GET
 * RESPONSE; 6Cxx makes the command go again with the right Le (ETSI TS 102
 * 221 7.3.1.1). ES10 commands travel as STORE DATA in blocks (SGP.22 5.7.2).
 *
 * Pure: the AT command goes out through a function the caller gives (the
 * plugin's port, or canned answers in the tests), and every exchange is
 * counted, so a benchmark can read how many round trips an operation took. */
#ifndef EUICC_APDU_H
#define EUICC_APDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "at_frame.h"

/** The ISD-R's application identifier, as +CCHO takes it. */
#define EUICC_ISDR_AID "A0000005591010FFFFFFFF8900000100"
/** Most data bytes in one STORE DATA block (SGP.22 5.7.2 segments). */
#define EUICC_STORE_DATA_BLOCK 120u
/** Longest command APDU: header, Lc, 255 data bytes, Le. */
#define EUICC_APDU_MAX 261u
/** Most GET RESPONSEs that one command's answer may take; more is an endless chain. */
#define EUICC_CHAIN_MAX 64u
/** Highest logical channel number (ETSI TS 102 221 10.1.1: 0-19). */
#define EUICC_CHANNEL_MAX 19

/** Sends command (without "\r") and frames its answer into resp. Returns 0
 *  when a final result code came (OK or an error, see resp->result), or a
 *  nonzero code of the caller's own when the command could not complete
 *  (timeout, cancel, port lost), which the session keeps in transport_error. */
typedef int (*euicc_at_fn)(void *ctx, const char *command, at_response *resp);

/** How an exchange ended. */
typedef enum euicc_status {
	EUICC_OK = 0,
	EUICC_ERR_TRANSPORT = 1,   /**< the AT command did not complete: see transport_error */
	EUICC_ERR_UNSUPPORTED = 2, /**< the module has neither +CCHO/+CGLA nor +CSIM */
	EUICC_ERR_REFUSED = 3,     /**< the module answered ERROR or +CME ERROR: see at_result, cme_error */
	EUICC_ERR_NO_ISDR = 4,     /**< no ISD-R could be selected: the card is no eUICC */
	EUICC_ERR_ANSWER = 5,      /**< the module's answer could not be read */
	EUICC_ERR_SW = 6,          /**< the card answered an error status word: see sw */
	EUICC_ERR_CHAIN = 7,       /**< the card's 61xx chain did not end */
	EUICC_ERR_TOO_LONG = 8,    /**< a command empty or larger than allowed, or an answer larger than the buffer */
	EUICC_ERR_NOT_OPEN = 9,    /**< no channel to the ISD-R is open */
} euicc_status;

/** Which AT commands carry the APDUs. */
typedef enum euicc_via {
	EUICC_VIA_NONE = 0, /**< not probed yet, or nothing usable */
	EUICC_VIA_CGLA = 1, /**< +CCHO, +CGLA, +CCHC */
	EUICC_VIA_CSIM = 2, /**< +CSIM with MANAGE CHANNEL */
} euicc_via;

/** One conversation with a module's eUICC. */
typedef struct euicc_session {
	euicc_at_fn at;               /**< sends one AT command */
	void *ctx;                    /**< its context */
	euicc_via via;                /**< found by euicc_probe() */
	bool probed;                  /**< the =? checks were made */
	int channel;                  /**< the open logical channel, or -1 (1 for a session handle: +CGLA's
	                                   module puts the channel in the class byte itself) */
	char session[24];             /**< the session +CCHO gave (a channel number or a handle), as
	                                   +CGLA and +CCHC take it back */
	bool unconfirmed;             /**< no =? check answered OK: +CCHO/+CGLA are tried anyway, as some
	                                   modules refuse the checks of commands they have */
	unsigned round_trips;         /**< AT commands sent since init (read by the benchmark) */
	int transport_error;          /**< the last nonzero return of at() */
	at_result at_result;          /**< how the last refused command ended */
	int cme_error;                /**< its +CME ERROR code, or -1 */
	uint16_t sw;                  /**< the last status word from the card */
	char command[AT_COMMAND_MAX]; /**< the AT command being sent */
	at_response resp;             /**< its answer */
} euicc_session;

/** Starts a session that sends its AT commands through at(ctx, ...). */
void euicc_session_init(euicc_session *s, euicc_at_fn at, void *ctx);
/** Asks the module which commands it has (AT+CCHO=? and AT+CGLA=?, else
 *  AT+CSIM=?), once per session. When every check is refused, +CCHO and
 *  +CGLA are still tried (unconfirmed): the first refused +CCHO then means
 *  EUICC_ERR_UNSUPPORTED. */
euicc_status euicc_probe(euicc_session *s);
/** Opens a logical channel to the ISD-R (probing first when not done). An
 *  open channel is kept: a second call sends nothing. */
euicc_status euicc_open(euicc_session *s);
/** Closes the channel (AT+CCHC, or MANAGE CHANNEL close); nothing when none is open. */
euicc_status euicc_close(euicc_session *s);
/** Forgets the channel without closing it: after a refresh the module resets
 *  the card, and the channel is gone with it. */
void euicc_forget_channel(euicc_session *s);

/** Sends one command APDU (apdu, len bytes, at most EUICC_APDU_MAX) on the
 *  open channel as it is (its CLA must name the channel) and collects the
 *  answer's data into out (cap bytes), following 61xx with GET RESPONSE and
 *  sending again with Le from 6Cxx (the last byte of a command of five
 *  bytes or more is taken as its Le). EUICC_OK when the card ends with 9000
 *  or 91xx; the data's length in *out_len. */
euicc_status euicc_transmit(euicc_session *s, const uint8_t *apdu, size_t len, uint8_t *out, size_t cap, size_t *out_len);
/** Sends an ES10 command (a BER-TLV of len bytes: at least one, at most
 *  256 blocks) to the ISD-R as STORE DATA blocks of at most
 *  EUICC_STORE_DATA_BLOCK bytes and collects the answer into out (cap
 *  bytes); its length in *out_len. */
euicc_status euicc_store_data(euicc_session *s, const uint8_t *command, size_t len, uint8_t *out, size_t cap,
			      size_t *out_len);

/** The CLA byte of a command on a logical channel (0-19): proprietary
 *  selects the GlobalPlatform class (0x80 | channel, or 0xC0 | channel - 4
 *  beyond 3), otherwise the interindustry one (channel, or 0x40 | channel - 4). */
uint8_t euicc_cla(int channel, bool proprietary);
/** Stable name of a status, for logs and tests ("ok", "sw", "chain", ...). */
const char *euicc_status_name(euicc_status status);

#endif
