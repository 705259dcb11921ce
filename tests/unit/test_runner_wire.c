/* The messages between doorstep and a plugin's process
 * (app/plugin/runner_wire.h) and the HELLO that describes the plugin
 * (app/plugin/runner_hello.h), read as doorstep reads them: as input from
 * a process that holds a vendor's code. */
#include <criterion/criterion.h>

#include <string.h>

#include "app/plugin/runner_hello.h"

static unsigned char buf[DS_WIRE_MAX];

static const char *const urls[] = { "https://cloud.acme.example/api", NULL };
static const ds_ble_claim claims[] = {
	{ .kind = DS_BLE_CLAIM_MANUFACTURER, .manufacturer_id = 0x02e5 },
	{ .kind = DS_BLE_CLAIM_SERVICE_UUID, .uuid = "0000fff0-0000-1000-8000-00805f9b34fb" },
	{ .kind = DS_BLE_CLAIM_END },
};
static const ds_plugin acme = {
	.struct_size = sizeof(ds_plugin),
	.abi_major = 1,
	.abi_minor = 1,
	.id = "acme",
	.name = "ACME alarm",
	.vendor = "ACME Ltd",
	.version = "1.2.0",
	.caps = DS_CAP_QR | DS_CAP_BLE,
	.cloud_urls = urls,
	.ble_claims = claims,
};

/** Writes acme's HELLO and starts reading it. */
static size_t write_hello(ds_wire_reader *in)
{
	ds_wire w;

	ds_wire_begin(&w, buf, sizeof buf, DS_WIRE_HELLO);
	ds_runner_hello_write(&w, &acme, 0x41, NULL);
	cr_assert_not(w.overflow);
	cr_assert_eq(ds_wire_open(buf, w.len, in), DS_WIRE_HELLO);
	return w.len;
}

Test(runner_wire, hello_round_trip)
{
	ds_wire_reader in;
	ds_runner_desc d;
	const char *reason = "unset";

	write_hello(&in);
	cr_assert(ds_runner_hello_read(&in, &d, &reason));
	cr_assert_str_eq(d.desc.id, "acme");
	cr_assert_str_eq(d.desc.version, "1.2.0");
	cr_assert_eq(d.desc.caps, DS_CAP_QR | DS_CAP_BLE);
	cr_assert_eq(d.ops, 0x41);
	cr_assert_null(d.desc.text_domain, "a NULL string stays NULL");
	cr_assert_str_eq(d.desc.cloud_urls[0], urls[0]);
	cr_assert_null(d.desc.cloud_urls[1]);
	cr_assert_eq(d.desc.ble_claims[0].manufacturer_id, 0x02e5);
	cr_assert_str_eq(d.desc.ble_claims[1].uuid, claims[1].uuid);
	cr_assert_eq(d.desc.ble_claims[2].kind, DS_BLE_CLAIM_END);
	cr_assert_null(d.desc.init, "a HELLO carries no code");
	ds_runner_hello_free(&d);
}

Test(runner_wire, every_cut_hello_is_refused)
{
	ds_wire_reader in;
	ds_runner_desc d;
	const char *reason;
	size_t len = write_hello(&in);

	for (size_t cut = 4; cut < len; cut++) {
		cr_assert_eq(ds_wire_open(buf, cut, &in), DS_WIRE_HELLO);
		cr_assert_not(ds_runner_hello_read(&in, &d, &reason), "a HELLO cut at %zu bytes was taken", cut);
		cr_assert_null(reason, "a cut HELLO is malformed, not a refusal");
		ds_runner_hello_free(&d);
	}
	cr_assert_eq(ds_wire_open(buf, 3, &in), -1);
}

Test(runner_wire, refusal_carries_its_reason)
{
	ds_wire_reader in;
	ds_runner_desc d;
	const char *reason = NULL;
	ds_wire w;

	ds_wire_begin(&w, buf, sizeof buf, DS_WIRE_HELLO);
	ds_runner_hello_write(&w, NULL, 0, "missing symbol doorstep_plugin_v1");
	cr_assert_eq(ds_wire_open(buf, w.len, &in), DS_WIRE_HELLO);
	cr_assert_not(ds_runner_hello_read(&in, &d, &reason));
	cr_assert_str_eq(reason, "missing symbol doorstep_plugin_v1");
	ds_runner_hello_free(&d);
}

Test(runner_wire, an_end_inside_the_claims_hides_nothing)
{
	ds_wire_reader in;
	ds_runner_desc d;
	const char *reason;
	size_t len = write_hello(&in);
	uint32_t end = DS_BLE_CLAIM_END;
	unsigned char *kind;

	/* The first claim's kind: after "02e5"'s list count, find the 4-byte
	 * field holding DS_BLE_CLAIM_MANUFACTURER followed by 0x02e5. */
	kind = memmem(buf, len, "\x04\0\0\0\x01\0\0\0\x04\0\0\0\xe5\x02", 14);
	cr_assert_not_null(kind);
	memcpy(kind + 4, &end, sizeof end);
	cr_assert_eq(ds_wire_open(buf, len, &in), DS_WIRE_HELLO);
	cr_assert(ds_runner_hello_read(&in, &d, &reason));
	cr_assert_neq(d.desc.ble_claims[0].kind, DS_BLE_CLAIM_END);
	cr_assert_gt((int)d.desc.ble_claims[0].kind, (int)DS_BLE_CLAIM_SERVICE_DATA, "an unknown kind, ignored");
	cr_assert_str_eq(d.desc.ble_claims[1].uuid, claims[1].uuid, "the claim after it is kept");
	ds_runner_hello_free(&d);
}

