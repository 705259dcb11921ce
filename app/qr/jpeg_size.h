/* The size of a JPEG picture, read from its frame header (SOFn) before
 * anything is decoded, so that a picture too large to read is refused
 * without allocating its pixels. Bounded: reads only the bytes given. */
#ifndef DS_JPEG_SIZE_H
#define DS_JPEG_SIZE_H

#include <stddef.h>
#include <stdint.h>

/** Finds the frame header of the JPEG in data (len bytes) and sets *width
 *  and *height. Returns 0, or -1 when data is not a JPEG, is cut short
 *  before its frame header, or its segments are damaged. */
int ds_jpeg_size(const uint8_t *data, size_t len, unsigned *width, unsigned *height);

#endif
