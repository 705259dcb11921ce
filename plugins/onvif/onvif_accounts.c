/* Credentials and accounts of a camera (ONVIF plugin): finding a factory
 * default within the login back-off, the administrator's new password with
 * SetUser (waited for, proven, never lost), and the other accounts: listed,
 * each given its own password or deleted (DeleteUsers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onvif.h"

/** Room for a SetUser body (a password of up to 256 bytes, escaped). */
#define SET_USER_MAX 4096u
/** Poll interval while waiting for the camera to take a change. */
#define POLL_MS 1000u

/** The ds_account_role of an ONVIF user level. */
static ds_account_role role_of(onvif_user_level level)
{
	switch (level) {
	case ONVIF_LEVEL_ADMINISTRATOR:
		return DS_ACCOUNT_ADMIN;
	case ONVIF_LEVEL_OPERATOR:
		return DS_ACCOUNT_OPERATOR;
	case ONVIF_LEVEL_USER:
		return DS_ACCOUNT_USER;
	case ONVIF_LEVEL_ANONYMOUS:
		return DS_ACCOUNT_ANONYMOUS;
	case ONVIF_LEVEL_OTHER:
	case ONVIF_LEVEL_EXTENDED:
		break;
	}
	return DS_ACCOUNT_OTHER;
}

/** The UserLevel text SetUser takes for a level. */
static const char *level_text(onvif_user_level level)
{
	switch (level) {
	case ONVIF_LEVEL_ADMINISTRATOR:
		return "Administrator";
	case ONVIF_LEVEL_OPERATOR:
		return "Operator";
	case ONVIF_LEVEL_ANONYMOUS:
		return "Anonymous";
	case ONVIF_LEVEL_USER:
	case ONVIF_LEVEL_OTHER:
	case ONVIF_LEVEL_EXTENDED:
		break;
	}
	return "User";
}

/** The account named user, or NULL. */
static onvif_account_state *find_account(ds_device *dev, const char *user)
{
	for (size_t i = 0; i < dev->n_accounts; i++)
		if (strcmp(dev->accounts[i].user.name, user) == 0)
			return &dev->accounts[i];
	return NULL;
}

/** True when the camera has no account at all (ONVIF Core: then it asks for
 *  no credentials): it has not been activated. */
static bool has_no_accounts(ds_call *call, ds_device *dev)
{
	onvif_answer ans;
	onvif_users users;
	char body[64];
	bool none = false;

	(void)onvif_body_plain("GetUsers", false, body, sizeof body);
	if (onvif_call(call, dev, dev->url, NULL, body, false, &ans) == DS_OK && ans.http_status == 200 &&
	    onvif_parse_users(ans.xml, ans.len, &users, NULL) == ONVIF_XML_OK)
		none = users.n == 0;
	onvif_answer_free(&ans);
	return none;
}

/** Tries the administrator's factory defaults, few and spaced; DS_OK with
 *  dev->user/password set when one logs in, DS_ERR_AUTH when none does. */
static ds_status search_defaults(ds_call *call, ds_device *dev)
{
	const onvif_default *list[ONVIF_DEFAULTS_PER_ACCOUNT];
	size_t n = onvif_defaults_for(dev->info.manufacturer, NULL, list, ONVIF_DEFAULTS_PER_ACCOUNT);
	ds_status st = DS_ERR_AUTH;

	for (size_t i = 0; i < n; i++) {
		char *pw = onvif_secret_dup(list[i]->password);

		if (!pw)
			return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
		onvif_host->progress(call, (unsigned)(i * 1000 / n), D_("Checking the camera for a factory password"));
		st = onvif_try_login(call, dev, list[i]->user, pw, true);
		if (st == DS_OK) {
			onvif_secret_clear(&dev->password);
			dev->password = pw;
			ds_text_copy(dev->user, sizeof dev->user, list[i]->user);
			dev->on_default = true;
			dev->searched = true;
			dev->found_default = list[i];
			onvif_host->log(DS_LOG_INFO, "onvif: %s logs in with a factory default (%s)", dev->url,
					list[i]->source);
			return DS_OK;
		}
		onvif_host->secret_free(pw);
		if (st != DS_ERR_AUTH)
			return st;
	}
	dev->searched = true;
	return DS_ERR_AUTH;
}

ds_status onvif_identify(ds_call *call, ds_device *dev)
{
	ds_status st;

	if (dev->password || dev->searched || dev->needs_activation)
		return DS_OK;
	if (has_no_accounts(call, dev)) {
		dev->needs_activation = true;
		return DS_OK;
	}
	st = search_defaults(call, dev);
	if (st == DS_OK)
		(void)onvif_read_identity(call, dev);
	return st;
}

