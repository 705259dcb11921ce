/* Dispatch by prefix to the parser of each built-in format. */
#include "app/qr/qr_decode.h"

#include <string.h>
#include <strings.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"

/** One built-in format: how to recognise it and how to parse it. */
typedef struct qr_format_desc {
	const char *id;
	const char *title;       /**< msgid */
	const char *prefix;      /**< case-insensitive, or NULL (recognised otherwise) */
} qr_format_desc;

static const qr_format_desc ds_qr_formats[] = {
	[DS_QR_FORMAT_UNKNOWN] = { .id = "unknown", .title = N_("unknown code") },
	[DS_QR_FORMAT_MATTER] = { .id = "matter", .title = N_("Matter QR code"), .prefix = "MT:" },
	[DS_QR_FORMAT_MATTER_MANUAL] = { .id = "matter-manual", .title = N_("Matter manual pairing code") },
	[DS_QR_FORMAT_WIFI] = { .id = "wifi", .title = N_("Wi-Fi join code"), .prefix = "WIFI:" },
	[DS_QR_FORMAT_DPP] = { .id = "dpp", .title = N_("Wi-Fi Easy Connect (DPP) code"), .prefix = "DPP:" },
	[DS_QR_FORMAT_LPA] = { .id = "lpa", .title = N_("eSIM activation code"), .prefix = "LPA:" },
	[DS_QR_FORMAT_ESP_PROV] = { .id = "esp-prov", .title = N_("ESP-IDF provisioning code") },
};

#define DS_QR_NFORMATS (sizeof ds_qr_formats / sizeof ds_qr_formats[0])

/** True for the white space a scanner or a paste adds. */
static bool ds_qr_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/** Narrows [*start, *end) to the payload without surrounding white space. */
static void ds_qr_trim(const char *s, size_t len, size_t *start, size_t *end)
{
	*start = 0;
	*end = len;
	while (*start < *end && ds_qr_space(s[*start]))
		(*start)++;
	while (*end > *start && ds_qr_space(s[*end - 1]))
		(*end)--;
}

/** The format of an already trimmed payload. */
static ds_qr_format ds_qr_detect_trimmed(const char *s, size_t len)
{
	for (size_t f = 0; f < DS_QR_NFORMATS; f++) {
		const char *p = ds_qr_formats[f].prefix;
		size_t n = p ? strlen(p) : 0;

		if (p && len >= n && strncasecmp(s, p, n) == 0)
			return (ds_qr_format)f;
	}
	if (len > 0 && s[0] == '{')
		return DS_QR_FORMAT_ESP_PROV;
	if (ds_qr_matter_manual_looks_like(s, len))
		return DS_QR_FORMAT_MATTER_MANUAL;
	return DS_QR_FORMAT_UNKNOWN;
}

ds_qr_format ds_qr_detect(const char *payload, size_t len)
{
	size_t start, end;

	ds_qr_trim(payload, len, &start, &end);
	return ds_qr_detect_trimmed(payload + start, end - start);
}

/** Runs the parser of format f on s[0..len). */
static int ds_qr_parse(ds_qr_format f, const char *s, size_t len, ds_qr_decoded *d, ds_qr_error *err)
{
	switch (f) {
	case DS_QR_FORMAT_MATTER:
		return ds_qr_matter_parse(s, len, &d->u.matter, err);
	case DS_QR_FORMAT_MATTER_MANUAL:
		return ds_qr_matter_manual_parse(s, len, &d->u.manual, err);
	case DS_QR_FORMAT_WIFI:
		return ds_qr_wifi_parse(s, len, &d->u.wifi, err);
	case DS_QR_FORMAT_DPP:
		return ds_qr_dpp_parse(s, len, &d->u.dpp, err);
	case DS_QR_FORMAT_LPA:
		return ds_qr_lpa_parse(s, len, &d->u.lpa, err);
	case DS_QR_FORMAT_ESP_PROV:
		return ds_qr_esp_prov_parse(s, len, &d->u.esp, err);
	case DS_QR_FORMAT_UNKNOWN:
		break;
	}
	return ds_qr_error_set(err, 0, "prefix",
			       _("this is not an onboarding code doorstep knows: it reads Matter codes (\"MT:\" or 11/21 "
				 "digits), Wi-Fi codes (\"WIFI:\", \"DPP:\"), eSIM activation codes (\"LPA:\") and "
				 "ESP-IDF provisioning codes ({...}), and whatever the installed plugins claim"));
}

ds_qr_decoded *ds_qr_decode(const char *payload, size_t len, ds_qr_error *err)
{
	ds_qr_decoded *d;
	size_t start, end;
	ds_qr_format f;

	ds_qr_trim(payload, len, &start, &end);
	if (end == start) {
		ds_qr_error_set(err, 0, NULL, _("the code is empty: type or scan it again"));
		return NULL;
	}
	if (end - start > DS_QR_PAYLOAD_MAX) {
		ds_qr_error_set(err, start + DS_QR_PAYLOAD_MAX, NULL,
				_("the code is %zu bytes long; no onboarding code is longer than %d"), end - start,
				DS_QR_PAYLOAD_MAX);
		return NULL;
	}
	f = ds_qr_detect_trimmed(payload + start, end - start);
	d = ds_secret_alloc(sizeof *d);
	if (!d) {
		ds_qr_error_set(err, 0, NULL, _("out of memory"));
		return NULL;
	}
	d->format = f;
	if (ds_qr_parse(f, payload + start, end - start, d, err) < 0) {
		ds_qr_error_shift(err, start);
		ds_secret_free(d);
		return NULL;
	}
	return d;
}

void ds_qr_decoded_free(ds_qr_decoded *d)
{
	ds_secret_free(d);
}

const char *ds_qr_format_id(ds_qr_format format)
{
	if ((unsigned)format < DS_QR_NFORMATS)
		return ds_qr_formats[format].id;
	return "unknown";
}

const char *ds_qr_format_title(ds_qr_format format)
{
	if ((unsigned)format < DS_QR_NFORMATS)
		return _(ds_qr_formats[format].title);
	return _("unknown code");
}
