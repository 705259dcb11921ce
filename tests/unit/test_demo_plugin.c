/* The demo plugin, loaded with dlopen() and driven through its descriptor
 * with a host table built here: labels, discovery, credentials and
 * back-off, persistence, eSIM, failover and its faults, downloads,
 * cancellation, settings, diagnostics, Wi-Fi and hand-over. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <ftw.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <doorstep/plugin.h>

#include "app/net/device_grade.h"

/* The demo system's fixed labels (plugins/demo/README.md quotes them too). */
#define LABEL_PANEL "DSDEMO:1:PNL:DP100-7F3A21:49"
#define LABEL_DOOR "DSDEMO:1:DCT:DC200-4B19E7:A1"
#define LABEL_MOTION "DSDEMO:1:PIR:MS300-92C4D0:F0"
#define LABEL_CAMERA "DSDEMO:1:CAM:IC400-5E81A3:60"

#define ICCID_TELEKOM "89490122183456100175"
#define ICCID_VODAFONE "89490221077334821954"
#define ICCID_TELEFONICA "89490309162027595340"
#define ICCID_ORANGE "89330144205833166280"
#define ICCID_TELEKOM_M2M "89490122183456100258"

#define NEW_PANEL_PASSWORD "violet-harbour-lantern-93"

/** One operation in progress, as this test host sees it. */
struct ds_call {
	atomic_bool cancel;
	ds_status status;
	char message[1024];
	unsigned permille;
	unsigned progress_calls;
};

static char tmpdir[64];
static char state_path[128];
static char log_text[65536];
static size_t log_len;
static void *handle;
static const ds_plugin *P;
static ds_host host;
static ds_call C;

/** Appends a log line to log_text (and stderr). */
static void t_log(ds_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void t_log(ds_log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "[%d] %s\n", (int)level, line);
	n = snprintf(log_text + log_len, sizeof log_text - log_len, "%s\n", line);
	if (n > 0 && (size_t)n < sizeof log_text - log_len)
		log_len += (size_t)n;
}

/** Records progress; permille never exceeds 1000. */
static void t_progress(ds_call *call, unsigned permille, const char *message)
{
	cr_assert_leq(permille, 1000);
	cr_assert_not_null(message);
	call->permille = permille;
	call->progress_calls++;
}

/** The call's cancel flag. */
static bool t_cancelled(ds_call *call)
{
	return atomic_load(&call->cancel);
}

/** Sleeps in 10 ms slices, returning early when cancelled. */
static ds_status t_sleep(ds_call *call, unsigned ms)
{
	for (unsigned done = 0; done < ms; done += 10) {
		struct timespec ts = { 0, 10 * 1000000L };

		if (atomic_load(&call->cancel))
			return DS_ERR_CANCELLED;
		nanosleep(&ts, NULL);
	}
	return atomic_load(&call->cancel) ? DS_ERR_CANCELLED : DS_OK;
}

/** Records the failure message and status on the call. */
static ds_status t_fail(ds_call *call, ds_status status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static ds_status t_fail(ds_call *call, ds_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(call->message, sizeof call->message, fmt, ap);
	va_end(ap);
	call->status = status;
	return status;
}

/** No catalogue: the msgid itself (and the plugin asks in its own domain). */
static const char *t_translate(const char *domain, const char *msgid)
{
	cr_assert_str_eq(domain, "doorstep-demo");
	return msgid;
}

/** Random bytes from the kernel. */
static void t_random(void *buf, size_t len)
{
	cr_assert_eq(getrandom(buf, len, 0), (ssize_t)len);
}

/** Plain memory stands in for locked memory in the test. */
static void *t_secret_alloc(size_t len)
{
	return calloc(1, len);
}

/** Frees t_secret_alloc() memory. */
static void t_secret_free(void *p)
{
	free(p);
}

/** Argon2id with the smallest limits: real hashes, fast tests. */
static ds_status t_password_hash(const char *password, char *out, size_t out_size)
{
	cr_assert_geq(out_size, crypto_pwhash_STRBYTES);
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_MIN,
			      crypto_pwhash_MEMLIMIT_MIN) != 0)
		return DS_ERR_NO_MEMORY;
	return DS_OK;
}

/** Checks a password against a t_password_hash() string. */
static bool t_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/** Loads the plugin and calls init() with the test host. */
static void load_plugin(void)
{
	const char *build = getenv("DOORSTEP_BUILD_DIR");
	const ds_plugin *(*entry)(void);
	char path[4096];

	cr_assert_not_null(build, "DOORSTEP_BUILD_DIR must name the build tree");
	snprintf(path, sizeof path, "%s/plugins/demo.so", build);
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	cr_assert_not_null(handle, "dlopen %s: %s", path, dlerror());
	*(void **)&entry = dlsym(handle, "doorstep_plugin_v1");
	cr_assert_not_null(entry);
	P = entry();
	cr_assert_eq(P->abi_major, DS_PLUGIN_ABI_MAJOR);
	cr_assert_eq(P->init(&host), DS_OK);
}

/** fini() and dlclose(). */
static void unload_plugin(void)
{
	if (P)
		P->fini();
	if (handle)
		dlclose(handle);
	P = NULL;
	handle = NULL;
}

/** Per test: a fresh data directory, the test host, the plugin loaded. */
static void setup(void)
{
	cr_assert_geq(sodium_init(), 0);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/ds-demo-test-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	snprintf(state_path, sizeof state_path, "%s/system.state", tmpdir);
	host = (ds_host){
		.struct_size = sizeof(ds_host),
		.abi_major = DS_PLUGIN_ABI_MAJOR,
		.abi_minor = DS_PLUGIN_ABI_MINOR,
		.data_dir = tmpdir,
		.log = t_log,
		.progress = t_progress,
		.cancelled = t_cancelled,
		.sleep = t_sleep,
		.fail = t_fail,
		.translate = t_translate,
		.random = t_random,
		.secret_alloc = t_secret_alloc,
		.secret_free = t_secret_free,
		.password_hash = t_password_hash,
		.password_verify = t_password_verify,
	};
	log_len = 0;
	log_text[0] = '\0';
	load_plugin();
}

