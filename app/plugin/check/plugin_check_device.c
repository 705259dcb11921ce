/* Checks of the operations on one opened device: reads with valid input
 * (their outputs NUL-terminated), lists until not-found, and the operations
 * that change something only with hostile input, which they must refuse:
 * a check never sets a password, a Wi-Fi network, an eSIM profile or a
 * setting. The failover test runs as it is (it returns to the primary). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/plugin/check/plugin_check_child.h"
#include "app/base/secret.h"

/** Unknown but well-formed ICCID (19 digits and a check digit). */
#define PC_UNKNOWN_ICCID "89999999999999999990"

/** Arguments of a device operation. */
struct pc_dev_arg {
	ds_device *dev;
	size_t index;
	const char *s1;
	const char *s2;
	void *out;
	char *buf;
	size_t size;
};

static ds_status pc_do_device_info(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->device_info(call, a->dev, a->out);
}

static ds_status pc_do_credential_state(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->credential_state(call, a->dev, a->out);
}

static ds_status pc_do_login(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->login(call, a->dev, a->s1);
}

static ds_status pc_do_set_password(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->set_password(call, a->dev, a->s1, a->s2);
}

static ds_status pc_do_wifi_scan(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->wifi_scan(call, a->dev, a->index, a->out);
}

static ds_status pc_do_wifi_configure(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->wifi_configure(call, a->dev, a->s1, a->s2);
}

static ds_status pc_do_wifi_status(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->wifi_status(call, a->dev, a->out);
}

static ds_status pc_do_esim_profile(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_profile(call, a->dev, a->index, a->out);
}

static ds_status pc_do_esim_set_primary(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_set_primary(call, a->dev, a->s1);
}

static ds_status pc_do_esim_set_backup(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_set_backup(call, a->dev, a->s1);
}

static ds_status pc_do_esim_download(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_download(call, a->dev, a->s1, a->s2);
}

static ds_status pc_do_esim_info(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_info(call, a->dev, a->out);
}

static ds_status pc_do_esim_disable(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_disable(call, a->dev, a->s1);
}

static ds_status pc_do_esim_nickname(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_nickname(call, a->dev, a->s1, a->s2 ? a->s2 : "");
}

static ds_status pc_do_esim_notification(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->esim_notification(call, a->dev, a->index, a->out);
}

static ds_status pc_do_cellular_status(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->cellular_status(call, a->dev, a->out);
}

static ds_status pc_do_failover_test(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->failover_test(call, a->dev, a->out);
}

static ds_status pc_do_operator_scan(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->operator_scan(call, a->dev, a->index, a->out);
}

static ds_status pc_do_diagnose(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->diagnose(call, a->dev, a->index, a->out);
}

static ds_status pc_do_account(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->account(call, a->dev, a->index, a->out);
}

static ds_status pc_do_account_set_password(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->account_set_password(call, a->dev, a->s1, a->s2);
}

static ds_status pc_do_account_delete(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->account_delete(call, a->dev, a->s1);
}

static ds_status pc_do_check_fix(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->check_fix(call, a->dev, a->s1);
}

static ds_status pc_do_handover_code(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_dev_arg *a = arg;

	return p->handover_code(call, a->dev, a->buf, a->size);
}

/** Checks a fixed text field of an output struct (field name as what). */
#define PC_FIELD(ctx, id, out, field) \
	pc_field_check((ctx), (id), (id) , (out)->field, sizeof (out)->field)

/** Checks the text fields of one list item. */
typedef void (*pc_item_check)(pc_ctx *ctx, const char *id, const void *item);

static void pc_item_wifi(pc_ctx *ctx, const char *id, const void *item)
{
	const ds_wifi_network *n = item;

	PC_FIELD(ctx, id, n, ssid);
	PC_FIELD(ctx, id, n, security);
}

static void pc_item_profile(pc_ctx *ctx, const char *id, const void *item)
{
	const ds_esim_profile *p = item;

	PC_FIELD(ctx, id, p, iccid);
	PC_FIELD(ctx, id, p, mcc);
	PC_FIELD(ctx, id, p, mnc);
	PC_FIELD(ctx, id, p, operator_name);
	PC_FIELD(ctx, id, p, nickname);
	PC_FIELD(ctx, id, p, service_provider);
	PC_FIELD(ctx, id, p, profile_name);
	if ((unsigned)p->profile_class > (unsigned)DS_PROFILE_CLASS_OPERATIONAL)
		pc_fail(ctx, id, _("a profile came with an unknown class (%d)"), (int)p->profile_class);
	if (memchr(p->iccid, '\0', sizeof p->iccid) && !p->iccid[0])
		pc_fail(ctx, id, "%s", _("a profile came with an empty ICCID"));
}

