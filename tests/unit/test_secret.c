/* Secret memory and a process that never dumps core. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "app/base/secret.h"

Test(secret, init_disables_core_dumps)
{
	struct rlimit core;

	cr_assert_eq(ds_secret_init(), 0);
	cr_assert_eq(getrlimit(RLIMIT_CORE, &core), 0);
	cr_assert_eq(core.rlim_cur, 0, "RLIMIT_CORE soft limit is %lu", (unsigned long)core.rlim_cur);
	cr_assert_eq(core.rlim_max, 0);
	cr_assert_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0, "the process is still dumpable");
}

Test(secret, blocks_are_aligned_zeroed_and_copy_exactly)
{
	cr_assert_eq(ds_secret_init(), 0);
	for (size_t len = 1; len < 100; len++) {
		unsigned char *p = ds_secret_alloc(len);

		cr_assert_not_null(p);
		cr_assert_eq((uintptr_t)p % 16, 0, "block of %zu bytes is misaligned", len);
		for (size_t i = 0; i < len; i++)
			cr_assert_eq(p[i], 0);
		ds_secret_free(p);
	}
	char *s = ds_secret_strdup("orchid tractor velvet lamp");

	cr_assert_str_eq(s, "orchid tractor velvet lamp");
	cr_assert(ds_secret_equal(s, "orchid tractor velvet lamp"));
	cr_assert_not(ds_secret_equal(s, "orchid tractor velvet lam"));
	ds_secret_free(s);
}
