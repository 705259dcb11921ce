/* The signed AT-modem plugin, loaded through the real loader, end to end
 * against tests/modem/modem_emulator.py on a pseudo-terminal: discovery
 * through $DOORSTEP_SERIAL_PORTS and match_serial, identity, cellular
 * status, operator scan (and its cancellation), diagnostics, +CME ERROR,
 * a command that never answers, a port that never answers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "app/core/device_ops.h"
#include "app/base/paths.h"
#include "app/plugin/plugin_host.h"
#include "tests/support/helper_process.h"
#include "tests/support/test_support.h"

#define IMEI "356938035643809"
#define ICCID "89490200001234567890"

/** The emulators (a second one for two modems); both log to emu_log. */
static ds_test_helper emu, emu2;
static char emu_log[512];
static ds_plugin_set *plugins;
static ds_devices *devices;
static ds_jobs *jobs;
static char message[512];
static const char *tmp;

/** Starts an emulator e with extra options (NULL-terminated) and reads its port. */
static void emu_spawn(ds_test_helper *e, const char *const *opts)
{
	const char *args[16] = { "--log", emu_log };
	size_t n = 2;

	for (size_t i = 0; opts && opts[i] && n < 15; i++)
		args[n++] = opts[i];
	snprintf(emu_log, sizeof emu_log, "%s/modem.log", tmp);
	ds_test_helper_start(e, "tests/modem/modem_emulator.py", args);
	cr_assert_eq(strncmp(e->line, "/dev/", 5), 0, "port \"%s\"", e->line);
}

/** Starts the emulator; discovery asks a port that does not exist first
 *  (it must be skipped quietly), then the emulator's. */
static void emu_start(const char *const *opts)
{
	char ports[2 * sizeof emu.line + 32];

	emu_spawn(&emu, opts);
	snprintf(ports, sizeof ports, "/nonexistent/ttyX:%s", emu.line);
	setenv("DOORSTEP_SERIAL_PORTS", ports, 1);
}

/** Loads the signed atmodem plugin alone (through the real loader), so
 *  that discovery asks no other plugin. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	plugins = ds_test_load_built_alone(tmp, "atmodem");
	devices = ds_devices_new(plugins);
	jobs = ds_jobs_new(1);
}

/** Closes everything and stops the emulator. */
static void teardown(void)
{
	ds_devices_free(devices);
	ds_jobs_free(jobs);
	ds_plugins_free(plugins);
	ds_test_helper_stop(&emu);
	ds_test_helper_stop(&emu2);
	ds_test_rmtree(tmp);
}

/** Keeps the atmodem device among discovered items. */
static void on_item(const ds_event *ev, void *ctx)
{
	ds_site_device *found = ctx;

	if (ev->type == DS_EVENT_ITEM && ev->item) {
		const ds_site_device *d = ev->item;

		if (strcmp(d->plugin_id, "atmodem") == 0)
			*found = *d;
	}
}

/** Runs discovery; true when the modem was found (into *out). */
static bool discover(ds_site_device *out)
{
	ds_op_discover op = { .devices = devices };

	memset(out, 0, sizeof *out);
	cr_assert_eq(ds_jobs_run(jobs, ds_op_discover_job, &op, on_item, out, message, sizeof message), DS_OK,
		     "discovery: %s", message);
	return out->plugin_id[0] != '\0';
}

/** One plugin operation on the discovered modem, as a job. */
typedef struct modem_op {
	ds_site_device device;
	size_t index;
	ds_cellular_status status;
	ds_network network;
	ds_check check;
	int what;                  /**< 0 cellular_status, 1 operator_scan, 2 diagnose */
} modem_op;

