/* ds_host.net; see host_net.h. */
#include "app/plugin/host_net.h"

#include <netdb.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/plugin/plugin_host.h"
#include "app/net/net_probe.h"
#include "app/net/tcp_conn.h"

/** Source tag of this service's log lines. */
#define HOST_NET_LOG "net"

/** Seconds, rounded up, for messages. */
static unsigned host_net_seconds(unsigned ms)
{
	return (ms + 999) / 1000;
}

/** ds_wait.tick of a probe: progress with the seconds left. */
static void host_net_probe_tick(void *ctx, unsigned elapsed_ms, unsigned total_ms)
{
	ds_call *call = ctx;

	if (!call || total_ms == 0)
		return;
	if (elapsed_ms > total_ms)
		elapsed_ms = total_ms;
	ds_job_progress(call, (unsigned)((uint64_t)elapsed_ms * 1000 / total_ms),
			_("Looking for devices on the network (%u s left)"), host_net_seconds(total_ms - elapsed_ms));
}

/** Why a unicast address got no probe, for messages. */
static const char *host_net_unicast_reason(ds_status why)
{
	switch (why) {
	case DS_ERR_INVALID:
		return _("it is not an address (write host or host:port)");
	case DS_ERR_NOT_FOUND:
		return _("the name is not known");
	case DS_ERR_TIMEOUT:
		return _("looking the name up took too long");
	default:
		return _("it could not be sent there");
	}
}

/** The message of a probe that sent nothing. */
static ds_status host_net_probe_failed(ds_call *call, const char *group, const ds_probe_report *rep)
{
	if (group && rep->interfaces_up == 0 && rep->unicast_failed == 0)
		return ds_plugin_host_fail(call, DS_ERR_IO,
					   _("No network connection is up, so no device could be looked for. "
					     "Connect this computer to the devices' network (cable or Wi-Fi) and try again."));
	if (group && rep->interfaces_multicast == 0 && rep->unicast_failed == 0)
		return ds_plugin_host_fail(call, DS_ERR_IO,
					   _("None of this computer's network connections can send multicast, so devices "
					     "cannot be looked for on the network. Connect to the devices' network with a "
					     "cable or a Wi-Fi that allows multicast, or add each device by its address."));
	if (rep->unicast_failed > 0 && rep->multicast_sent == 0 && rep->interfaces_multicast == 0)
		return ds_plugin_host_fail(call, DS_ERR_IO, _("No device could be asked at %s: %s. Check the address."),
					   rep->first_failed, host_net_unicast_reason(rep->first_failed_status));
	return ds_plugin_host_fail(call, DS_ERR_IO,
				   _("The search for devices could not be sent (%s). Check this computer's network "
				     "connection and firewall, or add each device by its address."),
				   strerror(rep->send_errno));
}

/** ds_host_net.probe */
static ds_status host_net_probe(ds_call *call, const char *group, uint16_t port, const char *const *unicast,
				const uint8_t *msg, size_t len, unsigned window_ms, ds_net_answer_fn on_answer, void *ctx)
{
	ds_wait w = ds_plugin_host_wait(call);
	ds_probe p = { .group = group,
		       .port = port,
		       .unicast = unicast,
		       .msg = msg,
		       .len = len,
		       .window_ms = window_ms,
		       .on_answer = on_answer,
		       .ctx = ctx };
	ds_probe_report rep;
	ds_status st;

	w.tick = host_net_probe_tick;
	st = ds_net_probe(&p, &w, &rep);
	if (group && rep.multicast_sent == 0 && st == DS_OK)
		ds_log(DS_LOG_WARN, HOST_NET_LOG,
		       "the multicast probe to %s went out on no interface (%u up, %u can multicast): unicast only",
		       group, rep.interfaces_up, rep.interfaces_multicast);
	if (rep.unicast_failed)
		ds_log(DS_LOG_WARN, HOST_NET_LOG, "%u address(es) could not be probed; the first, %s: %s",
		       rep.unicast_failed, rep.first_failed, host_net_unicast_reason(rep.first_failed_status));
	if (rep.dropped_large)
		ds_log(DS_LOG_INFO, HOST_NET_LOG, "%zu answer(s) longer than %d bytes were dropped", rep.dropped_large,
		       DS_PROBE_DATAGRAM_MAX);
	if (rep.capped) {
		ds_log(DS_LOG_WARN, HOST_NET_LOG, "more than %d answers: the rest were left out", DS_PROBE_ANSWERS_MAX);
		if (call)
			ds_job_progress(call, 1000, _("More than %d devices answered: only the first %d are listed."),
					DS_PROBE_ANSWERS_MAX, DS_PROBE_ANSWERS_MAX);
	}
	switch (st) {
	case DS_OK:
	case DS_ERR_CANCELLED:
		return st;
	case DS_ERR_INVALID:
		return ds_plugin_host_fail(call, st,
					   _("The search for devices was malformed (group \"%s\", %zu bytes). This is a "
					     "fault in the plugin; report it to its vendor."),
					   group ? group : "", len);
	case DS_ERR_NO_MEMORY:
		return ds_plugin_host_fail(call, st, _("Out of memory. Close other programs and try again."));
	default:
		return host_net_probe_failed(call, group, &rep);
	}
}

