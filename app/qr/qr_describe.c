/* Decoded payloads for a person. */
#include "app/qr/qr_describe.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"

/** Where lines go. */
typedef struct describe_out {
	ds_qr_describe_fn fn;
	void *ctx;
} describe_out;

/** Emits a line with a printf-style value, wiping the buffer afterwards. */
__attribute__((format(printf, 5, 6)))
static void ds_describe_line(const describe_out *out, int depth, const char *label, bool secret, const char *fmt, ...)
{
	char value[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	out->fn(depth, label, value, secret, out->ctx);
	if (secret)
		ds_secret_wipe(value, sizeof value);
}

/** "yes" or "no", translated. */
static const char *ds_describe_yes(bool b)
{
	return b ? _("yes") : _("no");
}

/** Names of the discovery capabilities, comma-separated. */
static void ds_describe_discovery(uint8_t bits, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned bit = 0; bit < 8; bit++) {
		const char *name = ds_qr_matter_discovery_name(bit);

		if (!(bits & (1u << bit)))
			continue;
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "", name ? name : "reserved");
		if (n >= size)
			break;
	}
	if (!bits)
		snprintf(buf, size, "%s", _("none"));
}

/** One element of Matter optional data. */
static void ds_describe_tlv(const describe_out *out, int depth, const ds_qr_tlv *t)
{
	const char *name = ds_qr_tlv_tag_name(t);
	char label[64];

	snprintf(label, sizeof label, _("Optional data, tag %" PRIu32 "%s%s%s"), t->tag, name ? " (" : "",
		 name ? name : "", name ? ")" : "");
	switch (t->type) {
	case DS_QR_TLV_INT:
		ds_describe_line(out, depth, label, false, "%" PRId64, t->i);
		break;
	case DS_QR_TLV_UINT:
		ds_describe_line(out, depth, label, false, "%" PRIu64, t->u);
		break;
	case DS_QR_TLV_BOOL:
		ds_describe_line(out, depth, label, false, "%s", t->b ? "true" : "false");
		break;
	case DS_QR_TLV_FLOAT:
		ds_describe_line(out, depth, label, false, "%g", t->f);
		break;
	case DS_QR_TLV_STRING:
		ds_describe_line(out, depth, label, false, "\"%s\"", (const char *)t->data);
		break;
	case DS_QR_TLV_BYTES:
		ds_describe_line(out, depth, label, false, P_("%zu byte", "%zu bytes", t->len), t->len);
		break;
	case DS_QR_TLV_NULL:
		ds_describe_line(out, depth, label, false, "null");
		break;
	case DS_QR_TLV_CONTAINER:
		ds_describe_line(out, depth, label, false, "%s", _("a nested container (not shown)"));
		break;
	}
}

/** One Matter payload's fields. */
static void ds_describe_matter(const describe_out *out, int depth, const ds_qr_matter_payload *p)
{
	char disc[96];

	ds_describe_discovery(p->discovery, disc, sizeof disc);
	ds_describe_line(out, depth, _("Vendor ID"), false, "%u (0x%04X)", p->vendor_id, p->vendor_id);
	ds_describe_line(out, depth, _("Product ID"), false, "%u (0x%04X)", p->product_id, p->product_id);
	ds_describe_line(out, depth, _("Commissioning flow"), false, "%s", ds_qr_matter_flow_name(p->flow));
	ds_describe_line(out, depth, _("Discovery"), false, "%s", disc);
	ds_describe_line(out, depth, _("Discriminator"), false, "%u", p->discriminator);
	ds_describe_line(out, depth, _("Passcode"), true, "%08u%s", (unsigned)p->passcode,
			 p->passcode_valid ? "" : _(" (not allowed by the Matter specification: the device will refuse it)"));
	for (size_t i = 0; i < p->n_tlv; i++)
		ds_describe_tlv(out, depth, &p->tlv[i]);
}

