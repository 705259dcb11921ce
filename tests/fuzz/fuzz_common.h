/* Shared by the libFuzzer targets of the QR parsers. Every input is given
 * to a parser with its exact length (libFuzzer's buffer is not
 * NUL-terminated), so AddressSanitizer catches a parser that reads even
 * one byte past its input. */
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

#endif