/** nftw() callback removing one entry. */
static int rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/** Unloads the plugin and removes the data directory. */
static void teardown(void)
{
	unload_plugin();
	nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

TestSuite(demo_plugin, .init = setup, .fini = teardown, .timeout = 120);

/** A fresh call record for the next operation. */
static ds_call *op(void)
{
	memset(&C, 0, sizeof C);
	return &C;
}

/** Matches a label and opens the device. */
static ds_device *open_label(const char *label)
{
	char locator[DS_LOCATOR_MAX];
	ds_device *dev = NULL;

	cr_assert_eq(P->match_qr(op(), label, locator, sizeof locator), DS_OK, "%s: %s", label, C.message);
	cr_assert_eq(P->open(op(), locator, &dev), DS_OK, "%s", C.message);
	cr_assert_not_null(dev);
	return dev;
}

/** Reads the whole memory file (malloc'd). */
static char *read_state(void)
{
	FILE *f = fopen(state_path, "r");
	char *text = calloc(1, 65536);
	size_t n;

	cr_assert_not_null(f, "the memory file %s should exist", state_path);
	n = fread(text, 1, 65535, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/** Profile number index of the panel. */
static ds_esim_profile profile_at(ds_device *panel, size_t index)
{
	ds_esim_profile p;

	memset(&p, 0, sizeof p);
	cr_assert_eq(P->esim_profile(op(), panel, index, &p), DS_OK, "%s", C.message);
	return p;
}

/** The profile with this ICCID. */
static ds_esim_profile profile_by_iccid(ds_device *panel, const char *iccid)
{
	for (size_t i = 0; i < 16; i++) {
		ds_esim_profile p;

		memset(&p, 0, sizeof p);
		if (P->esim_profile(op(), panel, i, &p) != DS_OK)
			break;
		if (strcmp(p.iccid, iccid) == 0)
			return p;
	}
	cr_assert_fail("no profile %s", iccid);
	return (ds_esim_profile){ .role = DS_ROLE_NONE };
}

/** Number of profiles on the panel. */
static size_t profile_count(ds_device *panel)
{
	size_t n = 0;
	ds_esim_profile p;

	while (P->esim_profile(op(), panel, n, &p) == DS_OK)
		n++;
	return n;
}

/** True when an ICCID has 19-20 digits, starts with 89 and passes Luhn. */
static bool iccid_valid(const char *iccid)
{
	size_t len = strlen(iccid);
	unsigned sum = 0;

	if (len < 19 || len > 20 || strncmp(iccid, "89", 2) != 0 || strspn(iccid, "0123456789") != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(iccid[len - 1 - i] - '0');

		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

/** Index of the option called name on dev. */
static size_t option_index(ds_device *dev, const char *name)
{
	for (size_t i = 0; i < 16; i++) {
		const ds_option_desc *d = P->option_desc(dev, i);

		if (!d)
			break;
		if (strcmp(d->name, name) == 0)
			return i;
	}
	cr_assert_fail("no option %s", name);
	return SIZE_MAX;
}

/** Sets an integer or choice option. */
static ds_status set_option_i(ds_device *dev, const char *name, int32_t value)
{
	ds_option_value v = { .i = value };

	return P->option_set(op(), dev, option_index(dev, name), &v);
}

/** Monotonic time in seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/** Sleeps ms milliseconds. */
static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- descriptor, labels, discovery ---- */

Test(demo_plugin, descriptor)
{
	cr_assert_str_eq(P->id, "demo");
	cr_assert_str_eq(P->name, "Demo alarm system");
	cr_assert_str_eq(P->vendor, "doorstep demo");
	cr_assert_str_eq(P->version, "1.0.0");
	cr_assert_str_eq(P->text_domain, "doorstep-demo");
	cr_assert_eq(P->caps, DS_CAP_QR | DS_CAP_DISCOVER | DS_CAP_SIMULATED | DS_CAP_BLE);
	cr_assert_geq(P->struct_size, DS_PLUGIN_MIN_SIZE);
	cr_assert_not_null(P->match_ble);
	cr_assert_eq(P->ble_claims[0].kind, DS_BLE_CLAIM_SERVICE_UUID);
	cr_assert_eq(P->ble_claims[1].kind, DS_BLE_CLAIM_END);
	cr_assert_null(P->match_serial);
	cr_assert_not_null(P->cloud_urls);
	cr_assert_not_null(P->cloud_urls[0]);
	cr_assert(strstr(P->cloud_urls[0], ".example/"), "a name reserved for examples: %s", P->cloud_urls[0]);
}

Test(demo_plugin, every_label_matches)
{
	static const struct {
		const char *label, *locator;
		ds_device_kind kind;
	} cases[] = {
		{ LABEL_PANEL, "demo:DP100-7F3A21", DS_KIND_PANEL },
		{ LABEL_DOOR, "demo:DC200-4B19E7", DS_KIND_DOOR_CONTACT },
		{ LABEL_MOTION, "demo:MS300-92C4D0", DS_KIND_MOTION },
		{ LABEL_CAMERA, "demo:IC400-5E81A3", DS_KIND_CAMERA },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char locator[DS_LOCATOR_MAX], lower[64];
		ds_device_info info;
		ds_device *dev;

		cr_assert_eq(P->match_qr(op(), cases[i].label, locator, sizeof locator), DS_OK, "%s", C.message);
		cr_assert_str_eq(locator, cases[i].locator);
		/* Typed in lower case, with a trailing newline from a scanner. */
		snprintf(lower, sizeof lower, "%s\n", cases[i].label);
		for (char *p = lower; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		cr_assert_eq(P->match_qr(op(), lower, locator, sizeof locator), DS_OK, "%s", C.message);
		cr_assert_str_eq(locator, cases[i].locator);

		dev = open_label(cases[i].label);
		memset(&info, 0, sizeof info);
		cr_assert_eq(P->device_info(op(), dev, &info), DS_OK);
		cr_assert_eq(info.kind, cases[i].kind);
		cr_assert_str_eq(info.locator, cases[i].locator);
		cr_assert_str_eq(info.serial, cases[i].locator + 5);
		cr_assert(info.features & DS_FEATURE_PASSWORD);
		P->close(dev);
	}
}

Test(demo_plugin, foreign_payloads_are_not_claimed)
{
	static const char *const payloads[] = {
		"MT:Y.K9042C00KA0648G00", "WIFI:S:Guest;T:nopass;;", "LPA:1$rsp.truphone.com$QR-G-5C", "", "DSDEMO",
	};
	char locator[DS_LOCATOR_MAX];

	for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++)
		cr_assert_eq(P->match_qr(op(), payloads[i], locator, sizeof locator), DS_ERR_NOT_FOUND, "%s",
			     payloads[i]);
}

Test(demo_plugin, damaged_labels_are_refused_with_a_message)
{
	static const struct {
		const char *label, *says;
	} cases[] = {
		{ "DSDEMO:1:PNL:DP100-7F3A22:49", "check characters" }, /* one serial digit changed */
		{ "DSDEMO:1:PNL:DP100-7F3A21:4A", "check characters" }, /* check changed */
		{ "DSDEMO:1:PNX:DP100-7F3A21:49", "check characters" }, /* type changed */
		{ "DSDEMO:1:PNL:DP100-7F3A21", "parts" },               /* check missing */
		{ "DSDEMO:1:PNL:DP100:7F3A21:49", "parts" },            /* extra ':' */
		{ "DSDEMO:1:PNL:DP100-7F3A21:G9", "check characters" }, /* not hex */
		{ "DSDEMO:1:PNL:DP100-7F3A21:499", "check characters" },
	};
	char locator[DS_LOCATOR_MAX];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_assert_eq(P->match_qr(op(), cases[i].label, locator, sizeof locator), DS_ERR_INVALID, "%s",
			     cases[i].label);
		cr_assert_eq(C.status, DS_ERR_INVALID);
		cr_assert_not_null(strstr(C.message, cases[i].says), "%s: %s", cases[i].label, C.message);
		cr_assert_not_null(strstr(C.message, "again"), "the message says what to do: %s", C.message);
	}
}

Test(demo_plugin, discover_lists_the_four_devices)
{
	static const ds_device_kind kinds[] = { DS_KIND_PANEL, DS_KIND_DOOR_CONTACT, DS_KIND_MOTION, DS_KIND_CAMERA };
	char locator[DS_LOCATOR_MAX];

	for (size_t i = 0; i < 4; i++) {
		ds_device_info info;
		ds_device *dev = NULL;

		cr_assert_eq(P->discover(op(), i, locator, sizeof locator), DS_OK, "%s", C.message);
		cr_assert_eq(strncmp(locator, "demo:", 5), 0);
		cr_assert_eq(P->open(op(), locator, &dev), DS_OK, "%s", C.message);
		memset(&info, 0, sizeof info);
		cr_assert_eq(P->device_info(op(), dev, &info), DS_OK);
		cr_assert_eq(info.kind, kinds[i]);
		P->close(dev);
	}
	cr_assert_eq(P->discover(op(), 4, locator, sizeof locator), DS_ERR_NOT_FOUND);
}

Test(demo_plugin, opening_enrols_the_device)
{
	char *state;

	P->close(open_label(LABEL_DOOR));
	state = read_state();
	cr_assert_not_null(strstr(state, "device.DC200-4B19E7.enrolled=1"), "%s", state);
	cr_assert_not_null(strstr(state, "device.DP100-7F3A21.enrolled=0"), "%s", state);
	free(state);
}

Test(demo_plugin, device_info_and_password_rules)
{
	ds_device *panel = open_label(LABEL_PANEL), *door = open_label(LABEL_DOOR);
	ds_device *camera = open_label(LABEL_CAMERA);
	ds_device_info info;

	memset(&info, 0, sizeof info);
	cr_assert_eq(P->device_info(op(), panel, &info), DS_OK);
	cr_assert_eq(info.features, DS_FEATURE_PASSWORD | DS_FEATURE_ESIM | DS_FEATURE_CELLULAR |
					    DS_FEATURE_DIAGNOSE | DS_FEATURE_OPTIONS | DS_FEATURE_HANDOVER);
	cr_assert_eq(info.password.max_length, 64);
	cr_assert_not(info.password.digits_only);
	cr_assert_str_neq(info.name, "");
	memset(&info, 0, sizeof info);
	cr_assert_eq(P->device_info(op(), door, &info), DS_OK);
	cr_assert(info.password.digits_only);
	cr_assert(info.password.has_second_factor);
	cr_assert_eq(info.password.max_length, 8);
	memset(&info, 0, sizeof info);
	cr_assert_eq(P->device_info(op(), camera, &info), DS_OK);
	cr_assert(info.features & DS_FEATURE_WIFI);
	cr_assert_eq(info.password.max_length, 32);
	P->close(panel);
	P->close(door);
	P->close(camera);
}

/* ---- credentials ---- */

Test(demo_plugin, factory_default_login)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_credential_state cs;

	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->credential_state(op(), panel, &cs), DS_OK);
	cr_assert(cs.on_factory_default);
	cr_assert(cs.has_password);
	cr_assert_str_eq(cs.user, "admin");
	cr_assert_eq(cs.retry_after_ms, 0);
	cr_assert_eq(P->login(op(), panel, NULL), DS_OK, "%s", C.message);
	cr_assert_eq(P->login(op(), panel, "admin1234"), DS_OK, "%s", C.message);
	cr_assert_eq(P->login(op(), panel, "admin12345"), DS_ERR_AUTH);
	cr_assert_str_neq(C.message, "");
	P->close(panel);
}

Test(demo_plugin, set_password_replaces_the_old_one)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_credential_state cs;

	cr_assert_eq(P->set_password(op(), panel, "wrong-current", NEW_PANEL_PASSWORD), DS_ERR_AUTH);
	cr_assert_eq(P->set_password(op(), panel, NULL, "admin1234"), DS_ERR_INVALID);
	cr_assert_not_null(strstr(C.message, "factory default"), "%s", C.message);
	cr_assert_eq(P->set_password(op(), panel, NULL, "short"), DS_ERR_INVALID);
	cr_assert_eq(P->set_password(op(), panel, NULL,
				     "this-password-is-far-too-long-for-the-panel-which-takes-64-characters-at-most"),
		     DS_ERR_INVALID);
	cr_assert_not_null(strstr(C.message, "too long"), "%s", C.message);

	cr_assert_eq(P->set_password(op(), panel, NULL, NEW_PANEL_PASSWORD), DS_OK, "%s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->credential_state(op(), panel, &cs), DS_OK);
	cr_assert_not(cs.on_factory_default);
	cr_assert_eq(P->login(op(), panel, NEW_PANEL_PASSWORD), DS_OK, "%s", C.message);
	cr_assert_eq(P->login(op(), panel, "admin1234"), DS_ERR_AUTH);
	cr_assert_eq(P->login(op(), panel, NULL), DS_ERR_AUTH);
	cr_assert_not_null(strstr(C.message, "factory-default"), "%s", C.message);
	cr_assert_eq(P->login(op(), panel, NEW_PANEL_PASSWORD), DS_OK, "success resets the count: %s", C.message);
	P->close(panel);
}

Test(demo_plugin, pin_rules_of_the_accessories)
{
	ds_device *door = open_label(LABEL_DOOR), *motion = open_label(LABEL_MOTION);

	cr_assert_eq(P->login(op(), door, "0000"), DS_OK);
	cr_assert_eq(P->login(op(), motion, "1234"), DS_OK);
	cr_assert_eq(P->set_password(op(), door, "0000", "4815a623"), DS_ERR_INVALID);
	cr_assert_not_null(strstr(C.message, "digits"), "%s", C.message);
	cr_assert_eq(P->set_password(op(), door, "0000", "481562342"), DS_ERR_INVALID);
	cr_assert_eq(P->set_password(op(), door, NULL, "48156234"), DS_OK, "%s", C.message);
	cr_assert_eq(P->login(op(), door, "48156234"), DS_OK);
	cr_assert_eq(P->login(op(), door, "0000"), DS_ERR_AUTH);
	P->close(door);
	P->close(motion);
}

Test(demo_plugin, backoff_after_three_failures)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_credential_state cs;

	for (int i = 0; i < 3; i++)
		cr_assert_eq(P->login(op(), panel, "guess"), DS_ERR_AUTH, "attempt %d", i + 1);
	/* Even the right password is refused while the device backs off. */
	cr_assert_eq(P->login(op(), panel, "admin1234"), DS_ERR_BUSY);
	cr_assert_not_null(strstr(C.message, "too many attempts; wait 1 s"), "%s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->credential_state(op(), panel, &cs), DS_OK);
	cr_assert_gt(cs.retry_after_ms, 0);
	cr_assert_leq(cs.retry_after_ms, 1000);

	/* After the wait, one more failure doubles the back-off. */
	sleep_ms(cs.retry_after_ms + 50);
	cr_assert_eq(P->login(op(), panel, "guess"), DS_ERR_AUTH);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->credential_state(op(), panel, &cs), DS_OK);
	cr_assert_gt(cs.retry_after_ms, 1000);
	cr_assert_leq(cs.retry_after_ms, 2000);
	cr_assert_eq(P->login(op(), panel, NULL), DS_ERR_BUSY);

	/* Success resets it. */
	sleep_ms(cs.retry_after_ms + 50);
	cr_assert_eq(P->login(op(), panel, "admin1234"), DS_OK, "%s", C.message);
	cr_assert_eq(P->login(op(), panel, "guess"), DS_ERR_AUTH);
	cr_assert_eq(P->login(op(), panel, "admin1234"), DS_OK, "one failure does not lock: %s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->credential_state(op(), panel, &cs), DS_OK);
	cr_assert_eq(cs.retry_after_ms, 0);
	P->close(panel);
}

Test(demo_plugin, state_survives_a_restart)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_credential_state cs;
	ds_option_value v;
	ds_esim_profile p;

	cr_assert_eq(P->set_password(op(), panel, NULL, NEW_PANEL_PASSWORD), DS_OK, "%s", C.message);
	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_VODAFONE), DS_OK, "%s", C.message);
	cr_assert_eq(set_option_i(panel, "entry_delay", 60), DS_OK, "%s", C.message);
	cr_assert_eq(set_option_i(panel, "siren_volume", 0), DS_OK, "%s", C.message);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(P->login(op(), panel, "guess"), DS_ERR_AUTH);
	P->close(panel);

	/* A second run: unload, load again, read the memory file. */
	unload_plugin();
	load_plugin();
	panel = open_label(LABEL_PANEL);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->credential_state(op(), panel, &cs), DS_OK);
	cr_assert_not(cs.on_factory_default);
	/* The failure count survived too: one more wrong attempt starts the back-off. */
	cr_assert_eq(P->login(op(), panel, "guess"), DS_ERR_AUTH);
	cr_assert_eq(P->login(op(), panel, NEW_PANEL_PASSWORD), DS_ERR_BUSY);
	sleep_ms(1100);
	cr_assert_eq(P->login(op(), panel, NEW_PANEL_PASSWORD), DS_OK, "%s", C.message);
	cr_assert_eq(P->login(op(), panel, "admin1234"), DS_ERR_AUTH);
	p = profile_by_iccid(panel, ICCID_VODAFONE);
	cr_assert_eq(p.role, DS_ROLE_BACKUP);
	p = profile_by_iccid(panel, ICCID_TELEKOM);
	cr_assert_eq(p.role, DS_ROLE_PRIMARY);
	cr_assert(p.enabled);
	memset(&v, 0, sizeof v);
	cr_assert_eq(P->option_get(op(), panel, option_index(panel, "entry_delay"), &v), DS_OK);
	cr_assert_eq(v.i, 60);
	cr_assert_eq(P->option_get(op(), panel, option_index(panel, "siren_volume"), &v), DS_OK);
	cr_assert_eq(v.i, 0);
	P->close(panel);
}

