/* The atmodem plugin's eSIM operations, called in this process on the
 * plugin's own descriptor (dlopen of the built plugin) with a small host
 * table whose serial service is the modem emulator's pseudo-terminal: the
 * operations the host does not carry yet (esim_info, esim_disable,
 * esim_delete, esim_nickname, esim_notification) as well as the profile
 * list and the backup. The emulator's --state file is the card's word. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <doorstep/plugin.h>

#include "app/base/paths.h"
#include "tests/support/helper_process.h"
#include "tests/support/test_support.h"

#define TELEKOM "89490200001234567890"
#define VODAFONE "8944110068256270054"

/** A serial port of the test host: the pseudo-terminal's file descriptor. */
struct ds_serial_port {
	int fd;
};

static const ds_plugin *plugin;
static void *handle;
static ds_device *dev;
/** The modem emulator. */
static ds_test_helper emu;
static char state_path[4096];
static char failure[1024];
static ds_call *const call = (ds_call *)&failure; /* any pointer: the test host has one operation at a time */

/** ds_host.log: to stderr, for a failing test's output. */
static void host_log(ds_log_level level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/** ds_host.progress: nothing to show. */
static void host_progress(ds_call *c, unsigned permille, const char *message)
{
	(void)c;
	(void)permille;
	(void)message;
}

/** ds_host.cancelled: never. */
static bool host_cancelled(ds_call *c)
{
	(void)c;
	return false;
}

/** ds_host.sleep: a plain sleep. */
static ds_status host_sleep(ds_call *c, unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	(void)c;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	return DS_OK;
}

/** ds_host.fail: keeps the message for the assertions. */
static ds_status host_fail(ds_call *c, ds_status status, const char *fmt, ...)
{
	va_list ap;

	(void)c;
	va_start(ap, fmt);
	vsnprintf(failure, sizeof failure, fmt, ap);
	va_end(ap);
	return status;
}

/** ds_host.translate: English. */
static const char *host_translate(const char *domain, const char *msgid)
{
	(void)domain;
	return msgid;
}

/** ds_host_serial.open: the pseudo-terminal, raw. */
static ds_status serial_open(ds_call *c, const char *path, unsigned baud, ds_serial_port **out)
{
	ds_serial_port *p = calloc(1, sizeof *p);
	struct termios t;

	(void)c;
	(void)baud;
	if (!p)
		return DS_ERR_NO_MEMORY;
	p->fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->fd < 0) {
		free(p);
		return DS_ERR_NOT_FOUND;
	}
	if (tcgetattr(p->fd, &t) == 0) {
		cfmakeraw(&t);
		(void)tcsetattr(p->fd, TCSANOW, &t);
	}
	*out = p;
	return DS_OK;
}

/** ds_host_serial.close. */
static void serial_close(ds_serial_port *p)
{
	if (p) {
		close(p->fd);
		free(p);
	}
}

/** ds_host_serial.write: all bytes. */
static ds_status serial_write(ds_call *c, ds_serial_port *p, const uint8_t *data, size_t len, unsigned timeout_ms)
{
	(void)c;
	(void)timeout_ms;
	while (len > 0) {
		ssize_t n = write(p->fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return DS_ERR_IO;
		data += n;
		len -= (size_t)n;
	}
	return DS_OK;
}

/** ds_host_serial.read: what has arrived, or DS_ERR_TIMEOUT. */
static ds_status serial_read(ds_call *c, ds_serial_port *p, uint8_t *buf, size_t size, size_t *len, unsigned timeout_ms)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	int r;
	ssize_t n;

	(void)c;
	r = poll(&pfd, 1, (int)timeout_ms);
	if (r == 0)
		return DS_ERR_TIMEOUT;
	n = r > 0 ? read(p->fd, buf, size) : -1;
	if (n <= 0)
		return DS_ERR_IO;
	*len = (size_t)n;
	return DS_OK;
}

/** ds_host_serial.discard. */
static void serial_discard(ds_serial_port *p)
{
	(void)tcflush(p->fd, TCIFLUSH);
}

static const ds_host_serial test_serial = {
	.struct_size = sizeof(ds_host_serial),
	.open = serial_open,
	.close = serial_close,
	.write = serial_write,
	.read = serial_read,
	.discard = serial_discard,
};

static const ds_host test_host = {
	.struct_size = sizeof(ds_host),
	.abi_major = DS_PLUGIN_ABI_MAJOR,
	.abi_minor = DS_PLUGIN_ABI_MINOR,
	.log = host_log,
	.progress = host_progress,
	.cancelled = host_cancelled,
	.sleep = host_sleep,
	.fail = host_fail,
	.translate = host_translate,
	.serial = &test_serial,
};

