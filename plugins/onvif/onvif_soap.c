/* Building the ONVIF requests (onvif_soap.h). */
#include "onvif_soap.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "onvif_xml.h"

#define NS_WSSE "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
#define NS_WSU "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
#define WSSE_DIGEST "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
#define WSSE_BASE64 "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"

/** snprintf that reports whether everything fitted (out is "" when not). */
static bool put(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool put(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (size == 0)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		out[0] = '\0';
		return false;
	}
	return true;
}

bool onvif_xml_escape(const char *text, char *out, size_t size)
{
	size_t k = 0;

	if (size == 0)
		return false;
	for (const char *p = text; *p; p++) {
		const char *rep = NULL;
		size_t len;

		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&apos;";
			break;
		default:
			break;
		}
		len = rep ? strlen(rep) : 1;
		if (k + len >= size) {
			out[0] = '\0';
			return false;
		}
		if (rep)
			memcpy(out + k, rep, len);
		else
			out[k] = *p;
		k += len;
	}
	out[k] = '\0';
	return true;
}

bool onvif_base64(const uint8_t *data, size_t len, char *out, size_t size)
{
	if (size < 4 * ((len + 2) / 3) + 1 || len > 0x3fffffff) {
		if (size)
			out[0] = '\0';
		return false;
	}
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return true;
}

void onvif_format_time(int64_t t, char *out, size_t size)
{
	/* H. Hinnant's civil_from_days */
	int64_t days = (t >= 0 ? t : t - 86399) / 86400, secs = t - days * 86400;
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);

	snprintf(out, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y, (long long)m, (long long)d,
		 (long long)(secs / 3600), (long long)(secs / 60 % 60), (long long)(secs % 60));
}

bool onvif_password_digest(const uint8_t *nonce, size_t nonce_len, const char *created, const char *password, char *out,
			   size_t size)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
		  EVP_DigestUpdate(ctx, nonce, nonce_len) == 1 && EVP_DigestUpdate(ctx, created, strlen(created)) == 1 &&
		  EVP_DigestUpdate(ctx, password, strlen(password)) == 1 && EVP_DigestFinal_ex(ctx, md, &md_len) == 1;

	EVP_MD_CTX_free(ctx);
	ok = ok && onvif_base64(md, md_len, out, size);
	memset(md, 0, sizeof md);
	return ok;
}

