/* XDG paths and atomic file writes. */
#include "app/base/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/** The user's home: $HOME, else the password database's entry. NULL when
 *  neither is known (never a shared directory such as /tmp, where another
 *  user could have made the folders first). */
static const char *ds_paths_home(void)
{
	const char *home = getenv("HOME");
	const struct passwd *pw;

	if (home && home[0] == '/')
		return home;
	pw = getpwuid(getuid());
	return (pw && pw->pw_dir && pw->pw_dir[0] == '/') ? pw->pw_dir : NULL;
}

/** Writes $env/doorstep, or HOME/fallback/doorstep, to buf. As the XDG
 *  Base Directory specification says, an unset, empty or relative $env
 *  means the default. */
static int ds_paths_xdg(const char *env, const char *fallback, char *buf, size_t size)
{
	const char *base = getenv(env);
	int n;

	if (base && base[0] == '/') {
		n = snprintf(buf, size, "%s/doorstep", base);
	} else {
		const char *home = ds_paths_home();

		if (!home)
			return -1;
		n = snprintf(buf, size, "%s/%s/doorstep", home, fallback);
	}
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

int ds_paths_state_dir(char *buf, size_t size)
{
	return ds_paths_xdg("XDG_STATE_HOME", ".local/state", buf, size);
}

int ds_paths_config_dir(char *buf, size_t size)
{
	return ds_paths_xdg("XDG_CONFIG_HOME", ".config", buf, size);
}

int ds_paths_sites_dir(char *buf, size_t size)
{
	char state[4096];
	int n;

	if (ds_paths_state_dir(state, sizeof state) < 0)
		return -1;
	n = snprintf(buf, size, "%s/sites", state);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

int ds_paths_plugin_data_dir(const char *plugin_id, char *buf, size_t size)
{
	char state[4096];
	int n;

	if (ds_paths_state_dir(state, sizeof state) < 0)
		return -1;
	n = snprintf(buf, size, "%s/plugins/%s", state, plugin_id);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

bool ds_paths_in_build_tree(void)
{
#ifdef DS_BUILD_ROOT
	char exe[PATH_MAX], root[PATH_MAX];
	size_t n;

	if (!realpath("/proc/self/exe", exe) || !realpath(DS_BUILD_ROOT, root))
		return false;
	n = strlen(root);
	return strncmp(exe, root, n) == 0 && exe[n] == '/';
#else
	return false;
#endif
}

int ds_paths_mkdir_p(const char *dir)
{
	char tmp[4096];
	size_t len = strlen(dir);

	if (len == 0 || len >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, dir, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/** fsyncs the directory that holds path, so a rename survives a crash. */
static void ds_paths_sync_dir(const char *path)
{
	char copy[4096];
	int fd;

	if (strlen(path) >= sizeof copy)
		return;
	memcpy(copy, path, strlen(path) + 1);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int ds_paths_write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[4200];
	int fd, n;
	size_t done = 0;

	n = snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		done += (size_t)w;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		int e = errno;

		unlink(tmp);
		errno = e;
		return -1;
	}
	ds_paths_sync_dir(path);
	return 0;
fail: {
	int e = errno;

	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}
}

char *ds_paths_read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rbe");
	char *buf = NULL;
	size_t cap = 0, len = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			size_t ncap = cap ? cap * 2 : 8192;
			char *nbuf = realloc(buf, ncap + 1);

			if (!nbuf) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t r = fread(buf + len, 1, cap - len, f);

		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}
