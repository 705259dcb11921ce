/* The AT-modem plugin's SGP.22 ES10 requests and answers. Every answer is
 * written out by hand from the ASN.1 of SGP.22 (v2.x, section 5.7 and the
 * module's automatic tags), with a comment deriving each tag and length;
 * the requests are compared with bytes derived the same way. Then hostile
 * answers: every prefix of a valid one, wrong tags, trailing bytes. */
#include <criterion/criterion.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "es10.h"

/* ICCID 8944476500001234567 (19 digits): padded to 20 with F, each pair of
 * digits stored low nibble first: 89 44 47 65 00 00 12 34 56 7F ->
 * 98 44 74 56 00 00 21 43 65 F7 */
#define ICCID1_BYTES 0x98, 0x44, 0x74, 0x56, 0x00, 0x00, 0x21, 0x43, 0x65, 0xF7
/* ICCID 89462046000000000011 (20 digits) -> 98 64 02 64 00 00 00 00 00 11 */
#define ICCID2_BYTES 0x98, 0x64, 0x02, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11
/* an ISD-P AID of 16 bytes */
#define AID_BYTES 0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x10, 0x00

/* ProfileInfoListResponse ::= [45] CHOICE { profileInfoListOk SEQUENCE OF ProfileInfo, ... }
 *   BF2D (len 0x55 = 85)
 *     A0 (profileInfoListOk [0], len 0x53 = 83 = 58 + 25)
 *       E3 (ProfileInfo [PRIVATE 3], len 0x38 = 56 = 12 + 18 + 4 + 7 + 4 + 8 + 3)
 *         5A 0A <ICCID1>               iccid [APPLICATION 26]
 *         4F 10 <AID>                  isdpAid [APPLICATION 15]
 *         9F70 01 01                   profileState [112]: enabled(1)
 *         90 05 42 C3 BC 72 6F         profileNickname [16]: "Büro" in UTF-8
 *         91 02 "EE"                   serviceProviderName [17]
 *         92 06 "EE IoT"               profileName [18]
 *         95 01 02                     profileClass [21]: operational(2)
 *       E3 (len 0x17 = 23 = 12 + 4 + 7)
 *         5A 0A <ICCID2>
 *         9F70 01 00                   disabled(0)
 *         91 05 "Telia"                (no class: DEFAULT operational) */
static const uint8_t profiles_answer[] = {
	0xBF, 0x2D,         0x55, 0xA0, 0x53, 0xE3, 0x38, 0x5A, 0x0A, ICCID1_BYTES, 0x4F, 0x10, AID_BYTES, 0x9F,
	0x70, 0x01,         0x01, 0x90, 0x05, 0x42, 0xC3, 0xBC, 0x72, 0x6F,         0x91, 0x02, 'E',       'E',
	0x92, 0x06,         'E',  'E',  ' ',  'I',  'o',  'T',  0x95, 0x01,         0x02, 0xE3, 0x17,      0x5A,
	0x0A, ICCID2_BYTES, 0x9F, 0x70, 0x01, 0x00, 0x91, 0x05, 'T',  'e',          'l',  'i',  'a',
};

/* ListNotificationResponse ::= [40] CHOICE { notificationMetadataList [0] SEQUENCE OF NotificationMetadata, ... }
 *   BF28 (len 0x3A = 58)
 *     A0 (len 0x38 = 56 = 40 + 16)
 *       BF2F (NotificationMetadata [47], len 0x25 = 37 = 3 + 4 + 18 + 12)
 *         80 01 05                     seqNumber [0] = 5
 *         81 02 06 40                  profileManagementOperation [1] BIT STRING:
 *                                      6 unused bits, 0x40 = bit 1 notificationEnable
 *         0C 10 "smdp.example.com"     notificationAddress UTF8String
 *         5A 0A <ICCID1>               iccid
 *       BF2F (len 0x0D = 13 = 4 + 4 + 5)
 *         80 02 01 00                  seqNumber 256 (two bytes)
 *         81 02 04 10                  4 unused bits, 0x10 = bit 3 notificationDelete
 *         0C 03 "a.b" */
