/* The runner's messages: writing, sending, receiving and reading them. */
#include "app/plugin/runner_wire.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/** Bytes of the type that starts every message. */
#define TYPE_BYTES 4

/** Appends n bytes, or marks the message overflowed. */
static void put_raw(ds_wire *w, const void *p, size_t n)
{
	if (w->overflow || n > w->cap - w->len) {
		w->overflow = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void ds_wire_begin(ds_wire *w, unsigned char *buf, size_t cap, ds_wire_type t)
{
	uint32_t type = (uint32_t)t;

	w->buf = buf;
	w->cap = cap < DS_WIRE_MAX ? cap : DS_WIRE_MAX;
	w->len = 0;
	w->overflow = false;
	put_raw(w, &type, sizeof type);
}

void ds_wire_put_u32(ds_wire *w, uint32_t v)
{
	ds_wire_put_bytes(w, &v, sizeof v);
}

void ds_wire_put_u64(ds_wire *w, uint64_t v)
{
	ds_wire_put_bytes(w, &v, sizeof v);
}

void ds_wire_put_bytes(ds_wire *w, const void *p, size_t n)
{
	uint32_t len = (uint32_t)n;

	if (n >= DS_WIRE_NULL) {
		w->overflow = true;
		return;
	}
	put_raw(w, &len, sizeof len);
	put_raw(w, p, n);
}

void ds_wire_put_str(ds_wire *w, const char *s, size_t max)
{
	uint32_t len = DS_WIRE_NULL;
	size_t n;

	if (!s) {
		put_raw(w, &len, sizeof len);
		return;
	}
	n = strnlen(s, max);
	/* A cut never leaves half a UTF-8 sequence behind. */
	if (n == max && s[n] != '\0')
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	len = (uint32_t)n;
	put_raw(w, &len, sizeof len);
	put_raw(w, s, n);
	put_raw(w, "", 1);
}

int ds_wire_send(int fd, const ds_wire *w)
{
	ssize_t n;

	if (w->overflow) {
		errno = EMSGSIZE;
		return -1;
	}
	do
		n = send(fd, w->buf, w->len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if ((size_t)n != w->len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

int ds_wire_recv(int fd, unsigned char *buf, ds_wire_reader *r)
{
	ssize_t n;

	*r = (ds_wire_reader){ .buf = buf, .bad = true };
	do
		n = recv(fd, buf, DS_WIRE_MAX, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	if ((size_t)n > DS_WIRE_MAX) {
		errno = EBADMSG; /* cut by recv */
		return -1;
	}
	return ds_wire_open(buf, (size_t)n, r);
}

int ds_wire_open(const unsigned char *buf, size_t len, ds_wire_reader *r)
{
	uint32_t type;

	*r = (ds_wire_reader){ .buf = buf, .bad = true };
	if (len < TYPE_BYTES) {
		errno = EBADMSG;
		return -1;
	}
	memcpy(&type, buf, sizeof type);
	if (type == 0 || type > (uint32_t)DS_WIRE_FINI) {
		errno = EBADMSG;
		return -1;
	}
	r->len = len;
	r->pos = TYPE_BYTES;
	r->bad = false;
	return (int)type;
}

/** Reads a field's length and checks that the field (and extra bytes after
 *  it) arrived. The field's start, or NULL (bad, or a NULL string). */
static const unsigned char *field(ds_wire_reader *r, uint32_t *len, size_t extra, bool null_ok)
{
	const unsigned char *p;

	if (r->bad || r->len - r->pos < sizeof *len) {
		r->bad = true;
		return NULL;
	}
	memcpy(len, r->buf + r->pos, sizeof *len);
	r->pos += sizeof *len;
	if (*len == DS_WIRE_NULL) {
		if (!null_ok)
			r->bad = true;
		return NULL;
	}
	if (r->len - r->pos < (size_t)*len + extra) {
		r->bad = true;
		return NULL;
	}
	p = r->buf + r->pos;
	r->pos += (size_t)*len + extra;
	return p;
}

const void *ds_wire_bytes(ds_wire_reader *r, size_t *n)
{
	uint32_t len = 0;
	const unsigned char *p = field(r, &len, 0, false);

	*n = p ? len : 0;
	return p;
}

bool ds_wire_fixed(ds_wire_reader *r, void *out, size_t n)
{
	size_t got;
	const void *p = ds_wire_bytes(r, &got);

	if (!p || got != n) {
		r->bad = true;
		memset(out, 0, n);
		return false;
	}
	memcpy(out, p, n);
	return true;
}

uint32_t ds_wire_u32(ds_wire_reader *r)
{
	uint32_t v = 0;

	(void)ds_wire_fixed(r, &v, sizeof v);
	return v;
}

uint64_t ds_wire_u64(ds_wire_reader *r)
{
	uint64_t v = 0;

	(void)ds_wire_fixed(r, &v, sizeof v);
	return v;
}

const char *ds_wire_str(ds_wire_reader *r)
{
	uint32_t len = 0;
	const unsigned char *p = field(r, &len, 1, true);

	if (!p)
		return NULL;
	if (p[len] != '\0') {
		r->bad = true;
		return NULL;
	}
	return (const char *)p;
}

const char *ds_wire_text(ds_wire_reader *r)
{
	const char *s = ds_wire_str(r);

	return s ? s : "";
}
