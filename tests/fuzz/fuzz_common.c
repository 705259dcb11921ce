/* The start-up shared by every fuzz target. */
#include "tests/fuzz/fuzz_common.h"

#include "app/base/secret.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (ds_secret_init() < 0)
		abort();
	return 0;
}
