/* Discovery probes: one UDP datagram to a multicast group on every network
 * interface that is up and can multicast (WS-Discovery, SSDP, mDNS), and to
 * addresses given by hand (devices on another subnet), then the answers
 * that come back during a time window, each with the address it came from.
 * Answers to a multicast probe come by unicast to the port the probe was
 * sent from, so every probe goes out from a socket of its own that stays
 * open for the window. The host side of ds_host.net's probe
 * (app/plugin/host_net.h). */
#ifndef DS_NET_PROBE_H
#define DS_NET_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <doorstep/plugin.h>

#include "app/base/must_check.h"
#include "app/base/wait.h"
#include "app/net/net_addr.h"

/** Largest datagram taken as an answer; longer ones are dropped (counted). */
#define DS_PROBE_DATAGRAM_MAX 65536
/** Most answers one probe hands on; the probe ends at the cap. */
#define DS_PROBE_ANSWERS_MAX 4096
/** Most sockets one probe opens (interface addresses, plus two for unicast). */
#define DS_PROBE_SOCKETS_MAX 64

/** Takes one answer: its sender as "a.b.c.d:port" or "[v6]:port"; false stops the probe. */
typedef bool (*ds_probe_answer_fn)(void *ctx, const char *from, const uint8_t *data, size_t len);

/** What to send where. */
typedef struct ds_probe {
	const char *group;          /**< multicast group literal ("239.255.255.250", "ff02::c"), or NULL */
	uint16_t port;              /**< the group's port, and the port of unicast addresses without one */
	const char *const *unicast; /**< "host[:port]" list, NULL-terminated, or NULL */
	const uint8_t *msg;
	size_t len;
	unsigned window_ms; /**< how long answers are collected, from the start */
	ds_probe_answer_fn on_answer;
	void *ctx;
} ds_probe;

/** What happened, for the messages a person reads. */
typedef struct ds_probe_report {
	unsigned interfaces_up;            /**< interface addresses of the group's family that are up */
	unsigned interfaces_multicast;     /**< of those, the ones that can multicast */
	unsigned multicast_sent;           /**< interface addresses the group was sent on */
	unsigned unicast_sent;             /**< unicast datagrams sent */
	unsigned unicast_failed;           /**< unicast addresses that could not be resolved or sent to */
	char first_failed[DS_LOCATOR_MAX]; /**< the first of those, as given */
	ds_status first_failed_status;     /**< why: DS_ERR_INVALID (malformed), _NOT_FOUND, _TIMEOUT, _IO */
	int send_errno;                    /**< errno of the last failed send (0: none) */
	size_t answers;                    /**< answers handed on */
	size_t dropped_large;              /**< datagrams over DS_PROBE_DATAGRAM_MAX, dropped */
	bool capped;                       /**< ended at DS_PROBE_ANSWERS_MAX answers */
	bool stopped;                      /**< on_answer asked to stop */
} ds_probe_report;

/** Sends the probe and collects answers until the window ends. DS_OK (also
 *  when on_answer stopped it early or the cap was reached: see rep),
 *  DS_ERR_CANCELLED, DS_ERR_INVALID (group not a multicast address, message
 *  empty or over 65507 bytes), DS_ERR_IO when no datagram could be sent at
 *  all, DS_ERR_NO_MEMORY. rep is filled in every case. */
DS_MUST_CHECK ds_status ds_net_probe(const ds_probe *p, const ds_wait *w, ds_probe_report *rep);

#endif
