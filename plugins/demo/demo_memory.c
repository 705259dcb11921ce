/* The demo system's memory file: a line-based "key=value" text file in the
 * plugin's data directory, written atomically (temp file, fsync, rename).
 *
 *   format=1
 *   device.<serial>.enrolled=1
 *   device.<serial>.password_hash=$argon2id$...   (absent: factory default)
 *   device.<serial>.failed_logins=0
 *   device.<serial>.locked_until_ms=0
 *   device.<serial>.wifi_ssid=<ssid>
 *   option.<serial>.<name>=<number or choice id>
 *   profile=<iccid>|<mcc>|<mnc>|<rats>|<in_reach>|<rssi>|<rsrp>|<enabled>|<role>|<operator>|<nickname>
 *           [|<service provider>|<profile name>|<class>]      (the last three since the SGP.22 fields)
 *   notification=<sequence>|<event>|<iccid>|<server address>
 *   esim.next_sequence=<number>
 *   handover_code=<8 base32 characters>
 *
 * Unknown or malformed lines are logged and skipped. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"

/** Fields of a "profile=" line, without and with the SGP.22 fields. */
#define DEMO_PROFILE_FIELDS_OLD 11
#define DEMO_PROFILE_FIELDS 14
/** Fields of a "notification=" line. */
#define DEMO_NOTIFICATION_FIELDS 4

static const char *const demo_role_names[] = {
	[DS_ROLE_NONE] = "none",
	[DS_ROLE_PRIMARY] = "primary",
	[DS_ROLE_BACKUP] = "backup",
};

/** Puts m into factory state. */
void demo_memory_factory(demo_memory *m)
{
	memset(m, 0, sizeof *m);
	for (unsigned id = 0; id < DEMO_N_DEVICES; id++)
		for (size_t i = 0; i < DEMO_MAX_OPTIONS && demo_option_at(id, i); i++)
			m->devices[id].options[i] = demo_option_default(id, i);
	m->n_profiles = demo_esim_factory(m->profiles, DEMO_MAX_PROFILES);
	m->next_sequence = 1;
}

/** Parses a whole decimal integer within [min, max]. */
static bool demo_parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/** True when s is between min and max characters, all digits. */
static bool demo_all_digits(const char *s, size_t min, size_t max)
{
	size_t len = strlen(s);

	if (len < min || len > max)
		return false;
	return strspn(s, "0123456789") == len;
}

/** Reads the value of one vendor setting (choice id or number). */
static bool demo_load_option(demo_device_memory *dm, unsigned id, const char *name, const char *value)
{
	for (size_t i = 0; i < DEMO_MAX_OPTIONS; i++) {
		const ds_option_desc *d = demo_option_at(id, i);
		long long v;

		if (!d)
			return false;
		if (strcmp(d->name, name) != 0)
			continue;
		if (d->type == DS_OPT_CHOICE) {
			for (int c = 0; d->choices[c]; c++) {
				if (strcmp(d->choices[c], value) == 0) {
					dm->options[i] = c;
					return true;
				}
			}
			return false;
		}
		if (d->type == DS_OPT_BOOL ? !demo_parse_int(value, 0, 1, &v)
					   : !demo_parse_int(value, d->min, d->max, &v))
			return false;
		dm->options[i] = (int32_t)v;
		return true;
	}
	return false;
}

