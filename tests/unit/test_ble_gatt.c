/* The host's Bluetooth LE service (ds_host.ble) against python3-dbusmock's
 * BlueZ on a private dbus-daemon (tests/ble/gatt_mock.sh), with a device
 * laid out as ESP-IDF provisioning does: characteristics named by 0x2901
 * user descriptions that BlueZ has mostly not cached; first called directly,
 * then by a plugin in its runner process (tests/fixtures/transport.c, whose
 * BLE calls doorstep serves). Each test starts a mock of its own (a mock
 * method that never answers keeps the mock busy). */
#include <criterion/criterion.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ble/ble_host.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/base/wait.h"
#include "app/core/devices.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_loader.h"
#include "tests/support/test_support.h"

#define ESP_ADDRESS "AA:00:00:00:00:20"

static char tmpdir[4096];
static char mock_dir[512];
static int mock_pids[2];
static ds_jobs *jobs;
static const ds_host_ble *ble;
static ds_plugin_set *set;

/** Starts the mock with these bluez_ctl.py esp options. */
static void mock_start(const char *options)
{
	char cmd[1024], line[1024], address[512];
	FILE *p;

	snprintf(cmd, sizeof cmd, "bash %s/tests/ble/gatt_mock.sh start %s", getenv("DOORSTEP_SOURCE_DIR"), options);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_not_null(fgets(line, sizeof line, p), "the mock did not start");
	cr_assert_eq(pclose(p), 0, "the mock did not start");
	cr_assert_eq(sscanf(line, "%511s %d %d %511s", address, &mock_pids[0], &mock_pids[1], mock_dir), 4, "%s", line);
	setenv("DBUS_SYSTEM_BUS_ADDRESS", address, 1);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s", ds_test_english_with_log());
	ble = ds_ble_host_services();
	jobs = ds_jobs_new(1);
	cr_assert_not_null(jobs);
}

/** True while pid runs (a zombie, which no one here may reap, has ended). */
static bool running(int pid)
{
	char path[64], stat[512];
	const char *paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(stat, 1, sizeof stat - 1, f);
	fclose(f);
	stat[n] = '\0';
	paren = strrchr(stat, ')');
	return paren && paren[1] == ' ' && paren[2] != 'Z';
}

/** Ends a process the mock script started (not our child: polls until gone). */
static void end_process(int pid)
{
	if (pid <= 0 || kill(pid, SIGTERM) != 0)
		return;
	for (int i = 0; i < 25 && running(pid); i++)
		usleep(20000);
	if (running(pid) && kill(pid, SIGKILL) == 0) /* a mock asleep in a method that never answers */
		for (int i = 0; i < 100 && running(pid); i++)
			usleep(20000);
}

static void teardown(void)
{
	if (jobs)
		ds_jobs_free(jobs);
	if (set)
		ds_plugins_free(set);
	set = NULL;
	end_process(mock_pids[1]);
	end_process(mock_pids[0]);
	mock_pids[0] = mock_pids[1] = 0;
	if (mock_dir[0])
		ds_test_rmtree(mock_dir);
	mock_dir[0] = '\0';
	ds_log_close();
	ds_test_rmtree(tmpdir);
}

TestSuite(ble_gatt, .init = setup, .fini = teardown, .timeout = 60);

/** What one job does and what it gave. */
struct ctx {
	const char *address;
	unsigned timeout_ms;
	ds_ble_link *link;
	char uuid[37];           /**< the characteristic to read or write */
	uint8_t data[1024];      /**< to write; what was read */
	size_t len;              /**< bytes to write; bytes read */
	size_t size;             /**< the read buffer's size */
	bool progress_countdown; /**< a progress event counted seconds down */
};

static ds_status connect_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;

	return ble->connect(job, c->address, c->timeout_ms, &c->link);
}

static ds_status read_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;

	return ble->read(job, c->link, c->uuid, c->data, c->size ? c->size : sizeof c->data, &c->len, c->timeout_ms);
}

static ds_status write_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;

	return ble->write(job, c->link, c->uuid, c->data, c->len, true, c->timeout_ms);
}

/** Remembers whether a progress message counted seconds down. */
static void on_event(const ds_event *ev, void *arg)
{
	struct ctx *c = arg;

	if (ev->type == DS_EVENT_PROGRESS && strstr(ev->message, " s left"))
		c->progress_countdown = true;
}

