/* The optional operations of a loaded plugin: the host's stubs for those it
 * lacks, and the record of those it has (SANE's dll.c fills a backend's
 * missing operations the same way). */
#include "app/plugin/plugin_ops.h"

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/plugin/plugin_host.h"

/** Every optional operation of ds_plugin with its bit: X(member, bit). */
#define DS_PLUGIN_OPTIONAL_OPS(X)                                  \
	X(match_qr, DS_PLUGIN_OP_MATCH_QR)                         \
	X(match_ble, DS_PLUGIN_OP_MATCH_BLE)                       \
	X(match_serial, DS_PLUGIN_OP_MATCH_SERIAL)                 \
	X(discover, DS_PLUGIN_OP_DISCOVER)                         \
	X(credential_state, DS_PLUGIN_OP_CREDENTIAL_STATE)         \
	X(login, DS_PLUGIN_OP_LOGIN)                               \
	X(set_password, DS_PLUGIN_OP_SET_PASSWORD)                 \
	X(wifi_scan, DS_PLUGIN_OP_WIFI_SCAN)                       \
	X(wifi_configure, DS_PLUGIN_OP_WIFI_CONFIGURE)             \
	X(esim_profile, DS_PLUGIN_OP_ESIM_PROFILE)                 \
	X(esim_set_primary, DS_PLUGIN_OP_ESIM_SET_PRIMARY)         \
	X(esim_set_backup, DS_PLUGIN_OP_ESIM_SET_BACKUP)           \
	X(esim_download, DS_PLUGIN_OP_ESIM_DOWNLOAD)               \
	X(cellular_status, DS_PLUGIN_OP_CELLULAR_STATUS)           \
	X(failover_test, DS_PLUGIN_OP_FAILOVER_TEST)               \
	X(diagnose, DS_PLUGIN_OP_DIAGNOSE)                         \
	X(option_desc, DS_PLUGIN_OP_OPTION_DESC)                   \
	X(option_get, DS_PLUGIN_OP_OPTION_GET)                     \
	X(option_set, DS_PLUGIN_OP_OPTION_SET)                     \
	X(handover_code, DS_PLUGIN_OP_HANDOVER_CODE)               \
	X(operator_scan, DS_PLUGIN_OP_OPERATOR_SCAN)               \
	X(wifi_status, DS_PLUGIN_OP_WIFI_STATUS)                   \
	X(match_address, DS_PLUGIN_OP_MATCH_ADDRESS)               \
	X(account, DS_PLUGIN_OP_ACCOUNT)                           \
	X(account_set_password, DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD) \
	X(account_delete, DS_PLUGIN_OP_ACCOUNT_DELETE)             \
	X(check_fix, DS_PLUGIN_OP_CHECK_FIX)                       \
	X(esim_info, DS_PLUGIN_OP_ESIM_INFO)                       \
	X(esim_disable, DS_PLUGIN_OP_ESIM_DISABLE)                 \
	X(esim_delete, DS_PLUGIN_OP_ESIM_DELETE)                   \
	X(esim_nickname, DS_PLUGIN_OP_ESIM_NICKNAME)               \
	X(esim_notification, DS_PLUGIN_OP_ESIM_NOTIFICATION)       \
	X(esim_notifications_send, DS_PLUGIN_OP_ESIM_NOTIFICATIONS_SEND)

/* ---- the stubs: DS_ERR_UNSUPPORTED, with a message on the call's job ---- */

/** Says that the plugin being called has no operation op. The plugin is
 *  named only inside a call into it (ds_plugin_enter); elsewhere the stub
 *  records nothing. */
static ds_status stub_missing(ds_call *call, const char *op)
{
	const ds_loaded_plugin *lp = ds_plugin_current();

	if (call && lp)
		ds_job_fail(call, DS_ERR_UNSUPPORTED,
			    _("%s cannot do this for this device: the plugin has no %s operation. Contact the vendor."),
			    lp->desc.name, op);
	return DS_ERR_UNSUPPORTED;
}

/** Records msg (translated) as the call's failure. */
static ds_status stub_says(ds_call *call, const char *msg)
{
	if (call)
		ds_job_fail(call, DS_ERR_UNSUPPORTED, "%s", msg);
	return DS_ERR_UNSUPPORTED;
}

/** match_qr: claims no code. */
static ds_status stub_match_qr(ds_call *call, const char *payload, char *locator, size_t locator_size)
{
	(void)payload;
	(void)locator;
	(void)locator_size;
	return stub_missing(call, "match_qr");
}

/** match_ble: claims no advertisement. */
static ds_status stub_match_ble(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size)
{
	(void)adv;
	(void)locator;
	(void)locator_size;
	return stub_missing(call, "match_ble");
}

