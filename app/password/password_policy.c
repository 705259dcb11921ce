/* The password policy: one verdict for the wizard, `run` and
 * `doorstep password check`. The rules are listed in password_policy.h. */
#include "app/password/password_policy.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/password/password_lists.h"
#include "app/password/password_pin.h"
#include "app/password/password_strength.h"
#include "app/password/password_words.h"
#include "app/base/secret.h"

/** Room for the comparison form of a candidate (longer input is refused anyway). */
#define DS_CANON_MAX 1024
/** Most known words handed to zxcvbn (factory list + context words). */
#define DS_KNOWN_WORDS_MAX 320

/** Suggestions (bit flags), in the order they are shown. */
enum {
	DS_SUG_NEW = 1u << 0,
	DS_SUG_LISTS = 1u << 1,
	DS_SUG_CONTEXT = 1u << 2,
	DS_SUG_UNIQUE = 1u << 3,
	DS_SUG_PIN = 1u << 4,
	DS_SUG_KEYBOARD = 1u << 5,
	DS_SUG_DATE = 1u << 6,
	DS_SUG_REPEATS = 1u << 7,
	DS_SUG_SEQUENCE = 1u << 8,
	DS_SUG_LEET = 1u << 9,
	DS_SUG_WORDS = 1u << 10,
	DS_SUG_LONGER = 1u << 11,
};

/** A verdict being built. Holds secret-derived data: wiped at the end. */
typedef struct ds_eval {
	ds_password_verdict *v;
	const ds_password_context *ctx;
	const char *pw;
	size_t bytes;
	bool pin;
	char canon[DS_CANON_MAX];  /**< the candidate's comparison form */
	ds_context_words words;    /**< not secret */
	unsigned suggest;          /**< DS_SUG_* */
	double cap;                /**< most guesses a listed password is worth (log10) */
} ds_eval;

long ds_password_length(const char *s)
{
	long n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; n++) {
		unsigned char lo = 0x80, hi = 0xBF;
		int extra;

		if (*p < 0x80)
			extra = 0;
		else if (*p >= 0xC2 && *p <= 0xDF)
			extra = 1;
		else if (*p >= 0xE0 && *p <= 0xEF)
			extra = 2;
		else if (*p >= 0xF0 && *p <= 0xF4)
			extra = 3;
		else
			return -1;
		/* No overlong forms, no surrogates, nothing above U+10FFFF. */
		if (*p == 0xE0)
			lo = 0xA0;
		else if (*p == 0xED)
			hi = 0x9F;
		else if (*p == 0xF0)
			lo = 0x90;
		else if (*p == 0xF4)
			hi = 0x8F;
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if (*p < (i == 0 ? lo : 0x80) || *p > (i == 0 ? hi : 0xBF))
				return -1;
		}
	}
	return n;
}

/** True when s (valid UTF-8) has a C0 or C1 control character or DEL. */
static bool ds_has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return true;
		if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return true;
	}
	return false;
}

/** True when every character of s appears in allowed (both UTF-8). */
static bool ds_only_allowed(const char *s, const char *allowed)
{
	while (*s) {
		size_t len = 1;
		bool found = false;

		while (((unsigned char)s[len] & 0xC0) == 0x80)
			len++;
		for (const char *a = allowed; *a && !found; a++)
			found = strncmp(a, s, len) == 0;
		if (!found)
			return false;
		s += len;
	}
	return true;
}

/** True when every character is an ASCII digit. */
static bool ds_all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool ds_password_verdict_has(const ds_password_verdict *v, ds_password_reason code)
{
	for (size_t i = 0; i < v->n_reasons; i++)
		if (v->reasons[i].code == code)
			return true;
	return false;
}

/** Adds a reason (once per code and field); fmt is translated already. */
__attribute__((format(printf, 4, 5)))
static void ds_eval_reason(ds_eval *e, ds_password_reason code, ds_password_field field, const char *fmt, ...)
{
	ds_password_verdict *v = e->v;
	ds_password_issue *issue;
	va_list ap;

	for (size_t i = 0; i < v->n_reasons; i++)
		if (v->reasons[i].code == code && v->reasons[i].field == field)
			return;
	if (v->n_reasons >= DS_PASSWORD_REASONS_MAX)
		return;
	issue = &v->reasons[v->n_reasons++];
	issue->code = code;
	issue->field = field;
	va_start(ap, fmt);
	vsnprintf(issue->text, sizeof issue->text, fmt, ap);
	va_end(ap);
}

