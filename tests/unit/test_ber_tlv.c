/* The AT-modem plugin's BER-TLV decoder and encoder: multi-byte tags and
 * long lengths, walks and path lookups, round trips through the encoder,
 * and hostile inputs (lengths that lie, truncated tags, deep nesting,
 * overflowing buffers) that must be refused without a read past the end. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ber_tlv.h"

Test(ber_tlv, reads_multi_byte_tags_and_lengths)
{
	/* BF2D (two-byte tag, constructed), length 0x81 0x03, then 5A 01 99 */
	static const uint8_t two[] = { 0xBF, 0x2D, 0x81, 0x03, 0x5A, 0x01, 0x99 };
	/* 9F70 (two-byte tag, primitive), length 1, value 01 */
	static const uint8_t state[] = { 0x9F, 0x70, 0x01, 0x01 };
	/* a three-byte tag: 1F 81 01, length 0 */
	static const uint8_t three[] = { 0x1F, 0x81, 0x01, 0x00 };
	ber_tlv t;

	cr_assert_eq(ber_tlv_read(two, sizeof two, &t), sizeof two);
	cr_expect_eq(t.tag, 0xBF2Du);
	cr_expect(t.constructed);
	cr_expect_eq(t.len, 3u);
	cr_expect_eq(t.value, two + 4);
	cr_assert_eq(ber_tlv_read(state, sizeof state, &t), sizeof state);
	cr_expect_eq(t.tag, 0x9F70u);
	cr_expect_not(t.constructed);
	cr_expect_eq(t.value[0], 0x01);
	cr_assert_eq(ber_tlv_read(three, sizeof three, &t), sizeof three);
	cr_expect_eq(t.tag, 0x1F8101u);
	cr_expect_eq(t.len, 0u);
}

Test(ber_tlv, long_form_lengths_of_two_and_three_bytes)
{
	size_t n = 4 + 300;
	uint8_t *buf = calloc(1, n);
	uint8_t three[5 + 2] = { 0x04, 0x83, 0x00, 0x00, 0x02, 0xAA, 0xBB };
	ber_tlv t;

	buf[0] = 0x04;
	buf[1] = 0x82;
	buf[2] = 0x01;
	buf[3] = 0x2C; /* 300 */
	cr_assert_eq(ber_tlv_read(buf, n, &t), n);
	cr_expect_eq(t.len, 300u);
	cr_assert_eq(ber_tlv_read(three, sizeof three, &t), sizeof three);
	cr_expect_eq(t.len, 2u);
	cr_expect_eq(t.value[1], 0xBB);
	free(buf);
}

Test(ber_tlv, lengths_that_lie_are_refused)
{
	/* claims 5 bytes, has 4 */
	static const uint8_t short_value[] = { 0x5A, 0x05, 1, 2, 3, 4 };
	/* 0x82 says two length bytes follow, only one does */
	static const uint8_t short_length[] = { 0x5A, 0x82, 0x01 };
	/* indefinite length (0x80) is not DER */
	static const uint8_t indefinite[] = { 0x30, 0x80, 0x00, 0x00 };
	/* four length bytes: over the cap */
	static const uint8_t four[] = { 0x04, 0x84, 0, 0, 0, 1, 0xAA };
	/* a child that claims more than its parent holds */
	static const uint8_t child_lies[] = { 0x30, 0x03, 0x04, 0x05, 0xAA };
	ber_tlv t;

	cr_expect_eq(ber_tlv_read(short_value, sizeof short_value, &t), 0u);
	cr_expect_eq(ber_tlv_read(short_length, sizeof short_length, &t), 0u);
	cr_expect_eq(ber_tlv_read(indefinite, sizeof indefinite, &t), 0u);
	cr_expect_eq(ber_tlv_read(four, sizeof four, &t), 0u);
	cr_expect_eq(ber_tlv_read(child_lies, sizeof child_lies, &t), sizeof child_lies, "the parent itself fits");
	cr_expect_eq(ber_tlv_check(child_lies, sizeof child_lies, 4), -1);
	cr_expect_eq(ber_tlv_find(&t, 0x04, &t), -1);
}

Test(ber_tlv, truncated_tags_are_refused)
{
	static const uint8_t cut_after_first[] = { 0xBF };
	static const uint8_t cut_in_subsequent[] = { 0xBF, 0x81 };
	static const uint8_t four_byte_tag[] = { 0x1F, 0x81, 0x81, 0x01, 0x00 };
	ber_tlv t;

	cr_expect_eq(ber_tlv_read(cut_after_first, sizeof cut_after_first, &t), 0u);
	cr_expect_eq(ber_tlv_read(cut_in_subsequent, sizeof cut_in_subsequent, &t), 0u);
	cr_expect_eq(ber_tlv_read(four_byte_tag, sizeof four_byte_tag, &t), 0u);
	cr_expect_eq(ber_tlv_read(NULL, 0, &t), 0u);
}

