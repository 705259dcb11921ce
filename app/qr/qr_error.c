/* Parse errors: where, which field, what to do. */
#include "app/qr/qr_error.h"

#include <stdarg.h>
#include <stdio.h>

#include "app/base/i18n.h"

int ds_qr_error_set(ds_qr_error *err, size_t offset, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->offset = offset;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return -1;
}

void ds_qr_error_shift(ds_qr_error *err, size_t delta)
{
	if (err)
		err->offset += delta;
}

const char *ds_qr_error_format(const ds_qr_error *err, char *buf, size_t size)
{
	if (err->field[0])
		/* TRANSLATORS: "byte 12, field "K": the public key is missing ..." */
		snprintf(buf, size, _("byte %zu, field \"%s\": %s"), err->offset, err->field, err->message);
	else
		snprintf(buf, size, _("byte %zu: %s"), err->offset, err->message);
	return buf;
}
