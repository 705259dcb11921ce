/* The log file: <state>/doorstep.log. Never pass a secret. */
#ifndef DS_LOG_H
#define DS_LOG_H

#include <stdarg.h>
#include <doorstep/plugin.h>

/** Size past which the log moves to doorstep.log.1 and starts anew (bytes). */
#define DS_LOG_MAX_BYTES (1L << 20)
/** Longest message kept (bytes); a longer one is cut. */
#define DS_LOG_LINE_MAX 4096

/** Opens the log file (appending; created 0600). Without it, messages are dropped. 0 or -1. */
int ds_log_open(void);
/** The log file's descriptor (for what libraries print on stderr while the
 *  terminal interface owns the screen), or -1 when it is not open. */
int ds_log_fileno(void);
/** Closes the log file. */
void ds_log_close(void);
/** Writes one line tagged with source (e.g. "core", "plugin:acme"); control
 *  characters in source and text are written as \xNN, so a message is
 *  always one line. */
void ds_log(ds_log_level level, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** Receives each line (its text, not yet escaped) instead of the file. */
typedef void (*ds_log_sink_fn)(ds_log_level level, const char *text);
/** Sends every line to sink instead of the file (NULL: back to the file).
 *  A plugin's runner hands its lines to doorstep this way, which writes
 *  them tagged with the plugin's id. */
void ds_log_set_sink(ds_log_sink_fn sink);
/** va_list form of ds_log. */
void ds_logv(ds_log_level level, const char *source, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