static const uint8_t list_answer[] = {
	0xBF, 0x28, 0x3A, 0xA0, 0x38, 0xBF, 0x2F, 0x25, 0x80, 0x01,         0x05, 0x81, 0x02,
	0x06, 0x40, 0x0C, 0x10, 's',  'm',  'd',  'p',  '.',  'e',          'x',  'a',  'm',
	'p',  'l',  'e',  '.',  'c',  'o',  'm',  0x5A, 0x0A, ICCID1_BYTES, 0xBF, 0x2F, 0x0D,
	0x80, 0x02, 0x01, 0x00, 0x81, 0x02, 0x04, 0x10, 0x0C, 0x03,         'a',  '.',  'b',
};

/* RetrieveNotificationsListResponse ::= [43] CHOICE { notificationList [0] SEQUENCE OF PendingNotification, ... }
 *   BF2B (len 0x35 = 53)
 *     A0 (len 0x33 = 51 = 23 + 28)
 *       30 (OtherSignedNotification SEQUENCE, len 0x15 = 21 = 15 + 6)
 *         BF2F 0C { 80 01 07, 81 02 05 20 (bit 2 notificationDisable), 0C 03 "a.b" }
 *         5F37 03 01 02 03             euiccNotificationSignature [APPLICATION 55] (shortened)
 *       BF37 (ProfileInstallationResult [55], len 0x19 = 25 = 21 + 4)
 *         BF27 (ProfileInstallationResultData [39], len 0x12 = 18 = 3 + 15)
 *           80 01 11                   transactionId [0]
 *           BF2F 0C { 80 01 08, 81 02 07 80 (bit 0 notificationInstall), 0C 03 "a.b" }
 *         5F37 01 AA                   euiccSignPIR (shortened) */
static const uint8_t retrieve_answer[] = {
	0xBF, 0x2B, 0x35, 0xA0, 0x33, 0x30, 0x15, 0xBF, 0x2F, 0x0C, 0x80, 0x01, 0x07, 0x81,
	0x02, 0x05, 0x20, 0x0C, 0x03, 'a',  '.',  'b',  0x5F, 0x37, 0x03, 0x01, 0x02, 0x03,
	0xBF, 0x37, 0x19, 0xBF, 0x27, 0x12, 0x80, 0x01, 0x11, 0xBF, 0x2F, 0x0C, 0x80, 0x01,
	0x08, 0x81, 0x02, 0x07, 0x80, 0x0C, 0x03, 'a',  '.',  'b',  0x5F, 0x37, 0x01, 0xAA,
};

/* EuiccConfiguredAddressesResponse ::= [60] SEQUENCE { defaultDpAddress [0] UTF8String OPTIONAL,
 *                                                     rootDsAddress [1] UTF8String }
 *   BF3C (len 0x23 = 35 = 18 + 17) { 80 10 "smdp.example.com", 81 0F "lpa.ds.gsma.com" } */
static const uint8_t addresses_answer[] = {
	0xBF, 0x3C, 0x23, 0x80, 0x10, 's', 'm', 'd', 'p', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c',
	'o',  'm',  0x81, 0x0F, 'l',  'p', 'a', '.', 'd', 's', '.', 'g', 's', 'm', 'a', '.', 'c', 'o', 'm',
};

/* EuiccDataResponse [62] { eidValue [APPLICATION 26] OCTET STRING (SIZE(16)) }:
 *   BF3E 12 (18 = 2 + 16) 5A 10 <EID> */
static const uint8_t eid_answer[] = {
	0xBF, 0x3E, 0x12, 0x5A, 0x10, 0x89, 0x04, 0x90, 0x32, 0x12, 0x34,
	0x51, 0x23, 0x45, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x35,
};

