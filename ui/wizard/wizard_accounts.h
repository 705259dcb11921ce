/* The accounts of a device with more than one (DS_FEATURE_ACCOUNTS), as the
 * steps show them: reading them as a foreground job and recording what was
 * read (app/core/account_ops.h decides the device's factory-default state),
 * and the words for an account's role and state. */
#ifndef DS_WIZARD_ACCOUNTS_H
#define DS_WIZARD_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/base/jobs.h"
#include "app/core/account_ops.h"
#include "ui/toolkit/ui_theme.h"
#include "ui/wizard/wizard.h"

/** True when device d has accounts to read and show. */
bool ds_wizard_has_accounts(const ds_site_device *d);
/** True when the site has recorded accounts of device d. */
bool ds_wizard_accounts_known(const ds_site *site, const ds_site_device *d);
/** Starts reading the accounts of d into op as the foreground job, with
 *  progress (Esc cancels). Returns the job id, 0 when not started. */
uint64_t ds_wizard_accounts_read(ds_wizard *w, ds_op_accounts *op, const ds_site_device *d);
/** Takes the end of an accounts job (ev, DS_EVENT_DONE): records the
 *  accounts read, saves the site, says what happened on the status line and
 *  frees op's list. true when they were recorded. */
bool ds_wizard_accounts_done(ds_wizard *w, ds_op_accounts *op, const ds_event *ev);
/** The next device of the site (from index from) with accounts the site
 *  does not know yet, or NULL. */
const ds_site_device *ds_wizard_accounts_unread(const ds_site *site, size_t from);
/** The translated word for an account's role. */
const char *ds_wizard_account_role(ds_account_role role);
/** The translated word for what an account is at ("factory default",
 *  "new password", "deleted", "own password"); *role gets its colour. */
const char *ds_wizard_account_state(const ds_site_account *a, ui_role *role);
/** True when account a still needs a new password or to be deleted. */
bool ds_wizard_account_needs_work(const ds_site_account *a);
/** Writes one line per account of d into buf ("admin (administrator):
 *  factory default · guest ..."), "" when none is recorded. */
void ds_wizard_accounts_line(const ds_site *site, const ds_site_device *d, char *buf, size_t size);

#endif
