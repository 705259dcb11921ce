/* Checks of the plugin as a whole: its descriptor, matching and discovery,
 * open() with hostile locators, and the cancel check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/plugin/check/plugin_check_child.h"

/** A malformed string: control bytes, invalid UTF-8, printf directives. */
#define PC_MALFORMED "\x01\xff\xfe%s%n\x1b[2J../../etc/passwd"

/** Arguments of the string-in, locator-out calls (match_qr, match_serial). */
struct pc_match_arg {
	const char *in;
	char *out;
	size_t size;
	const ds_ble_advert *adv;
	size_t index;
};

/** Arguments of open(). */
struct pc_open_arg {
	const char *locator;
	ds_device *dev;
};

static ds_status pc_do_match_qr(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_match_arg *a = arg;

	return p->match_qr(call, a->in, a->out, a->size);
}

static ds_status pc_do_match_ble(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_match_arg *a = arg;

	return p->match_ble(call, a->adv, a->out, a->size);
}

static ds_status pc_do_match_serial(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_match_arg *a = arg;

	return p->match_serial(call, a->in, a->out, a->size);
}

static ds_status pc_do_match_address(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_match_arg *a = arg;

	return p->match_address(call, a->in, a->out, a->size);
}

static ds_status pc_do_discover(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_match_arg *a = arg;

	return p->discover(call, a->index, a->out, a->size);
}

static ds_status pc_do_open(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_open_arg *a = arg;

	return p->open(call, a->locator, &a->dev);
}

static ds_status pc_do_close(ds_call *call, const ds_plugin *p, void *arg)
{
	(void)call;
	p->close(arg);
	return DS_OK;
}

/** Adds a locator to the devices to exercise (no duplicates). */
static void pc_add_locator(pc_ctx *ctx, const char *locator)
{
	if (ctx->n_locators == PC_MAX_DEVICES || !locator[0])
		return;
	for (size_t i = 0; i < ctx->n_locators; i++)
		if (strcmp(ctx->locators[i], locator) == 0)
			return;
	snprintf(ctx->locators[ctx->n_locators++], DS_LOCATOR_MAX, "%s", locator);
}

/** Records a skip for an operation the plugin does not declare. */
static void pc_declared(pc_ctx *ctx, const char *id, bool present)
{
	if (present)
		pc_check_get(ctx, id);
	else
		pc_skip(ctx, id, _("not declared (NULL): the host treats it as not supported"));
}

/** A capability flag must come with its operation, and the other way round. */
static void pc_cap_pair(pc_ctx *ctx, uint32_t caps, uint32_t cap, const char *cap_name,
			bool present, const char *op)
{
	if ((caps & cap) && !present)
		pc_fail(ctx, "descriptor", _("caps has %s but %s is NULL"), cap_name, op);
	else if (!(caps & cap) && present)
		pc_fail(ctx, "descriptor", _("%s is set but caps lacks %s, so the host never calls it"),
			op, cap_name);
}

/** cloud_urls: each "https://host...". */
static void pc_check_cloud_urls(pc_ctx *ctx, const char *const *urls)
{
	for (size_t i = 0; urls && i < PC_MAX_ITEMS; i++) {
		if (!urls[i])
			return;
		if (strncmp(urls[i], "https://", 8) != 0 || !urls[i][8] || urls[i][8] == '/')
			pc_fail(ctx, "descriptor", _("cloud_urls[%zu] \"%s\" is not an https://host URL"),
				i, urls[i]);
	}
	if (urls)
		pc_fail(ctx, "descriptor", _("cloud_urls has no NULL after %d entries"), PC_MAX_ITEMS);
}

