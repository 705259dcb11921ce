/* The log file. One line per message: time, level, source, text. */
#include "app/base/log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/base/paths.h"

static FILE *ds_log_file;
static pthread_mutex_t ds_log_lock = PTHREAD_MUTEX_INITIALIZER;

int ds_log_open(void)
{
	char dir[4096], path[4200];

	if (ds_paths_state_dir(dir, sizeof dir) < 0 || ds_paths_mkdir_p(dir) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/doorstep.log", dir);
	pthread_mutex_lock(&ds_log_lock);
	if (!ds_log_file)
		ds_log_file = fopen(path, "ae");
	pthread_mutex_unlock(&ds_log_lock);
	return ds_log_file ? 0 : -1;
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
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	pthread_mutex_lock(&ds_log_lock);
	if (ds_log_file) {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(ds_log_file, "%s %s [%s] ", stamp,
			names[(unsigned)level < 4 ? (unsigned)level : 3], source ? source : "-");
		vfprintf(ds_log_file, fmt, ap);
		fputc('\n', ds_log_file);
		fflush(ds_log_file);
	}
	pthread_mutex_unlock(&ds_log_lock);
}

void ds_log(ds_log_level level, const char *source, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ds_logv(level, source, fmt, ap);
	va_end(ap);
}