ds_status onvif_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out)
{
	ds_status st = onvif_identify(call, dev);

	if (st == DS_OK && dev->needs_activation) {
		out->has_password = false;
		out->on_factory_default = true;
		ds_text_copy(out->user, sizeof out->user, dev->user);
		return DS_OK;
	}
	if (st == DS_ERR_BUSY) {
		out->retry_after_ms = onvif_backoff_wait(&dev->backoff, onvif_now_ms());
		st = DS_OK;
	} else if (st == DS_ERR_AUTH) {
		st = DS_OK; /* no default logs in: a password of its own */
	}
	if (st != DS_OK)
		return st;
	out->has_password = true;
	/* the administrator's (the primary account's) state only: the host keeps
	 * the camera on "factory default" while any other account() is */
	out->on_factory_default = dev->password && dev->on_default;
	ds_text_copy(out->user, sizeof out->user, dev->user);
	return DS_OK;
}

/** The message for a camera that is not activated yet. */
static ds_status activation_fail(ds_call *call)
{
	return onvif_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
				D_("This camera has not been activated: it has no password at all. Activate it with its "
				   "maker's tool or web page (set an administrator password there), then search again."));
}

ds_status onvif_login(ds_call *call, ds_device *dev, const char *password)
{
	ds_status st;
	char *pw;

	if (dev->needs_activation)
		return activation_fail(call);
	if (!password) {
		if (dev->password && dev->on_default) {
			st = onvif_try_login(call, dev, dev->user, dev->password, true);
		} else if (dev->found_default) {
			/* after a change: the factory password this camera had is the one to refuse */
			pw = onvif_secret_dup(dev->found_default->password);
			if (!pw)
				return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
			st = onvif_try_login(call, dev, dev->found_default->user, pw, true);
			onvif_host->secret_free(pw);
		} else {
			st = search_defaults(call, dev);
		}
		if (st == DS_ERR_AUTH)
			return onvif_host->fail(call, st, "%s",
						D_("None of the camera's factory passwords works: it has a password of its "
						   "own. Type it, or reset the camera to its factory settings."));
	} else {
		st = onvif_try_login(call, dev, dev->user, password, true);
		if (st == DS_OK) {
			pw = onvif_secret_dup(password);
			if (!pw)
				return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
			onvif_secret_clear(&dev->password);
			dev->password = pw;
			dev->on_default = onvif_is_default(dev->info.manufacturer, dev->user, password);
		} else if (st == DS_ERR_AUTH) {
			return onvif_host->fail(call, st,
						D_("The camera refused the password for \"%s\". Check it and try "
						   "again; after %u wrong tries doorstep waits before the next, "
						   "so that the camera does not lock the account."),
						dev->user, ONVIF_LOGIN_MAX_FAILURES);
		}
	}
	if (st == DS_ERR_BUSY)
		return onvif_host->fail(call, st,
					D_("Several passwords were wrong in a row. doorstep waits %u minutes before it "
					   "tries again, so that the camera does not lock its accounts."),
					(unsigned)(onvif_backoff_wait(&dev->backoff, onvif_now_ms()) / 60000u + 1));
	if (st == DS_OK)
		(void)onvif_read_identity(call, dev);
	return st;
}

/** Sends SetUser for user (level) with new_password, as the administrator
 *  with admin_password. DS_OK when the camera took it or stopped answering
 *  (the caller then finds out); a recorded failure when it refused. */
