/* ds-sign: makes minisign key pairs without a password and signs files in
 * minisign's format, so that the build can sign the in-tree plugins with a
 * development key and a vendor without the minisign tool can sign theirs.
 * Its files are interchangeable with minisign's: `minisign -V` checks its
 * signatures, and it signs with keys from `minisign -G -W`.
 *
 *   ds-sign keygen [--force] [--comment TEXT] PUBLIC.pub SECRET.key
 *   ds-sign sign [--legacy] [-c COMMENT] [-t TRUSTED_COMMENT] SECRET.key FILE...
 *   ds-sign verify PUBLIC.pub FILE
 *
 * keygen does nothing when both files exist already (so that a build can
 * run it every time); the secret key gets mode 0600 in a 0700 directory.
 * sign writes FILE.minisig next to each FILE, prehashed ("ED") unless
 * --legacy; the trusted comment defaults to minisign's, with
 * $SOURCE_DATE_EPOCH as the timestamp when it is set.
 *
 * A build and vendor tool: its messages are for developers and are not
 * translated. Exit status: 0 done, 1 failed, 2 bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app/plugin/minisign.h"

/** Largest key or signature file read. */
#define SMALL_MAX (16 * 1024)
/** Size of a signature file's text. */
#define SIG_TEXT_MAX (2 * DS_MINISIGN_TRUSTED_COMMENT_MAX)

/** Prints the usage to stderr and returns 2. */
static int usage(void)
{
	fputs("usage: ds-sign keygen [--force] [--comment TEXT] PUBLIC.pub SECRET.key\n"
	      "       ds-sign sign [--legacy] [-c COMMENT] [-t TRUSTED_COMMENT] SECRET.key FILE...\n"
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

/** Writes text to path atomically (temp file, fsync, rename) with mode. 0 or -1. */
static int write_file(const char *path, const char *text, mode_t mode)
{
	char tmp[4096];
	size_t len = strlen(text), off = 0;
	int fd;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) != 0)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
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

/** Signs one file with sk into file.minisig. 0 or 1. */
static int sign_one(const ds_minisign_seckey *sk, const char *file, bool prehashed,
		    const char *comment, const char *trusted)
{
	char tc[DS_MINISIGN_TRUSTED_COMMENT_MAX], sig_path[4096];
	char *sig_text, *data;
	ds_minisign_error e;
	size_t len = 0;
	int rc = 1;

	data = read_file(file, &len, 0, false);
	if (!data) {
		fprintf(stderr, "ds-sign: cannot read %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (trusted)
		snprintf(tc, sizeof tc, "%s", trusted);
	else
		default_trusted_comment(file, prehashed, tc, sizeof tc);
	sig_text = malloc(SIG_TEXT_MAX);
	e = sig_text ? ds_minisign_sign(sk, data, len, prehashed, comment, tc, sig_text, SIG_TEXT_MAX)
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
	const char *sec_path = NULL, *comment = "signature from minisign secret key";
	const char *trusted = NULL;
	ds_minisign_seckey *sk;
	ds_minisign_error e;
	bool prehashed = true;
	char *text;
	size_t len = 0;
	int first = 0, rc = 0;

	for (int i = 1; i < argc && !first; i++) {
		if (strcmp(argv[i], "--legacy") == 0)
			prehashed = false;
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			comment = argv[++i];
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			trusted = argv[++i];
		else if (argv[i][0] == '-')
			return usage();
		else if (!sec_path)
			sec_path = argv[i];
		else
			first = i;
	}
	if (!sec_path || !first)
		return usage();
	text = read_file(sec_path, &len, SMALL_MAX, true);
	if (!text) {
		fprintf(stderr, "ds-sign: cannot read the secret key %s: %s\n", sec_path,
			strerror(errno));
		return 1;
	}
	sk = sodium_malloc(sizeof *sk);
	e = sk ? ds_minisign_parse_seckey(text, len, sk) : DS_MINISIGN_ERR_CRYPTO;
	free_file(text, true);
	if (e != DS_MINISIGN_OK) {
		fprintf(stderr, "ds-sign: %s: %s%s\n", sec_path, ds_minisign_error_str(e),
			e == DS_MINISIGN_ERR_ENCRYPTED ? " (sign with \"minisign -S\" instead)" : "");
		sodium_free(sk);
		return 1;
	}
	for (int i = first; i < argc; i++)
		if (sign_one(sk, argv[i], prehashed, comment, trusted) != 0)
			rc = 1;
	sodium_free(sk);
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