static ds_status run(ds_job_fn fn, struct ctx *c, char *message, size_t size)
{
	return ds_jobs_run(jobs, fn, c, on_event, c, message, size);
}

/** Connects c to the ESP-like device; asserts it worked. */
static void connect_esp(struct ctx *c)
{
	char message[512];

	c->address = ESP_ADDRESS;
	c->timeout_ms = 5000;
	cr_assert_eq(run(connect_job, c, message, sizeof message), DS_OK, "%s", message);
	cr_assert_not_null(c->link);
}

/** Finds the characteristic whose user description is description, as a
 *  plugin does (gatt_char in a loop); its UUID into c->uuid. DS_ERR_NOT_FOUND
 *  when there is none. */
static ds_status find(struct ctx *c, const char *description)
{
	ds_gatt_char g;

	for (size_t i = 0; ble->gatt_char(NULL, c->link, i, &g) == DS_OK; i++)
		if (strcmp(g.description, description) == 0) {
			snprintf(c->uuid, sizeof c->uuid, "%s", g.uuid);
			return DS_OK;
		}
	return DS_ERR_NOT_FOUND;
}

/** The description of the characteristic with this UUID, or NULL. */
static const char *description_of(struct ctx *c, const char *uuid, ds_gatt_char *g)
{
	for (size_t i = 0; ble->gatt_char(NULL, c->link, i, g) == DS_OK; i++)
		if (strcmp(g->uuid, uuid) == 0)
			return g->description;
	return NULL;
}

/** Cancels job id after 300 ms and waits for its end; asserts it ended
 *  cancelled and returns how long that took (ms). */
static uint64_t cancel_after_300_ms(uint64_t id)
{
	bool done = false;
	uint64_t t0;
	ds_event ev;

	cr_assert_gt(id, 0);
	usleep(300000);
	t0 = ds_now_ms();
	ds_jobs_cancel(jobs, id);
	while (!done && ds_jobs_wait_event(jobs, &ev, 5000))
		if (ev.job_id == id && ev.type == DS_EVENT_DONE) {
			done = true;
			cr_expect_eq(ev.status, DS_ERR_CANCELLED);
		}
	cr_assert(done, "the cancelled call did not end");
	return ds_now_ms() - t0;
}

/** True when the mock's log holds text. */
static bool mock_log_has(const char *text)
{
	char path[600], line[4096];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof path, "%s/mock.log", mock_dir);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

Test(ble_gatt, characteristics_are_found_by_their_user_description)
{
	struct ctx c = { 0 };
	ds_gatt_char g;

	mock_start("");
	connect_esp(&c);
	/* cached by BlueZ, and read with ReadValue */
	cr_assert_eq(find(&c, "proto-ver"), DS_OK);
	cr_expect_str_eq(c.uuid, "021aff21-0382-4aea-bff4-6b3f1c5adfb4");
	cr_assert_eq(find(&c, "prov-session"), DS_OK);
	cr_expect_str_eq(c.uuid, "021aff23-0382-4aea-bff4-6b3f1c5adfb4");
	cr_expect(mock_log_has("ReadValue"), "the uncached descriptions were not read");
	cr_assert_eq(find(&c, "prov-config"), DS_OK);
	cr_expect_eq(find(&c, "prov-nothing"), DS_ERR_NOT_FOUND);
	/* the description the device refuses to give, and none at all */
	cr_expect_eq(find(&c, "prov-ctrl"), DS_ERR_NOT_FOUND);
	cr_assert_not_null(description_of(&c, "021aff29-0382-4aea-bff4-6b3f1c5adfb4", &g));
	cr_expect_str_eq(g.description, "");
	cr_assert_not_null(description_of(&c, "021aff2d-0382-4aea-bff4-6b3f1c5adfb4", &g));
	cr_expect_str_eq(g.description, "");
	cr_expect_str_eq(g.service_uuid, "021a9004-0382-4aea-bff4-6b3f1c5adfb4");
	/* device text never comes as itself: the escape is a visible stand-in */
	cr_assert_not_null(description_of(&c, "021aff2b-0382-4aea-bff4-6b3f1c5adfb4", &g));
	cr_expect_str_eq(g.description, "custom^[[31m-data");
	ble->disconnect(c.link);
}