static ds_status send_set_user(ds_call *call, ds_device *dev, const char *admin_password, const char *user,
			       onvif_user_level level, const char *new_password, bool *answered)
{
	onvif_creds creds = { .user = dev->user, .password = admin_password };
	char *body = onvif_host->secret_alloc(SET_USER_MAX);
	onvif_answer ans;
	ds_status st;

	*answered = false;
	if (!body)
		return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	if (!onvif_body_set_user(user, new_password, level_text(level), body, SET_USER_MAX)) {
		onvif_host->secret_free(body);
		return onvif_host->fail(call, DS_ERR_INVALID, "%s", D_("The new password is too long for the camera."));
	}
	st = onvif_call(call, dev, dev->url, &creds, body, true, &ans);
	onvif_host->secret_free(body);
	if (st == DS_OK) {
		*answered = true;
		ans.err = onvif_parse_empty(ans.xml, ans.len, ONVIF_NS_TDS, "SetUserResponse", &ans.fault);
		if (ans.err == ONVIF_XML_FAULT)
			st = onvif_host->fail(call, DS_ERR_INVALID,
					      D_("The camera refused the new password for \"%s\" (%s: %s). Choose a "
						 "shorter password or one with fewer kinds of symbols; the old password "
						 "still applies."),
					      user, ans.fault.subcode[0] ? ans.fault.subcode : ans.fault.code,
					      ans.fault.reason[0] ? ans.fault.reason : "-");
		else if (ans.err != ONVIF_XML_OK)
			st = onvif_call_fail(call, dev, DS_OK, &ans, D_("changing the password"));
	} else if (st == DS_ERR_AUTH) {
		st = onvif_host->fail(call, st, "%s",
				      D_("The camera refused the current administrator password. Log in again with the "
					 "right one."));
	} else if (st == DS_ERR_TIMEOUT || st == DS_ERR_IO) {
		st = DS_OK; /* it may have taken the change before it stopped answering */
	}
	onvif_answer_free(&ans);
	return st;
}

/** Progress with the seconds left. */
static void wait_progress(ds_call *call, uint64_t start, uint64_t deadline, const char *what)
{
	uint64_t now = onvif_now_ms();
	char text[DS_TEXT_MAX];

	snprintf(text, sizeof text, D_("%s (up to %u s more)"), what,
		 (unsigned)((deadline > now ? deadline - now : 0) / 1000u));
	onvif_host->progress(call, (unsigned)((now - start) * 1000u / (deadline - start + 1)), text);
}

/** Waits until user logs in with new_password and no longer with old (NULL:
 *  unknown): DS_OK proven; DS_ERR_DEVICE when the old one still works at the
 *  end; DS_ERR_TIMEOUT when neither answered; DS_ERR_CANCELLED. */
static ds_status wait_for_change(ds_call *call, ds_device *dev, const char *user, const char *old,
				 const char *new_password, bool admin)
{
	uint64_t start = onvif_now_ms(), deadline = start + ONVIF_APPLY_TIMEOUT_MS;
	bool old_works = false;
	ds_status st;

	while (onvif_now_ms() < deadline) {
		wait_progress(call, start, deadline, D_("Waiting for the camera to take the new password"));
		/* the old password first: while it still works, nothing counts against the lockout */
		st = old ? onvif_try_login(call, dev, user, old, admin) : DS_ERR_AUTH;
		if (st == DS_ERR_CANCELLED)
			return st;
		old_works = st == DS_OK;
		if (st == DS_ERR_AUTH) {
			st = onvif_try_login(call, dev, user, new_password, admin);
			if (st == DS_OK)
				return DS_OK;
			if (st == DS_ERR_CANCELLED)
				return st;
			if (st == DS_ERR_BUSY)
				break;
		}
		st = onvif_host->sleep(call, POLL_MS);
		if (st != DS_OK)
			return st;
	}
	return old_works ? DS_ERR_DEVICE : DS_ERR_TIMEOUT;
}

/** Refuses an empty new password: a camera would take it and be open to anyone. */
static ds_status empty_password_fail(ds_call *call)
{
	return onvif_host->fail(call, DS_ERR_INVALID, "%s",
				D_("The new password is empty: the camera would be open to anyone. Choose a password."));
}

/** Refuses an account the camera does not list. */
static ds_status no_account_fail(ds_call *call, const char *user)
{
	return onvif_host->fail(call, DS_ERR_NOT_FOUND,
				D_("The camera has no account \"%s\" any more. Search the accounts again."), user);
}