Test(es10, requests_match_the_asn1)
{
	/* GetEuiccDataRequest [62] { tagList [APPLICATION 28] = '5A' }: BF3E 03 5C 01 5A */
	static const uint8_t eid[] = { 0xBF, 0x3E, 0x03, 0x5C, 0x01, 0x5A };
	/* ProfileInfoListRequest [45] { tagList 5C 08: 5A 9F70 90 91 92 95 B7 }: BF2D 0A ... */
	static const uint8_t profiles[] = { 0xBF, 0x2D, 0x0A, 0x5C, 0x08, 0x5A, 0x9F, 0x70, 0x90, 0x91, 0x92, 0x95, 0xB7 };
	/* EnableProfileRequest [49] { profileIdentifier [0] CHOICE { iccid }, refreshFlag [1] BOOLEAN TRUE }:
	 * BF31 11 (17 = 14 + 3) A0 0C 5A 0A <ICCID1> 81 01 FF */
	static const uint8_t enable[] = { 0xBF, 0x31, 0x11, 0xA0, 0x0C, 0x5A, 0x0A, ICCID1_BYTES, 0x81, 0x01, 0xFF };
	/* by AID, no refresh: BF31 17 (23 = 20 + 3) A0 12 4F 10 <AID> 81 01 00 */
	static const uint8_t enable_aid[] = { 0xBF, 0x31, 0x17, 0xA0, 0x12, 0x4F, 0x10, AID_BYTES, 0x81, 0x01, 0x00 };
	/* DisableProfileRequest [50]: the same layout under BF32 */
	static const uint8_t disable[] = { 0xBF, 0x32, 0x11, 0xA0, 0x0C, 0x5A, 0x0A, ICCID2_BYTES, 0x81, 0x01, 0xFF };
	/* DeleteProfileRequest ::= [51] CHOICE { iccid }: BF33 0C 5A 0A <ICCID1> */
	static const uint8_t del[] = { 0xBF, 0x33, 0x0C, 0x5A, 0x0A, ICCID1_BYTES };
	/* SetNicknameRequest [41] { iccid, profileNickname [16] "Büro" }: BF29 13 (19 = 12 + 7) ... */
	static const uint8_t nick[] = { 0xBF, 0x29, 0x13, 0x5A, 0x0A, ICCID1_BYTES, 0x90,
					0x05, 0x42, 0xC3, 0xBC, 0x72, 0x6F };
	/* EuiccConfiguredAddressesRequest [60] SEQUENCE {}: BF3C 00; ListNotificationRequest [40]: BF28 00 */
	static const uint8_t addresses[] = { 0xBF, 0x3C, 0x00 };
	static const uint8_t list[] = { 0xBF, 0x28, 0x00 };
	/* RetrieveNotificationsListRequest [43] { searchCriteria [0] { seqNumber [0] 7 } }: BF2B 05 A0 03 80 01 07 */
	static const uint8_t retrieve_one[] = { 0xBF, 0x2B, 0x05, 0xA0, 0x03, 0x80, 0x01, 0x07 };
	static const uint8_t retrieve_all[] = { 0xBF, 0x2B, 0x00 };
	/* NotificationSentRequest [48] { seqNumber [0] 300 }: BF30 04 80 02 01 2C */
	static const uint8_t remove[] = { 0xBF, 0x30, 0x04, 0x80, 0x02, 0x01, 0x2C };
	uint8_t buf[128];

	cr_assert_eq(es10_request_eid(buf, sizeof buf), (long)sizeof eid);
	cr_expect_arr_eq(buf, eid, sizeof eid);
	cr_assert_eq(es10_request_profiles(buf, sizeof buf), (long)sizeof profiles);
	cr_expect_arr_eq(buf, profiles, sizeof profiles);
	cr_assert_eq(es10_request_enable(buf, sizeof buf, "8944476500001234567", true), (long)sizeof enable);
	cr_expect_arr_eq(buf, enable, sizeof enable);
	cr_assert_eq(es10_request_enable(buf, sizeof buf, "a0000005591010ffffffff8900001000", false),
		     (long)sizeof enable_aid);
	cr_expect_arr_eq(buf, enable_aid, sizeof enable_aid);
	cr_assert_eq(es10_request_disable(buf, sizeof buf, "89462046000000000011", true), (long)sizeof disable);
	cr_expect_arr_eq(buf, disable, sizeof disable);
	cr_assert_eq(es10_request_delete(buf, sizeof buf, "8944476500001234567"), (long)sizeof del);
	cr_expect_arr_eq(buf, del, sizeof del);
	cr_assert_eq(es10_request_set_nickname(buf, sizeof buf, "8944476500001234567", "Büro"), (long)sizeof nick);
	cr_expect_arr_eq(buf, nick, sizeof nick);
	cr_assert_eq(es10_request_addresses(buf, sizeof buf), (long)sizeof addresses);
	cr_expect_arr_eq(buf, addresses, sizeof addresses);
	cr_assert_eq(es10_request_list_notifications(buf, sizeof buf), (long)sizeof list);
	cr_expect_arr_eq(buf, list, sizeof list);
	cr_assert_eq(es10_request_retrieve_notifications(buf, sizeof buf, false, 7), (long)sizeof retrieve_one);
	cr_expect_arr_eq(buf, retrieve_one, sizeof retrieve_one);
	cr_assert_eq(es10_request_retrieve_notifications(buf, sizeof buf, true, 0), (long)sizeof retrieve_all);
	cr_expect_arr_eq(buf, retrieve_all, sizeof retrieve_all);
	cr_assert_eq(es10_request_remove_notification(buf, sizeof buf, 300), (long)sizeof remove);
	cr_expect_arr_eq(buf, remove, sizeof remove);
}