/** match_serial: claims no port. */
static ds_status stub_match_serial(ds_call *call, const char *port, char *locator, size_t locator_size)
{
	(void)port;
	(void)locator;
	(void)locator_size;
	return stub_missing(call, "match_serial");
}

/** discover: finds nothing. */
static ds_status stub_discover(ds_call *call, size_t index, char *locator, size_t locator_size)
{
	(void)index;
	(void)locator;
	(void)locator_size;
	return stub_missing(call, "discover");
}

/** credential_state: cannot tell. */
static ds_status stub_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out)
{
	(void)dev;
	(void)out;
	return stub_missing(call, "credential_state");
}

/** login: cannot log in. */
static ds_status stub_login(ds_call *call, ds_device *dev, const char *password)
{
	(void)dev;
	(void)password;
	return stub_missing(call, "login");
}

/** set_password: cannot change the password. */
static ds_status stub_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_password)
{
	const ds_loaded_plugin *lp = ds_plugin_current();

	(void)dev;
	(void)current;
	(void)new_password;
	if (call && lp)
		ds_job_fail(call, DS_ERR_UNSUPPORTED, _("%s cannot change this device's password. Contact the vendor."),
			    lp->desc.name);
	return DS_ERR_UNSUPPORTED;
}

/** wifi_scan: no Wi-Fi. */
static ds_status stub_wifi_scan(ds_call *call, ds_device *dev, size_t index, ds_wifi_network *out)
{
	(void)dev;
	(void)index;
	(void)out;
	return stub_says(call, _("This device has no Wi-Fi."));
}

/** wifi_configure: no Wi-Fi. */
static ds_status stub_wifi_configure(ds_call *call, ds_device *dev, const char *ssid, const char *key)
{
	(void)dev;
	(void)ssid;
	(void)key;
	return stub_says(call, _("This device has no Wi-Fi."));
}

/** esim_profile: no eSIM. */
static ds_status stub_esim_profile(ds_call *call, ds_device *dev, size_t index, ds_esim_profile *out)
{
	(void)dev;
	(void)index;
	(void)out;
	return stub_says(call, _("This device has no eSIM."));
}

/** esim_set_primary: cannot choose operators. */
static ds_status stub_esim_set_primary(ds_call *call, ds_device *dev, const char *iccid)
{
	(void)dev;
	(void)iccid;
	return stub_says(call, _("This device cannot choose a primary and a backup operator."));
}

/** esim_set_backup: cannot choose operators. */
static ds_status stub_esim_set_backup(ds_call *call, ds_device *dev, const char *iccid)
{
	(void)dev;
	(void)iccid;
	return stub_says(call, _("This device cannot choose a primary and a backup operator."));
}

/** esim_download: cannot download a profile. */
static ds_status stub_esim_download(ds_call *call, ds_device *dev, const char *activation_code,
				    const char *confirmation_code)
{
	(void)dev;
	(void)activation_code;
	(void)confirmation_code;
	return stub_says(call, _("This device cannot download an eSIM profile. Ask the operator to load it for you."));
}

/** cellular_status: cannot tell. */
static ds_status stub_cellular_status(ds_call *call, ds_device *dev, ds_cellular_status *out)
{
	(void)dev;
	(void)out;
	return stub_missing(call, "cellular_status");
}

/** failover_test: cannot run it. */
static ds_status stub_failover_test(ds_call *call, ds_device *dev, ds_failover_result *out)
{
	(void)dev;
	(void)out;
	return stub_says(call, _("This device cannot run a failover test."));
}

/** diagnose: no checks of its own. */
static ds_status stub_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out)
{
	(void)dev;
	(void)index;
	(void)out;
	return stub_missing(call, "diagnose");
}

/** option_desc: no settings (it has no call to say so on). */
static const ds_option_desc *stub_option_desc(ds_device *dev, size_t index)
{
	(void)dev;
	(void)index;
	return NULL;
}

/** option_get: no settings. */
static ds_status stub_option_get(ds_call *call, ds_device *dev, size_t index, ds_option_value *out)
{
	(void)dev;
	(void)index;
	(void)out;
	return stub_missing(call, "option_get");
}

/** option_set: no settings. */
static ds_status stub_option_set(ds_call *call, ds_device *dev, size_t index, const ds_option_value *value)
{
	(void)dev;
	(void)index;
	(void)value;
	return stub_missing(call, "option_set");
}

/** handover_code: gives none. */
static ds_status stub_handover_code(ds_call *call, ds_device *dev, char *out, size_t out_size)
{
	const ds_loaded_plugin *lp = ds_plugin_current();

	(void)dev;
	(void)out;
	(void)out_size;
	if (call && lp)
		ds_job_fail(call, DS_ERR_UNSUPPORTED,
			    _("%s cannot give a hand-over code for this device. Contact the vendor."), lp->desc.name);
	return DS_ERR_UNSUPPORTED;
}

