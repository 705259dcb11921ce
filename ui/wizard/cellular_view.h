/* The Cellular step's table of eSIM profiles (two lines a profile) and the
 * plain helpers behind it: signal grades, technology names and the
 * recommended primary and backup. Only the draw function calls curses. */
#ifndef DS_CELLULAR_VIEW_H
#define DS_CELLULAR_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include <doorstep/plugin.h>

#include "app/core/site.h"
#include "app/mno/operator_db.h"
#include "ui/toolkit/ui_layout.h"
#include "ui/toolkit/ui_scroll.h"
#include "ui/toolkit/ui_theme.h"

/** How strong a profile's network is here. */
typedef enum ds_signal_grade {
	DS_SIGNAL_NONE = 0, /**< no network of this operator in reach */
	DS_SIGNAL_UNKNOWN,  /**< in reach, strength not reported */
	DS_SIGNAL_POOR,
	DS_SIGNAL_FAIR,
	DS_SIGNAL_GOOD,
	DS_SIGNAL_EXCELLENT,
} ds_signal_grade;

/** Which rows carry a mark (-1: none). */
typedef struct ds_cellular_marks {
	int primary, backup;         /**< the installer's choice */
	int rec_primary, rec_backup; /**< the recommendation */
} ds_cellular_marks;

/** The grade of a profile's signal (thresholds in cellular_view.c). */
ds_signal_grade ds_cellular_signal_grade(const ds_esim_profile *p);
/** The translated word for a grade; *role (may be NULL) gets its role. */
const char *ds_cellular_grade_word(ds_signal_grade grade, ui_role *role);
/** Writes "-67 dBm, excellent" or "no network in reach" (translated). */
void ds_cellular_signal_text(const ds_esim_profile *p, char *buf, size_t size);
/** Writes the technologies of rats, e.g. "LTE, LTE-M, NB-IoT" ("unknown" for none). */
void ds_cellular_rats_text(uint32_t rats, char *buf, size_t size);

/** Writes what the device reports: the profiles with the primary and
 *  backup role and, with status, the link in use (translated). */
void ds_cellular_panel_text(const ds_esim_profile *p, size_t n, const ds_cellular_status *status, char *buf,
			    size_t size);
/** Writes the failover outcome of the site (translated); *role gets its role. */
void ds_cellular_failover_text(const ds_site_cellular *c, char *buf, size_t size, ui_role *role);

/** Writes what the operator scan found, one entry per network code (name,
 *  MCC-MNC, then each technology with its signal; the one in use marked),
 *  strongest first (translated). supported false: the module cannot scan.
 *  db (may be NULL) names networks that broadcast no name. */
void ds_cellular_scan_text(const ds_network *nets, size_t n, bool supported, const ds_mno_db *db, char *buf,
			   size_t size);
/** Fills in what the database knows of each profile: the operator's name
 *  where the device gave none. */
void ds_cellular_name_profiles(ds_esim_profile *p, size_t n, const ds_mno_db *db);

/** Number of profiles that fit in r (two lines each, at least 1). */
int ds_cellular_view_page(ui_rect r);
/** Draws the visible profiles of sc in r; the selected one is highlighted when focused. */
void ds_cellular_view_draw(WINDOW *win, ui_rect r, const ds_esim_profile *p, size_t n, const ui_scroll *sc,
			   const ds_cellular_marks *marks, bool focused, const ds_mno_db *db);

#endif
