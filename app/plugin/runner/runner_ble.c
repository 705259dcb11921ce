/* A plugin runner's BLE services: each call asks doorstep, which holds the
 * Bluetooth connection, over the socket and waits for its answer. A link
 * is doorstep's number for it, passed to the plugin as the handle. The
 * HTTP service's certificate pins travel the same way (ds_runner_cert_pin). */
#include "app/plugin/runner/runner.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** The one answer awaited: the worker thread asks, the main loop delivers. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool full;
	unsigned char buf[DS_WIRE_MAX];
	size_t len;
} mailbox = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, { 0 }, 0 };

void ds_runner_ble_deliver(const ds_wire_reader *in)
{
	pthread_mutex_lock(&mailbox.lock);
	memcpy(mailbox.buf, in->buf, in->len);
	mailbox.len = in->len;
	mailbox.full = true;
	pthread_cond_broadcast(&mailbox.cond);
	pthread_mutex_unlock(&mailbox.lock);
}

/** The arguments of one request. */
struct req {
	ds_wire_host_op op;
	uint64_t link;
	const char *text;
	unsigned timeout_ms;
	uint64_t index_or_size;
	bool with_response;
	const uint8_t *data;
	size_t len;
};

/** Sends a request and waits for its answer into *in (whose buffer is
 *  reply_buf); the status. */
static ds_status ask(const struct req *q, ds_wire_reader *in, unsigned char *reply_buf)
{
	static pthread_mutex_t one_at_a_time = PTHREAD_MUTEX_INITIALIZER;
	unsigned char *buf = malloc(DS_WIRE_MAX);
	ds_wire w;
	ds_status st;

	if (!buf)
		return DS_ERR_NO_MEMORY;
	ds_wire_begin(&w, buf, DS_WIRE_MAX, DS_WIRE_HOST);
	ds_wire_put_u32(&w, (uint32_t)q->op);
	ds_wire_put_u64(&w, q->link);
	ds_wire_put_str(&w, q->text, DS_WIRE_TEXT_MAX);
	ds_wire_put_u32(&w, q->timeout_ms);
	ds_wire_put_u64(&w, q->index_or_size);
	ds_wire_put_u32(&w, q->with_response);
	ds_wire_put_bytes(&w, q->data, q->data ? q->len : 0);
	pthread_mutex_lock(&one_at_a_time);
	pthread_mutex_lock(&mailbox.lock);
	mailbox.full = false;
	pthread_mutex_unlock(&mailbox.lock);
	if (ds_runner_send(&w) != 0) {
		pthread_mutex_unlock(&one_at_a_time);
		free(buf);
		return DS_ERR_IO;
	}
	free(buf);
	if (q->op == DS_WHOST_BLE_DISCONNECT) {
		pthread_mutex_unlock(&one_at_a_time);
		return DS_OK;
	}
	/* doorstep always answers, or ends this process. */
	pthread_mutex_lock(&mailbox.lock);
	while (!mailbox.full)
		pthread_cond_wait(&mailbox.cond, &mailbox.lock);
	memcpy(reply_buf, mailbox.buf, mailbox.len);
	*in = (ds_wire_reader){ .buf = reply_buf, .len = mailbox.len, .pos = 4 };
	mailbox.full = false;
	pthread_mutex_unlock(&mailbox.lock);
	pthread_mutex_unlock(&one_at_a_time);
	st = (ds_status)ds_wire_u32(in);
	return in->bad ? DS_ERR_IO : st;
}

/** ask() with a reply buffer of its own, for requests answered by a status only. */
static ds_status ask_status(const struct req *q)
{
	unsigned char *buf = malloc(DS_WIRE_MAX);
	ds_wire_reader in;
	ds_status st;

	if (!buf)
		return DS_ERR_NO_MEMORY;
	st = ask(q, &in, buf);
	free(buf);
	return st;
}

static ds_status r_connect(ds_call *call, const char *address, unsigned timeout_ms, ds_ble_link **out)
{
	unsigned char *buf = malloc(DS_WIRE_MAX);
	ds_wire_reader in;
	ds_status st;
	uint64_t link;

	(void)call;
	*out = NULL;
	if (!buf)
		return DS_ERR_NO_MEMORY;
	st = ask(&(struct req){ .op = DS_WHOST_BLE_CONNECT, .text = address, .timeout_ms = timeout_ms }, &in, buf);
	link = ds_wire_u64(&in);
	free(buf);
	if (st == DS_OK && link)
		*out = (ds_ble_link *)(uintptr_t)link;
	return st == DS_OK && !link ? DS_ERR_IO : st;
}

static void r_disconnect(ds_ble_link *link)
{
	if (link)
		(void)ask_status(&(struct req){ .op = DS_WHOST_BLE_DISCONNECT, .link = (uintptr_t)link });
}

