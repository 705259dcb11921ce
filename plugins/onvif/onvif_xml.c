/* The ONVIF answer parsers (onvif_xml.h): expat builds a small capped tree of
 * elements (namespace and local name, text, the "token" attribute), and each
 * answer's parser looks its fields up by namespace and name. */
#include "onvif_xml.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** One element of the tree. */
typedef struct xnode {
	char *name; /**< "namespace-uri local" (expat's form with a ' ' separator) */
	char *text; /**< its own text, capped */
	size_t text_len;
	char *token; /**< the unqualified "token" attribute, or NULL */
	int parent;  /**< index of the parent, -1 for the root */
	unsigned depth;
} xnode;

/** The tree and the parse's state. */
typedef struct xdoc {
	xnode *nodes;
	size_t n, cap; /**< elements read, room for */
	int open;      /**< index of the element being read, -1 outside */
	unsigned depth;
	onvif_xml_error err;
	XML_Parser parser;
} xdoc;

const char *onvif_xml_error_name(onvif_xml_error err)
{
	switch (err) {
	case ONVIF_XML_OK:
		return "ok";
	case ONVIF_XML_MALFORMED:
		return "malformed";
	case ONVIF_XML_TOO_BIG:
		return "too-big";
	case ONVIF_XML_MISSING:
		return "missing";
	case ONVIF_XML_FAULT:
		return "fault";
	case ONVIF_XML_NO_MEMORY:
		return "no-memory";
	}
	return "unknown";
}

/** Stops the parse with err. */
static void x_stop(xdoc *d, onvif_xml_error err)
{
	if (d->err == ONVIF_XML_OK)
		d->err = err;
	XML_StopParser(d->parser, XML_FALSE);
}

static void XMLCALL x_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	xdoc *d = ud;
	xnode *node;

	if (d->err != ONVIF_XML_OK)
		return;
	if (d->n >= ONVIF_XML_MAX_ELEMENTS || d->depth >= ONVIF_XML_MAX_DEPTH) {
		x_stop(d, ONVIF_XML_TOO_BIG);
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		xnode *grown = realloc(d->nodes, cap * sizeof *grown);

		if (!grown) {
			x_stop(d, ONVIF_XML_NO_MEMORY);
			return;
		}
		d->nodes = grown;
		d->cap = cap;
	}
	node = &d->nodes[d->n];
	memset(node, 0, sizeof *node);
	node->name = strdup(name);
	if (!node->name) {
		x_stop(d, ONVIF_XML_NO_MEMORY);
		return;
	}
	for (size_t i = 0; attrs[i] && attrs[i + 1]; i += 2) {
		if (strcmp(attrs[i], "token") == 0 && !node->token) {
			node->token = strndup(attrs[i + 1], ONVIF_XML_MAX_TEXT);
			if (!node->token) {
				free(node->name);
				x_stop(d, ONVIF_XML_NO_MEMORY);
				return;
			}
		}
	}
	node->parent = d->open;
	node->depth = d->depth;
	d->open = (int)d->n;
	d->n++;
	d->depth++;
}

static void XMLCALL x_end(void *ud, const XML_Char *name)
{
	xdoc *d = ud;

	(void)name;
	if (d->err != ONVIF_XML_OK || d->open < 0)
		return;
	d->open = d->nodes[d->open].parent;
	d->depth--;
}

static void XMLCALL x_text(void *ud, const XML_Char *s, int len)
{
	xdoc *d = ud;
	xnode *node;
	size_t take;
	char *grown;

	if (d->err != ONVIF_XML_OK || d->open < 0 || len <= 0)
		return;
	node = &d->nodes[d->open];
	if (node->text_len >= ONVIF_XML_MAX_TEXT)
		return;
	take = (size_t)len;
	if (take > ONVIF_XML_MAX_TEXT - node->text_len)
		take = ONVIF_XML_MAX_TEXT - node->text_len;
	grown = realloc(node->text, node->text_len + take + 1);
	if (!grown) {
		x_stop(d, ONVIF_XML_NO_MEMORY);
		return;
	}
	memcpy(grown + node->text_len, s, take);
	node->text_len += take;
	grown[node->text_len] = '\0';
	node->text = grown;
}

