/* Download by activation code end to end: the signed AT-modem plugin,
 * loaded through the real loader, relays between the test SM-DP+
 * (tests/modem/smdp_server.py, HTTPS on 127.0.0.1 with a CA made at run
 * time) and the virtual eUICC of tests/modem/modem_emulator.py on a
 * pseudo-terminal (tests/modem/euicc_download.py). Cases: the right code
 * (the profile appears disabled, its install notification is sent and
 * removed), a confirmation code that is wrong then right, an SM-DP+ that
 * answers an error (the session is cancelled on both sides), the person's
 * cancel while the SM-DP+ checks the eSIM (the eSIM's session ended), a module
 * that stops answering in the middle of the package (a clear message in
 * bounded time, the state read back). */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/base/paths.h"
#include "app/core/device_ops.h"
#include "app/core/esim_ops.h"
#include "app/plugin/plugin_host.h"
#include "tests/support/helper_process.h"
#include "tests/support/test_support.h"

#define MATCHING_ID "DOORSTEP-TEST-0001"
#define NEW_ICCID "8988247000001234567"

/** The emulator and the SM-DP+. */
static ds_test_helper emu, smdp;
static ds_plugin_set *plugins;
static ds_devices *devices;
static ds_jobs *jobs;
static char message[512];
static const char *tmp;
static char log_path[600], state_path[600], events_path[600];
static int smdp_port;

/** Starts the SM-DP+ with extra options (NULL-terminated); its CA is the
 *  file setup() named in DOORSTEP_HTTP_CA_FILE. */
static void smdp_start(const char *const *opts)
{
	const char *args[24] = { "--dir", tmp, "--events", events_path };
	size_t n = 4;
	char ca[600];

	for (size_t i = 0; opts && opts[i] && n < 23; i++)
		args[n++] = opts[i];
	ds_test_helper_start(&smdp, "tests/modem/smdp_server.py", args);
	cr_assert_eq(sscanf(smdp.line, "%d %599s", &smdp_port, ca), 2, "SM-DP+ said \"%s\"", smdp.line);
	cr_assert_str_eq(ca, getenv("DOORSTEP_HTTP_CA_FILE"));
}

/** Starts the emulator with an eUICC and extra options (NULL-terminated). */
static void emu_start(const char *const *opts)
{
	const char *args[24] = { "--euicc", "--log", log_path, "--state", state_path };
	size_t n = 5;

	for (size_t i = 0; opts && opts[i] && n < 23; i++)
		args[n++] = opts[i];
	ds_test_helper_start(&emu, "tests/modem/modem_emulator.py", args);
	cr_assert_eq(strncmp(emu.line, "/dev/", 5), 0, "port \"%s\"", emu.line);
	setenv("DOORSTEP_SERIAL_PORTS", emu.line, 1);
}

/** Loads the signed atmodem plugin alone. */
static void setup(void)
{
	char dir[4096];

	tmp = ds_test_tmpdir();
	snprintf(log_path, sizeof log_path, "%s/modem.log", tmp);
	snprintf(state_path, sizeof state_path, "%s/modem.json", tmp);
	snprintf(events_path, sizeof events_path, "%s/smdp.jsonl", tmp);
	/* before the plugins load: their runner process inherits the environment then */
	snprintf(dir, sizeof dir, "%s/smdp-ca.pem", tmp);
	setenv("DOORSTEP_HTTP_CA_FILE", dir, 1);
	plugins = ds_test_load_built_alone(tmp, "atmodem");
	devices = ds_devices_new(plugins);
	jobs = ds_jobs_new(1);
}

/** Closes everything and stops the helpers. */
static void teardown(void)
{
	ds_devices_free(devices);
	ds_jobs_free(jobs);
	ds_plugins_free(plugins);
	ds_test_helper_stop(&emu);
	ds_test_helper_stop(&smdp);
	unsetenv("DOORSTEP_HTTP_CA_FILE");
	ds_test_rmtree(tmp);
}