/** Fields of the formats other than Matter QR codes. */
static void ds_describe_other(const describe_out *out, const ds_qr_decoded *d)
{
	const ds_qr_matter_manual *m = &d->u.manual;
	const ds_qr_wifi *w = &d->u.wifi;
	const ds_qr_dpp *p = &d->u.dpp;
	const ds_qr_lpa *l = &d->u.lpa;
	const ds_qr_esp_prov *e = &d->u.esp;

	switch (d->format) {
	case DS_QR_FORMAT_MATTER_MANUAL:
		ds_describe_line(out, 1, _("Short discriminator"), false, "%u", m->short_discriminator);
		ds_describe_line(out, 1, _("Passcode"), true, "%08u%s", (unsigned)m->passcode,
				 m->passcode_valid ? "" : _(" (not allowed by the Matter specification: the device will refuse it)"));
		if (m->has_vendor_product) {
			ds_describe_line(out, 1, _("Vendor ID"), false, "%u (0x%04X)", m->vendor_id, m->vendor_id);
			ds_describe_line(out, 1, _("Product ID"), false, "%u (0x%04X)", m->product_id, m->product_id);
		}
		break;
	case DS_QR_FORMAT_WIFI:
		ds_describe_line(out, 1, _("Network name (SSID)"), false, "%s", w->ssid);
		ds_describe_line(out, 1, _("Security"), false, "%s", w->security);
		if (w->has_password)
			ds_describe_line(out, 1, _("Password"), true, "%s", w->password);
		ds_describe_line(out, 1, _("Hidden network"), false, "%s", ds_describe_yes(w->hidden));
		if (w->eap_method[0])
			ds_describe_line(out, 1, _("EAP method"), false, "%s", w->eap_method);
		if (w->identity[0])
			ds_describe_line(out, 1, _("Identity"), false, "%s", w->identity);
		if (w->anonymous_identity[0])
			ds_describe_line(out, 1, _("Anonymous identity"), false, "%s", w->anonymous_identity);
		if (w->phase2[0])
			ds_describe_line(out, 1, _("Phase 2"), false, "%s", w->phase2);
		break;
	case DS_QR_FORMAT_DPP:
		for (size_t i = 0; i < p->n_channels; i++)
			ds_describe_line(out, 1, _("Channel (class/channel)"), false, "%s", p->channels[i]);
		if (p->mac[0])
			ds_describe_line(out, 1, _("MAC address"), false, "%s", p->mac);
		if (p->info[0])
			ds_describe_line(out, 1, _("Information"), false, "%s", p->info);
		if (p->version)
			ds_describe_line(out, 1, _("DPP version"), false, "%u", p->version);
		if (p->host[0])
			ds_describe_line(out, 1, _("Host"), false, "%s", p->host);
		ds_describe_line(out, 1, _("Public key"), false, "%s", p->public_key);
		break;
	case DS_QR_FORMAT_LPA:
		ds_describe_line(out, 1, _("SM-DP+ address"), false, "%s", l->smdp_address);
		ds_describe_line(out, 1, _("Matching ID"), true, "%s", l->matching_id);
		if (l->smdp_oid[0])
			ds_describe_line(out, 1, _("SM-DP+ OID"), false, "%s", l->smdp_oid);
		ds_describe_line(out, 1, _("Confirmation code needed"), false, "%s",
				 ds_describe_yes(l->confirmation_code_required));
		break;
	case DS_QR_FORMAT_ESP_PROV:
		ds_describe_line(out, 1, _("Device name"), false, "%s", e->name);
		ds_describe_line(out, 1, _("Transport"), false, "%s", e->transport);
		ds_describe_line(out, 1, _("Security"), false, "%s",
				 e->security == 0   ? _("0 (none: anyone in reach can set the device up)")
				 : e->security == 1 ? _("1 (X25519 and the proof of possession)")
						    : _("2 (SRP6a with the user name and password)"));
		if (e->has_pop)
			ds_describe_line(out, 1, e->security == 2 ? _("Password") : _("Proof of possession"), true,
					 "%s", e->pop);
		if (e->username[0])
			ds_describe_line(out, 1, _("User name"), true, "%s", e->username);
		if (e->network[0])
			ds_describe_line(out, 1, _("Network"), false, "%s", e->network);
		if (e->version[0])
			ds_describe_line(out, 1, _("Version"), false, "%s", e->version);
		break;
	case DS_QR_FORMAT_MATTER:
	case DS_QR_FORMAT_UNKNOWN:
		break;
	}
}

void ds_qr_describe(const ds_qr_decoded *d, ds_qr_describe_fn fn, void *ctx)
{
	describe_out out = { .fn = fn, .ctx = ctx };

	fn(0, ds_qr_format_title(d->format), "", false, ctx);
	if (d->format != DS_QR_FORMAT_MATTER) {
		ds_describe_other(&out, d);
		return;
	}
	if (d->u.matter.n == 1) {
		ds_describe_matter(&out, 1, &d->u.matter.payloads[0]);
		return;
	}
	for (size_t i = 0; i < d->u.matter.n; i++) {
		char label[48];

		snprintf(label, sizeof label, _("Payload %zu of %zu"), i + 1, d->u.matter.n);
		fn(1, label, "", false, ctx);
		ds_describe_matter(&out, 2, &d->u.matter.payloads[i]);
	}
}