/** Reads one "device.<serial>.<field>" or "option.<serial>.<name>" entry. */
static bool demo_load_device(demo_memory *m, const char *key, const char *value, bool is_option)
{
	char serial[DS_ID_MAX];
	const char *dot = strchr(key, '.');
	demo_device_memory *dm;
	unsigned id = 0;
	long long v;

	if (!dot || (size_t)(dot - key) >= sizeof serial)
		return false;
	memcpy(serial, key, (size_t)(dot - key));
	serial[dot - key] = '\0';
	if (!demo_device_by_serial(serial, &id))
		return false;
	dm = &m->devices[id];
	key = dot + 1;
	if (is_option)
		return demo_load_option(dm, id, key, value);
	if (strcmp(key, "enrolled") == 0 && demo_parse_int(value, 0, 1, &v)) {
		dm->enrolled = v != 0;
	} else if (strcmp(key, "password_hash") == 0 && *value && strlen(value) < sizeof dm->password_hash) {
		ds_text_copy(dm->password_hash, sizeof dm->password_hash, value);
	} else if (strcmp(key, "failed_logins") == 0 && demo_parse_int(value, 0, UINT32_MAX, &v)) {
		dm->failed_logins = (uint32_t)v;
	} else if (strcmp(key, "locked_until_ms") == 0 && demo_parse_int(value, 0, LLONG_MAX, &v)) {
		dm->locked_until_ms = v;
	} else if (strcmp(key, "wifi_ssid") == 0 && strlen(value) < sizeof dm->wifi_ssid) {
		ds_text_copy(dm->wifi_ssid, sizeof dm->wifi_ssid, value);
	} else {
		return false;
	}
	return true;
}

/** Reads one "profile=" line (value is modified). */
static bool demo_load_profile(demo_memory *m, char *value)
{
	char *f[DEMO_PROFILE_FIELDS];
	ds_esim_profile p = { .role = DS_ROLE_NONE };
	long long rats, reach, rssi, rsrp, enabled;
	size_t n = 0;
	int role = -1;

	long long cls = DS_PROFILE_CLASS_UNKNOWN;

	while (n < DEMO_PROFILE_FIELDS && value)
		f[n++] = strsep(&value, "|");
	if ((n != DEMO_PROFILE_FIELDS && n != DEMO_PROFILE_FIELDS_OLD) || value != NULL ||
	    m->n_profiles >= DEMO_MAX_PROFILES)
		return false;
	if (n == DEMO_PROFILE_FIELDS && !demo_parse_int(f[13], 0, DS_PROFILE_CLASS_OPERATIONAL, &cls))
		return false;
	for (int r = 0; r < 3; r++)
		if (strcmp(f[8], demo_role_names[r]) == 0)
			role = r;
	if (!demo_all_digits(f[0], 18, 22) || !demo_all_digits(f[1], 3, 3) || !demo_all_digits(f[2], 2, 3) ||
	    !demo_parse_int(f[3], 0, 0xff, &rats) || !demo_parse_int(f[4], 0, 1, &reach) ||
	    !demo_parse_int(f[5], INT32_MIN, 0, &rssi) || !demo_parse_int(f[6], INT32_MIN, 0, &rsrp) ||
	    !demo_parse_int(f[7], 0, 1, &enabled) || role < 0)
		return false;
	ds_text_copy(p.iccid, sizeof p.iccid, f[0]);
	ds_text_copy(p.mcc, sizeof p.mcc, f[1]);
	ds_text_copy(p.mnc, sizeof p.mnc, f[2]);
	p.rats = (uint32_t)rats;
	p.in_reach = reach != 0;
	p.rssi_dbm = (int32_t)rssi;
	p.rsrp_dbm = (int32_t)rsrp;
	p.enabled = enabled != 0;
	p.role = (ds_profile_role)role;
	ds_text_copy(p.operator_name, sizeof p.operator_name, f[9]);
	ds_text_copy(p.nickname, sizeof p.nickname, f[10]);
	if (n == DEMO_PROFILE_FIELDS) {
		ds_text_copy(p.service_provider, sizeof p.service_provider, f[11]);
		ds_text_copy(p.profile_name, sizeof p.profile_name, f[12]);
		p.profile_class = (ds_profile_class)cls;
	}
	m->profiles[m->n_profiles++] = p;
	return true;
}

