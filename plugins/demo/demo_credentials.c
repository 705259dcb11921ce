/* Credentials of the simulated devices: factory-default passwords, login
 * with back-off after repeated failures, and password changes. Only an
 * Argon2id hash from the host is kept; a password never reaches the memory
 * file or the log. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo.h"

/** Wrong attempts allowed before the device starts to back off. */
#define DEMO_FREE_ATTEMPTS 3
/** First back-off; it doubles with every further failure. */
#define DEMO_BACKOFF_FIRST_MS 1000
/** Longest back-off. */
#define DEMO_BACKOFF_MAX_MS 30000

/** Wall-clock time in ms (back-off survives a restart, as on a device). */
static int64_t demo_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/** How long the device still backs off, in ms (0: not at all). */
static uint32_t demo_retry_after(const demo_device_memory *dm)
{
	int64_t left = dm->locked_until_ms - demo_now_ms();

	if (left <= 0)
		return 0;
	return left > DEMO_BACKOFF_MAX_MS ? DEMO_BACKOFF_MAX_MS : (uint32_t)left;
}

/** Counts a failed attempt and starts or lengthens the back-off. */
static void demo_note_failure(demo_device_memory *dm)
{
	uint32_t extra, wait;

	dm->failed_logins++;
	if (dm->failed_logins < DEMO_FREE_ATTEMPTS)
		return;
	extra = dm->failed_logins - DEMO_FREE_ATTEMPTS;
	wait = extra >= 5 ? DEMO_BACKOFF_MAX_MS : DEMO_BACKOFF_FIRST_MS << extra;
	if (wait > DEMO_BACKOFF_MAX_MS)
		wait = DEMO_BACKOFF_MAX_MS;
	dm->locked_until_ms = demo_now_ms() + wait;
}

/** Checks password (NULL: the factory default) with back-off; records failures. */
static ds_status demo_authenticate(ds_call *call, ds_device *dev, const char *password)
{
	const demo_device_def *def = demo_def(dev);
	demo_device_memory *dm = demo_mem(dev);
	const char *candidate = password ? password : def->factory_password;
	uint32_t wait = demo_retry_after(dm);
	ds_status st;
	bool ok;

	if (wait > 0)
		return demo.host->fail(call, DS_ERR_BUSY, D_("too many attempts; wait %u s and try again"),
				       (unsigned)((wait + 999) / 1000));
	st = demo_work(call, 300, 0, 600, D_("Checking the password..."));
	if (st != DS_OK)
		return st;
	if (dm->password_hash[0])
		ok = demo.host->password_verify(dm->password_hash, candidate);
	else
		ok = demo_equal(candidate, def->factory_password);
	if (ok) {
		if (dm->failed_logins == 0 && dm->locked_until_ms == 0)
			return DS_OK;
		dm->failed_logins = 0;
		dm->locked_until_ms = 0;
		return demo_commit(call);
	}
	demo_note_failure(dm);
	demo.host->log(DS_LOG_INFO, "demo: %s refused a login (%u in a row)", def->serial,
		       (unsigned)dm->failed_logins);
	st = demo_commit(call);
	if (st != DS_OK)
		return st;
	wait = demo_retry_after(dm);
	if (wait > 0)
		return demo.host->fail(call, DS_ERR_AUTH,
				       D_("the password was not accepted, and the device now waits %u s "
					  "before it accepts another attempt; check the password, then try again"),
				       (unsigned)((wait + 999) / 1000));
	if (!password)
		return demo.host->fail(call, DS_ERR_AUTH, "%s",
				       D_("the factory-default password was not accepted: this device "
					  "already has its own password; enter that one"));
	return demo.host->fail(call, DS_ERR_AUTH,
			       D_("the password was not accepted; check it and try again "
				  "(attempts left before the device makes you wait: %u)"),
			       (unsigned)(DEMO_FREE_ATTEMPTS - dm->failed_logins));
}

