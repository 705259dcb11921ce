/* The laptop's network checks: for every target URL, DNS resolution, TCP
 * connect, TLS handshake (chain, expiry, host name), HTTP status, the
 * timing breakdown, clock skew from the Date header, IPv4 and IPv6 on
 * their own; and once, a captive-portal probe. Every check runs at once
 * on one libcurl multi handle inside a job, each transfer with its own
 * timeout; the job posts a ds_net_update item whenever a check changes,
 * and stops at once when cancelled. No curses here. */
#ifndef DS_NET_SUITE_H
#define DS_NET_SUITE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/base/jobs.h"
#include "app/base/must_check.h"

/** Longest target URL (bytes, with NUL). */
#define DS_NET_URL_MAX 512
/** Default time each check may take. */
#define DS_NET_DEFAULT_TIMEOUT_MS 10000

/** What a check looks at. */
typedef enum ds_net_kind {
	DS_NET_DNS = 0, /**< the host name resolves */
	DS_NET_TCP,     /**< a TCP connection opens */
	DS_NET_TLS,     /**< the TLS handshake and certificate (https only) */
	DS_NET_HTTP,    /**< the HTTP status */
	DS_NET_TIMING,  /**< DNS, connect, TLS and first-byte times */
	DS_NET_CLOCK,   /**< this laptop's clock against the server's Date header */
	DS_NET_IPV4,    /**< a connection over IPv4 alone */
	DS_NET_IPV6,    /**< a connection over IPv6 alone */
	DS_NET_PORTAL,  /**< no captive portal intercepts traffic (once per suite) */
} ds_net_kind;

/** Where a check is. */
typedef enum ds_net_state {
	DS_NET_PENDING = 0, /**< not started */
	DS_NET_RUNNING,     /**< its transfer runs */
	DS_NET_FINISHED,    /**< result holds the grade, value and advice */
} ds_net_state;

/** One check of the suite. */
typedef struct ds_net_check {
	ds_net_kind kind;
	size_t target;     /**< index into the suite's targets (the portal probe: its URL's index) */
	ds_net_state state;
	ds_check result;   /**< id and title from the start; grade, value and advice once finished */
	long ms;           /**< from the start of the suite to its result */
} ds_net_check;

/** How the suite runs. */
typedef struct ds_net_options {
	unsigned timeout_ms;               /**< per check; 0: DS_NET_DEFAULT_TIMEOUT_MS */
	char portal_url[DS_NET_URL_MAX];   /**< the "generate 204" probe; "" skips the portal check */
	char ca_file[DS_NET_URL_MAX];      /**< CA bundle to trust instead of the system's, or "" */
} ds_net_options;

/** A suite: targets, their checks, and how long the whole run took. */
typedef struct ds_net_suite {
	ds_net_options options;
	char (*targets)[DS_NET_URL_MAX];
	size_t n_targets;
	ds_net_check *checks;
	size_t n_checks;
	long wall_ms;      /**< out: the whole run, after DONE */
} ds_net_suite;

/** An item the job posts when a check changes (malloc'd; free()). */
typedef struct ds_net_update {
	size_t index;      /**< into the suite's checks */
	ds_net_check check;
} ds_net_update;

/** Builds the suite's checks for urls (n of them, http or https) plus the
 *  portal probe. 0, or -1 with a translated reason in error (a URL that is
 *  not http(s)://host..., too long, or out of memory). */
DS_MUST_CHECK int ds_net_suite_init(ds_net_suite *s, const char *const *urls, size_t n, const ds_net_options *options,
				    char *error, size_t error_size);
/** Copies a suite (the UI's copy of what a job works on). 0 or -1. */
DS_MUST_CHECK int ds_net_suite_copy(ds_net_suite *dst, const ds_net_suite *src);
/** Frees the suite's lists. */
void ds_net_suite_free(ds_net_suite *s);
/** Applies an update posted by the job to a copy of its suite. */
void ds_net_suite_apply(ds_net_suite *s, const ds_net_update *u);
/** Counts the checks by state, and the finished ones by grade (any may be NULL). */
void ds_net_suite_counts(const ds_net_suite *s, size_t *finished, size_t *pass, size_t *warn, size_t *fail);
/** Job: runs every check of the suite (arg) at once. DS_OK when every
 *  check has a result, DS_ERR_CANCELLED, or an error when curl cannot start. */
ds_status ds_net_suite_job(ds_job *job, void *arg);
/** The stable English name of a kind ("dns", "tls"...), for ids and --json. */
const char *ds_net_kind_name(ds_net_kind kind);

#endif
