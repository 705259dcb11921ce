/* Starts and stops tests/support/http_auth_server.py. */
#include "tests/support/http_fixture.h"
#include "tests/support/net_fixture.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int ds_http_fixture_start(ds_http_fixture *f, const char *dir)
{
	cJSON *o;

	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "%s", dir);
	o = ds_fixture_spawn("http_auth_server.py", dir, NULL, &f->pid);
	if (!o)
		return -1;
	f->http = ds_fixture_port(o, "http");
	f->https_a = ds_fixture_port(o, "https_a");
	f->https_b = ds_fixture_port(o, "https_b");
	f->https_ab = ds_fixture_port(o, "https_ab");
	f->blackhole = ds_fixture_port(o, "blackhole");
	cJSON_Delete(o);
	return f->http > 0 && f->https_a > 0 && f->https_b > 0 && f->https_ab > 0 && f->blackhole > 0 ? 0 : -1;
}

void ds_http_fixture_stop(ds_http_fixture *f)
{
	ds_fixture_stop_pid(&f->pid);
}

int ds_http_fixture_openssl_fingerprint(const ds_http_fixture *f, const char *name, char *out, size_t size)
{
	char cmd[4400], line[256];
	FILE *p;
	char *eq;

	snprintf(cmd, sizeof cmd, "openssl x509 -noout -fingerprint -sha256 -in '%s/%s.pem'", f->dir, name);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (!fgets(line, sizeof line, p)) {
		pclose(p);
		return -1;
	}
	pclose(p);
	/* "sha256 Fingerprint=AB:CD:...\n" */
	eq = strchr(line, '=');
	if (!eq)
		return -1;
	eq[strcspn(eq, "\r\n")] = '\0';
	snprintf(out, size, "%s", eq + 1);
	return 0;
}

/** Collects an answer's body. */
static size_t collect(char *data, size_t size, size_t n, void *ud)
{
	char *buf = ud;
	size_t have = strlen(buf), len = size * n;

	if (have + len >= 8192)
		return 0;
	memcpy(buf + have, data, len);
	buf[have + len] = '\0';
	return len;
}

int ds_http_fixture_seen(const ds_http_fixture *f, const char *server)
{
	CURL *h = curl_easy_init();
	char url[256], body[8192] = "";
	cJSON *o;
	int n = -1;

	if (!h)
		return -1;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/seen?server=%s", f->http, server);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	if (curl_easy_perform(h) == CURLE_OK) {
		o = cJSON_Parse(body);
		if (cJSON_IsArray(o))
			n = cJSON_GetArraySize(o);
		cJSON_Delete(o);
	}
	curl_easy_cleanup(h);
	return n;
}
