/* Finds, checks and loads device plugins (SANE's dll backend, checked like
 * GStreamer/OBS). Every refused file is listed with a translated reason; a
 * bad plugin never stops the app. */
#include "app/core/plugin_loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/i18n.h"
#include "app/core/log.h"
#include "app/core/plugin_host.h"

#if !defined(DS_PLUGIN_BUILD_DIR) || !defined(DS_PLUGIN_INSTALL_DIR)
#error "DS_PLUGIN_BUILD_DIR and DS_PLUGIN_INSTALL_DIR come from CMake"
#endif

/** Source tag of the loader's log lines. */
#define LOG_SRC "loader"
/** Environment variable that puts directories in front of the search path. */
#define PLUGIN_PATH_ENV "DOORSTEP_PLUGIN_PATH"
/** Longest id shown in a refusal reason. */
#define ID_SHOW_MAX 48

/** The entry point's type. */
typedef const ds_plugin *(*entry_fn)(void);

/** Writes a translated, printf-style refusal reason. */
__attribute__((format(printf, 3, 4)))
static void set_reason(char *reason, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!reason || size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, size, fmt, ap);
	va_end(ap);
}

/** Copies s into out for display: non-printable bytes become '?', long ids
 *  are cut. */
static void show_id(const char *s, char *out, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[i] = '\0';
}