/** Keeps the atmodem device among discovered items. */
static void on_item(const ds_event *ev, void *ctx)
{
	ds_site_device *found = ctx;

	if (ev->type == DS_EVENT_ITEM && ev->item && strcmp(((const ds_site_device *)ev->item)->plugin_id, "atmodem") == 0)
		*found = *(const ds_site_device *)ev->item;
}

/** Discovers the module. */
static ds_site_device discover(void)
{
	ds_op_discover op = { .devices = devices };
	ds_site_device found;

	memset(&found, 0, sizeof found);
	cr_assert_eq(ds_jobs_run(jobs, ds_op_discover_job, &op, on_item, &found, message, sizeof message), DS_OK,
		     "discovery: %s", message);
	cr_assert(found.plugin_id[0], "the module on %s was not found", emu.line);
	return found;
}

/** Downloads with the activation code for this SM-DP+ (suffix: "" or the
 *  fields after the Matching ID) and a confirmation code or NULL. */
static ds_status download(const ds_site_device *dev, const char *matching_id, const char *suffix, const char *cc,
			  bool *needs_confirmation)
{
	char code[256];
	ds_op_esim_download op = { .devices = devices, .device = *dev, .activation_code = code, .confirmation_code = cc };
	ds_status st;

	snprintf(code, sizeof code, "LPA:1$127.0.0.1:%d$%s%s", smdp_port, matching_id, suffix);
	message[0] = '\0';
	st = ds_jobs_run(jobs, ds_op_esim_download_job, &op, NULL, NULL, message, sizeof message);
	if (needs_confirmation)
		*needs_confirmation = op.needs_confirmation;
	return st;
}

/** Job: the device's esim_notifications_send. */
static ds_status notifications_job(ds_job *job, void *arg)
{
	ds_site_device *d = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_devices_open(job, devices, d->plugin_id, d->locator, &lp, &dev);

	if (st != DS_OK)
		return st;
	if (!lp->desc.esim_notifications_send)
		return DS_ERR_UNSUPPORTED; /* a host that does not relay the operation yet */
	DS_PLUGIN_CALL(lp, st = lp->desc.esim_notifications_send(job, dev));
	return st;
}

/** The card's state from the emulator's --state file (free with cJSON_Delete). */
static cJSON *card_state(void)
{
	char *text = ds_paths_read_file(state_path, NULL);
	cJSON *root, *card;

	cr_assert_not_null(text);
	root = cJSON_Parse(text);
	free(text);
	card = cJSON_DetachItemFromObjectCaseSensitive(root, "card");
	cJSON_Delete(root);
	cr_assert_not_null(card);
	return card;
}

/** The number of logical channels the card has open, as the emulator
 *  saves it; the emulator writes its state file just after it answered, so
 *  a count that is not want yet is read again for up to 2 s. */
static int open_channels(int want)
{
	int n = -1;

	for (int i = 0; i < 40 && n != want; i++) {
		cJSON *card = card_state();

		n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(card, "channels"));
		cJSON_Delete(card);
		if (n != want)
			usleep(50000);
	}
	return n;
}

/** The state ("enabled", "disabled") of profile iccid on the card, or NULL when it is not there. */
static const char *profile_state(cJSON *card, const char *iccid)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(card, "profiles"))
	{
		if (strcmp(cJSON_GetObjectItemCaseSensitive(p, "iccid")->valuestring, iccid) == 0)
			return cJSON_GetObjectItemCaseSensitive(p, "state")->valuestring;
	}
	return NULL;
}

/** How many of the card's notifications have event. */
static int notifications(cJSON *card, const char *event)
{
	const cJSON *n;
	int count = 0;

	cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(card, "notifications"))
	{
		count += strcmp(cJSON_GetObjectItemCaseSensitive(n, "event")->valuestring, event) == 0;
	}
	return count;
}

/** The number of notifications of event (NULL: all) on the card, read
 *  again for up to 2 s until it is want: the emulator saves its state just
 *  after its last answer. */
