/* The host's own checks of a device's links, built from what the plugin
 * reports (cellular_status, wifi_status) and graded alike for every
 * vendor (signal_grade.h), each with plain advice for the installer. */
#ifndef DS_DEVICE_GRADE_H
#define DS_DEVICE_GRADE_H

#include <stddef.h>
#include <doorstep/plugin.h>

/** Most checks ds_device_grade_cellular() writes. */
#define DS_DEVICE_GRADE_CELLULAR_MAX 6
/** Most checks ds_device_grade_wifi() writes. */
#define DS_DEVICE_GRADE_WIFI_MAX 3

/** Writes the checks of a cellular link into out (registration, access
 *  technology with the operator, RSSI, RSRP, RSRQ, SINR; signals the module
 *  did not measure are left out). Returns how many. */
size_t ds_device_grade_cellular(const ds_cellular_status *cs, ds_check out[DS_DEVICE_GRADE_CELLULAR_MAX]);
/** Writes the checks of the Wi-Fi network a device joined (signal,
 *  security, a default-looking SSID). Returns how many. */
size_t ds_device_grade_wifi(const ds_wifi_network *net, ds_check out[DS_DEVICE_GRADE_WIFI_MAX]);
/** Writes the one check of a device that has joined no Wi-Fi network. */
void ds_device_grade_no_wifi(ds_check *out);

#endif
