/* The serial ports to probe; see serial_ports.h. */
#include "app/serial/serial_ports.h"

#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Appends path unless it is empty, too long, already listed or the list is full. */
static void ds_serial_ports_add(char (*ports)[DS_LOCATOR_MAX], size_t max, size_t *n, const char *path, size_t len)
{
	if (len == 0 || len >= DS_LOCATOR_MAX || *n >= max)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strlen(ports[i]) == len && strncmp(ports[i], path, len) == 0)
			return;
	memcpy(ports[*n], path, len);
	ports[*n][len] = '\0';
	(*n)++;
}

size_t ds_serial_ports_list(char (*ports)[DS_LOCATOR_MAX], size_t max)
{
	static const char *const patterns[] = { "/dev/ttyUSB*", "/dev/ttyACM*" };
	const char *extra = getenv(DS_SERIAL_PORTS_ENV);
	size_t n = 0;

	while (extra && *extra) {
		const char *colon = strchr(extra, ':');
		size_t len = colon ? (size_t)(colon - extra) : strlen(extra);

		ds_serial_ports_add(ports, max, &n, extra, len);
		extra = colon ? colon + 1 : NULL;
	}
	for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
		glob_t g;

		if (glob(patterns[p], 0, NULL, &g) == 0)
			for (size_t i = 0; i < g.gl_pathc; i++)
				ds_serial_ports_add(ports, max, &n, g.gl_pathv[i], strlen(g.gl_pathv[i]));
		globfree(&g);
	}
	return n;
}
