/* Finds, checks and loads device plugins (SANE's dll backend, checked like
 * GStreamer/OBS). Every refused file is listed with a translated reason; a
 * bad plugin never stops the app. */
#include "app/plugin/plugin_loader.h"

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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/base/paths.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "app/plugin/plugin_runner.h"
#include "app/plugin/plugin_trust.h"

#if !defined(DS_PLUGIN_BUILD_DIR) || !defined(DS_PLUGIN_INSTALL_DIR)
#error "DS_PLUGIN_BUILD_DIR and DS_PLUGIN_INSTALL_DIR come from CMake"
#endif

/** Source tag of the loader's log lines. */
#define LOG_SRC "loader"
/** Environment variable that puts directories in front of the search path. */
#define PLUGIN_PATH_ENV "DOORSTEP_PLUGIN_PATH"
/** Longest id shown in a refusal reason. */
#define ID_SHOW_MAX 48
/** Largest plugin file read into memory (bytes). */
#define PLUGIN_MAX_BYTES ((size_t)256 * 1024 * 1024)
/** How often a memfd is moved to another number when its /proc name is taken. */
#define LOAD_PATH_TRIES 64
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3: executable memfd even under vm.memfd_noexec=1 */
#endif

/** The entry point's type. */
typedef const ds_plugin *(*entry_fn)(void);

/** How the files of one load are checked. */
struct load_ctx {
	ds_trust_store *trust;       /**< the keys a plugin's signature must verify with */
	bool allow_unsigned;         /**< let unsigned and untrusted-key plugins through */
	bool in_process;             /**< load into this process instead of a runner */
};

/** A plugin file's bytes, read once: what is checked is what is loaded. */
struct image {
	unsigned char *data;
	size_t len;
};

void ds_plugin_set_reason(char *reason, size_t size, const char *fmt, ...)
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

/** The file's last path component. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/** Reads the rest of fd into img (which holds *cap bytes of room). */
static bool read_all(int fd, struct image *img, size_t *cap, char *reason, size_t size)
{
	for (;;) {
		ssize_t n;

		if (img->len == *cap) {
			size_t ncap = *cap * 2;
			unsigned char *d;

			if (*cap > PLUGIN_MAX_BYTES) {
				ds_plugin_set_reason(reason, size, _("too large for a plugin (more than %zu MiB)"),
						     PLUGIN_MAX_BYTES / (1024 * 1024));
				return false;
			}
			d = realloc(img->data, ncap);
			if (!d) {
				ds_plugin_set_reason(reason, size, _("out of memory"));
				return false;
			}
			img->data = d;
			*cap = ncap;
		}
		n = read(fd, img->data + img->len, *cap - img->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ds_plugin_set_reason(reason, size, _("cannot read the file: %s"), strerror(errno));
			return false;
		}
		if (n == 0)
			return true;
		img->len += (size_t)n;
	}
}

/** Reads the regular file at path into img, once. */
static bool read_image(const char *path, struct image *img, char *reason, size_t size)
{
	struct stat st;
	size_t cap;
	bool ok;
	int fd;

	img->data = NULL;
	img->len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0) {
		ds_plugin_set_reason(reason, size, _("cannot read the file: %s"), strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		ds_plugin_set_reason(reason, size, _("not a regular file"));
		close(fd);
		return false;
	}
	cap = (size_t)st.st_size < PLUGIN_MAX_BYTES ? (size_t)st.st_size + 1 : PLUGIN_MAX_BYTES + 1;
	img->data = malloc(cap);
	ok = img->data != NULL;
	if (!ok)
		ds_plugin_set_reason(reason, size, _("out of memory"));
	else
		ok = read_all(fd, img, &cap, reason, size);
	close(fd);
	if (!ok) {
		free(img->data);
		img->data = NULL;
	}
	return ok;
}

/** Checks that the bytes hold an ELF shared object. */
static bool check_elf(const struct image *img, char *reason, size_t size)
{
	const unsigned char *hdr = img->data;
	unsigned type;

	if (img->len < EI_NIDENT + 2 || memcmp(hdr, ELFMAG, SELFMAG) != 0) {
		ds_plugin_set_reason(reason, size, _("not a shared object (no ELF header)"));
		return false;
	}
	/* e_type follows e_ident in both ELF classes, in the file's byte order. */
	if (hdr[EI_DATA] == ELFDATA2MSB)
		type = (unsigned)hdr[EI_NIDENT] << 8 | hdr[EI_NIDENT + 1];
	else
		type = (unsigned)hdr[EI_NIDENT + 1] << 8 | hdr[EI_NIDENT];
	if (type != ET_DYN) {
		ds_plugin_set_reason(reason, size, _("not a shared object (ELF type %u)"), type);
		return false;
	}
	return true;
}