Test(demo_plugin, a_fresh_data_dir_is_factory_state)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_credential_state cs;

	cr_assert_eq(P->set_password(op(), panel, NULL, NEW_PANEL_PASSWORD), DS_OK, "%s", C.message);
	P->close(panel);
	unload_plugin();
	cr_assert_eq(unlink(state_path), 0);
	load_plugin();
	panel = open_label(LABEL_PANEL);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->credential_state(op(), panel, &cs), DS_OK);
	cr_assert(cs.on_factory_default);
	cr_assert_eq(profile_count(panel), 5);
	P->close(panel);
}

Test(demo_plugin, passwords_never_reach_the_file_or_the_log)
{
	ds_device *panel = open_label(LABEL_PANEL), *door = open_label(LABEL_DOOR);
	ds_device *camera = open_label(LABEL_CAMERA);
	char *state;

	cr_assert_eq(P->set_password(op(), panel, NULL, NEW_PANEL_PASSWORD), DS_OK, "%s", C.message);
	cr_assert_eq(P->set_password(op(), door, NULL, "73915482"), DS_OK, "%s", C.message);
	cr_assert_eq(P->login(op(), panel, "wrong-guess-0815"), DS_ERR_AUTH);
	cr_assert_eq(P->wifi_configure(op(), camera, "Mueller-Home", "wifi-key-not-on-disk"), DS_OK, "%s",
		     C.message);
	state = read_state();
	cr_assert_null(strstr(state, NEW_PANEL_PASSWORD), "%s", state);
	cr_assert_null(strstr(state, "73915482"), "%s", state);
	cr_assert_null(strstr(state, "wrong-guess-0815"));
	cr_assert_null(strstr(state, "wifi-key-not-on-disk"));
	cr_assert_null(strstr(state, "admin1234"));
	cr_assert_not_null(strstr(state, "device.DP100-7F3A21.password_hash=$argon2id$"), "%s", state);
	cr_assert_not_null(strstr(state, "device.IC400-5E81A3.wifi_ssid=Mueller-Home"), "%s", state);
	cr_assert_null(strstr(log_text, NEW_PANEL_PASSWORD));
	cr_assert_null(strstr(log_text, "73915482"));
	cr_assert_null(strstr(log_text, "wrong-guess-0815"));
	cr_assert_null(strstr(log_text, "wifi-key-not-on-disk"));
	free(state);
	P->close(panel);
	P->close(door);
	P->close(camera);
}

