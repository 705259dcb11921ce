/* Checks of a device's vendor settings: every option descriptor is sane,
 * every value reads back within its descriptor, and option_set refuses
 * values outside it (an index past the last, out of range, unknown choice,
 * an unterminated string). No valid value is ever written. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/plugin/check/plugin_check_child.h"

/** Arguments of option_desc, option_get, option_set. */
struct pc_opt_arg {
	ds_device *dev;
	size_t index;
	const ds_option_desc *desc;      /**< out of option_desc */
	ds_option_value *value;          /**< out of option_get, in of option_set */
};

static ds_status pc_do_option_desc(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_opt_arg *a = arg;

	(void)call;
	a->desc = p->option_desc(a->dev, a->index);
	return DS_OK;
}

static ds_status pc_do_option_get(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_opt_arg *a = arg;

	return p->option_get(call, a->dev, a->index, a->value);
}

static ds_status pc_do_option_set(ds_call *call, const ds_plugin *p, void *arg)
{
	struct pc_opt_arg *a = arg;

	return p->option_set(call, a->dev, a->index, a->value);
}

/** Number of entries of a NULL-terminated list (at most PC_MAX_ITEMS). */
static size_t pc_count(const char *const *list)
{
	size_t n = 0;

	while (list && n < PC_MAX_ITEMS && list[n])
		n++;
	return n;
}

/** Checks one descriptor; false when it is too broken to use. */
static bool pc_desc_sane(pc_ctx *ctx, size_t i, const ds_option_desc *d)
{
	if (!d->name || !d->name[0] || !d->title || !d->title[0]) {
		pc_fail(ctx, "options", _("option %zu has no name or no title"), i);
		return false;
	}
	switch (d->type) {
	case DS_OPT_BOOL:
		return true;
	case DS_OPT_INT:
		if (d->min > d->max || d->step < 0) {
			pc_fail(ctx, "options", _("option \"%s\": min %d, max %d, step %d make no range"),
				d->name, (int)d->min, (int)d->max, (int)d->step);
			return false;
		}
		return true;
	case DS_OPT_STRING:
		if (d->max <= 0 || d->max >= DS_TEXT_MAX) {
			pc_fail(ctx, "options", _("option \"%s\": a string's max must be 1 to %d"),
				d->name, DS_TEXT_MAX - 1);
			return false;
		}
		return true;
	case DS_OPT_CHOICE:
		if (pc_count(d->choices) == 0 || pc_count(d->choices) != pc_count(d->choice_titles)) {
			pc_fail(ctx, "options", _("option \"%s\": choices and choice_titles must be "
						  "non-empty NULL-terminated lists of the same length"),
				d->name);
			return false;
		}
		return true;
	}
	pc_fail(ctx, "options", _("option \"%s\" has an unknown type (%d)"), d->name, (int)d->type);
	return false;
}

/** Checks a value read back against its descriptor. */
static void pc_value_sane(pc_ctx *ctx, const ds_option_desc *d, const ds_option_value *v)
{
	if (d->type == DS_OPT_INT && (v->i < d->min || v->i > d->max))
		pc_fail(ctx, "options", _("option \"%s\" reads %d, outside %d..%d"), d->name, (int)v->i,
			(int)d->min, (int)d->max);
	else if (d->type == DS_OPT_CHOICE && (v->i < 0 || (size_t)v->i >= pc_count(d->choices)))
		pc_fail(ctx, "options", _("option \"%s\" reads choice %d, which does not exist"),
			d->name, (int)v->i);
	else if (!memchr(v->s, '\0', sizeof v->s))
		pc_fail(ctx, "options", _("option \"%s\" reads a string without a terminating NUL"),
			d->name);
}

/** option_set with one hostile value: refused, with a message. */
static void pc_set_hostile(pc_ctx *ctx, ds_device *dev, size_t index, const ds_option_value *v,
			   const char *what)
{
	ds_option_value copy = *v;
	struct pc_opt_arg a = { dev, index, NULL, &copy };
	char msg[256];
	ds_status st;

	pc_call(ctx, "options", what, pc_do_option_set, &a, &st, msg, sizeof msg);
	pc_expect_refused(ctx, "options", what, st, msg, false);
}

/** The hostile values for one option. */
static void pc_set_hostiles(pc_ctx *ctx, ds_device *dev, size_t index, const ds_option_desc *d)
{
	ds_option_value v;
	char what[160];

	memset(&v, 0, sizeof v);
	if (d->type == DS_OPT_INT && d->max < INT32_MAX) {
		v.i = d->max + 1;
		snprintf(what, sizeof what, _("option \"%s\" set to %d, above its max"), d->name, (int)v.i);
		pc_set_hostile(ctx, dev, index, &v, what);
	}
	if (d->type == DS_OPT_INT && d->min > INT32_MIN) {
		v.i = d->min - 1;
		snprintf(what, sizeof what, _("option \"%s\" set to %d, below its min"), d->name, (int)v.i);
		pc_set_hostile(ctx, dev, index, &v, what);
	}
	if (d->type == DS_OPT_CHOICE) {
		v.i = (int32_t)pc_count(d->choices);
		snprintf(what, sizeof what, _("option \"%s\" set to choice %d, which does not exist"),
			 d->name, (int)v.i);
		pc_set_hostile(ctx, dev, index, &v, what);
		v.i = -1;
		snprintf(what, sizeof what, _("option \"%s\" set to choice -1"), d->name);
		pc_set_hostile(ctx, dev, index, &v, what);
	}
	if (d->type == DS_OPT_STRING) {
		memset(v.s, 'A', sizeof v.s);
		snprintf(what, sizeof what, _("option \"%s\" set to a string without a terminating NUL"),
			 d->name);
		pc_set_hostile(ctx, dev, index, &v, what);
	}
}

void pc_check_options(pc_ctx *ctx, ds_device *dev, bool has_feature)
{
	const ds_plugin *p = &ctx->declared;
	struct pc_opt_arg a = { dev, 0, NULL, NULL };
	ds_option_value v;
	char msg[256], what[64];
	size_t n;
	ds_status st;

	for (n = 0; n < PC_MAX_ITEMS; n++) {
		const ds_option_desc *d;

		a.index = n;
		snprintf(what, sizeof what, "option_desc(%zu)", n);
		pc_call(ctx, "options", what, pc_do_option_desc, &a, &st, NULL, 0);
		d = a.desc;
		if (!d)
			break;
		if (!pc_desc_sane(ctx, n, d))
			continue;
		memset(&v, 0, sizeof v);
		a.value = &v;
		snprintf(what, sizeof what, "option_get(%zu)", n);
		pc_call(ctx, "options", what, pc_do_option_get, &a, &st, msg, sizeof msg);
		if (pc_expect_ok(ctx, "options", what, st, msg))
			pc_value_sane(ctx, d, &v);
		if (p->option_set)
			pc_set_hostiles(ctx, dev, n, d);
	}
	if (n > 0 && !has_feature)
		pc_fail(ctx, "options", "%s",
			_("the device describes settings but lacks DS_FEATURE_OPTIONS in its features"));
	memset(&v, 0, sizeof v);
	a.index = n;
	a.value = &v;
	snprintf(what, sizeof what, "option_get(%zu)", n);
	pc_call(ctx, "options", _("option_get past the last option"), pc_do_option_get, &a, &st, msg,
		sizeof msg);
	pc_expect_refused(ctx, "options", _("option_get past the last option"), st, msg, true);
	if (p->option_set)
		pc_set_hostile(ctx, dev, n, &v, _("option_set past the last option"));
}
