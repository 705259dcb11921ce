/* A helper program a unit test talks to (an emulator, a test server): a
 * Python script of the source tree, started with its standard input on a
 * pipe and its first line of output read. */
#ifndef DS_TEST_HELPER_PROCESS_H
#define DS_TEST_HELPER_PROCESS_H

#include <sys/types.h>

/** A running helper. */
typedef struct ds_test_helper {
	pid_t pid;       /**< 0 when not running */
	int stdin_fd;    /**< closing it tells the helper to stop */
	char line[1024]; /**< the first line it printed, without its newline */
} ds_test_helper;

/** Starts /usr/bin/python3 on script (a path below $DOORSTEP_SOURCE_DIR)
 *  with args (NULL-terminated, at most 30) and waits for its first line;
 *  fails the test when the helper prints none. */
void ds_test_helper_start(ds_test_helper *h, const char *script, const char *const *args);
/** Stops the helper, if running, and waits for it. */
void ds_test_helper_stop(ds_test_helper *h);

#endif
