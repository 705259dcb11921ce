/* Translation macros: every user-visible string goes through _() or N_(). */
#ifndef DS_I18N_H
#define DS_I18N_H

#include <libintl.h>

#define DS_TEXT_DOMAIN "doorstep"
/** Translates a message now. */
#define _(s) gettext(s)
/** Marks a message for translation later (static tables). */
#define N_(s) (s)
/** Translates a message with a plural form chosen by n. */
#define P_(s, p, n) ngettext((s), (p), (n))

/** Sets the locale from the environment and binds doorstep's text domain.
 *  Uses the build tree's catalogues when they exist, else the installed ones. */
void ds_i18n_init(void);
/** Binds a plugin's text domain to the same locale directory. */
void ds_i18n_bind_domain(const char *domain);
/** True when the current locale's character set is UTF-8. */
int ds_i18n_utf8(void);
/** Makes every text domain (doorstep's, the plugins', the C library's)
 *  return UTF-8 whatever the locale's charset. The wizard calls it before it
 *  loads plugins, the command line before it runs a command: both keep all
 *  text in UTF-8 and convert only at the edges (app/base/i18n_charset.h). */
void ds_i18n_text_utf8(void);

#endif
