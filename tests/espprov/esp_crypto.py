#!/usr/bin/python3
"""The arithmetic of protocomm security 1 and 2, for the device emulator.

Security 1: X25519 (RFC 7748), key = shared secret XOR SHA-256(proof of
possession) (no XOR without one), AES-256-CTR with the device's 16-byte random
as the initial counter block; one keystream per session, used in turn by both
directions (the client's verifier, the device's verifier, then every request
and answer), as ESP-IDF's "Unified Provisioning" page describes.

Security 2: SRP-6a (RFC 5054; ESP-IDF uses its 3072-bit group, g = 5, and
SHA-512), then AES-256-GCM keyed by the first 32 bytes of K = H(S), with the
nonce the device sends in its last handshake message. sec_patch_ver 0: a
16-byte random nonce, the same for every message. sec_patch_ver 1: 12 bytes,
8 random then a 4-byte big-endian counter (1 at first), incremented after
every encryption or decryption by either side, so requests and answers
alternate counter values.

The SRP code is parametrised by group and hash so that RFC 5054 Appendix B's
1024-bit SHA-1 vector can check it. RFC 5054 pads with PAD() to the length of
N in k = H(N | PAD(g)) and u = H(PAD(A) | PAD(B)); ESP-IDF's proofs hash the
unpadded big-endian numbers: M1 = H(H(N) XOR H(PAD(g)) | H(I) | s | A | B | K)
and M2 = H(A | M1 | K), K = H(S).

python3-cryptography does the primitives (X25519, AES); the rest is here.
"""
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives import serialization

# RFC 5054 Appendix A groups (the hex as the RFC prints it, spaces removed).
GROUP_1024 = (int(
    "EEAF0AB9ADB38DD69C33F80AFA8FC5E86072618775FF3C0B9EA2314C9C256576D674DF7496"
    "EA81D3383B4813D692C6E0E0D5D8E250B98BE48E495C1D6089DAD15DC7D7B46154D6B6CE8E"
    "F4AD69B15D4982559B297BCF1885C529F566660E57EC68EDBC3C05726CC02FD4CBF4976EAA"
    "9AFD5138FE8376435B9FC61D2FC0EB06E3", 16), 2)