Test(es10, requests_refuse_bad_arguments)
{
	uint8_t buf[256];
	char long_nick[80];
	/* 64 characters of two bytes each ("é" is C3 A9): allowed */
	char nick64[2 * 64 + 1];

	cr_expect_eq(es10_request_enable(buf, sizeof buf, "89444765000012345678901", true), -1, "21 digits");
	cr_expect_eq(es10_request_enable(buf, sizeof buf, "8944x", true), -1, "not digits");
	cr_expect_eq(es10_request_delete(buf, sizeof buf, ""), -1);
	cr_expect_eq(es10_request_enable(buf, 10, "8944476500001234567", true), -1, "does not fit");
	memset(long_nick, 'n', 65);
	long_nick[65] = '\0';
	cr_expect_eq(es10_request_set_nickname(buf, sizeof buf, "8944476500001234567", long_nick), -1, "65 characters");
	for (size_t i = 0; i < 64; i++)
		memcpy(nick64 + 2 * i, "\xC3\xA9", 2);
	nick64[128] = '\0';
	cr_expect_gt(es10_request_set_nickname(buf, sizeof buf, "8944476500001234567", nick64), 0);
}

Test(es10, eid)
{
	char eid[ES10_EID_SIZE];

	cr_assert_eq(es10_parse_eid(eid_answer, sizeof eid_answer, eid), ES10_OK);
	cr_expect_str_eq(eid, "89049032123451234512345678901235");
}

Test(es10, profiles)
{
	es10_profile p[4];
	size_t n = 0;
	bool truncated = true;

	cr_assert_eq(es10_parse_profiles(profiles_answer, sizeof profiles_answer, p, 4, &n, &truncated), ES10_OK);
	cr_assert_eq(n, 2u);
	cr_expect_not(truncated);
	cr_expect_str_eq(p[0].iccid, "8944476500001234567");
	cr_expect_str_eq(p[0].aid, "A0000005591010FFFFFFFF8900001000");
	cr_expect_eq(p[0].state, ES10_STATE_ENABLED);
	cr_expect_str_eq(p[0].nickname, "Büro");
	cr_expect_str_eq(p[0].provider, "EE");
	cr_expect_str_eq(p[0].name, "EE IoT");
	cr_expect_eq(p[0].profile_class, ES10_CLASS_OPERATIONAL);
	cr_expect_str_eq(p[1].iccid, "89462046000000000011");
	cr_expect_eq(p[1].state, ES10_STATE_DISABLED);
	cr_expect_str_eq(p[1].provider, "Telia");
	cr_expect_str_eq(p[1].nickname, "");
	cr_expect_eq(p[1].profile_class, ES10_CLASS_OPERATIONAL, "the DEFAULT");
	cr_expect_str_eq(es10_state_name(p[1].state), "disabled");
	/* room for one: the second is left out, and said so */
	cr_assert_eq(es10_parse_profiles(profiles_answer, sizeof profiles_answer, p, 1, &n, &truncated), ES10_OK);
	cr_expect_eq(n, 1u);
	cr_expect(truncated);
}