/* ---- eSIM ---- */

Test(demo_plugin, esim_profiles)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_esim_profile p;
	size_t n = profile_count(panel), telekom = 0, primaries = 0, enabled = 0;

	cr_assert_geq(n, 5);
	for (size_t i = 0; i < n; i++) {
		p = profile_at(panel, i);
		cr_assert(iccid_valid(p.iccid), "%s", p.iccid);
		cr_assert_eq(strlen(p.mcc), 3);
		cr_assert_str_neq(p.operator_name, "");
		telekom += strcmp(p.mcc, "262") == 0 && strcmp(p.mnc, "01") == 0;
		primaries += p.role == DS_ROLE_PRIMARY;
		enabled += p.enabled;
	}
	cr_assert_eq(telekom, 2, "two Telekom subscriptions (same-operator rule)");
	cr_assert_eq(primaries, 1);
	cr_assert_eq(enabled, 1);

	p = profile_at(panel, 0);
	cr_assert_str_eq(p.iccid, ICCID_TELEKOM);
	cr_assert_str_eq(p.operator_name, "Telekom Deutschland");
	cr_assert(p.enabled);
	cr_assert_eq(p.role, DS_ROLE_PRIMARY);
	cr_assert_eq(p.rats, DS_RAT_LTE | DS_RAT_LTE_M | DS_RAT_NB_IOT);
	cr_assert_eq(p.rssi_dbm, -67);
	p = profile_by_iccid(panel, ICCID_VODAFONE);
	cr_assert_str_eq(p.mnc, "02");
	cr_assert_eq(p.rats, DS_RAT_LTE | DS_RAT_LTE_M | DS_RAT_5G);
	p = profile_by_iccid(panel, ICCID_TELEFONICA);
	cr_assert_str_eq(p.mnc, "03");
	cr_assert_eq(p.rats, DS_RAT_2G | DS_RAT_3G);
	cr_assert_eq(p.rssi_dbm, -91);
	p = profile_by_iccid(panel, ICCID_ORANGE);
	cr_assert_str_eq(p.mcc, "208");
	cr_assert_not(p.in_reach);
	cr_assert_eq(p.rssi_dbm, INT32_MIN);
	p = profile_by_iccid(panel, ICCID_TELEKOM_M2M);
	cr_assert_eq(p.rats, DS_RAT_LTE_M | DS_RAT_NB_IOT);
	cr_assert_eq(p.rssi_dbm, -70);
	cr_assert_eq(P->esim_profile(op(), panel, n, &p), DS_ERR_NOT_FOUND);
	P->close(panel);
}