static void pc_item_notification(pc_ctx *ctx, const char *id, const void *item)
{
	const ds_esim_notification *n = item;

	PC_FIELD(ctx, id, n, iccid);
	PC_FIELD(ctx, id, n, address);
	if ((unsigned)n->event > (unsigned)DS_NOTIFY_DELETE)
		pc_fail(ctx, id, _("a notification came with an unknown event (%d)"), (int)n->event);
}

static void pc_item_network(pc_ctx *ctx, const char *id, const void *item)
{
	const ds_network *n = item;

	PC_FIELD(ctx, id, n, mcc);
	PC_FIELD(ctx, id, n, mnc);
	PC_FIELD(ctx, id, n, operator_name);
}

static void pc_item_check_result(pc_ctx *ctx, const char *id, const void *item)
{
	const ds_check *c = item;

	PC_FIELD(ctx, id, c, id);
	PC_FIELD(ctx, id, c, title);
	PC_FIELD(ctx, id, c, value);
	PC_FIELD(ctx, id, c, advice);
	PC_FIELD(ctx, id, c, fix);
	PC_FIELD(ctx, id, c, fix_title);
	if (c->fix[0] && !c->fix_title[0])
		pc_fail(ctx, id, _("check \"%s\" offers the fix \"%s\" without a fix_title"), c->id, c->fix);
	if ((unsigned)c->grade > (unsigned)DS_CHECK_SKIPPED)
		pc_fail(ctx, id, _("a check came with an unknown grade (%d)"), (int)c->grade);
	else if (!c->id[0] || !c->title[0])
		pc_fail(ctx, id, "%s", _("a check came without an id or a title"));
}

static void pc_item_account(pc_ctx *ctx, const char *id, const void *item)
{
	const ds_account *acc = item;

	PC_FIELD(ctx, id, acc, user);
	PC_FIELD(ctx, id, acc, password.allowed);
	if (memchr(acc->user, '\0', sizeof acc->user) && !acc->user[0])
		pc_fail(ctx, id, "%s", _("an account came without a user name"));
}

/** Reads a list (index 0.. until not-found) and then SIZE_MAX, which must
 *  be not-found; a device that cannot list (a failure with a message, such
 *  as unsupported) is only held to that message. Returns the time index 0
 *  took. */
static unsigned pc_list(pc_ctx *ctx, const char *id, pc_call_fn fn, struct pc_dev_arg *a,
			void *item, size_t item_size, pc_item_check check)
{
	char msg[256], what[64];
	unsigned first = 0, ms;
	ds_status st;

	a->out = item;
	for (a->index = 0; a->index < PC_MAX_ITEMS; a->index++) {
		snprintf(what, sizeof what, "%s(%zu)", id, a->index);
		memset(item, 0, item_size);
		ms = pc_call(ctx, id, what, fn, a, &st, msg, sizeof msg);
		if (a->index == 0)
			first = ms;
		if (st == DS_ERR_NOT_FOUND)
			break;
		if (!pc_expect_ok(ctx, id, what, st, msg))
			return first;
		check(ctx, id, item);
	}
	a->index = SIZE_MAX;
	snprintf(what, sizeof what, "%s(SIZE_MAX)", id);
	memset(item, 0, item_size);
	pc_call(ctx, id, what, fn, a, &st, msg, sizeof msg);
	if (st != DS_ERR_NOT_FOUND)
		pc_fail(ctx, id, _("%s returned \"%s\"; past the last item it must return not-found"),
			what, ds_status_str(st));
	return first;
}

/** One hostile call with two string arguments (copied into secure memory,
 *  as the host passes secrets). */
static void pc_hostile2(pc_ctx *ctx, const char *id, pc_call_fn fn, ds_device *dev,
			const char *s1, const char *s2, const char *what)
{
	struct pc_dev_arg a = { .dev = dev };
	char *c1 = s1 ? ds_secret_strdup(s1) : NULL;
	char *c2 = s2 ? ds_secret_strdup(s2) : NULL;
	char msg[256];
	ds_status st;

	if ((s1 && !c1) || (s2 && !c2)) {
		pc_fail(ctx, id, "%s", _("out of secure memory for the test strings"));
	} else {
		a.s1 = c1;
		a.s2 = c2;
		pc_call(ctx, id, what, fn, &a, &st, msg, sizeof msg);
		pc_expect_refused(ctx, id, what, st, msg, false);
	}
	ds_secret_free(c1);
	ds_secret_free(c2);
}

