/* Text from outside made safe to show: stand-ins for controls, bidi
 * controls and bytes that are not UTF-8. */
#include "app/base/safe_text.h"

#include <stdlib.h>
#include <string.h>

#include "app/base/utf8.h"

/** The UTF-8 of U+FFFD, the stand-in of a byte that is not UTF-8. */
#define DS_REPLACEMENT "\xef\xbf\xbd"

bool ds_safe_text_unsafe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return true; /* C0, DEL, C1 */
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

size_t ds_safe_text_stand_in(uint32_t cp, char *out)
{
	int n;

	if (cp < 0x20 || cp == 0x7f)
		n = snprintf(out, DS_SAFE_TEXT_STAND_IN_MAX, "^%c", (char)(cp ^ 0x40));
	else
		n = snprintf(out, DS_SAFE_TEXT_STAND_IN_MAX, "<U+%04X>", (unsigned)cp & 0xffffu);
	return n > 0 ? (size_t)n : 0;
}

/** Where the pieces of safe text go: returns 0, or -1 to stop. */
typedef int (*ds_safe_sink)(void *ctx, const char *piece, size_t n);

/** True when the code point cp, n bytes of valid or invalid UTF-8, is shown
 *  as it is under flags. */
static bool ds_safe_kept(uint32_t cp, size_t n, unsigned flags)
{
	if (cp == 0xfffd && n == 1)
		return false; /* not UTF-8 */
	return (flags & DS_SAFE_TEXT_UTF8) || !ds_safe_text_unsafe(cp) ||
	       (cp == '\n' && (flags & DS_SAFE_TEXT_MULTILINE));
}

/** Passes the len bytes of s to sink piece by piece: a stand-in, or the
 *  characters kept as they are (one at a time, or when runs a whole run
 *  between two stand-ins). Returns 0, or -1 when the sink stopped. */
static int ds_safe_text_each(const char *s, size_t len, unsigned flags, bool runs, ds_safe_sink sink, void *ctx)
{
	char stand_in[DS_SAFE_TEXT_STAND_IN_MAX];
	size_t off = 0, run = 0, n;
	uint32_t cp;
	int rc = 0;

	while (off < len && rc == 0) {
		if ((unsigned char)s[off] >= 0x20 && (unsigned char)s[off] < 0x7f)
			cp = (unsigned char)s[off], n = 1; /* printable ASCII, the common case */
		else
			n = ds_utf8_decode(s + off, len - off, &cp);
		if (ds_safe_kept(cp, n, flags)) {
			off += n;
			if (!runs) {
				rc = sink(ctx, s + run, off - run);
				run = off;
			}
			continue;
		}
		if (off > run)
			rc = sink(ctx, s + run, off - run);
		if (rc == 0 && cp == 0xfffd && n == 1)
			rc = sink(ctx, DS_REPLACEMENT, strlen(DS_REPLACEMENT));
		else if (rc == 0)
			rc = sink(ctx, stand_in, ds_safe_text_stand_in(cp, stand_in));
		off += n;
		run = off;
	}
	if (rc == 0 && off > run)
		rc = sink(ctx, s + run, off - run);
	return rc;
}

/** A buffer that ds_safe_text fills. */
typedef struct {
	char *out;
	size_t size, used;
} ds_safe_buf;

/** Sink: appends the piece when it fits whole, else stops. */
static int ds_safe_buf_put(void *ctx, const char *piece, size_t n)
{
	ds_safe_buf *b = ctx;

	if (b->used + n + 1 > b->size)
		return -1;
	memcpy(b->out + b->used, piece, n);
	b->used += n;
	b->out[b->used] = '\0';
	return 0;
}

const char *ds_safe_text(char *out, size_t size, const char *s, size_t len, unsigned flags)
{
	ds_safe_buf b = { out, size, 0 };

	if (size == 0)
		return out;
	out[0] = '\0';
	(void)ds_safe_text_each(s, len, flags, false, ds_safe_buf_put, &b);
	return out;
}

