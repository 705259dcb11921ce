/* libFuzzer target: the ESP provisioning core's answer parsers
 * (plugins/espprov/espprov_wifi.c and espprov_proto_ver.c), each given the
 * whole input as a device's answer: scan start, status and results, station
 * status, set config, apply, ctrl reset and reprov, proto-ver. Invariants:
 * counts and lengths stay within their bounds; text fields end in NUL. */
#include <string.h>

#include "espprov_proto_ver.h"
#include "espprov_wifi.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	espprov_wifi_ap aps[4];
	espprov_wifi_status st;
	espprov_proto_ver pv;
	size_t n = 0;
	bool finished;
	uint32_t count;

	(void)espprov_wifi_parse_scan_start(data, size);
	(void)espprov_wifi_parse_scan_status(data, size, &finished, &count);
	if (espprov_wifi_parse_scan_result(data, size, aps, 4, &n) == ESPPROV_OK) {
		FUZZ_CHECK(n <= 4);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(aps[i].ssid_len <= ESPPROV_SSID_MAX);
	}
	if (espprov_wifi_parse_status(data, size, &st) == ESPPROV_OK) {
		FUZZ_CHECK(st.ssid_len <= ESPPROV_SSID_MAX && memchr(st.ip4, '\0', sizeof st.ip4) != NULL);
		FUZZ_CHECK(st.state != ESPPROV_STA_CONNECTED || st.ip4[0] != '\0');
	}
	(void)espprov_wifi_parse_set_config(data, size);
	(void)espprov_wifi_parse_apply(data, size);
	(void)espprov_wifi_parse_ctrl_reset(data, size);
	(void)espprov_wifi_parse_ctrl_reprov(data, size);
	if (espprov_proto_ver_parse((const char *)data, size, &pv) == ESPPROV_OK) {
		FUZZ_CHECK(pv.n_fields <= ESPPROV_FIELDS_MAX);
		FUZZ_CHECK(memchr(pv.version, '\0', sizeof pv.version) != NULL);
		for (size_t i = 0; i < pv.n_fields; i++)
			FUZZ_CHECK(memchr(pv.fields[i].value, '\0', sizeof pv.fields[i].value) != NULL);
	}
	return 0;
}
