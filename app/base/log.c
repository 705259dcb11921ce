/* The log file. One line per message: time, level, source, text. The
 * text is escaped so that no message (a plugin's, a device's) can start a
 * line of its own or carry terminal controls; the file is the user's alone
 * (0600) and is rotated once it passes DS_LOG_MAX_BYTES. */
#include "app/base/log.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/base/paths.h"
#include "app/base/safe_text.h"
#include "app/base/utf8.h"

static FILE *ds_log_file;
static char ds_log_path[4200];
static pthread_mutex_t ds_log_lock = PTHREAD_MUTEX_INITIALIZER;
/** Where lines go instead of the file (a plugin runner), or NULL. */
static ds_log_sink_fn ds_log_sink;

/** Opens ds_log_path for appending, created 0600, never through a link. Under the lock. */
static FILE *ds_log_open_file(void)
{
	int fd = open(ds_log_path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "a");
	if (!f)
		close(fd);
	return f;
}

int ds_log_open(void)
{
	char dir[4096];

	if (ds_paths_state_dir(dir, sizeof dir) < 0 || ds_paths_mkdir_p(dir) < 0)
		return -1;
	pthread_mutex_lock(&ds_log_lock);
	if (!ds_log_file) {
		snprintf(ds_log_path, sizeof ds_log_path, "%s/doorstep.log", dir);
		ds_log_file = ds_log_open_file();
	}
	pthread_mutex_unlock(&ds_log_lock);
	return ds_log_file ? 0 : -1;
}

/** Moves a full log to doorstep.log.1 (replacing the older one) and starts
 *  a new one. Under the lock. */
static void ds_log_rotate_if_full(void)
{
	char old[4300];
	struct stat st;

	if (fstat(fileno(ds_log_file), &st) < 0 || st.st_size < DS_LOG_MAX_BYTES)
		return;
	snprintf(old, sizeof old, "%s.1", ds_log_path);
	if (rename(ds_log_path, old) < 0)
		return;
	fclose(ds_log_file);
	ds_log_file = ds_log_open_file();
}

/** Writes text with every code point that ds_safe_text_unsafe names (C0,
 *  DEL, C1, bidi controls) as \xNN or \uNNNN and every byte that is not UTF-8
 *  as \xNN, so one message stays one line that draws nothing on a terminal. */
static void ds_log_put_escaped(FILE *f, const char *text)
{
	size_t len = strlen(text), off = 0, n;
	uint32_t cp;

	while (off < len) {
		n = ds_utf8_decode(text + off, len - off, &cp);
		if (cp == 0xfffd && n == 1)
			fprintf(f, "\\x%02x", (unsigned char)text[off]);
		else if (!ds_safe_text_unsafe(cp))
			fwrite(text + off, 1, n, f);
		else if (cp < 0x80)
			fprintf(f, "\\x%02x", (unsigned)cp);
		else
			fprintf(f, "\\u%04x", (unsigned)cp);
		off += n;
	}
}

int ds_log_fileno(void)
{
	return ds_log_file ? fileno(ds_log_file) : -1;
}

void ds_log_close(void)
{
	pthread_mutex_lock(&ds_log_lock);
	if (ds_log_file)
		fclose(ds_log_file);
	ds_log_file = NULL;
	pthread_mutex_unlock(&ds_log_lock);
}

void ds_logv(ds_log_level level, const char *source, const char *fmt, va_list ap)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	char stamp[32], text[DS_LOG_LINE_MAX];
	time_t now = time(NULL);
	struct tm tm;

	pthread_mutex_lock(&ds_log_lock);
	if (ds_log_sink) {
		vsnprintf(text, sizeof text, fmt, ap);
		ds_log_sink(level, text);
	} else if (ds_log_file) {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		vsnprintf(text, sizeof text, fmt, ap);
		fprintf(ds_log_file, "%s %s [", stamp, names[(unsigned)level < 4 ? (unsigned)level : 3]);
		ds_log_put_escaped(ds_log_file, source ? source : "-");
		fputs("] ", ds_log_file);
		ds_log_put_escaped(ds_log_file, text);
		fputc('\n', ds_log_file);
		fflush(ds_log_file);
		ds_log_rotate_if_full();
	}
	pthread_mutex_unlock(&ds_log_lock);
}

void ds_log_set_sink(ds_log_sink_fn sink)
{
	pthread_mutex_lock(&ds_log_lock);
	ds_log_sink = sink;
	pthread_mutex_unlock(&ds_log_lock);
}

void ds_log(ds_log_level level, const char *source, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ds_logv(level, source, fmt, ap);
	va_end(ap);
}