/** operator_scan: cannot scan. */
static ds_status stub_operator_scan(ds_call *call, ds_device *dev, size_t index, ds_network *out)
{
	(void)dev;
	(void)index;
	(void)out;
	return stub_missing(call, "operator_scan");
}

/** wifi_status: cannot tell. */
static ds_status stub_wifi_status(ds_call *call, ds_device *dev, ds_wifi_network *out)
{
	(void)dev;
	(void)out;
	return stub_missing(call, "wifi_status");
}

/** match_address: claims no address. */
static ds_status stub_match_address(ds_call *call, const char *address, char *locator, size_t locator_size)
{
	(void)address;
	(void)locator;
	(void)locator_size;
	return stub_missing(call, "match_address");
}

/** account: one account only, the one credential_state describes. */
static ds_status stub_account(ds_call *call, ds_device *dev, size_t index, ds_account *out)
{
	(void)dev;
	(void)index;
	(void)out;
	return stub_missing(call, "account");
}

/** account_set_password: cannot change another account's password. */
static ds_status stub_account_set_password(ds_call *call, ds_device *dev, const char *user, const char *new_password)
{
	(void)dev;
	(void)user;
	(void)new_password;
	return stub_says(call, _("This device has only one account; change its password instead."));
}

/** account_delete: cannot delete accounts. */
static ds_status stub_account_delete(ds_call *call, ds_device *dev, const char *user)
{
	(void)dev;
	(void)user;
	return stub_says(call, _("This device cannot delete accounts. Give the account a new password instead."));
}

/** check_fix: offers no repairs. */
static ds_status stub_check_fix(ds_call *call, ds_device *dev, const char *fix)
{
	(void)dev;
	(void)fix;
	return stub_missing(call, "check_fix");
}

/** esim_info: the chip does not tell its identity. */
static ds_status stub_esim_info(ds_call *call, ds_device *dev, ds_esim_info *out)
{
	(void)dev;
	(void)out;
	return stub_says(call, _("This device cannot tell its eSIM's identity (EID)."));
}

/** esim_disable: cannot disable a profile. */
static ds_status stub_esim_disable(ds_call *call, ds_device *dev, const char *iccid)
{
	(void)dev;
	(void)iccid;
	return stub_says(call, _("This device cannot disable an eSIM profile. Enable another profile instead."));
}

/** esim_delete: cannot delete a profile. */
static ds_status stub_esim_delete(ds_call *call, ds_device *dev, const char *iccid)
{
	(void)dev;
	(void)iccid;
	return stub_says(call, _("This device cannot delete an eSIM profile. Contact the vendor."));
}

/** esim_nickname: cannot name a profile. */
static ds_status stub_esim_nickname(ds_call *call, ds_device *dev, const char *iccid, const char *nickname)
{
	(void)dev;
	(void)iccid;
	(void)nickname;
	return stub_says(call, _("This device cannot give an eSIM profile a nickname."));
}

/** esim_notification: keeps no notifications (an empty list). */
static ds_status stub_esim_notification(ds_call *call, ds_device *dev, size_t index, ds_esim_notification *out)
{
	(void)dev;
	(void)index;
	(void)out;
	return stub_missing(call, "esim_notification");
}

/** esim_notifications_send: cannot send notifications. */
static ds_status stub_esim_notifications_send(ds_call *call, ds_device *dev)
{
	(void)dev;
	return stub_says(call, _("This device cannot send its eSIM's notifications to the operator."));
}

/* ---- the record ---- */

void ds_plugin_ops_fill(ds_loaded_plugin *lp)
{
	ds_plugin *d = &lp->desc;

	lp->ops = 0;
#define DS_FILL_OP(member, bit)                      \
	if (d->member && d->member != stub_##member) \
		lp->ops |= (bit);                    \
	else                                         \
		d->member = stub_##member;
	DS_PLUGIN_OPTIONAL_OPS(DS_FILL_OP)
#undef DS_FILL_OP
}

bool ds_plugin_has_op(const ds_loaded_plugin *lp, ds_plugin_ops ops)
{
	return (lp->ops & ops) == ops;
}

void ds_plugin_declared(const ds_loaded_plugin *lp, ds_plugin *out)
{
	*out = lp->desc;
#define DS_UNFILL_OP(member, bit) \
	if (!(lp->ops & (bit)))   \
		out->member = NULL;
	DS_PLUGIN_OPTIONAL_OPS(DS_UNFILL_OP)
#undef DS_UNFILL_OP
}
