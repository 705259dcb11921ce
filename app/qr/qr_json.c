/* Decoded payloads as JSON. */
#include "app/qr/qr_json.h"

#include <stdio.h>
#include <string.h>

#include "app/base/secret.h"

/** Adds a string member (skipped when value is empty and optional). */
static void ds_json_text(cJSON *o, const char *key, const char *value, bool optional)
{
	if (optional && !value[0])
		return;
	cJSON_AddStringToObject(o, key, value);
}

/** The optional data elements of one Matter payload. */
static cJSON *ds_json_tlv(const ds_qr_matter_payload *p)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < p->n_tlv; i++) {
		const ds_qr_tlv *t = &p->tlv[i];
		const char *name = ds_qr_tlv_tag_name(t);
		cJSON *o = cJSON_CreateObject();
		char hex[2 * DS_QR_TLV_DATA_MAX + 1];

		if (!o)
			break;
		cJSON_AddNumberToObject(o, "tag", t->tag);
		if (name)
			cJSON_AddStringToObject(o, "name", name);
		cJSON_AddStringToObject(o, "type", ds_qr_tlv_type_name(t->type));
		switch (t->type) {
		case DS_QR_TLV_INT:
			cJSON_AddNumberToObject(o, "value", (double)t->i);
			break;
		case DS_QR_TLV_UINT:
			cJSON_AddNumberToObject(o, "value", (double)t->u);
			break;
		case DS_QR_TLV_BOOL:
			cJSON_AddBoolToObject(o, "value", t->b);
			break;
		case DS_QR_TLV_FLOAT:
			cJSON_AddNumberToObject(o, "value", t->f);
			break;
		case DS_QR_TLV_STRING:
			cJSON_AddStringToObject(o, "value", (const char *)t->data);
			break;
		case DS_QR_TLV_BYTES:
			for (size_t k = 0; k < t->len; k++)
				snprintf(hex + 2 * k, 3, "%02x", t->data[k]);
			hex[2 * t->len] = '\0';
			cJSON_AddStringToObject(o, "value", hex);
			break;
		case DS_QR_TLV_NULL:
			cJSON_AddNullToObject(o, "value");
			break;
		case DS_QR_TLV_CONTAINER:
			break;
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/** One Matter payload. */
static cJSON *ds_json_matter_payload(const ds_qr_matter_payload *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *disc;

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "version", p->version);
	cJSON_AddNumberToObject(o, "vendor_id", p->vendor_id);
	cJSON_AddNumberToObject(o, "product_id", p->product_id);
	cJSON_AddStringToObject(o, "flow", ds_qr_matter_flow_name(p->flow));
	disc = cJSON_AddArrayToObject(o, "discovery");
	for (unsigned bit = 0; disc && bit < 8; bit++) {
		const char *name = ds_qr_matter_discovery_name(bit);

		if (p->discovery & (1u << bit))
			cJSON_AddItemToArray(disc, cJSON_CreateString(name ? name : "reserved"));
	}
	cJSON_AddNumberToObject(o, "discriminator", p->discriminator);
	cJSON_AddNumberToObject(o, "passcode", p->passcode);
	cJSON_AddBoolToObject(o, "passcode_valid", p->passcode_valid);
	if (p->n_tlv)
		cJSON_AddItemToObject(o, "tlv", ds_json_tlv(p));
	return o;
}

/** The members of each format. */
static void ds_json_members(cJSON *o, const ds_qr_decoded *d)
{
	switch (d->format) {
	case DS_QR_FORMAT_MATTER: {
		cJSON *arr = cJSON_AddArrayToObject(o, "payloads");

		for (size_t i = 0; arr && i < d->u.matter.n; i++)
			cJSON_AddItemToArray(arr, ds_json_matter_payload(&d->u.matter.payloads[i]));
		break;
	}
	case DS_QR_FORMAT_MATTER_MANUAL:
		cJSON_AddNumberToObject(o, "digits", d->u.manual.digits);
		cJSON_AddNumberToObject(o, "short_discriminator", d->u.manual.short_discriminator);
		cJSON_AddNumberToObject(o, "passcode", d->u.manual.passcode);
		cJSON_AddBoolToObject(o, "passcode_valid", d->u.manual.passcode_valid);
		if (d->u.manual.has_vendor_product) {
			cJSON_AddNumberToObject(o, "vendor_id", d->u.manual.vendor_id);
			cJSON_AddNumberToObject(o, "product_id", d->u.manual.product_id);
		}
		break;
	case DS_QR_FORMAT_WIFI:
		ds_json_text(o, "ssid", d->u.wifi.ssid, false);
		ds_json_text(o, "security", d->u.wifi.security, false);
		if (d->u.wifi.has_password)
			ds_json_text(o, "password", d->u.wifi.password, false);
		cJSON_AddBoolToObject(o, "hidden", d->u.wifi.hidden);
		ds_json_text(o, "eap_method", d->u.wifi.eap_method, true);
		ds_json_text(o, "anonymous_identity", d->u.wifi.anonymous_identity, true);
		ds_json_text(o, "identity", d->u.wifi.identity, true);
		ds_json_text(o, "phase2", d->u.wifi.phase2, true);
		break;
	case DS_QR_FORMAT_DPP: {
		cJSON *arr = cJSON_AddArrayToObject(o, "channels");

		for (size_t i = 0; arr && i < d->u.dpp.n_channels; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(d->u.dpp.channels[i]));
		ds_json_text(o, "public_key", d->u.dpp.public_key, false);
		ds_json_text(o, "mac", d->u.dpp.mac, true);
		ds_json_text(o, "info", d->u.dpp.info, true);
		if (d->u.dpp.version)
			cJSON_AddNumberToObject(o, "version", d->u.dpp.version);
		ds_json_text(o, "host", d->u.dpp.host, true);
		ds_json_text(o, "bands", d->u.dpp.bands, true);
		break;
	}
	case DS_QR_FORMAT_LPA:
		ds_json_text(o, "smdp_address", d->u.lpa.smdp_address, false);
		ds_json_text(o, "matching_id", d->u.lpa.matching_id, false);
		ds_json_text(o, "smdp_oid", d->u.lpa.smdp_oid, true);
		cJSON_AddBoolToObject(o, "confirmation_code_required", d->u.lpa.confirmation_code_required);
		ds_json_text(o, "ci_pkid", d->u.lpa.ci_pkid, true);
		break;
	case DS_QR_FORMAT_ESP_PROV:
		ds_json_text(o, "version", d->u.esp.version, true);
		ds_json_text(o, "name", d->u.esp.name, false);
		if (d->u.esp.has_pop)
			ds_json_text(o, "pop", d->u.esp.pop, false);
		ds_json_text(o, "username", d->u.esp.username, true);
		ds_json_text(o, "transport", d->u.esp.transport, false);
		ds_json_text(o, "network", d->u.esp.network, true);
		break;
	case DS_QR_FORMAT_UNKNOWN:
		break;
	}
}

cJSON *ds_qr_json(const ds_qr_decoded *d)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "format", ds_qr_format_id(d->format));
	ds_json_members(o, d);
	return o;
}

