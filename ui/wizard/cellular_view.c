/* The eSIM profile table and its helpers. */
#include "ui/wizard/cellular_view.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/core/esim_ops.h"
#include "app/mno/mno_rules.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
#include "ui/wizard/wizard_step_parts.h"

/** Technologies in the order they are listed, with their (untranslated) names. */
static const struct {
	uint32_t flag;
	const char *name;
} ds_rat_names[] = {
	{ DS_RAT_2G, "2G" },       { DS_RAT_3G, "3G" },         { DS_RAT_LTE, "LTE" },
	{ DS_RAT_LTE_M, "LTE-M" }, { DS_RAT_NB_IOT, "NB-IoT" }, { DS_RAT_5G, "5G" },
};

const char *ds_cellular_signal_word(const ds_esim_profile *p, ui_role *role)
{
	ds_signal_level level = ds_signal_rssi(p->rssi_dbm);
	ui_role r = UI_ROLE_DIM;
	const char *word;

	if (!p->in_reach) {
		r = UI_ROLE_FAIL;
		word = _("no network in reach");
	} else if (level == DS_SIGNAL_UNKNOWN) {
		word = _("signal unknown");
	} else {
		ds_step_grade_mark(ds_signal_level_grade(level), &r);
		word = ds_signal_level_word(level);
	}
	if (role)
		*role = r;
	return word;
}

void ds_cellular_signal_text(const ds_esim_profile *p, char *buf, size_t size)
{
	const char *word = ds_cellular_signal_word(p, NULL);

	if (!p->in_reach || p->rssi_dbm == INT32_MIN)
		snprintf(buf, size, "%s", word);
	else
		/* TRANSLATORS: signal strength and its grade, e.g. "-67 dBm good" */
		snprintf(buf, size, _("%d dBm %s"), (int)p->rssi_dbm, word);
}

void ds_cellular_rats_text(uint32_t rats, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof ds_rat_names / sizeof ds_rat_names[0]; i++) {
		int n;

		if (!(rats & ds_rat_names[i].flag) || used >= size)
			continue;
		n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", ds_rat_names[i].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (!buf[0])
		snprintf(buf, size, "%s", _("technology unknown"));
}

/** The profile with this role, or NULL. */
static const ds_esim_profile *ds_cellular_with_role(const ds_esim_profile *p, size_t n, ds_profile_role role)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].role == role)
			return &p[i];
	return NULL;
}

void ds_cellular_panel_text(const ds_esim_profile *p, size_t n, const ds_cellular_status *status, char *buf,
			    size_t size)
{
	const ds_esim_profile *primary = ds_cellular_with_role(p, n, DS_ROLE_PRIMARY);
	const ds_esim_profile *backup = ds_cellular_with_role(p, n, DS_ROLE_BACKUP);
	char link[DS_TEXT_MAX] = "", rat[64];

	if (status) {
		ds_cellular_rats_text(status->rat, rat, sizeof rat);
		if (status->rssi_dbm != INT32_MIN)
			/* TRANSLATORS: operator, technology, signal in dBm, registration state */
			snprintf(link, sizeof link, _(" Using %s, %s, %d dBm, %s."), status->operator_name, rat,
				 (int)status->rssi_dbm, ds_signal_registration_word(status->registration));
		else
			snprintf(link, sizeof link, _(" Using %s, %s, %s."), status->operator_name, rat,
				 ds_signal_registration_word(status->registration));
	}
	snprintf(buf, size, _("Panel now: primary %s, backup %s.%s"),
		 primary ? primary->operator_name : _("none"), backup ? backup->operator_name : _("none"), link);
}

void ds_cellular_failover_text(const ds_site_cellular *c, char *buf, size_t size, ui_role *role)
{
	ds_failover_text(c, buf, size);
	*role = c->failover == DS_FAILOVER_PASSED    ? UI_ROLE_OK
		: c->failover == DS_FAILOVER_NOT_RUN ? UI_ROLE_DIM
						     : UI_ROLE_FAIL;
}

/** Appends printf-style text to buf at *used. */
static void ds_cellular_append(char *buf, size_t size, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/** Appends printf-style text to buf at *used. */
static void ds_cellular_append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, size - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used = *used + (size_t)n < size ? *used + (size_t)n : size - 1;
}

void ds_cellular_scan_text(const ds_network *nets, size_t n, bool supported, const ds_mno_db *db, char *buf,
			   size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	if (!supported) {
		snprintf(buf, size, "%s", _("The module cannot scan for networks: each profile shows the signal it reports."));
		return;
	}
	if (n == 0) {
		snprintf(buf, size, "%s", _("The scan found no mobile network here."));
		return;
	}
	ds_cellular_append(buf, size, &used, "%s", _("Networks here:"));
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		const char *name = nets[i].operator_name;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(nets[j].mcc, nets[i].mcc) == 0 && strcmp(nets[j].mnc, nets[i].mnc) == 0;
		if (seen)
			continue;
		if (!name[0]) {
			const ds_mno_operator *op = ds_mno_db_find(db, nets[i].mcc, nets[i].mnc);

			name = op ? op->name : "?";
		}
		ds_cellular_append(buf, size, &used, "%s %s (%s-%s)", i ? ";" : "", name, nets[i].mcc, nets[i].mnc);
		for (size_t j = i; j < n; j++) {
			char rat[32];

			if (strcmp(nets[j].mcc, nets[i].mcc) != 0 || strcmp(nets[j].mnc, nets[i].mnc) != 0)
				continue;
			ds_cellular_rats_text(nets[j].rat, rat, sizeof rat);
			ds_cellular_append(buf, size, &used, "%s %s", j == i ? "" : ",", rat);
			if (nets[j].rssi_dbm != INT32_MIN)
				ds_cellular_append(buf, size, &used, _(" %d dBm"), (int)nets[j].rssi_dbm);
			if (nets[j].state == DS_NET_CURRENT)
				ds_cellular_append(buf, size, &used, " %s", _("(in use)"));
			else if (nets[j].state == DS_NET_FORBIDDEN)
				ds_cellular_append(buf, size, &used, " %s", _("(forbidden)"));
		}
	}
	ds_cellular_append(buf, size, &used, ".");
}