/** Job: opens the modem through the device table and calls one operation. */
static ds_status modem_op_job(ds_job *job, void *arg)
{
	modem_op *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_devices_open(job, devices, op->device.plugin_id, op->device.locator, &lp, &dev);

	if (st != DS_OK)
		return st;
	if (op->what == 0)
		DS_PLUGIN_CALL(lp, st = lp->desc.cellular_status(job, dev, &op->status));
	else if (op->what == 1)
		DS_PLUGIN_CALL(lp, st = lp->desc.operator_scan(job, dev, op->index, &op->network));
	else
		DS_PLUGIN_CALL(lp, st = lp->desc.diagnose(job, dev, op->index, &op->check));
	return st;
}

/** Runs one operation; returns its status. */
static ds_status run_op(modem_op *op, int what, size_t index)
{
	op->what = what;
	op->index = index;
	memset(&op->status, 0, sizeof op->status);
	memset(&op->network, 0, sizeof op->network);
	memset(&op->check, 0, sizeof op->check);
	message[0] = '\0';
	return ds_jobs_run(jobs, modem_op_job, op, NULL, NULL, message, sizeof message);
}

/** True when the emulator's log has the command line. */
static bool emu_received(const char *command)
{
	char *log = ds_paths_read_file(emu_log, NULL);
	char line[128];
	bool found;

	snprintf(line, sizeof line, "%s\n", command);
	found = log && strstr(log, line);
	free(log);
	return found;
}

/** Checks the full read-out of a healthy LTE module. */
static void expect_healthy_module(void)
{
	modem_op op = { 0 };
	static const char *const ids[] = { "modem.answers", "modem.sim", "cellular.registration", "modem.data" };

	cr_assert(discover(&op.device), "the modem on %s was not found", emu.line);
	cr_expect_str_eq(op.device.serial, IMEI);
	cr_expect_str_eq(op.device.locator, emu.line);
	cr_expect_eq(op.device.kind, DS_KIND_MODEM);
	cr_expect_str_eq(op.device.vendor, "Quectel");
	cr_expect_str_eq(op.device.model, "EG25");

	cr_assert_eq(run_op(&op, 0, 0), DS_OK, "cellular_status: %s", message);
	cr_expect_eq(op.status.registration, DS_REG_HOME);
	cr_expect_eq(op.status.rat, DS_RAT_LTE);
	cr_expect_str_eq(op.status.operator_code, "26201");
	cr_expect_str_eq(op.status.operator_name, "Telekom.de");
	cr_expect_str_eq(op.status.iccid, ICCID);
	cr_expect_eq(op.status.rssi_dbm, -73);
	cr_expect_eq(op.status.rsrp_dbm, -61);
	cr_expect_eq(op.status.rsrq_db10, -100);
	cr_expect_eq(op.status.sinr_db10, INT32_MIN, "the module does not report SINR");
	cr_expect(emu_received("AT+COPS=3,2"), "the numeric operator format was not asked for");

	for (size_t i = 0; i < 4; i++) {
		cr_assert_eq(run_op(&op, 2, i), DS_OK, "diagnose %zu: %s", i, message);
		cr_expect_str_eq(op.check.id, ids[i]);
		cr_expect_eq(op.check.grade, DS_CHECK_PASS, "%s: %s", op.check.id, op.check.advice);
		cr_expect(op.check.title[0]);
	}
	cr_expect(emu_received("AT+CGATT?"), "the packet data attach was not asked for");
	cr_expect_eq(run_op(&op, 2, 4), DS_ERR_NOT_FOUND);
}

TestSuite(atmodem_emulator, .init = setup, .fini = teardown, .timeout = 120);

Test(atmodem_emulator, echo_on_with_urcs_mid_response)
{
	emu_start(NULL);
	expect_healthy_module();
}

Test(atmodem_emulator, echo_off_with_line_noise_and_vendor_forms)
{
	static const char *const opts[] = { "--no-echo", "--noise", "--variants", NULL };

	emu_start(opts);
	expect_healthy_module();
}