/** Starts the emulator with the built-in card, fast resets, and opens the module through the plugin. */
static void setup(void)
{
	const char *args[] = { "--euicc", "--state", state_path, "--reset-seconds", "0.1", "--register-seconds",
			       "0.2",     NULL };
	char so[4096];
	const ds_plugin *(*entry)(void);

	snprintf(state_path, sizeof state_path, "%s/emu.json", ds_test_tmpdir());
	ds_test_helper_start(&emu, "tests/modem/modem_emulator.py", args);

	snprintf(so, sizeof so, "%s/atmodem.so", ds_test_plugin_dir());
	handle = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	cr_assert_not_null(handle, "%s", dlerror());
	*(void **)&entry = dlsym(handle, DS_PLUGIN_ENTRY_NAME);
	cr_assert_not_null(entry);
	plugin = entry();
	cr_assert_eq(plugin->init(&test_host), DS_OK);
	cr_assert_eq(plugin->open(call, emu.line, &dev), DS_OK, "open: %s", failure);
}

/** Closes the module, unloads the plugin, stops the emulator. */
static void teardown(void)
{
	if (plugin && dev)
		plugin->close(dev);
	if (plugin)
		plugin->fini();
	if (handle)
		dlclose(handle);
	ds_test_helper_stop(&emu);
	ds_test_rmtree(ds_test_tmpdir());
}

/** The emulator's state file contains text (a JSON fragment, as json.dump writes it). */
static bool card_says(const char *text)
{
	char *json = ds_paths_read_file(state_path, NULL);
	bool found = json && strstr(json, text);

	free(json);
	return found;
}

/** The number after key in the emulator's state file (\"at_commands\": ...); 0 when absent. */
static unsigned long card_number(const char *key)
{
	char *json = ds_paths_read_file(state_path, NULL);
	const char *at = json ? strstr(json, key) : NULL;
	unsigned long n = at ? strtoul(at + strlen(key), NULL, 10) : 0;

	free(json);
	return n;
}

TestSuite(atmodem_esim_ops, .init = setup, .fini = teardown, .timeout = 60);

Test(atmodem_esim_ops, info_says_there_is_no_fallback)
{
	ds_device_info di;
	ds_esim_info info;

	memset(&di, 0, sizeof di);
	cr_assert_eq(plugin->device_info(call, dev, &di), DS_OK);
	cr_expect(di.features & DS_FEATURE_ESIM, "a module with an eUICC has the eSIM feature");
	cr_assert_eq(plugin->esim_info(call, dev, &info), DS_OK, "%s", failure);
	cr_expect_str_eq(info.eid, "89049032123451234512345678901235");
	cr_expect_str_eq(info.default_smdp, "smdp.example.com");
	cr_expect_str_eq(info.root_smds, "lpa.ds.gsma.com");
	cr_expect(info.single_enabled);
	cr_expect_not_null(strstr(info.detail, "does not switch to the backup by itself"), "%s", info.detail);
}

Test(atmodem_esim_ops, profiles_and_the_backup_mark)
{
	ds_esim_profile p[3];

	cr_assert_eq(plugin->esim_profile(call, dev, 0, &p[0]), DS_OK, "%s", failure);
	cr_assert_eq(plugin->esim_profile(call, dev, 1, &p[1]), DS_OK);
	cr_expect_eq(plugin->esim_profile(call, dev, 2, &p[2]), DS_ERR_NOT_FOUND);
	cr_expect_str_eq(p[0].iccid, TELEKOM);
	cr_expect(p[0].enabled);
	cr_expect_eq(p[0].role, DS_ROLE_PRIMARY);
	cr_expect_str_eq(p[0].operator_name, "Telekom");
	cr_expect_str_eq(p[0].profile_name, "Telekom IoT");
	cr_expect_str_eq(p[0].mcc, "262");
	cr_expect_str_eq(p[0].mnc, "01");
	cr_expect_eq(p[0].profile_class, DS_PROFILE_CLASS_OPERATIONAL);
	cr_expect_str_eq(p[1].iccid, VODAFONE);
	cr_expect_eq(p[1].role, DS_ROLE_NONE, "the nickname \"backup\" is no mark");
	/* the backup: marked on the card, read back as the role; the nickname shown without the mark */
	cr_assert_eq(plugin->esim_set_backup(call, dev, VODAFONE), DS_OK, "%s", failure);
	cr_expect(card_says("\"nickname\": \"backup [backup]\""));
	cr_assert_eq(plugin->esim_profile(call, dev, 0, &p[0]), DS_OK);
	cr_assert_eq(plugin->esim_profile(call, dev, 1, &p[1]), DS_OK);
	cr_expect_eq(p[1].role, DS_ROLE_BACKUP);
	cr_expect_str_eq(p[1].nickname, "backup");
	/* the profile in use cannot be the backup */
	cr_expect_eq(plugin->esim_set_backup(call, dev, TELEKOM), DS_ERR_INVALID);
	cr_expect_not_null(strstr(failure, "choose another profile"), "%s", failure);
	/* a new nickname keeps the mark */
	cr_assert_eq(plugin->esim_nickname(call, dev, VODAFONE, "Roof"), DS_OK, "%s", failure);
	cr_expect(card_says("\"nickname\": \"Roof [backup]\""));
	cr_assert_eq(plugin->esim_nickname(call, dev, TELEKOM, "Main"), DS_OK, "%s", failure);
	cr_expect(card_says("\"nickname\": \"Main\""));
	cr_expect_eq(plugin->esim_nickname(call, dev, "8949000000000000000", "x"), DS_ERR_NOT_FOUND);
}

