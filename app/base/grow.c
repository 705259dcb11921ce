/* Arrays that grow one item at a time. */
#include "app/base/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *ds_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t want;
	void *grown;

	if (n < *cap)
		return items;
	want = *cap ? 2 * *cap : (first ? first : 1);
	if (want < *cap || (size && want > SIZE_MAX / size))
		return NULL;
	grown = realloc(items, want * size);
	if (!grown)
		return NULL;
	*cap = want;
	return grown;
}
