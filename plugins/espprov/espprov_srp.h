/* SRP-6a, client side (RFC 5054 with the hash and group as parameters), as
 * ESP-IDF security 2 computes it. With H the group's hash, N_len the bytes
 * of N, PAD(x) x big-endian left-padded with zeros to N_len bytes, | for
 * concatenation, I the username, P the password, s the salt (bytes as the
 * device sent them), a the client's secret (32 random bytes):
 *
 *   k  = H(N | PAD(g))                       RFC 5054 2.6
 *   x  = H(s | H(I | ":" | P))               RFC 5054 2.6
 *   A  = g^a mod N, sent as PAD(A)
 *   u  = H(PAD(A) | PAD(B))                  abort when u = 0 or B mod N = 0
 *   S  = (B - k * g^x mod N) ^ (a + u * x) mod N
 *   K  = H(S), S as minimal big-endian bytes (no padding: ESP-IDF's esp_srp)
 *   M1 = H(H(N) XOR H(PAD(g)) | H(I) | s | PAD(A) | B | K)
 *        (B as the device sent it; g padded inside H as ESP-IDF does)
 *   M2 = H(PAD(A) | M1 | K)                  the device's proof, checked
 *
 * The first four are what RFC 5054 Appendix B checks (with SHA-1 and the
 * 1024-bit group); K, M1 and M2 follow ESP-IDF's esp_srp.c, which
 * security 2 devices run (3072-bit group of RFC 5054 Appendix A, g = 5,
 * SHA-512). Secrets (the password hash, a, x, S, K) live in memory that is
 * wiped when the client is freed. */
#ifndef ESPPROV_SRP_H
#define ESPPROV_SRP_H

#include <stddef.h>
#include <stdint.h>

/** The hash of an SRP group. */
typedef enum espprov_srp_hash {
	ESPPROV_SRP_SHA1 = 1,   /**< RFC 5054's test vectors */
	ESPPROV_SRP_SHA512 = 2, /**< ESP-IDF security 2 */
} espprov_srp_hash;

/** An SRP group: the prime N and generator g as big-endian bytes, and H. */
typedef struct espprov_srp_group {
	const uint8_t *N;
	size_t N_len;
	const uint8_t *g;
	size_t g_len;
	espprov_srp_hash hash;
} espprov_srp_group;

/** Most bytes of N this client takes (a 4096-bit group). */
#define ESPPROV_SRP_MAX_N 512u
/** Most bytes of a hash (SHA-512). */
#define ESPPROV_SRP_MAX_HASH 64u
/** Most bytes of a salt accepted from a device. */
#define ESPPROV_SRP_MAX_SALT 64u

/** ESP-IDF security 2's group: RFC 5054's 3072-bit N, g = 5, SHA-512. */
const espprov_srp_group *espprov_srp_group_esp(void);

/** Intermediate values a test can read back. */
typedef enum espprov_srp_value {
	ESPPROV_SRP_K_MULT, /**< k */
	ESPPROV_SRP_X,      /**< x */
	ESPPROV_SRP_V,      /**< v = g^x mod N (the verifier; computed on request) */
	ESPPROV_SRP_A,      /**< A */
	ESPPROV_SRP_U,      /**< u */
	ESPPROV_SRP_S,      /**< S */
} espprov_srp_value;

/** One client's run of SRP-6a. */
typedef struct espprov_srp_client espprov_srp_client;

/** A client for user/pass in group; a is drawn at random (32 bytes). NULL
 *  on failure (no memory, a group over the caps). */
espprov_srp_client *espprov_srp_client_new(const espprov_srp_group *group, const uint8_t *user, size_t user_len,
					   const uint8_t *pass, size_t pass_len);

/** Replaces the random secret a (for known-answer tests). 0 on success. */
int espprov_srp_client_set_a(espprov_srp_client *c, const uint8_t *a, size_t len);

/** PAD(A) into out (N_len bytes; *len gets N_len). 0 on success, -1 when
 *  cap is too small. */
int espprov_srp_client_public(espprov_srp_client *c, uint8_t *out, size_t cap, size_t *len);

/** Takes the device's salt and B: computes u, S, K, M1. 0 on success, -1
 *  when B or u is zero (mod N) or a value breaks a cap, -2 when the
 *  arithmetic failed. */
int espprov_srp_client_process(espprov_srp_client *c, const uint8_t *salt, size_t salt_len, const uint8_t *B,
			       size_t B_len);

/** M1 after process (the hash's length in *len); NULL before. */
const uint8_t *espprov_srp_client_proof(const espprov_srp_client *c, size_t *len);

/** K after process (the hash's length in *len); NULL before. */
const uint8_t *espprov_srp_client_key(const espprov_srp_client *c, size_t *len);

/** 0 when M2 is the device's proof H(PAD(A) | M1 | K) (compared in
 *  constant time), -1 otherwise. */
int espprov_srp_client_verify(const espprov_srp_client *c, const uint8_t *M2, size_t len);

/** An intermediate value as minimal big-endian bytes into out. 0 on
 *  success, -1 when not computed yet or cap is too small. */
int espprov_srp_client_value(espprov_srp_client *c, espprov_srp_value which, uint8_t *out, size_t cap, size_t *len);

/** Wipes and frees a client; NULL is fine. */
void espprov_srp_client_free(espprov_srp_client *c);

#endif