/* The profile owner's MCC and MNC (SGP.22 profileOwner [23] OperatorId,
 * mccMnc [0] OCTET STRING (3): the PLMN identity of 3GPP TS 24.008, digits
 * low nibble first, MNC's third digit F when it has two):
 *   234/15:  32 F4 51 (MCC 2 3 | F 4 | MNC 1 5)
 *   310/410: 13 00 14 (MCC 3 1 | MNC3 0, MCC3 0 | MNC 4 1)
 *   BF2D 2C (44) { A0 2A (42) { E3 13 (19 = 12 + 7) { 5A 0A <ICCID1> B7 05 { 80 03 32 F4 51 } }
 *                               E3 13 { 5A 0A <ICCID2> B7 05 { 80 03 13 00 14 } } } } */
static const uint8_t owners_answer[] = {
	0xBF, 0x2D, 0x2C, 0xA0, 0x2A, 0xE3, 0x13,         0x5A, 0x0A, ICCID1_BYTES, 0xB7, 0x05, 0x80, 0x03, 0x32,
	0xF4, 0x51, 0xE3, 0x13, 0x5A, 0x0A, ICCID2_BYTES, 0xB7, 0x05, 0x80,         0x03, 0x13, 0x00, 0x14,
};

Test(es10, profile_owner_gives_the_network)
{
	uint8_t bad[sizeof owners_answer];
	es10_profile p[2];
	size_t n = 0;
	bool truncated = true;

	cr_assert_eq(es10_parse_profiles(owners_answer, sizeof owners_answer, p, 2, &n, &truncated), ES10_OK);
	cr_assert_eq(n, 2u);
	cr_expect_str_eq(p[0].mcc, "234");
	cr_expect_str_eq(p[0].mnc, "15");
	cr_expect_str_eq(p[1].mcc, "310");
	cr_expect_str_eq(p[1].mnc, "410");
	/* a nibble that is no digit (A in the MCC) is no PLMN identity */
	memcpy(bad, owners_answer, sizeof bad);
	bad[23] = 0x3A; /* the first byte of the first PLMN */
	cr_expect_eq(es10_parse_profiles(bad, sizeof bad, p, 2, &n, &truncated), ES10_MALFORMED);
}

Test(es10, profile_list_errors)
{
	/* profileInfoListError [1] INTEGER: incorrectInputValues(1), undefinedError(127) */
	static const uint8_t bad_input[] = { 0xBF, 0x2D, 0x03, 0x81, 0x01, 0x01 };
	static const uint8_t undefined[] = { 0xBF, 0x2D, 0x03, 0x81, 0x01, 0x7F };
	static const uint8_t empty_list[] = { 0xBF, 0x2D, 0x02, 0xA0, 0x00 };
	/* an ICCID with a nibble that is no digit (0xA) */
	static const uint8_t bad_iccid[] = { 0xBF, 0x2D, 0x08, 0xA0, 0x06, 0xE3, 0x04, 0x5A, 0x02, 0x98, 0xA4 };
	/* a list item that is not a ProfileInfo */
	static const uint8_t not_e3[] = { 0xBF, 0x2D, 0x04, 0xA0, 0x02, 0x30, 0x00 };
	es10_profile p[2];
	size_t n = 9;
	bool truncated;

	cr_expect_eq(es10_parse_profiles(bad_input, sizeof bad_input, p, 2, &n, &truncated), ES10_INCORRECT_INPUT);
	cr_expect_eq(es10_parse_profiles(undefined, sizeof undefined, p, 2, &n, &truncated), ES10_UNDEFINED);
	cr_expect_eq(es10_parse_profiles(empty_list, sizeof empty_list, p, 2, &n, &truncated), ES10_OK);
	cr_expect_eq(n, 0u);
	cr_expect_eq(es10_parse_profiles(bad_iccid, sizeof bad_iccid, p, 2, &n, &truncated), ES10_MALFORMED);
	cr_expect_eq(es10_parse_profiles(not_e3, sizeof not_e3, p, 2, &n, &truncated), ES10_MALFORMED);
}

