/* The BLE services the host hands plugins (ds_host.ble). */
#ifndef DS_BLE_HOST_H
#define DS_BLE_HOST_H

#include <doorstep/plugin.h>

/** The table of BLE services (static, valid for the process's life). */
const ds_host_ble *ds_ble_host_services(void);

#endif
