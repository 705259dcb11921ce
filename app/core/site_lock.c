/* Site locks with flock(2). */
#include "app/core/site_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/paths.h"
#include "app/core/site_store.h"

struct ds_site_lock {
	int fd;
	char name[256];
};

/** Writes the lock file's path for site name. 0 or -1. */
static int ds_site_lock_path(const char *name, char *buf, size_t size)
{
	char dir[4096];
	int n;

	if (!ds_site_name_valid(name) || ds_paths_sites_dir(dir, sizeof dir) < 0 || ds_paths_mkdir_p(dir) < 0)
		return -1;
	n = snprintf(buf, size, "%s/.%s.lock", dir, name);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/** The process id written in the lock file fd, or 0. */
static pid_t ds_site_lock_holder(int fd)
{
	char text[32];
	ssize_t n = pread(fd, text, sizeof text - 1, 0);

	if (n <= 0)
		return 0;
	text[n] = '\0';
	return (pid_t)strtol(text, NULL, 10);
}

ds_site_lock *ds_site_lock_take(const char *name, pid_t *holder, char *message, size_t message_size)
{
	char path[4300], pid[32];
	ds_site_lock *lock;
	int fd, n;

	*holder = 0;
	if (ds_site_lock_path(name, path, sizeof path) < 0) {
		snprintf(message, message_size,
			 _("The site \"%s\" cannot be locked: its name or folder is not usable."), name);
		return NULL;
	}
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(message, message_size, _("The site \"%s\" cannot be locked (%s): %s"), name, path,
			 strerror(errno));
		return NULL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		*holder = ds_site_lock_holder(fd);
		close(fd);
		if (*holder > 0)
			snprintf(message, message_size,
				 _("The site \"%s\" is open in another doorstep (process %ld). Finish or quit that one "
				   "first; \"doorstep report\" reads the site meanwhile."),
				 name, (long)*holder);
		else
			snprintf(message, message_size,
				 _("The site \"%s\" is open in another doorstep. Finish or quit that one first; "
				   "\"doorstep report\" reads the site meanwhile."),
				 name);
		return NULL;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* The lock holds all the same; only the holder's id is not recorded. */
	}
	lock = calloc(1, sizeof *lock);
	if (!lock) {
		close(fd);
		snprintf(message, message_size, "%s", _("out of memory"));
		return NULL;
	}
	lock->fd = fd;
	snprintf(lock->name, sizeof lock->name, "%s", name);
	return lock;
}

const char *ds_site_lock_name(const ds_site_lock *lock)
{
	return lock->name;
}

void ds_site_lock_release(ds_site_lock *lock)
{
	if (!lock)
		return;
	close(lock->fd); /* drops the flock */
	free(lock);
}