/** The reason for a context word found in the candidate. */
static void ds_eval_context(ds_eval *e, ds_password_field field)
{
	const char *text;

	switch (field) {
	case DS_FIELD_VENDOR: text = _("It contains the vendor's name."); break;
	case DS_FIELD_MODEL: text = _("It contains the model name."); break;
	case DS_FIELD_SERIAL: text = _("It contains the device's serial number."); break;
	case DS_FIELD_MAC: text = _("It contains the device's MAC address."); break;
	case DS_FIELD_SSID: text = _("It contains the Wi-Fi network name."); break;
	case DS_FIELD_SITE: text = _("It contains the site name."); break;
	case DS_FIELD_USER: text = _("It contains the account name."); break;
	default: text = _("It contains a word linked to this device or site."); break;
	}
	ds_eval_reason(e, DS_PW_CONTEXT, field, "%s", text);
	e->suggest |= DS_SUG_CONTEXT;
}

/** Length, maximum and characters of a password (not a PIN). */
static void ds_eval_shape(ds_eval *e, long max)
{
	const ds_password_rules *rules = e->ctx->rules;
	long len = e->v->length;
	long min = rules && rules->has_second_factor ? DS_PASSWORD_MIN_SECOND_FACTOR : DS_PASSWORD_MIN_SINGLE_FACTOR;

	if (len < min) {
		ds_eval_reason(e, DS_PW_TOO_SHORT, DS_FIELD_NONE,
			       P_("The password needs at least %ld character (it has %ld). A few unrelated words make a long password easy to type.",
				  "The password needs at least %ld characters (it has %ld). A few unrelated words make a long password easy to type.",
				  min),
			       min, len);
		e->suggest |= DS_SUG_LONGER;
	}
	if (len > max)
		ds_eval_reason(e, DS_PW_TOO_LONG, DS_FIELD_NONE,
			       P_("This device accepts at most %ld character (this password has %ld).",
				  "This device accepts at most %ld characters (this password has %ld).", (unsigned long)max),
			       max, len);
	if (rules && rules->allowed[0] && !ds_only_allowed(e->pw, rules->allowed))
		ds_eval_reason(e, DS_PW_CHARSET, DS_FIELD_NONE, _("This device accepts only these characters: %s"),
			       rules->allowed);
}

/** Digits, length and patterns of a keypad PIN. */
static void ds_eval_pin(ds_eval *e, long max)
{
	const char *why;

	if (!ds_all_digits(e->pw)) {
		ds_eval_reason(e, DS_PW_PIN_DIGITS, DS_FIELD_NONE, "%s", _("This device takes a PIN: use digits only."));
		return;
	}
	if (e->v->length < DS_PIN_MIN)
		ds_eval_reason(e, DS_PW_TOO_SHORT, DS_FIELD_NONE, _("The PIN needs at least %d digits."), DS_PIN_MIN);
	if (e->v->length > max)
		ds_eval_reason(e, DS_PW_TOO_LONG, DS_FIELD_NONE, P_("This device accepts at most %ld digit.", "This device accepts at most %ld digits.", (unsigned long)max),
			       max);
	why = ds_pin_pattern(e->pw);
	if (why) {
		ds_eval_reason(e, DS_PW_PIN_PATTERN, DS_FIELD_NONE, "%s", why);
		e->suggest |= DS_SUG_PIN;
	}
}

/** The device's factory default and current password, compared in constant
 *  time, then (factory default only) as a part, ignoring case and look-alikes. */
static void ds_eval_secrets(ds_eval *e)
{
	const char *def = e->ctx->factory_default;

	if (e->ctx->current && ds_secret_equal(e->pw, e->ctx->current)) {
		ds_eval_reason(e, DS_PW_CURRENT, DS_FIELD_NONE, "%s",
			       _("This is the password the device has now. Choose a new one."));
		e->suggest |= DS_SUG_NEW;
	}
	if (!def || !def[0])
		return;
	if (ds_secret_equal(e->pw, def)) {
		ds_eval_reason(e, DS_PW_FACTORY_DEFAULT, DS_FIELD_NONE, "%s",
			       _("This is the device's factory-default password. Choose a new one."));
	} else {
		char canon[DS_CANON_MAX];
		size_t n = ds_password_canon(def, strlen(def), canon, sizeof canon);

		if (n >= DS_WORD_MIN && strstr(e->canon, canon))
			ds_eval_reason(e, DS_PW_FACTORY_DEFAULT, DS_FIELD_NONE, "%s",
				       _("It contains the device's factory-default password. Choose something new."));
		ds_secret_wipe(canon, sizeof canon);
	}
	if (ds_password_verdict_has(e->v, DS_PW_FACTORY_DEFAULT)) {
		e->suggest |= DS_SUG_NEW;
		e->cap = 0;
	}
}

