/* The command line of `doorstep esim`: each action with its operands, the
 * options, and every wrong line refused with a sentence saying why. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/esim_args.h"

/** Parses the NULL-terminated words after "esim"; the parse's result. */
static int parse(ds_esim_args *out, char *why, size_t why_size, const char **words)
{
	char *argv[16] = { (char *)"esim" };
	int argc = 1;

	while (words[argc - 1] && argc < 16) {
		argv[argc] = (char *)words[argc - 1];
		argc++;
	}
	return ds_esim_args_parse(argc, argv, out, why, why_size);
}

/** Expects words to parse; returns the result. */
static ds_esim_args ok(const char **words)
{
	ds_esim_args a;
	char why[256];

	cr_assert_eq(parse(&a, why, sizeof why, words), 0, "%s", why);
	return a;
}

/** Expects words to be refused with a reason that contains want. */
static void refused(const char **words, const char *want)
{
	ds_esim_args a;
	char why[256];

	cr_assert_eq(parse(&a, why, sizeof why, words), -1, "\"%s\" was taken", words[0] ? words[0] : "");
	cr_assert(strstr(why, want), "reason \"%s\" lacks \"%s\"", why, want);
}

Test(esim_args, each_action_with_its_operands)
{
	ds_esim_args a;

	a = ok((const char *[]){ "info", "--device", "/dev/ttyUSB2", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_INFO);
	cr_assert_str_eq(a.device, "/dev/ttyUSB2");
	cr_assert_not(a.json);
	a = ok((const char *[]){ "--json", "list", "--device", "demo:X", "--demo", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_LIST);
	cr_assert(a.json && a.demo);
	a = ok((const char *[]){ "enable", "89490221077334821954", "--device", "d", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_ENABLE);
	cr_assert_str_eq(a.iccid, "89490221077334821954");
	a = ok((const char *[]){ "disable", "894902210773348219", "--device", "d", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_DISABLE);
	a = ok((const char *[]){ "nickname", "89490221077334821954", "Backup", "--device", "d", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_NICKNAME);
	cr_assert_str_eq(a.nickname, "Backup");
	a = ok((const char *[]){ "nickname", "89490221077334821954", "", "--device", "d", NULL });
	cr_assert_str_eq(a.nickname, "", "an empty nickname clears it");
	a = ok((const char *[]){ "delete", "89490221077334821954", "--yes", "--device", "d", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_DELETE);
	cr_assert(a.yes);
	a = ok((const char *[]){ "download", "--qr", "label.png", "--device", "d", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_DOWNLOAD);
	cr_assert_str_eq(a.qr_photo, "label.png");
	a = ok((const char *[]){ "notifications", "--device", "d", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_NOTIFICATIONS);
	a = ok((const char *[]){ "notifications", "send", "--device", "d", NULL });
	cr_assert_eq(a.action, DS_ESIM_ACT_NOTIFICATIONS_SEND);
	cr_assert_str_eq(ds_esim_action_name(a.action), "notifications send");
}

Test(esim_args, help_wins_over_everything_else)
{
	ds_esim_args a = ok((const char *[]){ "frob", "--help", NULL });

	cr_assert(a.help);
}

Test(esim_args, wrong_lines_say_why)
{
	refused((const char *[]){ NULL }, "say what to do");
	refused((const char *[]){ "list", NULL }, "--device");
	refused((const char *[]){ "list", "--device", NULL }, "--device needs");
	refused((const char *[]){ "list", "--device", "", NULL }, "--device needs");
	refused((const char *[]){ "frob", "--device", "d", NULL }, "unknown action");
	refused((const char *[]){ "list", "--frob", "--device", "d", NULL }, "unknown option");
	refused((const char *[]){ "list", "extra", "--device", "d", NULL }, "takes no other argument");
	refused((const char *[]){ "enable", "--device", "d", NULL }, "ICCID of one profile");
	refused((const char *[]){ "enable", "1234", "--device", "d", NULL }, "not an ICCID");
	refused((const char *[]){ "enable", "8949022107733482195X", "--device", "d", NULL }, "not an ICCID");
	refused((const char *[]){ "delete", "89490221077334821954099", "--device", "d", NULL }, "not an ICCID");
	refused((const char *[]){ "nickname", "89490221077334821954", "--device", "d", NULL }, "new nickname");
	refused((const char *[]){ "list", "--yes", "--device", "d", NULL }, "--yes is for delete only");
	refused((const char *[]){ "list", "--qr", "x.png", "--device", "d", NULL }, "--qr is for download only");
	refused((const char *[]){ "download", "--qr", NULL }, "--qr needs");
	refused((const char *[]){ "notifications", "resend", "--device", "d", NULL }, "takes no other argument");
	/* A code is never an argument: the extra word is refused, not read. */
	refused((const char *[]){ "download", "LPA:1$smdp.example$ABC", "--device", "d", NULL },
		"takes no other argument");
}

Test(esim_args, iccid_lengths)
{
	cr_assert(ds_esim_iccid_valid("894902210773348219"));
	cr_assert(ds_esim_iccid_valid("8949022107733482195401"));
	cr_assert_not(ds_esim_iccid_valid("89490221077334821"));
	cr_assert_not(ds_esim_iccid_valid("89490221077334821954012"));
	cr_assert_not(ds_esim_iccid_valid(""));
	cr_assert_not(ds_esim_iccid_valid("8949 0221 0773 3482 19"));
}
