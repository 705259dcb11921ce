/* Shared by the libFuzzer targets. Every input is given to a parser with
 * its exact length (libFuzzer's buffer is not NUL-terminated), so
 * AddressSanitizer catches a parser that reads even one byte past its
 * input; a parser that takes a C string gets a copy from fuzz_text(). */
#ifndef DS_FUZZ_COMMON_H
#define DS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/** libFuzzer: called once; starts libsodium (parsers' outputs live in its secure memory). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
/** libFuzzer: called for every input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** Stops the run when an invariant of a parser does not hold. */
#define FUZZ_CHECK(cond)     \
	do {                 \
		if (!(cond)) \
			abort(); \
	} while (0)

/** A NUL-terminated copy of an input (free it), for parsers of C strings. */
char *fuzz_text(const uint8_t *data, size_t size);

#endif
