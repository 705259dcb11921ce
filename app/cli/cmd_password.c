/* doorstep password check [--json] [--context WORD]...   (candidate on stdin)
 * doorstep password generate
 * The candidate goes straight from standard input into secure memory and is
 * never printed; only `generate` prints a password, because that is its purpose. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/cli.h"
#include "app/cli/cli_secret.h"
#include "app/cli/commands.h"
#include "app/base/i18n.h"
#include "app/base/i18n_charset.h"
#include "app/base/json_util.h"
#include "app/password/password_generate.h"
#include "app/password/password_policy.h"
#include "app/base/secret.h"

/** The longest input read for one candidate, in bytes. */
#define DS_PW_INPUT_MAX 4096
/** Most --context words. */
#define DS_PW_CONTEXT_MAX 32

/** Options shared by check and generate. */
typedef struct ds_pw_opts {
	bool json;
	ds_password_rules rules;
	const char *words[DS_PW_CONTEXT_MAX];
	size_t n_words;
	char typed[DS_PW_CONTEXT_MAX][256]; /**< words typed in another charset, as UTF-8 */
} ds_pw_opts;

/** Moves the candidate typed in the terminal's charset (buf, len bytes,
 *  secure memory, freed here) into *out as UTF-8, as the policy reads it. */
static int ds_pw_to_utf8(char *buf, size_t len, char **out)
{
	size_t size = len * 4 + 1;
	char *utf8 = ds_secret_alloc(size);

	if (!utf8) {
		ds_secret_free(buf);
		ds_cli_error("%s", _("out of secure memory. Close other programs and try again."));
		return DS_EXIT_FAILED;
	}
	/* Not text in this charset: kept as typed, and the policy says so. */
	if (ds_i18n_input_utf8(buf, len, utf8, size) < 0)
		memcpy(utf8, buf, len + 1);
	ds_secret_free(buf);
	*out = utf8;
	return DS_EXIT_OK;
}

/** Reads one candidate from standard input into secure memory (*out; free
 *  with ds_secret_free). A final line break is dropped. Returns DS_EXIT_OK or
 *  DS_EXIT_USAGE with a message printed. */