/** Checks a new password against the device's own rules. */
static ds_status demo_check_rules(ds_call *call, const demo_device_def *def, const char *password)
{
	uint32_t points = 0;

	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return demo.host->fail(call, DS_ERR_INVALID, "%s",
					       D_("the new password contains a control character; "
						  "use printable characters only"));
		if (def->rules.digits_only && (*p < '0' || *p > '9'))
			return demo.host->fail(call, DS_ERR_INVALID,
					       D_("this device takes a PIN of digits only; choose %u to %u digits"),
					       (unsigned)def->min_length, (unsigned)def->rules.max_length);
		if ((*p & 0xc0) != 0x80)
			points++;
	}
	if (points < def->min_length)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the new password is too short for this device: it needs at least %u characters"),
				       (unsigned)def->min_length);
	if (def->rules.max_length > 0 && points > def->rules.max_length)
		return demo.host->fail(call, DS_ERR_INVALID,
				       D_("the new password is too long for this device: it takes at most %u characters"),
				       (unsigned)def->rules.max_length);
	if (demo_equal(password, def->factory_password))
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("the new password is the factory default, which is printed in "
					  "every manual; choose a different one"));
	return DS_OK;
}

/** credential_state operation: factory default or not, account, back-off. */
ds_status demo_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_PASSWORD);

	if (st != DS_OK)
		return st;
	st = demo_work(call, 200, 0, 1000, D_("Reading the password state..."));
	if (st != DS_OK)
		return st;
	out->on_factory_default = demo_mem(dev)->password_hash[0] == '\0';
	out->has_password = true;
	ds_text_copy(out->user, sizeof out->user, demo_def(dev)->user);
	out->retry_after_ms = demo_retry_after(demo_mem(dev));
	return DS_OK;
}

/** login operation: password NULL means the factory default. */
ds_status demo_login(ds_call *call, ds_device *dev, const char *password)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_PASSWORD);

	if (st != DS_OK)
		return st;
	st = demo_authenticate(call, dev, password);
	if (st == DS_OK)
		demo.host->progress(call, 1000, D_("Logged in."));
	return st;
}

/** set_password operation: logs in with current, checks the rules, stores the hash. */
ds_status demo_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_password)
{
	char hash[DEMO_HASH_MAX] = "";
	char old[DEMO_HASH_MAX];
	demo_device_memory *dm;
	ds_status st = demo_require(call, dev, DS_FEATURE_PASSWORD);

	if (st != DS_OK)
		return st;
	if (!new_password)
		return demo.host->fail(call, DS_ERR_INVALID, "%s", D_("no new password was given; enter one"));
	st = demo_authenticate(call, dev, current);
	if (st != DS_OK)
		return st;
	st = demo_check_rules(call, demo_def(dev), new_password);
	if (st != DS_OK)
		return st;
	st = demo_work(call, 300, 600, 900, D_("Storing the new password..."));
	if (st != DS_OK)
		return st;
	if (demo.host->password_hash(new_password, hash, sizeof hash) != DS_OK || hash[0] == '\0' ||
	    memchr(hash, '\0', sizeof hash) == NULL || strpbrk(hash, "\r\n") != NULL) {
		explicit_bzero(hash, sizeof hash);
		return demo.host->fail(call, DS_ERR_INTERNAL, "%s",
				       D_("the device could not store the new password; the old one still "
					  "applies; try again"));
	}
	dm = demo_mem(dev);
	memcpy(old, dm->password_hash, sizeof old);
	memcpy(dm->password_hash, hash, sizeof dm->password_hash);
	explicit_bzero(hash, sizeof hash);
	st = demo_commit(call);
	if (st != DS_OK) {
		/* Not written: the device keeps the password it had. */
		memcpy(dm->password_hash, old, sizeof old);
		return st;
	}
	demo.host->log(DS_LOG_INFO, "demo: %s has a new password", demo_def(dev)->serial);
	demo.host->progress(call, 1000, D_("The new password is set."));
	return DS_OK;
}