void pc_check_descriptor(pc_ctx *ctx)
{
	const ds_plugin *d = &ctx->declared;
	pc_check *c = pc_check_get(ctx, "descriptor");

	c->calls++;
	if (!d->name[0] || !d->vendor[0] || !d->version[0])
		pc_fail(ctx, "descriptor", "%s", _("name, vendor and version must not be empty"));
	else if (d->version[0] < '0' || d->version[0] > '9')
		pc_fail(ctx, "descriptor", _("version \"%s\" should be a version number such as 1.2.0"),
			d->version);
	if (!d->text_domain || !d->text_domain[0])
		pc_fail(ctx, "descriptor", "%s",
			_("text_domain is not set: the plugin's messages cannot be translated"));
	pc_cap_pair(ctx, d->caps, DS_CAP_QR, "DS_CAP_QR", d->match_qr != NULL, "match_qr");
	pc_cap_pair(ctx, d->caps, DS_CAP_BLE, "DS_CAP_BLE", d->match_ble != NULL, "match_ble");
	pc_cap_pair(ctx, d->caps, DS_CAP_SERIAL, "DS_CAP_SERIAL", d->match_serial != NULL, "match_serial");
	pc_cap_pair(ctx, d->caps, DS_CAP_DISCOVER, "DS_CAP_DISCOVER", d->discover != NULL, "discover");
	pc_cap_pair(ctx, d->caps, DS_CAP_ADDRESS, "DS_CAP_ADDRESS", d->match_address != NULL, "match_address");
	if ((d->option_get || d->option_set) != (d->option_desc != NULL) ||
	    (d->option_desc && !d->option_get))
		pc_fail(ctx, "descriptor", "%s",
			_("option_desc and option_get come together (option_set optional with them)"));
	pc_check_cloud_urls(ctx, d->cloud_urls);
	if (!c->failed && d->abi_minor < DS_PLUGIN_ABI_MINOR)
		snprintf(c->detail, sizeof c->detail,
			 _("sane; built for plugin ABI %u.%u, so operations added later read as NULL"),
			 (unsigned)d->abi_major, (unsigned)d->abi_minor);
	else if (!c->failed)
		snprintf(c->detail, sizeof c->detail, "%s",
			 _("sane: names, version, text domain, caps and operations agree"));

	pc_declared(ctx, "match_qr", d->match_qr);
	pc_declared(ctx, "match_ble", d->match_ble);
	pc_declared(ctx, "match_serial", d->match_serial);
	pc_declared(ctx, "discover", d->discover);
	pc_declared(ctx, "match_address", d->match_address);
	pc_declared(ctx, "open", true);
	pc_declared(ctx, "device_info", true);
	pc_declared(ctx, "credential_state", d->credential_state);
	pc_declared(ctx, "login", d->login);
	pc_declared(ctx, "set_password", d->set_password);
	pc_declared(ctx, "wifi_scan", d->wifi_scan);
	pc_declared(ctx, "wifi_configure", d->wifi_configure);
	pc_declared(ctx, "wifi_status", d->wifi_status);
	pc_declared(ctx, "esim_profile", d->esim_profile);
	pc_declared(ctx, "esim_set_primary", d->esim_set_primary);
	pc_declared(ctx, "esim_set_backup", d->esim_set_backup);
	pc_declared(ctx, "esim_download", d->esim_download);
	pc_declared(ctx, "esim_info", d->esim_info);
	pc_declared(ctx, "esim_disable", d->esim_disable);
	pc_declared(ctx, "esim_delete", d->esim_delete);
	pc_declared(ctx, "esim_nickname", d->esim_nickname);
	pc_declared(ctx, "esim_notification", d->esim_notification);
	pc_declared(ctx, "esim_notifications_send", d->esim_notifications_send);
	if (d->esim_delete)
		pc_skip(ctx, "esim_delete", _("declared; never called: deleting a profile cannot be undone"));
	if (d->esim_notifications_send)
		pc_skip(ctx, "esim_notifications_send",
			_("declared; never called: sending removes the notifications from the eSIM"));
	pc_declared(ctx, "cellular_status", d->cellular_status);
	pc_declared(ctx, "failover_test", d->failover_test);
	pc_declared(ctx, "operator_scan", d->operator_scan);
	pc_declared(ctx, "diagnose", d->diagnose);
	pc_declared(ctx, "options", d->option_desc);
	pc_declared(ctx, "handover_code", d->handover_code);
	pc_declared(ctx, "account", d->account);
	pc_declared(ctx, "account_set_password", d->account_set_password);
	pc_declared(ctx, "account_delete", d->account_delete);
	pc_declared(ctx, "check_fix", d->check_fix);
	pc_declared(ctx, "close", true);
}

