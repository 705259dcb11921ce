/* The messages between doorstep and a plugin runner (the process in which
 * one plugin runs, app/plugin/runner/): one message per datagram of a
 * SOCK_SEQPACKET socket pair, so a message is never split or merged.
 *
 * A message is a type and a sequence of fields. Each field is a 32-bit
 * length and that many bytes; strings carry a NUL after their bytes (not
 * counted), and DS_WIRE_NULL as length stands for a NULL string. Readers
 * check every length against what arrived and mark the message bad instead
 * of reading past it: the runner holds a vendor's code and is not trusted.
 *
 *   doorstep → runner           runner → doorstep
 *   INIT data_dir               HELLO descriptor, or why it did not load
 *   CALL one operation          REPLY status, message, outputs
 *   CANCEL                      PROGRESS permille, text
 *   HOST_REPLY a service's      LOG level, text
 *     answer                    HOST a host service for the running call (BLE, pins)
 *   FINI                                                                      */
#ifndef DS_RUNNER_WIRE_H
#define DS_RUNNER_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "app/base/must_check.h"

/** Where the runner finds its end of the socket pair and the plugin's
 *  sealed image: doorstep puts them there when it starts it. */
#define DS_RUNNER_SOCKET_FD 3
#define DS_RUNNER_IMAGE_FD 4

/** Largest message either side sends (bytes). */
#define DS_WIRE_MAX ((size_t)96 * 1024)
/** Length that stands for a NULL string. */
#define DS_WIRE_NULL UINT32_MAX
/** Longest text (progress, log, failure message) a runner sends (bytes). */
#define DS_WIRE_TEXT_MAX 4096

/** Message types. */
typedef enum ds_wire_type {
	DS_WIRE_HELLO = 1,
	DS_WIRE_INIT = 2,
	DS_WIRE_CALL = 3,
	DS_WIRE_REPLY = 4,
	DS_WIRE_CANCEL = 5,
	DS_WIRE_PROGRESS = 6,
	DS_WIRE_LOG = 7,
	DS_WIRE_HOST = 8,
	DS_WIRE_HOST_REPLY = 9,
	DS_WIRE_FINI = 10,
} ds_wire_type;

/** The operations a CALL names: the plugin's operations the host uses. */
typedef enum ds_wire_op {
	DS_WOP_OPEN = 1,
	DS_WOP_CLOSE,
	DS_WOP_DEVICE_INFO,
	DS_WOP_MATCH_QR,
	DS_WOP_MATCH_BLE,
	DS_WOP_MATCH_SERIAL,
	DS_WOP_DISCOVER,
	DS_WOP_CREDENTIAL_STATE,
	DS_WOP_LOGIN,
	DS_WOP_SET_PASSWORD,
	DS_WOP_WIFI_SCAN,
	DS_WOP_WIFI_CONFIGURE,
	DS_WOP_ESIM_PROFILE,
	DS_WOP_ESIM_SET_PRIMARY,
	DS_WOP_ESIM_SET_BACKUP,
	DS_WOP_ESIM_DOWNLOAD,
	DS_WOP_CELLULAR_STATUS,
	DS_WOP_FAILOVER_TEST,
	DS_WOP_DIAGNOSE,
	DS_WOP_HANDOVER_CODE,
	DS_WOP_OPERATOR_SCAN,
	DS_WOP_WIFI_STATUS,
	DS_WOP_MATCH_ADDRESS, /**< since ABI 1.2 */
	DS_WOP_ACCOUNT,
	DS_WOP_ACCOUNT_SET_PASSWORD,
	DS_WOP_ACCOUNT_DELETE,
	DS_WOP_CHECK_FIX,
	DS_WOP_ESIM_INFO, /**< since ABI 1.2 (SGP.22 eSIM management) */
	DS_WOP_ESIM_DISABLE,
	DS_WOP_ESIM_DELETE,
	DS_WOP_ESIM_NICKNAME,
	DS_WOP_ESIM_NOTIFICATION,
	DS_WOP_ESIM_NOTIFICATIONS_SEND,
	DS_WOP_INIT, /**< not in a CALL: names init() in messages */
	DS_WOP_FINI, /**< not in a CALL: names fini() in messages */
	DS_WOP_COUNT
} ds_wire_op;

