/* What `doorstep esim` prints: lines for a person, or one JSON object
 * ({"command", "status", "error", "message", "device", "data"}, after
 * lpac's and mmcli's). Every text from a device goes out as one safe line. */
#ifndef DS_ESIM_PRINT_H
#define DS_ESIM_PRINT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "app/core/esim_ops.h"

/** The JSON object of one profile. */
cJSON *ds_esim_json_profile(const ds_esim_profile *p);
/** A JSON array of profiles. */
cJSON *ds_esim_json_profiles(const ds_esim_profile *list, size_t n);
/** The JSON object of the chip's identity. */
cJSON *ds_esim_json_info(const ds_esim_info *info);
/** A JSON array of notifications. */
cJSON *ds_esim_json_notifications(const ds_esim_notification *list, size_t n);
/** Prints the one JSON document: command, status (ok or failed) with the
 *  error's name and message, the device (NULL: none found) and data (taken;
 *  NULL: none). Returns 0 or -1. */
int ds_esim_json_print(const char *command, ds_status st, const char *message, const ds_site_device *device, cJSON *data);

/** Prints the profiles, one line each, the enabled one marked. */
void ds_esim_print_profiles(const ds_esim_profile *list, size_t n);
/** Prints the chip's identity. */
void ds_esim_print_info(const ds_esim_info *info);
/** Prints the pending notifications, or that there are none. */
void ds_esim_print_notifications(const ds_esim_notification *list, size_t n);
/** What the person calls a profile (nickname, else operator) as a safe line in buf. */
const char *ds_esim_label(char *buf, size_t size, const ds_esim_profile *p);

#endif
