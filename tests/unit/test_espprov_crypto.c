/* The ESP provisioning core's primitives against published known answers:
 * X25519 (RFC 7748 sections 5.2 and 6.1), AES-256-CTR (NIST SP 800-38A
 * F.5.5, also fed in uneven pieces, as one stream), AES-256-GCM (McGrew and
 * Viega's test cases 14 and 15: test case 16 is 15 with associated data,
 * which the protocol never uses), SHA-256 and SHA-512 (FIPS 180-2 "abc"). */
#include <criterion/criterion.h>
#include <string.h>

#include "espprov_crypto.h"
#include "tests/support/espprov_device.h"

/** Decodes a hex vector of exactly n bytes. */
static void hex(const char *text, uint8_t *out, size_t n)
{
	cr_assert_eq(espprov_test_unhex(text, out, n), n, "bad vector %s", text);
}

Test(espprov_crypto, x25519_rfc7748_5_2)
{
	uint8_t k[32], u[32], want[32], out[32];

	hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", k, 32);
	hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", u, 32);
	hex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", want, 32);
	cr_assert_eq(espprov_x25519(out, k, u), 0);
	cr_expect_arr_eq(out, want, 32);
	/* its point has the top bit set: X25519 ignores it */
	hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", k, 32);
	hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493", u, 32);
	hex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957", want, 32);
	cr_assert_eq(espprov_x25519(out, k, u), 0);
	cr_expect_arr_eq(out, want, 32);
}

Test(espprov_crypto, x25519_rfc7748_5_2_iterated)
{
	uint8_t k[32] = { 9 }, u[32] = { 9 }, r[32], want1[32], want1000[32];

	hex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", want1, 32);
	hex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", want1000, 32);
	for (int i = 1; i <= 1000; i++) {
		cr_assert_eq(espprov_x25519(r, k, u), 0);
		memcpy(u, k, 32);
		memcpy(k, r, 32);
		if (i == 1)
			cr_expect_arr_eq(k, want1, 32);
	}
	cr_expect_arr_eq(k, want1000, 32);
}

Test(espprov_crypto, x25519_rfc7748_6_1)
{
	uint8_t a[32], b[32], a_pub[32], b_pub[32], want_a[32], want_b[32], want_k[32], k1[32], k2[32];

	hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a, 32);
	hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", want_a, 32);
	hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b, 32);
	hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", want_b, 32);
	hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", want_k, 32);
	cr_assert_eq(espprov_x25519_public(a_pub, a), 0);
	cr_assert_eq(espprov_x25519_public(b_pub, b), 0);
	cr_expect_arr_eq(a_pub, want_a, 32);
	cr_expect_arr_eq(b_pub, want_b, 32);
	cr_assert_eq(espprov_x25519(k1, a, b_pub), 0);
	cr_assert_eq(espprov_x25519(k2, b, a_pub), 0);
	cr_expect_arr_eq(k1, want_k, 32);
	cr_expect_arr_eq(k2, want_k, 32);
}

Test(espprov_crypto, x25519_refuses_a_low_order_point)
{
	uint8_t k[32] = { 1, 2, 3 }, zero[32] = { 0 }, out[32];

	cr_expect_eq(espprov_x25519(out, k, zero), -1);
}

Test(espprov_crypto, aes256_ctr_sp800_38a_f_5_5)
{
	uint8_t key[32], iv[16], pt[64], want[64], out[64];
	espprov_ctr *ctr;
	size_t pieces[] = { 1, 15, 17, 7, 24 }, off = 0;

	hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", key, 32);
	hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", iv, 16);
	hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
	    pt, 64);
	hex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
	    "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6",
	    want, 64);
	ctr = espprov_ctr_new(key, iv);
	cr_assert_not_null(ctr);
	cr_assert_eq(espprov_ctr_apply(ctr, pt, 64, out), 0);
	cr_expect_arr_eq(out, want, 64);
	espprov_ctr_free(ctr);

	/* the same stream in uneven pieces: the position carries over */
	ctr = espprov_ctr_new(key, iv);
	for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
		cr_assert_eq(espprov_ctr_apply(ctr, pt + off, pieces[i], out + off), 0);
		off += pieces[i];
	}
	cr_assert_eq(off, 64);
	cr_expect_arr_eq(out, want, 64);
	espprov_ctr_free(ctr);
}

Test(espprov_crypto, aes256_gcm_test_cases_14_15)
{
	uint8_t key[32] = { 0 }, nonce[12] = { 0 }, pt[64] = { 0 }, want[80], out[80], back[64];

	/* test case 14: zero key, zero nonce, one zero block */
	hex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919", want, 32);
	cr_assert_eq(espprov_gcm_seal(key, nonce, 12, pt, 16, out), 0);
	cr_expect_arr_eq(out, want, 32);

	/* test case 15 */
	hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", key, 32);
	hex("cafebabefacedbaddecaf888", nonce, 12);
	hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
	    pt, 64);
	hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"
	    "b094dac5d93471bdec1a502270e3cc6c",
	    want, 80);
	cr_assert_eq(espprov_gcm_seal(key, nonce, 12, pt, 64, out), 0);
	cr_expect_arr_eq(out, want, 80);
	cr_assert_eq(espprov_gcm_open(key, nonce, 12, want, 80, back), 0);
	cr_expect_arr_eq(back, pt, 64);

	/* one flipped bit anywhere: refused, nothing left in the output */
	want[79] ^= 1;
	cr_expect_eq(espprov_gcm_open(key, nonce, 12, want, 80, back), -1);
	want[79] ^= 1;
	want[3] ^= 0x80;
	cr_expect_eq(espprov_gcm_open(key, nonce, 12, want, 80, back), -1);
	cr_expect_eq(espprov_gcm_open(key, nonce, 12, want, 15, back), -1);
}

Test(espprov_crypto, sha2_fips180_abc)
{
	uint8_t d256[32], d512[64], w256[32], w512[64];

	hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", w256, 32);
	hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	    w512, 64);
	cr_assert_eq(espprov_sha256("abc", 3, d256), 0);
	cr_assert_eq(espprov_sha512("abc", 3, d512), 0);
	cr_expect_arr_eq(d256, w256, 32);
	cr_expect_arr_eq(d512, w512, 64);
}