Test(atmodem_esim_ops, delete_refuses_the_enabled_profile_and_deletes_a_disabled_one)
{
	ds_esim_notification n;
	size_t count = 0;

	cr_expect_eq(plugin->esim_delete(call, dev, TELEKOM), DS_ERR_INVALID);
	cr_expect_not_null(strstr(failure, "enable another profile first"), "%s", failure);
	cr_expect(card_says(TELEKOM));
	cr_assert_eq(plugin->esim_delete(call, dev, VODAFONE), DS_OK, "%s", failure);
	cr_expect_not(card_says(VODAFONE "\", \"isdp_aid\""), "the card still lists the deleted profile");
	cr_expect_eq(plugin->esim_delete(call, dev, VODAFONE), DS_ERR_NOT_FOUND);
	/* the deletion left a notification for the operator */
	while (plugin->esim_notification(call, dev, count, &n) == DS_OK) {
		cr_expect_eq(n.event, DS_NOTIFY_DELETE);
		cr_expect_str_eq(n.iccid, VODAFONE);
		cr_expect_str_eq(n.address, "smdp.example.com");
		count++;
	}
	cr_expect_eq(count, 1u);
}

Test(atmodem_esim_ops, primary_switch_then_disable)
{
	ds_cellular_status cs;

	cr_assert_eq(plugin->esim_set_primary(call, dev, VODAFONE), DS_OK, "%s", failure);
	cr_expect(card_says("\"enabled\": \"" VODAFONE "\""));
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(plugin->cellular_status(call, dev, &cs), DS_OK, "%s", failure);
	cr_expect_str_eq(cs.iccid, VODAFONE, "cellular_status reports the ICCID in use");
	cr_expect_str_eq(cs.operator_code, "23415");
	cr_expect_eq(plugin->esim_disable(call, dev, TELEKOM), DS_ERR_INVALID, "not enabled");
	cr_assert_eq(plugin->esim_disable(call, dev, VODAFONE), DS_OK, "%s", failure);
	cr_expect(card_says("\"enabled\": null"));
}

Test(atmodem_esim_ops, the_status_after_the_list_is_not_read_twice)
{
	ds_esim_profile p;
	ds_cellular_status cs;
	unsigned long after_list, after_status;

	cr_assert_eq(plugin->esim_profile(call, dev, 0, &p), DS_OK, "%s", failure);
	cr_assert(p.enabled, "the built-in card's first profile is the enabled one");
	cr_assert_eq(plugin->esim_profile(call, dev, 1, &p), DS_OK, "%s", failure);
	after_list = card_number("\"at_commands\": ");
	cr_assert_gt(after_list, 0);
	/* the host asks for the status right after the list: the list's answer serves */
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(plugin->cellular_status(call, dev, &cs), DS_OK, "%s", failure);
	cr_expect_eq(card_number("\"at_commands\": "), after_list, "the status was read again right after the list");
	cr_expect_str_eq(cs.iccid, TELEKOM);
	cr_expect_str_eq(cs.operator_code, "26201");
	cr_expect_eq(cs.registration, DS_REG_HOME);
	/* once only: the next question is asked of the module */
	memset(&cs, 0, sizeof cs);
	cr_assert_eq(plugin->cellular_status(call, dev, &cs), DS_OK, "%s", failure);
	after_status = card_number("\"at_commands\": ");
	cr_expect_gt(after_status, after_list, "a second status was not read from the module");
	cr_expect_str_eq(cs.operator_code, "26201");
	/* a command in between (a list without the status) makes the kept one stale */
	cr_assert_eq(plugin->esim_profile(call, dev, 0, &p), DS_OK, "%s", failure);
	cr_assert_eq(plugin->esim_nickname(call, dev, VODAFONE, "Spare"), DS_OK, "%s", failure);
	after_list = card_number("\"at_commands\": ");
	cr_assert_eq(plugin->cellular_status(call, dev, &cs), DS_OK, "%s", failure);
	cr_expect_gt(card_number("\"at_commands\": "), after_list, "a status older than a command was reused");
}
