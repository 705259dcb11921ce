/* The network test servers (tests/support/net_server.py) as a C fixture:
 * started in a directory of their own, stopped with the test. */
#ifndef DS_NET_FIXTURE_H
#define DS_NET_FIXTURE_H

#include <sys/types.h>

struct cJSON;

/** Starts tests/support/<script_name> (python3) with dir and arg (NULL:
 *  none), and waits for dir/ports.json (up to 60 s): its JSON (free with
 *  cJSON_Delete), or NULL when the script did not start (*pid is then 0). */
struct cJSON *ds_fixture_spawn(const char *script_name, const char *dir, const char *arg, pid_t *pid);
/** Stops a server from ds_fixture_spawn (SIGTERM, waits) and sets *pid to 0. */
void ds_fixture_stop_pid(pid_t *pid);
/** The integer member key of a ports.json object, or -1. */
int ds_fixture_port(const struct cJSON *o, const char *key);

/** The running servers and their ports. */
typedef struct ds_net_fixture {
	pid_t pid;
	char dir[4096];      /**< certificates (ca.pem) and ports.json */
	int http, https, expired, wronghost, skewed, slow, blackhole, closed;
	int http6;           /**< plain HTTP on ::1, or 0 without an IPv6 loopback */
} ds_net_fixture;

/** Starts the servers in dir (slow_seconds: the slow server's delay) and
 *  waits for their ports (up to 60 s). 0 or -1. */
int ds_net_fixture_start(ds_net_fixture *f, const char *dir, double slow_seconds);
/** As ds_net_fixture_start, in <parent>/servers, failing the whole
 *  process (exit 1) when they do not start: for test set-ups. */
void ds_net_fixture_start_under(ds_net_fixture *f, const char *parent, double slow_seconds);
/** Stops them. */
void ds_net_fixture_stop(ds_net_fixture *f);
/** Writes $XDG_CONFIG_HOME/doorstep/config.json trusting the test CA, with
 *  timeout_seconds and the portal probe at path ("generate_204", "portal")
 *  of the plain server. 0 or -1. */
int ds_net_fixture_config(const ds_net_fixture *f, unsigned timeout_seconds, const char *portal_path);
/** As ds_net_fixture_config, and the laptop's targets are urls
 *  (NULL-terminated) instead of the defaults. 0 or -1. */
int ds_net_fixture_config_targets(const ds_net_fixture *f, unsigned timeout_seconds, const char *portal_path,
				  const char *const *urls);
/** Starts the servers under parent (failing the process if they do not)
 *  and points the laptop's checks at them: the plain server is the only
 *  target and answers the portal probe. For tests that run plans, so that
 *  no check leaves this machine. */
void ds_net_fixture_serve_laptop(ds_net_fixture *f, const char *parent);

#endif
