/* Where a label's secrets stand in its text, so that a screen can mask them
 * while a person types or pastes the label: the string values of "pop",
 * "password" and "username" in an ESP-IDF provisioning label, the password
 * (P:) of a Wi-Fi code, and the matching ID of an LPA activation code. Works
 * on text that is still being typed (a value not yet closed runs to the end). */
#ifndef DS_QR_SECRET_SPANS_H
#define DS_QR_SECRET_SPANS_H

#include <stdbool.h>
#include <stddef.h>

/** True when byte offset off of text (len bytes) is part of a secret. */
bool ds_qr_secret_at(const char *text, size_t len, size_t off);

#endif