Test(runner_wire, strings_must_end_where_they_say)
{
	ds_wire_reader in;
	unsigned char msg[32];
	uint32_t type = DS_WIRE_LOG, len = 3;

	memcpy(msg, &type, 4);
	memcpy(msg + 4, &len, 4);
	memcpy(msg + 8, "abcd", 4); /* no NUL after the 3 bytes */
	cr_assert_eq(ds_wire_open(msg, 12, &in), DS_WIRE_LOG);
	cr_assert_null(ds_wire_str(&in));
	cr_assert(in.bad);
	len = 1000; /* longer than what arrived */
	memcpy(msg + 4, &len, 4);
	cr_assert_eq(ds_wire_open(msg, 12, &in), DS_WIRE_LOG);
	cr_assert_null(ds_wire_str(&in));
	cr_assert(in.bad);
	type = 99;
	memcpy(msg, &type, 4);
	cr_assert_eq(ds_wire_open(msg, 12, &in), -1, "an unknown type");
}

#include "app/plugin/plugin_ops.h"
#include "app/plugin/plugin_outputs.h"

Test(runner_wire, hello_carries_the_1_2_operations)
{
	const uint32_t ops = DS_PLUGIN_OP_MATCH_ADDRESS | DS_PLUGIN_OP_ACCOUNT | DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD |
			     DS_PLUGIN_OP_ACCOUNT_DELETE | DS_PLUGIN_OP_CHECK_FIX;
	ds_runner_desc got;
	const char *reason = NULL;
	ds_wire_reader in;
	ds_wire w;

	ds_wire_begin(&w, buf, sizeof buf, DS_WIRE_HELLO);
	ds_runner_hello_write(&w, &acme, ops, NULL);
	cr_assert_eq(ds_wire_open(buf, w.len, &in), DS_WIRE_HELLO);
	cr_assert(ds_runner_hello_read(&in, &got, &reason));
	cr_assert_eq(got.ops, ops);
	ds_runner_hello_free(&got);
}

Test(runner_wire, the_1_2_operations_have_their_outputs)
{
	/* match_address writes a locator into the caller's buffer; account fills a
	 * ds_account; the others return only a status. */
	cr_assert(ds_plugin_output_is_text(DS_WOP_MATCH_ADDRESS));
	cr_assert_eq(ds_plugin_output_size(DS_WOP_MATCH_ADDRESS), 0);
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ACCOUNT), sizeof(ds_account));
	cr_assert_not(ds_plugin_output_is_text(DS_WOP_ACCOUNT));
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ACCOUNT_SET_PASSWORD), 0);
	cr_assert_eq(ds_plugin_output_size(DS_WOP_ACCOUNT_DELETE), 0);
	cr_assert_eq(ds_plugin_output_size(DS_WOP_CHECK_FIX), 0);
	cr_assert_eq(ds_plugin_output_size(DS_WOP_DIAGNOSE), sizeof(ds_check));
	cr_assert_lt(DS_WOP_CHECK_FIX, DS_WOP_INIT, "a CALL may name every plugin operation");
}

Test(runner_wire, an_account_is_terminated_and_its_bools_proper)
{
	ds_account a;
	unsigned char byte;

	memset(&a, 'u', sizeof a);
	memset(&a.primary, 7, 1);
	memset(&a.on_factory_default, 0x80, 1);
	memset(&a.can_delete, 0, 1);
	memset(&a.password.digits_only, 2, 1);
	ds_plugin_output_terminate(DS_WOP_ACCOUNT, &a, sizeof a);
	cr_assert_eq(strlen(a.user), sizeof a.user - 1);
	cr_assert_eq(strlen(a.password.allowed), sizeof a.password.allowed - 1);
	memcpy(&byte, &a.primary, 1);
	cr_assert_eq(byte, 1);
	memcpy(&byte, &a.on_factory_default, 1);
	cr_assert_eq(byte, 1);
	memcpy(&byte, &a.can_delete, 1);
	cr_assert_eq(byte, 0);
	memcpy(&byte, &a.password.digits_only, 1);
	cr_assert_eq(byte, 1);
}

Test(runner_wire, a_check_fix_is_terminated)
{
	ds_check c;
	char locator[16];

	memset(&c, 'f', sizeof c);
	ds_plugin_output_terminate(DS_WOP_DIAGNOSE, &c, sizeof c);
	cr_assert_eq(strlen(c.fix), sizeof c.fix - 1);
	cr_assert_eq(strlen(c.fix_title), sizeof c.fix_title - 1);
	memset(locator, 'l', sizeof locator);
	ds_plugin_output_terminate(DS_WOP_MATCH_ADDRESS, locator, sizeof locator);
	cr_assert_eq(strlen(locator), sizeof locator - 1);
}
