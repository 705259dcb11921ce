/* Secure memory for secrets, and a process that never dumps core. */
#include "app/base/secret.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int ds_secret_init(void)
{
	struct rlimit no_core = { 0, 0 };

	if (sodium_init() < 0)
		return -1;
	/* Secrets are held for the whole session: no core dump, no ptrace
	 * attach by other users' processes. */
	if (setrlimit(RLIMIT_CORE, &no_core) < 0)
		return -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return -1;
	return 0;
}

/** Alignment of every secret block: sodium_malloc places a block against its
 *  guard page, so its start is aligned only when its size is a multiple. */
#define DS_SECRET_ALIGN 16

void *ds_secret_alloc(size_t len)
{
	void *p;

	if (len == 0)
		len = 1;
	if (len > SIZE_MAX - DS_SECRET_ALIGN)
		return NULL;
	len = (len + DS_SECRET_ALIGN - 1) & ~(size_t)(DS_SECRET_ALIGN - 1);
	p = sodium_malloc(len);
	if (p)
		sodium_memzero(p, len);
	return p;
}

void ds_secret_free(void *p)
{
	/* sodium_free wipes the whole allocation before releasing it. */
	sodium_free(p);
}

char *ds_secret_strdup(const char *s)
{
	size_t len = strlen(s);
	char *p = ds_secret_alloc(len + 1);

	if (p)
		memcpy(p, s, len + 1);
	return p;
}

void ds_secret_wipe(void *p, size_t len)
{
	if (p)
		sodium_memzero(p, len);
}

void ds_secret_random(void *buf, size_t len)
{
	randombytes_buf(buf, len);
}

int ds_secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