/** True when id is a non-empty [a-z0-9-]+ shorter than DS_ID_MAX. */
static bool id_valid(const char *id)
{
	size_t n = 0;

	for (; id[n]; n++) {
		char c = id[n];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return n > 0 && n < DS_ID_MAX;
}

/** Checks that path is a regular file holding an ELF shared object. */
static bool check_file(const char *path, char *reason, size_t size)
{
	struct stat st;
	unsigned char hdr[EI_NIDENT + 2];
	ssize_t got;
	unsigned type;
	int fd;

	if (stat(path, &st) != 0) {
		set_reason(reason, size, _("cannot read the file: %s"), strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		set_reason(reason, size, _("not a regular file"));
		return false;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set_reason(reason, size, _("cannot read the file: %s"), strerror(errno));
		return false;
	}
	got = pread(fd, hdr, sizeof hdr, 0);
	close(fd);
	if (got != (ssize_t)sizeof hdr || memcmp(hdr, ELFMAG, SELFMAG) != 0) {
		set_reason(reason, size, _("not a shared object (no ELF header)"));
		return false;
	}
	/* e_type follows e_ident in both ELF classes, in the file's byte order. */
	if (hdr[EI_DATA] == ELFDATA2MSB)
		type = (unsigned)hdr[EI_NIDENT] << 8 | hdr[EI_NIDENT + 1];
	else
		type = (unsigned)hdr[EI_NIDENT + 1] << 8 | hdr[EI_NIDENT];
	if (type != ET_DYN) {
		set_reason(reason, size, _("not a shared object (ELF type %u)"), type);
		return false;
	}
	return true;
}

/** Checks the descriptor's size and ABI version, then copies it into out. */
static bool check_abi(const ds_plugin *d, ds_plugin *out, char *reason, size_t size)
{
	size_t n;

	if (d->struct_size < DS_PLUGIN_MIN_SIZE) {
		set_reason(reason, size, _("descriptor too short: %zu bytes, at least %zu needed"),
			   d->struct_size, (size_t)DS_PLUGIN_MIN_SIZE);
		return false;
	}
	if (d->abi_major != DS_PLUGIN_ABI_MAJOR) {
		set_reason(reason, size,
			   _("built for plugin ABI %u.%u; this doorstep supports %d.%d"),
			   (unsigned)d->abi_major, (unsigned)d->abi_minor,
			   DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR);
		return false;
	}
	if (d->abi_minor > DS_PLUGIN_ABI_MINOR) {
		set_reason(reason, size,
			   _("built for plugin ABI %u.%u; this doorstep supports %d.%d "
			     "(newer ABI minor: update doorstep)"),
			   (unsigned)d->abi_major, (unsigned)d->abi_minor,
			   DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR);
		return false;
	}
	/* Forward compatibility: fields the plugin does not know read as zero. */
	n = d->struct_size < sizeof *out ? d->struct_size : sizeof *out;
	memset(out, 0, sizeof *out);
	memcpy(out, d, n);
	return true;
}

/** Checks the mandatory fields of a copied descriptor. */
static bool check_fields(const ds_plugin *d, char *reason, size_t size)
{
	char shown[ID_SHOW_MAX];
	const char *missing = NULL;

	if (!d->id || !*d->id) {
		set_reason(reason, size, _("the plugin id is missing or empty"));
		return false;
	}
	if (!id_valid(d->id)) {
		show_id(d->id, shown, sizeof shown);
		set_reason(reason, size,
			   _("invalid plugin id '%s': use 1 to %d characters from a-z, 0-9 and '-'"),
			   shown, DS_ID_MAX - 1);
		return false;
	}
	if (!d->name)
		missing = "name";
	else if (!d->vendor)
		missing = "vendor";
	else if (!d->version)
		missing = "version";
	if (missing) {
		set_reason(reason, size, _("descriptor field '%s' is missing"), missing);
		return false;
	}
	if (!d->init)
		missing = "init";
	else if (!d->fini)
		missing = "fini";
	else if (!d->open)
		missing = "open";
	else if (!d->close)
		missing = "close";
	else if (!d->device_info)
		missing = "device_info";
	if (missing) {
		set_reason(reason, size, _("mandatory operation '%s' is missing"), missing);
		return false;
	}
	return true;
}

/** Refuses a descriptor whose id is already loaded in set (NULL: no set). */
static bool check_unique(const ds_plugin_set *set, const char *id, char *reason, size_t size)
{
	const ds_loaded_plugin *other = set ? ds_plugins_find(set, id) : NULL;

	if (other) {
		set_reason(reason, size, _("duplicate plugin id '%s', already loaded from %s"),
			   id, other->path);
		return false;
	}
	return true;
}

/** Opens the file, finds the entry point and checks the descriptor it
 *  returns; fills lp->desc and lp->handle. */
static bool open_plugin(ds_loaded_plugin *lp, const char *path, char *reason, size_t size)
{
	const ds_plugin *d;
	entry_fn entry;
	void *sym;
	const char *err;

	if (!check_file(path, reason, size))
		return false;
	dlerror();
	lp->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!lp->handle) {
		err = dlerror();
		if (!err)
			err = _("unknown error");
		/* glibc starts with "<path>: ", which the listing shows anyway. */
		if (strncmp(err, path, strlen(path)) == 0 && strncmp(err + strlen(path), ": ", 2) == 0)
			err += strlen(path) + 2;
		set_reason(reason, size, _("cannot load: %s"), err);
		return false;
	}
	sym = dlsym(lp->handle, DS_PLUGIN_ENTRY_NAME);
	if (!sym) {
		set_reason(reason, size, _("missing symbol %s: not a doorstep plugin"),
			   DS_PLUGIN_ENTRY_NAME);
		return false;
	}
	entry = (entry_fn)sym;
	d = entry();
	if (!d) {
		set_reason(reason, size, _("%s() returned no descriptor"), DS_PLUGIN_ENTRY_NAME);
		return false;
	}
	return check_abi(d, &lp->desc, reason, size) && check_fields(&lp->desc, reason, size);
}

/** Gives the plugin its host table and text domain, then calls init(). */
static bool start_plugin(ds_loaded_plugin *lp, char *reason, size_t size)
{
	ds_status st;

	if (ds_plugin_host_fill(lp) != 0) {
		set_reason(reason, size, _("cannot create its data directory %s: %s"),
			   lp->data_dir[0] ? lp->data_dir : lp->desc.id, strerror(errno));
		return false;
	}
	if (lp->desc.text_domain && *lp->desc.text_domain)
		ds_i18n_bind_domain(lp->desc.text_domain);
	ds_plugin_enter(lp);
	st = lp->desc.init(&lp->host);
	ds_plugin_leave(lp);
	if (st != DS_OK) {
		set_reason(reason, size, _("init failed: %s"), ds_status_str(st));
		return false;
	}
	return true;
}

/** Loads one file; set (may be NULL) is checked for a duplicate id before
 *  init. NULL with a reason on refusal. */
static ds_loaded_plugin *load_into(const ds_plugin_set *set, const char *path,
				   char *reason, size_t size)
{
	char own[sizeof ((ds_rejected_plugin *)0)->reason];
	ds_loaded_plugin *lp;
	bool ok;

	if (!reason || size == 0) { /* the log still gets the reason */
		reason = own;
		size = sizeof own;
	}
	reason[0] = '\0';
	lp = calloc(1, sizeof *lp);
	if (!lp) {
		set_reason(reason, size, _("out of memory"));
		return NULL;
	}
	if ((size_t)snprintf(lp->path, sizeof lp->path, "%s", path) >= sizeof lp->path) {
		set_reason(reason, size, _("the path is too long"));
		free(lp);
		return NULL;
	}
	if (pthread_mutex_init(&lp->lock, NULL) != 0) {
		set_reason(reason, size, _("out of memory"));
		free(lp);
		return NULL;
	}
	ok = open_plugin(lp, path, reason, size) &&
	     check_unique(set, lp->desc.id, reason, size) &&
	     start_plugin(lp, reason, size);
	if (!ok) {
		ds_log(DS_LOG_WARN, LOG_SRC, "refused %s: %s", path, reason);
		if (lp->handle)
			dlclose(lp->handle);
		pthread_mutex_destroy(&lp->lock);
		free(lp);
		return NULL;
	}
	ds_log(DS_LOG_INFO, LOG_SRC, "loaded %s %s (%s, ABI %u.%u) from %s", lp->desc.id,
	       lp->desc.version, lp->desc.vendor, (unsigned)lp->desc.abi_major,
	       (unsigned)lp->desc.abi_minor, path);
	return lp;
}

/** Checks and loads one file; on refusal returns NULL and writes the reason. */
ds_loaded_plugin *ds_plugin_load_file(const char *path, char *reason, size_t reason_size)
{
	if (!path) {
		set_reason(reason, reason_size, _("no file given"));
		return NULL;
	}
	return load_into(NULL, path, reason, reason_size);
}

/** Builds the search path: $DOORSTEP_PLUGIN_PATH (':'-separated), then the
 *  build tree's plugin directory, then <libdir>/doorstep/plugins. */
void ds_plugin_search_path(char *buf, size_t size)
{
	const char *env = getenv(PLUGIN_PATH_ENV);

	if (!buf || size == 0)
		return;
	if (env && *env)
		snprintf(buf, size, "%s:%s:%s", env, DS_PLUGIN_BUILD_DIR, DS_PLUGIN_INSTALL_DIR);
	else
		snprintf(buf, size, "%s:%s", DS_PLUGIN_BUILD_DIR, DS_PLUGIN_INSTALL_DIR);
}

/** scandir filter: names ending in ".so" (hidden files too). */
static int is_so_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 3 && strcmp(e->d_name + n - 3, ".so") == 0;
}