Test(es10, result_codes_per_command)
{
	/* each answer is [tag] SEQUENCE { result [0] INTEGER }: <tag> 03 80 01 <code> */
	static const struct {
		es10_command command;
		uint8_t tag2;
		uint8_t code;
		es10_result want;
	} cases[] = {
		{ ES10_CMD_ENABLE, 0x31, 0, ES10_OK },
		{ ES10_CMD_ENABLE, 0x31, 1, ES10_NOT_FOUND },        /* iccidOrAidNotFound */
		{ ES10_CMD_ENABLE, 0x31, 2, ES10_NOT_DISABLED },     /* profileNotInDisabledState */
		{ ES10_CMD_ENABLE, 0x31, 3, ES10_POLICY },           /* disallowedByPolicy */
		{ ES10_CMD_ENABLE, 0x31, 4, ES10_WRONG_REENABLING }, /* wrongProfileReenabling */
		{ ES10_CMD_ENABLE, 0x31, 5, ES10_CAT_BUSY },         /* catBusy */
		{ ES10_CMD_ENABLE, 0x31, 127, ES10_UNDEFINED },      /* undefinedError */
		{ ES10_CMD_ENABLE, 0x31, 9, ES10_UNKNOWN_CODE },
		{ ES10_CMD_DISABLE, 0x32, 2, ES10_NOT_ENABLED },  /* profileNotInEnabledState */
		{ ES10_CMD_DISABLE, 0x32, 4, ES10_UNKNOWN_CODE }, /* enable's code only */
		{ ES10_CMD_DISABLE, 0x32, 5, ES10_CAT_BUSY },
		{ ES10_CMD_DELETE, 0x33, 2, ES10_NOT_DISABLED }, /* deleting an enabled profile */
		{ ES10_CMD_DELETE, 0x33, 3, ES10_POLICY },
		{ ES10_CMD_DELETE, 0x33, 5, ES10_UNKNOWN_CODE },
		{ ES10_CMD_SET_NICKNAME, 0x29, 1, ES10_NOT_FOUND }, /* iccidNotFound */
		{ ES10_CMD_SET_NICKNAME, 0x29, 2, ES10_UNKNOWN_CODE },
		{ ES10_CMD_REMOVE_NOTIFICATION, 0x30, 0, ES10_OK },
		{ ES10_CMD_REMOVE_NOTIFICATION, 0x30, 1, ES10_NOTHING_TO_DELETE },
		{ ES10_CMD_ENABLE, 0x32, 0, ES10_MALFORMED }, /* the answer of another command */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint8_t answer[] = { 0xBF, cases[i].tag2, 0x03, 0x80, 0x01, cases[i].code };
		int code = -2;
		es10_result got = es10_parse_result(cases[i].command, answer, sizeof answer, &code);

		cr_expect_eq(got, cases[i].want, "case %zu: %s", i, es10_result_name(got));
		if (got != ES10_MALFORMED)
			cr_expect_eq(code, cases[i].code, "case %zu", i);
	}
}

Test(es10, configured_addresses)
{
	/* only the root SM-DS: BF3C 11 81 0F "lpa.ds.gsma.com" */
	static const uint8_t root_only[] = { 0xBF, 0x3C, 0x11, 0x81, 0x0F, 'l', 'p', 'a', '.', 'd',
					     's',  '.',  'g',  's',  'm',  'a', '.', 'c', 'o', 'm' };
	static const uint8_t no_root[] = { 0xBF, 0x3C, 0x05, 0x80, 0x03, 'a', '.', 'b' };
	es10_addresses a;

	cr_assert_eq(es10_parse_addresses(addresses_answer, sizeof addresses_answer, &a), ES10_OK);
	cr_expect_str_eq(a.default_dp, "smdp.example.com");
	cr_expect_str_eq(a.root_ds, "lpa.ds.gsma.com");
	cr_assert_eq(es10_parse_addresses(root_only, sizeof root_only, &a), ES10_OK);
	cr_expect_str_eq(a.default_dp, "");
	cr_expect_eq(es10_parse_addresses(no_root, sizeof no_root, &a), ES10_MALFORMED, "rootDsAddress is mandatory");
}

Test(es10, list_notifications)
{
	es10_notification nt[4];
	size_t n = 0;
	bool truncated;

	cr_assert_eq(es10_parse_notifications(list_answer, sizeof list_answer, nt, 4, &n, &truncated), ES10_OK);
	cr_assert_eq(n, 2u);
	cr_expect_eq(nt[0].seq, 5u);
	cr_expect_eq(nt[0].event, ES10_EVENT_ENABLE);
	cr_expect_str_eq(nt[0].address, "smdp.example.com");
	cr_expect_str_eq(nt[0].iccid, "8944476500001234567");
	cr_expect_null(nt[0].raw);
	cr_expect_eq(nt[1].seq, 256u);
	cr_expect_eq(nt[1].event, ES10_EVENT_DELETE);
	cr_expect_str_eq(nt[1].iccid, "");
	cr_expect_str_eq(es10_event_name(nt[1].event), "delete");
}