static int notifications_settled(const char *event, int want)
{
	int n = -1;

	for (int i = 0; i < 40 && n != want; i++) {
		cJSON *card = card_state();

		n = event ? notifications(card, event)
			  : cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(card, "notifications"));
		cJSON_Delete(card);
		if (n != want)
			usleep(50000);
	}
	return n;
}

/** True when the SM-DP+'s events file has a line containing every part (NULL-terminated). */
static bool smdp_event(const char *const *parts)
{
	char *text = ds_paths_read_file(events_path, NULL);
	char *save = NULL;
	bool found = false;

	for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line && !found; line = strtok_r(NULL, "\n", &save)) {
		found = true;
		for (size_t i = 0; parts[i]; i++)
			found = found && strstr(line, parts[i]);
	}
	free(text);
	return found;
}

TestSuite(lpa_download, .init = setup, .fini = teardown, .timeout = 180);

Test(lpa_download, right_code_installs_disabled_and_sends_the_notification)
{
	ds_site_device dev;
	cJSON *card;

	smdp_start(NULL);
	emu_start(NULL);
	dev = discover();
	cr_assert_eq(download(&dev, MATCHING_ID, "", NULL, NULL), DS_OK, "download: %s", message);

	card = card_state();
	cr_expect_str_eq(profile_state(card, NEW_ICCID) ? profile_state(card, NEW_ICCID) : "absent", "disabled");
	cr_expect_str_eq(profile_state(card, "89490200001234567890"), "enabled", "the enabled profile stays");
	cr_expect_eq(notifications_settled("install", 0), 0, "the install notification was sent and removed");
	cJSON_Delete(card);
	cr_expect_eq(open_channels(1), 1, "the download opened a channel of its own, or closed the device's");
	cr_expect(smdp_event((const char *const[]){ "\"authenticateClient\"", "\"matchingId\": \"" MATCHING_ID "\"",
						    "\"tac\": \"35693803\"", NULL }),
		  "ctxParams1 did not carry the Matching ID and the module's TAC");
	cr_expect(smdp_event((const char *const[]){ "\"handleNotification\"", "\"iccid\": \"" NEW_ICCID "\"", NULL }),
		  "the install notification did not reach the SM-DP+");

	/* the same profile again: the eUICC refuses a second copy, in words */
	cr_expect_eq(download(&dev, MATCHING_ID, "", NULL, NULL), DS_ERR_DEVICE);
	cr_expect(strstr(message, "already on the eSIM"), "message: %s", message);
}

Test(lpa_download, wrong_then_right_confirmation_code)
{
	ds_site_device dev;
	bool needs = false;
	cJSON *card;

	smdp_start((const char *const[]){ "--confirmation-code", "4711", NULL });
	emu_start(NULL);
	dev = discover();

	cr_expect_eq(download(&dev, MATCHING_ID, "$$1", NULL, &needs), DS_ERR_AUTH, "no code: %s", message);
	cr_expect(needs);
	cr_expect(strstr(message, "confirmation code"), "message: %s", message);

	cr_expect_eq(download(&dev, MATCHING_ID, "$$1", "4712", &needs), DS_ERR_AUTH, "wrong code: %s", message);
	cr_expect(needs);
	cr_expect(strstr(message, "confirmation code is wrong"), "message: %s", message);
	cr_expect(smdp_event((const char *const[]){ "\"getBoundProfilePackage\"", "\"hashCcRight\": false", NULL }));
	cr_expect(smdp_event((const char *const[]){ "\"cancelSession\"", "\"known\": true", NULL }),
		  "the session was not cancelled after the refusal");
	card = card_state();
	cr_expect_null(profile_state(card, NEW_ICCID), "nothing installed with a wrong code");
	cJSON_Delete(card);

	cr_assert_eq(download(&dev, MATCHING_ID, "$$1", "4711", NULL), DS_OK, "right code: %s", message);
	cr_expect(smdp_event((const char *const[]){ "\"getBoundProfilePackage\"", "\"hashCcRight\": true", NULL }));
	card = card_state();
	cr_expect_str_eq(profile_state(card, NEW_ICCID) ? profile_state(card, NEW_ICCID) : "absent", "disabled");
	cJSON_Delete(card);
}

