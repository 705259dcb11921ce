/* The start-up shared by every fuzz target. */
#include "tests/fuzz/fuzz_common.h"

#include <string.h>

#include "app/base/secret.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (ds_secret_init() < 0)
		abort();
	return 0;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		abort();
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	return text;
}
