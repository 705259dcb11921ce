/* ds-sign: makes minisign key pairs without a password and signs files in
 * minisign's format, so that the build can sign the in-tree plugins with a
 * development key and a vendor without the minisign tool can sign theirs.
 * Its files are interchangeable with minisign's: `minisign -V` checks its
 * signatures, and it signs with keys from `minisign -G -W`.
 *
 *   ds-sign keygen [--force] [--comment TEXT] PUBLIC.pub SECRET.key
 *   ds-sign sign [--legacy] [-c COMMENT] [-t TRUSTED_COMMENT | --id ID --version VERSION]
 *                SECRET.key FILE...
 *   ds-sign verify PUBLIC.pub FILE
 *
 * keygen does nothing when both files exist already (so that a build can
 * run it every time); the secret key gets mode 0600 in a 0700 directory.
 * sign writes FILE.minisig next to each FILE, prehashed ("ED") unless
 * --legacy. The trusted comment binds the signature to the plugin, as
 * doorstep requires: "doorstep-plugin <id> <version>" (minisign.h), with the
 * id and version read from the plugin's own descriptor. For that, a child
 * process loads each FILE named "*.so" and calls its doorstep_plugin_v1():
 * the descriptor is what doorstep compares, so reading it is the one way the
 * two cannot disagree. --id and --version give them instead, without
 * loading the file (a plugin built for another machine); -t gives the whole
 * trusted comment (no binding, unless it is one). Files not named "*.so"
 * get minisign's default trusted comment, with $SOURCE_DATE_EPOCH as the
 * timestamp when it is set.
 *
 * A build and vendor tool: its messages are for developers and are not
 * translated. Exit status: 0 done, 1 failed, 2 bad usage. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <doorstep/plugin.h>
#include <sodium.h>

#include "app/plugin/minisign.h"

/** Largest key or signature file read. */
#define SMALL_MAX (16 * 1024)
/** Size of a signature file's text. */
#define SIG_TEXT_MAX (2 * DS_MINISIGN_TRUSTED_COMMENT_MAX)
/** Seconds a plugin may take to load and return its descriptor. */
#define DESCRIBE_TIMEOUT_S 10

/** Prints the usage to stderr and returns 2. */
static int usage(void)
{
	fputs("usage: ds-sign keygen [--force] [--comment TEXT] PUBLIC.pub SECRET.key\n"
	      "       ds-sign sign [--legacy] [-c COMMENT] [-t TRUSTED_COMMENT | --id ID --version VERSION]\n"
	      "                    SECRET.key FILE...\n"
	      "       ds-sign verify PUBLIC.pub FILE\n",
	      stderr);
	return 2;
}

/** Reads a whole file into new memory (NUL-terminated; secure memory when
 *  secret). NULL with errno on failure; max bounds its size (0: none). */
static char *read_file(const char *path, size_t *len, size_t max, bool secret)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (max && (size_t)st.st_size > max)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	buf = secret ? sodium_malloc((size_t)st.st_size + 1) : malloc((size_t)st.st_size + 1);
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[got] = '\0';
	*len = got;
	return buf;
}

/** Frees what read_file returned. */
static void free_file(char *buf, bool secret)
{
	if (secret)
		sodium_free(buf);
	else
		free(buf);
}

/** Writes all of text to fd. 0, or -1 with errno. */
static int write_all(int fd, const char *text)
{
	size_t len = strlen(text), off = 0;

	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

/** Writes text to path atomically (temp file, fsync, rename) with mode. 0 or -1. */
static int write_file(const char *path, const char *text, mode_t mode)
{
	char tmp[4096];
	int fd;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) != 0 || write_all(fd, text) != 0)
		goto fail;
	if (fsync(fd) != 0)
		goto fail;
	close(fd);
	return rename(tmp, path);
fail:
	close(fd);
	unlink(tmp);
	return -1;
}

/** Creates the directory holding path (one level) with mode. 0 or -1. */
static int make_parent(const char *path, mode_t mode)
{
	char dir[4096];
	char *slash;

	if ((size_t)snprintf(dir, sizeof dir, "%s", path) >= sizeof dir)
		return -1;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, mode) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/** ds-sign keygen. */
