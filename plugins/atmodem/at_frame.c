/* The response framer; see at_frame.h. */
#include "at_frame.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/** Unsolicited codes that come without a "+NAME:" prefix. */
static const char *const at_bare_urcs[] = { "RING", "NO CARRIER", "RDY", "SMS DONE", "PB DONE", "POWERED DOWN" };

void at_command_prefix(const char *command, char *prefix, size_t size)
{
	size_t len = 0;
	const char *p = command;

	if (strncasecmp(p, "AT", 2) == 0)
		p += 2;
	if (*p != '+' && *p != '^') {
		snprintf(prefix, size, "%s", "");
		return;
	}
	while (p[len] && p[len] != '=' && p[len] != '?' && len + 2 < size)
		len++;
	snprintf(prefix, size, "%.*s:", (int)len, p);
}

void at_framer_start(at_framer *fr, const char *command, at_response *resp)
{
	memset(fr, 0, sizeof *fr);
	memset(resp, 0, sizeof *resp);
	resp->error_code = -1;
	snprintf(fr->command, sizeof fr->command, "%s", command);
	at_command_prefix(command, fr->prefix, sizeof fr->prefix);
	fr->resp = resp;
}

/** True when line starts with prefix, ignoring case. */
static bool at_starts(const char *line, const char *prefix)
{
	return strncasecmp(line, prefix, strlen(prefix)) == 0;
}

/** True when the name of line's prefix ("+ICCID:" -> ICCID) contains the
 *  name of the expected one ("+CCID:" -> CCID): vendors' variants of a
 *  command answer with such names. */
static bool at_same_family(const char *line, const char *expected_prefix)
{
	const char *colon = strchr(line, ':');
	size_t name_len = strlen(expected_prefix) - 2; /* without the sign and the colon */

	if (!colon || strlen(expected_prefix) < 3)
		return false;
	for (const char *p = line + 1; p + name_len <= colon; p++)
		if (strncasecmp(p, expected_prefix + 1, name_len) == 0)
			return true;
	return false;
}

bool at_is_urc(const char *line, const char *expected_prefix)
{
	for (size_t i = 0; i < sizeof at_bare_urcs / sizeof at_bare_urcs[0]; i++)
		if (strcasecmp(line, at_bare_urcs[i]) == 0)
			return true;
	if (line[0] != '+' && line[0] != '^')
		return false;
	if (expected_prefix[0] && (at_starts(line, expected_prefix) || at_same_family(line, expected_prefix)))
		return false;
	return strchr(line, ':') != NULL;
}

/** Reads the code of "+CME ERROR: <n>"; -1 when it is given as text. */
static int at_error_code(const char *line)
{
	const char *p = strchr(line, ':');
	char *end;
	long v;

	if (!p)
		return -1;
	p++;
	while (*p == ' ')
		p++;
	v = strtol(p, &end, 10);
	if (end == p || *end || v < 0 || v > 65535)
		return -1;
	return (int)v;
}

/** Files a final result code; returns false when line is not one. */
static bool at_final(at_response *resp, const char *line)
{
	static const char *const errors[] = { "ERROR", "BUSY", "NO ANSWER", "NO DIALTONE", "COMMAND NOT SUPPORT" };

	if (strcasecmp(line, "OK") == 0) {
		resp->result = AT_RESULT_OK;
	} else if (at_starts(line, "+CME ERROR:")) {
		resp->result = AT_RESULT_CME;
		resp->error_code = at_error_code(line);
	} else if (at_starts(line, "+CMS ERROR:")) {
		resp->result = AT_RESULT_CMS;
		resp->error_code = at_error_code(line);
	} else {
		for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
			if (strcasecmp(line, errors[i]) == 0)
				resp->result = AT_RESULT_ERROR;
		if (resp->result == AT_RESULT_PENDING)
			return false;
	}
	snprintf(resp->error_text, sizeof resp->error_text, "%s", line);
	return true;
}

/** Keeps an information line; drops it when the response is full. */
static void at_keep_line(at_response *resp, const char *line)
{
	size_t used = resp->n_lines ? resp->line_off[resp->n_lines - 1] +
					      strlen(resp->text + resp->line_off[resp->n_lines - 1]) + 1
				    : 0;
	size_t len = strlen(line);

	if (resp->n_lines >= AT_LINES_MAX || used + len + 1 > sizeof resp->text)
		return;
	memcpy(resp->text + used, line, len + 1);
	resp->line_off[resp->n_lines++] = used;
}

/** Files one complete line. */
static void at_file_line(at_framer *fr, char *line)
{
	at_response *resp = fr->resp;
	size_t len = strlen(line);

	if (fr->noisy)
		resp->n_noise++;
	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	while (*line == ' ')
		line++;
	if (!*line)
		return;
	if (fr->overflow) {
		resp->n_noise++;
		return;
	}
	if (strcasecmp(line, fr->command) == 0) {
		resp->echo_seen = true;
		return;
	}
	if (at_final(resp, line))
		return;
	if (at_is_urc(line, fr->prefix)) {
		resp->n_urcs++;
		snprintf(resp->last_urc, sizeof resp->last_urc, "%s", line);
		return;
	}
	at_keep_line(resp, line);
}

/** True for a byte that never appears in a module's text lines (line noise). */
static bool at_noise_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f || c == 0xc0 || c == 0xc1 || c >= 0xf5;
}

bool at_framer_feed(at_framer *fr, const char *data, size_t len)
{
	for (size_t i = 0; i < len && fr->resp->result == AT_RESULT_PENDING; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\r' || c == '\n') {
			fr->line[fr->len] = '\0';
			at_file_line(fr, fr->line);
			fr->len = 0;
			fr->overflow = false;
			fr->noisy = false;
			continue;
		}
		if (at_noise_byte(c)) {
			fr->noisy = true; /* dropped: what remains may still be a line */
			continue;
		}
		if (fr->len + 1 < sizeof fr->line)
			fr->line[fr->len++] = (char)c;
		else
			fr->overflow = true;
	}
	return fr->resp->result != AT_RESULT_PENDING;
}

const char *at_response_line(const at_response *resp, size_t i)
{
	return i < resp->n_lines ? resp->text + resp->line_off[i] : NULL;
}

const char *at_response_find(const at_response *resp, const char *prefix)
{
	for (size_t i = 0; i < resp->n_lines; i++)
		if (at_starts(resp->text + resp->line_off[i], prefix))
			return resp->text + resp->line_off[i];
	return NULL;
}