/** ds_host_net.tcp_connect */
static ds_status host_net_connect(ds_call *call, const char *host, uint16_t port, unsigned timeout_ms, ds_net_conn **out)
{
	ds_wait w = ds_plugin_host_wait(call);
	ds_tcp_failure why;
	ds_status st;

	if (!out)
		return DS_ERR_INVALID;
	st = ds_tcp_connect(host, port, timeout_ms, &w, out, &why);
	if (!host)
		host = "";
	switch (st) {
	case DS_OK:
	case DS_ERR_CANCELLED:
		return st;
	case DS_ERR_NOT_FOUND:
		if (why.gai_error)
			return ds_plugin_host_fail(call, st,
						   _("The name %s could not be found (%s). Check the address and this "
						     "computer's network connection."),
						   host, gai_strerror(why.gai_error));
		return ds_plugin_host_fail(call, st,
					   _("%s refused a connection on port %u: nothing listens there. Check the "
					     "address and that the service is turned on in the device."),
					   host, (unsigned)port);
	case DS_ERR_TIMEOUT:
		return ds_plugin_host_fail(call, st,
					   _("%s did not answer on port %u within %u s. Check that the device is on "
					     "and on this network, then try again."),
					   host, (unsigned)port, host_net_seconds(timeout_ms));
	case DS_ERR_INVALID:
		return ds_plugin_host_fail(call, st,
					   _("\"%s\" port %u is not an address to connect to. This is a fault in the "
					     "plugin; report it to its vendor."),
					   host, (unsigned)port);
	case DS_ERR_NO_MEMORY:
		return ds_plugin_host_fail(call, st, _("Out of memory. Close other programs and try again."));
	default:
		return ds_plugin_host_fail(call, DS_ERR_IO,
					   _("Could not connect to %s on port %u (%s). Check this computer's network "
					     "connection and try again."),
					   host, (unsigned)port, strerror(why.sys_errno));
	}
}

/** The message of a send or receive that failed. */
static ds_status host_net_io_failed(ds_call *call, ds_net_conn *conn, ds_status st, unsigned timeout_ms)
{
	switch (st) {
	case DS_OK:
	case DS_ERR_CANCELLED:
		return st;
	case DS_ERR_TIMEOUT:
		return ds_plugin_host_fail(call, st,
					   _("%s did not answer within %u s. Check that the device is on and try again."),
					   conn->peer, host_net_seconds(timeout_ms));
	case DS_ERR_NOT_FOUND:
		return ds_plugin_host_fail(call, st, _("%s closed the connection. Try again."), conn->peer);
	case DS_ERR_INVALID:
		return ds_plugin_host_fail(call, st,
					   _("A network call had a wrong argument. This is a fault in the plugin; "
					     "report it to its vendor."));
	default:
		return ds_plugin_host_fail(call, DS_ERR_IO,
					   _("The connection to %s broke. Check this computer's network connection "
					     "and try again."),
					   conn->peer);
	}
}

/** ds_host_net.tcp_send */
static ds_status host_net_send(ds_call *call, ds_net_conn *conn, const uint8_t *data, size_t len, unsigned timeout_ms)
{
	ds_wait w = ds_plugin_host_wait(call);

	if (!conn)
		return host_net_io_failed(call, conn, DS_ERR_INVALID, timeout_ms);
	return host_net_io_failed(call, conn, ds_tcp_send(conn, data, len, timeout_ms, &w), timeout_ms);
}

/** ds_host_net.tcp_recv */
static ds_status host_net_recv(ds_call *call, ds_net_conn *conn, uint8_t *buf, size_t size, size_t *len,
			       unsigned timeout_ms)
{
	ds_wait w = ds_plugin_host_wait(call);
	size_t none;

	if (!len)
		len = &none;
	*len = 0;
	if (!conn)
		return host_net_io_failed(call, conn, DS_ERR_INVALID, timeout_ms);
	return host_net_io_failed(call, conn, ds_tcp_recv(conn, buf, size, len, timeout_ms, &w), timeout_ms);
}

/** The table plugins get. */
static const ds_host_net host_net = {
	.struct_size = sizeof(ds_host_net),
	.probe = host_net_probe,
	.tcp_connect = host_net_connect,
	.tcp_send = host_net_send,
	.tcp_recv = host_net_recv,
	.tcp_close = ds_tcp_close,
};

const ds_host_net *ds_host_net_services(void)
{
	return &host_net;
}