Test(demo_plugin, esim_primary_and_backup)
{
	ds_device *panel = open_label(LABEL_PANEL), *door = open_label(LABEL_DOOR);
	ds_esim_profile p;

	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_TELEKOM), DS_ERR_INVALID);
	cr_assert_not_null(strstr(C.message, "primary"), "%s", C.message);
	cr_assert_eq(P->esim_set_backup(op(), panel, "8949000000000000000"), DS_ERR_NOT_FOUND);
	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_TELEKOM_M2M), DS_OK, "%s", C.message);
	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_VODAFONE), DS_OK, "%s", C.message);
	cr_assert_eq(profile_by_iccid(panel, ICCID_VODAFONE).role, DS_ROLE_BACKUP);
	cr_assert_eq(profile_by_iccid(panel, ICCID_TELEKOM_M2M).role, DS_ROLE_NONE, "only one backup");

	/* The out-of-reach operator cannot become the primary. */
	cr_assert_eq(P->esim_set_primary(op(), panel, ICCID_ORANGE), DS_ERR_DEVICE);
	cr_assert_str_neq(C.message, "");

	cr_assert_eq(P->esim_set_primary(op(), panel, ICCID_VODAFONE), DS_OK, "%s", C.message);
	p = profile_by_iccid(panel, ICCID_VODAFONE);
	cr_assert(p.enabled);
	cr_assert_eq(p.role, DS_ROLE_PRIMARY);
	p = profile_by_iccid(panel, ICCID_TELEKOM);
	cr_assert_not(p.enabled);
	cr_assert_eq(p.role, DS_ROLE_NONE);

	cr_assert_eq(P->esim_set_primary(op(), door, ICCID_TELEKOM), DS_ERR_UNSUPPORTED);
	cr_assert_str_neq(C.message, "");
	P->close(panel);
	P->close(door);
}

Test(demo_plugin, cellular_status_home_and_roaming)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_cellular_status cs;

	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	cr_assert_eq(cs.registration, DS_REG_HOME);
	cr_assert_eq(cs.rat, DS_RAT_LTE);
	cr_assert_str_eq(cs.operator_code, "26201");
	cr_assert_str_eq(cs.iccid, ICCID_TELEKOM);
	cr_assert(cs.rssi_dbm >= -69 && cs.rssi_dbm <= -65, "%d", cs.rssi_dbm);
	cr_assert(cs.rsrp_dbm >= -97 && cs.rsrp_dbm <= -93, "%d", cs.rsrp_dbm);
	cr_assert(cs.rsrq_db10 >= -200 && cs.rsrq_db10 <= -30, "%d", cs.rsrq_db10);
	cr_assert(cs.sinr_db10 > 0 && cs.sinr_db10 < 300, "%d", cs.sinr_db10);

	cr_assert_eq(P->esim_set_primary(op(), panel, ICCID_TELEFONICA), DS_OK, "%s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	cr_assert_eq(cs.rat, DS_RAT_3G);
	cr_assert_eq(cs.rsrp_dbm, INT32_MIN);

	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$smdp.free.example$FR-IOT-1", NULL), DS_OK, "%s",
		     C.message);
	cr_assert_eq(P->esim_set_primary(op(), panel, profile_at(panel, 5).iccid), DS_OK, "%s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	cr_assert_eq(cs.registration, DS_REG_ROAMING);
	cr_assert_str_eq(cs.operator_code, "20815");
	P->close(panel);
}

