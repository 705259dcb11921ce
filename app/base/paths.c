/* XDG paths and atomic file writes. */
#include "app/base/paths.h"

#include <sodium.h>

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

#include "app/base/i18n.h"

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

/** Creates a new temporary file beside path (its own folder, a random name,
 *  O_EXCL|O_NOFOLLOW: never an existing file or a planted link), mode 0600.
 *  Writes its name to tmp. The descriptor, or -1 (errno set). */
static int ds_paths_create_temp(const char *path, char *tmp, size_t tmp_size)
{
	for (int attempt = 0; attempt < 16; attempt++) {
		int n = snprintf(tmp, tmp_size, "%s.tmp-%08x%08x", path, randombytes_random(), randombytes_random());
		int fd;

		if (n < 0 || (size_t)n >= tmp_size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int ds_paths_write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[4200];
	int fd;
	size_t done = 0;

	fd = ds_paths_create_temp(path, tmp, sizeof tmp);
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

/** Opens path for reading if it is a regular file of at most max bytes
 *  (a FIFO, a device or a directory is refused at once: EINVAL; a larger
 *  file: EFBIG). Sets *size. The descriptor, or -1 (errno set). */
static int ds_paths_open_regular(const char *path, size_t max, size_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max) {
		close(fd);
		errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		return -1;
	}
	*size = (size_t)st.st_size;
	return fd;
}

char *ds_paths_read_file(const char *path, size_t *len_out)
{
	return ds_paths_read_file_max(path, DS_PATHS_READ_MAX, len_out);
}

char *ds_paths_read_file_max(const char *path, size_t max, size_t *len_out)
{
	size_t size, len = 0;
	char *buf;
	int fd = ds_paths_open_regular(path, max, &size);

	if (fd < 0)
		return NULL;
	buf = malloc(size + 1);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	/* The file may change while it is read: never more than its size then. */
	while (len < size) {
		ssize_t r = read(fd, buf + len, size - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

const char *ds_paths_read_error(int err)
{
	if (err == EINVAL)
		return _("it is not a regular file (a FIFO, a device or a folder)");
	if (err == EFBIG)
		return _("it is larger than doorstep reads for this kind of file");
	return strerror(err);
}

const char *ds_paths_unsafe_owner(const struct stat *st)
{
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return _("others than its owner may write to it (chmod go-w)");
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return _("it belongs to another user (only root's and your own are trusted)");
	return NULL;
}