GROUP_3072 = (int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA6"
    "3B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F2411"
    "7C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08"
    "CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D"
    "04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D8760273"
    "3EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16), 5)


# ---- security 1 ----

def x25519_keypair(private=None):
    """(private bytes, public bytes) of a new or given 32-byte X25519 scalar."""
    key = X25519PrivateKey.from_private_bytes(private) if private else X25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw, pub


def x25519(scalar, u):
    """X25519(scalar, u) of RFC 7748 section 5 (32 bytes each, little-endian)."""
    return X25519PrivateKey.from_private_bytes(scalar).exchange(X25519PublicKey.from_public_bytes(u))


def sec1_session_key(shared, pop):
    """The AES key of security 1: shared XOR SHA-256(pop), or shared without a PoP."""
    if not pop:
        return bytes(shared)
    digest = hashlib.sha256(pop).digest()
    return bytes(a ^ b for a, b in zip(shared, digest))


class CtrStream:
    """One AES-256-CTR keystream, consumed in turn by every message of a session."""

    def __init__(self, key, counter_block):
        self._ctx = Cipher(algorithms.AES(key), modes.CTR(counter_block)).encryptor()

    def crypt(self, data):
        """Encrypts or decrypts (the same in CTR) with the next len(data) keystream bytes."""
        return self._ctx.update(bytes(data))


# ---- security 2 ----

def int_to_bytes(n, width=0):
    """Big-endian bytes of n, at least width long (no leading zeros when width is 0)."""
    length = max((n.bit_length() + 7) // 8, 1, width)
    return n.to_bytes(length, "big")


def _h(hash_name, *parts):
    h = hashlib.new(hash_name)
    for p in parts:
        h.update(p)
    return h.digest()


class Srp:
    """SRP-6a arithmetic over group (N, g) with hash hash_name (RFC 5054 section 2.5)."""

    def __init__(self, group=GROUP_3072, hash_name="sha512"):
        self.N, self.g = group
        self.hash_name = hash_name
        self.width = len(int_to_bytes(self.N))

    def H(self, *parts):
        """The hash of the concatenated byte strings."""
        return _h(self.hash_name, *parts)

    def Hint(self, *parts):
        """The hash as a number."""
        return int.from_bytes(self.H(*parts), "big")

    def pad(self, n):
        """PAD(n): n as big-endian bytes as long as N."""
        return int_to_bytes(n, self.width)

    def k(self):
        """k = H(N | PAD(g))."""
        return self.Hint(int_to_bytes(self.N), self.pad(self.g))

    def x(self, salt, username, password):
        """x = H(s | H(I | ":" | P))."""
        return self.Hint(salt, self.H(username + b":" + password))

    def verifier(self, salt, username, password):
        """v = g^x mod N."""
        return pow(self.g, self.x(salt, username, password), self.N)

    def A(self, a):
        """A = g^a mod N."""
        return pow(self.g, a, self.N)

    def B(self, b, v):
        """B = k*v + g^b mod N."""
        return (self.k() * v + pow(self.g, b, self.N)) % self.N

    def u(self, A, B):
        """u = H(PAD(A) | PAD(B))."""
        return self.Hint(self.pad(A), self.pad(B))

    def server_premaster(self, A, b, v, u):
        """S = (A * v^u) ^ b mod N."""
        return pow(A * pow(v, u, self.N) % self.N, b, self.N)

    def client_premaster(self, B, a, x, u):
        """S = (B - (k * g^x)) ^ (a + (u * x)) mod N."""
        base = (B - self.k() * pow(self.g, x, self.N)) % self.N
        return pow(base, a + u * x, self.N)

    def session_key(self, S):
        """K = H(S), S as unpadded big-endian bytes."""
        return self.H(int_to_bytes(S))

    def client_proof(self, username, salt, A, B, K):
        """M1 = H(H(N) XOR H(PAD(g)) | H(I) | s | A | B | K)."""
        hn = self.H(int_to_bytes(self.N))
        hg = self.H(self.pad(self.g))
        xored = bytes(p ^ q for p, q in zip(hn, hg))
        return self.H(xored, self.H(username), salt, int_to_bytes(A), int_to_bytes(B), K)

    def server_proof(self, A, M1, K):
        """M2 = H(A | M1 | K)."""
        return self.H(int_to_bytes(A), M1, K)


def new_salt(length=16):
    """A random salt whose first byte is not zero (its number keeps its length)."""
    while True:
        s = os.urandom(length)
        if s[0]:
            return s


def proofs_equal(a, b):
    """Constant-time comparison of two proofs."""
    return hmac.compare_digest(bytes(a), bytes(b))


class GcmChannel:
    """AES-256-GCM with a security 2 nonce; sec_patch_ver 1 counts, 0 does not."""

    def __init__(self, key, nonce, patch_ver):
        if len(nonce) != (12 if patch_ver >= 1 else 16):
            raise ValueError("a nonce of %d bytes for sec_patch_ver %d" % (len(nonce), patch_ver))
        self._aead = AESGCM(bytes(key[:32]))
        self.nonce = bytearray(nonce)
        self.patch_ver = patch_ver

    def _step(self):
        if self.patch_ver >= 1:
            counter = int.from_bytes(self.nonce[8:], "big") + 1
            if counter > 0xFFFFFFFF:
                raise ValueError("nonce counter overflow")
            self.nonce[8:] = counter.to_bytes(4, "big")

    def encrypt(self, data):
        """Ciphertext with its 16-byte tag appended, then the nonce moves on."""
        out = self._aead.encrypt(bytes(self.nonce), bytes(data), None)
        self._step()
        return out

    def decrypt(self, data):
        """Plaintext of ciphertext+tag (InvalidTag if forged), then the nonce moves on."""
        out = self._aead.decrypt(bytes(self.nonce), bytes(data), None)
        self._step()
        return out
