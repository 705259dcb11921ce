/* libFuzzer target: the ONVIF plugin's SOAP answer parsers
 * (plugins/onvif/onvif_xml.c), every one given the same input with its
 * exact length: whatever a camera sends, each returns a status and leaves
 * its fields NUL-terminated within their sizes. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "onvif_xml.h"

/** True when a fixed field holds a NUL. */
#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *xml = (const char *)data;
	onvif_probe_match matches[4];
	onvif_fault fault;
	onvif_datetime dt;
	onvif_device_information di;
	onvif_services svc;
	onvif_users users;
	onvif_profiles profiles;
	char mac[24], uri[256];
	size_t n = 0;

	(void)onvif_parse_fault(xml, size, &fault);
	if (onvif_parse_probe_matches(xml, size, matches, 4, &n) == ONVIF_XML_OK) {
		FUZZ_CHECK(n >= 1 && n <= 4);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(TERMINATED(matches[i].address) && matches[i].n_xaddrs <= ONVIF_XADDRS_MAX &&
				   TERMINATED(matches[i].scopes));
	}
	if (onvif_parse_datetime(xml, size, &dt, &fault) == ONVIF_XML_FAULT)
		FUZZ_CHECK(TERMINATED(fault.reason) && TERMINATED(fault.subcode));
	if (onvif_parse_device_information(xml, size, &di, &fault) == ONVIF_XML_OK)
		FUZZ_CHECK(TERMINATED(di.manufacturer) && TERMINATED(di.serial));
	if (onvif_parse_services(xml, size, &svc, &fault) == ONVIF_XML_OK)
		FUZZ_CHECK(TERMINATED(svc.device) && TERMINATED(svc.media));
	if (onvif_parse_hwaddress(xml, size, mac, sizeof mac, &fault) == ONVIF_XML_OK)
		FUZZ_CHECK(strlen(mac) == 17);
	if (onvif_parse_users(xml, size, &users, &fault) == ONVIF_XML_OK)
		FUZZ_CHECK(users.n <= ONVIF_USERS_MAX);
	if (onvif_parse_profiles(xml, size, &profiles, &fault) == ONVIF_XML_OK)
		FUZZ_CHECK(profiles.n <= ONVIF_PROFILES_MAX);
	if (onvif_parse_stream_uri(xml, size, uri, sizeof uri, &fault) == ONVIF_XML_OK)
		FUZZ_CHECK(uri[0] != '\0' && strlen(uri) < sizeof uri);
	(void)onvif_parse_empty(xml, size, ONVIF_NS_TDS, "SetUserResponse", &fault);
	return 0;
}
