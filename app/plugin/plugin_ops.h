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

/** A set of optional operations: one bit per operation of ds_plugin, in the
 *  struct's order (DS_PLUGIN_OP_*). 64 bits: ABI 1.2 has more than 32. */
typedef uint64_t ds_plugin_ops;

#define DS_PLUGIN_OP_MATCH_QR (UINT64_C(1) << 0)
#define DS_PLUGIN_OP_MATCH_BLE (UINT64_C(1) << 1)
#define DS_PLUGIN_OP_MATCH_SERIAL (UINT64_C(1) << 2)
#define DS_PLUGIN_OP_DISCOVER (UINT64_C(1) << 3)
#define DS_PLUGIN_OP_CREDENTIAL_STATE (UINT64_C(1) << 4)
#define DS_PLUGIN_OP_LOGIN (UINT64_C(1) << 5)
#define DS_PLUGIN_OP_SET_PASSWORD (UINT64_C(1) << 6)
#define DS_PLUGIN_OP_WIFI_SCAN (UINT64_C(1) << 7)
#define DS_PLUGIN_OP_WIFI_CONFIGURE (UINT64_C(1) << 8)
#define DS_PLUGIN_OP_ESIM_PROFILE (UINT64_C(1) << 9)
#define DS_PLUGIN_OP_ESIM_SET_PRIMARY (UINT64_C(1) << 10)
#define DS_PLUGIN_OP_ESIM_SET_BACKUP (UINT64_C(1) << 11)
#define DS_PLUGIN_OP_ESIM_DOWNLOAD (UINT64_C(1) << 12)
#define DS_PLUGIN_OP_CELLULAR_STATUS (UINT64_C(1) << 13)
#define DS_PLUGIN_OP_FAILOVER_TEST (UINT64_C(1) << 14)
#define DS_PLUGIN_OP_DIAGNOSE (UINT64_C(1) << 15)
#define DS_PLUGIN_OP_OPTION_DESC (UINT64_C(1) << 16)
#define DS_PLUGIN_OP_OPTION_GET (UINT64_C(1) << 17)
#define DS_PLUGIN_OP_OPTION_SET (UINT64_C(1) << 18)
#define DS_PLUGIN_OP_HANDOVER_CODE (UINT64_C(1) << 19)
#define DS_PLUGIN_OP_OPERATOR_SCAN (UINT64_C(1) << 20)           /**< since ABI 1.1 */
#define DS_PLUGIN_OP_WIFI_STATUS (UINT64_C(1) << 21)             /**< since ABI 1.1 */
#define DS_PLUGIN_OP_MATCH_ADDRESS (UINT64_C(1) << 22)           /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ACCOUNT (UINT64_C(1) << 23)                 /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD (UINT64_C(1) << 24)    /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ACCOUNT_DELETE (UINT64_C(1) << 25)          /**< since ABI 1.2 */
#define DS_PLUGIN_OP_CHECK_FIX (UINT64_C(1) << 26)               /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ESIM_INFO (UINT64_C(1) << 27)               /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ESIM_DISABLE (UINT64_C(1) << 28)            /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ESIM_DELETE (UINT64_C(1) << 29)             /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ESIM_NICKNAME (UINT64_C(1) << 30)           /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ESIM_NOTIFICATION (UINT64_C(1) << 31)       /**< since ABI 1.2 */
#define DS_PLUGIN_OP_ESIM_NOTIFICATIONS_SEND (UINT64_C(1) << 32) /**< since ABI 1.2 */

/** Records in lp->ops which optional operations lp->desc provides and puts
 *  a host stub in each of the others. Idempotent (a stub is not counted as
 *  provided). The loader calls it on every plugin it loads. */
void ds_plugin_ops_fill(ds_loaded_plugin *lp);
/** True when the plugin itself provides every operation in ops (DS_PLUGIN_OP_* bits). */
bool ds_plugin_has_op(const ds_loaded_plugin *lp, ds_plugin_ops ops);
/** Copies lp's descriptor into out as the plugin declared it: NULL where
 *  the host put a stub. */
void ds_plugin_declared(const ds_loaded_plugin *lp, ds_plugin *out);

#endif
