/* The login guard: exponential back-off per device after refused logins. */
#include "app/core/login_backoff.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/** Longest device key kept. */
#define DS_GUARD_KEY_MAX 160

/** What the guard knows about one device. */
typedef struct ds_guard_entry {
	char key[DS_GUARD_KEY_MAX];
	uint32_t failures;    /**< refused logins in a row */
	uint64_t until_ms;    /**< no attempt before this time */
} ds_guard_entry;

struct ds_login_guard {
	pthread_mutex_t lock;
	uint64_t (*now)(void *ctx);
	void *now_ctx;
	ds_guard_entry *entries;
	size_t n;
};

/** The monotonic clock in milliseconds. */
static uint64_t ds_guard_monotonic(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

ds_login_guard *ds_login_guard_new_clock(uint64_t (*now)(void *ctx), void *ctx)
{
	ds_login_guard *g = calloc(1, sizeof *g);

	if (!g)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	g->now = now ? now : ds_guard_monotonic;
	g->now_ctx = ctx;
	return g;
}

ds_login_guard *ds_login_guard_new(void)
{
	return ds_login_guard_new_clock(NULL, NULL);
}

void ds_login_guard_free(ds_login_guard *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->lock);
	free(g->entries);
	free(g);
}

static ds_login_guard *ds_guard_shared;
static pthread_once_t ds_guard_once = PTHREAD_ONCE_INIT;

/** Creates the shared guard. */
static void ds_guard_shared_init(void)
{
	ds_guard_shared = ds_login_guard_new();
}

ds_login_guard *ds_login_guard_shared(void)
{
	pthread_once(&ds_guard_once, ds_guard_shared_init);
	return ds_guard_shared;
}

/** The entry of device (created when create); NULL if none. Lock held. */
static ds_guard_entry *ds_guard_find(ds_login_guard *g, const char *device, bool create)
{
	ds_guard_entry *grown;

	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->entries[i].key, device) == 0)
			return &g->entries[i];
	if (!create)
		return NULL;
	grown = realloc(g->entries, (g->n + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	g->entries = grown;
	memset(&g->entries[g->n], 0, sizeof g->entries[g->n]);
	snprintf(g->entries[g->n].key, sizeof g->entries[g->n].key, "%s", device);
	return &g->entries[g->n++];
}

/** The wait left for an entry at now. */
static uint32_t ds_guard_left(const ds_guard_entry *e, uint64_t now)
{
	return e && e->until_ms > now ? (uint32_t)(e->until_ms - now) : 0;
}

uint32_t ds_login_guard_wait_ms(ds_login_guard *g, const char *device)
{
	uint32_t wait;

	if (!g || !device)
		return 0;
	pthread_mutex_lock(&g->lock);
	wait = ds_guard_left(ds_guard_find(g, device, false), g->now(g->now_ctx));
	pthread_mutex_unlock(&g->lock);
	return wait;
}

uint32_t ds_login_guard_failed(ds_login_guard *g, const char *device)
{
	ds_guard_entry *e;
	uint32_t wait = 0;

	if (!g || !device)
		return 0;
	pthread_mutex_lock(&g->lock);
	e = ds_guard_find(g, device, true);
	if (e) {
		uint64_t now = g->now(g->now_ctx);

		e->failures++;
		if (e->failures >= DS_LOGIN_FREE_ATTEMPTS) {
			uint32_t extra = e->failures - DS_LOGIN_FREE_ATTEMPTS;
			uint64_t step = extra >= 16 ? DS_LOGIN_MAX_WAIT_MS : (uint64_t)DS_LOGIN_FIRST_WAIT_MS << extra;
			uint64_t until = now + (step > DS_LOGIN_MAX_WAIT_MS ? DS_LOGIN_MAX_WAIT_MS : step);

			if (until > e->until_ms)
				e->until_ms = until;
		}
		wait = ds_guard_left(e, now);
	}
	pthread_mutex_unlock(&g->lock);
	return wait;
}

void ds_login_guard_device_busy(ds_login_guard *g, const char *device, uint32_t ms)
{
	ds_guard_entry *e;

	if (!g || !device || ms == 0)
		return;
	pthread_mutex_lock(&g->lock);
	e = ds_guard_find(g, device, true);
	if (e) {
		uint64_t until = g->now(g->now_ctx) + ms;

		if (until > e->until_ms)
			e->until_ms = until;
	}
	pthread_mutex_unlock(&g->lock);
}

void ds_login_guard_succeeded(ds_login_guard *g, const char *device)
{
	ds_guard_entry *e;

	if (!g || !device)
		return;
	pthread_mutex_lock(&g->lock);
	e = ds_guard_find(g, device, false);
	if (e) {
		e->failures = 0;
		e->until_ms = 0;
	}
	pthread_mutex_unlock(&g->lock);
}