Test(atmodem_emulator, operator_scan_once_then_served_from_it)
{
	modem_op op = { 0 };

	emu_start(NULL);
	cr_assert(discover(&op.device));
	cr_assert_eq(run_op(&op, 1, 0), DS_OK, "scan: %s", message);
	cr_expect_str_eq(op.network.mcc, "262");
	cr_expect_str_eq(op.network.mnc, "01");
	cr_expect_str_eq(op.network.operator_name, "Telekom.de");
	cr_expect_eq(op.network.state, DS_NET_CURRENT);
	cr_expect_eq(op.network.rat, DS_RAT_LTE);
	cr_expect_eq(op.network.rssi_dbm, INT32_MIN);
	cr_assert_eq(run_op(&op, 1, 1), DS_OK);
	cr_expect_str_eq(op.network.mnc, "02");
	cr_expect_eq(op.network.state, DS_NET_AVAILABLE);
	cr_assert_eq(run_op(&op, 1, 2), DS_OK);
	cr_expect_eq(op.network.state, DS_NET_FORBIDDEN);
	cr_expect_eq(op.network.rat, DS_RAT_3G, "AcT 2 is UTRAN");
	cr_expect_eq(run_op(&op, 1, 3), DS_ERR_NOT_FOUND);
	/* Later indexes came from the one scan. */
	{
		char *log = ds_paths_read_file(emu_log, NULL);
		const char *first = log ? strstr(log, "AT+COPS=?\n") : NULL;

		cr_assert_not_null(first);
		cr_expect_null(strstr(first + 1, "AT+COPS=?\n"), "the scan ran more than once");
		free(log);
	}
	/* Searching again from the Devices step finds the module it has open. */
	cr_expect(discover(&op.device), "a second search lost the open module");
}