/** One string-in, locator-out call with hostile input (must not claim it). */
static void pc_match_hostile(pc_ctx *ctx, const char *id, pc_call_fn fn, struct pc_match_arg *a,
			     const char *what)
{
	char buf[DS_LOCATOR_MAX + PC_CANARY_LEN], msg[256];
	ds_status st;

	pc_canary_fill(buf, DS_LOCATOR_MAX);
	a->out = buf;
	a->size = DS_LOCATOR_MAX;
	pc_call(ctx, id, what, fn, a, &st, msg, sizeof msg);
	pc_expect_refused(ctx, id, what, st, msg, true);
	pc_canary_check(ctx, id, what, buf, DS_LOCATOR_MAX, st == DS_OK);
}

/** match_qr: hostile payloads, and the given valid one. */
static void pc_check_match_qr(pc_ctx *ctx)
{
	struct pc_match_arg a = { 0 };
	char buf[DS_LOCATOR_MAX + PC_CANARY_LEN], msg[256];
	ds_status st;

	a.in = "";
	pc_match_hostile(ctx, "match_qr", pc_do_match_qr, &a, _("an empty QR payload"));
	a.in = ctx->oversized;
	pc_match_hostile(ctx, "match_qr", pc_do_match_qr, &a, _("a 64 KiB QR payload"));
	a.in = PC_MALFORMED;
	pc_match_hostile(ctx, "match_qr", pc_do_match_qr, &a, _("a malformed QR payload"));
	if (!ctx->opts->qr_payload)
		return;
	pc_canary_fill(buf, DS_LOCATOR_MAX);
	a.in = ctx->opts->qr_payload;
	a.out = buf;
	a.size = DS_LOCATOR_MAX;
	pc_call(ctx, "match_qr", _("the QR payload given with --qr"), pc_do_match_qr, &a, &st, msg,
		sizeof msg);
	if (st != DS_OK)
		pc_fail(ctx, "match_qr", _("did not claim the payload given with --qr: %s %s"),
			ds_status_str(st), msg);
	pc_canary_check(ctx, "match_qr", _("the QR payload given with --qr"), buf, DS_LOCATOR_MAX,
			st == DS_OK);
	if (st == DS_OK && memchr(buf, '\0', DS_LOCATOR_MAX))
		pc_add_locator(ctx, buf);
}

/** match_ble: an empty advertisement and one full of garbage. */
static void pc_check_match_ble(pc_ctx *ctx)
{
	static const uint8_t junk[1024] = { 0xff, 0x00, 0xfe };
	ds_ble_advert empty = { .manufacturer_id = 0xFFFF, .rssi_dbm = INT32_MIN };
	ds_ble_advert garbage = {
		.address = "00:00:00:00:00:00", .name = "\x01\xff\xfe",
		.rssi_dbm = 0, .manufacturer_id = 0xFFFF,
		.manufacturer_data = junk, .manufacturer_data_len = sizeof junk,
		.service_uuid = "not-a-uuid", .service_data = junk, .service_data_len = sizeof junk,
	};
	struct pc_match_arg a = { 0 };

	a.adv = &empty;
	pc_match_hostile(ctx, "match_ble", pc_do_match_ble, &a, _("an empty BLE advertisement"));
	a.adv = &garbage;
	pc_match_hostile(ctx, "match_ble", pc_do_match_ble, &a, _("a BLE advertisement of garbage"));
}

