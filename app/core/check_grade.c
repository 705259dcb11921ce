/* Check grades as identifiers and as words. */
#include "app/core/check_grade.h"

#include <stdio.h>

#include "app/base/i18n.h"

const char *ds_check_grade_id(ds_check_grade grade)
{
	static const char *const ids[] = { "pass", "warn", "fail", "skipped" };

	return (unsigned)grade <= DS_CHECK_SKIPPED ? ids[grade] : ids[DS_CHECK_SKIPPED];
}

const char *ds_check_grade_word(ds_check_grade grade)
{
	switch (grade) {
	case DS_CHECK_PASS:
		return _("passed");
	case DS_CHECK_WARN:
		return _("warning");
	case DS_CHECK_FAIL:
		return _("failed");
	case DS_CHECK_SKIPPED:
		break;
	}
	return _("skipped");
}

void ds_check_counts_text(char *buf, size_t size, size_t pass, size_t warn, size_t fail)
{
	char p[64], w[64], f[64];

	snprintf(p, sizeof p, P_("%zu passed", "%zu passed", pass), pass);
	snprintf(w, sizeof w, P_("%zu warning", "%zu warnings", warn), warn);
	snprintf(f, sizeof f, P_("%zu failed", "%zu failed", fail), fail);
	/* TRANSLATORS: the counts of passed, warning and failed checks, in this order. */
	snprintf(buf, size, _("%s, %s, %s"), p, w, f);
}
