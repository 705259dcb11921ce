/* Turns what a transfer saw into the result of a laptop check: grade,
 * value and plain advice on what it means for the alarm system and what
 * to do. Used by net_suite.c; no curl handle here, only its findings. */
#ifndef DS_NET_VERDICT_H
#define DS_NET_VERDICT_H

#include <stdbool.h>
#include <curl/curl.h>

#include "app/net/net_suite.h"

/** What one transfer found. Times are from its start, in microseconds (0: not reached). */
typedef struct ds_net_outcome {
	bool done;
	CURLcode rc;
	char error[CURL_ERROR_SIZE];
	long status;             /**< HTTP status, 0 if none */
	long long dns_us, connect_us, tls_us, first_byte_us, total_us;
	long verify_result;      /**< CURLINFO_SSL_VERIFYRESULT (an X509_V_ERR code) */
	bool https;
	bool literal_host;       /**< the URL names an IP address: nothing to resolve */
	bool has_date;
	long skew_s;             /**< server Date minus this laptop's clock */
	bool has_expiry;
	long cert_days_left;     /**< days until the server certificate expires */
	long long body_bytes;
	char ip[64];             /**< the address connected to */
	unsigned timeout_ms;
} ds_net_outcome;

/** The result of kind for one target: main is the full request, v4 and v6
 *  the IPv4-only and IPv6-only connections (may be unfinished for the
 *  kinds that do not need them). Fills grade, value and advice of out. */
void ds_net_verdict(ds_net_kind kind, const ds_net_outcome *main, const ds_net_outcome *v4,
		    const ds_net_outcome *v6, ds_check *out);
/** The result of the captive-portal probe. */
void ds_net_verdict_portal(const ds_net_outcome *probe, ds_check *out);

#endif
