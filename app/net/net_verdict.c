/* Laptop check results with advice. */
#include "app/net/net_verdict.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"

/** X.509 verification codes (OpenSSL's X509_V_ERR_*), as curl reports them.
 *  curl checks the host name itself and then reports its own message
 *  ("no alternative certificate subject name matches target host name"). */
enum {
	DS_X509_NOT_YET_VALID = 9,
	DS_X509_EXPIRED = 10,
	DS_X509_HOSTNAME_MISMATCH = 62,
};

/** How far a request got. */
typedef enum ds_net_stage {
	DS_STAGE_DNS = 0,
	DS_STAGE_TCP,
	DS_STAGE_TLS,
	DS_STAGE_HTTP,
	DS_STAGE_ANSWERED, /**< an HTTP answer came */
} ds_net_stage;

/** The stage a request stopped at (DS_STAGE_ANSWERED when it got an answer). */
static ds_net_stage ds_net_stopped_at(const ds_net_outcome *o)
{
	switch (o->rc) {
	case CURLE_OK:
		return DS_STAGE_ANSWERED;
	case CURLE_COULDNT_RESOLVE_HOST:
		return DS_STAGE_DNS;
	case CURLE_COULDNT_CONNECT:
		return DS_STAGE_TCP;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return DS_STAGE_TLS;
	default:
		break;
	}
	if (!o->literal_host && o->dns_us == 0 && o->connect_us == 0)
		return DS_STAGE_DNS;
	if (o->connect_us == 0)
		return DS_STAGE_TCP;
	if (o->https && o->tls_us == 0)
		return DS_STAGE_TLS;
	return DS_STAGE_HTTP;
}