/** Checks the bytes' signature; records the trust state and signer in lp.
 *  Only trusted files pass, or with allow_unsigned, unsigned and
 *  untrusted-key ones. */
static bool check_trust(ds_loaded_plugin *lp, const struct load_ctx *ctx, const char *path,
			const struct image *img, char *reason, size_t size)
{
	lp->trust = ds_trust_check(ctx->trust, path, img->data, img->len, &lp->signer,
				   lp->trust_reason, sizeof lp->trust_reason);
	if (lp->trust == DS_TRUST_TRUSTED)
		return true;
	if (ctx->allow_unsigned &&
	    (lp->trust == DS_TRUST_UNSIGNED || lp->trust == DS_TRUST_UNTRUSTED_KEY)) {
		ds_log(DS_LOG_WARN, LOG_SRC, "allowing %s plugin %s (--allow-unsigned): %s",
		       ds_trust_state_str(lp->trust), path, lp->trust_reason);
		return true;
	}
	if (ctx->allow_unsigned)
		ds_plugin_set_reason(reason, size, "%s (%s)", lp->trust_reason,
				     _("--allow-unsigned never loads a file whose signature fails: "
				       "sign it again or delete the stale signature"));
	else
		ds_plugin_set_reason(reason, size, "%s", lp->trust_reason);
	return false;
}

/** Copies the checked bytes into a new memfd and seals it against any
 *  change. The fd, or -1 with a reason. */