Test(lpa_download, smdp_errors_in_words_and_the_session_cancelled)
{
	ds_site_device dev;
	cJSON *card;

	smdp_start((const char *const[]){ "--fail", "authenticateClient:8.2:1.2", NULL });
	emu_start(NULL);
	dev = discover();
	cr_expect_eq(download(&dev, MATCHING_ID, "", NULL, NULL), DS_ERR_DEVICE);
	cr_expect(strstr(message, "has not released the profile"), "message: %s", message);
	cr_expect(strstr(message, "8.2") && strstr(message, "1.2"), "the codes are named: %s", message);
	cr_expect(smdp_event((const char *const[]){ "\"cancelSession\"", "\"reason\": 127", NULL }),
		  "the eUICC's session was not cancelled towards the SM-DP+");
	card = card_state();
	cr_expect_null(profile_state(card, NEW_ICCID));
	cJSON_Delete(card);

	/* an unknown Matching ID: the SM-DP+'s own check */
	ds_test_helper_stop(&smdp);
	smdp_start(NULL);
	cr_expect_eq(download(&dev, "NOT-THIS-ONE", "", NULL, NULL), DS_ERR_DEVICE);
	cr_expect(strstr(message, "Matching ID"), "message: %s", message);

	/* a malformed code never reaches the module or the SM-DP+ */
	{
		ds_op_esim_download op = { .devices = devices, .device = dev, .activation_code = "LPA:1$127.0.0.1:0$X" };

		cr_expect_eq(ds_jobs_run(jobs, ds_op_esim_download_job, &op, NULL, NULL, message, sizeof message),
			     DS_ERR_INVALID);
		cr_expect(strstr(message, "port"), "message: %s", message);
	}
}

/** True when the emulator's log has a command line containing part. */
static bool emu_received(const char *part)
{
	char *log = ds_paths_read_file(log_path, NULL);
	bool found = log && strstr(log, part);

	free(log);
	return found;
}

Test(lpa_download, cancel_while_the_smdp_checks_the_esim)
{
	ds_site_device dev;
	char code[128];
	ds_op_esim_download op = { .devices = devices, .activation_code = code };
	struct timespec t0, t1;
	bool asked = false, done = false;
	ds_event ev;
	uint64_t id;
	long ms;
	cJSON *card;

	smdp_start((const char *const[]){ "--delay", "authenticateClient:30", NULL });
	emu_start(NULL);
	dev = discover();
	op.device = dev;
	snprintf(code, sizeof code, "LPA:1$127.0.0.1:%d$%s", smdp_port, MATCHING_ID);
	id = ds_jobs_submit(jobs, ds_op_esim_download_job, &op);
	cr_assert_gt(id, 0);
	while (!asked && ds_jobs_wait_event(jobs, &ev, 20000))
		asked = ev.job_id == id && ev.type == DS_EVENT_PROGRESS && strstr(ev.message, "SM-DP+ checks the eSIM");
	cr_assert(asked, "the stage after AuthenticateServer was not shown");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ds_jobs_cancel(jobs, id);
	while (!done && ds_jobs_wait_event(jobs, &ev, 20000)) {
		if (ev.job_id == id && ev.type == DS_EVENT_DONE) {
			done = true;
			cr_expect_eq(ev.status, DS_ERR_CANCELLED);
		}
		if (ev.item_free)
			ev.item_free(ev.item);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert(done, "the cancelled download did not end");
	ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	cr_expect_lt(ms, 2000, "cancelling took %ld ms", ms);
	/* CancelSessionRequest BF41 15 { transactionId 80 10 <16>, reason 81 01 00 (endUserRejection) } */
	cr_expect(emu_received("BF41158010"), "the eSIM was not told to end the session");
	cr_expect(emu_received("810100"), "the reason was not endUserRejection");
	card = card_state();
	cr_expect_null(profile_state(card, NEW_ICCID));
	cJSON_Delete(card);
	cr_expect_eq(open_channels(1), 1, "after the cancel: not just the device's own channel open");
}

/** The number of the first command line of the package's first segment in
 *  the emulator's log (STORE DATA, first block of 120 bytes, "BF36"), or 0. */
static size_t first_package_command(void)
{
	char *text = ds_paths_read_file(log_path, NULL);
	char *save = NULL;
	size_t n = 0, found = 0;

	for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line && !found; line = strtok_r(NULL, "\n", &save)) {
		n++;
		if (strstr(line, "E2110078BF36"))
			found = n;
	}
	free(text);
	return found;
}

