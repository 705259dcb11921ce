/* Starts and stops tests/support/net_server.py. */
#include "tests/support/net_fixture.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/** Reads a whole small file; NULL if missing. */
static char *ds_fixture_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 4096);
	n = buf ? fread(buf, 1, 4095, f) : 0;
	(void)n;
	fclose(f);
	return buf;
}

int ds_fixture_port(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valueint : -1;
}

cJSON *ds_fixture_spawn(const char *script_name, const char *dir, const char *arg, pid_t *pid)
{
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	char script[4200], ports[4200];
	struct timespec pause = { 0, 50 * 1000 * 1000 };

	snprintf(script, sizeof script, "%s/tests/support/%s", src ? src : ".", script_name);
	snprintf(ports, sizeof ports, "%s/ports.json", dir);
	mkdir(dir, 0700);
	*pid = fork();
	if (*pid < 0)
		return NULL;
	if (*pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execl("/usr/bin/python3", "python3", script, dir, arg, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 1200; i++) {
		char *text = ds_fixture_read(ports);
		cJSON *o;

		if (!text) {
			if (waitpid(*pid, NULL, WNOHANG) == *pid) {
				*pid = 0;
				return NULL;
			}
			nanosleep(&pause, NULL);
			continue;
		}
		o = cJSON_Parse(text);
		free(text);
		return o;
	}
	ds_fixture_stop_pid(pid);
	return NULL;
}

int ds_net_fixture_start(ds_net_fixture *f, const char *dir, double slow_seconds)
{
	char slow[32];
	cJSON *o;

	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "%s", dir);
	snprintf(slow, sizeof slow, "%.2f", slow_seconds);
	o = ds_fixture_spawn("net_server.py", dir, slow, &f->pid);
	if (!o) {
		ds_net_fixture_stop(f);
		return -1;
	}
	f->http = ds_fixture_port(o, "http");
	f->https = ds_fixture_port(o, "https");
	f->expired = ds_fixture_port(o, "expired");
	f->wronghost = ds_fixture_port(o, "wronghost");
	f->skewed = ds_fixture_port(o, "skewed");
	f->slow = ds_fixture_port(o, "slow");
	f->blackhole = ds_fixture_port(o, "blackhole");
	f->closed = ds_fixture_port(o, "closed");
	f->http6 = ds_fixture_port(o, "http6");
	cJSON_Delete(o);
	return f->http > 0 ? 0 : -1;
}

void ds_net_fixture_start_under(ds_net_fixture *f, const char *parent, double slow_seconds)
{
	char dir[4200];

	snprintf(dir, sizeof dir, "%s/servers", parent);
	if (ds_net_fixture_start(f, dir, slow_seconds) < 0) {
		fprintf(stderr, "the network test servers did not start in %s\n", dir);
		exit(1);
	}
}

void ds_fixture_stop_pid(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
	}
	*pid = 0;
}

void ds_net_fixture_stop(ds_net_fixture *f)
{
	ds_fixture_stop_pid(&f->pid);
}

int ds_net_fixture_config_targets(const ds_net_fixture *f, unsigned timeout_seconds, const char *portal_path,
				  const char *const *urls)
{
	const char *config = getenv("XDG_CONFIG_HOME");
	char path[4200];
	FILE *out;

	if (!config)
		return -1;
	snprintf(path, sizeof path, "%s/doorstep", config);
	mkdir(config, 0700);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/doorstep/config.json", config);
	out = fopen(path, "w");
	if (!out)
		return -1;
	fprintf(out, "{ \"diagnostics\": {");
	if (urls) {
		fprintf(out, " \"targets\": [");
		for (size_t i = 0; urls[i]; i++)
			fprintf(out, "%s \"%s\"", i ? "," : "", urls[i]);
		fprintf(out, " ],");
	}
	fprintf(out,
		" \"ca_file\": \"%s/ca.pem\", \"timeout_seconds\": %u,\n"
		"  \"portal_url\": \"http://127.0.0.1:%d/%s\" } }\n",
		f->dir, timeout_seconds, f->http, portal_path);
	return fclose(out) == 0 ? 0 : -1;
}

int ds_net_fixture_config(const ds_net_fixture *f, unsigned timeout_seconds, const char *portal_path)
{
	return ds_net_fixture_config_targets(f, timeout_seconds, portal_path, NULL);
}

void ds_net_fixture_serve_laptop(ds_net_fixture *f, const char *parent)
{
	char url[64];
	const char *const urls[] = { url, NULL };

	ds_net_fixture_start_under(f, parent, 1.8);
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", f->http);
	if (ds_net_fixture_config_targets(f, 5, "generate_204", urls) < 0) {
		fprintf(stderr, "cannot write config.json under $XDG_CONFIG_HOME\n");
		exit(1);
	}
}