/** A read of one struct with valid input: ok (fields NUL-terminated), or a
 *  failure with a message. Returns the time it took. */
static unsigned pc_read(pc_ctx *ctx, const char *id, pc_call_fn fn, ds_device *dev, void *out,
			size_t out_size, bool quiet_not_found)
{
	struct pc_dev_arg a = { .dev = dev, .out = out };
	char msg[256], what[64];
	unsigned ms;
	ds_status st;

	snprintf(what, sizeof what, "%s()", id);
	memset(out, 0, out_size);
	ms = pc_call(ctx, id, what, fn, &a, &st, msg, sizeof msg);
	if (st == DS_ERR_NOT_FOUND && quiet_not_found) {
		memset(out, 0, out_size);
		return ms;
	}
	pc_expect_ok(ctx, id, what, st, msg);
	return ms;
}

/** device_info: must succeed on an open device; serial and locator set. */
static uint32_t pc_check_info(pc_ctx *ctx, ds_device *dev, const char *locator,
			      ds_device_info *info)
{
	const char *id = "device_info";
	unsigned ms = pc_read(ctx, id, pc_do_device_info, dev, info, sizeof *info, false);

	PC_FIELD(ctx, id, info, locator);
	PC_FIELD(ctx, id, info, serial);
	PC_FIELD(ctx, id, info, vendor);
	PC_FIELD(ctx, id, info, model);
	PC_FIELD(ctx, id, info, firmware);
	PC_FIELD(ctx, id, info, name);
	PC_FIELD(ctx, id, info, mac);
	PC_FIELD(ctx, id, info, password.allowed);
	if (!info->serial[0] || !info->locator[0])
		pc_fail(ctx, id, _("device_info() of \"%s\" left serial or locator empty"), locator);
	pc_cancel_candidate(ctx, PC_CANCEL_DEVICE_INFO, ms, locator);
	return info->features;
}

/** credential_state, login and set_password. */
static void pc_check_credentials(pc_ctx *ctx, const ds_plugin *d, ds_device *dev,
				 const ds_device_info *info)
{
	if (d->credential_state) {
		ds_credential_state cs;

		pc_read(ctx, "credential_state", pc_do_credential_state, dev, &cs, sizeof cs, false);
		PC_FIELD(ctx, "credential_state", &cs, user);
	}
	if (d->login) {
		pc_hostile2(ctx, "login", pc_do_login, dev, "", NULL, _("an empty password"));
		pc_hostile2(ctx, "login", pc_do_login, dev, ctx->oversized, NULL,
			    _("a 64 KiB password"));
	}
	if (d->set_password) {
		pc_hostile2(ctx, "set_password", pc_do_set_password, dev, NULL, "",
			    _("an empty new password"));
		if (info->password.max_length > 0)
			pc_hostile2(ctx, "set_password", pc_do_set_password, dev, NULL, ctx->oversized,
				    _("a new password longer than the device's max_length"));
	}
}

/** A user name no device has. */
#define PC_UNKNOWN_USER "doorstep-check-no-such-user"

/** account (list), account_set_password and account_delete with users that
 *  do not exist (never a real one), check_fix with fixes nobody offered. */
static void pc_check_accounts(pc_ctx *ctx, const ds_plugin *d, ds_device *dev, const char *locator)
{
	struct pc_dev_arg a = { .dev = dev };
	ds_account acc;

	if (d->account) {
		unsigned ms = pc_list(ctx, "account", pc_do_account, &a, &acc, sizeof acc, pc_item_account);

		pc_cancel_candidate(ctx, PC_CANCEL_ACCOUNT, ms, locator);
	}
	if (d->account_set_password) {
		pc_hostile2(ctx, "account_set_password", pc_do_account_set_password, dev, PC_UNKNOWN_USER,
			    "Unused-check-password-1", _("a user the device does not have"));
		pc_hostile2(ctx, "account_set_password", pc_do_account_set_password, dev, "", "x",
			    _("an empty user name"));
		pc_hostile2(ctx, "account_set_password", pc_do_account_set_password, dev, PC_UNKNOWN_USER, "",
			    _("an empty new password"));
	}
	if (d->account_delete) {
		pc_hostile2(ctx, "account_delete", pc_do_account_delete, dev, PC_UNKNOWN_USER, NULL,
			    _("a user the device does not have"));
		pc_hostile2(ctx, "account_delete", pc_do_account_delete, dev, ctx->oversized, NULL,
			    _("a 64 KiB user name"));
	}
	if (d->check_fix) {
		pc_hostile2(ctx, "check_fix", pc_do_check_fix, dev, "", NULL, _("an empty fix"));
		pc_hostile2(ctx, "check_fix", pc_do_check_fix, dev, "doorstep-check.no-such-fix", NULL,
			    _("a fix no check offered"));
	}
}