Test(lpa_download, module_stops_answering_mid_package)
{
	ds_site_device dev;
	char limit[16];
	size_t first;
	time_t start;
	cJSON *card;

	/* a full download first, to learn at which command the package starts */
	smdp_start(NULL);
	emu_start(NULL);
	dev = discover();
	cr_assert_eq(download(&dev, MATCHING_ID, "", NULL, NULL), DS_OK, "download: %s", message);
	first = first_package_command();
	cr_assert_gt(first, 0, "no package segment in the log");
	ds_test_helper_stop(&emu);
	unlink(log_path);

	/* the same module, which falls silent a few blocks into the package */
	snprintf(limit, sizeof limit, "%zu", first + 3);
	emu_start((const char *const[]){ "--answer-limit", limit, NULL });
	dev = discover();
	start = time(NULL);
	cr_expect_eq(download(&dev, MATCHING_ID, "", NULL, NULL), DS_ERR_TIMEOUT, "download: %s", message);
	cr_expect_lt(time(NULL) - start, 60, "the plugin waited too long");
	cr_expect(strstr(message, "stopped the installation at part"), "message: %s", message);
	cr_expect(strstr(message, "could not be read back"), "message: %s", message);
	card = card_state();
	cr_expect_null(profile_state(card, NEW_ICCID), "a half-loaded package is no profile");
	cJSON_Delete(card);
}

Test(lpa_download, pending_notifications_are_sent_and_removed)
{
	char config[1024], path[700];
	ds_site_device dev;
	ds_status st;
	FILE *f;

	smdp_start(NULL);
	/* two notifications for this SM-DP+, one for a server that does not exist */
	snprintf(path, sizeof path, "%s/card.json", tmp);
	snprintf(config, sizeof config,
		 "{\"eid\": \"89049032123451234512345678901235\", \"profiles\": [{\"iccid\": \"89490200001234567890\", "
		 "\"state\": \"enabled\"}], \"notifications\": ["
		 "{\"seq\": 4, \"event\": \"enable\", \"iccid\": \"89490200001234567890\", \"address\": \"127.0.0.1:%d\"},"
		 "{\"seq\": 5, \"event\": \"delete\", \"iccid\": \"8944110068256270054\", \"address\": \"127.0.0.1:%d\"},"
		 "{\"seq\": 6, \"event\": \"disable\", \"iccid\": \"89490200001234567890\", \"address\": \"127.0.0.1:1\"}]}",
		 smdp_port, smdp_port);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(config, f);
	fclose(f);
	emu_start((const char *const[]){ "--profiles", path, NULL });
	dev = discover();
	message[0] = '\0';
	st = ds_jobs_run(jobs, notifications_job, &dev, NULL, NULL, message, sizeof message);
	if (st == DS_ERR_UNSUPPORTED)
		cr_skip_test("this host does not relay esim_notifications_send to plugins yet");
	cr_expect_eq(st, DS_ERR_IO);
	cr_expect(strstr(message, "1 notification(s)") && strstr(message, "6 (disable, 127.0.0.1:1)"), "message: %s",
		  message);
	cr_expect(smdp_event((const char *const[]){ "\"handleNotification\"", "\"seq\": 4", NULL }));
	cr_expect(smdp_event((const char *const[]){ "\"handleNotification\"", "\"seq\": 5", NULL }));
	cr_expect_eq(notifications_settled(NULL, 1), 1, "only the unsent one stays");
	cr_expect_eq(notifications_settled("disable", 1), 1);
}