/** Reads one "notification=" line (value is modified). */
static bool demo_load_notification(demo_memory *m, char *value)
{
	char *f[DEMO_NOTIFICATION_FIELDS];
	ds_esim_notification note = { 0 };
	long long seq, event;
	size_t n = 0;

	while (n < DEMO_NOTIFICATION_FIELDS && value)
		f[n++] = strsep(&value, "|");
	if (n != DEMO_NOTIFICATION_FIELDS || value != NULL || m->n_notifications >= DEMO_MAX_NOTIFICATIONS ||
	    !demo_parse_int(f[0], 0, UINT32_MAX, &seq) || !demo_parse_int(f[1], 0, DS_NOTIFY_DELETE, &event) ||
	    (*f[2] && !demo_all_digits(f[2], 18, 22)) || !*f[3])
		return false;
	note.sequence = (uint32_t)seq;
	note.event = (ds_notification_event)event;
	ds_text_copy(note.iccid, sizeof note.iccid, f[2]);
	ds_text_copy(note.address, sizeof note.address, f[3]);
	m->notifications[m->n_notifications++] = note;
	return true;
}

/** Reads one line (without its newline); false if it is not understood. */
static bool demo_load_line(demo_memory *m, char *line, bool *profiles_seen)
{
	char *value = strchr(line, '=');
	long long v;

	if (!value)
		return false;
	*value++ = '\0';
	if (strcmp(line, "format") == 0)
		return demo_parse_int(value, 1, 1, &v);
	if (strncmp(line, "device.", 7) == 0)
		return demo_load_device(m, line + 7, value, false);
	if (strncmp(line, "option.", 7) == 0)
		return demo_load_device(m, line + 7, value, true);
	if (strcmp(line, "handover_code") == 0) {
		if (strlen(value) != DEMO_CLAIM_LEN ||
		    strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != DEMO_CLAIM_LEN)
			return false;
		ds_text_copy(m->handover_code, sizeof m->handover_code, value);
		return true;
	}
	if (strcmp(line, "notification") == 0)
		return demo_load_notification(m, value);
	if (strcmp(line, "esim.next_sequence") == 0) {
		if (!demo_parse_int(value, 0, UINT32_MAX, &v))
			return false;
		m->next_sequence = (uint32_t)v;
		return true;
	}
	if (strcmp(line, "profile") == 0) {
		if (!*profiles_seen) {
			/* The file lists the whole eUICC: forget the factory list. */
			m->n_profiles = 0;
			memset(m->profiles, 0, sizeof m->profiles);
			*profiles_seen = true;
		}
		return demo_load_profile(m, value);
	}
	return false;
}

/** Reads path into m (factory state first). 0: read, 1: no file (factory), -1: error (errno). */
int demo_memory_load(demo_memory *m, const char *path)
{
	FILE *f;
	int rc;

	demo_memory_factory(m);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 1 : -1;
	rc = demo_memory_read(m, f, path);
	fclose(f);
	return rc;
}