/** A DOCTYPE is refused: no entity expansion from a camera. */
static void XMLCALL x_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			      int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	x_stop(ud, ONVIF_XML_MALFORMED);
}

static void x_free(xdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->nodes[i].name);
		free(d->nodes[i].text);
		free(d->nodes[i].token);
	}
	free(d->nodes);
	d->nodes = NULL;
	d->n = 0;
}

/** Parses xml into d (free it with x_free, also after an error). */
static onvif_xml_error x_parse(xdoc *d, const char *xml, size_t len)
{
	memset(d, 0, sizeof *d);
	d->open = -1;
	if (!xml || len == 0)
		return ONVIF_XML_MALFORMED;
	if (len > ONVIF_XML_MAX_DOC)
		return ONVIF_XML_TOO_BIG;
	d->parser = XML_ParserCreateNS(NULL, ' ');
	if (!d->parser)
		return ONVIF_XML_NO_MEMORY;
	XML_SetUserData(d->parser, d);
	XML_SetElementHandler(d->parser, x_start, x_end);
	XML_SetCharacterDataHandler(d->parser, x_text);
	XML_SetStartDoctypeDeclHandler(d->parser, x_doctype);
	if (XML_Parse(d->parser, xml, (int)len, XML_TRUE) == XML_STATUS_ERROR && d->err == ONVIF_XML_OK)
		d->err = ONVIF_XML_MALFORMED;
	XML_ParserFree(d->parser);
	d->parser = NULL;
	if (d->err == ONVIF_XML_OK && d->n == 0)
		d->err = ONVIF_XML_MALFORMED;
	return d->err;
}

/** True when node i is named local in namespace ns. */
static bool x_is(const xdoc *d, int i, const char *ns, const char *local)
{
	const char *name = d->nodes[i].name;
	size_t ns_len = strlen(ns);

	return strncmp(name, ns, ns_len) == 0 && name[ns_len] == ' ' && strcmp(name + ns_len + 1, local) == 0;
}

/** True when node i lies below node anc (anc -1: anywhere). */
static bool x_below(const xdoc *d, int i, int anc)
{
	if (anc < 0)
		return true;
	for (int p = d->nodes[i].parent; p >= 0; p = d->nodes[p].parent)
		if (p == anc)
			return true;
	return false;
}

/** The next element after index after (-1: from the start) below anc named ns/local, or -1. */
static int x_next(const xdoc *d, int anc, int after, const char *ns, const char *local)
{
	for (size_t i = (size_t)(after + 1); i < d->n; i++)
		if (x_is(d, (int)i, ns, local) && x_below(d, (int)i, anc))
			return (int)i;
	return -1;
}

/** The first element below anc named ns/local, or -1. */
static int x_find(const xdoc *d, int anc, const char *ns, const char *local)
{
	return x_next(d, anc, -1, ns, local);
}

/** Copies node i's text without leading and trailing white space into out;
 *  false (and out "") when there is no such node. */