cJSON *ds_qr_json_error(const ds_qr_error *err)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "error", err->message);
	cJSON_AddNumberToObject(o, "offset", (double)err->offset);
	if (err->field[0])
		cJSON_AddStringToObject(o, "field", err->field);
	return o;
}

/** Wipes the string values of node, its siblings and their children. */
static void ds_json_wipe(cJSON *node)
{
	for (cJSON *c = node; c; c = c->next) {
		if (c->valuestring && !(c->type & cJSON_IsReference))
			ds_secret_wipe(c->valuestring, strlen(c->valuestring));
		if (c->child)
			ds_json_wipe(c->child);
	}
}

void ds_qr_json_free(cJSON *json)
{
	if (!json)
		return;
	/* The root's siblings are not its own: wipe only the root's subtree. */
	if (json->valuestring && !(json->type & cJSON_IsReference))
		ds_secret_wipe(json->valuestring, strlen(json->valuestring));
	ds_json_wipe(json->child);
	cJSON_Delete(json);
}

int ds_qr_json_print(const cJSON *json, FILE *out)
{
	for (size_t size = 4096; size <= (1u << 22); size *= 2) {
		char *buf = ds_secret_alloc(size);
		int rc = 0;

		if (!buf)
			return -1;
		if (cJSON_PrintPreallocated((cJSON *)json, buf, (int)size, true)) {
			rc = fprintf(out, "%s\n", buf) < 0 ? -1 : 0;
			fflush(out);
			ds_secret_free(buf);
			return rc;
		}
		ds_secret_free(buf);
	}
	return -1;
}
