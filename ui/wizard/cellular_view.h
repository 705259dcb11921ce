/* The Cellular step's table of eSIM profiles (two lines a profile) and the
 * plain helpers behind it: signal words (graded on the one scale of
 * app/net/signal_grade.h), technology names and the recommended primary
 * and backup. Only the draw function calls curses. */
#ifndef DS_CELLULAR_VIEW_H
#define DS_CELLULAR_VIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include <doorstep/plugin.h>

#include "app/core/site.h"
#include "app/mno/operator_db.h"
#include "app/net/signal_grade.h"
#include "ui/toolkit/ui_layout.h"
#include "ui/toolkit/ui_scroll.h"
#include "ui/toolkit/ui_theme.h"

/** Which rows carry a mark (-1: none). */
typedef struct ds_cellular_marks {
	int primary, backup;         /**< the installer's choice */
	int rec_primary, rec_backup; /**< the recommendation */
} ds_cellular_marks;

/** The word for a profile's signal here: "no network in reach", "signal
 *  unknown", or its level on the one RSSI scale (ds_signal_rssi); *role
 *  (may be NULL) gets the role it is drawn in. */
const char *ds_cellular_signal_word(const ds_esim_profile *p, ui_role *role);
/** Writes "-67 dBm good" or "no network in reach" (translated). */
void ds_cellular_signal_text(const ds_esim_profile *p, char *buf, size_t size);
/** Writes the technologies of rats, e.g. "LTE, LTE-M, NB-IoT" ("unknown" for none). */
void ds_cellular_rats_text(uint32_t rats, char *buf, size_t size);

/** Writes what the device reports: the profiles with the primary and
 *  backup role and, with status, the link in use (translated). */
void ds_cellular_panel_text(const ds_esim_profile *p, size_t n, const ds_cellular_status *status, char *buf,
			    size_t size);
/** Writes the failover outcome of the site (ds_failover_text); *role gets its role. */
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
