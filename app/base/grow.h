/* Arrays that grow one item at a time, doubling their room. */
#ifndef DS_GROW_H
#define DS_GROW_H

#include <stddef.h>

/** Returns items (n used, room for *cap, each size bytes) with room for one
 *  more: itself when there is, else reallocated to twice the room (first
 *  when empty) with *cap updated. NULL on out-of-memory: items and *cap
 *  stay as they were. */
void *ds_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

#endif