Test(atmodem_emulator, slow_scan_is_cancelled_promptly)
{
	static const char *const opts[] = { "--scan-seconds", "60", NULL };
	modem_op op = { 0 };
	struct timespec t0, t1;
	ds_event ev;
	uint64_t id;
	bool progressed = false, done = false;

	emu_start(opts);
	cr_assert(discover(&op.device));
	op.what = 1;
	id = ds_jobs_submit(jobs, modem_op_job, &op);
	cr_assert_gt(id, 0);
	while (!progressed && ds_jobs_wait_event(jobs, &ev, 10000))
		progressed = ev.job_id == id && ev.type == DS_EVENT_PROGRESS && strstr(ev.message, "s more");
	cr_assert(progressed, "the scan showed no countdown");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ds_jobs_cancel(jobs, id);
	while (!done && ds_jobs_wait_event(jobs, &ev, 5000)) {
		if (ev.job_id == id && ev.type == DS_EVENT_DONE) {
			done = true;
			cr_expect_eq(ev.status, DS_ERR_CANCELLED);
		}
		if (ev.item_free)
			ev.item_free(ev.item);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert(done, "the cancelled scan did not end");
	{
		long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;

		cr_log_info("the cancelled scan ended %ld ms after Esc", ms);
		cr_expect_lt(ms, 1000, "cancelling took %ld ms", ms);
	}
	/* The module was told to stop, and answers the next command. */
	cr_expect_eq(run_op(&op, 2, 0), DS_OK);
	cr_expect_eq(op.check.grade, DS_CHECK_PASS, "after the cancelled scan: %s", op.check.advice);
}

Test(atmodem_emulator, missing_sim_is_reported)
{
	static const char *const opts[] = { "--sim-missing", NULL };
	modem_op op = { 0 };

	emu_start(opts);
	cr_assert(discover(&op.device));
	cr_expect_str_eq(op.device.serial, IMEI, "the IMEI names the module even without a SIM");
	cr_assert_eq(run_op(&op, 0, 0), DS_OK, "cellular_status: %s", message);
	cr_expect_eq(op.status.registration, DS_REG_NOT_REGISTERED);
	cr_expect_str_eq(op.status.operator_code, "");
	cr_assert_eq(run_op(&op, 2, 1), DS_OK);
	cr_expect_str_eq(op.check.id, "modem.sim");
	cr_expect_eq(op.check.grade, DS_CHECK_FAIL);
	cr_expect(strstr(op.check.advice, "SIM"), "advice: %s", op.check.advice);
	cr_assert_eq(run_op(&op, 2, 2), DS_OK);
	cr_expect_eq(op.check.grade, DS_CHECK_FAIL);
	cr_assert_eq(run_op(&op, 2, 3), DS_OK);
	cr_expect_str_eq(op.check.id, "modem.data");
	cr_expect_eq(op.check.grade, DS_CHECK_FAIL, "no SIM, no mobile data");
	cr_expect(strstr(op.check.advice, "cloud"), "advice: %s", op.check.advice);
	cr_expect_eq(run_op(&op, 1, 0), DS_ERR_DEVICE, "a scan without SIM");
	cr_expect(strstr(message, "SIM"), "message: %s", message);
}

Test(atmodem_emulator, command_that_never_answers_times_out)
{
	static const char *const opts[] = { "--hang", "AT+CSQ", NULL };
	modem_op op = { 0 };

	emu_start(opts);
	cr_assert(discover(&op.device));
	cr_expect_eq(run_op(&op, 0, 0), DS_ERR_TIMEOUT);
	cr_expect(strstr(message, "AT+CSQ"), "message: %s", message);
	cr_expect_eq(run_op(&op, 2, 0), DS_OK);
	cr_expect_eq(op.check.grade, DS_CHECK_PASS, "the module answers other commands");
}

Test(atmodem_emulator, silent_port_is_not_claimed)
{
	static const char *const opts[] = { "--silent", NULL };
	ds_site_device found;

	emu_start(opts);
	cr_expect_not(discover(&found), "a port that never answers AT was claimed");
	cr_expect(emu_received("AT"), "the port was not probed");
}

Test(atmodem_emulator, busy_port_is_explained)
{
	ds_op_discover op = { .devices = devices };
	ds_site_device found = { 0 };
	int fd;

	emu_start(NULL);
	fd = open(emu.line, O_RDWR | O_NOCTTY | O_CLOEXEC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	cr_expect_eq(ds_jobs_run(jobs, ds_op_discover_job, &op, on_item, &found, message, sizeof message),
		     DS_ERR_BUSY, "discovery: %s", message);
	cr_expect(strstr(message, "Another program is using") && strstr(message, emu.line), "message: %s", message);
	cr_expect_str_eq(found.plugin_id, "", "a busy port gave a device");
	close(fd);
	cr_expect(discover(&found), "the port, once free, was not found");
}

Test(atmodem_emulator, unplugged_module_is_reported)
{
	modem_op op = { 0 };

	emu_start(NULL);
	cr_assert(discover(&op.device));
	/* The emulator ends: its pseudo-terminal hangs up, as a pulled USB cable does. */
	ds_test_helper_stop(&emu);
	cr_expect_eq(run_op(&op, 0, 0), DS_ERR_IO);
	cr_expect(strstr(message, "was lost") && strstr(message, "USB cable"), "message: %s", message);
}

/** Counts the atmodem devices posted by a discovery. */
static void count_items(const ds_event *ev, void *ctx)
{
	size_t *n = ctx;

	if (ev->type == DS_EVENT_ITEM && ev->item && strcmp(((const ds_site_device *)ev->item)->plugin_id, "atmodem") == 0)
		(*n)++;
}

Test(atmodem_emulator, module_on_two_ports_is_one_device)
{
	ds_op_discover op = { .devices = devices };
	char ports[2 * sizeof emu.line + 32];
	size_t n = 0;

	emu_spawn(&emu, NULL);
	emu_spawn(&emu2, NULL);
	snprintf(ports, sizeof ports, "%s:%s", emu.line, emu2.line);
	setenv("DOORSTEP_SERIAL_PORTS", ports, 1);
	cr_assert_eq(ds_jobs_run(jobs, ds_op_discover_job, &op, count_items, &n, message, sizeof message), DS_OK,
		     "discovery: %s", message);
	cr_expect_eq(n, 1, "one module (one IMEI) answering on two ports was listed %zu times", n);
}
