/* The LPA of the AT-modem plugin: a profile downloaded by activation code
 * (SGP.22 3.1.3), the laptop relaying between the SM-DP+ (ES9+ over
 * HTTPS) and the module's eUICC (ES10b over AT logical-channel commands),
 * and the eUICC's pending notifications sent to their servers. */
#ifndef LPA_DOWNLOAD_H
#define LPA_DOWNLOAD_H

#include "atmodem.h"

/** esim_download operation. */
ds_status atmodem_esim_download(ds_call *call, ds_device *dev, const char *activation_code,
				const char *confirmation_code);
/** esim_notifications_send operation. */
ds_status atmodem_esim_notifications_send(ds_call *call, ds_device *dev);

#endif
