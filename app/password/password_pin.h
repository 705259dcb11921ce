/* Patterns in keypad PINs (Matter forbids 00000000 ... 99999999, 12345678
 * and 87654321 as passcodes; doorstep refuses more of the same kind). */
#ifndef DS_PASSWORD_PIN_H
#define DS_PASSWORD_PIN_H

/** Why the digits-only pin has a pattern (translated, says what to do), or
 *  NULL: one digit repeated, a whole-PIN run (123456, 87654321), a digit
 *  three times in a row, a run of 4 (1234, 9876), a repeated group
 *  (121212), or only two different digits. */
const char *ds_pin_pattern(const char *pin);

#endif
