/* The Cellular step's state and what its keys do: read the eSIM, check and
 * apply the choice (cellular_step.c), run the failover test and record its
 * outcome (cellular_failover.c). The screen class is in screen_cellular.c. */
#ifndef DS_CELLULAR_STEP_H
#define DS_CELLULAR_STEP_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/device_ops.h"
#include "app/core/esim_ops.h"
#include "app/core/flow.h"
#include "app/mno/mno_rules.h"
#include "ui/wizard/cellular_view.h"
#include "ui/wizard/cellular_esim_add.h"
#include "ui/toolkit/ui_dialog.h"
#include "ui/toolkit/ui_form.h"
#include "ui/wizard/wizard.h"

/** Time limits of the jobs, in seconds. */
#define CELL_READ_TIMEOUT 20
#define CELL_APPLY_TIMEOUT 30
/** Time limit of each stage of the failover test (switch, check, switch back), in
 *  seconds: a real module may take most of a minute to enable a profile and register. */
#define CELL_STAGE_TIMEOUT 60
#define CELL_SCAN_TIMEOUT 180
#define CELL_DELETE_TIMEOUT 60
/** Time limit of sending the notifications: each goes to its operator's server. */
#define CELL_SEND_TIMEOUT 90

/** Button ids. */
enum { CELL_APPLY = 1, CELL_TEST, CELL_CONTINUE };

/** What the open confirmation asks. */
typedef enum ds_cellular_question {
	CELL_ASK_NONE = 0,
	CELL_ASK_WARN,
	CELL_ASK_RETRY,
	CELL_ASK_DELETE
} ds_cellular_question;

/** State of the Cellular screen. */
typedef struct ds_cellular_step {
	ds_wizard *w;
	ds_site *site;                /* the site this state belongs to */
	ds_op_esim_overview read;     /* job arguments, valid until their DONE */
	ds_op_apply_cellular apply;
	ds_op_failover failover;
	ds_op_operator_scan scan;
	ds_op_esim_change remove;       /* deleting a profile */
	ds_op_esim_notifications send;  /* sending the notifications */
	ds_op_esim_notifications count; /* counting them after a change (in the background) */
	uint64_t read_job, apply_job, failover_job, scan_job, delete_job, send_job, count_job;
	ds_esim_info info; /* the chip's identity (has_info), read once a site */
	bool has_info;
	bool info_tried;          /* a read asked for the identity */
	bool keeps_notifications; /* the device lists its notifications */
	bool notes_known;         /* n_notes holds how many wait */
	bool count_again;         /* a change came while counting: count again */
	size_t n_notes;
	ds_network *networks;         /* what the last operator scan found (owned) */
	size_t n_networks;
	bool scan_tried;              /* a scan was started for this site (the read starts one once) */
	bool scanned;                 /* a scan ended well (networks and scan_supported are valid) */
	bool scan_supported;
	ds_esim_add *add;             /* the "add a profile" panel */
	ds_panels panels;             /* add, as a panel */
	bool retrying;                /* the apply sets the primary again after a stuck test */
	ds_esim_profile *profiles;    /* as the device last reported them (owned) */
	size_t n;
	ds_cellular_status status;
	bool has_status;
	char error[512];              /* why the eSIM could not be read, or "" */
	char chosen_primary[24];      /* the installer's choice (ICCIDs), "" none */
	char chosen_backup[24];
	ds_cellular_marks marks;
	char verdict[512];
	ui_role verdict_role;
	ds_choice_verdict verdict_kind;
	ui_scroll scroll;
	ui_form *buttons;
	bool on_buttons;
	ui_dialog *confirm;
	ds_cellular_question asking;
	ui_rect title_r, intro_r, table_r, verdict_r, panel_r, esim_r, scan_r, failover_r, buttons_r;
} ds_cellular_step;

/** The device with the eSIM, or NULL. */
ds_site_device *ds_cellular_step_device(ds_cellular_step *s);
/** Recomputes the marks, the recommendation and the verdict line from the choice. */
void ds_cellular_step_update(ds_cellular_step *s);
/** Forgets everything read, for site (another site was opened). */
void ds_cellular_step_reset(ds_cellular_step *s, ds_site *site);
/** Starts reading the profiles (foreground job). */
void ds_cellular_step_read(ds_cellular_step *s);
/** The read job ended: show the profiles, or why they could not be read. */
void ds_cellular_step_read_done(ds_cellular_step *s, const ds_event *ev);
/** Starts the operator scan (foreground job; the module may take minutes). */
void ds_cellular_step_scan(ds_cellular_step *s);
/** The scan ended: match the profiles to the networks found. */
void ds_cellular_step_scan_done(ds_cellular_step *s, const ds_event *ev);
/** The operator database once a scan job has read it, else NULL. */
const ds_mno_db *ds_cellular_step_db(const ds_cellular_step *s);
/** Makes the selected profile the chosen primary (true) or backup. */
void ds_cellular_step_choose(ds_cellular_step *s, bool primary);
/** Chooses the recommended primary and backup. */
void ds_cellular_step_recommended(ds_cellular_step *s);
/** Checks the choice against the rules and applies it (asking first on a warning). */
void ds_cellular_step_apply(ds_cellular_step *s);
/** Starts applying primary and backup (ICCIDs) without asking (foreground job). */
void ds_cellular_step_start_apply(ds_cellular_step *s, const char *primary, const char *backup);
/** The apply job ended: show the read-back, record the choice, save. */
void ds_cellular_step_apply_done(ds_cellular_step *s, const ds_event *ev);
/** Sets the applied primary and backup again (after a test left the panel on the backup). */
void ds_cellular_step_retry(ds_cellular_step *s);
/** Key x: asks to delete the selected profile (refusing the enabled one). */
void ds_cellular_step_ask_delete(ds_cellular_step *s);
/** Starts deleting the profile the confirmation named (foreground job). */
void ds_cellular_step_start_delete(ds_cellular_step *s);
/** The delete job ended: show the profiles, forget the profile in the site's choice, save. */
void ds_cellular_step_delete_done(ds_cellular_step *s, const ds_event *ev);
/** Key n: sends the notifications waiting on the eSIM (foreground job). */
void ds_cellular_step_send(ds_cellular_step *s);
/** The send job ended: say how many went, keep the others for later. */
void ds_cellular_step_send_done(ds_cellular_step *s, const ds_event *ev);
/** After a change: counts the notifications waiting, in the background. */
void ds_cellular_step_count(ds_cellular_step *s);
/** The count ended: keep it (an unknown count is not shown). */
void ds_cellular_step_count_done(ds_cellular_step *s, const ds_event *ev);
/** Writes the chip's identity and the notifications waiting ("" when the
 *  device tells neither). */
void ds_cellular_step_esim_text(const ds_cellular_step *s, char *buf, size_t size);
/** Runs the failover test on the applied choice (foreground job). */
void ds_cellular_step_test(ds_cellular_step *s);
/** The failover job ended: record the outcome, save, say what it means. */
void ds_cellular_step_test_done(ds_cellular_step *s, const ds_event *ev);

#endif
