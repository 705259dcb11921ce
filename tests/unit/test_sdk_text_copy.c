/* ds_text_copy(), the SDK's copy into the fixed-size text fields: always
 * terminated, cut before a character that does not fit (never inside a
 * UTF-8 sequence), NULL as "", overlapping buffers. */
#include <criterion/criterion.h>
#include <string.h>
#include <doorstep/plugin.h>

Test(sdk_text_copy, fits_and_is_terminated)
{
	char dst[8];

	memset(dst, 'x', sizeof dst);
	ds_text_copy(dst, sizeof dst, "abc");
	cr_assert_str_eq(dst, "abc");
	ds_text_copy(dst, sizeof dst, "1234567");
	cr_assert_str_eq(dst, "1234567");
	ds_text_copy(dst, sizeof dst, NULL);
	cr_assert_str_eq(dst, "");
}

Test(sdk_text_copy, cut_before_the_character_that_does_not_fit)
{
	char dst[6];

	ds_text_copy(dst, sizeof dst, "abcdefgh");
	cr_assert_str_eq(dst, "abcde");
	/* "abcd" then "é" (C3 A9): only its first byte would fit */
	ds_text_copy(dst, sizeof dst, "abcd\xc3\xa9");
	cr_assert_str_eq(dst, "abcd");
	/* "ab" then "€" (E2 82 AC): it fits exactly */
	ds_text_copy(dst, sizeof dst, "ab\xe2\x82\xac!");
	cr_assert_str_eq(dst, "ab\xe2\x82\xac");
	/* "abc" then "€": two of its three bytes would fit */
	ds_text_copy(dst, sizeof dst, "abc\xe2\x82\xac");
	cr_assert_str_eq(dst, "abc");
}

Test(sdk_text_copy, no_room_and_overlap)
{
	char buf[16] = "0123456789";
	char one[1] = { 'x' };

	ds_text_copy(one, sizeof one, "abc");
	cr_assert_eq(one[0], '\0');
	ds_text_copy(buf, 0, "abc"); /* nothing written */
	cr_assert_str_eq(buf, "0123456789");
	ds_text_copy(buf + 2, 10, buf); /* forward overlap: 9 characters and the NUL */
	cr_assert_str_eq(buf, "01012345678");
	ds_text_copy(buf, sizeof buf, buf + 4); /* backward overlap */
	cr_assert_str_eq(buf, "2345678");
}
