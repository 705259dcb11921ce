/* Decoding UTF-8, the one encoding of text inside doorstep. */
#ifndef DS_UTF8_H
#define DS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/** Decodes the UTF-8 code point at s (at most len bytes) into *cp and returns
 *  its length in bytes (1..4); an invalid byte yields U+FFFD and length 1;
 *  returns 0 when len is 0. */
size_t ds_utf8_decode(const char *s, size_t len, uint32_t *cp);

#endif