/** True for an ASCII byte an attacker adds around a word: digits (when
 *  digits), blanks and symbols, but not the look-alikes @ and $. */
static bool ds_decoration(unsigned char c, bool digits)
{
	if (c >= '0' && c <= '9')
		return digits;
	if (c >= 0x80 || c == '@' || c == '$')
		return false;
	return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/** Which list (if any) the candidate, or its core without decorations, is on. */
static void ds_eval_lists(ds_eval *e)
{
	for (int pass = 0; pass < 3; pass++) {
		const char *s = e->pw;
		size_t len = e->bytes, n;
		char canon[DS_CANON_MAX];
		bool decorated = pass > 0;

		if (decorated) {
			while (len > 0 && ds_decoration((unsigned char)s[0], pass == 2)) {
				s++;
				len--;
			}
			while (len > 0 && ds_decoration((unsigned char)s[len - 1], pass == 2))
				len--;
			if (len == e->bytes)
				continue;
		}
		n = ds_password_canon(s, len, canon, sizeof canon);
		if (n > 0 && (!decorated || n >= DS_WORD_MIN)) {
			if (ds_password_list_has(DS_LIST_IOT_DEFAULTS, canon)) {
				ds_eval_reason(e, DS_PW_DEFAULT_LIST, DS_FIELD_NONE, "%s", decorated
					       ? _("It is a factory-default password that botnets try, with a few characters added. Choose something new.")
					       : _("This is a factory-default password that botnets try first. Choose something new."));
				e->cap = fmin(e->cap, log10((double)ds_password_list_size(DS_LIST_IOT_DEFAULTS)) + (decorated ? 3 : 0));
			} else if (ds_password_list_has(DS_LIST_COMMON, canon)) {
				ds_eval_reason(e, DS_PW_COMMON_LIST, DS_FIELD_NONE, "%s", decorated
					       ? _("It is one of the most common passwords with a few characters added. Choose something new.")
					       : _("This is one of the most common passwords. Choose something new."));
				e->cap = fmin(e->cap, log10((double)ds_password_list_size(DS_LIST_COMMON)) + (decorated ? 3 : 0));
			}
		}
		ds_secret_wipe(canon, sizeof canon);
		if (ds_password_verdict_has(e->v, DS_PW_DEFAULT_LIST) || ds_password_verdict_has(e->v, DS_PW_COMMON_LIST)) {
			e->suggest |= DS_SUG_LISTS;
			return;
		}
	}
}

/** Context words anywhere in the candidate (their digits, for a PIN). */
static void ds_eval_words(ds_eval *e)
{
	unsigned done = 0;
	ds_password_field f;

	for (;;) {
		f = e->pin ? ds_context_words_find_digits(&e->words, e->pw, done)
			   : ds_context_words_find(&e->words, e->canon, done);
		if (f == DS_FIELD_NONE)
			break;
		ds_eval_context(e, f);
		done |= 1u << f;
	}
}

/** Another device of the site has this password. */
static void ds_eval_register(ds_eval *e)
{
	const char *owner;

	if (!e->ctx->reg)
		return;
	owner = ds_password_register_owner(e->ctx->reg, e->pw);
	if (owner && (!e->ctx->serial || strcmp(owner, e->ctx->serial) != 0)) {
		ds_eval_reason(e, DS_PW_REUSED, DS_FIELD_NONE,
			       _("Device %s already has this password. Every device needs its own."), owner);
		e->suggest |= DS_SUG_UNIQUE;
	}
}

/** True when a known word zxcvbn found in the candidate is a context word. */
static bool ds_eval_match_is_context(ds_eval *e, const ds_strength_match *m)
{
	char canon[DS_CANON_MAX];
	bool hit = false;

	if (m->begin < 0 || m->length <= 0 || (size_t)(m->begin + m->length) > e->bytes)
		return false;
	ds_password_canon(e->pw + m->begin, (size_t)m->length, canon, sizeof canon);
	for (size_t i = 0; i < e->words.n && !hit; i++)
		hit = strstr(canon, e->words.w[i].canon) || strstr(e->words.w[i].canon, canon);
	ds_secret_wipe(canon, sizeof canon);
	return hit;
}

/** The strength estimate, the minimum, and what makes a weak one weak. */
static void ds_eval_strength(ds_eval *e)
{
	const ds_password_rules *rules = e->ctx->rules;
	const char *known[DS_KNOWN_WORDS_MAX + 1];
	size_t n_known = 0, n_list;
	const char *const *list = ds_password_list_words(DS_LIST_IOT_DEFAULTS, &n_list);
	ds_password_verdict *v = e->v;
	ds_strength st;

	for (size_t i = 0; i < e->words.n && n_known < DS_KNOWN_WORDS_MAX; i++)
		known[n_known++] = e->words.w[i].lower;
	for (size_t i = 0; i < n_list && n_known < DS_KNOWN_WORDS_MAX; i++)
		known[n_known++] = list[i];
	known[n_known] = NULL;
	ds_password_strength(e->pw, known, &st);
	v->guesses_log10 = fmin(st.guesses_log10, e->cap);
	v->score = ds_password_score(v->guesses_log10);
	if (e->pin) {
		if ((st.whole & DS_PATTERN_KEYBOARD) || st.only_patterns) {
			ds_eval_reason(e, DS_PW_PIN_PATTERN, DS_FIELD_NONE, "%s",
				       _("The PIN is a line or shape on the keypad, like 147258 or 159753. Choose digits without a pattern."));
			e->suggest |= DS_SUG_PIN;
		}
		return;
	}
	v->min_guesses_log10 = rules && rules->has_second_factor ? DS_PASSWORD_MIN_GUESSES_LOG10_SECOND_FACTOR
								 : DS_PASSWORD_MIN_GUESSES_LOG10;
	if (v->guesses_log10 >= v->min_guesses_log10)
		return;
	ds_eval_reason(e, DS_PW_WEAK, DS_FIELD_NONE, _("It is too easy to guess: strength %d of 4, and at least %d is needed."),
		       v->score, ds_password_score(v->min_guesses_log10));
	e->suggest |= DS_SUG_LONGER;
	if (st.patterns & DS_PATTERN_DICTIONARY) {
		ds_eval_reason(e, DS_PW_DICTIONARY, DS_FIELD_NONE, "%s", _("It is built from common words, names or passwords."));
		e->suggest |= DS_SUG_WORDS;
	}
	if (st.patterns & DS_PATTERN_LEET)
		e->suggest |= DS_SUG_LEET;
	if (st.patterns & DS_PATTERN_KEYBOARD) {
		ds_eval_reason(e, DS_PW_KEYBOARD, DS_FIELD_NONE, "%s",
			       _("It contains a keyboard pattern: keys next to each other, like qwerty or 1qaz."));
		e->suggest |= DS_SUG_KEYBOARD;
	}
	if (st.patterns & DS_PATTERN_DATE) {
		ds_eval_reason(e, DS_PW_DATE, DS_FIELD_NONE, "%s", _("It contains a date or a year."));
		e->suggest |= DS_SUG_DATE;
	}
	if (st.patterns & DS_PATTERN_REPEAT) {
		ds_eval_reason(e, DS_PW_REPEATS, DS_FIELD_NONE, "%s",
			       _("It repeats characters or parts, like aaa or abcabc."));
		e->suggest |= DS_SUG_REPEATS;
	}
	if (st.patterns & DS_PATTERN_SEQUENCE) {
		ds_eval_reason(e, DS_PW_SEQUENCE, DS_FIELD_NONE, "%s", _("It contains a sequence, like abc or 6789."));
		e->suggest |= DS_SUG_SEQUENCE;
	}
	for (size_t i = 0; i < st.n_matches; i++) {
		if ((st.matches[i].pattern & DS_PATTERN_KNOWN) && !ds_eval_match_is_context(e, &st.matches[i])) {
			ds_eval_reason(e, DS_PW_DEFAULT_LIST, DS_FIELD_NONE, "%s",
				       _("It contains a factory-default password that botnets try."));
			e->suggest |= DS_SUG_LISTS;
		}
	}
}

/** Turns the suggestion flags into texts. */
static void ds_eval_suggestions(ds_eval *e)
{
	const char *texts[] = {
		[0] = N_("Choose a password the device has never had."),
		[1] = N_("Attackers try factory defaults and common passwords first: choose something not based on one."),
		[2] = N_("Leave out names and numbers printed on the device or linked to this site."),
		[3] = N_("Give every device its own password."),
		[4] = N_("Choose digits without a pattern, or let doorstep generate a PIN."),
		[5] = N_("Avoid rows and shapes on the keyboard."),
		[6] = N_("Leave out dates and years, above all ones linked to you."),
		[7] = N_("Avoid repeated characters and repeated words."),
		[8] = N_("Avoid sequences of letters or digits."),
		[9] = N_("Look-alike swaps such as @ for a or 0 for o do not fool attackers' software."),
		[10] = N_("Add another word or two; uncommon words help more than common ones."),
		[11] = N_("Use four or five unrelated words separated by spaces, or let doorstep generate a password."),
	};
	ds_password_verdict *v = e->v;

	for (size_t i = 0; i < sizeof texts / sizeof texts[0] && v->n_suggestions < DS_PASSWORD_SUGGESTIONS_MAX; i++)
		if (e->suggest & (1u << i))
			snprintf(v->suggestions[v->n_suggestions++], DS_PASSWORD_TEXT_MAX, "%s", _(texts[i]));
}

ds_password_verdict ds_password_evaluate(const char *candidate, const ds_password_context *ctx)
{
	static const ds_password_context none;
	ds_password_verdict v;
	ds_eval e;
	long max = DS_PASSWORD_MAX;

	memset(&v, 0, sizeof v);
	memset(&e, 0, sizeof e);
	e.v = &v;
	e.ctx = ctx ? ctx : &none;
	e.pw = candidate ? candidate : "";
	e.bytes = strlen(e.pw);
	e.pin = e.ctx->rules && e.ctx->rules->digits_only;
	e.cap = INFINITY;
	if (e.ctx->rules && e.ctx->rules->max_length && e.ctx->rules->max_length < (uint32_t)max)
		max = (long)e.ctx->rules->max_length;
	v.length = ds_password_length(e.pw);
	if (v.length < 0) {
		ds_eval_reason(&e, DS_PW_NOT_TEXT, DS_FIELD_NONE, "%s",
			       _("The password contains bytes that are not valid text. Type it again."));
		return v;
	}
	if (ds_has_control(e.pw))
		ds_eval_reason(&e, DS_PW_CONTROL, DS_FIELD_NONE, "%s",
			       _("The password contains control characters. Use letters, digits, spaces and symbols."));
	ds_password_canon(e.pw, e.bytes, e.canon, sizeof e.canon);
	ds_context_words_collect(e.ctx, &e.words);
	if (e.pin)
		ds_eval_pin(&e, max);
	else
		ds_eval_shape(&e, max);
	ds_eval_secrets(&e);
	ds_eval_lists(&e);
	ds_eval_words(&e);
	ds_eval_register(&e);
	ds_eval_strength(&e);
	ds_eval_suggestions(&e);
	v.accepted = v.n_reasons == 0;
	ds_secret_wipe(e.canon, sizeof e.canon);
	return v;
}

bool ds_password_acceptable(const char *candidate, const ds_password_rules *rules,
			    const char *factory_default, char *why, size_t why_size)
{
	ds_password_context ctx = { .rules = rules, .factory_default = factory_default };
	ds_password_verdict v = ds_password_evaluate(candidate, &ctx);

	if (why_size > 0)
		snprintf(why, why_size, "%s", v.accepted ? "" : v.reasons[0].text);
	return v.accepted;
}

const char *ds_password_reason_str(ds_password_reason code)
{
	static const char *const names[] = {
		[DS_PW_NOT_TEXT] = "not_text",
		[DS_PW_CONTROL] = "control",
		[DS_PW_TOO_SHORT] = "too_short",
		[DS_PW_TOO_LONG] = "too_long",
		[DS_PW_CHARSET] = "charset",
		[DS_PW_PIN_DIGITS] = "pin_digits",
		[DS_PW_PIN_PATTERN] = "pin_pattern",
		[DS_PW_FACTORY_DEFAULT] = "factory_default",
		[DS_PW_CURRENT] = "current",
		[DS_PW_DEFAULT_LIST] = "default_list",
		[DS_PW_COMMON_LIST] = "common_list",
		[DS_PW_CONTEXT] = "context",
		[DS_PW_REUSED] = "reused",
		[DS_PW_WEAK] = "weak",
		[DS_PW_DICTIONARY] = "dictionary",
		[DS_PW_KEYBOARD] = "keyboard",
		[DS_PW_DATE] = "date",
		[DS_PW_REPEATS] = "repeats",
		[DS_PW_SEQUENCE] = "sequence",
	};

	if ((size_t)code < sizeof names / sizeof names[0] && names[code])
		return names[code];
	return "unknown";
}

const char *ds_password_field_str(ds_password_field field)
{
	static const char *const names[] = {
		[DS_FIELD_NONE] = "",
		[DS_FIELD_VENDOR] = "vendor",
		[DS_FIELD_MODEL] = "model",
		[DS_FIELD_SERIAL] = "serial",
		[DS_FIELD_MAC] = "mac",
		[DS_FIELD_SSID] = "ssid",
		[DS_FIELD_SITE] = "site",
		[DS_FIELD_USER] = "user",
		[DS_FIELD_WORD] = "word",
	};

	if ((size_t)field < sizeof names / sizeof names[0] && names[field])
		return names[field];
	return "";
}