Test(es10, retrieve_notifications)
{
	/* listNotificationsResultError / notificationsListResultError [1]: noResultAvailable(1) */
	static const uint8_t none[] = { 0xBF, 0x2B, 0x03, 0x81, 0x01, 0x01 };
	es10_notification nt[4];
	size_t n = 0;
	bool truncated;

	cr_assert_eq(es10_parse_retrieved(retrieve_answer, sizeof retrieve_answer, nt, 4, &n, &truncated), ES10_OK);
	cr_assert_eq(n, 2u);
	cr_expect_eq(nt[0].seq, 7u);
	cr_expect_eq(nt[0].event, ES10_EVENT_DISABLE);
	cr_expect_str_eq(nt[0].address, "a.b");
	/* the whole OtherSignedNotification, tag to end, is what goes to the SM-DP+ */
	cr_expect_eq(nt[0].raw, retrieve_answer + 5);
	cr_expect_eq(nt[0].raw_len, 23u);
	cr_expect_eq(nt[1].seq, 8u);
	cr_expect_eq(nt[1].event, ES10_EVENT_INSTALL);
	cr_expect_eq(nt[1].raw, retrieve_answer + 5 + 23);
	cr_expect_eq(nt[1].raw_len, 28u);
	cr_expect_eq(es10_parse_retrieved(none, sizeof none, nt, 4, &n, &truncated), ES10_NO_RESULT);
	cr_expect_eq(es10_parse_notifications(list_answer, sizeof list_answer, nt, 1, &n, &truncated), ES10_OK);
	cr_expect(truncated);
}

Test(es10, iccid_digits_as_cards_print_them)
{
	static const uint8_t iccid1[] = { ICCID1_BYTES };
	static const uint8_t hex_nibble[] = { 0x98, 0x4B };
	uint8_t bytes[ES10_ICCID_BYTES];
	char out[ES10_ICCID_SIZE];

	cr_assert_eq(es10_iccid_decode(iccid1, sizeof iccid1, out, sizeof out), 0);
	cr_expect_str_eq(out, "8944476500001234567");
	cr_expect_eq(es10_iccid_decode(hex_nibble, sizeof hex_nibble, out, sizeof out), -1);
	cr_expect_eq(es10_iccid_decode(iccid1, sizeof iccid1, out, 10), -1, "too small");
	cr_assert_eq(es10_iccid_encode("8944476500001234567", bytes), 0);
	cr_expect_arr_eq(bytes, iccid1, sizeof iccid1);
	cr_expect_eq(es10_iccid_encode("894447650000123456789", bytes), -1);
}

Test(es10, text_fields_are_bounded_and_cleaned)
{
	/* a nickname of 300 bytes: 100 times "€" (E2 82 AC), cut to whole characters
	 * in 256 bytes (85 of them, 255 bytes); a provider name with a control
	 * character (07).
	 *   BF2D 82 01 3B (315) { A0 82 01 37 (311) { E3 82 01 33 (307 = 304 + 3) {
	 *     90 82 01 2C (300) <100 x E2 82 AC>, 91 01 07 } } } */
	static const uint8_t head[] = { 0xBF, 0x2D, 0x82, 0x01, 0x3B, 0xA0, 0x82, 0x01, 0x37,
					0xE3, 0x82, 0x01, 0x33, 0x90, 0x82, 0x01, 0x2C };
	uint8_t answer[sizeof head + 300 + 3];
	es10_profile p;
	size_t n, at;
	bool truncated;

	memcpy(answer, head, sizeof head);
	at = sizeof head;
	for (size_t i = 0; i < 100; i++, at += 3)
		memcpy(answer + at, "\xE2\x82\xAC", 3);
	memcpy(answer + at, (uint8_t[]){ 0x91, 0x01, 0x07 }, 3);
	at += 3;
	cr_assert_eq(at, 320u);
	cr_assert_eq(es10_parse_profiles(answer, at, &p, 1, &n, &truncated), ES10_OK);
	cr_expect_eq(strlen(p.nickname), 255u, "85 whole characters");
	cr_expect_eq((uint8_t)p.nickname[254], 0xAC);
	cr_expect_str_eq(p.provider, "?");
}