static int cmd_keygen(int argc, char **argv)
{
	const char *pub_path = NULL, *sec_path = NULL, *comment = NULL;
	ds_minisign_seckey *sk;
	ds_minisign_pubkey pk;
	char pub_text[512], *sec_text;
	bool force = false, pub_exists, sec_exists;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = true;
		else if (strcmp(argv[i], "--comment") == 0 && i + 1 < argc)
			comment = argv[++i];
		else if (argv[i][0] == '-')
			return usage();
		else if (!pub_path)
			pub_path = argv[i];
		else if (!sec_path)
			sec_path = argv[i];
		else
			return usage();
	}
	if (!pub_path || !sec_path)
		return usage();
	pub_exists = access(pub_path, F_OK) == 0;
	sec_exists = access(sec_path, F_OK) == 0;
	if (!force && pub_exists && sec_exists)
		return 0; /* made before: the build keeps its key */
	if (!force && (pub_exists || sec_exists)) {
		fprintf(stderr, "ds-sign: only one of %s and %s exists; delete it or use --force\n",
			pub_path, sec_path);
		return 1;
	}
	sk = sodium_malloc(sizeof *sk);
	sec_text = sodium_malloc(1024);
	if (!sk || !sec_text || ds_minisign_keygen(&pk, sk) != DS_MINISIGN_OK) {
		fputs("ds-sign: cannot make a key pair (libsodium failed)\n", stderr);
		goto out;
	}
	if (comment)
		snprintf(pk.comment, sizeof pk.comment, "%s", comment);
	if (ds_minisign_format_pubkey(&pk, pub_text, sizeof pub_text) != DS_MINISIGN_OK ||
	    ds_minisign_format_seckey(sk, sec_text, 1024) != DS_MINISIGN_OK) {
		fputs("ds-sign: the comment does not fit on one line\n", stderr);
		goto out;
	}
	if (make_parent(sec_path, 0700) != 0 || write_file(sec_path, sec_text, 0600) != 0) {
		fprintf(stderr, "ds-sign: cannot write %s: %s\n", sec_path, strerror(errno));
		goto out;
	}
	if (make_parent(pub_path, 0755) != 0 || write_file(pub_path, pub_text, 0644) != 0) {
		fprintf(stderr, "ds-sign: cannot write %s: %s\n", pub_path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	sodium_free(sec_text);
	sodium_free(sk);
	return rc;
}

/** Writes minisign's default trusted comment for file into out. */
static void default_trusted_comment(const char *file, bool prehashed, char *out, size_t size)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	const char *base = strrchr(file, '/');
	long long ts = (long long)time(NULL);

	if (epoch && *epoch) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(epoch, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			ts = v;
	}
	snprintf(out, size, "timestamp:%lld\tfile:%s%s", ts, base ? base + 1 : file,
		 prehashed ? "\thashed" : "");
}

/** In the child: loads the plugin file, reads its descriptor and writes
 *  its binding comment to fd. The exit status. */
static int describe_child(const char *file, int fd)
{
	char path[4096], tc[DS_MINISIGN_TRUSTED_COMMENT_MAX];
	const ds_plugin *(*entry)(void);
	const ds_plugin *d;
	ds_minisign_error e;
	void *handle, *sym;

	alarm(DESCRIBE_TIMEOUT_S);
	/* A name without '/' would be looked up in the library path. */
	snprintf(path, sizeof path, "%s%s", strchr(file, '/') ? "" : "./", file);
	handle = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (!handle) {
		fprintf(stderr,
			"ds-sign: cannot load %s to read its plugin id and version: %s\n"
			"ds-sign: give them with --id and --version instead\n",
			file, dlerror());
		return 1;
	}
	sym = dlsym(handle, DS_PLUGIN_ENTRY_NAME);
	if (!sym) {
		fprintf(stderr,
			"ds-sign: %s has no %s(): not a doorstep plugin (-t signs it without "
			"a binding)\n",
			file, DS_PLUGIN_ENTRY_NAME);
		return 1;
	}
	*(void **)&entry = sym;
	d = entry();
	if (!d || d->abi_major != DS_PLUGIN_ABI_MAJOR ||
	    d->struct_size < offsetof(ds_plugin, version) + sizeof d->version) {
		fprintf(stderr, "ds-sign: %s: %s() returns no descriptor of plugin ABI %d\n", file,
			DS_PLUGIN_ENTRY_NAME, DS_PLUGIN_ABI_MAJOR);
		return 1;
	}
	e = ds_minisign_plugin_comment(d->id, d->version, tc, sizeof tc);
	if (e != DS_MINISIGN_OK) {
		fprintf(stderr, "ds-sign: %s: cannot bind a signature to its descriptor: %s\n", file,
			ds_minisign_error_str(e));
		return 1;
	}
	return write_all(fd, tc) == 0 ? 0 : 1;
}

