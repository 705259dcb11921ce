/* The backup mark in an eSIM profile's nickname (plugins/atmodem/
 * esim_backup_mark.c): found, removed and added, the whole kept within the
 * 64 bytes SGP.22 allows a nickname, a name cut only between characters. */
#include <criterion/criterion.h>
#include <string.h>

#include "esim_backup_mark.h"

Test(esim_backup_mark, found_only_at_the_end_as_a_word)
{
	cr_expect(esim_backup_marked("Office [backup]"));
	cr_expect(esim_backup_marked("[backup]"));
	cr_expect_not(esim_backup_marked("Office[backup]"), "the mark is a word of its own");
	cr_expect_not(esim_backup_marked("[backup] Office"));
	cr_expect_not(esim_backup_marked("backup"), "the demo's plain nickname is no mark");
	cr_expect_not(esim_backup_marked(""));
}

Test(esim_backup_mark, added_once_and_removed)
{
	char out[128];

	cr_assert_eq(esim_backup_mark("Office", out, sizeof out), 0);
	cr_expect_str_eq(out, "Office [backup]");
	cr_assert_eq(esim_backup_mark(out, out, sizeof out), 0);
	cr_expect_str_eq(out, "Office [backup]", "a marked name keeps one mark");
	cr_assert_eq(esim_backup_mark("", out, sizeof out), 0);
	cr_expect_str_eq(out, "[backup]");
	esim_backup_unmark("Office [backup]", out, sizeof out);
	cr_expect_str_eq(out, "Office");
	esim_backup_unmark("Office  [backup]", out, sizeof out);
	cr_expect_str_eq(out, "Office", "the spaces before the mark go with it");
	esim_backup_unmark("[backup]", out, sizeof out);
	cr_expect_str_eq(out, "");
	esim_backup_unmark("Office[backup]", out, sizeof out);
	cr_expect_str_eq(out, "Office[backup]", "not a mark: left as it is");
}

Test(esim_backup_mark, the_whole_fits_in_64_bytes)
{
	char name[80], out[128];

	memset(name, 'a', 64);
	name[64] = '\0';
	cr_assert_eq(esim_backup_mark(name, out, sizeof out), 0);
	cr_expect_eq(strlen(out), ESIM_NICKNAME_MAX_BYTES);
	cr_expect(esim_backup_marked(out));
	/* "ä" is two bytes: 28 of them are 56; with the 9 of the mark 65 > 64,
	 * so one character goes, never half of one */
	for (int i = 0; i < 28; i++)
		memcpy(name + 2 * i, "\xC3\xA4", 2);
	name[56] = '\0';
	cr_assert_eq(esim_backup_mark(name, out, sizeof out), 0);
	cr_expect_eq(strlen(out), 54u + sizeof ESIM_BACKUP_MARK - 1);
	cr_expect_eq(memcmp(out, name, 54), 0);
	cr_expect_str_eq(out + 54, ESIM_BACKUP_MARK);
}

Test(esim_backup_mark, a_small_buffer_is_refused_or_cut_between_characters)
{
	char out[8];

	cr_expect_eq(esim_backup_mark("Office", out, sizeof out), -1);
	esim_backup_unmark("\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4", out, 6);
	cr_expect_str_eq(out, "\xC3\xA4\xC3\xA4", "five bytes of room hold two whole characters");
}