static bool x_text_of(const xdoc *d, int i, char *out, size_t size)
{
	const char *s, *e;
	size_t len;

	if (size == 0)
		return false;
	out[0] = '\0';
	if (i < 0)
		return false;
	s = d->nodes[i].text ? d->nodes[i].text : "";
	e = s + strlen(s);
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	len = (size_t)(e - s);
	if (len >= size) {
		/* cut at a UTF-8 character boundary */
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

/** The local part of a QName ("ter:NotAuthorized" -> "NotAuthorized"). */
static void x_local_part(char *s)
{
	char *colon = strrchr(s, ':');

	if (colon)
		memmove(s, colon + 1, strlen(colon + 1) + 1);
}

/** Fills fault from d's SOAP Fault; true when there is one. */
static bool x_fault(const xdoc *d, onvif_fault *fault)
{
	int f = x_find(d, -1, ONVIF_NS_SOAP, "Fault"), code, sub, val, reason;
	onvif_fault tmp;

	if (f < 0)
		return false;
	if (!fault)
		fault = &tmp;
	memset(fault, 0, sizeof *fault);
	code = x_find(d, f, ONVIF_NS_SOAP, "Code");
	if (code >= 0) {
		/* Code/Value is Code's direct child; Subcodes nest. */
		for (val = x_find(d, code, ONVIF_NS_SOAP, "Value"); val >= 0 && d->nodes[val].parent != code;
		     val = x_next(d, code, val, ONVIF_NS_SOAP, "Value"))
			;
		x_text_of(d, val, fault->code, sizeof fault->code);
		x_local_part(fault->code);
		for (sub = x_find(d, code, ONVIF_NS_SOAP, "Subcode"); sub >= 0;
		     sub = x_next(d, sub, sub, ONVIF_NS_SOAP, "Subcode")) {
			for (val = x_find(d, sub, ONVIF_NS_SOAP, "Value"); val >= 0 && d->nodes[val].parent != sub;
			     val = x_next(d, sub, val, ONVIF_NS_SOAP, "Value"))
				;
			if (val >= 0) {
				x_text_of(d, val, fault->subcode, sizeof fault->subcode);
				x_local_part(fault->subcode);
			}
		}
	}
	reason = x_find(d, f, ONVIF_NS_SOAP, "Reason");
	if (reason >= 0)
		x_text_of(d, x_find(d, reason, ONVIF_NS_SOAP, "Text"), fault->reason, sizeof fault->reason);
	return true;
}

/** Parses xml and looks for the body element ns/local: its index in *body. */
static onvif_xml_error x_answer(xdoc *d, const char *xml, size_t len, const char *ns, const char *local, int *body,
				onvif_fault *fault)
{
	onvif_xml_error err = x_parse(d, xml, len);

	*body = -1;
	if (err != ONVIF_XML_OK)
		return err;
	if (x_fault(d, fault))
		return ONVIF_XML_FAULT;
	*body = x_find(d, x_find(d, -1, ONVIF_NS_SOAP, "Body"), ns, local);
	return *body >= 0 ? ONVIF_XML_OK : ONVIF_XML_MISSING;
}

onvif_xml_error onvif_parse_fault(const char *xml, size_t len, onvif_fault *fault)
{
	xdoc d;
	onvif_xml_error err = x_parse(&d, xml, len);

	if (err == ONVIF_XML_OK)
		err = x_fault(&d, fault) ? ONVIF_XML_FAULT : ONVIF_XML_MISSING;
	x_free(&d);
	return err;
}

/** Splits space-separated text into up to max entries of size ONVIF_URL_MAX. */
static size_t x_split(const char *text, char (*out)[ONVIF_URL_MAX], size_t max)
{
	size_t n = 0;

	while (*text && n < max) {
		size_t len;

		while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
			text++;
		len = strcspn(text, " \t\r\n");
		if (len == 0)
			break;
		if (len < ONVIF_URL_MAX) {
			memcpy(out[n], text, len);
			out[n][len] = '\0';
			n++;
		}
		text += len;
	}
	return n;
}

onvif_xml_error onvif_parse_probe_matches(const char *xml, size_t len, onvif_probe_match *out, size_t max, size_t *n)
{
	xdoc d;
	int body, m = -1;
	char relates[ONVIF_URL_MAX];
	char *xaddrs = malloc(ONVIF_XML_MAX_TEXT + 1);
	onvif_xml_error err;

	*n = 0;
	if (!xaddrs)
		return ONVIF_XML_NO_MEMORY;
	err = x_answer(&d, xml, len, ONVIF_NS_WSD, "ProbeMatches", &body, NULL);
	if (err == ONVIF_XML_OK) {
		x_text_of(&d, x_find(&d, x_find(&d, -1, ONVIF_NS_SOAP, "Header"), ONVIF_NS_WSA, "RelatesTo"), relates,
			  sizeof relates);
		while (*n < max && (m = x_next(&d, body, m, ONVIF_NS_WSD, "ProbeMatch")) >= 0) {
			onvif_probe_match *pm = &out[*n];

			memset(pm, 0, sizeof *pm);
			snprintf(pm->relates_to, sizeof pm->relates_to, "%s", relates);
			x_text_of(&d,
				  x_find(&d, x_find(&d, m, ONVIF_NS_WSA, "EndpointReference"), ONVIF_NS_WSA, "Address"),
				  pm->address, sizeof pm->address);
			x_text_of(&d, x_find(&d, m, ONVIF_NS_WSD, "Types"), pm->types, sizeof pm->types);
			x_text_of(&d, x_find(&d, m, ONVIF_NS_WSD, "Scopes"), pm->scopes, sizeof pm->scopes);
			x_text_of(&d, x_find(&d, m, ONVIF_NS_WSD, "XAddrs"), xaddrs, ONVIF_XML_MAX_TEXT + 1);
			pm->n_xaddrs = x_split(xaddrs, pm->xaddrs, ONVIF_XADDRS_MAX);
			if (pm->address[0])
				(*n)++;
		}
		if (*n == 0)
			err = ONVIF_XML_MISSING;
	}
	free(xaddrs);
	x_free(&d);
	return err;
}

/** Parses the decimal text of node i within [lo, hi]; -1 when absent or out of range. */
static long x_number(const xdoc *d, int i, long lo, long hi)
{
	char text[16], *end;
	long v;

	if (!x_text_of(d, i, text, sizeof text) || text[0] == '\0')
		return -1;
	v = strtol(text, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

int64_t onvif_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* H. Hinnant's days_from_civil */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

onvif_xml_error onvif_parse_datetime(const char *xml, size_t len, onvif_datetime *out, onvif_fault *fault)
{
	xdoc d;
	int body, sdt, utc, date, tm;
	char type[16];
	onvif_xml_error err = x_answer(&d, xml, len, ONVIF_NS_TDS, "GetSystemDateAndTimeResponse", &body, fault);

	memset(out, 0, sizeof *out);
	if (err == ONVIF_XML_OK) {
		sdt = x_find(&d, body, ONVIF_NS_TDS, "SystemDateAndTime");
		x_text_of(&d, x_find(&d, sdt, ONVIF_NS_TT, "DateTimeType"), type, sizeof type);
		out->ntp = strcmp(type, "NTP") == 0;
		utc = sdt >= 0 ? x_find(&d, sdt, ONVIF_NS_TT, "UTCDateTime") : -1;
		date = utc >= 0 ? x_find(&d, utc, ONVIF_NS_TT, "Date") : -1;
		tm = utc >= 0 ? x_find(&d, utc, ONVIF_NS_TT, "Time") : -1;
		if (sdt < 0) {
			err = ONVIF_XML_MISSING;
		} else if (date >= 0 && tm >= 0) {
			long y = x_number(&d, x_find(&d, date, ONVIF_NS_TT, "Year"), 1970, 9999);
			long mo = x_number(&d, x_find(&d, date, ONVIF_NS_TT, "Month"), 1, 12);
			long dd = x_number(&d, x_find(&d, date, ONVIF_NS_TT, "Day"), 1, 31);
			long h = x_number(&d, x_find(&d, tm, ONVIF_NS_TT, "Hour"), 0, 23);
			long mi = x_number(&d, x_find(&d, tm, ONVIF_NS_TT, "Minute"), 0, 59);
			long s = x_number(&d, x_find(&d, tm, ONVIF_NS_TT, "Second"), 0, 60);

			if (y >= 0 && mo >= 0 && dd >= 0 && h >= 0 && mi >= 0 && s >= 0) {
				out->has_utc = true;
				out->utc_seconds = onvif_days_from_civil(y, (unsigned)mo, (unsigned)dd) * 86400 +
						   h * 3600 + mi * 60 + s;
			}
		}
	}
	x_free(&d);
	return err;
}

onvif_xml_error onvif_parse_device_information(const char *xml, size_t len, onvif_device_information *out,
					       onvif_fault *fault)
{
	xdoc d;
	int body;
	onvif_xml_error err = x_answer(&d, xml, len, ONVIF_NS_TDS, "GetDeviceInformationResponse", &body, fault);

	memset(out, 0, sizeof *out);
	if (err == ONVIF_XML_OK) {
		x_text_of(&d, x_find(&d, body, ONVIF_NS_TDS, "Manufacturer"), out->manufacturer,
			  sizeof out->manufacturer);
		x_text_of(&d, x_find(&d, body, ONVIF_NS_TDS, "Model"), out->model, sizeof out->model);
		x_text_of(&d, x_find(&d, body, ONVIF_NS_TDS, "FirmwareVersion"), out->firmware, sizeof out->firmware);
		x_text_of(&d, x_find(&d, body, ONVIF_NS_TDS, "SerialNumber"), out->serial, sizeof out->serial);
		x_text_of(&d, x_find(&d, body, ONVIF_NS_TDS, "HardwareId"), out->hardware_id, sizeof out->hardware_id);
	}
	x_free(&d);
	return err;
}

onvif_xml_error onvif_parse_services(const char *xml, size_t len, onvif_services *out, onvif_fault *fault)
{
	xdoc d;
	int body, svc = -1;
	char ns[ONVIF_URL_MAX];
	onvif_xml_error err = x_answer(&d, xml, len, ONVIF_NS_TDS, "GetServicesResponse", &body, fault);

	memset(out, 0, sizeof *out);
	if (err == ONVIF_XML_OK) {
		while ((svc = x_next(&d, body, svc, ONVIF_NS_TDS, "Service")) >= 0) {
			char *dst = NULL;

			x_text_of(&d, x_find(&d, svc, ONVIF_NS_TDS, "Namespace"), ns, sizeof ns);
			if (strcmp(ns, ONVIF_NS_TDS) == 0)
				dst = out->device;
			else if (strcmp(ns, ONVIF_NS_TRT) == 0)
				dst = out->media;
			else if (strcmp(ns, ONVIF_NS_TR2) == 0)
				dst = out->media2;
			if (dst && !dst[0])
				x_text_of(&d, x_find(&d, svc, ONVIF_NS_TDS, "XAddr"), dst, ONVIF_URL_MAX);
		}
	} else if (err == ONVIF_XML_MISSING) {
		int caps;

		body = x_find(&d, x_find(&d, -1, ONVIF_NS_SOAP, "Body"), ONVIF_NS_TDS, "GetCapabilitiesResponse");
		caps = body >= 0 ? x_find(&d, body, ONVIF_NS_TDS, "Capabilities") : -1;
		if (caps >= 0) {
			err = ONVIF_XML_OK;
			x_text_of(&d, x_find(&d, x_find(&d, caps, ONVIF_NS_TT, "Device"), ONVIF_NS_TT, "XAddr"),
				  out->device, sizeof out->device);
			x_text_of(&d, x_find(&d, x_find(&d, caps, ONVIF_NS_TT, "Media"), ONVIF_NS_TT, "XAddr"),
				  out->media, sizeof out->media);
		}
	}
	x_free(&d);
	return err;
}

onvif_xml_error onvif_parse_hwaddress(const char *xml, size_t len, char *mac, size_t mac_size, onvif_fault *fault)
{
	xdoc d;
	int body;
	char raw[64], hex[13];
	size_t k = 0;
	onvif_xml_error err = x_answer(&d, xml, len, ONVIF_NS_TDS, "GetNetworkInterfacesResponse", &body, fault);

	if (mac_size)
		mac[0] = '\0';
	if (err == ONVIF_XML_OK) {
		x_text_of(&d, x_find(&d, body, ONVIF_NS_TT, "HwAddress"), raw, sizeof raw);
		/* "00:11:22:aa:bb:cc", "00-11-22-AA-BB-CC" or "001122aabbcc" */
		for (const char *p = raw; *p && k < 12; p++) {
			if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F'))
				hex[k++] = (char)(*p >= 'a' ? *p - 32 : *p);
			else if (*p != ':' && *p != '-')
				break;
		}
		if (k == 12 && mac_size >= 18)
			snprintf(mac, mac_size, "%.2s:%.2s:%.2s:%.2s:%.2s:%.2s", hex, hex + 2, hex + 4, hex + 6,
				 hex + 8, hex + 10);
		else
			err = ONVIF_XML_MISSING;
	}
	x_free(&d);
	return err;
}

onvif_xml_error onvif_parse_users(const char *xml, size_t len, onvif_users *out, onvif_fault *fault)
{
	static const char *const levels[] = { "", "Administrator", "Operator", "User", "Anonymous", "Extended" };
	xdoc d;
	int body, u = -1;
	char level[32];
	onvif_xml_error err = x_answer(&d, xml, len, ONVIF_NS_TDS, "GetUsersResponse", &body, fault);

	memset(out, 0, sizeof *out);
	while (err == ONVIF_XML_OK && out->n < ONVIF_USERS_MAX && (u = x_next(&d, body, u, ONVIF_NS_TDS, "User")) >= 0) {
		onvif_user *user = &out->users[out->n];

		x_text_of(&d, x_find(&d, u, ONVIF_NS_TT, "Username"), user->name, sizeof user->name);
		x_text_of(&d, x_find(&d, u, ONVIF_NS_TT, "UserLevel"), level, sizeof level);
		user->level = ONVIF_LEVEL_OTHER;
		for (size_t i = 1; i < sizeof levels / sizeof levels[0]; i++)
			if (strcmp(level, levels[i]) == 0)
				user->level = (onvif_user_level)i;
		if (user->name[0])
			out->n++;
	}
	x_free(&d);
	return err;
}

onvif_xml_error onvif_parse_profiles(const char *xml, size_t len, onvif_profiles *out, onvif_fault *fault)
{
	xdoc d;
	int body, p = -1;
	onvif_xml_error err = x_answer(&d, xml, len, ONVIF_NS_TRT, "GetProfilesResponse", &body, fault);

	memset(out, 0, sizeof *out);
	while (err == ONVIF_XML_OK && out->n < ONVIF_PROFILES_MAX &&
	       (p = x_next(&d, body, p, ONVIF_NS_TRT, "Profiles")) >= 0) {
		const char *token = d.nodes[p].token;

		if (token && token[0] && strlen(token) < sizeof out->tokens[0])
			snprintf(out->tokens[out->n++], sizeof out->tokens[0], "%s", token);
	}
	x_free(&d);
	return err;
}

onvif_xml_error onvif_parse_stream_uri(const char *xml, size_t len, char *uri, size_t uri_size, onvif_fault *fault)
{
	xdoc d;
	int body;
	onvif_xml_error err = x_answer(&d, xml, len, ONVIF_NS_TRT, "GetStreamUriResponse", &body, fault);

	if (uri_size)
		uri[0] = '\0';
	if (err == ONVIF_XML_OK) {
		x_text_of(&d, x_find(&d, x_find(&d, body, ONVIF_NS_TRT, "MediaUri"), ONVIF_NS_TT, "Uri"), uri, uri_size);
	} else if (err == ONVIF_XML_MISSING) {
		body = x_find(&d, x_find(&d, -1, ONVIF_NS_SOAP, "Body"), ONVIF_NS_TR2, "GetStreamUriResponse");
		if (body >= 0) {
			err = ONVIF_XML_OK;
			x_text_of(&d, x_find(&d, body, ONVIF_NS_TR2, "Uri"), uri, uri_size);
		}
	}
	if (err == ONVIF_XML_OK && (uri_size == 0 || uri[0] == '\0'))
		err = ONVIF_XML_MISSING;
	x_free(&d);
	return err;
}

onvif_xml_error onvif_parse_empty(const char *xml, size_t len, const char *ns, const char *local, onvif_fault *fault)
{
	xdoc d;
	int body;
	onvif_xml_error err = x_answer(&d, xml, len, ns, local, &body, fault);

	x_free(&d);
	return err;
}