void onvif_uuid(const uint8_t r[16], char *out, size_t size)
{
	uint8_t u[16];

	memcpy(u, r, sizeof u);
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
	snprintf(out, size, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
		 u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

bool onvif_envelope(const onvif_wsse *wsse, const char *body, char *out, size_t size)
{
	char header[1024] = "", user[256], digest[64], nonce[32];

	if (wsse) {
		if (!onvif_xml_escape(wsse->user, user, sizeof user) ||
		    !onvif_password_digest(wsse->nonce, sizeof wsse->nonce, wsse->created, wsse->password, digest,
					   sizeof digest) ||
		    !onvif_base64(wsse->nonce, sizeof wsse->nonce, nonce, sizeof nonce) ||
		    !put(header, sizeof header,
			 "<s:Header><wsse:Security s:mustUnderstand=\"1\" xmlns:wsse=\"" NS_WSSE
			 "\" xmlns:wsu=\"" NS_WSU "\"><wsse:UsernameToken><wsse:Username>%s</wsse:Username>"
			 "<wsse:Password Type=\"" WSSE_DIGEST "\">%s</wsse:Password>"
			 "<wsse:Nonce EncodingType=\"" WSSE_BASE64 "\">%s</wsse:Nonce>"
			 "<wsu:Created>%s</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>",
			 user, digest, nonce, wsse->created))
			return false;
	}
	return put(out, size,
		   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<s:Envelope xmlns:s=\"" ONVIF_NS_SOAP "\" xmlns:tds=\"" ONVIF_NS_TDS "\" xmlns:trt=\"" ONVIF_NS_TRT
		   "\" xmlns:tt=\"" ONVIF_NS_TT "\">%s<s:Body>%s</s:Body></s:Envelope>\n",
		   header, body);
}

bool onvif_body_plain(const char *operation, bool media, char *out, size_t size)
{
	return put(out, size, "<%s:%s/>", media ? "trt" : "tds", operation);
}

bool onvif_body_get_services(char *out, size_t size)
{
	return put(out, size, "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>");
}

bool onvif_body_get_capabilities(char *out, size_t size)
{
	return put(out, size, "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>");
}

bool onvif_body_set_user(const char *user, const char *password, const char *level, char *out, size_t size)
{
	char name[256];
	size_t head;

	/* The password is escaped straight into out (secret memory), never into a local buffer. */
	if (!onvif_xml_escape(user, name, sizeof name) ||
	    !put(out, size, "<tds:SetUser><tds:User><tt:Username>%s</tt:Username><tt:Password>", name))
		return false;
	head = strlen(out);
	if (!onvif_xml_escape(password, out + head, size - head)) {
		memset(out, 0, size);
		return false;
	}
	head += strlen(out + head);
	if (!put(out + head, size - head, "</tt:Password><tt:UserLevel>%s</tt:UserLevel></tds:User></tds:SetUser>",
		 level)) {
		memset(out, 0, size);
		return false;
	}
	return true;
}

bool onvif_body_delete_user(const char *user, char *out, size_t size)
{
	char name[256];

	return onvif_xml_escape(user, name, sizeof name) &&
	       put(out, size, "<tds:DeleteUsers><tds:Username>%s</tds:Username></tds:DeleteUsers>", name);
}

bool onvif_body_set_time(bool ntp, int64_t utc, char *out, size_t size)
{
	char text[ONVIF_CREATED_MAX];
	int y, mo, d, h, mi, s;

	if (ntp)
		return put(out, size,
			   "<tds:SetSystemDateAndTime><tds:DateTimeType>NTP</tds:DateTimeType>"
			   "<tds:DaylightSavings>false</tds:DaylightSavings></tds:SetSystemDateAndTime>");
	onvif_format_time(utc, text, sizeof text);
	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6)
		return false;
	return put(out, size,
		   "<tds:SetSystemDateAndTime><tds:DateTimeType>Manual</tds:DateTimeType>"
		   "<tds:DaylightSavings>false</tds:DaylightSavings>"
		   "<tds:UTCDateTime><tt:Date><tt:Year>%d</tt:Year><tt:Month>%d</tt:Month><tt:Day>%d</tt:Day></tt:Date>"
		   "<tt:Time><tt:Hour>%d</tt:Hour><tt:Minute>%d</tt:Minute><tt:Second>%d</tt:Second></tt:Time>"
		   "</tds:UTCDateTime></tds:SetSystemDateAndTime>",
		   y, mo, d, h, mi, s);
}

bool onvif_body_get_stream_uri(const char *token, char *out, size_t size)
{
	char tok[256];

	return onvif_xml_escape(token, tok, sizeof tok) &&
	       put(out, size,
		   "<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>"
		   "<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>"
		   "<trt:ProfileToken>%s</trt:ProfileToken></trt:GetStreamUri>",
		   tok);
}

bool onvif_probe_message(const char *message_id, char *out, size_t size)
{
	char id[128];

	return onvif_xml_escape(message_id, id, sizeof id) &&
	       put(out, size,
		   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<s:Envelope xmlns:s=\"" ONVIF_NS_SOAP "\" xmlns:a=\"" ONVIF_NS_WSA "\" xmlns:d=\"" ONVIF_NS_WSD
		   "\" xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"><s:Header>"
		   "<a:Action s:mustUnderstand=\"1\">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
		   "<a:MessageID>%s</a:MessageID>"
		   "<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
		   "</a:ReplyTo>"
		   "<a:To s:mustUnderstand=\"1\">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
		   "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>\n",
		   id);
}
