/* libFuzzer target: one message from a plugin runner, read as doorstep
 * reads it (app/plugin/runner_wire.h, runner_hello.h, plugin_outputs.h).
 * The runner holds a vendor's code, so every byte of it is untrusted. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/plugin/plugin_outputs.h"
#include "app/plugin/runner_hello.h"

/** A HELLO: read; what was read writes and reads back the same. */
static void hello(ds_wire_reader *in)
{
	static unsigned char buf[DS_WIRE_MAX];
	ds_runner_desc d, again;
	const char *reason = NULL;
	ds_wire_reader back;
	ds_wire w;

	if (!ds_runner_hello_read(in, &d, &reason)) {
		ds_runner_hello_free(&d);
		return;
	}
	FUZZ_CHECK(d.desc.id && d.desc.name && d.desc.vendor && d.desc.version);
	ds_wire_begin(&w, buf, sizeof buf, DS_WIRE_HELLO);
	ds_runner_hello_write(&w, &d.desc, d.ops, NULL);
	FUZZ_CHECK(!w.overflow);
	FUZZ_CHECK(ds_wire_open(buf, w.len, &back) == DS_WIRE_HELLO);
	FUZZ_CHECK(ds_runner_hello_read(&back, &again, &reason));
	/* Strings are cut at their field's size on the way out, never longer. */
	FUZZ_CHECK(strncmp(again.desc.id, d.desc.id, DS_ID_MAX - 1) == 0);
	FUZZ_CHECK(strlen(again.desc.name) <= DS_NAME_MAX);
	FUZZ_CHECK(again.ops == d.ops && again.desc.caps == d.desc.caps);
	for (size_t i = 0; again.desc.ble_claims && again.desc.ble_claims[i].kind != DS_BLE_CLAIM_END; i++)
		FUZZ_CHECK(i < DS_RUNNER_HELLO_LIST_MAX);
	ds_runner_hello_free(&again);
	ds_runner_hello_free(&d);
}

/** A REPLY: its outputs, as each operation's output struct or text. */
static void reply(ds_wire_reader *in)
{
	static unsigned char out[4096];
	const void *p;
	size_t n = 0;

	(void)ds_wire_u32(in);
	FUZZ_CHECK(ds_wire_text(in) != NULL);
	(void)ds_wire_u64(in);
	p = ds_wire_bytes(in, &n);
	if (!p)
		return;
	for (int op = DS_WOP_OPEN; op < DS_WOP_COUNT; op++) {
		size_t size = ds_plugin_output_size((ds_wire_op)op);

		if (!size && !ds_plugin_output_is_text((ds_wire_op)op))
			continue;
		if (!size)
			size = 1 + n % sizeof out;
		memset(out, 0, sizeof out);
		memcpy(out, p, n < size ? n : size);
		ds_plugin_output_terminate((ds_wire_op)op, out, size);
		if (ds_plugin_output_is_text((ds_wire_op)op))
			FUZZ_CHECK(memchr(out, '\0', size) != NULL);
	}
	if (n >= sizeof(ds_device_info)) {
		ds_device_info info;

		memcpy(&info, p, sizeof info);
		ds_plugin_output_terminate(DS_WOP_DEVICE_INFO, &info, sizeof info);
		FUZZ_CHECK(strlen(info.serial) < sizeof info.serial && strlen(info.locator) < sizeof info.locator);
		FUZZ_CHECK(strlen(info.password.allowed) < sizeof info.password.allowed);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_wire_reader in;
	int type;

	if (size > DS_WIRE_MAX)
		return 0;
	type = ds_wire_open(data, size, &in);
	if (type == DS_WIRE_HELLO) {
		hello(&in);
	} else if (type == DS_WIRE_REPLY) {
		reply(&in);
	} else if (type == DS_WIRE_PROGRESS || type == DS_WIRE_LOG) {
		(void)ds_wire_u32(&in);
		FUZZ_CHECK(ds_wire_text(&in) != NULL);
	} else if (type == DS_WIRE_HOST) {
		size_t n;

		(void)ds_wire_u32(&in);
		(void)ds_wire_u64(&in);
		(void)ds_wire_str(&in);
		(void)ds_wire_u32(&in);
		(void)ds_wire_u64(&in);
		(void)ds_wire_u32(&in);
		(void)ds_wire_bytes(&in, &n);
	}
	FUZZ_CHECK(in.pos <= in.len || type < 0);
	return 0;
}
