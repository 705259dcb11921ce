/* QR encoding with libqrencode. */
#include "app/qr/qr_encode.h"

#include <errno.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"

/** Our levels to libqrencode's. */
static const QRecLevel ds_qr_levels[] = {
	[DS_QR_ECC_L] = QR_ECLEVEL_L,
	[DS_QR_ECC_M] = QR_ECLEVEL_M,
	[DS_QR_ECC_Q] = QR_ECLEVEL_Q,
	[DS_QR_ECC_H] = QR_ECLEVEL_H,
};

ds_qr_matrix *ds_qr_matrix_new(int size)
{
	ds_qr_matrix *m;

	if (size <= 0 || size > 1000)
		return NULL;
	/* sodium_malloc places the block against its guard page: a size that is
	 * a multiple of 16 keeps the struct at its head aligned. */
	m = ds_secret_alloc((sizeof *m + (size_t)size * (size_t)size + 15) & ~(size_t)15);
	if (!m)
		return NULL;
	m->size = size;
	m->version = 0;
	m->dark = (uint8_t *)(m + 1);
	return m;
}

bool ds_qr_matrix_dark(const ds_qr_matrix *m, int x, int y)
{
	if (x < 0 || y < 0 || x >= m->size || y >= m->size)
		return false;
	return m->dark[(size_t)y * (size_t)m->size + (size_t)x] != 0;
}

void ds_qr_matrix_free(ds_qr_matrix *m)
{
	ds_secret_free(m);
}

ds_qr_matrix *ds_qr_encode(const char *text, size_t len, ds_qr_ecc ecc, char *msg, size_t msg_size)
{
	QRecLevel level = ds_qr_levels[(unsigned)ecc <= DS_QR_ECC_H ? ecc : DS_QR_ECC_M];
	ds_qr_matrix *m;
	QRcode *code;
	size_t cells;
	int saved;

	if (len == 0) {
		snprintf(msg, msg_size, "%s", _("there is no text to put in a QR code"));
		return NULL;
	}
	if (len > 65535) {
		snprintf(msg, msg_size, _("the text is %zu bytes long; a QR code holds at most 2953 bytes: "
					  "shorten it"), len);
		return NULL;
	}
	/* encodeString picks the densest mode for each part (alphanumeric for
	 * "MT:" codes) but needs a C string; text with NUL bytes goes as raw
	 * 8-bit data. */
	if (memchr(text, '\0', len)) {
		code = QRcode_encodeData((int)len, (const unsigned char *)text, 0, level);
		saved = errno;
	} else {
		char *copy = ds_secret_alloc(len + 1);

		if (!copy) {
			snprintf(msg, msg_size, "%s", _("out of memory"));
			return NULL;
		}
		memcpy(copy, text, len);
		code = QRcode_encodeString(copy, 0, level, QR_MODE_8, 1);
		saved = errno;
		ds_secret_free(copy);
	}
	if (!code) {
		if (saved == ERANGE)
			snprintf(msg, msg_size, _("the text is %zu bytes long, too long for a QR code at this error "
						  "correction (at most 2953 bytes at the lowest): shorten it"), len);
		else
			snprintf(msg, msg_size, _("the QR code could not be made (%s)"), strerror(saved));
		return NULL;
	}
	m = ds_qr_matrix_new(code->width);
	if (!m) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
	} else {
		m->version = code->version;
		cells = (size_t)code->width * (size_t)code->width;
		for (size_t i = 0; i < cells; i++)
			m->dark[i] = code->data[i] & 1;
	}
	/* libqrencode's copy holds the same modules: wipe it before it is freed. */
	ds_secret_wipe(code->data, (size_t)code->width * (size_t)code->width);
	QRcode_free(code);
	return m;
}