/** Reads f (named path in logs) into m (factory state first). 0, or -1 (errno). */
int demo_memory_read(demo_memory *m, FILE *f, const char *path)
{
	bool profiles_seen = false;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int err;

	demo_memory_factory(m);
	for (;;) {
		len = getline(&line, &cap, f);
		if (len < 0)
			break;
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (!demo_load_line(m, line, &profiles_seen))
			demo.host->log(DS_LOG_WARN, "demo: %s:%zu: ignoring a line that is not understood",
				       path, lineno);
	}
	err = ferror(f) ? errno : 0;
	explicit_bzero(line, cap);
	free(line);
	if (m->n_profiles == 0)
		m->n_profiles = demo_esim_factory(m->profiles, DEMO_MAX_PROFILES);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

/** Writes s with the characters the format reserves ('|', line breaks) as spaces. */
static void demo_put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '|' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/** Writes the whole memory to f. */
static void demo_write(FILE *f, const demo_memory *m)
{
	fputs("# doorstep demo system: the simulated devices' memory.\n"
	      "# Written by the demo plugin; it holds password hashes, never a password.\n"
	      "format=1\n", f);
	for (unsigned id = 0; id < DEMO_N_DEVICES; id++) {
		const demo_device_memory *dm = &m->devices[id];
		const char *serial = demo_devices[id].serial;

		fprintf(f, "device.%s.enrolled=%d\n", serial, dm->enrolled ? 1 : 0);
		if (dm->password_hash[0])
			fprintf(f, "device.%s.password_hash=%s\n", serial, dm->password_hash);
		fprintf(f, "device.%s.failed_logins=%u\n", serial, (unsigned)dm->failed_logins);
		fprintf(f, "device.%s.locked_until_ms=%lld\n", serial, (long long)dm->locked_until_ms);
		if (dm->wifi_ssid[0]) {
			fprintf(f, "device.%s.wifi_ssid=", serial);
			demo_put_clean(f, dm->wifi_ssid);
			fputc('\n', f);
		}
		for (size_t i = 0; i < DEMO_MAX_OPTIONS; i++) {
			const ds_option_desc *d = demo_option_at(id, i);

			if (!d)
				break;
			if (d->type == DS_OPT_CHOICE)
				fprintf(f, "option.%s.%s=%s\n", serial, d->name, d->choices[dm->options[i]]);
			else
				fprintf(f, "option.%s.%s=%d\n", serial, d->name, (int)dm->options[i]);
		}
	}
	for (size_t i = 0; i < m->n_profiles; i++) {
		const ds_esim_profile *p = &m->profiles[i];

		fprintf(f, "profile=%s|%s|%s|%u|%d|%d|%d|%d|%s|", p->iccid, p->mcc, p->mnc,
			(unsigned)p->rats, p->in_reach ? 1 : 0, (int)p->rssi_dbm, (int)p->rsrp_dbm,
			p->enabled ? 1 : 0, demo_role_names[p->role <= DS_ROLE_BACKUP ? p->role : DS_ROLE_NONE]);
		demo_put_clean(f, p->operator_name);
		fputc('|', f);
		demo_put_clean(f, p->nickname);
		fputc('|', f);
		demo_put_clean(f, p->service_provider);
		fputc('|', f);
		demo_put_clean(f, p->profile_name);
		fprintf(f, "|%d\n", (int)p->profile_class);
	}
	for (size_t i = 0; i < m->n_notifications; i++) {
		const ds_esim_notification *note = &m->notifications[i];

		fprintf(f, "notification=%u|%d|%s|", (unsigned)note->sequence, (int)note->event, note->iccid);
		demo_put_clean(f, note->address);
		fputc('\n', f);
	}
	fprintf(f, "esim.next_sequence=%u\n", (unsigned)m->next_sequence);
	if (m->handover_code[0])
		fprintf(f, "handover_code=%s\n", m->handover_code);
}

/** Flushes the directory holding path, so that a rename in it is durable. */
static void demo_sync_dir(const char *path)
{
	char dir[4096];
	char *slash;
	int fd;

	ds_text_copy(dir, sizeof dir, path);
	slash = strrchr(dir, '/');
	if (!slash)
		return;
	*slash = '\0';
	fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/** Writes m to path atomically (temp file, fsync, rename). 0 or -1 (errno). */
int demo_memory_save(const demo_memory *m, const char *path)
{
	char tmp[4200];
	int fd, n, err;
	FILE *f;

	n = snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		close(fd);
		unlink(tmp);
		errno = err;
		return -1;
	}
	demo_write(f, m);
	if (fflush(f) != 0 || ferror(f) || fsync(fd) != 0) {
		err = errno ? errno : EIO;
		fclose(f);
		unlink(tmp);
		errno = err;
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		err = errno;
		unlink(tmp);
		errno = err;
		return -1;
	}
	demo_sync_dir(path);
	return 0;
}