/** Sets grade, value and advice (printf-style) of out. */
static void ds_net_set(ds_check *out, ds_check_grade grade, const char *value, const char *advice_fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** Sets grade, value and advice (printf-style) of out. */
static void ds_net_set(ds_check *out, ds_check_grade grade, const char *value, const char *advice_fmt, ...)
{
	va_list ap;

	out->grade = grade;
	snprintf(out->value, sizeof out->value, "%s", value);
	va_start(ap, advice_fmt);
	vsnprintf(out->advice, sizeof out->advice, advice_fmt, ap);
	va_end(ap);
}

/** Milliseconds of a microsecond time, rounded. */
static long ds_ms(long long us)
{
	return (long)((us + 500) / 1000);
}

/** Marks a check that was not tried because an earlier stage failed. */
static void ds_net_not_tried(ds_check *out)
{
	ds_net_set(out, DS_CHECK_SKIPPED, _("not tried"), "%s",
		   _("Not tried: an earlier step of the same connection failed. Fix that one first."));
}

/** A short value for a timeout after the transfer's limit. */
static void ds_net_timeout_value(const ds_net_outcome *o, char *buf, size_t size)
{
	snprintf(buf, size, _("no answer within %u s"), (o->timeout_ms + 999) / 1000);
}

static void ds_net_verdict_dns(const ds_net_outcome *o, ds_check *out)
{
	char value[DS_NAME_MAX];

	if (ds_net_stopped_at(o) != DS_STAGE_DNS) {
		if (o->literal_host)
			snprintf(value, sizeof value, "%s", _("an IP address, no look-up"));
		else
			snprintf(value, sizeof value, _("resolved in %ld ms"), ds_ms(o->dns_us));
		ds_net_set(out, DS_CHECK_PASS, value, "%s", _("The name resolves to an address."));
		return;
	}
	if (o->rc == CURLE_OPERATION_TIMEDOUT) {
		ds_net_timeout_value(o, value, sizeof value);
		ds_net_set(out, DS_CHECK_FAIL, value, "%s",
			   _("The DNS server did not answer in time. Check that the laptop is online (open a web page); "
			     "on a slow or filtered network ask its owner which DNS server to use."));
		return;
	}
	ds_net_set(out, DS_CHECK_FAIL, _("the name does not resolve"), "%s",
		   _("No address for this name: the laptop is offline, its DNS server fails, or the address is wrong. "
		     "Open a web page to check the connection; if only this name fails, check the address with the "
		     "vendor."));
}

static void ds_net_verdict_tcp(const ds_net_outcome *o, ds_check *out)
{
	ds_net_stage at = ds_net_stopped_at(o);
	char value[DS_NAME_MAX];

	if (at < DS_STAGE_TCP) {
		ds_net_not_tried(out);
		return;
	}
	if (at > DS_STAGE_TCP) {
		snprintf(value, sizeof value, _("%s in %ld ms"), o->ip[0] ? o->ip : "?", ds_ms(o->connect_us - o->dns_us));
		ds_net_set(out, DS_CHECK_PASS, value, "%s", _("The server accepts connections."));
		return;
	}
	if (o->rc == CURLE_OPERATION_TIMEDOUT) {
		ds_net_timeout_value(o, value, sizeof value);
		ds_net_set(out, DS_CHECK_FAIL, value, "%s",
			   _("Nothing answered the connection: a firewall drops the traffic or the network has no route "
			     "to the server. Try another network (a phone hotspot); if that works, ask the network's "
			     "owner to allow this address."));
		return;
	}
	ds_net_set(out, DS_CHECK_FAIL, strstr(o->error, "efused") ? _("connection refused") : _("cannot connect"), "%s",
		   _("The server refused the connection: the service is down or the address or port is wrong. Check "
		     "the address with the vendor, or try again later."));
}

static void ds_net_verdict_tls(const ds_net_outcome *o, ds_check *out)
{
	ds_net_stage at = ds_net_stopped_at(o);
	char value[DS_NAME_MAX];

	if (at < DS_STAGE_TLS) {
		ds_net_not_tried(out);
		return;
	}
	if (at > DS_STAGE_TLS) {
		if (o->has_expiry && o->cert_days_left < 14) {
			snprintf(value, sizeof value, P_("certificate expires in %ld day", "certificate expires in %ld days",
							 o->cert_days_left), o->cert_days_left);
			ds_net_set(out, DS_CHECK_WARN, value, "%s",
				   _("The connection is secure, but the server's certificate expires soon; then the "
				     "system cannot reach it. Tell the vendor."));
			return;
		}
		if (o->has_expiry)
			snprintf(value, sizeof value, P_("verified, valid for %ld more day", "verified, valid for %ld more days",
							 o->cert_days_left), o->cert_days_left);
		else
			snprintf(value, sizeof value, "%s", _("verified"));
		ds_net_set(out, DS_CHECK_PASS, value, "%s",
			   _("The certificate chain, its dates and the host name are all right: the connection is secure."));
		return;
	}
	if (o->rc == CURLE_PEER_FAILED_VERIFICATION && o->verify_result == DS_X509_EXPIRED) {
		ds_net_set(out, DS_CHECK_FAIL, _("certificate expired"), "%s",
			   _("The server's certificate has expired, so devices refuse the connection. If this laptop's "
			     "clock is right (see the clock check), tell the vendor to renew it."));
	} else if (o->rc == CURLE_PEER_FAILED_VERIFICATION && o->verify_result == DS_X509_NOT_YET_VALID) {
		ds_net_set(out, DS_CHECK_FAIL, _("certificate not yet valid"), "%s",
			   _("The certificate is not valid yet: usually this laptop's clock is wrong. Set the date and "
			     "time, then run the checks again."));
	} else if (o->rc == CURLE_PEER_FAILED_VERIFICATION &&
		   (o->verify_result == DS_X509_HOSTNAME_MISMATCH || strstr(o->error, "host name") ||
		    strstr(o->error, "subject name"))) {
		ds_net_set(out, DS_CHECK_FAIL, _("certificate for another name"), "%s",
			   _("The server shows a certificate for another name: the address is wrong, or something on "
			     "this network (a sign-in page, a proxy) answers in its place. Check the address and try "
			     "another network."));
	} else if (o->rc == CURLE_PEER_FAILED_VERIFICATION) {
		ds_net_set(out, DS_CHECK_FAIL, _("untrusted certificate chain"), "%s",
			   _("The certificate is not signed by a trusted authority: a proxy or sign-in page on this "
			     "network may intercept the traffic, or the server's chain is incomplete. Try another "
			     "network; if it stays, tell the vendor."));
	} else if (o->rc == CURLE_OPERATION_TIMEDOUT) {
		ds_net_timeout_value(o, value, sizeof value);
		ds_net_set(out, DS_CHECK_FAIL, value, "%s",
			   _("The server accepted the connection but never completed the secure handshake: a filter "
			     "on this network may hold the traffic, or the service hangs. Try another network."));
	} else {
		ds_net_set(out, DS_CHECK_FAIL, _("handshake failed"), _("The secure handshake failed (%s). Try another "
									"network; if it stays, tell the vendor."),
			   o->error[0] ? o->error : curl_easy_strerror(o->rc));
	}
}

static void ds_net_verdict_http(const ds_net_outcome *o, ds_check *out)
{
	ds_net_stage at = ds_net_stopped_at(o);
	char value[DS_NAME_MAX];

	if (at < DS_STAGE_HTTP) {
		ds_net_not_tried(out);
		return;
	}
	if (at == DS_STAGE_HTTP) {
		if (o->rc == CURLE_OPERATION_TIMEDOUT)
			ds_net_timeout_value(o, value, sizeof value);
		else
			snprintf(value, sizeof value, "%s", _("no answer"));
		ds_net_set(out, DS_CHECK_FAIL, value, "%s",
			   _("The connection opened but the server sent no answer: it is overloaded or hangs, or a filter "
			     "holds the traffic. Try again later or from another network; if it stays, tell the "
			     "vendor."));
		return;
	}
	snprintf(value, sizeof value, "HTTP %ld", o->status);
	if (o->status >= 200 && o->status < 400)
		ds_net_set(out, DS_CHECK_PASS, value, "%s", _("The service answers."));
	else if (o->status >= 400 && o->status < 500)
		ds_net_set(out, DS_CHECK_WARN, value, "%s",
			   _("The server is reachable but refused this request (it wants a sign-in, or the path is "
			     "wrong). Devices sign in themselves; if this is the alarm cloud's address, check it with "
			     "the vendor."));
	else
		ds_net_set(out, DS_CHECK_FAIL, value, "%s",
			   _("The service reports an error of its own: alarms may not be delivered now. Try again later "
			     "and tell the vendor if it stays."));
}

static void ds_net_verdict_timing(const ds_net_outcome *o, ds_check *out)
{
	char value[DS_NAME_MAX];
	long long tls = o->tls_us ? o->tls_us : o->connect_us;

	if (ds_net_stopped_at(o) != DS_STAGE_ANSWERED) {
		ds_net_not_tried(out);
		return;
	}
	snprintf(value, sizeof value, _("first byte %ld ms (DNS %ld, TCP %ld, TLS %ld)"), ds_ms(o->first_byte_us - tls),
		 ds_ms(o->dns_us), ds_ms(o->connect_us - o->dns_us), o->tls_us ? ds_ms(o->tls_us - o->connect_us) : 0L);
	if (o->first_byte_us <= 1500000)
		ds_net_set(out, DS_CHECK_PASS, value, "%s", _("The service answers quickly."));
	else
		ds_net_set(out, DS_CHECK_WARN, value, "%s",
			   _("The service answers slowly: alarms still get through, but video and the app may lag. "
			     "If the network is busy, try again later."));
}

static void ds_net_verdict_clock(const ds_net_outcome *o, ds_check *out)
{
	char value[DS_NAME_MAX];
	long skew = labs(o->skew_s);

	if (ds_net_stopped_at(o) != DS_STAGE_ANSWERED || !o->has_date) {
		ds_net_set(out, DS_CHECK_SKIPPED, _("no Date from the server"), "%s",
			   _("The server sent no time to compare with; another target's check shows the clock."));
		return;
	}
	if (skew <= 1)
		snprintf(value, sizeof value, "%s", _("in step with the server"));
	else if (o->skew_s > 0)
		snprintf(value, sizeof value, P_("%ld second behind the server", "%ld seconds behind the server", skew),
			 skew);
	else
		snprintf(value, sizeof value, P_("%ld second ahead of the server", "%ld seconds ahead of the server", skew),
			 skew);
	if (skew <= 60)
		ds_net_set(out, DS_CHECK_PASS, value, "%s", _("This laptop's clock is right."));
	else if (skew <= 600)
		ds_net_set(out, DS_CHECK_WARN, value, "%s",
			   _("This laptop's clock is off by minutes: times in the report will be wrong. Turn on "
			     "automatic date and time."));
	else
		ds_net_set(out, DS_CHECK_FAIL, value, "%s",
			   _("This laptop's clock is far off: secure connections fail when it is wrong, and times in "
			     "the report will be wrong. Set the date and time (automatic), then run the checks again."));
}

/** True when a connect-only transfer got through. */
static bool ds_net_connected(const ds_net_outcome *o)
{
	return o->done && o->rc == CURLE_OK;
}

static void ds_net_verdict_family(bool v6, const ds_net_outcome *mine, const ds_net_outcome *other, ds_check *out)
{
	char value[DS_NAME_MAX];

	if (ds_net_connected(mine)) {
		snprintf(value, sizeof value, _("%s in %ld ms"), mine->ip[0] ? mine->ip : "?", ds_ms(mine->connect_us));
		ds_net_set(out, DS_CHECK_PASS, value, "%s",
			   v6 ? _("The server is reachable over IPv6.") : _("The server is reachable over IPv4."));
		return;
	}
	if (mine->rc == CURLE_OPERATION_TIMEDOUT)
		ds_net_timeout_value(mine, value, sizeof value);
	else if (mine->rc == CURLE_COULDNT_RESOLVE_HOST)
		snprintf(value, sizeof value, "%s", v6 ? _("no IPv6 address") : _("no IPv4 address"));
	else
		snprintf(value, sizeof value, "%s", v6 ? _("no IPv6 route") : _("no IPv4 route"));
	if (v6)
		ds_net_set(out, DS_CHECK_WARN, value, "%s",
			   _("No connection over IPv6 (this network or the server has none). The system works over "
			     "IPv4; nothing to do unless the vendor requires IPv6."));
	else if (ds_net_connected(other))
		ds_net_set(out, DS_CHECK_WARN, value, "%s",
			   _("Only IPv6 reaches the server. Devices that speak IPv4 alone cannot; check that the alarm "
			     "devices support IPv6, or ask the network's owner about IPv4."));
	else
		ds_net_set(out, DS_CHECK_FAIL, value, "%s",
			   _("The server cannot be reached over IPv4 (nor IPv6). Check that the laptop is online and try "
			     "another network."));
}

void ds_net_verdict(ds_net_kind kind, const ds_net_outcome *main, const ds_net_outcome *v4,
		    const ds_net_outcome *v6, ds_check *out)
{
	switch (kind) {
	case DS_NET_DNS:
		ds_net_verdict_dns(main, out);
		return;
	case DS_NET_TCP:
		ds_net_verdict_tcp(main, out);
		return;
	case DS_NET_TLS:
		ds_net_verdict_tls(main, out);
		return;
	case DS_NET_HTTP:
		ds_net_verdict_http(main, out);
		return;
	case DS_NET_TIMING:
		ds_net_verdict_timing(main, out);
		return;
	case DS_NET_CLOCK:
		ds_net_verdict_clock(main, out);
		return;
	case DS_NET_IPV4:
		ds_net_verdict_family(false, v4, v6, out);
		return;
	case DS_NET_IPV6:
		ds_net_verdict_family(true, v6, v4, out);
		return;
	case DS_NET_PORTAL:
		ds_net_verdict_portal(main, out);
		return;
	}
}

void ds_net_verdict_portal(const ds_net_outcome *probe, ds_check *out)
{
	char value[DS_NAME_MAX];

	if (probe->rc != CURLE_OK) {
		ds_net_set(out, DS_CHECK_WARN, _("probe not reachable"), "%s",
			   _("The sign-in page probe got no answer, so it is unknown whether this network needs a "
			     "sign-in. The other checks show whether the services are reachable."));
		return;
	}
	if (probe->status == 204 && probe->body_bytes == 0) {
		ds_net_set(out, DS_CHECK_PASS, _("none"), "%s", _("No sign-in page intercepts traffic on this network."));
		return;
	}
	snprintf(value, sizeof value, _("sign-in page (HTTP %ld)"), probe->status);
	ds_net_set(out, DS_CHECK_FAIL, value, "%s",
		   _("This network shows a sign-in page (a captive portal) before it lets traffic through. Alarm "
		     "devices cannot sign in: use a network without one, or ask its owner to let the devices through."));
}