/** scandir order: bytewise by name, the same in every locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/** Appends a refused file to the set. false when out of memory. */
static bool add_rejected(ds_plugin_set *set, size_t *cap, const char *path, const char *reason)
{
	ds_rejected_plugin *r;

	if (set->n_rejected == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;

		r = realloc(set->rejected, ncap * sizeof *r);
		if (!r)
			return false;
		set->rejected = r;
		*cap = ncap;
	}
	r = &set->rejected[set->n_rejected++];
	snprintf(r->path, sizeof r->path, "%s", path);
	snprintf(r->reason, sizeof r->reason, "%s", reason);
	return true;
}

/** Appends a loaded plugin to the set. false when out of memory. */
static bool add_loaded(ds_plugin_set *set, size_t *cap, ds_loaded_plugin *lp)
{
	if (set->n_loaded == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		ds_loaded_plugin **l = realloc(set->loaded, ncap * sizeof *l);

		if (!l)
			return false;
		set->loaded = l;
		*cap = ncap;
	}
	set->loaded[set->n_loaded++] = lp;
	return true;
}

/** Stops and unloads one plugin. */
static void unload(ds_loaded_plugin *lp)
{
	ds_plugin_enter(lp);
	lp->desc.fini();
	ds_plugin_leave(lp);
	ds_log(DS_LOG_INFO, LOG_SRC, "unloaded %s", lp->desc.id);
	dlclose(lp->handle);
	pthread_mutex_destroy(&lp->lock);
	free(lp);
}

/** Capacities of a set's two arrays while it is being filled. */
struct caps {
	size_t loaded;
	size_t rejected;
};