Test(demo_plugin, esim_download)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_esim_profile p;
	char *state;

	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$smdp.vodafone.example$VF-SECRET-MATCH-ID", NULL), DS_OK,
		     "%s", C.message);
	cr_assert_eq(C.permille, 1000);
	cr_assert_eq(profile_count(panel), 6);
	p = profile_at(panel, 5);
	cr_assert(iccid_valid(p.iccid), "%s", p.iccid);
	cr_assert_str_eq(p.mcc, "262");
	cr_assert_str_eq(p.mnc, "02");
	cr_assert_not(p.enabled);
	cr_assert_eq(p.role, DS_ROLE_NONE);

	/* A confirmation code is needed for matching IDs starting "CC-", or with the flag. */
	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$smdp.telekom.example$CC-TK-42", NULL), DS_ERR_AUTH);
	cr_assert_not_null(strstr(C.message, "confirmation code"), "%s", C.message);
	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$smdp.telekom.example$CC-TK-42", ""), DS_ERR_AUTH);
	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$smdp.telekom.example$CC-TK-42", "1234"), DS_ERR_AUTH);
	cr_assert_not_null(strstr(C.message, "confirmation code"), "%s", C.message);
	cr_assert_eq(profile_count(panel), 6);
	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$smdp.telekom.example$CC-TK-42", "4711"), DS_OK, "%s",
		     C.message);
	cr_assert_eq(profile_count(panel), 7);
	cr_assert_str_eq(profile_at(panel, 6).operator_name, "Telekom Deutschland");
	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7$$1", NULL),
		     DS_ERR_AUTH, "the SGP.22 flag asks for a code too");
	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7", NULL), DS_OK,
		     "%s", C.message);
	cr_assert_eq(profile_count(panel), 8);
	cr_assert_eq(P->esim_download(op(), panel, "LPA:1$smdp.o2.example$USED-0001", NULL), DS_ERR_DEVICE);
	cr_assert_not_null(strstr(C.message, "new one"), "%s", C.message);

	static const char *const bad[] = {
		"LPA:2$rsp.example.com$ABC", "hello", "LPA:1$smdp.example", "LPA:1$$ABC", "LPA:1$bad host$ABC",
		"LPA:1$smdp.example$AB C", "LPA:1$a$b$c$1$x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(P->esim_download(op(), panel, bad[i], NULL), DS_ERR_INVALID, "%s", bad[i]);
		cr_assert_str_neq(C.message, "");
		cr_assert_null(strstr(C.message, "ABC"), "no part of the code is quoted: %s", C.message);
	}
	cr_assert_eq(profile_count(panel), 8);
	state = read_state();
	cr_assert_null(strstr(state, "VF-SECRET-MATCH-ID"));
	cr_assert_null(strstr(log_text, "VF-SECRET-MATCH-ID"));
	cr_assert_null(strstr(log_text, "4711"));
	free(state);
	P->close(panel);
}

/* ---- failover ---- */

Test(demo_plugin, failover_needs_a_backup)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_failover_result r;

	memset(&r, 0, sizeof r);
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_ERR_INVALID);
	cr_assert_not_null(strstr(C.message, "set a backup profile first"), "%s", C.message);
	P->close(panel);
}

Test(demo_plugin, failover_passes)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_failover_result r;
	ds_cellular_status cs;
	double t0;

	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_VODAFONE), DS_OK, "%s", C.message);
	memset(&r, 0, sizeof r);
	t0 = now_s();
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_OK, "%s", C.message);
	cr_assert_geq(now_s() - t0, 1.5);
	cr_assert_eq(C.permille, 1000);
	cr_assert_geq(C.progress_calls, 10);
	cr_assert(r.switched_to_backup);
	cr_assert(r.backup_online);
	cr_assert(r.returned_to_primary);
	cr_assert(r.switch_ms >= 500 && r.switch_ms < 2000, "%u", r.switch_ms);
	cr_assert_not_null(strstr(r.detail, "Failover works"), "%s", r.detail);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	cr_assert_str_eq(cs.iccid, ICCID_TELEKOM);
	P->close(panel);
}

Test(demo_plugin, failover_backup_out_of_reach)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_failover_result r;

	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_ORANGE), DS_OK, "%s", C.message);
	memset(&r, 0, sizeof r);
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_ERR_DEVICE);
	cr_assert(r.switched_to_backup);
	cr_assert_not(r.backup_online);
	cr_assert(r.returned_to_primary);
	cr_assert_str_neq(C.message, "");
	cr_assert_str_neq(r.detail, "");
	P->close(panel);
}

Test(demo_plugin, failover_fault_backup_offline_by_option)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_failover_result r;
	ds_option_value v;

	unsetenv("DOORSTEP_DEMO_FAULT");
	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_VODAFONE), DS_OK, "%s", C.message);
	cr_assert_eq(set_option_i(panel, "simulated_fault", 1), DS_OK, "%s", C.message);
	memset(&v, 0, sizeof v);
	cr_assert_eq(P->option_get(op(), panel, option_index(panel, "simulated_fault"), &v), DS_OK);
	cr_assert_eq(v.i, 1);
	cr_assert_str_eq(P->option_desc(panel, option_index(panel, "simulated_fault"))->choices[1], "backup-offline");
	memset(&r, 0, sizeof r);
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_ERR_DEVICE);
	cr_assert(r.switched_to_backup);
	cr_assert_not(r.backup_online);
	cr_assert(r.returned_to_primary);

	/* The setting is in the device's memory: it survives a restart. */
	P->close(panel);
	unload_plugin();
	load_plugin();
	panel = open_label(LABEL_PANEL);
	memset(&r, 0, sizeof r);
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_ERR_DEVICE);
	cr_assert_not(r.backup_online);
	cr_assert_eq(set_option_i(panel, "simulated_fault", 0), DS_OK, "%s", C.message);
	memset(&r, 0, sizeof r);
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_OK, "%s", C.message);
	P->close(panel);
}