/** Writes the binding comment of the plugin in file into tc, read from its
 *  descriptor by a child process (loading a plugin runs its code; a crash or
 *  a hang of it stays there). 0 or 1. */
static int describe_plugin(const char *file, char *tc, size_t size)
{
	char id[DS_MINISIGN_BOUND_MAX], version[DS_MINISIGN_BOUND_MAX];
	size_t got = 0;
	int fds[2], status;
	pid_t pid;

	fflush(NULL);
	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		fprintf(stderr, "ds-sign: cannot start a process to read %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(fds[0]);
		_exit(describe_child(file, fds[1]));
	}
	close(fds[1]);
	for (;;) {
		ssize_t n = read(fds[0], tc + got, size - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (got += (size_t)n) == size - 1)
			break;
	}
	tc[got] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFSIGNALED(status)) {
		fprintf(stderr,
			"ds-sign: %s: loading it to read its plugin id and version failed (%s); give "
			"them with --id and --version\n",
			file, WTERMSIG(status) == SIGALRM ? "it took too long" : strsignal(WTERMSIG(status)));
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 1;
	if (!ds_minisign_plugin_binding(tc, id, version)) {
		fprintf(stderr, "ds-sign: %s: no plugin id and version came back\n", file);
		return 1;
	}
	return 0;
}

/** True when the file's name ends in ".so", as every plugin's does. */
static bool plugin_name(const char *file)
{
	size_t n = strlen(file);

	return n > 3 && strcmp(file + n - 3, ".so") == 0;
}

/** How cmd_sign chooses each file's trusted comment. */
struct sign_opts {
	bool prehashed;
	const char *comment; /**< untrusted comment */
	const char *trusted; /**< -t: the trusted comment as given, or NULL */
	const char *id;      /**< --id, or NULL */
	const char *version; /**< --version, or NULL */
};

/** Writes the trusted comment of file into tc (see the top of this file). 0 or 1. */
static int trusted_comment_for(const struct sign_opts *o, const char *file, char *tc, size_t size)
{
	ds_minisign_error e;

	if (o->trusted) {
		snprintf(tc, size, "%s", o->trusted);
		return 0;
	}
	if (o->id) {
		e = ds_minisign_plugin_comment(o->id, o->version, tc, size);
		if (e != DS_MINISIGN_OK)
			fprintf(stderr, "ds-sign: --id %s --version %s: %s\n", o->id, o->version,
				ds_minisign_error_str(e));
		return e == DS_MINISIGN_OK ? 0 : 1;
	}
	if (plugin_name(file))
		return describe_plugin(file, tc, size);
	default_trusted_comment(file, o->prehashed, tc, size);
	return 0;
}

/** Signs one file with sk and the trusted comment tc into file.minisig. 0 or 1. */
static int sign_one(const ds_minisign_seckey *sk, const char *file, const struct sign_opts *o, const char *tc)
{
	char sig_path[4096];
	char *sig_text, *data;
	ds_minisign_error e;
	size_t len = 0;
	int rc = 1;

	data = read_file(file, &len, 0, false);
	if (!data) {
		fprintf(stderr, "ds-sign: cannot read %s: %s\n", file, strerror(errno));
		return 1;
	}
	sig_text = malloc(SIG_TEXT_MAX);
	e = sig_text ? ds_minisign_sign(sk, data, len, o->prehashed, o->comment, tc, sig_text, SIG_TEXT_MAX)
		     : DS_MINISIGN_ERR_SPACE;
	if (e != DS_MINISIGN_OK) {
		fprintf(stderr, "ds-sign: cannot sign %s: %s\n", file, ds_minisign_error_str(e));
	} else if ((size_t)snprintf(sig_path, sizeof sig_path, "%s%s", file, DS_MINISIGN_SUFFIX) >=
		   sizeof sig_path || write_file(sig_path, sig_text, 0644) != 0) {
		fprintf(stderr, "ds-sign: cannot write %s%s: %s\n", file, DS_MINISIGN_SUFFIX,
			strerror(errno));
	} else {
		rc = 0;
	}
	free(sig_text);
	free(data);
	return rc;
}