Test(ber_tlv, every_prefix_of_a_valid_tree_fails_cleanly)
{
	/* BF2D 0C A0 0A E3 08 5A 02 98 10 9F70 01 01 */
	static const uint8_t tree[] = { 0xBF, 0x2D, 0x0C, 0xA0, 0x0A, 0xE3, 0x08, 0x5A,
					0x02, 0x98, 0x10, 0x9F, 0x70, 0x01, 0x01 };

	cr_assert_eq(ber_tlv_check(tree, sizeof tree, 8), 0);
	for (size_t cut = 0; cut < sizeof tree; cut++) {
		/* a heap copy of exactly cut bytes: a read past it would be caught by a sanitizer */
		uint8_t *part = malloc(cut ? cut : 1);

		memcpy(part, tree, cut);
		cr_expect_eq(ber_tlv_check(part, cut, 8), cut == 0 ? 0 : -1, "prefix of %zu bytes", cut);
		free(part);
	}
}

Test(ber_tlv, deep_nesting_is_capped)
{
	uint8_t buf[2 * 40];
	size_t depth = 40;

	/* 40 nested SEQUENCEs: 30 4E 30 4C ... 30 00 */
	for (size_t i = 0; i < depth; i++) {
		buf[2 * i] = 0x30;
		buf[2 * i + 1] = (uint8_t)(2 * (depth - 1 - i));
	}
	cr_expect_eq(ber_tlv_check(buf, sizeof buf, BER_TLV_MAX_DEPTH), -1);
	cr_expect_eq(ber_tlv_check(buf + 2 * (depth - 5), 10, 5), 0, "five levels within a cap of five");
	cr_expect_eq(ber_tlv_check(buf + 2 * (depth - 6), 12, 5), -1, "six levels over it");
	cr_expect_eq(ber_tlv_check(buf, sizeof buf, 1000), -1, "the cap never exceeds BER_TLV_MAX_DEPTH");
}

Test(ber_tlv, walk_and_find_by_path)
{
	/* BF2D { A0 { E3 { 5A 01 11 }, E3 { 5A 01 22, 90 01 'x' } } } */
	static const uint8_t buf[] = { 0xBF, 0x2D, 0x0F, 0xA0, 0x0D, 0xE3, 0x03, 0x5A, 0x01,
				       0x11, 0xE3, 0x06, 0x5A, 0x01, 0x22, 0x90, 0x01, 'x' };
	static const uint32_t path[] = { 0xBF2D, 0xA0, 0xE3, 0x5A };
	static const uint32_t missing[] = { 0xBF2D, 0xA1 };
	ber_tlv t, list, item;
	ber_iter it;
	int count = 0;

	cr_assert_eq(ber_tlv_find_path(buf, sizeof buf, path, 4, &t), 0);
	cr_expect_eq(t.value[0], 0x11, "the first E3's ICCID");
	cr_expect_eq(ber_tlv_find_path(buf, sizeof buf, missing, 2, &t), -1);
	cr_assert_eq(ber_tlv_find_path(buf, sizeof buf, path, 2, &list), 0);
	ber_iter_children(&it, &list);
	while (ber_iter_next(&it, &item) == 1) {
		cr_expect_eq(item.tag, 0xE3u);
		count++;
	}
	cr_expect_eq(count, 2);
	cr_expect_eq(ber_tlv_find(&item, 0x90, &t), 0);
	cr_expect_eq(t.value[0], 'x');
	/* a primitive has no children */
	cr_expect_eq(ber_tlv_find(&t, 0x90, &t), -1);
}

Test(ber_tlv, unsigned_integers)
{
	static const uint8_t v127[] = { 0x80, 0x01, 0x7F };
	static const uint8_t v255[] = { 0x80, 0x02, 0x00, 0xFF };
	static const uint8_t boolean[] = { 0x81, 0x01, 0xFF };
	static const uint8_t negative[] = { 0x80, 0x02, 0xFF, 0x01 };
	static const uint8_t too_long[] = { 0x80, 0x05, 0x01, 0, 0, 0, 0 };
	static const uint8_t empty[] = { 0x80, 0x00 };
	ber_tlv t;
	uint32_t v;

	ber_tlv_read(v127, sizeof v127, &t);
	cr_expect(ber_tlv_uint(&t, &v) == 0 && v == 127);
	ber_tlv_read(v255, sizeof v255, &t);
	cr_expect(ber_tlv_uint(&t, &v) == 0 && v == 255);
	ber_tlv_read(boolean, sizeof boolean, &t);
	cr_expect(ber_tlv_uint(&t, &v) == 0 && v == 0xFF);
	ber_tlv_read(negative, sizeof negative, &t);
	cr_expect_eq(ber_tlv_uint(&t, &v), -1);
	ber_tlv_read(too_long, sizeof too_long, &t);
	cr_expect_eq(ber_tlv_uint(&t, &v), -1);
	ber_tlv_read(empty, sizeof empty, &t);
	cr_expect_eq(ber_tlv_uint(&t, &v), -1);
}