static int ds_pw_read(const ds_cli_command *cmd, char **out)
{
	char *buf = ds_secret_alloc(DS_PW_INPUT_MAX + 2);
	bool tty = isatty(STDIN_FILENO);
	size_t len = 0;
	char *nl;

	*out = NULL;
	if (!buf) {
		ds_cli_error("%s", _("out of secure memory. Close other programs and try again."));
		return DS_EXIT_FAILED;
	}
	if (tty) {
		fprintf(stderr, "%s", _("Password to check (not shown): "));
		fflush(stderr);
		ds_cli_echo(false);
	}
	while (len <= DS_PW_INPUT_MAX) {
		ssize_t got = read(STDIN_FILENO, buf + len, DS_PW_INPUT_MAX + 1 - len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
		if (tty && memchr(buf, '\n', len))
			break;
	}
	if (tty) {
		ds_cli_echo(true);
		fputc('\n', stderr);
	}
	buf[len] = '\0';
	if (len > DS_PW_INPUT_MAX) {
		ds_secret_free(buf);
		return ds_cli_usage_error(cmd, _("the input is longer than %d bytes; give one password of at most %d characters"),
					  DS_PW_INPUT_MAX, DS_PASSWORD_MAX);
	}
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	nl = memchr(buf, '\n', len);
	if (nl || len == 0 || memchr(buf, '\0', len)) {
		ds_secret_free(buf);
		return ds_cli_usage_error(cmd, "%s", len == 0 ? _("no password on standard input; give one, e.g. from a file: < FILE")
					  : _("standard input holds more than one line; give one password"));
	}
	return ds_pw_to_utf8(buf, len, out);
}

/** Parses the options of check and generate. Returns DS_EXIT_OK, or exits
 *  through the usage error (DS_EXIT_USAGE) or help (*done true). */
static int ds_pw_parse(const ds_cli_command *cmd, int argc, char **argv, bool allow_json, ds_pw_opts *o, bool *done)
{
	memset(o, 0, sizeof *o);
	*done = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (ds_cli_is_help(a)) {
			*done = true;
			return ds_cli_help(cmd);
		} else if (allow_json && strcmp(a, "--json") == 0) {
			o->json = true;
		} else if (strcmp(a, "--pin") == 0) {
			o->rules.digits_only = true;
		} else if (strcmp(a, "--second-factor") == 0) {
			o->rules.has_second_factor = true;
		} else if (strcmp(a, "--context") == 0 || strcmp(a, "--max-length") == 0 || strcmp(a, "--allowed") == 0) {
			const char *value = i + 1 < argc ? argv[++i] : NULL;

			if (!value || !value[0])
				return ds_cli_usage_error(cmd, _("%s needs a value"), a);
			if (strcmp(a, "--context") == 0) {
				if (o->n_words >= DS_PW_CONTEXT_MAX)
					return ds_cli_usage_error(cmd, _("give at most %d context words"), DS_PW_CONTEXT_MAX);
				/* Typed in the terminal's charset; the candidate is UTF-8. */
				if (ds_i18n_input_utf8(value, strlen(value), o->typed[o->n_words], sizeof o->typed[0]) >= 0)
					value = o->typed[o->n_words];
				o->words[o->n_words++] = value;
			} else if (strcmp(a, "--allowed") == 0) {
				if (strlen(value) >= sizeof o->rules.allowed)
					return ds_cli_usage_error(cmd, _("--allowed takes at most %zu bytes"), sizeof o->rules.allowed - 1);
				snprintf(o->rules.allowed, sizeof o->rules.allowed, "%s", value);
			} else {
				char *end;
				unsigned long n;

				errno = 0;
				n = strtoul(value, &end, 10);
				if (errno || *end || value[0] == '-' || n < 1 || n > DS_PASSWORD_MAX)
					return ds_cli_usage_error(cmd, _("--max-length takes a number from 1 to %d"), DS_PASSWORD_MAX);
				o->rules.max_length = (uint32_t)n;
			}
		} else {
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), a);
		}
	}
	return DS_EXIT_OK;
}

/** Prints the verdict as one JSON document. */
static void ds_pw_print_json(const ds_password_verdict *v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *reasons = cJSON_CreateArray(), *codes = cJSON_CreateArray(), *suggestions = cJSON_CreateArray();

	cJSON_AddBoolToObject(o, "accepted", v->accepted);
	cJSON_AddNumberToObject(o, "score", v->score);
	cJSON_AddNumberToObject(o, "guesses_log10", round(v->guesses_log10 * 100) / 100);
	for (size_t i = 0; i < v->n_reasons; i++) {
		char code[64];
		const ds_password_issue *r = &v->reasons[i];

		if (r->field != DS_FIELD_NONE)
			snprintf(code, sizeof code, "%s:%s", ds_password_reason_str(r->code), ds_password_field_str(r->field));
		else
			snprintf(code, sizeof code, "%s", ds_password_reason_str(r->code));
		cJSON_AddItemToArray(reasons, cJSON_CreateString(r->text));
		cJSON_AddItemToArray(codes, cJSON_CreateString(code));
	}
	for (size_t i = 0; i < v->n_suggestions; i++)
		cJSON_AddItemToArray(suggestions, cJSON_CreateString(v->suggestions[i]));
	cJSON_AddItemToObject(o, "reasons", reasons);
	cJSON_AddItemToObject(o, "suggestions", suggestions);
	cJSON_AddItemToObject(o, "reason_codes", codes);
	cJSON_AddNumberToObject(o, "min_guesses_log10", v->min_guesses_log10);
	ds_json_print(o, true);
	cJSON_Delete(o);
}

/** Prints the verdict for a person. */
static void ds_pw_print_text(const ds_password_verdict *v)
{
	printf(v->accepted ? _("Accepted: strength %d of 4 (an attacker needs about 10^%.0f guesses).\n")
			   : _("Refused: strength %d of 4 (an attacker needs about 10^%.0f guesses).\n"),
	       v->score, floor(v->guesses_log10));
	if (v->n_reasons > 0) {
		printf("%s\n", _("Why:"));
		for (size_t i = 0; i < v->n_reasons; i++)
			printf("  - %s\n", v->reasons[i].text);
	}
	if (v->n_suggestions > 0) {
		printf("%s\n", _("What helps:"));
		for (size_t i = 0; i < v->n_suggestions; i++)
			printf("  - %s\n", v->suggestions[i]);
	}
}