const char *ds_safe_line(char *out, size_t size, const char *s)
{
	return ds_safe_text(out, size, s, strlen(s), DS_SAFE_TEXT_LINE);
}

/** Sink: writes the piece to the stream ctx. */
static int ds_safe_file_put(void *ctx, const char *piece, size_t n)
{
	return fwrite(piece, 1, n, ctx) == n ? 0 : -1;
}

int ds_safe_text_write(FILE *f, const char *s, size_t len, unsigned flags)
{
	return ds_safe_text_each(s, len, flags, true, ds_safe_file_put, f);
}

bool ds_safe_text_incomplete(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t need;

	if (len == 0)
		return false;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		need = 2;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		need = 3;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		need = 4;
	else
		return false;
	if (len >= need)
		return false;
	for (size_t i = 1; i < len; i++)
		if ((u[i] & 0xc0) != 0x80)
			return false;
	return true;
}

/** One stream of ds_safe_text_stream. */
typedef struct {
	FILE *next;
	unsigned flags;
	char pending[4]; /**< the start of a character cut off by the last write */
	size_t n_pending;
} ds_safe_stream;

/** The streams made, to find the one under a stream (stdout and stderr). */
static struct {
	FILE *f;
	ds_safe_stream *s;
} ds_safe_streams[4];

/** Bytes at the end of buf (len bytes) that start a character still cut off. */
static size_t ds_safe_tail(const char *buf, size_t len)
{
	for (size_t k = 1; k <= 3 && k <= len; k++)
		if (ds_safe_text_incomplete(buf + len - k, k))
			return k;
	return 0;
}

static ssize_t ds_safe_stream_write(void *cookie, const char *buf, size_t size)
{
	ds_safe_stream *s = cookie;
	size_t used = 0, tail;
	int rc = 0;

	/* First finish a character that the last write cut off. */
	while (s->n_pending > 0 && used < size) {
		s->pending[s->n_pending++] = buf[used++];
		if (ds_safe_text_incomplete(s->pending, s->n_pending))
			continue;
		rc |= ds_safe_text_write(s->next, s->pending, s->n_pending, s->flags);
		s->n_pending = 0;
	}
	tail = ds_safe_tail(buf + used, size - used);
	rc |= ds_safe_text_write(s->next, buf + used, size - used - tail, s->flags);
	memcpy(s->pending + s->n_pending, buf + size - tail, tail);
	s->n_pending += tail;
	if (fflush(s->next) != 0 || rc != 0)
		return -1;
	return (ssize_t)size;
}

static int ds_safe_stream_close(void *cookie)
{
	ds_safe_stream *s = cookie;
	int rc = ds_safe_text_write(s->next, s->pending, s->n_pending, s->flags);

	rc |= fflush(s->next);
	for (size_t i = 0; i < sizeof ds_safe_streams / sizeof ds_safe_streams[0]; i++)
		if (ds_safe_streams[i].s == s)
			ds_safe_streams[i].f = NULL, ds_safe_streams[i].s = NULL;
	free(s);
	return rc == 0 ? 0 : -1;
}

FILE *ds_safe_text_stream(FILE *next, unsigned flags)
{
	cookie_io_functions_t io = { .write = ds_safe_stream_write, .close = ds_safe_stream_close };
	ds_safe_stream *s = calloc(1, sizeof *s);
	FILE *f;

	if (!s)
		return NULL;
	s->next = next;
	s->flags = flags;
	f = fopencookie(s, "w", io);
	if (!f) {
		free(s);
		return NULL;
	}
	for (size_t i = 0; i < sizeof ds_safe_streams / sizeof ds_safe_streams[0]; i++) {
		if (!ds_safe_streams[i].f) {
			ds_safe_streams[i].f = f;
			ds_safe_streams[i].s = s;
			break;
		}
	}
	return f;
}

FILE *ds_safe_text_raw(FILE *f)
{
	for (size_t i = 0; i < sizeof ds_safe_streams / sizeof ds_safe_streams[0]; i++)
		if (ds_safe_streams[i].f == f)
			return ds_safe_streams[i].s->next;
	return f;
}
