/* Addresses; see net_addr.h. */
#include "app/net/net_addr.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool ds_net_split(const char *text, uint16_t default_port, char *host, size_t host_size, uint16_t *port)
{
	const char *end, *colon = NULL;
	size_t len;

	if (!text || !*text || host_size == 0)
		return false;
	if (text[0] == '[') {
		end = strchr(text, ']');
		if (!end || end == text + 1)
			return false;
		if (end[1] == ':')
			colon = end + 1;
		else if (end[1] != '\0')
			return false;
		text++;
	} else {
		colon = strchr(text, ':');
		if (colon && strchr(colon + 1, ':'))
			colon = NULL; /* a bare IPv6 literal: no port */
		end = colon ? colon : text + strlen(text);
	}
	len = (size_t)(end - text);
	if (len == 0 || len >= host_size)
		return false;
	memcpy(host, text, len);
	host[len] = '\0';
	*port = default_port;
	if (colon) {
		char *stop;
		unsigned long p;

		if (colon[1] < '0' || colon[1] > '9')
			return false;
		errno = 0;
		p = strtoul(colon + 1, &stop, 10);
		if (errno || *stop || p == 0 || p > 65535)
			return false;
		*port = (uint16_t)p;
	}
	return *port != 0;
}

/** One name lookup on its own thread, shared with the waiter until both let go. */
typedef struct lookup {
	pthread_mutex_t lock;
	int refs;
	int wake[2]; /**< the thread writes a byte to wake[1] when done */
	char host[256];
	char service[8];
	struct addrinfo hints;
	struct addrinfo *result;
	int rc;
} lookup;

/** Drops one reference; the last frees everything. */
static void lookup_release(lookup *l)
{
	int left;

	pthread_mutex_lock(&l->lock);
	left = --l->refs;
	pthread_mutex_unlock(&l->lock);
	if (left > 0)
		return;
	if (l->result)
		freeaddrinfo(l->result);
	close(l->wake[0]);
	close(l->wake[1]);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

static void *lookup_run(void *arg)
{
	lookup *l = arg;
	struct addrinfo *result = NULL;
	int rc = getaddrinfo(l->host, l->service, &l->hints, &result);
	char byte = 1;

	pthread_mutex_lock(&l->lock);
	l->rc = rc;
	l->result = result;
	pthread_mutex_unlock(&l->lock);
	if (write(l->wake[1], &byte, 1) < 0) {
		/* the pipe is ours and empty: cannot fail; nothing to do if it does */
	}
	lookup_release(l);
	return NULL;
}

ds_status ds_net_resolve(const char *host, uint16_t port, int socktype, unsigned timeout_ms, const ds_wait *w,
			 struct addrinfo **out, int *gai_err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = socktype,
				  .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	uint64_t start = ds_now_ms();
	struct pollfd pfd;
	pthread_t thread;
	ds_wait_result r;
	char service[8];
	ds_status st;
	lookup *l;
	int rc;

	*out = NULL;
	*gai_err = 0;
	snprintf(service, sizeof service, "%u", (unsigned)port);
	rc = getaddrinfo(host, service, &hints, out);
	if (rc == 0)
		return DS_OK;
	if (rc != EAI_NONAME) {
		*gai_err = rc;
		return rc == EAI_MEMORY ? DS_ERR_NO_MEMORY : DS_ERR_NOT_FOUND;
	}
	/* A name: look it up where a hang does not hold the user up. */
	l = calloc(1, sizeof *l);
	if (!l)
		return DS_ERR_NO_MEMORY;
	if (strlen(host) >= sizeof l->host || pipe2(l->wake, O_CLOEXEC) != 0) {
		free(l);
		*gai_err = EAI_NONAME;
		return DS_ERR_NOT_FOUND;
	}
	pthread_mutex_init(&l->lock, NULL);
	l->refs = 2;
	snprintf(l->host, sizeof l->host, "%s", host);
	snprintf(l->service, sizeof l->service, "%s", service);
	l->hints = hints;
	l->hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
	if (pthread_create(&thread, NULL, lookup_run, l) != 0) {
		l->refs = 1;
		lookup_release(l);
		return DS_ERR_NO_MEMORY;
	}
	pthread_detach(thread);
	pfd = (struct pollfd){ .fd = l->wake[0], .events = POLLIN };
	r = ds_wait_poll(&pfd, 1, start, start + timeout_ms, timeout_ms, w);
	pthread_mutex_lock(&l->lock);
	if (r == DS_WAIT_READY) {
		if (l->rc == 0) {
			*out = l->result;
			l->result = NULL;
			st = DS_OK;
		} else {
			*gai_err = l->rc;
			st = l->rc == EAI_MEMORY ? DS_ERR_NO_MEMORY : DS_ERR_NOT_FOUND;
		}
	} else {
		st = r == DS_WAIT_CANCELLED ? DS_ERR_CANCELLED : DS_ERR_TIMEOUT;
	}
	pthread_mutex_unlock(&l->lock);
	lookup_release(l);
	return st;
}

void ds_net_format(const struct sockaddr *sa, socklen_t len, char *out, size_t size)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(out, size, "?");
		return;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(out, size, "[%s]:%s", host, serv);
	else
		snprintf(out, size, "%s:%s", host, serv);
}
