/* The host HTTP service's test servers (tests/support/http_auth_server.py)
 * as a C fixture: started in a directory of their own, stopped with the test. */
#ifndef DS_HTTP_FIXTURE_H
#define DS_HTTP_FIXTURE_H

#include <stddef.h>
#include <sys/types.h>

/** The account the servers accept. */
#define DS_HTTP_FX_USER "admin"
#define DS_HTTP_FX_PASSWORD "s3cret-Pa55"

/** The running servers and their ports. */
typedef struct ds_http_fixture {
	pid_t pid;
	char dir[4096]; /**< a.pem, b.pem (the two certificates) and ports.json */
	int http, https_a, https_b, https_ab, blackhole;
} ds_http_fixture;

/** Starts the servers in dir and waits for their ports (up to 60 s). 0 or -1. */
int ds_http_fixture_start(ds_http_fixture *f, const char *dir);
/** Stops them. */
void ds_http_fixture_stop(ds_http_fixture *f);
/** `openssl x509 -fingerprint -sha256` of DIR/<name>.pem ("AB:CD:..."), into out. 0 or -1. */
int ds_http_fixture_openssl_fingerprint(const ds_http_fixture *f, const char *name, char *out, size_t size);
/** How many Authorization headers server ("https_b", ...) has received, or -1. */
int ds_http_fixture_seen(const ds_http_fixture *f, const char *server);

#endif