/** wifi_scan, wifi_configure, wifi_status. */
static void pc_check_wifi(pc_ctx *ctx, const ds_plugin *d, ds_device *dev, const char *locator)
{
	struct pc_dev_arg a = { .dev = dev };
	ds_wifi_network net;

	if (d->wifi_scan) {
		unsigned ms = pc_list(ctx, "wifi_scan", pc_do_wifi_scan, &a, &net, sizeof net, pc_item_wifi);

		pc_cancel_candidate(ctx, PC_CANCEL_WIFI_SCAN, ms, locator);
	}
	if (d->wifi_configure) {
		pc_hostile2(ctx, "wifi_configure", pc_do_wifi_configure, dev, "", NULL,
			    _("an empty SSID"));
		pc_hostile2(ctx, "wifi_configure", pc_do_wifi_configure, dev, ctx->oversized, NULL,
			    _("a 64 KiB SSID"));
	}
	if (d->wifi_status) {
		pc_read(ctx, "wifi_status", pc_do_wifi_status, dev, &net, sizeof net, true);
		pc_item_wifi(ctx, "wifi_status", &net);
	}
}

/** esim_profile and the eSIM changes, with hostile ICCIDs and codes. */
static void pc_check_esim(pc_ctx *ctx, const ds_plugin *d, ds_device *dev)
{
	static const struct {
		const char *iccid;
		const char *what;
	} bad[] = {
		{ "", N_("an empty ICCID") },
		{ "not-an-iccid", N_("a malformed ICCID") },
		{ PC_UNKNOWN_ICCID, N_("an ICCID of no profile on the device") },
	};
	struct pc_dev_arg a = { .dev = dev };
	ds_esim_profile prof;
	ds_esim_notification note;

	if (d->esim_profile)
		pc_list(ctx, "esim_profile", pc_do_esim_profile, &a, &prof, sizeof prof, pc_item_profile);
	if (d->esim_info) {
		ds_esim_info info;

		pc_read(ctx, "esim_info", pc_do_esim_info, dev, &info, sizeof info, false);
		PC_FIELD(ctx, "esim_info", &info, eid);
		PC_FIELD(ctx, "esim_info", &info, default_smdp);
		PC_FIELD(ctx, "esim_info", &info, root_smds);
		PC_FIELD(ctx, "esim_info", &info, sgp22_version);
		PC_FIELD(ctx, "esim_info", &info, detail);
	}
	if (d->esim_notification)
		pc_list(ctx, "esim_notification", pc_do_esim_notification, &a, &note, sizeof note, pc_item_notification);
	/* Never esim_delete (not even with a bad ICCID: a fault there loses a
	 * profile for good) nor esim_notifications_send (it empties the list). */
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (d->esim_disable)
			pc_hostile2(ctx, "esim_disable", pc_do_esim_disable, dev, bad[i].iccid, NULL, _(bad[i].what));
		if (d->esim_nickname)
			pc_hostile2(ctx, "esim_nickname", pc_do_esim_nickname, dev, bad[i].iccid, "doorstep-check",
				    _(bad[i].what));
		if (d->esim_set_primary)
			pc_hostile2(ctx, "esim_set_primary", pc_do_esim_set_primary, dev, bad[i].iccid,
				    NULL, _(bad[i].what));
		if (d->esim_set_backup)
			pc_hostile2(ctx, "esim_set_backup", pc_do_esim_set_backup, dev, bad[i].iccid,
				    NULL, _(bad[i].what));
	}
	if (d->esim_set_primary)
		pc_hostile2(ctx, "esim_set_primary", pc_do_esim_set_primary, dev, ctx->oversized, NULL,
			    _("a 64 KiB ICCID"));
	if (d->esim_download) {
		pc_hostile2(ctx, "esim_download", pc_do_esim_download, dev, "", NULL,
			    _("an empty activation code"));
		pc_hostile2(ctx, "esim_download", pc_do_esim_download, dev, "LPA:1$", NULL,
			    _("a truncated activation code"));
		pc_hostile2(ctx, "esim_download", pc_do_esim_download, dev, ctx->oversized, NULL,
			    _("a 64 KiB activation code"));
	}
}

