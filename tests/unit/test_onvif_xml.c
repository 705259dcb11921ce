/* The ONVIF plugin's answer parsers on hand-written answers (tests/data/onvif,
 * written from the ONVIF WSDL/XSD), and on hostile ones: garbage, a DOCTYPE
 * with entities, nesting and size beyond the caps, the wrong namespace. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onvif_xml.h"

/** Reads tests/data/onvif/<name> (free it); its length in *len. */
static char *load(const char *name, size_t *len)
{
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	char path[1024];
	FILE *f;
	char *buf;
	long size;

	cr_assert_not_null(src, "DOORSTEP_SOURCE_DIR is not set");
	snprintf(path, sizeof path, "%s/tests/data/onvif/%s", src, name);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)size + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return buf;
}

Test(onvif_xml, probe_matches)
{
	size_t len, n = 0;
	char *xml = load("probe_matches.xml", &len);
	onvif_probe_match m[4];

	cr_assert_eq(onvif_parse_probe_matches(xml, len, m, 4, &n), ONVIF_XML_OK);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(m[0].address, "urn:uuid:4b6f9e2a-1111-4c3d-8e5f-00a0c0ffee01");
	cr_expect_str_eq(m[0].relates_to, "urn:uuid:0a6dc791-2be6-4991-9af1-454778a1917a");
	cr_expect_str_eq(m[0].types, "dn:NetworkVideoTransmitter tds:Device");
	cr_expect(strstr(m[0].scopes, "onvif://www.onvif.org/name/Lobby%20Cam") != NULL);
	cr_assert_eq(m[0].n_xaddrs, 2);
	cr_expect_str_eq(m[0].xaddrs[0], "http://192.0.2.10/onvif/device_service");
	cr_expect_str_eq(m[0].xaddrs[1], "http://[2001:db8::10]:8080/onvif/device_service");
	free(xml);
}

Test(onvif_xml, datetime_is_utc_seconds)
{
	size_t len;
	char *xml = load("get_system_date_and_time.xml", &len);
	onvif_datetime dt;

	cr_assert_eq(onvif_parse_datetime(xml, len, &dt, NULL), ONVIF_XML_OK);
	cr_expect(dt.has_utc);
	cr_expect(!dt.ntp);
	/* 2010-09-16T07:50:45Z (the local time 15:50:45 must not be taken) */
	cr_expect_eq(dt.utc_seconds, 1284623445);
	free(xml);
}

Test(onvif_xml, device_information_default_namespace)
{
	size_t len;
	char *xml = load("get_device_information.xml", &len);
	onvif_device_information di;

	cr_assert_eq(onvif_parse_device_information(xml, len, &di, NULL), ONVIF_XML_OK);
	cr_expect_str_eq(di.manufacturer, "HIKVISION");
	cr_expect_str_eq(di.model, "DS-2CD2043G0-I");
	cr_expect_str_eq(di.firmware, "V5.5.0 build 170725");
	cr_expect_str_eq(di.serial, "DS-2CD2043G0-I20170725AAWR123456789");
	free(xml);
}

Test(onvif_xml, services_and_capabilities)
{
	size_t len;
	char *xml = load("get_services.xml", &len);
	onvif_services s;

	cr_assert_eq(onvif_parse_services(xml, len, &s, NULL), ONVIF_XML_OK);
	cr_expect_str_eq(s.device, "http://192.0.2.10/onvif/device_service");
	cr_expect_str_eq(s.media, "http://192.0.2.10/onvif/Media");
	cr_expect_str_eq(s.media2, "http://192.0.2.10/onvif/Media2");
	free(xml);
	xml = load("get_capabilities.xml", &len);
	cr_assert_eq(onvif_parse_services(xml, len, &s, NULL), ONVIF_XML_OK);
	cr_expect_str_eq(s.device, "http://192.0.2.11:8000/onvif/device_service");
	cr_expect_str_eq(s.media, "http://192.0.2.11:8000/onvif/media");
	free(xml);
}

Test(onvif_xml, hwaddress_normalised)
{
	size_t len;
	char *xml = load("get_network_interfaces.xml", &len), mac[24];

	cr_assert_eq(onvif_parse_hwaddress(xml, len, mac, sizeof mac, NULL), ONVIF_XML_OK);
	cr_expect_str_eq(mac, "BC:AD:28:0A:1B:2C");
	free(xml);
}

Test(onvif_xml, users_with_levels)
{
	size_t len;
	char *xml = load("get_users.xml", &len);
	onvif_users u;

	cr_assert_eq(onvif_parse_users(xml, len, &u, NULL), ONVIF_XML_OK);
	cr_assert_eq(u.n, 3);
	cr_expect_str_eq(u.users[0].name, "admin");
	cr_expect_eq(u.users[0].level, ONVIF_LEVEL_ADMINISTRATOR);
	cr_expect_str_eq(u.users[1].name, "guest");
	cr_expect_eq(u.users[1].level, ONVIF_LEVEL_USER);
	cr_expect_str_eq(u.users[2].name, "op&1");
	cr_expect_eq(u.users[2].level, ONVIF_LEVEL_OPERATOR);
	free(xml);
}