/** doorstep password check */
static int ds_pw_check(const ds_cli_command *cmd, int argc, char **argv)
{
	ds_password_context ctx = { 0 };
	ds_password_verdict v;
	ds_pw_opts o;
	bool done;
	char *candidate;
	int rc = ds_pw_parse(cmd, argc, argv, true, &o, &done);

	if (rc != DS_EXIT_OK || done)
		return rc;
	rc = ds_pw_read(cmd, &candidate);
	if (rc != DS_EXIT_OK)
		return rc;
	ctx.rules = &o.rules;
	ctx.words = o.words;
	ctx.n_words = o.n_words;
	v = ds_password_evaluate(candidate, &ctx);
	ds_secret_free(candidate);
	if (o.json)
		ds_pw_print_json(&v);
	else
		ds_pw_print_text(&v);
	return v.accepted ? DS_EXIT_OK : DS_EXIT_FAILED;
}

/** doorstep password generate */
static int ds_pw_generate(const ds_cli_command *cmd, int argc, char **argv)
{
	ds_password_context ctx = { 0 };
	ds_password_kind kind;
	ds_pw_opts o;
	bool done;
	char *pw;
	size_t len, off = 0;
	int rc = ds_pw_parse(cmd, argc, argv, false, &o, &done);

	if (rc != DS_EXIT_OK || done)
		return rc;
	ctx.words = o.words;
	ctx.n_words = o.n_words;
	pw = ds_password_generate(&o.rules, &ctx, &kind);
	if (!pw) {
		ds_cli_error("%s", _("no password can meet these rules (a PIN needs at least 6 digits, "
				     "a password at least 15 characters, or 8 with --second-factor)."));
		return DS_EXIT_FAILED;
	}
	/* Straight from secure memory to the terminal: no stdio buffer keeps a copy. */
	len = strlen(pw);
	while (off < len) {
		ssize_t n = write(STDOUT_FILENO, pw + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	ds_secret_free(pw);
	if (off < len || write(STDOUT_FILENO, "\n", 1) != 1) {
		ds_cli_error("%s", _("could not write the password to standard output."));
		return DS_EXIT_FAILED;
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "%s\n", kind == DS_GEN_PASSPHRASE ? _("Six random words from the EFF's list: write them down for the customer.")
			: kind == DS_GEN_PIN ? _("A random PIN: write it down for the customer.")
			: _("Random characters in groups: write them down for the customer."));
	return DS_EXIT_OK;
}

int ds_cmd_password(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("password");

	if (argc < 2)
		return ds_cli_usage_error(cmd, "%s", _("say what to do: check or generate"));
	if (ds_cli_is_help(argv[1])) {
		ds_cli_help(cmd);
		printf("\n%s\n", _("check reads one password from standard input (never printed) and says whether\n"
				   "the policy accepts it, how strong it is, why not and what would help.\n"
				   "Exit status: 0 accepted, 1 refused, 2 bad usage.\n"
				   "generate prints a new password that the policy accepts.\n\n"
				   "Options of both:\n"
				   "  --context WORD     a word the password must not contain (vendor, serial number,\n"
				   "                     site, Wi-Fi name...); repeat for more\n"
				   "  --pin              the device takes a PIN of digits\n"
				   "  --second-factor    the device has a second factor (8 characters are enough)\n"
				   "  --max-length N     the device takes at most N characters\n"
				   "  --allowed CHARS    the device takes only these characters"));
		return DS_EXIT_OK;
	}
	if (strcmp(argv[1], "check") == 0)
		return ds_pw_check(cmd, argc, argv);
	if (strcmp(argv[1], "generate") == 0)
		return ds_pw_generate(cmd, argc, argv);
	return ds_cli_usage_error(cmd, _("unknown action \"%s\": use check or generate"), argv[1]);
}