Test(ble_gatt, write_then_read_round_trip)
{
	struct ctx c = { 0 };
	char message[512];

	mock_start("");
	connect_esp(&c);
	cr_assert_eq(find(&c, "prov-session"), DS_OK);
	memcpy(c.data, "\x08\x01\x52\x00", 4);
	c.len = 4;
	c.timeout_ms = 3000;
	cr_assert_eq(run(write_job, &c, message, sizeof message), DS_OK, "%s", message);
	memset(c.data, 0, sizeof c.data);
	cr_assert_eq(run(read_job, &c, message, sizeof message), DS_OK, "%s", message);
	cr_expect_eq(c.len, 4);
	cr_expect_eq(memcmp(c.data, "\x08\x01\x52\x00", 4), 0);
	/* a write with response, as provisioning needs */
	cr_expect(mock_log_has("'type': 'request'") || mock_log_has("\"type\": \"request\""),
		  "the write was not a write request");
	ble->disconnect(c.link);
	cr_expect(mock_log_has("Disconnect"), "no Disconnect");
}

Test(ble_gatt, values_up_to_512_bytes_and_no_longer)
{
	struct ctx c = { 0 };
	char message[512];

	mock_start("");
	connect_esp(&c);
	cr_assert_eq(find(&c, "proto-ver"), DS_OK);
	c.timeout_ms = 3000;
	for (size_t i = 0; i < 513; i++)
		c.data[i] = (uint8_t)i;
	c.len = 513;
	cr_expect_eq(run(write_job, &c, message, sizeof message), DS_ERR_INVALID);
	cr_expect(strstr(message, "512"), "message: %s", message);
	cr_expect(!mock_log_has("WriteValue"), "a 513-byte value reached BlueZ");
	c.len = 512;
	cr_assert_eq(run(write_job, &c, message, sizeof message), DS_OK, "%s", message);
	memset(c.data, 0, sizeof c.data);
	cr_assert_eq(run(read_job, &c, message, sizeof message), DS_OK, "%s", message);
	cr_expect_eq(c.len, 512);
	cr_expect_eq(c.data[511], (uint8_t)511);
	/* an answer longer than the plugin's buffer is refused, not cut */
	c.size = 16;
	cr_expect_eq(run(read_job, &c, message, sizeof message), DS_ERR_DEVICE);
	cr_expect(strstr(message, "512 bytes, more than the 16 expected"), "message: %s", message);
	ble->disconnect(c.link);
}

Test(ble_gatt, a_device_that_never_answers_times_out)
{
	struct ctx c = { 0 };
	char message[512];
	uint64_t t0;

	mock_start("");
	connect_esp(&c);
	cr_assert_eq(find(&c, "prov-config"), DS_OK);
	c.timeout_ms = 700;
	c.len = 1;
	t0 = ds_now_ms();
	cr_expect_eq(run(write_job, &c, message, sizeof message), DS_ERR_TIMEOUT);
	cr_expect_lt(ds_now_ms() - t0, 1500, "the timeout took %llu ms", (unsigned long long)(ds_now_ms() - t0));
	cr_expect(strstr(message, "did not answer while writing a value"), "message: %s", message);
	ble->disconnect(c.link);
}

Test(ble_gatt, cancel_ends_a_read_within_100_ms)
{
	struct ctx c = { 0 };
	uint64_t took;

	mock_start("");
	connect_esp(&c);
	cr_assert_eq(find(&c, "prov-config"), DS_OK);
	c.timeout_ms = 10000;
	took = cancel_after_300_ms(ds_jobs_submit(jobs, read_job, &c));
	/* the wait checks every 100 ms; a little more for the job's event */
	cr_expect_lt(took, 150, "cancelling took %llu ms", (unsigned long long)took);
	ble->disconnect(c.link);
}

Test(ble_gatt, a_device_that_goes_away_mid_call)
{
	struct ctx c = { 0 };
	char message[512];

	mock_start("");
	connect_esp(&c);
	cr_assert_eq(find(&c, "prov-scan"), DS_OK);
	c.timeout_ms = 3000;
	c.len = 2;
	cr_expect_eq(run(write_job, &c, message, sizeof message), DS_ERR_NOT_FOUND);
	cr_expect(strstr(message, "went away"), "message: %s", message);
	/* later calls say the same at once */
	cr_assert_eq(find(&c, "proto-ver"), DS_OK);
	cr_expect_eq(run(read_job, &c, message, sizeof message), DS_ERR_NOT_FOUND);
	ble->disconnect(c.link);
	ble->disconnect(NULL);
}