/** Loads every "*.so" file of one directory, in name order. */
static void load_dir(ds_plugin_set *set, struct caps *cap, const char *dir)
{
	struct dirent **names = NULL;
	char path[PATH_MAX];
	char reason[sizeof set->rejected->reason];
	size_t dlen = strlen(dir);
	int n;

	while (dlen > 0 && dir[dlen - 1] == '/')
		dlen--; /* "dir/" and "dir" name the same files */
	n = scandir(dir, &names, is_so_name, by_name);
	if (n < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			ds_log(DS_LOG_WARN, LOG_SRC, "cannot read plugin directory %s: %s", dir,
			       strerror(errno));
		return;
	}
	ds_log(DS_LOG_DEBUG, LOG_SRC, "searching %s (%d candidates)", dir, n);
	for (int i = 0; i < n; i++) {
		ds_loaded_plugin *lp = NULL;

		if ((size_t)snprintf(path, sizeof path, "%.*s/%s", (int)dlen, dir,
				     names[i]->d_name) >= sizeof path)
			set_reason(reason, sizeof reason, _("the path is too long"));
		else
			lp = load_into(set, path, reason, sizeof reason);
		if (lp && !add_loaded(set, &cap->loaded, lp))
			unload(lp);
		else if (!lp)
			add_rejected(set, &cap->rejected, path, reason);
		free(names[i]);
	}
	free(names);
}

/** Resolved directories already searched, so that none is searched twice
 *  (e.g. the build tree named in $DOORSTEP_PLUGIN_PATH too would list each
 *  of its plugins as a duplicate of itself). */
struct seen_dirs {
	char **dirs;
	size_t n;
};

/** Records dir; false when it was seen before (or on error: skip it). */
static bool first_visit(struct seen_dirs *seen, const char *dir)
{
	char real[PATH_MAX];
	char **grown;

	if (!realpath(dir, real))
		return false; /* missing directories are skipped silently */
	for (size_t i = 0; i < seen->n; i++)
		if (strcmp(seen->dirs[i], real) == 0)
			return false;
	grown = realloc(seen->dirs, (seen->n + 1) * sizeof *grown);
	if (!grown)
		return false;
	seen->dirs = grown;
	seen->dirs[seen->n] = strdup(real);
	if (!seen->dirs[seen->n])
		return false;
	seen->n++;
	return true;
}

/** Loads every "*.so" in each directory of search_path (NULL: the default
 *  path), in path order then name order; the first plugin with an id wins.
 *  Never fails as a whole: refused files are listed. Caller frees. */
ds_plugin_set *ds_plugins_load(const char *search_path)
{
	ds_plugin_set *set = calloc(1, sizeof *set);
	struct seen_dirs seen = { NULL, 0 };
	struct caps cap = { 0, 0 };
	char *copy, *save = NULL;

	if (!set)
		return NULL;
	if (search_path)
		snprintf(set->search_path, sizeof set->search_path, "%s", search_path);
	else
		ds_plugin_search_path(set->search_path, sizeof set->search_path);
	copy = strdup(set->search_path);
	if (!copy)
		return set;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		if (first_visit(&seen, dir))
			load_dir(set, &cap, dir);
	for (size_t i = 0; i < seen.n; i++)
		free(seen.dirs[i]);
	free(seen.dirs);
	free(copy);
	ds_log(DS_LOG_INFO, LOG_SRC, "%zu plugins loaded, %zu refused (path %s)", set->n_loaded,
	       set->n_rejected, set->search_path);
	return set;
}

/** Calls fini() on every loaded plugin, unloads them and frees the set. */
void ds_plugins_free(ds_plugin_set *set)
{
	if (!set)
		return;
	for (size_t i = set->n_loaded; i > 0; i--)
		unload(set->loaded[i - 1]);
	free(set->loaded);
	free(set->rejected);
	free(set);
}

/** The loaded plugin with this id, or NULL. */
ds_loaded_plugin *ds_plugins_find(const ds_plugin_set *set, const char *id)
{
	if (!set || !id)
		return NULL;
	for (size_t i = 0; i < set->n_loaded; i++)
		if (strcmp(set->loaded[i]->desc.id, id) == 0)
			return set->loaded[i];
	return NULL;
}
