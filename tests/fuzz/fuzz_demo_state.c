/* libFuzzer target: the demo plugin's state file (<data_dir>/system.state)
 * as demo_memory_read reads it, from memory. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "demo.h"

/** The host's log: the plugin logs each line it skips; nothing to show here. */
__attribute__((format(printf, 2, 3))) static void fuzz_log(ds_log_level level, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	(void)level;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ds_host host = { .log = fuzz_log };
	static demo_memory m;
	FILE *f;

	demo.host = &host;
	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "r");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(demo_memory_read(&m, f, "system.state") == 0);
	fclose(f);
	FUZZ_CHECK(m.n_profiles > 0 && m.n_profiles <= DEMO_MAX_PROFILES);
	return 0;
}