/** cellular_status, failover_test, operator_scan. */
static void pc_check_cellular(pc_ctx *ctx, const ds_plugin *d, ds_device *dev, const char *locator)
{
	struct pc_dev_arg a = { .dev = dev };
	unsigned ms;

	if (d->cellular_status) {
		ds_cellular_status cs;

		ms = pc_read(ctx, "cellular_status", pc_do_cellular_status, dev, &cs, sizeof cs, false);
		PC_FIELD(ctx, "cellular_status", &cs, operator_code);
		PC_FIELD(ctx, "cellular_status", &cs, operator_name);
		PC_FIELD(ctx, "cellular_status", &cs, iccid);
		pc_cancel_candidate(ctx, PC_CANCEL_CELLULAR, ms, locator);
	}
	if (d->failover_test) {
		ds_failover_result fr;

		ms = pc_read(ctx, "failover_test", pc_do_failover_test, dev, &fr, sizeof fr, false);
		PC_FIELD(ctx, "failover_test", &fr, detail);
		pc_cancel_candidate(ctx, PC_CANCEL_FAILOVER, ms, locator);
	}
	if (d->operator_scan) {
		ds_network net;

		ms = pc_list(ctx, "operator_scan", pc_do_operator_scan, &a, &net, sizeof net,
			     pc_item_network);
		pc_cancel_candidate(ctx, PC_CANCEL_OPERATOR_SCAN, ms, locator);
	}
}

/** handover_code into a roomy buffer and into an 8-byte one. */
static void pc_check_handover(pc_ctx *ctx, ds_device *dev)
{
	static const size_t sizes[] = { 1024, 8 };
	char buf[1024 + PC_CANARY_LEN], msg[256], what[64];
	ds_status st;

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct pc_dev_arg a = { .dev = dev, .buf = buf, .size = sizes[i] };

		snprintf(what, sizeof what, _("handover_code() into %zu bytes"), sizes[i]);
		pc_canary_fill(buf, sizes[i]);
		pc_call(ctx, "handover_code", what, pc_do_handover_code, &a, &st, msg, sizeof msg);
		pc_expect_ok(ctx, "handover_code", what, st, msg);
		pc_canary_check(ctx, "handover_code", what, buf, sizes[i], st == DS_OK);
	}
}

void pc_check_device(pc_ctx *ctx, ds_device *dev, const char *locator)
{
	const ds_plugin *d = &ctx->declared;
	struct pc_dev_arg a = { .dev = dev };
	ds_device_info info;
	uint32_t features = pc_check_info(ctx, dev, locator, &info);

	pc_check_credentials(ctx, d, dev, &info);
	pc_check_wifi(ctx, d, dev, locator);
	pc_check_esim(ctx, d, dev);
	pc_check_cellular(ctx, d, dev, locator);
	pc_check_accounts(ctx, d, dev, locator);
	if (d->diagnose) {
		ds_check chk;
		unsigned ms = pc_list(ctx, "diagnose", pc_do_diagnose, &a, &chk, sizeof chk,
				      pc_item_check_result);

		pc_cancel_candidate(ctx, PC_CANCEL_DIAGNOSE, ms, locator);
	}
	if (d->option_desc)
		pc_check_options(ctx, dev, (features & DS_FEATURE_OPTIONS) != 0);
	if (d->handover_code)
		pc_check_handover(ctx, dev);
}

const char *pc_device_cancel_call(pc_cancel_op op, ds_device *dev, pc_call_fn *fn, void **arg)
{
	static union {
		ds_device_info info;
		ds_cellular_status cell;
		ds_failover_result failover;
		ds_check check;
		ds_network net;
		ds_wifi_network wifi;
		ds_account account;
	} out;
	static struct pc_dev_arg a;

	memset(&out, 0, sizeof out);
	a = (struct pc_dev_arg){ .dev = dev, .out = &out, .index = 0 };
	*arg = &a;
	switch (op) {
	case PC_CANCEL_CELLULAR:
		*fn = pc_do_cellular_status;
		return "cellular_status()";
	case PC_CANCEL_FAILOVER:
		*fn = pc_do_failover_test;
		return "failover_test()";
	case PC_CANCEL_DIAGNOSE:
		*fn = pc_do_diagnose;
		return "diagnose(0)";
	case PC_CANCEL_OPERATOR_SCAN:
		*fn = pc_do_operator_scan;
		return "operator_scan(0)";
	case PC_CANCEL_WIFI_SCAN:
		*fn = pc_do_wifi_scan;
		return "wifi_scan(0)";
	case PC_CANCEL_ACCOUNT:
		*fn = pc_do_account;
		return "account(0)";
	case PC_CANCEL_NONE:
	case PC_CANCEL_OPEN:
	case PC_CANCEL_DEVICE_INFO:
		break;
	}
	*fn = pc_do_device_info;
	return "device_info()";
}