/** ds-sign sign. */
static int cmd_sign(int argc, char **argv)
{
	struct sign_opts o = { true, "signature from minisign secret key", NULL, NULL, NULL };
	const char *sec_path = NULL;
	ds_minisign_seckey *sk;
	ds_minisign_error e;
	char *text, *tcs;
	size_t len = 0;
	int first = 0, rc = 0;

	for (int i = 1; i < argc && !first; i++) {
		if (strcmp(argv[i], "--legacy") == 0)
			o.prehashed = false;
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			o.comment = argv[++i];
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			o.trusted = argv[++i];
		else if (strcmp(argv[i], "--id") == 0 && i + 1 < argc)
			o.id = argv[++i];
		else if (strcmp(argv[i], "--version") == 0 && i + 1 < argc)
			o.version = argv[++i];
		else if (argv[i][0] == '-')
			return usage();
		else if (!sec_path)
			sec_path = argv[i];
		else
			first = i;
	}
	/* --id and --version name one plugin: together, for one file, not with -t. */
	if (!sec_path || !first || !o.id != !o.version || (o.id && (o.trusted || first + 1 < argc)))
		return usage();
	/* Every trusted comment first: the plugins' code runs before the
	 * secret key is in memory, so that no child process has a copy of it. */
	tcs = calloc((size_t)(argc - first), DS_MINISIGN_TRUSTED_COMMENT_MAX);
	if (!tcs) {
		fputs("ds-sign: out of memory\n", stderr);
		return 1;
	}
	for (int i = first; i < argc; i++)
		if (trusted_comment_for(&o, argv[i], tcs + (size_t)(i - first) * DS_MINISIGN_TRUSTED_COMMENT_MAX,
					DS_MINISIGN_TRUSTED_COMMENT_MAX) != 0)
			rc = 1;
	text = rc == 0 ? read_file(sec_path, &len, SMALL_MAX, true) : NULL;
	if (!text) {
		if (rc == 0)
			fprintf(stderr, "ds-sign: cannot read the secret key %s: %s\n", sec_path, strerror(errno));
		free(tcs);
		return 1;
	}
	sk = sodium_malloc(sizeof *sk);
	e = sk ? ds_minisign_parse_seckey(text, len, sk) : DS_MINISIGN_ERR_CRYPTO;
	free_file(text, true);
	if (e != DS_MINISIGN_OK) {
		fprintf(stderr, "ds-sign: %s: %s%s\n", sec_path, ds_minisign_error_str(e),
			e == DS_MINISIGN_ERR_ENCRYPTED ? " (sign with \"minisign -S\" instead)" : "");
		sodium_free(sk);
		free(tcs);
		return 1;
	}
	for (int i = first; i < argc; i++)
		if (sign_one(sk, argv[i], &o, tcs + (size_t)(i - first) * DS_MINISIGN_TRUSTED_COMMENT_MAX) != 0)
			rc = 1;
	sodium_free(sk);
	free(tcs);
	return rc;
}

/** ds-sign verify. */
static int cmd_verify(int argc, char **argv)
{
	char sig_path[4096], *pub_text, *sig_text, *data;
	ds_minisign_pubkey pk;
	ds_minisign_sig *sig = malloc(sizeof *sig);
	ds_minisign_error e = DS_MINISIGN_ERR_TRUNCATED;
	size_t pub_len = 0, sig_len = 0, len = 0;

	if (argc != 3 || !sig) {
		free(sig);
		return usage();
	}
	snprintf(sig_path, sizeof sig_path, "%s%s", argv[2], DS_MINISIGN_SUFFIX);
	pub_text = read_file(argv[1], &pub_len, SMALL_MAX, false);
	sig_text = read_file(sig_path, &sig_len, SMALL_MAX, false);
	data = read_file(argv[2], &len, 0, false);
	if (pub_text && sig_text && data) {
		e = ds_minisign_parse_pubkey(pub_text, pub_len, &pk);
		if (e == DS_MINISIGN_OK)
			e = ds_minisign_parse_sig(sig_text, sig_len, sig);
		if (e == DS_MINISIGN_OK)
			e = ds_minisign_verify(&pk, sig, data, len);
		if (e == DS_MINISIGN_OK)
			printf("Signature and comment signature verified\nTrusted comment: %s\n",
			       sig->trusted_comment);
		else
			fprintf(stderr, "ds-sign: %s: %s\n", argv[2], ds_minisign_error_str(e));
	} else {
		fprintf(stderr, "ds-sign: cannot read %s, %s or %s\n", argv[1], sig_path, argv[2]);
	}
	free(pub_text);
	free(sig_text);
	free(data);
	free(sig);
	return e == DS_MINISIGN_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("ds-sign: libsodium failed to start\n", stderr);
		return 1;
	}
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "keygen") == 0)
		return cmd_keygen(argc - 1, argv + 1);
	if (strcmp(argv[1], "sign") == 0)
		return cmd_sign(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	return usage();
}
