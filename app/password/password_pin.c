/* Patterns in keypad PINs: what an attacker tries before random digits. */
#include "app/password/password_pin.h"

#include <stdbool.h>
#include <string.h>

#include "app/base/i18n.h"

/** Shortest run of ascending or descending digits refused inside a PIN. */
#define DS_PIN_RUN 4

/** True when the whole PIN steps by +1 or by -1 (9 wraps to 0), as Matter's
 *  12345678 and 87654321, or is one digit repeated. */
static bool ds_pin_whole_run(const char *pin, size_t len, bool *same)
{
	bool up = true, down = true;

	*same = true;
	for (size_t i = 1; i < len; i++) {
		int d = pin[i] - pin[i - 1];

		*same = *same && d == 0;
		up = up && (d == 1 || d == -9);
		down = down && (d == -1 || d == 9);
	}
	return up || down;
}

/** True when DS_PIN_RUN digits in a row ascend or descend by one. */
static bool ds_pin_inner_run(const char *pin, size_t len)
{
	size_t up = 1, down = 1;

	for (size_t i = 1; i < len; i++) {
		int d = pin[i] - pin[i - 1];

		up = d == 1 ? up + 1 : 1;
		down = d == -1 ? down + 1 : 1;
		if (up >= DS_PIN_RUN || down >= DS_PIN_RUN)
			return true;
	}
	return false;
}

/** True when one digit comes three times in a row. */
static bool ds_pin_triple(const char *pin, size_t len)
{
	for (size_t i = 2; i < len; i++)
		if (pin[i] == pin[i - 1] && pin[i] == pin[i - 2])
			return true;
	return false;
}

/** True when the PIN is a group of up to half its length repeated (121212, 1231231). */
static bool ds_pin_repeats_group(const char *pin, size_t len)
{
	for (size_t g = 1; g <= len / 2; g++) {
		bool repeats = true;

		for (size_t i = g; i < len && repeats; i++)
			repeats = pin[i] == pin[i - g];
		if (repeats)
			return true;
	}
	return false;
}

/** The number of different digits. */
static int ds_pin_distinct(const char *pin, size_t len)
{
	bool seen[10] = { false };
	int n = 0;

	for (size_t i = 0; i < len; i++) {
		int d = pin[i] - '0';

		if (d >= 0 && d <= 9 && !seen[d]) {
			seen[d] = true;
			n++;
		}
	}
	return n;
}

const char *ds_pin_pattern(const char *pin)
{
	size_t len = strlen(pin);
	bool same;

	if (len < 2)
		return NULL;
	if (ds_pin_whole_run(pin, len, &same) || same)
		return _("The PIN is a repeated digit or a run like 123456. Choose digits without a pattern.");
	if (ds_pin_triple(pin, len))
		return _("The PIN has the same digit three times in a row. Choose digits without a pattern.");
	if (ds_pin_inner_run(pin, len))
		return _("The PIN contains a run of digits such as 1234 or 9876. Choose digits without a pattern.");
	if (ds_pin_repeats_group(pin, len))
		return _("The PIN repeats a group of digits, like 121212 or 123123. Choose digits without a pattern.");
	if (ds_pin_distinct(pin, len) <= 2)
		return _("The PIN uses only two different digits. Choose digits without a pattern.");
	return NULL;
}
