/* Parsing `doorstep esim`'s command line; see esim_args.h. */
#include "app/cli/esim_args.h"

#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"

/** The actions by their first word (notifications send is found after). */
static const struct {
	const char *word;
	ds_esim_action action;
	int operands; /**< ICCID, then nickname */
} ds_esim_words[] = {
	{ "info", DS_ESIM_ACT_INFO, 0 },         { "list", DS_ESIM_ACT_LIST, 0 },
	{ "enable", DS_ESIM_ACT_ENABLE, 1 },     { "disable", DS_ESIM_ACT_DISABLE, 1 },
	{ "nickname", DS_ESIM_ACT_NICKNAME, 2 }, { "delete", DS_ESIM_ACT_DELETE, 1 },
	{ "download", DS_ESIM_ACT_DOWNLOAD, 0 }, { "notifications", DS_ESIM_ACT_NOTIFICATIONS, 0 },
};

const char *ds_esim_action_name(ds_esim_action action)
{
	if (action == DS_ESIM_ACT_NOTIFICATIONS_SEND)
		return "notifications send";
	for (size_t i = 0; i < sizeof ds_esim_words / sizeof ds_esim_words[0]; i++)
		if (ds_esim_words[i].action == action)
			return ds_esim_words[i].word;
	return "";
}

bool ds_esim_iccid_valid(const char *s)
{
	size_t len = strlen(s);

	return len >= 18 && len <= 22 && strspn(s, "0123456789") == len;
}

/** Takes the value of option argv[*i] into *out; false when there is none. */
static bool ds_esim_value(int argc, char **argv, int *i, const char **out)
{
	if (*i + 1 >= argc)
		return false;
	*out = argv[++*i];
	return true;
}

/** Reads one option at argv[*i]: 1 taken, 0 not an option, -1 wrong (why set). */
static int ds_esim_option(int argc, char **argv, int *i, ds_esim_args *out, char *why, size_t why_size)
{
	const char *a = argv[*i];

	if (strcmp(a, "--json") == 0)
		out->json = true;
	else if (strcmp(a, "--yes") == 0)
		out->yes = true;
	else if (strcmp(a, "--demo") == 0)
		out->demo = true;
	else if (strcmp(a, "--allow-unsigned") == 0)
		out->allow_unsigned = true;
	else if (strcmp(a, "--device") == 0) {
		if (!ds_esim_value(argc, argv, i, &out->device) || !out->device[0]) {
			snprintf(why, why_size, "%s",
				 _("--device needs a serial port (/dev/ttyUSB2) or a device locator"));
			return -1;
		}
	} else if (strcmp(a, "--qr") == 0) {
		if (!ds_esim_value(argc, argv, i, &out->qr_photo) || !out->qr_photo[0]) {
			snprintf(why, why_size, "%s", _("--qr needs the file of a photo of the operator's QR code"));
			return -1;
		}
	} else if (a[0] == '-' && a[1]) {
		snprintf(why, why_size, _("unknown option \"%s\""), a);
		return -1;
	} else {
		return 0;
	}
	return 1;
}

/** Checks what only some actions take. 0, or -1 with why. */
static int ds_esim_check(ds_esim_args *out, char *why, size_t why_size)
{
	if (out->yes && out->action != DS_ESIM_ACT_DELETE) {
		snprintf(why, why_size, "%s", _("--yes is for delete only"));
		return -1;
	}
	if (out->qr_photo && out->action != DS_ESIM_ACT_DOWNLOAD) {
		snprintf(why, why_size, "%s", _("--qr is for download only"));
		return -1;
	}
	if (out->iccid && !ds_esim_iccid_valid(out->iccid)) {
		snprintf(why, why_size,
			 _("\"%s\" is not an ICCID: it has 18 to 22 digits (see \"doorstep esim list\")"), out->iccid);
		return -1;
	}
	if (!out->device) {
		snprintf(why, why_size, "%s",
			 _("say which device with --device: a serial port (/dev/ttyUSB2) or a device locator"));
		return -1;
	}
	return 0;
}

int ds_esim_args_parse(int argc, char **argv, ds_esim_args *out, char *why, size_t why_size)
{
	const char *operands[3] = { NULL, NULL, NULL };
	int n_operands = 0, want = -1;

	memset(out, 0, sizeof *out);
	why[0] = '\0';
	for (int i = 1; i < argc; i++) {
		int r;

		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			out->help = true;
			return 0;
		}
		r = ds_esim_option(argc, argv, &i, out, why, why_size);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (n_operands == 3) {
			snprintf(why, why_size, _("too many arguments (\"%s\")"), argv[i]);
			return -1;
		}
		operands[n_operands++] = argv[i];
	}
	if (n_operands == 0) {
		snprintf(why, why_size, "%s",
			 _("say what to do: info, list, enable, disable, nickname, delete, download or "
			   "notifications"));
		return -1;
	}
	for (size_t k = 0; k < sizeof ds_esim_words / sizeof ds_esim_words[0]; k++)
		if (strcmp(operands[0], ds_esim_words[k].word) == 0) {
			out->action = ds_esim_words[k].action;
			want = ds_esim_words[k].operands;
		}
	if (want < 0) {
		snprintf(why, why_size, _("unknown action \"%s\""), operands[0]);
		return -1;
	}
	if (out->action == DS_ESIM_ACT_NOTIFICATIONS && n_operands == 2 && strcmp(operands[1], "send") == 0) {
		out->action = DS_ESIM_ACT_NOTIFICATIONS_SEND;
		n_operands = 1;
	}
	if (n_operands - 1 != want) {
		if (want == 0)
			snprintf(why, why_size, _("%s takes no other argument"), ds_esim_action_name(out->action));
		else if (want == 1)
			snprintf(why, why_size, _("%s takes the ICCID of one profile"), ds_esim_action_name(out->action));
		else
			snprintf(why, why_size, "%s", _("nickname takes an ICCID and the new nickname (\"\" clears it)"));
		return -1;
	}
	out->iccid = want >= 1 ? operands[1] : NULL;
	out->nickname = want >= 2 ? operands[2] : NULL;
	return ds_esim_check(out, why, why_size);
}