void ds_cellular_name_profiles(ds_esim_profile *p, size_t n, const ds_mno_db *db)
{
	for (size_t i = 0; i < n; i++) {
		const ds_mno_operator *op = p[i].operator_name[0] ? NULL : ds_mno_db_find(db, p[i].mcc, p[i].mnc);

		if (op)
			snprintf(p[i].operator_name, sizeof p[i].operator_name, "%s", op->name);
	}
}

int ds_cellular_view_page(ui_rect r)
{
	return r.h / 2 > 0 ? r.h / 2 : 1;
}

/** Columns of the role column: the wider of the two role words. */
static int ds_cellular_role_width(void)
{
	int a = ui_text_width(_("Primary")), b = ui_text_width(_("Backup"));

	return a > b ? a : b;
}

/** Draws profile p (row index i) on lines y and y + 1 of width w from x. */
static void ds_cellular_draw_row(WINDOW *win, int y, int x, int w, const ds_esim_profile *p, int i,
				 const ds_cellular_marks *m, bool highlight, const ds_mno_db *db)
{
	attr_t sel = ui_theme_attr(UI_ROLE_SELECTED);
	int role_w = ds_cellular_role_width(), tx = x + 2 + role_w + 1, tw = w - (tx - x), sw;
	char text[2 * DS_NAME_MAX], signal[64], rats[64];
	const char *country, *rec = i == m->rec_primary ? _("recommended primary")
			  : i == m->rec_backup ? _("recommended backup") : "";
	ui_role role;

	ds_cellular_signal_word(p, &role);
	if (highlight)
		ui_draw_fill(win, ui_rect_make(y, x, 2, w), sel);
	if (i == m->primary || i == m->backup)
		ui_draw_text(win, y, x + 2, role_w, highlight ? sel : ui_theme_attr(UI_ROLE_OK),
			     i == m->primary ? _("Primary") : _("Backup"));
	ds_cellular_signal_text(p, signal, sizeof signal);
	sw = ui_text_width(signal);
	if (sw > tw / 2)
		sw = tw / 2;
	ui_draw_text_right(win, y, x + w - sw - 1, sw, highlight ? sel : ui_theme_attr(role), signal);
	country = ds_mno_db_country(db, p->mcc);
	if (country[0])
		/* TRANSLATORS: operator, its code (MCC-MNC) and country, e.g. "Vodafone Germany (262-02, Germany)" */
		snprintf(text, sizeof text, _("%s (%s-%s, %s)"), p->operator_name, p->mcc, p->mnc, country);
	else
		/* TRANSLATORS: operator name and its code (MCC-MNC), e.g. "Vodafone Germany (262-02)" */
		snprintf(text, sizeof text, _("%s (%s-%s)"), p->operator_name, p->mcc, p->mnc);
	ui_draw_text(win, y, tx, tw - sw - 2, highlight ? sel : ui_theme_attr(UI_ROLE_NORMAL), text);

	sw = ui_text_width(rec);
	if (sw > tw / 2)
		sw = tw / 2;
	if (sw > 0)
		ui_draw_text_right(win, y + 1, x + w - sw - 1, sw, highlight ? sel : ui_theme_attr(UI_ROLE_OK), rec);
	ds_cellular_rats_text(p->rats, rats, sizeof rats);
	if (p->nickname[0])
		snprintf(text, sizeof text, "%s · %s", rats, p->nickname);
	else
		snprintf(text, sizeof text, "%s", rats);
	ui_draw_text(win, y + 1, tx, tw - sw - 2,
		     highlight ? sel : ui_theme_attr(ds_mno_modern(p) ? UI_ROLE_DIM : UI_ROLE_WARN), text);
}

void ds_cellular_view_draw(WINDOW *win, ui_rect r, const ds_esim_profile *p, size_t n, const ui_scroll *sc,
			   const ds_cellular_marks *marks, bool focused, const ds_mno_db *db)
{
	const ui_glyphs *g = ui_term_glyphs();
	int w = r.w, page = ds_cellular_view_page(r);

	if (ui_rect_empty(r) || r.h < 2)
		return;
	if (ui_scroll_overflows(sc) && r.w > 10) {
		int pos, len;

		w = r.w - 1;
		ui_scroll_thumb(sc, r.h, &pos, &len);
		for (int i = 0; i < r.h; i++)
			ui_draw_text(win, r.y + i, r.x + w, 1, ui_theme_attr(UI_ROLE_DIM),
				     i >= pos && i < pos + len ? g->thumb : g->track);
	}
	for (int i = 0; i < page && sc->top + i < (int)n; i++) {
		int index = sc->top + i, y = r.y + 2 * i;
		bool selected = index == sc->selected;

		ds_cellular_draw_row(win, y, r.x, w, &p[index], index, marks, selected && focused, db);
		if (selected)
			ui_draw_text(win, y, r.x, 1, ui_theme_attr(selected && focused ? UI_ROLE_SELECTED : UI_ROLE_KEY),
				     g->pointer);
	}
}