/** match_serial: ports that do not exist. */
static void pc_check_match_serial(pc_ctx *ctx)
{
	struct pc_match_arg a = { 0 };

	a.in = "";
	pc_match_hostile(ctx, "match_serial", pc_do_match_serial, &a, _("an empty port name"));
	a.in = "/nonexistent/doorstep-check-tty";
	pc_match_hostile(ctx, "match_serial", pc_do_match_serial, &a, _("a port that does not exist"));
	a.in = ctx->oversized;
	pc_match_hostile(ctx, "match_serial", pc_do_match_serial, &a, _("a 64 KiB port name"));
}

/** match_address: addresses that are not a host, or where nothing answers. */
static void pc_check_match_address(pc_ctx *ctx)
{
	struct pc_match_arg a = { 0 };

	a.in = "";
	pc_match_hostile(ctx, "match_address", pc_do_match_address, &a, _("an empty address"));
	a.in = ctx->oversized;
	pc_match_hostile(ctx, "match_address", pc_do_match_address, &a, _("a 64 KiB address"));
	a.in = PC_MALFORMED;
	pc_match_hostile(ctx, "match_address", pc_do_match_address, &a, _("a malformed address"));
	a.in = "192.0.2.1:1";
	pc_match_hostile(ctx, "match_address", pc_do_match_address, &a,
			 _("an address where nothing answers (192.0.2.1:1)"));
}

/** discover: every index until not-found; a huge index is not-found. */
static void pc_check_discover(pc_ctx *ctx)
{
	struct pc_match_arg a = { 0 };
	char buf[DS_LOCATOR_MAX + PC_CANARY_LEN], msg[256], what[64];
	ds_status st;

	a.out = buf;
	a.size = DS_LOCATOR_MAX;
	for (a.index = 0; a.index < PC_MAX_ITEMS; a.index++) {
		snprintf(what, sizeof what, _("discover(%zu)"), a.index);
		pc_canary_fill(buf, DS_LOCATOR_MAX);
		pc_call(ctx, "discover", what, pc_do_discover, &a, &st, msg, sizeof msg);
		if (st == DS_ERR_NOT_FOUND)
			break;
		if (!pc_expect_ok(ctx, "discover", what, st, msg))
			break;
		pc_canary_check(ctx, "discover", what, buf, DS_LOCATOR_MAX, true);
		if (!memchr(buf, '\0', DS_LOCATOR_MAX))
			break;
		if (!buf[0])
			pc_fail(ctx, "discover", _("%s returned ok with an empty locator"), what);
		pc_add_locator(ctx, buf);
	}
	a.index = SIZE_MAX;
	pc_canary_fill(buf, DS_LOCATOR_MAX);
	pc_call(ctx, "discover", _("discover(SIZE_MAX)"), pc_do_discover, &a, &st, msg, sizeof msg);
	if (st != DS_ERR_NOT_FOUND)
		pc_fail(ctx, "discover", _("discover(SIZE_MAX) returned \"%s\"; past the last device "
					   "it must return not-found"), ds_status_str(st));
}

void pc_check_matching(pc_ctx *ctx)
{
	const ds_plugin *d = &ctx->declared;

	if (ctx->opts->locator)
		pc_add_locator(ctx, ctx->opts->locator);
	if (d->match_qr)
		pc_check_match_qr(ctx);
	else if (ctx->opts->qr_payload)
		pc_fail(ctx, "match_qr", "%s", _("--qr was given but the plugin has no match_qr"));
	if (d->match_ble)
		pc_check_match_ble(ctx);
	if (d->match_serial)
		pc_check_match_serial(ctx);
	if (d->discover)
		pc_check_discover(ctx);
	if (d->match_address)
		pc_check_match_address(ctx);
}

/** open() with one hostile locator: refused, with a message, no device. */
static void pc_open_hostile(pc_ctx *ctx, const char *locator, const char *what)
{
	struct pc_open_arg a = { locator, NULL };
	char msg[256];
	ds_status st;

	pc_call(ctx, "open", what, pc_do_open, &a, &st, msg, sizeof msg);
	pc_expect_refused(ctx, "open", what, st, msg, false);
	if (st != DS_OK && a.dev)
		pc_fail(ctx, "open", _("%s: failed but handed out a device anyway"), what);
	if (st == DS_OK && a.dev)
		pc_close(ctx, a.dev);
}

