/* UTF-8 inside, the locale's charset at the edges. */
#include "app/base/i18n_charset.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/safe_text.h"

/** A stream that converts UTF-8 to the locale's charset on its way to fd. */
typedef struct {
	int fd;
	iconv_t cd;
	char pending[4]; /**< the start of a character split between writes */
	size_t n_pending;
} ds_local_stream;

static ds_local_stream local_out, local_err;

/** Opens a converter from UTF-8 to the locale's charset, transliterating. */
static iconv_t ds_to_local_open(void)
{
	char to[64];

	snprintf(to, sizeof to, "%s//TRANSLIT", nl_langinfo(CODESET));
	return iconv_open(to, "UTF-8");
}

/** Writes all n bytes of p to fd. */
static void ds_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/** Converts UTF-8 from in (len bytes) with cd and writes the result to
 *  out_fd. An invalid byte becomes '?'. Returns the bytes consumed: all but
 *  a character cut off at the end. */
static size_t ds_convert(iconv_t cd, const char *in, size_t len, int out_fd)
{
	char out[1024], *ip = (char *)in, *op;
	size_t left = len, room, r;
	int err;

	while (left > 0) {
		op = out;
		room = sizeof out;
		r = iconv(cd, &ip, &left, &op, &room);
		err = errno;
		ds_write_all(out_fd, out, (size_t)(op - out));
		if (r != (size_t)-1 || err == EINVAL)
			break; /* done, or a character cut off at the end */
		if (err == E2BIG)
			continue;
		ds_write_all(out_fd, "?", 1); /* not UTF-8: skip one byte */
		ip++;
		left--;
	}
	return len - left;
}

static ssize_t ds_local_write(void *cookie, const char *buf, size_t size)
{
	ds_local_stream *s = cookie;
	size_t used = 0, done;

	/* First finish a character that the last write cut off. */
	while (s->n_pending > 0 && used < size) {
		s->pending[s->n_pending++] = buf[used++];
		done = ds_convert(s->cd, s->pending, s->n_pending, s->fd);
		memmove(s->pending, s->pending + done, s->n_pending - done);
		s->n_pending -= done;
		if (s->n_pending == sizeof s->pending) {
			ds_write_all(s->fd, "?", 1);
			s->n_pending = 0;
		}
	}
	done = ds_convert(s->cd, buf + used, size - used, s->fd);
	used += done;
	if (used < size) {
		size_t rest = size - used;

		if (rest >= sizeof s->pending) {
			ds_write_all(s->fd, "?", 1);
		} else {
			memcpy(s->pending, buf + used, rest);
			s->n_pending = rest;
		}
	}
	return (ssize_t)size;
}

/** A converting stream on fd, or NULL. */
static FILE *ds_local_open(ds_local_stream *s, int fd)
{
	cookie_io_functions_t io = { .write = ds_local_write };
	FILE *f;

	s->fd = fd;
	s->n_pending = 0;
	s->cd = ds_to_local_open();
	if (s->cd == (iconv_t)-1)
		return NULL;
	f = fopencookie(s, "w", io);
	if (!f) {
		iconv_close(s->cd);
		return NULL;
	}
	setvbuf(f, NULL, _IOLBF, BUFSIZ);
	return f;
}

void ds_i18n_local_output(bool keep_stdout)
{
	FILE *f;

	if (ds_i18n_utf8())
		return;
	fflush(stderr);
	f = ds_local_open(&local_err, STDERR_FILENO);
	if (f)
		stderr = f;
	if (keep_stdout)
		return;
	fflush(stdout);
	f = ds_local_open(&local_out, STDOUT_FILENO);
	if (f)
		stdout = f;
}

void ds_i18n_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	char *text = NULL, *safe;
	size_t size;
	iconv_t cd;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* The text may quote a plugin or a device: shown, never obeyed. */
	size = 8 * (size_t)n + 1; /* the longest stand-in is 8 bytes */
	safe = malloc(size);
	if (safe)
		ds_safe_text(safe, size, text, (size_t)n, DS_SAFE_TEXT_MULTILINE);
	free(text);
	if (!safe)
		return;
	fflush(f);
	cd = ds_i18n_utf8() || fileno(f) < 0 ? (iconv_t)-1 : ds_to_local_open();
	if (cd == (iconv_t)-1) {
		fputs(safe, f);
	} else {
		ds_convert(cd, safe, strlen(safe), fileno(f));
		iconv_close(cd);
	}
	free(safe);
}

long ds_i18n_input_utf8(const char *in, size_t len, char *out, size_t size)
{
	char from[64], *ip = (char *)in, *op = out;
	size_t left = len, room = size > 0 ? size - 1 : 0, r;
	iconv_t cd;

	if (size == 0)
		return -1;
	if (ds_i18n_utf8()) {
		if (len >= size)
			return -1;
		memcpy(out, in, len);
		out[len] = '\0';
		return (long)len;
	}
	snprintf(from, sizeof from, "%s", nl_langinfo(CODESET));
	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -1;
	r = iconv(cd, &ip, &left, &op, &room);
	iconv_close(cd);
	if (r == (size_t)-1)
		return -1;
	*op = '\0';
	return (long)(op - out);
}