Test(onvif_xml, profiles_and_stream_uri)
{
	size_t len;
	char *xml = load("get_profiles.xml", &len), uri[256];
	onvif_profiles p;

	cr_assert_eq(onvif_parse_profiles(xml, len, &p, NULL), ONVIF_XML_OK);
	cr_assert_eq(p.n, 2);
	cr_expect_str_eq(p.tokens[0], "Profile_1");
	cr_expect_str_eq(p.tokens[1], "Profile_2");
	free(xml);
	xml = load("get_stream_uri.xml", &len);
	cr_assert_eq(onvif_parse_stream_uri(xml, len, uri, sizeof uri, NULL), ONVIF_XML_OK);
	cr_expect_str_eq(uri, "rtsp://192.0.2.10:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1");
	free(xml);
}

Test(onvif_xml, faults_with_nested_subcodes)
{
	size_t len;
	char *xml = load("fault_not_authorized.xml", &len);
	onvif_fault f;
	onvif_users u;

	cr_assert_eq(onvif_parse_users(xml, len, &u, &f), ONVIF_XML_FAULT);
	cr_expect_str_eq(f.code, "Sender");
	cr_expect_str_eq(f.subcode, "NotAuthorized");
	cr_expect_str_eq(f.reason, "Sender not Authorized");
	free(xml);
	xml = load("fault_password_too_long.xml", &len);
	cr_assert_eq(onvif_parse_fault(xml, len, &f), ONVIF_XML_FAULT);
	cr_expect_str_eq(f.subcode, "PasswordTooLong");
	free(xml);
	xml = load("set_user_response.xml", &len);
	cr_expect_eq(onvif_parse_empty(xml, len, ONVIF_NS_TDS, "SetUserResponse", &f), ONVIF_XML_OK);
	cr_expect_eq(onvif_parse_fault(xml, len, &f), ONVIF_XML_MISSING);
	free(xml);
}

Test(onvif_xml, wrong_namespace_is_missing)
{
	static const char xml[] = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
				  "<x:GetUsersResponse xmlns:x=\"urn:not-onvif\"><x:User/></x:GetUsersResponse>"
				  "</s:Body></s:Envelope>";
	onvif_users u;

	cr_expect_eq(onvif_parse_users(xml, sizeof xml - 1, &u, NULL), ONVIF_XML_MISSING);
	cr_expect_eq(u.n, 0);
}

Test(onvif_xml, hostile_answers)
{
	static const char garbage[] = "HTTP/1.1 200 OK\r\n\r\n<<<>>>";
	static const char entities[] = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
				       "\"&a;&a;&a;&a;&a;&a;&a;&a;\">]><x>&b;</x>";
	static const char truncated[] = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>";
	onvif_device_information di;
	onvif_fault f;
	char *deep, *big;
	size_t k = 0;

	cr_expect_eq(onvif_parse_device_information(garbage, sizeof garbage - 1, &di, &f), ONVIF_XML_MALFORMED);
	cr_expect_eq(onvif_parse_device_information(entities, sizeof entities - 1, &di, &f), ONVIF_XML_MALFORMED);
	cr_expect_eq(onvif_parse_device_information(truncated, sizeof truncated - 1, &di, &f), ONVIF_XML_MALFORMED);
	cr_expect_eq(onvif_parse_device_information(NULL, 0, &di, &f), ONVIF_XML_MALFORMED);

	/* nesting beyond the cap */
	deep = malloc(64 * 8 + 1);
	cr_assert_not_null(deep);
	for (int i = 0; i < 64; i++)
		k += (size_t)snprintf(deep + k, 4, "<a>");
	for (int i = 0; i < 64; i++)
		k += (size_t)snprintf(deep + k, 5, "</a>");
	cr_expect_eq(onvif_parse_fault(deep, k, &f), ONVIF_XML_TOO_BIG);
	free(deep);

	/* a document beyond the size cap is refused before parsing */
	big = malloc(ONVIF_XML_MAX_DOC + 16);
	cr_assert_not_null(big);
	memset(big, ' ', ONVIF_XML_MAX_DOC + 16);
	memcpy(big, "<a>", 3);
	memcpy(big + ONVIF_XML_MAX_DOC + 12, "</a>", 4);
	cr_expect_eq(onvif_parse_fault(big, ONVIF_XML_MAX_DOC + 16, &f), ONVIF_XML_TOO_BIG);

	/* too many elements */
	k = 0;
	k += (size_t)snprintf(big + k, 4, "<a>");
	for (unsigned i = 0; i <= ONVIF_XML_MAX_ELEMENTS; i++)
		k += (size_t)snprintf(big + k, 5, "<b/>");
	k += (size_t)snprintf(big + k, 5, "</a>");
	cr_expect_eq(onvif_parse_fault(big, k, &f), ONVIF_XML_TOO_BIG);
	free(big);
}

Test(onvif_xml, long_text_is_cut_not_overflowed)
{
	size_t n = 0, k = 0;
	char *xml = malloc(8192);
	onvif_device_information di;

	cr_assert_not_null(xml);
	k += (size_t)
		snprintf(xml + k, 8192 - k,
			 "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
			 "<d:GetDeviceInformationResponse xmlns:d=\"http://www.onvif.org/ver10/device/wsdl\"><d:Model>");
	for (n = 0; n < 3000; n++)
		xml[k++] = 'M';
	k += (size_t)snprintf(xml + k, 8192 - k, "</d:Model></d:GetDeviceInformationResponse></s:Body></s:Envelope>");
	cr_assert_eq(onvif_parse_device_information(xml, k, &di, NULL), ONVIF_XML_OK);
	cr_expect_eq(strlen(di.model), sizeof di.model - 1);
	free(xml);
}