void pc_check_open_hostile(pc_ctx *ctx)
{
	pc_open_hostile(ctx, "", _("an empty locator"));
	pc_open_hostile(ctx, ctx->oversized, _("a 64 KiB locator"));
	pc_open_hostile(ctx, PC_MALFORMED, _("a malformed locator"));
}

ds_device *pc_open(pc_ctx *ctx, const char *locator)
{
	struct pc_open_arg a = { locator, NULL };
	char msg[256], what[DS_LOCATOR_MAX + 16];
	unsigned ms;
	ds_status st;

	snprintf(what, sizeof what, "open(\"%s\")", locator);
	ms = pc_call(ctx, "open", what, pc_do_open, &a, &st, msg, sizeof msg);
	if (!pc_expect_ok(ctx, "open", what, st, msg))
		return NULL;
	if (!a.dev) {
		pc_fail(ctx, "open", _("%s returned ok without a device"), what);
		return NULL;
	}
	pc_cancel_candidate(ctx, PC_CANCEL_OPEN, ms, locator);
	return a.dev;
}

void pc_close(pc_ctx *ctx, ds_device *dev)
{
	ds_status st;

	pc_call(ctx, "close", "close()", pc_do_close, dev, &st, NULL, 0);
}

/** Cancels the chosen call and judges how the plugin ended it. */
static void pc_cancel_judge(pc_ctx *ctx, const char *what, unsigned after_ms, bool before,
			    unsigned took_ms, ds_status st)
{
	pc_check *c = pc_check_get(ctx, "cancel");

	if (before)
		pc_skip(ctx, "cancel", _("the slowest call finished before it could be cancelled"));
	else if (st != DS_ERR_CANCELLED)
		pc_fail(ctx, "cancel", _("%s, cancelled after %u ms, returned \"%s\" instead of "
					 "\"cancelled\": check host->cancelled() or wait with host->sleep()"),
			what, after_ms, ds_status_str(st));
	else if (took_ms > DS_PCHECK_CANCEL_BOUND_MS)
		pc_fail(ctx, "cancel", _("%s took %u ms to stop after the cancel; check "
					 "host->cancelled() at least every 100 ms"), what, took_ms);
	else
		snprintf(c->detail, sizeof c->detail,
			 _("%s, cancelled after %u ms, returned \"cancelled\" %u ms later"),
			 what, after_ms, took_ms);
}

void pc_check_cancel(pc_ctx *ctx)
{
	unsigned after = ctx->cancel_ms / 3, took;
	char what[DS_LOCATOR_MAX + 64];
	ds_device *dev;
	pc_call_fn fn;
	void *arg;
	bool before;
	ds_status st;

	if (ctx->cancel_op == PC_CANCEL_NONE) {
		pc_skip(ctx, "cancel", _("no call took 250 ms or more, so there was nothing to cancel"));
		return;
	}
	if (after > 500)
		after = 500;
	if (ctx->cancel_op == PC_CANCEL_OPEN) {
		struct pc_open_arg a = { ctx->cancel_locator, NULL };

		snprintf(what, sizeof what, "open(\"%s\")", ctx->cancel_locator);
		took = pc_call_cancel(ctx, "cancel", what, pc_do_open, &a, after, &before, &st);
		if (st == DS_OK && a.dev)
			pc_close(ctx, a.dev);
		pc_cancel_judge(ctx, what, after, before, took, st);
		return;
	}
	dev = pc_open(ctx, ctx->cancel_locator);
	if (!dev) {
		pc_skip(ctx, "cancel", _("the device of the slowest call did not open again"));
		return;
	}
	snprintf(what, sizeof what, "%s", pc_device_cancel_call(ctx->cancel_op, dev, &fn, &arg));
	took = pc_call_cancel(ctx, "cancel", what, fn, arg, after, &before, &st);
	pc_cancel_judge(ctx, what, after, before, took, st);
	pc_close(ctx, dev);
}