Test(demo_plugin, failover_stuck_on_backup_by_environment)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_failover_result r;
	ds_cellular_status cs;

	setenv("DOORSTEP_DEMO_FAULT", "stuck-on-backup", 1);
	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_TELEKOM_M2M), DS_OK, "%s", C.message);
	memset(&r, 0, sizeof r);
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_ERR_DEVICE);
	cr_assert(r.switched_to_backup);
	cr_assert(r.backup_online);
	cr_assert_not(r.returned_to_primary);
	cr_assert_not_null(strstr(C.message, "still on the backup"), "%s", C.message);
	cr_assert_not_null(strstr(C.message, "Set the primary profile again"), "%s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	cr_assert_str_eq(cs.iccid, ICCID_TELEKOM_M2M);

	/* Doing what the message says brings the panel back. */
	unsetenv("DOORSTEP_DEMO_FAULT");
	cr_assert_eq(P->esim_set_primary(op(), panel, ICCID_TELEKOM), DS_OK, "%s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	cr_assert_str_eq(cs.iccid, ICCID_TELEKOM);
	cr_assert_eq(profile_by_iccid(panel, ICCID_TELEKOM_M2M).role, DS_ROLE_BACKUP);
	memset(&r, 0, sizeof r);
	cr_assert_eq(P->failover_test(op(), panel, &r), DS_OK, "%s", C.message);
	P->close(panel);
}

/** Sets the cancel flag of C after 400 ms; stores when. */
static void *cancel_later(void *arg)
{
	double *when = arg;

	sleep_ms(400);
	*when = now_s();
	atomic_store(&C.cancel, true);
	return NULL;
}

Test(demo_plugin, cancel_is_honoured_promptly)
{
	ds_device *panel = open_label(LABEL_PANEL);
	ds_failover_result r;
	ds_cellular_status cs;
	double cancelled_at = 0, returned_at;
	pthread_t thread;
	ds_status st;

	cr_assert_eq(P->esim_set_backup(op(), panel, ICCID_VODAFONE), DS_OK, "%s", C.message);
	memset(&r, 0, sizeof r);
	op();
	cr_assert_eq(pthread_create(&thread, NULL, cancel_later, &cancelled_at), 0);
	st = P->failover_test(&C, panel, &r);
	returned_at = now_s();
	pthread_join(thread, NULL);
	cr_assert_eq(st, DS_ERR_CANCELLED, "%s", ds_status_str(st));
	cr_assert_lt(returned_at - cancelled_at, 0.2, "returned %.3f s after the cancel", returned_at - cancelled_at);
	cr_assert_str_neq(C.message, "");
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	cr_assert_str_eq(cs.iccid, ICCID_TELEKOM, "a cancelled test leaves the panel on its primary");

	/* Cancelled before it starts: nothing happens. */
	op();
	atomic_store(&C.cancel, true);
	cr_assert_eq(P->set_password(&C, panel, NULL, NEW_PANEL_PASSWORD), DS_ERR_CANCELLED);
	cr_assert_eq(P->login(op(), panel, NULL), DS_OK, "still on the factory default: %s", C.message);
	P->close(panel);
}

/* ---- settings ---- */

Test(demo_plugin, options_are_described_and_validated)
{
	ds_device *panel = open_label(LABEL_PANEL), *camera = open_label(LABEL_CAMERA);
	ds_device *door = open_label(LABEL_DOOR);
	static const char *const panel_names[] = { "entry_delay", "exit_delay", "siren_volume", "simulated_fault" };
	const ds_option_desc *d;
	ds_option_value v;
	size_t entry;

	for (size_t i = 0; i < 4; i++) {
		d = P->option_desc(panel, i);
		cr_assert_not_null(d);
		cr_assert_str_eq(d->name, panel_names[i]);
		cr_assert_not_null(d->title);
		cr_assert_not_null(d->description);
	}
	cr_assert_null(P->option_desc(panel, 4));
	cr_assert_null(P->option_desc(door, 0));
	entry = option_index(panel, "entry_delay");
	d = P->option_desc(panel, entry);
	cr_assert_eq(d->type, DS_OPT_INT);
	cr_assert_eq(d->min, 0);
	cr_assert_eq(d->max, 120);
	cr_assert_eq(d->step, 5);
	cr_assert_str_eq(d->unit, "s");

	cr_assert_eq(set_option_i(panel, "entry_delay", 61), DS_ERR_INVALID);
	cr_assert_not_null(strstr(C.message, "steps of 5"), "%s", C.message);
	cr_assert_eq(set_option_i(panel, "entry_delay", 125), DS_ERR_INVALID);
	cr_assert_eq(set_option_i(panel, "entry_delay", -5), DS_ERR_INVALID);
	cr_assert_eq(set_option_i(panel, "siren_volume", 3), DS_ERR_INVALID);
	cr_assert_eq(set_option_i(panel, "siren_volume", -1), DS_ERR_INVALID);
	cr_assert_eq(set_option_i(panel, "simulated_fault", 3), DS_ERR_INVALID);
	memset(&v, 0, sizeof v);
	cr_assert_eq(P->option_get(op(), panel, entry, &v), DS_OK);
	cr_assert_eq(v.i, 30, "refused values change nothing");
	cr_assert_eq(set_option_i(panel, "entry_delay", 0), DS_OK, "%s", C.message);
	cr_assert_eq(set_option_i(panel, "exit_delay", 120), DS_OK, "%s", C.message);
	cr_assert_eq(P->option_get(op(), panel, entry, &v), DS_OK);
	cr_assert_eq(v.i, 0);

	d = P->option_desc(camera, option_index(camera, "night_vision"));
	cr_assert_eq(d->type, DS_OPT_BOOL);
	cr_assert_eq(P->option_get(op(), camera, option_index(camera, "night_vision"), &v), DS_OK);
	cr_assert(v.b);
	v.b = false;
	cr_assert_eq(P->option_set(op(), camera, option_index(camera, "night_vision"), &v), DS_OK);
	memset(&v, 0, sizeof v);
	v.b = true;
	cr_assert_eq(P->option_get(op(), camera, option_index(camera, "night_vision"), &v), DS_OK);
	cr_assert_not(v.b);
	d = P->option_desc(camera, option_index(camera, "resolution"));
	cr_assert_eq(d->type, DS_OPT_CHOICE);
	cr_assert_eq(set_option_i(camera, "resolution", 2), DS_OK);
	cr_assert_eq(set_option_i(camera, "resolution", 9), DS_ERR_INVALID);
	cr_assert_eq(P->option_get(op(), camera, 9, &v), DS_ERR_NOT_FOUND);
	cr_assert_eq(P->option_get(op(), door, 0, &v), DS_ERR_UNSUPPORTED);
	P->close(panel);
	P->close(camera);
	P->close(door);
}

/* ---- diagnostics, Wi-Fi, hand-over ---- */

Test(demo_plugin, diagnostics)
{
	static const char *const panel_ids[] = { "cloud.reachability", "power.battery", "tamper.switch" };
	ds_device *panel = open_label(LABEL_PANEL), *motion = open_label(LABEL_MOTION);
	ds_cellular_status cs;
	ds_check c, graded[DS_DEVICE_GRADE_CELLULAR_MAX];
	size_t n;

	for (size_t i = 0; i < 3; i++) {
		memset(&c, 0, sizeof c);
		cr_assert_eq(P->diagnose(op(), panel, i, &c), DS_OK, "%s", C.message);
		cr_assert_str_eq(c.id, panel_ids[i]);
		cr_assert_str_neq(c.title, "");
		cr_assert_str_neq(c.value, "");
		cr_assert_str_neq(c.advice, "");
		cr_assert_eq(c.grade, DS_CHECK_PASS, "%s: %s", c.id, c.advice);
	}
	cr_assert_eq(P->diagnose(op(), panel, 3, &c), DS_ERR_NOT_FOUND);

	/* The host grades the link; on the 2G/3G-only operator the technology warns. */
	cr_assert_eq(P->esim_set_primary(op(), panel, ICCID_TELEFONICA), DS_OK, "%s", C.message);
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(P->cellular_status(op(), panel, &cs), DS_OK);
	n = ds_device_grade_cellular(&cs, graded);
	cr_assert_geq(n, 2);
	cr_assert_str_eq(graded[1].id, "cellular.technology");
	cr_assert_eq(graded[1].grade, DS_CHECK_WARN, "%s", graded[1].value);

	memset(&c, 0, sizeof c);
	cr_assert_eq(P->diagnose(op(), motion, 0, &c), DS_OK);
	cr_assert_str_eq(c.id, "radio.link");
	cr_assert_eq(c.grade, DS_CHECK_WARN);
	memset(&c, 0, sizeof c);
	cr_assert_eq(P->diagnose(op(), motion, 1, &c), DS_OK);
	cr_assert_str_eq(c.id, "power.battery");
	cr_assert_eq(P->diagnose(op(), motion, 2, &c), DS_ERR_NOT_FOUND);
	P->close(panel);
	P->close(motion);
}

Test(demo_plugin, camera_wifi)
{
	ds_device *camera = open_label(LABEL_CAMERA), *panel = open_label(LABEL_PANEL);
	ds_wifi_network w, open_net;
	ds_check c;
	size_t n = 0, open_count = 0;

	memset(&open_net, 0, sizeof open_net);
	for (;;) {
		memset(&w, 0, sizeof w);
		if (P->wifi_scan(op(), camera, n, &w) != DS_OK)
			break;
		cr_assert_str_neq(w.ssid, "");
		if (strcmp(w.security, "open") == 0) {
			open_count++;
			open_net = w;
		}
		n++;
	}
	cr_assert(n >= 3 && n <= 4, "%zu networks", n);
	cr_assert_eq(open_count, 1);
	cr_assert_eq(P->wifi_configure(op(), camera, open_net.ssid, "needless-key"), DS_ERR_INVALID);
	cr_assert_eq(P->wifi_configure(op(), camera, "Mueller-Home", NULL), DS_ERR_INVALID);
	cr_assert_eq(P->wifi_configure(op(), camera, "Mueller-Home", "short"), DS_ERR_INVALID);
	cr_assert_eq(P->wifi_configure(op(), camera, "No Such Net", "long-enough-key"), DS_ERR_NOT_FOUND);
	memset(&w, 0, sizeof w);
	cr_assert_eq(P->wifi_status(op(), camera, &w), DS_ERR_NOT_FOUND, "not joined yet");
	cr_assert_eq(P->wifi_configure(op(), camera, open_net.ssid, NULL), DS_OK, "%s", C.message);
	cr_assert_eq(P->wifi_status(op(), camera, &w), DS_OK);
	cr_assert_str_eq(w.ssid, open_net.ssid);
	cr_assert_str_eq(w.security, "open");
	cr_assert_eq(P->wifi_configure(op(), camera, "Mueller-Home", "long-enough-key"), DS_OK, "%s", C.message);
	memset(&w, 0, sizeof w);
	cr_assert_eq(P->wifi_status(op(), camera, &w), DS_OK);
	cr_assert_str_eq(w.ssid, "Mueller-Home");
	cr_assert_str_eq(w.security, "wpa2");
	cr_assert(w.rssi_dbm < -45 && w.rssi_dbm > -60, "%d", (int)w.rssi_dbm);
	memset(&c, 0, sizeof c);
	cr_assert_eq(P->diagnose(op(), camera, 0, &c), DS_OK);
	cr_assert_str_eq(c.id, "power.battery");
	cr_assert_eq(P->wifi_scan(op(), panel, 0, &w), DS_ERR_UNSUPPORTED);
	cr_assert_eq(P->wifi_status(op(), panel, &w), DS_ERR_UNSUPPORTED);
	P->close(camera);
	P->close(panel);
}

Test(demo_plugin, handover_code)
{
	ds_device *panel = open_label(LABEL_PANEL), *camera = open_label(LABEL_CAMERA);
	static const char prefix[] = "https://app.demo-alarm.example/claim?panel=DP100-7F3A21&code=";
	char first[256], second[256];
	const char *code;

	cr_assert_eq(P->handover_code(op(), panel, first, sizeof first), DS_OK, "%s", C.message);
	cr_assert_eq(strncmp(first, prefix, strlen(prefix)), 0, "%s", first);
	code = first + strlen(prefix);
	cr_assert_eq(strlen(code), 8);
	cr_assert_eq(strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 8, "%s", code);
	P->close(panel);
	P->close(camera);
	unload_plugin();
	load_plugin();
	panel = open_label(LABEL_PANEL);
	cr_assert_eq(P->handover_code(op(), panel, second, sizeof second), DS_OK, "%s", C.message);
	cr_assert_str_eq(first, second, "the panel keeps its claim code");
	cr_assert_eq(P->handover_code(op(), panel, second, 16), DS_ERR_INTERNAL);
	P->close(panel);
	camera = open_label(LABEL_CAMERA);
	cr_assert_eq(P->handover_code(op(), camera, second, sizeof second), DS_ERR_UNSUPPORTED);
	P->close(camera);
}