ds_status onvif_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_password)
{
	const char *old;
	char *copy;
	bool answered = false;
	ds_status st;

	if (dev->needs_activation)
		return activation_fail(call);
	if (!new_password || !*new_password)
		return empty_password_fail(call);
	if (!current && !dev->password) {
		st = onvif_login(call, dev, NULL);
		if (st != DS_OK)
			return st;
	}
	old = current ? current : dev->password;
	/* a retry after the camera went silent: the new password may be in effect already */
	if (dev->pending && strcmp(dev->pending, new_password) == 0) {
		onvif_host->progress(call, 0, D_("Trying the new password first"));
		st = onvif_try_login(call, dev, dev->user, new_password, true);
		if (st == DS_OK) {
			st = onvif_try_login(call, dev, dev->user, old, true);
			if (st == DS_OK)
				return onvif_host->fail(call, DS_ERR_DEVICE, "%s",
							D_("The camera takes both the old and the new password. Restart "
							   "the camera, then try again."));
			goto proven;
		}
		if (st == DS_ERR_CANCELLED)
			return st;
	}
	onvif_host->progress(call, 0, D_("Sending the new password to the camera"));
	st = send_set_user(call, dev, old, dev->user, ONVIF_LEVEL_ADMINISTRATOR, new_password, &answered);
	if (st != DS_OK)
		return st;
	st = wait_for_change(call, dev, dev->user, old, new_password, true);
	if (st == DS_ERR_DEVICE)
		return onvif_host->fail(call, st, "%s",
					D_("The camera accepted the new password but still takes only the old one. Nothing "
					   "was changed; try again, or update the camera's firmware."));
	if (st == DS_ERR_TIMEOUT || st == DS_ERR_CANCELLED) {
		copy = onvif_secret_dup(new_password);
		onvif_secret_clear(&dev->pending);
		dev->pending = copy;
		if (st == DS_ERR_CANCELLED)
			return st;
		return onvif_host->fail(call, st, "%s",
					D_("The camera stopped answering after the password change. Either the old or the "
					   "new password may be in effect now, so keep both. Check that the camera is "
					   "powered and connected, then choose Retry: doorstep tries the new password "
					   "first, then the old one."));
	}
	if (st != DS_OK)
		return st;
proven:
	copy = onvif_secret_dup(new_password);
	if (!copy)
		return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	onvif_secret_clear(&dev->password);
	onvif_secret_clear(&dev->pending);
	dev->password = copy;
	dev->on_default = false;
	(void)answered;
	return DS_OK;
}

/** Reads the accounts (as the administrator) and checks each other account
 *  for a known default, once. */
static ds_status read_accounts(ds_call *call, ds_device *dev)
{
	ds_status st;

	if (!dev->accounts_read) {
		if (!dev->password)
			return onvif_host->fail(call, DS_ERR_AUTH, "%s",
						D_("Log in to the camera first: its accounts are shown only to its "
						   "administrator."));
		st = onvif_try_login(call, dev, dev->user, dev->password, true);
		if (st != DS_OK)
			return onvif_call_fail(call, dev, st, NULL, D_("reading the accounts"));
	}
	for (size_t i = 0; i < dev->n_accounts; i++) {
		onvif_account_state *a = &dev->accounts[i];
		const onvif_default *list[ONVIF_DEFAULTS_PER_ACCOUNT];
		size_t n;

		if (a->checked || strcmp(a->user.name, dev->user) == 0) {
			a->on_default = a->checked ? a->on_default : dev->on_default;
			continue;
		}
		n = onvif_defaults_for(dev->info.manufacturer, a->user.name, list, ONVIF_DEFAULTS_PER_ACCOUNT);
		for (size_t k = 0; k < n && !a->on_default; k++) {
			char *pw = onvif_secret_dup(list[k]->password);

			if (!pw)
				return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
			st = onvif_try_login(call, dev, a->user.name, pw, false);
			if (st == DS_OK) {
				a->on_default = true;
				a->password = pw;
			} else {
				onvif_host->secret_free(pw);
			}
			if (st == DS_ERR_CANCELLED)
				return st;
			if (st != DS_OK && st != DS_ERR_AUTH)
				break; /* back-off or silence: leave it unknown */
		}
		a->checked = true;
	}
	return DS_OK;
}

ds_status onvif_accounts_recheck(ds_call *call, ds_device *dev)
{
	ds_status st = read_accounts(call, dev);

	for (size_t i = 0; st == DS_OK && i < dev->n_accounts; i++) {
		onvif_account_state *a = &dev->accounts[i];

		if (!a->on_default || !a->password || strcmp(a->user.name, dev->user) == 0)
			continue;
		st = onvif_try_login(call, dev, a->user.name, a->password, false);
		if (st == DS_ERR_AUTH) {
			/* its default no longer works: it was changed (elsewhere) */
			a->on_default = false;
			onvif_secret_clear(&a->password);
			st = DS_OK;
		} else if (st != DS_ERR_CANCELLED) {
			st = DS_OK; /* silence or back-off: keep what was known */
		}
	}
	return st;
}

