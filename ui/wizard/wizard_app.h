/* The setup wizard (TUI): one screen per step over a shared session. */
#ifndef DS_WIZARD_APP_H
#define DS_WIZARD_APP_H

#include <stdbool.h>

/** How the wizard was started. */
typedef struct ds_wizard_options {
	bool demo;              /**< use the built-in demo system */
	const char *site_name;  /**< open or create this site (NULL: ask) */
	bool allow_unsigned;    /**< load unsigned plugins too; a banner warns on every screen */
} ds_wizard_options;

/** Runs the wizard until the user quits. Returns the process exit status. */
int ds_wizard_app_run(const ds_wizard_options *opts);

#endif