Test(es10, hostile_answers_are_malformed)
{
	static const struct {
		const uint8_t *bytes;
		size_t len;
	} answers[] = {
		{ profiles_answer, sizeof profiles_answer }, { list_answer, sizeof list_answer },
		{ retrieve_answer, sizeof retrieve_answer }, { addresses_answer, sizeof addresses_answer },
		{ eid_answer, sizeof eid_answer },
	};

	for (size_t k = 0; k < sizeof answers / sizeof answers[0]; k++) {
		size_t len = answers[k].len;
		uint8_t *copy = malloc(len + 1);

		/* every prefix: a heap block of exactly that size */
		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *part = malloc(cut ? cut : 1);
			es10_profile p[2];
			es10_notification nt[2];
			es10_addresses a;
			char eid[ES10_EID_SIZE];
			size_t n;
			bool truncated;

			memcpy(part, answers[k].bytes, cut);
			cr_expect_eq(es10_parse_profiles(part, cut, p, 2, &n, &truncated), ES10_MALFORMED);
			cr_expect_eq(es10_parse_notifications(part, cut, nt, 2, &n, &truncated), ES10_MALFORMED);
			cr_expect_eq(es10_parse_retrieved(part, cut, nt, 2, &n, &truncated), ES10_MALFORMED);
			cr_expect_eq(es10_parse_addresses(part, cut, &a), ES10_MALFORMED);
			cr_expect_eq(es10_parse_eid(part, cut, eid), ES10_MALFORMED);
			free(part);
		}
		/* a byte after the answer */
		memcpy(copy, answers[k].bytes, len);
		copy[len] = 0x00;
		{
			es10_profile p[2];
			size_t n;
			bool truncated;

			cr_expect_eq(es10_parse_profiles(copy, len + 1, p, 2, &n, &truncated), ES10_MALFORMED);
		}
		free(copy);
	}
}

Test(es10, every_result_has_words)
{
	for (int r = ES10_OK; r <= ES10_MALFORMED; r++) {
		cr_expect_geq(strlen(es10_result_message((es10_result)r)), 4u, "\"done\" is the shortest");
		cr_expect_neq(strcmp(es10_result_name((es10_result)r), "unknown"), 0);
	}
	cr_expect_str_eq(es10_result_message(ES10_NOT_FOUND), "the profile was not found on the eSIM");
	cr_expect_str_eq(es10_result_name((es10_result)99), "unknown");
}

Test(es10, every_result_is_in_the_plugins_catalogues)
{
	/* the plugin translates the words with D_() in its text domain: the
	 * catalogues the build compiled (build/locale) hold every one */
	static const char *const locales[] = { "de_DE.UTF-8", "es_ES.UTF-8", "fr_FR.UTF-8" };
	const char *build = getenv("DOORSTEP_BUILD_DIR");
	char dir[1024];

	cr_assert_not_null(build, "run under ctest (DOORSTEP_BUILD_DIR)");
	snprintf(dir, sizeof dir, "%s/locale", build);
	cr_assert_not_null(bindtextdomain("doorstep-atmodem", dir));
	bind_textdomain_codeset("doorstep-atmodem", "UTF-8");
	for (size_t l = 0; l < sizeof locales / sizeof locales[0]; l++) {
		cr_assert_eq(setenv("LC_ALL", locales[l], 1), 0);
		cr_assert_not_null(setlocale(LC_ALL, locales[l]), "the locale %s is not installed", locales[l]);
		for (int r = ES10_OK; r <= ES10_MALFORMED; r++) {
			const char *msgid = es10_result_message((es10_result)r);

			cr_expect_str_neq(dgettext("doorstep-atmodem", msgid), msgid, "%s: \"%s\"", locales[l], msgid);
		}
	}
	cr_expect_str_eq(dgettext("doorstep-atmodem", es10_result_message(ES10_NOT_FOUND)),
			 "le profil est introuvable sur l'eSIM");
	setlocale(LC_ALL, "C");
}