ds_status onvif_account(ds_call *call, ds_device *dev, size_t index, ds_account *out)
{
	onvif_account_state *a = NULL;
	ds_status st;

	/* reads the list once, and checks each account for a default once */
	st = read_accounts(call, dev);
	if (st != DS_OK)
		return st;
	/* the administrator first, then the others in the camera's order */
	if (index == 0) {
		a = find_account(dev, dev->user);
	} else {
		size_t k = 0;

		for (size_t i = 0; i < dev->n_accounts && !a; i++)
			if (strcmp(dev->accounts[i].user.name, dev->user) != 0 && ++k == index)
				a = &dev->accounts[i];
	}
	if (!a)
		return DS_ERR_NOT_FOUND;
	ds_text_copy(out->user, sizeof out->user, a->user.name);
	out->role = role_of(a->user.level);
	out->primary = index == 0;
	out->on_factory_default = index == 0 ? dev->on_default : a->on_default;
	out->can_delete = index != 0;
	onvif_password_rules_for(dev->info.manufacturer, &out->password);
	return DS_OK;
}

ds_status onvif_account_set_password(ds_call *call, ds_device *dev, const char *user, const char *new_password)
{
	onvif_account_state *a;
	bool answered;
	ds_status st;

	if (strcmp(user, dev->user) == 0)
		return onvif_set_password(call, dev, NULL, new_password);
	if (!new_password || !*new_password)
		return empty_password_fail(call);
	st = read_accounts(call, dev);
	if (st != DS_OK)
		return st;
	a = find_account(dev, user);
	if (!a)
		return no_account_fail(call, user);
	onvif_host->progress(call, 0, D_("Sending the new password to the camera"));
	st = send_set_user(call, dev, dev->password, user, a->user.level, new_password, &answered);
	if (st != DS_OK)
		return st;
	st = wait_for_change(call, dev, user, a->password, new_password, false);
	if (st == DS_ERR_DEVICE)
		return onvif_host->fail(call, st,
					D_("The camera accepted the new password for \"%s\" but still takes the old one. "
					   "Delete the account instead."),
					user);
	if (st == DS_ERR_TIMEOUT)
		return onvif_host->fail(call, st,
					D_("The new password for \"%s\" could not be proven: the camera did not take it "
					   "within %u seconds. Try again, or delete the account."),
					user, ONVIF_APPLY_TIMEOUT_MS / 1000u);
	if (st != DS_OK)
		return st;
	onvif_secret_clear(&a->password);
	a->on_default = false;
	a->checked = true;
	return DS_OK;
}

/** True when GetUsers (as the administrator) still lists user; *known false when it could not be read. */
static bool still_listed(ds_call *call, ds_device *dev, const char *user, bool *known)
{
	*known = onvif_try_login(call, dev, dev->user, dev->password, true) == DS_OK;
	return *known && find_account(dev, user) != NULL;
}

ds_status onvif_account_delete(ds_call *call, ds_device *dev, const char *user)
{
	onvif_creds creds;
	onvif_answer ans;
	char body[512];
	uint64_t start, deadline;
	bool known = false;
	ds_status st;

	if (strcmp(user, dev->user) == 0)
		return onvif_host->fail(call, DS_ERR_INVALID, "%s",
					D_("The administrator account cannot be deleted: give it a new password instead."));
	st = read_accounts(call, dev);
	if (st != DS_OK)
		return st;
	if (!find_account(dev, user))
		return no_account_fail(call, user);
	if (!onvif_body_delete_user(user, body, sizeof body))
		return onvif_host->fail(call, DS_ERR_INVALID, "%s", D_("The account's name is too long."));
	creds.user = dev->user;
	creds.password = dev->password;
	st = onvif_call(call, dev, dev->url, &creds, body, false, &ans);
	if (st == DS_OK) {
		ans.err = onvif_parse_empty(ans.xml, ans.len, ONVIF_NS_TDS, "DeleteUsersResponse", &ans.fault);
		if (ans.err != ONVIF_XML_OK)
			st = onvif_call_fail(call, dev, DS_OK, &ans, D_("deleting an account"));
	} else if (st != DS_ERR_TIMEOUT && st != DS_ERR_IO) {
		st = onvif_call_fail(call, dev, st, &ans, D_("deleting an account"));
	} else {
		st = DS_OK; /* find out below */
	}
	onvif_answer_free(&ans);
	if (st != DS_OK)
		return st;
	start = onvif_now_ms();
	deadline = start + ONVIF_APPLY_TIMEOUT_MS;
	while (still_listed(call, dev, user, &known) || !known) {
		if (onvif_now_ms() >= deadline)
			return onvif_host->fail(call, DS_ERR_TIMEOUT,
						D_("The camera did not confirm that the account \"%s\" is gone. Check its "
						   "accounts again, then retry."),
						user);
		wait_progress(call, start, deadline, D_("Waiting for the camera to delete the account"));
		st = onvif_host->sleep(call, POLL_MS);
		if (st != DS_OK)
			return st;
	}
	return DS_OK;
}
