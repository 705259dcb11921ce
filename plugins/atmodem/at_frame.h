/* The response framer: turns the bytes a module sends after a command into
 * that command's information lines and its final result code (V.250 and
 * 3GPP TS 27.007 9.2), setting aside the echo of the command, unsolicited
 * result codes that arrive in the middle, and line noise. Pure: fed bytes,
 * no port, so it is unit-tested without one. */
#ifndef AT_FRAME_H
#define AT_FRAME_H

#include <stdbool.h>
#include <stddef.h>

/** Longest line kept (a +COPS=? list with many networks fits). */
#define AT_LINE_MAX 2048
/** Room for all information lines of one response. */
#define AT_TEXT_MAX 8192
/** Most information lines kept per response. */
#define AT_LINES_MAX 32
/** Longest command sent, without "\r" (an APDU of 261 bytes in hex fits in +CGLA). */
#define AT_COMMAND_MAX 600

/** How a command ended. */
typedef enum at_result {
	AT_RESULT_PENDING = 0,  /**< no final result code yet */
	AT_RESULT_OK = 1,
	AT_RESULT_ERROR = 2,    /**< plain ERROR (or NO CARRIER and friends) */
	AT_RESULT_CME = 3,      /**< +CME ERROR: equipment error, code in error_code */
	AT_RESULT_CMS = 4,      /**< +CMS ERROR: message service error */
} at_result;

/** One command's response. */
typedef struct at_response {
	at_result result;
	int error_code;             /**< +CME/+CMS numeric code; -1 when given as text or absent */
	char error_text[96];        /**< the final line as sent, for logs */
	char text[AT_TEXT_MAX];     /**< information lines, each NUL-terminated */
	size_t line_off[AT_LINES_MAX];
	size_t n_lines;
	size_t n_urcs;              /**< unsolicited result codes set aside */
	char last_urc[128];         /**< the most recent one, for logs */
	size_t n_noise;             /**< lines with line noise (bytes dropped, or too long) */
	bool echo_seen;             /**< the module echoed the command */
} at_response;

/** Reassembles lines from bytes and files them into a response. */
typedef struct at_framer {
	char command[AT_COMMAND_MAX]; /**< the command sent, without "\r" */
	char prefix[24];            /**< its information prefix, e.g. "+CSQ:", or "" (bare lines) */
	char line[AT_LINE_MAX];
	size_t len;
	bool overflow;              /**< the current line was longer than AT_LINE_MAX */
	bool noisy;                 /**< bytes no module sends in text were dropped from the current line */
	at_response *resp;
} at_framer;

/** Starts framing the response to command (e.g. "AT+CSQ") into resp (cleared). */
void at_framer_start(at_framer *fr, const char *command, at_response *resp);
/** Feeds bytes as they arrive. Returns true once the final result code came;
 *  bytes after it are ignored. */
bool at_framer_feed(at_framer *fr, const char *data, size_t len);
/** Information line number i, or NULL past the last. */
const char *at_response_line(const at_response *resp, size_t i);
/** The first information line starting with prefix (case-insensitive), or NULL. */
const char *at_response_find(const at_response *resp, const char *prefix);
/** True for a line that is an unsolicited result code while command runs
 *  (expected_prefix: the command's own information prefix, or ""). */
bool at_is_urc(const char *line, const char *expected_prefix);
/** The information prefix of a command: "AT+CSQ" -> "+CSQ:", "AT+COPS=?" ->
 *  "+COPS:", "AT+CIMI" -> "" (answers with a bare line). */
void at_command_prefix(const char *command, char *prefix, size_t size);

#endif