Test(ble_gatt, a_device_bluez_has_not_seen)
{
	struct ctx c = { .address = "AA:00:00:00:00:99", .timeout_ms = 2000 };
	char message[512];

	mock_start("");
	cr_expect_eq(run(connect_job, &c, message, sizeof message), DS_ERR_NOT_FOUND);
	/* it looked for it first: half the call's time */
	cr_expect(strstr(message, "did not find the device AA:00:00:00:00:99 within 1 second."), "message: %s", message);
	cr_expect(strstr(message, "powered") && strstr(message, "within a few metres") && strstr(message, "advertises"),
		  "message: %s", message);
	cr_expect(c.progress_countdown, "no countdown while looking for it");
	cr_expect_null(c.link);
	/* anything else is taken as an advertised name, which no device has here */
	c.address = "AA:00:00:00:00";
	cr_expect_eq(run(connect_job, &c, message, sizeof message), DS_ERR_NOT_FOUND);
	cr_expect(strstr(message, "did not find the device AA:00:00:00:00"), "message: %s", message);
	c.address = "PROV_\x1b[31m";
	cr_expect_eq(run(connect_job, &c, message, sizeof message), DS_ERR_INVALID);
	c.address = "";
	cr_expect_eq(run(connect_job, &c, message, sizeof message), DS_ERR_INVALID);
}

/** Runs bluez_ctl.py with args against the running mock; its first line of output into out. */
static void bluez_ctl(const char *args, char *out, size_t size)
{
	char cmd[1024];
	FILE *p;

	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/ble/bluez_ctl.py %s", getenv("DOORSTEP_SOURCE_DIR"), args);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	if (!out || !fgets(out, (int)size, p)) {
		if (out && size)
			out[0] = '\0';
	}
	cr_assert_eq(pclose(p), 0, "bluez_ctl.py %s failed", args);
}

Test(ble_gatt, a_device_bluez_has_not_seen_is_found_by_a_short_discovery)
{
	struct ctx c = { .address = "AA:00:00:00:00:30", .timeout_ms = 6000 };
	char message[512], discovering[16];
	uint64_t t0;

	mock_start("");
	bluez_ctl("late hci0 AA:00:00:00:00:30 PROV_LATE", NULL, 0); /* found 500 ms into discovery */
	t0 = ds_now_ms();
	cr_assert_eq(run(connect_job, &c, message, sizeof message), DS_OK, "%s", message);
	cr_expect_geq(ds_now_ms() - t0, 500, "connected after %llu ms", (unsigned long long)(ds_now_ms() - t0));
	cr_expect(c.progress_countdown, "no countdown while looking for it");
	bluez_ctl("discovering hci0", discovering, sizeof discovering);
	cr_expect_str_eq(discovering, "off\n", "discovery was left running");
	ble->disconnect(c.link);
	c.link = NULL;
	/* by its advertised name too, once known: no discovery needed */
	c.address = "PROV_LATE";
	cr_assert_eq(run(connect_job, &c, message, sizeof message), DS_OK, "%s", message);
	ble->disconnect(c.link);
}

Test(ble_gatt, looking_for_an_unseen_device_is_cancelled_and_discovery_stops)
{
	struct ctx c = { .address = "AA:00:00:00:00:31", .timeout_ms = 10000 };
	char discovering[16];
	uint64_t took;

	mock_start("");
	took = cancel_after_300_ms(ds_jobs_submit(jobs, connect_job, &c));
	cr_expect_lt(took, 400, "cancelling took %llu ms", (unsigned long long)took);
	cr_expect_null(c.link);
	bluez_ctl("discovering hci0", discovering, sizeof discovering);
	cr_expect_str_eq(discovering, "off\n", "discovery was left running");
}

Test(ble_gatt, connect_by_advertised_name)
{
	struct ctx c = { .address = "PROV_0A1B2C", .timeout_ms = 5000 };
	char message[512];

	mock_start("");
	cr_assert_eq(run(connect_job, &c, message, sizeof message), DS_OK, "%s", message);
	cr_assert_not_null(c.link);
	cr_expect_eq(find(&c, "proto-ver"), DS_OK);
	ble->disconnect(c.link);
	c.link = NULL;
	c.address = "PROV_0A1B2";
	cr_expect_eq(run(connect_job, &c, message, sizeof message), DS_ERR_NOT_FOUND);
	cr_expect(strstr(message, "did not find the device PROV_0A1B2"), "message: %s", message);
}

