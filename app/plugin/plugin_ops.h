/* The optional operations of a loaded plugin, filled (SANE's dll.c): the
 * loader puts a host stub in every optional operation the plugin's
 * descriptor leaves NULL (or that its older, shorter descriptor does not
 * have), so the host calls any operation without testing for NULL. A stub
 * returns DS_ERR_UNSUPPORTED and, inside a call into the plugin, records a
 * translated message on the call's job saying what the device cannot do.
 *
 * What the plugin really provides is kept as a bit set (ds_loaded_plugin.ops):
 * ask ds_plugin_has_op where a capability is decided (which plugins may
 * claim a QR code, whether a device reports its cellular link), rather than
 * calling a stub whose message would replace the job's. `doorstep plugin
 * check` looks at ds_plugin_declared, the descriptor with its real NULLs. */
#ifndef DS_PLUGIN_OPS_H
#define DS_PLUGIN_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/plugin/plugin_loader.h"

/** One bit per optional operation of ds_plugin, in the struct's order. */
typedef enum ds_plugin_op {
	DS_PLUGIN_OP_MATCH_QR = 1u << 0,
	DS_PLUGIN_OP_MATCH_BLE = 1u << 1,
	DS_PLUGIN_OP_MATCH_SERIAL = 1u << 2,
	DS_PLUGIN_OP_DISCOVER = 1u << 3,
	DS_PLUGIN_OP_CREDENTIAL_STATE = 1u << 4,
	DS_PLUGIN_OP_LOGIN = 1u << 5,
	DS_PLUGIN_OP_SET_PASSWORD = 1u << 6,
	DS_PLUGIN_OP_WIFI_SCAN = 1u << 7,
	DS_PLUGIN_OP_WIFI_CONFIGURE = 1u << 8,
	DS_PLUGIN_OP_ESIM_PROFILE = 1u << 9,
	DS_PLUGIN_OP_ESIM_SET_PRIMARY = 1u << 10,
	DS_PLUGIN_OP_ESIM_SET_BACKUP = 1u << 11,
	DS_PLUGIN_OP_ESIM_DOWNLOAD = 1u << 12,
	DS_PLUGIN_OP_CELLULAR_STATUS = 1u << 13,
	DS_PLUGIN_OP_FAILOVER_TEST = 1u << 14,
	DS_PLUGIN_OP_DIAGNOSE = 1u << 15,
	DS_PLUGIN_OP_OPTION_DESC = 1u << 16,
	DS_PLUGIN_OP_OPTION_GET = 1u << 17,
	DS_PLUGIN_OP_OPTION_SET = 1u << 18,
	DS_PLUGIN_OP_HANDOVER_CODE = 1u << 19,
	DS_PLUGIN_OP_OPERATOR_SCAN = 1u << 20,        /**< since ABI 1.1 */
	DS_PLUGIN_OP_WIFI_STATUS = 1u << 21,          /**< since ABI 1.1 */
	DS_PLUGIN_OP_MATCH_ADDRESS = 1u << 22,        /**< since ABI 1.2 */
	DS_PLUGIN_OP_ACCOUNT = 1u << 23,              /**< since ABI 1.2 */
	DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD = 1u << 24, /**< since ABI 1.2 */
	DS_PLUGIN_OP_ACCOUNT_DELETE = 1u << 25,       /**< since ABI 1.2 */
	DS_PLUGIN_OP_CHECK_FIX = 1u << 26,            /**< since ABI 1.2 */
} ds_plugin_op;

/** Records in lp->ops which optional operations lp->desc provides and puts
 *  a host stub in each of the others. Idempotent (a stub is not counted as
 *  provided). The loader calls it on every plugin it loads. */
void ds_plugin_ops_fill(ds_loaded_plugin *lp);
/** True when the plugin itself provides every operation in ops (ds_plugin_op bits). */
bool ds_plugin_has_op(const ds_loaded_plugin *lp, uint32_t ops);
/** Copies lp's descriptor into out as the plugin declared it: NULL where
 *  the host put a stub. */
void ds_plugin_declared(const ds_loaded_plugin *lp, ds_plugin *out);

#endif