static int seal_image(const char *path, const struct image *img, char *reason, size_t size)
{
	char name[64];
	size_t off = 0;
	int fd;

	snprintf(name, sizeof name, "doorstep-plugin:%s", base_name(path));
	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
	if (fd < 0 && errno == EINVAL) /* kernels before 6.3 know no MFD_EXEC */
		fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		ds_plugin_set_reason(reason, size, _("cannot load: no sealed memory for it (%s)"), strerror(errno));
		return -1;
	}
	while (off < img->len) {
		ssize_t n = write(fd, img->data + off, img->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ds_plugin_set_reason(reason, size, _("cannot load: no sealed memory for it (%s)"),
					     n < 0 ? strerror(errno) : _("short write"));
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
		ds_plugin_set_reason(reason, size, _("cannot load: cannot seal its memory (%s)"), strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/** Sets lp->load_path to /proc/self/fd/N of lp->memfd. dlopen() returns a
 *  library already loaded under the same name (one refused earlier whose
 *  memfd had this number and that could not be unloaded), so the fd moves
 *  to another number until the name is free. */
static bool pick_load_path(ds_loaded_plugin *lp, char *reason, size_t size)
{
	for (int tries = 0; tries < LOAD_PATH_TRIES; tries++) {
		void *old;
		int moved;

		snprintf(lp->load_path, sizeof lp->load_path, "/proc/self/fd/%d", lp->memfd);
		old = dlopen(lp->load_path, RTLD_LAZY | RTLD_LOCAL | RTLD_NOLOAD);
		if (!old)
			return true;
		dlclose(old);
		moved = fcntl(lp->memfd, F_DUPFD_CLOEXEC, lp->memfd + 1);
		if (moved < 0)
			break;
		close(lp->memfd);
		lp->memfd = moved;
	}
	ds_plugin_set_reason(reason, size, _("cannot load: no free file descriptor name for it"));
	return false;
}

/** Checks the descriptor's size and ABI version, then copies it into out. */
static bool check_abi(const ds_plugin *d, ds_plugin *out, char *reason, size_t size)
{
	size_t n;

	if (d->struct_size < DS_PLUGIN_MIN_SIZE) {
		ds_plugin_set_reason(reason, size,
				     P_("descriptor too short: %zu byte, at least %zu needed",
					"descriptor too short: %zu bytes, at least %zu needed", d->struct_size),
				     d->struct_size, (size_t)DS_PLUGIN_MIN_SIZE);
		return false;
	}
	if (d->abi_major != DS_PLUGIN_ABI_MAJOR) {
		ds_plugin_set_reason(reason, size, _("built for plugin ABI %u.%u; this doorstep supports %d.%d"),
				     (unsigned)d->abi_major, (unsigned)d->abi_minor, DS_PLUGIN_ABI_MAJOR,
				     DS_PLUGIN_ABI_MINOR);
		return false;
	}
	if (d->abi_minor > DS_PLUGIN_ABI_MINOR) {
		ds_plugin_set_reason(reason, size,
				     _("built for plugin ABI %u.%u; this doorstep supports %d.%d "
				       "(newer ABI minor: update doorstep)"),
				     (unsigned)d->abi_major, (unsigned)d->abi_minor, DS_PLUGIN_ABI_MAJOR,
				     DS_PLUGIN_ABI_MINOR);
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
		ds_plugin_set_reason(reason, size, _("the plugin id is missing or empty"));
		return false;
	}
	if (!id_valid(d->id)) {
		show_id(d->id, shown, sizeof shown);
		ds_plugin_set_reason(reason, size,
				     _("invalid plugin id '%s': use 1 to %d characters from a-z, 0-9 and '-'"), shown,
				     DS_ID_MAX - 1);
		return false;
	}
	if (!d->name)
		missing = "name";
	else if (!d->vendor)
		missing = "vendor";
	else if (!d->version)
		missing = "version";
	if (missing) {
		ds_plugin_set_reason(reason, size, _("descriptor field '%s' is missing"), missing);
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
		ds_plugin_set_reason(reason, size, _("mandatory operation '%s' is missing"), missing);
		return false;
	}
	return true;
}

/** Refuses a descriptor whose id is already loaded in set (NULL: no set). */
static bool check_unique(const ds_plugin_set *set, const char *id, char *reason, size_t size)
{
	const ds_loaded_plugin *other = set ? ds_plugins_find(set, id) : NULL;

	if (other) {
		ds_plugin_set_reason(reason, size, _("duplicate plugin id '%s', already loaded from %s"), id,
				     other->path);
		return false;
	}
	return true;
}

/** Reads the file once, checks those bytes (ELF header, signature) and
 *  seals them in lp->memfd; records the trust state and signer. */
static bool prepare_image(ds_loaded_plugin *lp, const struct load_ctx *ctx, const char *path, char *reason, size_t size)
{
	struct image img;
	bool ok;

	if (!read_image(path, &img, reason, size))
		return false;
	ok = check_elf(&img, reason, size) && check_trust(lp, ctx, path, &img, reason, size);
	if (ok) {
		lp->memfd = seal_image(path, &img, reason, size);
		ok = lp->memfd >= 0;
	}
	free(img.data);
	return ok;
}

bool ds_plugin_open_image(ds_loaded_plugin *lp, char *reason, size_t size)
{
	const ds_plugin *d;
	entry_fn entry;
	void *sym;
	const char *err;
	size_t plen;

	if (!pick_load_path(lp, reason, size))
		return false;
	dlerror();
	lp->handle = dlopen(lp->load_path, RTLD_NOW | RTLD_LOCAL);
	if (!lp->handle) {
		err = dlerror();
		if (!err)
			err = _("unknown error");
		/* glibc starts with "<load path>: ", which says nothing here. */
		plen = strlen(lp->load_path);
		if (strncmp(err, lp->load_path, plen) == 0 && strncmp(err + plen, ": ", 2) == 0)
			err += plen + 2;
		ds_plugin_set_reason(reason, size, _("cannot load: %s"), err);
		return false;
	}
	sym = dlsym(lp->handle, DS_PLUGIN_ENTRY_NAME);
	if (!sym) {
		ds_plugin_set_reason(reason, size, _("missing symbol %s: not a doorstep plugin"), DS_PLUGIN_ENTRY_NAME);
		return false;
	}
	entry = (entry_fn)sym;
	d = entry();
	if (!d) {
		ds_plugin_set_reason(reason, size, _("%s() returned no descriptor"), DS_PLUGIN_ENTRY_NAME);
		return false;
	}
	if (!check_abi(d, &lp->desc, reason, size) || !check_fields(&lp->desc, reason, size))
		return false;
	ds_plugin_ops_fill(lp);
	return true;
}

bool ds_plugin_start_here(ds_loaded_plugin *lp, const ds_host_ble *ble, char *reason, size_t size)
{
	ds_status st;

	if (ds_plugin_host_fill(lp) != 0) {
		ds_plugin_set_reason(reason, size, _("cannot create its data directory %s: %s"),
				     lp->data_dir[0] ? lp->data_dir : lp->desc.id, strerror(errno));
		return false;
	}
	if (ble)
		lp->host.ble = ble;
	if (lp->desc.text_domain && *lp->desc.text_domain)
		ds_i18n_bind_domain(lp->desc.text_domain);
	ds_plugin_enter(lp);
	st = lp->desc.init(&lp->host);
	ds_plugin_leave(lp);
	if (st != DS_OK) {
		ds_plugin_set_reason(reason, size, _("init failed: %s"), ds_status_str(st));
		return false;
	}
	return true;
}

/** Before init(): the signature must have been made for this very plugin
 *  (the id and version its signed comment names, app/plugin/plugin_trust.h). */
static bool bound_to_its_plugin(ds_loaded_plugin *lp, char *reason, size_t size)
{
	return ds_trust_check_binding(&lp->trust, &lp->signer, lp->desc.id, lp->desc.version, reason, size);
}

/** Starts the plugin: in this process (the checker's child), or in a
 *  runner of its own (app/plugin/plugin_runner.h), whose descriptor is
 *  checked here again. */
static bool start_plugin(ds_loaded_plugin *lp, const ds_plugin_set *set, const struct load_ctx *ctx, char *reason,
			 size_t size)
{
	if (ctx->in_process)
		return ds_plugin_open_image(lp, reason, size) && bound_to_its_plugin(lp, reason, size) &&
		       check_unique(set, lp->desc.id, reason, size) && ds_plugin_start_here(lp, NULL, reason, size);
	if (!ds_runner_start(lp, reason, size) || !check_fields(&lp->desc, reason, size) ||
	    !bound_to_its_plugin(lp, reason, size) || !check_unique(set, lp->desc.id, reason, size) ||
	    !ds_runner_init(lp, reason, size))
		return false;
	/* The table the runner serves, kept here too: what the plugin sees. */
	if (ds_plugin_host_fill(lp) != 0) {
		ds_plugin_set_reason(reason, size, _("cannot create its data directory %s: %s"),
				     lp->data_dir[0] ? lp->data_dir : lp->desc.id, strerror(errno));
		return false;
	}
	return true;
}

/** Loads one file; set (may be NULL) is checked for a duplicate id before
 *  init. NULL with a reason on refusal; rej (may be NULL) gets the trust
 *  state and signer either way. */
static ds_loaded_plugin *load_into(const ds_plugin_set *set, const struct load_ctx *ctx,
				   const char *path, char *reason, size_t size,
				   ds_rejected_plugin *rej)
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
		ds_plugin_set_reason(reason, size, _("out of memory"));
		return NULL;
	}
	if ((size_t)snprintf(lp->path, sizeof lp->path, "%s", path) >= sizeof lp->path) {
		ds_plugin_set_reason(reason, size, _("the path is too long"));
		free(lp);
		return NULL;
	}
	lp->memfd = -1;
	if (pthread_mutex_init(&lp->lock, NULL) != 0) {
		ds_plugin_set_reason(reason, size, _("out of memory"));
		free(lp);
		return NULL;
	}
	ok = prepare_image(lp, ctx, path, reason, size) && start_plugin(lp, set, ctx, reason, size);
	if (rej) {
		rej->trust = lp->trust;
		rej->signer = lp->signer;
	}
	if (!ok) {
		ds_log(DS_LOG_WARN, LOG_SRC, "refused %s: %s", path, reason);
		ds_runner_stop(lp);
		if (lp->handle)
			dlclose(lp->handle);
		if (lp->memfd >= 0)
			close(lp->memfd);
		pthread_mutex_destroy(&lp->lock);
		free(lp);
		return NULL;
	}
	ds_log(DS_LOG_INFO, LOG_SRC, "loaded %s %s (%s, ABI %u.%u) from %s (%s%s%s) via %s",
	       lp->desc.id, lp->desc.version, lp->desc.vendor, (unsigned)lp->desc.abi_major,
	       (unsigned)lp->desc.abi_minor, path, ds_trust_state_str(lp->trust),
	       lp->signer.key_id[0] ? ", key " : "", lp->signer.key_id, lp->load_path);
	return lp;
}

/** Checks and loads one file; on refusal returns NULL and writes the reason. */
ds_loaded_plugin *ds_plugin_load_file(const char *path, char *reason, size_t reason_size)
{
	return ds_plugin_load_file_ex(path, false, reason, reason_size);
}

/** Loads one file with the given way of loading. */
static ds_loaded_plugin *load_one(const char *path, struct load_ctx ctx, char *reason, size_t reason_size)
{
	ds_loaded_plugin *lp;

	if (!path) {
		ds_plugin_set_reason(reason, reason_size, _("no file given"));
		return NULL;
	}
	ctx.trust = ds_trust_store_load(NULL);
	if (!ctx.trust) {
		ds_plugin_set_reason(reason, reason_size, _("out of memory"));
		return NULL;
	}
	lp = load_into(NULL, &ctx, path, reason, reason_size, NULL);
	ds_trust_store_free(ctx.trust);
	return lp;
}

/** As ds_plugin_load_file, with allow_unsigned as in ds_plugins_load_ex. */
ds_loaded_plugin *ds_plugin_load_file_ex(const char *path, bool allow_unsigned, char *reason, size_t reason_size)
{
	return load_one(path, (struct load_ctx){ NULL, allow_unsigned, false }, reason, reason_size);
}

ds_loaded_plugin *ds_plugin_load_file_here(const char *path, bool allow_unsigned, char *reason, size_t reason_size)
{
	return load_one(path, (struct load_ctx){ NULL, allow_unsigned, true }, reason, reason_size);
}

/** Builds the search path: $DOORSTEP_PLUGIN_PATH (':'-separated), then the
 *  build tree's plugin directory (only for a binary that runs from it; an
 *  installed one never looks into the tree it was built in), then
 *  <libdir>/doorstep/plugins. */
void ds_plugin_search_path(char *buf, size_t size)
{
	const char *env = getenv(PLUGIN_PATH_ENV);
	const char *build = ds_paths_in_build_tree() ? DS_PLUGIN_BUILD_DIR ":" : "";

	if (!buf || size == 0)
		return;
	if (env && *env)
		snprintf(buf, size, "%s:%s%s", env, build, DS_PLUGIN_INSTALL_DIR);
	else
		snprintf(buf, size, "%s%s", build, DS_PLUGIN_INSTALL_DIR);
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

/** Appends a refused file (trust fields from trust) to the set. false when
 *  out of memory. */
static bool add_rejected(ds_plugin_set *set, size_t *cap, const char *path, const char *reason,
			 const ds_rejected_plugin *trust)
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
	*r = *trust;
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

/** Calls fini() and unloads one plugin; NULL is fine. */
void ds_plugin_unload(ds_loaded_plugin *lp)
{
	if (!lp)
		return;
	ds_log(DS_LOG_INFO, LOG_SRC, "unloading %s", lp->desc.id);
	if (lp->runner) {
		ds_plugin_enter(lp); /* a call still waiting on the runner returns first */
		ds_runner_stop(lp);
		ds_plugin_leave(lp);
	} else {
		ds_plugin_enter(lp);
		lp->desc.fini();
		ds_plugin_leave(lp);
		dlclose(lp->handle);
	}
	if (lp->memfd >= 0)
		close(lp->memfd);
	pthread_mutex_destroy(&lp->lock);
	free(lp);
}

void ds_plugins_interrupt(ds_plugin_set *set)
{
	for (size_t i = 0; set && i < set->n_loaded; i++)
		ds_runner_interrupt(set->loaded[i]);
}

void ds_plugins_set_limit(ds_plugin_set *set, unsigned limit_ms)
{
	for (size_t i = 0; set && i < set->n_loaded; i++) {
		ds_plugin_enter(set->loaded[i]);
		ds_runner_set_limit(set->loaded[i], limit_ms);
		ds_plugin_leave(set->loaded[i]);
	}
}

/** Capacities of a set's two arrays while it is being filled. */
struct caps {
	size_t loaded;
	size_t rejected;
};

/** Loads every "*.so" file of one directory, in name order. */
static void load_dir(ds_plugin_set *set, struct caps *cap, const struct load_ctx *ctx,
		     const char *dir)
{
	struct dirent **names = NULL;
	char path[PATH_MAX];
	char reason[sizeof set->rejected->reason];
	size_t dlen = strlen(dir);
	struct stat st;
	int n;

	while (dlen > 0 && dir[dlen - 1] == '/')
		dlen--; /* "dir/" and "dir" name the same files */
	if (stat(dir, &st) == 0 && ds_paths_unsafe_owner(&st)) {
		/* Whoever may write here may put a plugin here: not one is loaded. */
		ds_log(DS_LOG_WARN, LOG_SRC, "ignoring plugin directory %s: %s", dir, ds_paths_unsafe_owner(&st));
		ds_plugin_set_reason(reason, sizeof reason, _("the plugin folder %s is unsafe: %s"), dir,
				     ds_paths_unsafe_owner(&st));
		add_rejected(set, &cap->rejected, dir, reason, &(ds_rejected_plugin){ .trust = DS_TRUST_NOT_CHECKED });
		return;
	}
	n = scandir(dir, &names, is_so_name, by_name);
	if (n < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			ds_log(DS_LOG_WARN, LOG_SRC, "cannot read plugin directory %s: %s", dir,
			       strerror(errno));
		return;
	}
	ds_log(DS_LOG_DEBUG, LOG_SRC, "searching %s (%d candidates)", dir, n);
	for (int i = 0; i < n; i++) {
		ds_rejected_plugin trust = { .trust = DS_TRUST_NOT_CHECKED };
		ds_loaded_plugin *lp = NULL;

		if ((size_t)snprintf(path, sizeof path, "%.*s/%s", (int)dlen, dir,
				     names[i]->d_name) >= sizeof path)
			ds_plugin_set_reason(reason, sizeof reason, _("the path is too long"));
		else
			lp = load_into(set, ctx, path, reason, sizeof reason, &trust);
		if (lp && !add_loaded(set, &cap->loaded, lp))
			ds_plugin_unload(lp);
		else if (!lp)
			add_rejected(set, &cap->rejected, path, reason, &trust);
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
	return ds_plugins_load_ex(search_path, false);
}

/** As ds_plugins_load; allow_unsigned lets unsigned and untrusted-key
 *  plugins load (plugin development). */
ds_plugin_set *ds_plugins_load_ex(const char *search_path, bool allow_unsigned)
{
	ds_plugin_set *set = calloc(1, sizeof *set);
	struct seen_dirs seen = { NULL, 0 };
	struct caps cap = { 0, 0 };
	struct load_ctx ctx = { NULL, allow_unsigned, false };
	char *copy, *save = NULL;

	if (!set)
		return NULL;
	ctx.trust = ds_trust_store_load(NULL);
	if (!ctx.trust) {
		free(set);
		return NULL;
	}
	set->allow_unsigned = allow_unsigned;
	set->n_trusted_keys = ds_trust_store_size(ctx.trust);
	snprintf(set->trust_dirs, sizeof set->trust_dirs, "%s", ds_trust_store_dirs(ctx.trust));
	if (search_path)
		snprintf(set->search_path, sizeof set->search_path, "%s", search_path);
	else
		ds_plugin_search_path(set->search_path, sizeof set->search_path);
	copy = strdup(set->search_path);
	if (!copy) {
		ds_trust_store_free(ctx.trust);
		return set;
	}
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		if (first_visit(&seen, dir))
			load_dir(set, &cap, &ctx, dir);
	for (size_t i = 0; i < seen.n; i++)
		free(seen.dirs[i]);
	free(seen.dirs);
	free(copy);
	ds_trust_store_free(ctx.trust);
	ds_log(DS_LOG_INFO, LOG_SRC, "%zu plugins loaded, %zu refused (path %s; %zu trusted keys%s)",
	       set->n_loaded, set->n_rejected, set->search_path, set->n_trusted_keys,
	       allow_unsigned ? "; unsigned allowed" : "");
	return set;
}

/** Calls fini() on every loaded plugin, unloads them and frees the set. */
void ds_plugins_free(ds_plugin_set *set)
{
	if (!set)
		return;
	for (size_t i = set->n_loaded; i > 0; i--)
		ds_plugin_unload(set->loaded[i - 1]);
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