Test(ble_gatt, connect_waits_until_the_services_are_resolved)
{
	struct ctx c = { 0 };
	uint64_t t0;

	mock_start("--resolve-ms 700");
	t0 = ds_now_ms();
	connect_esp(&c);
	/* the GATT objects are there at once; only ServicesResolved says the table is whole */
	cr_expect_geq(ds_now_ms() - t0, 650, "connected after %llu ms", (unsigned long long)(ds_now_ms() - t0));
	cr_expect_eq(find(&c, "prov-session"), DS_OK);
	ble->disconnect(c.link);
}

Test(ble_gatt, services_that_never_resolve_time_out_with_a_countdown)
{
	struct ctx c = { .address = ESP_ADDRESS, .timeout_ms = 2500 };
	char message[512];
	uint64_t t0 = ds_now_ms();

	mock_start("--never-resolve");
	t0 = ds_now_ms();
	cr_expect_eq(run(connect_job, &c, message, sizeof message), DS_ERR_TIMEOUT);
	cr_expect_lt(ds_now_ms() - t0, 3500, "took %llu ms", (unsigned long long)(ds_now_ms() - t0));
	cr_expect(strstr(message, "did not answer while reading its services"), "message: %s", message);
	cr_expect(c.progress_countdown, "no countdown while waiting");
	cr_expect_null(c.link);
}

/** A device of the transport fixture, in its runner. */
struct fx {
	ds_loaded_plugin *lp;
	char locator[DS_LOCATOR_MAX];
	ds_device *dev;
	char answer[DS_TEXT_MAX];
};

static ds_status fx_open_job(ds_job *job, void *arg)
{
	struct fx *f = arg;
	ds_status st;

	DS_PLUGIN_CALL(f->lp, st = f->lp->desc.open(job, f->locator, &f->dev));
	return st;
}

static ds_status fx_ping_job(ds_job *job, void *arg)
{
	struct fx *f = arg;
	ds_status st;

	DS_PLUGIN_CALL(f->lp, st = f->lp->desc.handover_code(job, f->dev, f->answer, sizeof f->answer));
	return st;
}

static void fx_close(struct fx *f)
{
	if (f->dev)
		DS_PLUGIN_CALL(f->lp, f->lp->desc.close(f->dev));
	f->dev = NULL;
}

Test(ble_gatt, a_plugin_in_its_runner_finds_writes_and_reads)
{
	struct fx f = { .locator = "ble:" ESP_ADDRESS "/prov-session" };
	char message[512];

	mock_start("");
	f.lp = ds_test_load_fixture("transport", &set);
	cr_assert_not_null(f.lp);
	cr_assert_eq(ds_jobs_run(jobs, fx_open_job, &f, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	cr_assert_eq(ds_jobs_run(jobs, fx_ping_job, &f, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	cr_expect_str_eq(f.answer, "PING");
	fx_close(&f);
	snprintf(f.locator, sizeof f.locator, "ble:%s/prov-nothing", ESP_ADDRESS);
	cr_expect_eq(ds_jobs_run(jobs, fx_open_job, &f, NULL, NULL, message, sizeof message), DS_ERR_UNSUPPORTED);
	cr_expect(strstr(message, "no characteristic named prov-nothing"), "message: %s", message);
	snprintf(f.locator, sizeof f.locator, "ble:AA:00:00:00:00:98");
	cr_expect_eq(ds_jobs_run(jobs, fx_open_job, &f, NULL, NULL, message, sizeof message), DS_ERR_NOT_FOUND);
	cr_expect(strstr(message, "did not find the device AA:00:00:00:00:98"), "message: %s", message);
}

Test(ble_gatt, a_plugin_call_is_cancelled_through_the_runner)
{
	struct fx f = { .locator = "ble:" ESP_ADDRESS "/prov-config" };
	char message[512];
	uint64_t took;

	mock_start("");
	f.lp = ds_test_load_fixture("transport", &set);
	cr_assert_not_null(f.lp);
	cr_assert_eq(ds_jobs_run(jobs, fx_open_job, &f, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	took = cancel_after_300_ms(ds_jobs_submit(jobs, fx_ping_job, &f)); /* its write never answers */
	cr_expect_lt(took, 300, "cancelling took %llu ms", (unsigned long long)took);
	fx_close(&f);
}
