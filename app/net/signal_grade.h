/* Grading of radio links, the same for every plugin: cellular RSSI, RSRP,
 * RSRQ and SINR, registration, access technology, and a device's Wi-Fi
 * network (signal, security, a default-looking SSID). The thresholds are
 * documented in docs/diagnostics.md. */
#ifndef DS_SIGNAL_GRADE_H
#define DS_SIGNAL_GRADE_H

#include <stdbool.h>
#include <stdint.h>
#include <doorstep/plugin.h>

/** How good a measured signal is. */
typedef enum ds_signal_level {
	DS_SIGNAL_UNKNOWN = 0, /**< not measured (INT32_MIN) */
	DS_SIGNAL_EXCELLENT,
	DS_SIGNAL_GOOD,
	DS_SIGNAL_FAIR,
	DS_SIGNAL_POOR,
} ds_signal_level;

/** Cellular RSSI in dBm, the one scale of the Cellular step and Diagnostics: >= -65 excellent, >= -75 good, >= -85 fair, else poor. */
ds_signal_level ds_signal_rssi(int32_t dbm);
/** LTE RSRP in dBm: >= -80 excellent, >= -90 good, >= -100 fair, else poor. */
ds_signal_level ds_signal_rsrp(int32_t dbm);
/** LTE RSRQ in tenths of a dB: >= -10 dB excellent, >= -15 good, >= -20 fair, else poor. */
ds_signal_level ds_signal_rsrq(int32_t db10);
/** SINR in tenths of a dB: >= 20 dB excellent, >= 13 good, >= 0 fair, else poor. */
ds_signal_level ds_signal_sinr(int32_t db10);
/** Wi-Fi RSSI in dBm: >= -55 excellent, >= -67 good, >= -75 fair, else poor. */
ds_signal_level ds_signal_wifi(int32_t dbm);
/** The grade of a level: excellent and good pass, fair warns, poor fails; unknown is skipped. */
ds_check_grade ds_signal_level_grade(ds_signal_level level);
/** The translated word for a level ("excellent"...). */
const char *ds_signal_level_word(ds_signal_level level);

/** Registration: home passes, roaming warns, everything else fails. */
ds_check_grade ds_signal_registration_grade(ds_registration reg);
/** The translated words for a registration state ("searching for a network"), the one set of them. */
const char *ds_signal_registration_word(ds_registration reg);
/** True for 2G and 3G, which operators are switching off. */
bool ds_signal_rat_sunset(uint32_t rat);
/** The name of one access technology ("LTE-M"), or "?". */
const char *ds_signal_rat_name(uint32_t rat);

/** Wi-Fi security: open and WEP fail, WPA warns, WPA2 and WPA3 pass, unknown warns. */
ds_check_grade ds_signal_wifi_security_grade(const char *security);
/** True when ssid looks like a router's factory name (vendor prefix with a
 *  number or code, e.g. "FRITZ!Box 7530 QX", "TP-Link_3F2A", "NETGEAR42"). */
bool ds_signal_ssid_looks_default(const char *ssid);

#endif
