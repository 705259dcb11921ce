/* The ONVIF plugin's request builders: the WS-UsernameToken PasswordDigest
 * against the published vector of the ONVIF Application Programmer's Guide
 * (section 6.1.1.3: nonce LKqI6G/AikKCQrN0zqZFlg==, created
 * 2010-09-16T07:50:45Z, password userpassword -> tuOSpGlFlIXsozq4HFNeeGeFLEI=),
 * the envelope, escaping, and the WS-Discovery Probe, each parsed back with
 * expat to prove it is well-formed. */
#include <criterion/criterion.h>
#include <expat.h>
#include <string.h>

#include "onvif_soap.h"
#include "onvif_xml.h"

/** True when text is well-formed XML. */
static bool well_formed(const char *text)
{
	XML_Parser p = XML_ParserCreateNS(NULL, ' ');
	bool ok = XML_Parse(p, text, (int)strlen(text), XML_TRUE) == XML_STATUS_OK;

	XML_ParserFree(p);
	return ok;
}

/** The 16 nonce bytes of the Programmer's Guide vector (base64 LKqI6G/AikKCQrN0zqZFlg==). */
static const uint8_t apg_nonce[16] = { 0x2c, 0xaa, 0x88, 0xe8, 0x6f, 0xc0, 0x8a, 0x42,
				       0x82, 0x42, 0xb3, 0x74, 0xce, 0xa6, 0x45, 0x96 };

Test(onvif_soap, password_digest_known_answer)
{
	char digest[64], nonce[32];

	cr_assert(onvif_base64(apg_nonce, sizeof apg_nonce, nonce, sizeof nonce));
	cr_expect_str_eq(nonce, "LKqI6G/AikKCQrN0zqZFlg==");
	cr_assert(onvif_password_digest(apg_nonce, sizeof apg_nonce, "2010-09-16T07:50:45Z", "userpassword", digest,
					sizeof digest));
	cr_expect_str_eq(digest, "tuOSpGlFlIXsozq4HFNeeGeFLEI=");
	cr_expect(!onvif_password_digest(apg_nonce, sizeof apg_nonce, "2010-09-16T07:50:45Z", "userpassword", digest, 10));
}

Test(onvif_soap, created_time_format)
{
	char t[ONVIF_CREATED_MAX];

	onvif_format_time(1284623445, t, sizeof t);
	cr_expect_str_eq(t, "2010-09-16T07:50:45Z");
	onvif_format_time(0, t, sizeof t);
	cr_expect_str_eq(t, "1970-01-01T00:00:00Z");
	onvif_format_time(951782400, t, sizeof t); /* a leap day */
	cr_expect_str_eq(t, "2000-02-29T00:00:00Z");
	cr_expect_eq(onvif_days_from_civil(2000, 2, 29) * 86400, 951782400);
}

Test(onvif_soap, envelope_with_username_token)
{
	onvif_wsse w = { .user = "ad<min>", .password = "userpassword", .created = "2010-09-16T07:50:45Z" };
	char body[256], out[4096];

	memcpy(w.nonce, apg_nonce, sizeof w.nonce);
	cr_assert(onvif_body_plain("GetUsers", false, body, sizeof body));
	cr_assert(onvif_envelope(&w, body, out, sizeof out));
	cr_expect(well_formed(out), "%s", out);
	cr_expect(strstr(out, "<wsse:Username>ad&lt;min&gt;</wsse:Username>") != NULL);
	cr_expect(strstr(out, ">tuOSpGlFlIXsozq4HFNeeGeFLEI=</wsse:Password>") != NULL);
	cr_expect(strstr(out, ">LKqI6G/AikKCQrN0zqZFlg==</wsse:Nonce>") != NULL);
	cr_expect(strstr(out, "<wsu:Created>2010-09-16T07:50:45Z</wsu:Created>") != NULL);
	cr_expect(strstr(out, "userpassword") == NULL, "the password itself must never be in the request");
	cr_expect(strstr(out, "<s:Body><tds:GetUsers/></s:Body>") != NULL);
	/* too small a buffer fails cleanly */
	cr_expect(!onvif_envelope(&w, body, out, 100));
	cr_expect_str_eq(out, "");
	/* without a token, no header */
	cr_assert(onvif_envelope(NULL, body, out, sizeof out));
	cr_expect(strstr(out, "Security") == NULL);
}

Test(onvif_soap, every_value_escaped)
{
	char out[1024];

	cr_assert(onvif_xml_escape("a&b<c>d\"e'f", out, sizeof out));
	cr_expect_str_eq(out, "a&amp;b&lt;c&gt;d&quot;e&apos;f");
	cr_expect(!onvif_xml_escape("&&&&", out, 8));
	cr_assert(onvif_body_set_user("gu&st", "p<w>&'\"", "User", out, sizeof out));
	cr_expect(strstr(out, "<tt:Username>gu&amp;st</tt:Username>") != NULL, "%s", out);
	cr_expect(strstr(out, "<tt:Password>p&lt;w&gt;&amp;&apos;&quot;</tt:Password>") != NULL, "%s", out);
	cr_expect(strstr(out, "<tt:UserLevel>User</tt:UserLevel>") != NULL);
	cr_assert(onvif_body_delete_user("x</tds:Username>", out, sizeof out));
	cr_expect(strstr(out, "x&lt;/tds:Username&gt;") != NULL);
	cr_assert(onvif_body_get_stream_uri("P&1", out, sizeof out));
	cr_expect(strstr(out, "<trt:ProfileToken>P&amp;1</trt:ProfileToken>") != NULL);
	/* a SetUser that does not fit leaves no piece of the password behind */
	memset(out, 'x', sizeof out);
	cr_expect(!onvif_body_set_user("admin", "secretsecretsecret", "Administrator", out, 80));
	cr_expect(memmem(out, 80, "secret", 6) == NULL);
}

Test(onvif_soap, set_time_bodies)
{
	char out[1024], env[2048];

	cr_assert(onvif_body_set_time(false, 1284623445, out, sizeof out));
	cr_expect(strstr(out, "<tds:DateTimeType>Manual</tds:DateTimeType>") != NULL);
	cr_expect(strstr(out, "<tt:Year>2010</tt:Year><tt:Month>9</tt:Month><tt:Day>16</tt:Day>") != NULL, "%s", out);
	cr_expect(strstr(out, "<tt:Hour>7</tt:Hour><tt:Minute>50</tt:Minute><tt:Second>45</tt:Second>") != NULL);
	cr_assert(onvif_envelope(NULL, out, env, sizeof env));
	cr_expect(well_formed(env));
	cr_assert(onvif_body_set_time(true, 0, out, sizeof out));
	cr_expect(strstr(out, ">NTP<") != NULL);
}

Test(onvif_soap, probe_message)
{
	uint8_t rnd[16];
	char id[ONVIF_UUID_MAX], out[2048];

	memset(rnd, 0xff, sizeof rnd);
	onvif_uuid(rnd, id, sizeof id);
	cr_expect_str_eq(id, "urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff");
	cr_assert(onvif_probe_message(id, out, sizeof out));
	cr_expect(well_formed(out), "%s", out);
	cr_expect(strstr(out, "<a:MessageID>urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff</a:MessageID>") != NULL);
	cr_expect(strstr(out, "<d:Types>dn:NetworkVideoTransmitter</d:Types>") != NULL);
	cr_expect(strstr(out, "xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"") != NULL);
	cr_expect(strstr(out, "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>") != NULL);
	cr_expect(strstr(out, "urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>") != NULL);
}