Test(ber_tlv, encoder_writes_der)
{
	/* EnableProfileRequest for ICCID 89 01 ... : BF31 { A0 { 5A 0A ... } 81 01 FF } */
	static const uint8_t iccid[10] = { 0x98, 0x10, 0x32, 0x54, 0x76, 0x98, 0x10, 0x32, 0x54, 0xF6 };
	static const uint8_t want[] = { 0xBF, 0x31, 0x11, 0xA0, 0x0C, 0x5A, 0x0A, 0x98, 0x10, 0x32,
					0x54, 0x76, 0x98, 0x10, 0x32, 0x54, 0xF6, 0x81, 0x01, 0xFF };
	uint8_t buf[64];
	ber_writer w;

	ber_writer_init(&w, buf, sizeof buf);
	ber_begin(&w, 0xBF31);
	ber_begin(&w, 0xA0);
	ber_put(&w, 0x5A, iccid, sizeof iccid);
	ber_end(&w);
	ber_put_bool(&w, 0x81, true);
	ber_end(&w);
	cr_assert_eq(ber_writer_finish(&w), (long)sizeof want);
	cr_expect_arr_eq(buf, want, sizeof want);
}

Test(ber_tlv, encoder_integers_are_minimal)
{
	uint8_t buf[32];
	ber_writer w;

	ber_writer_init(&w, buf, sizeof buf);
	ber_put_uint(&w, 0x80, 0);      /* 80 01 00 */
	ber_put_uint(&w, 0x80, 127);    /* 80 01 7F */
	ber_put_uint(&w, 0x80, 128);    /* 80 02 00 80 */
	ber_put_uint(&w, 0x80, 0x1234); /* 80 02 12 34 */
	cr_assert_eq(ber_writer_finish(&w), 14);
	cr_expect_arr_eq(buf,
			 ((uint8_t[]){ 0x80, 0x01, 0x00, 0x80, 0x01, 0x7F, 0x80, 0x02, 0x00, 0x80, 0x80, 0x02, 0x12,
				       0x34 }),
			 14);
}

Test(ber_tlv, long_constructed_value_round_trips)
{
	/* a constructed value of 200 and then of 70000 bytes: its length moves to 81 C8 / 83 01 11 70 */
	size_t sizes[] = { 200, 70000 };

	for (size_t k = 0; k < 2; k++) {
		size_t n = sizes[k];
		uint8_t *value = malloc(n), *buf = malloc(n + 16);
		ber_writer w;
		ber_tlv outer, inner;
		long len;

		for (size_t i = 0; i < n; i++)
			value[i] = (uint8_t)i;
		ber_writer_init(&w, buf, n + 16);
		ber_begin(&w, 0xBF2B);
		ber_put(&w, 0x04, value, n);
		ber_end(&w);
		len = ber_writer_finish(&w);
		cr_assert_gt(len, 0);
		cr_assert_eq(ber_tlv_read(buf, (size_t)len, &outer), (size_t)len);
		cr_expect_eq(outer.tag, 0xBF2Bu);
		cr_assert_eq(ber_tlv_find(&outer, 0x04, &inner), 0);
		cr_expect_eq(inner.len, n);
		cr_expect_arr_eq(inner.value, value, n);
		free(value);
		free(buf);
	}
}

Test(ber_tlv, encoder_reports_overflow_and_misuse)
{
	uint8_t buf[8];
	uint8_t data[16] = { 0 };
	ber_writer w;

	ber_writer_init(&w, buf, sizeof buf);
	ber_put(&w, 0x04, data, sizeof data);
	cr_expect_eq(ber_writer_finish(&w), -1, "16 bytes do not fit in 8");
	ber_writer_init(&w, buf, sizeof buf);
	ber_begin(&w, 0x30);
	cr_expect_eq(ber_writer_finish(&w), -1, "an open value");
	ber_writer_init(&w, buf, sizeof buf);
	ber_end(&w);
	cr_expect_eq(ber_writer_finish(&w), -1, "an end without a begin");
	ber_writer_init(&w, buf, sizeof buf);
	ber_put(&w, 0x1F, data, 1);
	cr_expect_eq(ber_writer_finish(&w), -1, "0x1F alone is not a tag");
	/* a constructed value whose long length no longer fits when closed */
	{
		uint8_t small[130];
		uint8_t big[126] = { 0 };

		ber_writer_init(&w, small, sizeof small);
		ber_begin(&w, 0x30);
		ber_put(&w, 0x04, big, sizeof big); /* 128 bytes of content: needs 81 80 */
		cr_expect_eq(w.len, 130u);
		ber_end(&w);
		cr_expect_eq(ber_writer_finish(&w), -1);
	}
}

Test(ber_tlv, random_bytes_never_read_past_the_end)
{
	srand(16);
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(rand() % 40);
		uint8_t *buf = malloc(n ? n : 1);
		ber_iter it;
		ber_tlv t;

		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)(round % 3 ? rand() : (rand() % 2 ? 0xBF : 0x81));
		(void)ber_tlv_check(buf, n, BER_TLV_MAX_DEPTH);
		ber_iter_init(&it, buf, n);
		while (ber_iter_next(&it, &t) == 1) {
			cr_assert(t.raw >= buf && t.raw + t.raw_len <= buf + n);
			cr_assert(t.value >= buf && t.value + t.len <= buf + n);
		}
		free(buf);
	}
}
