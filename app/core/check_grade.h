/* Check grades in words: stable identifiers for files and --json output,
 * and counts a person reads. */
#ifndef DS_CHECK_GRADE_H
#define DS_CHECK_GRADE_H

#include <stddef.h>
#include <doorstep/plugin.h>

/** "pass", "warn", "fail" or "skipped" (anything unknown reads "skipped"). */
const char *ds_check_grade_id(ds_check_grade grade);
/** The translated word a person reads: "passed", "warning", "failed" or "skipped" (wizard, CLI, report). */
const char *ds_check_grade_word(ds_check_grade grade);
/** Writes "N passed, N warnings, N failed" with the plural form each count
 *  needs in the user's language ("1 warning", "2 warnings"). */
void ds_check_counts_text(char *buf, size_t size, size_t pass, size_t warn, size_t fail);

#endif