static ds_status r_gatt_char(ds_call *call, ds_ble_link *link, size_t index, ds_gatt_char *out)
{
	unsigned char *buf = malloc(DS_WIRE_MAX);
	ds_wire_reader in;
	ds_status st;

	(void)call;
	memset(out, 0, sizeof *out);
	if (!buf)
		return DS_ERR_NO_MEMORY;
	st = ask(&(struct req){ .op = DS_WHOST_BLE_GATT_CHAR, .link = (uintptr_t)link, .index_or_size = index }, &in,
		 buf);
	if (!ds_wire_fixed(&in, out, sizeof *out) && st == DS_OK)
		st = DS_ERR_IO;
	free(buf);
	return st;
}

/** read and wait_notification: the value into buf. */
static ds_status value(ds_wire_host_op op, ds_ble_link *link, const char *uuid, uint8_t *buf, size_t size, size_t *len,
		       unsigned timeout_ms)
{
	unsigned char *reply = malloc(DS_WIRE_MAX);
	ds_wire_reader in;
	const void *p;
	size_t n = 0;
	ds_status st;

	*len = 0;
	if (!reply)
		return DS_ERR_NO_MEMORY;
	st = ask(&(struct req){ .op = op,
				.link = (uintptr_t)link,
				.text = uuid,
				.timeout_ms = timeout_ms,
				.index_or_size = size },
		 &in, reply);
	p = ds_wire_bytes(&in, &n);
	if (st == DS_OK && p && n <= size) {
		memcpy(buf, p, n);
		*len = n;
	} else if (st == DS_OK) {
		st = DS_ERR_IO;
	}
	free(reply);
	return st;
}

static ds_status r_read(ds_call *call, ds_ble_link *link, const char *uuid, uint8_t *buf, size_t size, size_t *len,
			unsigned timeout_ms)
{
	(void)call;
	return value(DS_WHOST_BLE_READ, link, uuid, buf, size, len, timeout_ms);
}

static ds_status r_wait_notification(ds_call *call, ds_ble_link *link, const char *uuid, uint8_t *buf, size_t size,
				     size_t *len, unsigned timeout_ms)
{
	(void)call;
	return value(DS_WHOST_BLE_WAIT_NOTIFICATION, link, uuid, buf, size, len, timeout_ms);
}

static ds_status r_write(ds_call *call, ds_ble_link *link, const char *uuid, const uint8_t *data, size_t len,
			 bool with_response, unsigned timeout_ms)
{
	(void)call;
	return ask_status(&(struct req){ .op = DS_WHOST_BLE_WRITE,
					 .link = (uintptr_t)link,
					 .text = uuid,
					 .timeout_ms = timeout_ms,
					 .with_response = with_response,
					 .data = data,
					 .len = len });
}

static ds_status r_subscribe(ds_call *call, ds_ble_link *link, const char *uuid, unsigned timeout_ms)
{
	(void)call;
	return ask_status(&(struct req){
		.op = DS_WHOST_BLE_SUBSCRIBE, .link = (uintptr_t)link, .text = uuid, .timeout_ms = timeout_ms });
}

ds_http_pin_verdict ds_runner_cert_pin(ds_job *job, const char *hostport, const char *fingerprint, char *accepted,
				       size_t accepted_size)
{
	unsigned char *buf = malloc(DS_WIRE_MAX);
	ds_wire_reader in;
	const char *date;
	ds_status st;

	(void)job; /* doorstep answers for the call it is running */
	if (accepted_size)
		accepted[0] = '\0';
	if (!buf)
		return DS_HTTP_PIN_IS_UNKNOWN;
	st = ask(&(struct req){ .op = DS_WHOST_CERT_PIN,
				.text = hostport,
				.data = (const uint8_t *)fingerprint,
				.len = strlen(fingerprint) + 1 },
		 &in, buf);
	date = ds_wire_str(&in);
	if (date && accepted_size)
		snprintf(accepted, accepted_size, "%s", date);
	free(buf);
	if (st == DS_OK)
		return DS_HTTP_PIN_IS_ACCEPTED;
	return st == DS_ERR_UNTRUSTED ? DS_HTTP_PIN_IS_OTHER : DS_HTTP_PIN_IS_UNKNOWN;
}

const ds_host_ble *ds_runner_ble(void)
{
	static const ds_host_ble table = {
		.struct_size = sizeof(ds_host_ble),
		.connect = r_connect,
		.disconnect = r_disconnect,
		.gatt_char = r_gatt_char,
		.read = r_read,
		.write = r_write,
		.subscribe = r_subscribe,
		.wait_notification = r_wait_notification,
	};

	return &table;
}
