/* The wizard frame that the step screens share. One frame screen sits on the
 * screen manager's stack; it draws the step list in the sidebar, forwards
 * keys, events and ticks to the current step's screen, and owns the
 * progress dialog of the foreground job (Esc cancels it; a countdown shows
 * its time limit).
 *
 * A step screen is a ui_screen_class whose state was made by its step's
 * new function with the wizard pointer. The frame calls enter() each time
 * the step is shown, and forwards every job event to every step screen
 * (each ignores job ids it did not start), so a step's background job can
 * finish while another step is shown. */
#ifndef DS_UI_WIZARD_H
#define DS_UI_WIZARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "app/core/device_ops.h"
#include "app/core/session.h"
#include "ui/toolkit/ui_dialog.h"
#include "ui/toolkit/ui_screen_manager.h"

/** The wizard (one per run). */
typedef struct ds_wizard {
	ds_session *session;     /**< plugins, jobs, devices, password register, site */
	ui_screen_manager *sm;
	bool demo;
	ds_step shown;           /**< the step on screen */
	const ui_screen_class *classes[DS_STEP_COUNT];
	void *screens[DS_STEP_COUNT];
	ui_dialog *progress;     /**< the foreground job's dialog */
	uint64_t fg_job;         /**< the foreground job, 0 when none */
	int64_t fg_deadline;     /**< ui_term_now_ms() time it is cancelled, 0: none */
	bool fg_timed_out;       /**< the foreground job was cancelled by its time limit */
	ui_dialog *notice;       /**< a message dialog over the content */
	ui_rect content;
	ds_op_refresh refresh;   /**< reading the live state of an opened site's devices */
	uint64_t refresh_job;
	unsigned fg_stage_s;     /**< > 0: each stage of the foreground job gets this many seconds */
	char fg_stage[256];      /**< the foreground job's stage: its last progress message */
	ui_dialog *ask;          /**< the offer to open a site read-only that another doorstep has open */
	ds_site *pending;        /**< the site the offer is about (owned), NULL when none */
	pid_t pending_holder;    /**< the process that has pending open */
} ds_wizard;

/** Shows step (if allowed: otherwise the status line says why). true if shown. */
bool ds_wizard_goto(ds_wizard *w, ds_step step);
/** Leaves the shown step forward: checks it may be left, marks it done,
 *  saves the site and shows the next step. true if it moved on. */
bool ds_wizard_next(ds_wizard *w);
/** Saves the site now (after any change the user made). false on failure
 *  (the status line says why and what to do). */
bool ds_wizard_save(ds_wizard *w);
/** Starts fn(arg) as the foreground job with a progress dialog titled title
 *  (translated). timeout_s > 0 shows a countdown and cancels the job when it
 *  runs out. Returns the job id (0 when another foreground job runs). */
uint64_t ds_wizard_start_job(ds_wizard *w, const char *title, ds_job_fn fn, void *arg, unsigned timeout_s);
/** As ds_wizard_start_job, but each stage of the job (each new progress
 *  message) gets its own stage_s seconds, with a countdown; the job is
 *  cancelled when a stage runs out. */
uint64_t ds_wizard_start_staged_job(ds_wizard *w, const char *title, ds_job_fn fn, void *arg, unsigned stage_s);
/** The stage the foreground job is or was last in (its last progress message), or "". */
const char *ds_wizard_stage(const ds_wizard *w);
/** True while a foreground job runs. */
bool ds_wizard_busy(const ds_wizard *w);
/** True when the session may change its site and devices
 *  (ds_session_may_change); otherwise the status line says why and what to
 *  do. Every change the wizard makes outside a job asks this first. */
bool ds_wizard_may_change(ds_wizard *w);
/** True when the session may run job fn (ds_session_may_run); otherwise the
 *  status line says why. ds_wizard_start_job asks this; a job submitted
 *  without it must ask first. */
bool ds_wizard_may_run(ds_wizard *w, ds_job_fn fn);
/** Sets the banner line: the unsigned-plugins warning and, while the site
 *  is open read-only, that nothing is saved. */
void ds_wizard_banner(ds_wizard *w);
/** Shows a message dialog over the content (texts translated). */
void ds_wizard_message(ds_wizard *w, const char *title, const char *text);
/** Shows a status line message (printf-style, translated). */
void ds_wizard_status(ds_wizard *w, ui_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/** The site (never NULL once past Welcome). */
ds_site *ds_wizard_site(ds_wizard *w);
/** Installs the step sidebar and pushes the frame screen on w->sm. 0 or -1. */
int ds_wizard_frame_push(ds_wizard *w);
/** Opens site (taking ownership) as the session's site, reads the live state
 *  of its devices (the devices are the truth), then shows where it stopped.
 *  False when another doorstep has the site open: when that process is
 *  known, a dialog offers to open the site read-only (it shows the site as
 *  saved and changes nothing), else the status line says so and site is
 *  freed. */
bool ds_wizard_open_site(ds_wizard *w, ds_site *site);

/* The step screens: each has a class and a constructor/destructor. */

/** Welcome: new site, or open an existing one, or find the system live. */
extern const ui_screen_class ds_screen_welcome;
void *ds_screen_welcome_new(ds_wizard *w);
void ds_screen_welcome_free(void *state);
/** Devices: add by QR label (typed, pasted or scanned) or pick a discovered one. */
extern const ui_screen_class ds_screen_devices;
void *ds_screen_devices_new(ds_wizard *w);
void ds_screen_devices_free(void *state);
/** Passwords: replace every factory default, verified by the device. */
extern const ui_screen_class ds_screen_passwords;
void *ds_screen_passwords_new(ds_wizard *w);
void ds_screen_passwords_free(void *state);
/** Cellular: primary and backup operator profile, apply, failover test. */
extern const ui_screen_class ds_screen_cellular;
void *ds_screen_cellular_new(ds_wizard *w);
void ds_screen_cellular_free(void *state);
/** Diagnostics: checks shown live, then results with advice. */
extern const ui_screen_class ds_screen_diagnostics;
void *ds_screen_diagnostics_new(ds_wizard *w);
void ds_screen_diagnostics_free(void *state);
/** Summary: what was done; export the report. */
extern const ui_screen_class ds_screen_summary;
void *ds_screen_summary_new(ds_wizard *w);
void ds_screen_summary_free(void *state);

#endif
