/* Locale set-up and text-domain binding. */
#include "app/base/i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

/** Set by ds_i18n_text_utf8: every domain returns UTF-8, whatever the locale. */
static bool text_utf8;

/** The directory holding <lang>/LC_MESSAGES/<domain>.mo files. */
static const char *ds_i18n_dir(void)
{
	static const char *dir;
	struct stat st;

	if (dir)
		return dir;
	/* Prefer the build tree's catalogues, so a binary run from the build
	 * directory shows the translations it was built with. */
	if (stat(DS_LOCALE_BUILD_DIR, &st) == 0 && S_ISDIR(st.st_mode))
		dir = DS_LOCALE_BUILD_DIR;
	else
		dir = DS_LOCALE_INSTALL_DIR;
	return dir;
}

void ds_i18n_init(void)
{
	setlocale(LC_ALL, "");
	bindtextdomain(DS_TEXT_DOMAIN, ds_i18n_dir());
	bind_textdomain_codeset(DS_TEXT_DOMAIN, "UTF-8");
	textdomain(DS_TEXT_DOMAIN);
	/* Output in the terminal's own charset (ASCII fallback, no mojibake). */
	if (!ds_i18n_utf8())
		bind_textdomain_codeset(DS_TEXT_DOMAIN, nl_langinfo(CODESET));
}

void ds_i18n_bind_domain(const char *domain)
{
	if (!domain || !*domain)
		return;
	bindtextdomain(domain, ds_i18n_dir());
	bind_textdomain_codeset(domain, text_utf8 || ds_i18n_utf8() ? "UTF-8" : nl_langinfo(CODESET));
}

void ds_i18n_text_utf8(void)
{
	text_utf8 = true;
	bind_textdomain_codeset(DS_TEXT_DOMAIN, "UTF-8");
	/* The C library's own messages (strerror) too. */
	bind_textdomain_codeset("libc", "UTF-8");
}

int ds_i18n_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}