/** The host services a HOST message names (ds_host_ble). */
typedef enum ds_wire_host_op {
	DS_WHOST_BLE_CONNECT = 1,
	DS_WHOST_BLE_DISCONNECT,
	DS_WHOST_BLE_GATT_CHAR,
	DS_WHOST_BLE_READ,
	DS_WHOST_BLE_WRITE,
	DS_WHOST_BLE_SUBSCRIBE,
	DS_WHOST_BLE_WAIT_NOTIFICATION,
	/** "Which certificate was accepted for host:port?" (ds_host.http's
	 *  trust on first use): text host:port, data the presented fingerprint;
	 *  answered with a status (DS_OK accepted, DS_ERR_NOT_FOUND none yet,
	 *  DS_ERR_UNTRUSTED another one) and the date it was accepted. */
	DS_WHOST_CERT_PIN,
} ds_wire_host_op;

/** A message being written into a buffer of cap bytes (at most
 *  DS_WIRE_MAX; secure memory for a CALL, which may carry a password). A
 *  field that does not fit marks it overflowed; ds_wire_send then refuses it. */
typedef struct ds_wire {
	unsigned char *buf;
	size_t cap;
	size_t len;
	bool overflow;
} ds_wire;

/** A message being read. A field that is missing or does not fit marks
 *  it bad; every later read returns zero or empty. */
typedef struct ds_wire_reader {
	const unsigned char *buf;
	size_t len;
	size_t pos;
	bool bad;
} ds_wire_reader;

/** Starts a message of type t in w, written into buf of cap bytes. */
void ds_wire_begin(ds_wire *w, unsigned char *buf, size_t cap, ds_wire_type t);
void ds_wire_put_u32(ds_wire *w, uint32_t v);
void ds_wire_put_u64(ds_wire *w, uint64_t v);
/** A string (NULL allowed); at most max bytes of it (cut on a UTF-8 boundary). */
void ds_wire_put_str(ds_wire *w, const char *s, size_t max);
/** Bytes as they are (a struct, a buffer). */
void ds_wire_put_bytes(ds_wire *w, const void *p, size_t n);
/** Sends the message on fd. 0, or -1 (errno; EMSGSIZE when it overflowed). */
DS_MUST_CHECK int ds_wire_send(int fd, const ds_wire *w);
/** Receives one message into buf (DS_WIRE_MAX bytes) and starts reading it.
 *  The type, 0 at the end of the stream, or -1 (errno; EBADMSG when it is
 *  shorter than a type). */
DS_MUST_CHECK int ds_wire_recv(int fd, unsigned char *buf, ds_wire_reader *r);

/** Starts reading the message of len bytes in buf: its type, or -1
 *  (EBADMSG) when it has no known type. */
DS_MUST_CHECK int ds_wire_open(const unsigned char *buf, size_t len, ds_wire_reader *r);

uint32_t ds_wire_u32(ds_wire_reader *r);
uint64_t ds_wire_u64(ds_wire_reader *r);
/** A string: points into the message (NUL-terminated there), or NULL for
 *  a NULL string or a bad message. */
const char *ds_wire_str(ds_wire_reader *r);
/** As ds_wire_str, but "" for NULL. */
const char *ds_wire_text(ds_wire_reader *r);
/** Bytes: points into the message and sets *n, or NULL when bad. */
const void *ds_wire_bytes(ds_wire_reader *r, size_t *n);
/** Copies a field of exactly n bytes into out; false (out zeroed) otherwise. */
bool ds_wire_fixed(ds_wire_reader *r, void *out, size_t n);

#endif
