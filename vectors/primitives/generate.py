#!/usr/bin/python3
"""Generate cross-implementation test vectors for cryptoplug.

Independent implementations used:
  * pyca/cryptography (Debian package python3-cryptography; OpenSSL backend)
  * python-ecdsa      (Debian package python3-ecdsa; pure Python)
plus small pure-Python re-implementations (in this file) of the RSA
PKCS#1 v1.5 / PSS / OAEP encodings, X25519 and HKDF that are used only to
re-check the generated vectors.

Run:  apt-get install -y python3-cryptography python3-ecdsa
      /usr/bin/python3 vectors/primitives/generate.py

Keys are reused from keys/ when present (RSA keys cannot be derived
deterministically); EC / Ed25519 / X25519 keys are derived from fixed labels.
Randomized outputs (ECDSA, RSA-PSS signatures, OAEP ciphertexts) change on
every run; everything else is deterministic.
"""

import base64
import datetime
import hashlib
import hmac as std_hmac
import json
import os
import platform
import sys

import cryptography
import ecdsa
import ecdsa.util
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, x25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap

HERE = os.path.dirname(os.path.abspath(__file__))
KEYDIR = os.path.join(HERE, "keys")

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def hx(b):
    return bytes(b).hex()


def b64u(b):
    return base64.urlsafe_b64encode(bytes(b)).rstrip(b"=").decode("ascii")


def int_to_bytes(n, length=None):
    if length is None:
        length = max(1, (n.bit_length() + 7) // 8)
    return n.to_bytes(length, "big")


def det_bytes(label, n):
    """n fixed pseudo-random bytes: SHA-256(label || counter) blocks."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(label.encode() + b"\x00" + i.to_bytes(4, "big")).digest()
        i += 1
    return out[:n]


def flip_bit(b, index=None, mask=0x01):
    b = bytearray(b)
    if index is None:
        index = len(b) // 2
    b[index] ^= mask
    return bytes(b)


def write_text(rel, text):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write(text)


def write_bytes(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_json(rel, obj):
    write_text(rel, json.dumps(obj, indent=2) + "\n")


HASHES = {
    "SHA-1": (hashes.SHA1, hashlib.sha1),
    "SHA-256": (hashes.SHA256, hashlib.sha256),
    "SHA-384": (hashes.SHA384, hashlib.sha384),
    "SHA-512": (hashes.SHA512, hashlib.sha512),
}
HASH_NAMES = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]


def chash(name):
    return HASHES[name][0]()


def hlen(name):
    return HASHES[name][1]().digest_size


# fixed messages
MSG_100 = (b"cryptoplug cross-implementation test vector message; "
           b"the quick brown fox jumps over the lazy dog...!")
assert len(MSG_100) == 100, len(MSG_100)
MESSAGES = [("msg0", b""), ("msg3", b"abc"), ("msg100", MSG_100)]

# --------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------

EC_CURVES = {
    "P-256": (ec.SECP256R1, 32, ecdsa.NIST256p),
    "P-384": (ec.SECP384R1, 48, ecdsa.NIST384p),
    "P-521": (ec.SECP521R1, 66, ecdsa.NIST521p),
}

KEY_SPECS = [
    ("ec-p256", "EC", "P-256", None),
    ("ec-p256-b", "EC", "P-256", None),
    ("ec-p384", "EC", "P-384", None),
    ("ec-p384-b", "EC", "P-384", None),
    ("ec-p521", "EC", "P-521", None),
    ("ec-p521-b", "EC", "P-521", None),
    ("ed25519", "OKP", "Ed25519", None),
    ("x25519", "OKP", "X25519", None),
    ("x25519-b", "OKP", "X25519", None),
    ("rsa-2048", "RSA", None, 2048),
    ("rsa-3072", "RSA", None, 3072),
    ("rsa-4096", "RSA", None, 4096),
]


def make_key(name, ktype, curve, bits):
    """Load keys/<name>.pkcs8.der if present, otherwise create the key."""
    path = os.path.join(KEYDIR, name + ".pkcs8.der")
    if os.path.exists(path):
        with open(path, "rb") as f:
            key = serialization.load_der_private_key(f.read(), password=None)
        print("  reusing", name)
        return key
    print("  creating", name)
    label = "cryptoplug-vectors/" + name
    if ktype == "EC":
        order = ecdsa_curve(curve).order
        nbytes = EC_CURVES[curve][1]
        d = int.from_bytes(det_bytes(label, nbytes + 16), "big") % (order - 1) + 1
        return ec.derive_private_key(d, EC_CURVES[curve][0]())
    if curve == "Ed25519":
        return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())
    if curve == "X25519":
        return x25519.X25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def ecdsa_curve(curve):
    return EC_CURVES[curve][2]


def jwks_for(key, ktype, curve):
    if ktype == "EC":
        size = EC_CURVES[curve][1]
        nums = key.private_numbers()
        pub = {
            "kty": "EC",
            "crv": curve,
            "x": b64u(int_to_bytes(nums.public_numbers.x, size)),
            "y": b64u(int_to_bytes(nums.public_numbers.y, size)),
        }
        priv = dict(pub, d=b64u(int_to_bytes(nums.private_value, size)))
        thumb_members = {k: pub[k] for k in ("crv", "kty", "x", "y")}
    elif ktype == "OKP":
        raw_pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        raw_priv = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption())
        pub = {"kty": "OKP", "crv": curve, "x": b64u(raw_pub)}
        priv = dict(pub, d=b64u(raw_priv))
        thumb_members = {k: pub[k] for k in ("crv", "kty", "x")}
    else:
        nums = key.private_numbers()
        pub = {"kty": "RSA", "n": b64u(int_to_bytes(nums.public_numbers.n)),
               "e": b64u(int_to_bytes(nums.public_numbers.e))}
        priv = dict(pub)
        for k, v in (("d", nums.d), ("p", nums.p), ("q", nums.q), ("dp", nums.dmp1),
                     ("dq", nums.dmq1), ("qi", nums.iqmp)):
            priv[k] = b64u(int_to_bytes(v))
        thumb_members = {k: pub[k] for k in ("e", "kty", "n")}
    # RFC 7638: required members, lexicographic order, no whitespace
    canon = json.dumps(thumb_members, sort_keys=True, separators=(",", ":")).encode()
    thumbprint = b64u(hashlib.sha256(canon).digest())
    return priv, pub, thumbprint


def export_key(name, key, ktype, curve, bits):
    S = serialization
    files = {}

    def out(suffix, data, binary=False):
        rel = "keys/%s.%s" % (name, suffix)
        if binary:
            write_bytes(rel, data)
        else:
            write_text(rel, data if isinstance(data, str) else data.decode("ascii"))
        files[suffix] = rel

    pub = key.public_key()
    out("pkcs8.pem", key.private_bytes(S.Encoding.PEM, S.PrivateFormat.PKCS8, S.NoEncryption()))
    out("pkcs8.der", key.private_bytes(S.Encoding.DER, S.PrivateFormat.PKCS8, S.NoEncryption()), True)
    out("spki.pem", pub.public_bytes(S.Encoding.PEM, S.PublicFormat.SubjectPublicKeyInfo))
    out("spki.der", pub.public_bytes(S.Encoding.DER, S.PublicFormat.SubjectPublicKeyInfo), True)
    priv_jwk, pub_jwk, thumb = jwks_for(key, ktype, curve)
    out("jwk.json", json.dumps(priv_jwk, indent=2) + "\n")
    out("pub.jwk.json", json.dumps(pub_jwk, indent=2) + "\n")
    if ktype == "EC":
        out("sec1.pem", key.private_bytes(S.Encoding.PEM, S.PrivateFormat.TraditionalOpenSSL, S.NoEncryption()))
        out("raw-uncompressed.hex", hx(pub.public_bytes(S.Encoding.X962, S.PublicFormat.UncompressedPoint)) + "\n")
        out("raw-compressed.hex", hx(pub.public_bytes(S.Encoding.X962, S.PublicFormat.CompressedPoint)) + "\n")
    elif ktype == "RSA":
        out("pkcs1.pem", key.private_bytes(S.Encoding.PEM, S.PrivateFormat.TraditionalOpenSSL, S.NoEncryption()))
        out("pkcs1-pub.pem", pub.public_bytes(S.Encoding.PEM, S.PublicFormat.PKCS1))
    else:
        out("raw-private.hex", hx(key.private_bytes(S.Encoding.Raw, S.PrivateFormat.Raw, S.NoEncryption())) + "\n")
        out("raw-public.hex", hx(pub.public_bytes(S.Encoding.Raw, S.PublicFormat.Raw)) + "\n")
    return {
        "name": name,
        "type": ktype,
        "curve": curve,
        "bits": bits,
        "files": files,
        "publicJwk": pub_jwk,
        "thumbprint": thumb,
    }


def check_key_consistency(name, key, ktype, curve, entry):
    """Cross-check exported encodings with python-ecdsa / key numbers."""
    pub = key.public_key()
    spki = pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    jwk = entry["publicJwk"]
    if ktype == "EC":
        # python-ecdsa must parse our SPKI / SEC1 / PKCS#8 and agree on the point
        vk = ecdsa.VerifyingKey.from_der(spki)
        assert vk.curve == ecdsa_curve(curve)
        size = EC_CURVES[curve][1]
        with open(os.path.join(HERE, entry["files"]["sec1.pem"])) as f:
            sk = ecdsa.SigningKey.from_pem(f.read())
        with open(os.path.join(HERE, entry["files"]["pkcs8.der"]), "rb") as f:
            sk2 = ecdsa.SigningKey.from_der(f.read())
        d = key.private_numbers().private_value
        assert sk.privkey.secret_multiplier == d == sk2.privkey.secret_multiplier
        assert vk.to_string("uncompressed").hex() == open(
            os.path.join(HERE, entry["files"]["raw-uncompressed.hex"])).read().strip()
        assert vk.to_string("compressed").hex() == open(
            os.path.join(HERE, entry["files"]["raw-compressed.hex"])).read().strip()
        pt = vk.pubkey.point
        assert base64.urlsafe_b64decode(jwk["x"] + "==") == int_to_bytes(pt.x(), size)
        assert base64.urlsafe_b64decode(jwk["y"] + "==") == int_to_bytes(pt.y(), size)
        assert (sk.privkey.secret_multiplier * ecdsa_curve(curve).generator).x() == pt.x()
    elif curve == "Ed25519":
        raw_priv = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption())
        sk = ecdsa.SigningKey.from_string(raw_priv, curve=ecdsa.Ed25519)
        assert sk.get_verifying_key().to_string() == pub.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    elif curve == "X25519":
        raw_priv = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption())
        assert x25519_pure(raw_priv, (9).to_bytes(32, "little")) == pub.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    else:
        n = key.private_numbers()
        assert n.p * n.q == n.public_numbers.n
        assert pow(pow(12345, n.public_numbers.e, n.public_numbers.n), n.d, n.public_numbers.n) == 12345
    # JWK round-trip: rebuild the key from the private JWK via numbers and compare SPKI
    with open(os.path.join(HERE, entry["files"]["jwk.json"])) as f:
        pj = json.load(f)

    def bint(s):
        return int.from_bytes(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)), "big")

    if ktype == "EC":
        k2 = ec.derive_private_key(bint(pj["d"]), EC_CURVES[curve][0]())
    elif curve == "Ed25519":
        k2 = ed25519.Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(pj["d"] + "="))
    elif curve == "X25519":
        k2 = x25519.X25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(pj["d"] + "="))
    else:
        pn = rsa.RSAPublicNumbers(bint(pj["e"]), bint(pj["n"]))
        k2 = rsa.RSAPrivateNumbers(bint(pj["p"]), bint(pj["q"]), bint(pj["d"]), bint(pj["dp"]),
                                   bint(pj["dq"]), bint(pj["qi"]), pn).private_key()
    assert k2.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo) == spki


# --------------------------------------------------------------------------
# pure-Python reference pieces (re-checks only)
# --------------------------------------------------------------------------

DIGEST_INFO = {
    "SHA-1": bytes.fromhex("3021300906052b0e03021a05000414"),
    "SHA-256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "SHA-384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "SHA-512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


def mgf1(seed, length, hname):
    h = HASHES[hname][1]
    out = b""
    c = 0
    while len(out) < length:
        out += h(seed + c.to_bytes(4, "big")).digest()
        c += 1
    return out[:length]


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def rsa_pub_nums(pubkey):
    n = pubkey.public_numbers()
    return n.n, n.e


def pure_pkcs1v15_verify(pubkey, hname, msg, sig):
    n, e = rsa_pub_nums(pubkey)
    k = (n.bit_length() + 7) // 8
    if len(sig) != k:
        return False
    s = int.from_bytes(sig, "big")
    if s >= n:
        return False
    em = pow(s, e, n).to_bytes(k, "big")
    t = DIGEST_INFO[hname] + HASHES[hname][1](msg).digest()
    expected = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return em == expected


def pure_pss_verify(pubkey, hname, salt_len, msg, sig):
    n, e = rsa_pub_nums(pubkey)
    k = (n.bit_length() + 7) // 8
    if len(sig) != k:
        return False
    s = int.from_bytes(sig, "big")
    if s >= n:
        return False
    em_bits = n.bit_length() - 1
    em_len = (em_bits + 7) // 8
    em = pow(s, e, n).to_bytes(em_len, "big")
    h = HASHES[hname][1]
    hl = h().digest_size
    mhash = h(msg).digest()
    if em_len < hl + salt_len + 2 or em[-1] != 0xBC:
        return False
    masked_db, hh = em[: em_len - hl - 1], em[em_len - hl - 1: -1]
    top_mask = 0xFF >> (8 * em_len - em_bits)
    if masked_db[0] & ~top_mask & 0xFF:
        return False
    db = bytearray(xor(masked_db, mgf1(hh, em_len - hl - 1, hname)))
    db[0] &= top_mask
    ps_len = em_len - hl - salt_len - 2
    if any(db[:ps_len]) or db[ps_len] != 0x01:
        return False
    salt = bytes(db[len(db) - salt_len:]) if salt_len else b""
    return h(b"\x00" * 8 + mhash + salt).digest() == hh


def pure_oaep_decrypt(privkey, hname, label, ct):
    """Returns plaintext bytes, or None on decryption error."""
    nums = privkey.private_numbers()
    n, d = nums.public_numbers.n, nums.d
    k = (n.bit_length() + 7) // 8
    h = HASHES[hname][1]
    hl = h().digest_size
    if len(ct) != k or k < 2 * hl + 2:
        return None
    c = int.from_bytes(ct, "big")
    if c >= n:
        return None
    em = pow(c, d, n).to_bytes(k, "big")
    y, masked_seed, masked_db = em[0], em[1: 1 + hl], em[1 + hl:]
    seed = xor(masked_seed, mgf1(masked_db, hl, hname))
    db = xor(masked_db, mgf1(seed, k - hl - 1, hname))
    lhash = h(label or b"").digest()
    if y != 0 or db[:hl] != lhash:
        return None
    rest = db[hl:]
    i = 0
    while i < len(rest) and rest[i] == 0:
        i += 1
    if i == len(rest) or rest[i] != 1:
        return None
    return rest[i + 1:]


P25519 = 2 ** 255 - 19


def x25519_pure(k, u):
    """RFC 7748 X25519 (straightforward Montgomery ladder)."""
    k = bytearray(k)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    k = int.from_bytes(k, "little")
    u = int.from_bytes(u, "little") & ((1 << 255) - 1)
    x1, x2, z2, x3, z3, swap = u, 1, 0, u, 1, 0
    a24 = 121665
    for t in reversed(range(255)):
        kt = (k >> t) & 1
        swap ^= kt
        if swap:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = kt
        A = (x2 + z2) % P25519
        AA = A * A % P25519
        B = (x2 - z2) % P25519
        BB = B * B % P25519
        E = (AA - BB) % P25519
        C = (x3 + z3) % P25519
        D = (x3 - z3) % P25519
        DA = D * A % P25519
        CB = C * B % P25519
        x3 = (DA + CB) ** 2 % P25519
        z3 = x1 * (DA - CB) ** 2 % P25519
        x2 = AA * BB % P25519
        z2 = E * (AA + a24 * E) % P25519
    if swap:
        x2, x3, z2, z3 = x3, x2, z3, z2
    return (x2 * pow(z2, P25519 - 2, P25519) % P25519).to_bytes(32, "little")


def pure_hkdf(hname, ikm, salt, info, length):
    h = HASHES[hname][1]
    hl = h().digest_size
    prk = std_hmac.new(salt if salt else b"\x00" * hl, ikm, h).digest()
    okm, t, i = b"", b"", 1
    while len(okm) < length:
        t = std_hmac.new(prk, t + info + bytes([i]), h).digest()
        okm += t
        i += 1
    return okm[:length]


def self_test_references():
    # RFC 7748 section 5.2 X25519 vector
    k = bytes.fromhex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")
    u = bytes.fromhex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")
    assert x25519_pure(k, u).hex() == "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"
    # RFC 5869 test case 1
    okm = pure_hkdf("SHA-256", bytes.fromhex("0b" * 22), bytes.fromhex("000102030405060708090a0b0c"),
                    bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"), 42)
    assert okm.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                         "34007208d5b887185865")
    # RFC 8032 7.1 TEST 1 (Ed25519, empty message) with both libraries
    sk = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    expected = ("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    assert ed25519.Ed25519PrivateKey.from_private_bytes(sk).sign(b"").hex() == expected
    assert ecdsa.SigningKey.from_string(sk, curve=ecdsa.Ed25519).sign(b"").hex() == expected
    # RFC 3394 4.1 and 4.6
    kek = bytes.fromhex("000102030405060708090A0B0C0D0E0F")
    assert aes_key_wrap(kek, bytes.fromhex("00112233445566778899AABBCCDDEEFF")).hex() == \
        "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"
    kek = bytes.fromhex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
    assert aes_key_wrap(kek, bytes.fromhex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
                        ).hex() == ("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43b"
                                    "fb988b9b7a02dd21")
    # McGrew-Viega GCM test cases 1 and 2
    g = AESGCM(b"\x00" * 16)
    assert g.encrypt(b"\x00" * 12, b"", None).hex() == "58e2fccefa7e3061367f1d57a4e7455a"
    assert g.encrypt(b"\x00" * 12, b"\x00" * 16, None).hex() == \
        "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"
    # SP 800-38A F.2.1 CBC-AES128 first block
    enc = Cipher(algorithms.AES(bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")),
                 modes.CBC(bytes.fromhex("000102030405060708090a0b0c0d0e0f"))).encryptor()
    assert (enc.update(bytes.fromhex("6bc1bee22e409f96e93d7e117393172a")) + enc.finalize()).hex() == \
        "7649abac8119b246cee98e9b12e9197d"


# --------------------------------------------------------------------------
# signatures
# --------------------------------------------------------------------------


def crypto_verify(pubkey, alg, msg, sig):
    """Verify a vector with pyca/cryptography; returns bool."""
    try:
        name = alg["name"]
        if name == "ECDSA":
            if alg["encoding"] == "p1363":
                size = {"secp256r1": 32, "secp384r1": 48, "secp521r1": 66}[pubkey.curve.name]
                if len(sig) != 2 * size:
                    return False
                der = encode_dss_signature(int.from_bytes(sig[:size], "big"), int.from_bytes(sig[size:], "big"))
            else:
                der = sig
            pubkey.verify(der, msg, ec.ECDSA(chash(alg["hash"])))
        elif name == "RSASSA-PKCS1-v1_5":
            pubkey.verify(sig, msg, padding.PKCS1v15(), chash(alg["hash"]))
        elif name == "RSA-PSS":
            pubkey.verify(sig, msg, padding.PSS(mgf=padding.MGF1(chash(alg["hash"])),
                                                salt_length=alg["saltLength"]), chash(alg["hash"]))
        elif name == "Ed25519":
            pubkey.verify(sig, msg)
        else:
            raise ValueError(name)
        return True
    except (InvalidSignature, ValueError):
        return False


def ecdsa_lib_verify(spki_der, alg, msg, sig):
    """Verify with python-ecdsa (pure Python); returns bool."""
    if alg["name"] == "Ed25519":
        vk = ecdsa.VerifyingKey.from_der(spki_der)
        try:
            return vk.verify(sig, msg)
        except ecdsa.BadSignatureError:
            return False
    vk = ecdsa.VerifyingKey.from_der(spki_der, hashfunc=HASHES[alg["hash"]][1])
    decode = ecdsa.util.sigdecode_string if alg["encoding"] == "p1363" else ecdsa.util.sigdecode_der
    try:
        return vk.verify(sig, msg, sigdecode=decode)
    except (ecdsa.BadSignatureError, ecdsa.der.UnexpectedDER, AssertionError, ValueError):
        return False


def independent_verify(pubkey, spki_der, alg, msg, sig):
    name = alg["name"]
    if name in ("ECDSA", "Ed25519"):
        return ecdsa_lib_verify(spki_der, alg, msg, sig)
    if name == "RSASSA-PKCS1-v1_5":
        return pure_pkcs1v15_verify(pubkey, alg["hash"], msg, sig)
    if name == "RSA-PSS":
        return pure_pss_verify(pubkey, alg["hash"], alg["saltLength"], msg, sig)
    raise ValueError(name)


def tweak_message(msg):
    if msg:
        return flip_bit(msg), "message with one bit flipped (byte %d, mask 0x01)" % (len(msg) // 2)
    return b"\x00", "message altered (empty message replaced by a single 0x00 byte)"


def tweak_signature(alg, sig):
    if alg["name"] == "ECDSA" and alg["encoding"] == "der":
        # flip the lowest bit of the last byte (last byte of s): DER stays well-formed
        return flip_bit(sig, len(sig) - 1), "signature with one bit flipped (last byte of s, DER stays well-formed)"
    return flip_bit(sig), "signature with one bit flipped (byte %d, mask 0x01)" % (len(sig) // 2)


def gen_signatures(keys):
    tests = []

    def add_valid_and_invalid(tid, keyname, alg, msg, sig, comment, wrong=None):
        tests.append({"id": tid + "-valid", "key": keyname, "alg": alg, "msg": hx(msg), "sig": hx(sig),
                      "valid": True, "comment": comment})
        m2, c2 = tweak_message(msg)
        tests.append({"id": tid + "-badmsg", "key": keyname, "alg": alg, "msg": hx(m2), "sig": hx(sig),
                      "valid": False, "comment": comment + "; " + c2})
        s2, c3 = tweak_signature(alg, sig)
        tests.append({"id": tid + "-badsig", "key": keyname, "alg": alg, "msg": hx(msg), "sig": hx(s2),
                      "valid": False, "comment": comment + "; " + c3})
        if wrong is not None:
            wname, wsig = wrong
            tests.append({"id": tid + "-wrongkey", "key": keyname, "alg": alg, "msg": hx(msg), "sig": hx(wsig),
                          "valid": False,
                          "comment": comment + "; signature made by %s, verified with %s" % (wname, keyname)})

    def p1363(der, size):
        r, s = decode_dss_signature(der)
        return int_to_bytes(r, size) + int_to_bytes(s, size)

    # ECDSA via cryptography
    for curve, short in (("P-256", "p256"), ("P-384", "p384"), ("P-521", "p521")):
        size = EC_CURVES[curve][1]
        kname, wname = "ec-" + short, "ec-" + short + "-b"
        key, wkey = keys[kname], keys[wname]
        for hname in HASH_NAMES:
            for mname, msg in MESSAGES:
                der = key.sign(msg, ec.ECDSA(chash(hname)))
                wder = wkey.sign(msg, ec.ECDSA(chash(hname)))
                for enc in ("p1363", "der"):
                    alg = {"name": "ECDSA", "hash": hname, "encoding": enc}
                    sig = p1363(der, size) if enc == "p1363" else der
                    wsig = p1363(wder, size) if enc == "p1363" else wder
                    tid = "ecdsa-%s-%s-%s-%s" % (short, hname.lower().replace("-", ""), enc, mname)
                    add_valid_and_invalid(tid, kname, alg, msg, sig,
                                          "ECDSA %s %s %s, made by cryptography" % (curve, hname, enc),
                                          wrong=(wname, wsig))

    # ECDSA edge cases: r or s with leading zero byte(s) in the fixed-size encoding
    # (DER integer shorter than the curve size) -> exercises DER <-> P1363 padding.
    for curve, short in (("P-256", "p256"), ("P-384", "p384"), ("P-521", "p521")):
        size = EC_CURVES[curve][1]
        limit = 8 * (size - 1) - (8 if curve == "P-521" else 0)  # P-521: top byte is often 0 anyway
        kname, wname = "ec-" + short, "ec-" + short + "-b"
        msg = b"abc"
        for which in ("r", "s"):
            for _ in range(100000):
                der = keys[kname].sign(msg, ec.ECDSA(hashes.SHA256()))
                rs = dict(zip("rs", decode_dss_signature(der)))
                if rs[which].bit_length() <= limit:
                    break
            else:
                raise AssertionError("no short %s found" % which)
            wder = keys[wname].sign(msg, ec.ECDSA(hashes.SHA256()))
            for enc in ("p1363", "der"):
                alg = {"name": "ECDSA", "hash": "SHA-256", "encoding": enc}
                sig = p1363(der, size) if enc == "p1363" else der
                wsig = p1363(wder, size) if enc == "p1363" else wder
                nz = size - (rs[which].bit_length() + 7) // 8
                tid = "ecdsa-%s-sha256-%s-msg3-short%s" % (short, enc, which)
                add_valid_and_invalid(tid, kname, alg, msg, sig,
                                      "ECDSA %s SHA-256 %s, made by cryptography; edge case: %s has %d leading zero "
                                      "byte(s) in the %d-byte fixed-size encoding" % (curve, enc, which, nz, size),
                                      wrong=(wname, wsig))

    # ECDSA P-521 via python-ecdsa SigningKey.sign() defaults (hashfunc=sha1, sigencode_string)
    with open(os.path.join(KEYDIR, "ec-p521.sec1.pem")) as f:
        sk = ecdsa.SigningKey.from_pem(f.read())
    with open(os.path.join(KEYDIR, "ec-p521-b.sec1.pem")) as f:
        wsk = ecdsa.SigningKey.from_pem(f.read())
    assert sk.default_hashfunc is hashlib.sha1
    for hname, kwargs in (("SHA-1", {}), ("SHA-512", {"hashfunc": hashlib.sha512})):
        for mname, msg in MESSAGES:
            sig = sk.sign(msg, **kwargs)
            wsig = wsk.sign(msg, **kwargs)
            assert len(sig) == 132
            alg = {"name": "ECDSA", "hash": hname, "encoding": "p1363"}
            how = "default hashfunc (sha1)" if not kwargs else "hashfunc=hashlib.sha512"
            tid = "ecdsa-p521-%s-p1363-%s-pyecdsa" % (hname.lower().replace("-", ""), mname)
            add_valid_and_invalid(tid, "ec-p521", alg, msg, sig,
                                  "ECDSA P-521 %s p1363, made by python-ecdsa SigningKey.sign() with %s and "
                                  "default sigencode_string (raw r||s)" % (hname, how),
                                  wrong=("ec-p521-b", wsig))

    # RSASSA-PKCS1-v1_5
    for kname, hlist in (("rsa-2048", ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]),
                         ("rsa-3072", ["SHA-256", "SHA-384", "SHA-512"]),
                         ("rsa-4096", ["SHA-256"])):
        for hname in hlist:
            for mname, msg in MESSAGES:
                sig = keys[kname].sign(msg, padding.PKCS1v15(), chash(hname))
                alg = {"name": "RSASSA-PKCS1-v1_5", "hash": hname}
                tid = "rsassa-pkcs1-%s-%s-%s" % (kname.split("-")[1], hname.lower().replace("-", ""), mname)
                add_valid_and_invalid(tid, kname, alg, msg, sig,
                                      "RSASSA-PKCS1-v1_5 %s %s, made by cryptography" % (kname, hname))

    # RSA-PSS
    pss_cases = []
    for kname in ("rsa-2048", "rsa-3072"):
        for hname in ("SHA-256", "SHA-384", "SHA-512"):
            pss_cases.append((kname, hname, hlen(hname)))
        pss_cases.append((kname, "SHA-256", 0))
        pss_cases.append((kname, "SHA-256", 20))
    pss_cases.append(("rsa-2048", "SHA-1", 20))
    pss_cases.append(("rsa-4096", "SHA-256", 32))
    for kname, hname, slen in pss_cases:
        for mname, msg in MESSAGES:
            sig = keys[kname].sign(msg, padding.PSS(mgf=padding.MGF1(chash(hname)), salt_length=slen),
                                   chash(hname))
            alg = {"name": "RSA-PSS", "hash": hname, "saltLength": slen}
            tid = "rsa-pss-%s-%s-salt%d-%s" % (kname.split("-")[1], hname.lower().replace("-", ""), slen, mname)
            add_valid_and_invalid(tid, kname, alg, msg, sig,
                                  "RSA-PSS %s %s MGF1-%s saltLength %d, made by cryptography"
                                  % (kname, hname, hname, slen))

    # Ed25519
    ed_msgs = MESSAGES + [("msg1", b"\x72"), ("msg64", det_bytes("ed25519-msg64", 64))]
    for mname, msg in ed_msgs:
        sig = keys["ed25519"].sign(msg)
        alg = {"name": "Ed25519"}
        add_valid_and_invalid("ed25519-" + mname, "ed25519", alg, msg, sig, "Ed25519, made by cryptography")

    # verification: cryptography + independent implementation must both agree with "valid"
    for t in tests:
        pub = keys[t["key"]].public_key()
        msg, sig = bytes.fromhex(t["msg"]), bytes.fromhex(t["sig"])
        spki = pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        r1 = crypto_verify(pub, t["alg"], msg, sig)
        r2 = independent_verify(pub, spki, t["alg"], msg, sig)
        assert r1 == t["valid"], ("cryptography disagrees", t["id"])
        assert r2 == t["valid"], ("independent check disagrees", t["id"])
    assert len({t["id"] for t in tests}) == len(tests)
    return tests


# --------------------------------------------------------------------------
# ECDH
# --------------------------------------------------------------------------


def gen_ecdh(keys):
    tests = []
    for curve, a, b in (("P-256", "ec-p256", "ec-p256-b"), ("P-384", "ec-p384", "ec-p384-b"),
                        ("P-521", "ec-p521", "ec-p521-b"), ("X25519", "x25519", "x25519-b")):
        for priv, pub in ((a, b), (b, a)):
            if curve == "X25519":
                shared = keys[priv].exchange(keys[pub].public_key())
                raw_priv = keys[priv].private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                                    serialization.NoEncryption())
                raw_pub = keys[pub].public_key().public_bytes(serialization.Encoding.Raw,
                                                              serialization.PublicFormat.Raw)
                assert x25519_pure(raw_priv, raw_pub) == shared
            else:
                shared = keys[priv].exchange(ec.ECDH(), keys[pub].public_key())
                size = EC_CURVES[curve][1]
                assert len(shared) == size
                d = keys[priv].private_numbers().private_value
                vk = ecdsa.VerifyingKey.from_der(keys[pub].public_key().public_bytes(
                    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
                assert int_to_bytes((d * vk.pubkey.point).x(), size) == shared
            tests.append({"id": "ecdh-%s-%s-to-%s" % (curve.lower().replace("-", ""), priv, pub),
                          "curve": curve, "privateKey": priv, "publicKey": pub, "shared": hx(shared)})
    # both directions must agree
    for i in range(0, len(tests), 2):
        assert tests[i]["shared"] == tests[i + 1]["shared"]
    return tests


# --------------------------------------------------------------------------
# RSA-OAEP
# --------------------------------------------------------------------------


def oaep_pad(hname, label):
    return padding.OAEP(mgf=padding.MGF1(chash(hname)), algorithm=chash(hname), label=label)


def crypto_oaep_decrypt(key, hname, label, ct):
    try:
        return key.decrypt(ct, oaep_pad(hname, label))
    except ValueError:
        return None


def gen_oaep(keys):
    tests = []
    LABEL = b"cryptoplug label"
    WRONG_LABEL = b"cryptoplug label!"
    other_hash = {"SHA-1": "SHA-256", "SHA-256": "SHA-1", "SHA-384": "SHA-512", "SHA-512": "SHA-384"}
    for kname, hlist in (("rsa-2048", HASH_NAMES), ("rsa-3072", ["SHA-256"])):
        key = keys[kname]
        k = key.key_size // 8
        for hname in hlist:
            maxlen = k - 2 * hlen(hname) - 2
            hshort = hname.lower().replace("-", "")
            kshort = kname.split("-")[1]
            for label in (None, LABEL):
                lname = "label" if label else "nolabel"
                for plen in (0, 16, maxlen):
                    pt = det_bytes("oaep-pt-%d" % plen, plen)
                    ct = key.public_key().encrypt(pt, oaep_pad(hname, label))
                    tid = "oaep-%s-%s-%s-pt%d" % (kshort, hshort, lname, plen)
                    desc = "RSA-OAEP %s %s MGF1-%s, %s, %d-byte plaintext%s, made by cryptography" % (
                        kname, hname, hname, "label %r" % label.decode() if label else "no label", plen,
                        " (max length)" if plen == maxlen else "")
                    tests.append({"id": tid, "key": kname, "hash": hname, "label": hx(label) if label else None,
                                  "plaintext": hx(pt), "ciphertext": hx(ct), "valid": True, "comment": desc})
                    if plen != 16:
                        continue
                    # invalid variants (on the 16-byte plaintext)
                    tests.append({"id": tid + "-badct", "key": kname, "hash": hname,
                                  "label": hx(label) if label else None, "plaintext": hx(pt),
                                  "ciphertext": hx(flip_bit(ct)), "valid": False,
                                  "comment": desc + "; ciphertext with one bit flipped (byte %d, mask 0x01)"
                                  % (len(ct) // 2)})
                    wl = None if label else WRONG_LABEL
                    tests.append({"id": tid + "-wronglabel", "key": kname, "hash": hname,
                                  "label": hx(wl) if wl else None, "plaintext": hx(pt), "ciphertext": hx(ct),
                                  "valid": False,
                                  "comment": desc + "; decrypted with the wrong label (%s)"
                                  % ("label %r" % wl.decode() if wl else "no label")})
                    oh = other_hash[hname]
                    tests.append({"id": tid + "-wronghash", "key": kname, "hash": oh,
                                  "label": hx(label) if label else None, "plaintext": hx(pt), "ciphertext": hx(ct),
                                  "valid": False,
                                  "comment": desc.replace("RSA-OAEP %s %s MGF1-%s" % (kname, hname, hname),
                                                          "RSA-OAEP %s encrypted with %s/MGF1-%s" % (kname, hname, hname))
                                  + "; \"hash\" is the one used for decryption (%s/MGF1-%s), which must fail"
                                  % (oh, oh)})
    for t in tests:
        key = keys[t["key"]]
        label = bytes.fromhex(t["label"]) if t["label"] is not None else None
        ct = bytes.fromhex(t["ciphertext"])
        r1 = crypto_oaep_decrypt(key, t["hash"], label, ct)
        r2 = pure_oaep_decrypt(key, t["hash"], label, ct)
        if t["valid"]:
            assert r1 == r2 == bytes.fromhex(t["plaintext"]), t["id"]
        else:
            assert r1 is None and r2 is None, t["id"]
    assert len({t["id"] for t in tests}) == len(tests)
    return tests


# --------------------------------------------------------------------------
# symmetric
# --------------------------------------------------------------------------


def gen_symmetric():
    out = {"digest": [], "hmac": [], "aesGcm": [], "aesCbc": [], "aesKw": [], "hkdf": [], "pbkdf2": []}
    msgs = [("msg0", b""), ("msg3", b"abc"), ("msg100", MSG_100), ("msg1000", det_bytes("digest-msg1000", 1000))]

    for hname in HASH_NAMES:
        hs = hname.lower().replace("-", "")
        for mname, msg in msgs:
            h = hashes.Hash(chash(hname))
            h.update(msg)
            d = h.finalize()
            assert d == HASHES[hname][1](msg).digest()
            out["digest"].append({"id": "digest-%s-%s" % (hs, mname), "hash": hname, "msg": hx(msg), "digest": hx(d)})

    from cryptography.hazmat.primitives import hmac as c_hmac
    for hname in HASH_NAMES:
        hs = hname.lower().replace("-", "")
        block = HASHES[hname][1]().block_size
        for klen in (16, hlen(hname), block + 3):  # short, hash-length, longer than block (gets hashed)
            key = det_bytes("hmac-key-%s-%d" % (hname, klen), klen)
            for mname, msg in msgs[:3]:
                m = c_hmac.HMAC(key, chash(hname))
                m.update(msg)
                tag = m.finalize()
                assert tag == std_hmac.new(key, msg, HASHES[hname][1]).digest()
                out["hmac"].append({"id": "hmac-%s-key%d-%s" % (hs, klen, mname), "hash": hname, "key": hx(key),
                                    "msg": hx(msg), "tag": hx(tag)})

    for bits in (128, 192, 256):
        key = det_bytes("aes-gcm-key-%d" % bits, bits // 8)
        for aname, aad in (("noaad", b""), ("aad", det_bytes("aes-gcm-aad-%d" % bits, 20))):
            for plen in (0, 16, 37):
                iv = det_bytes("aes-gcm-iv-%d-%s-%d" % (bits, aname, plen), 12)
                pt = det_bytes("aes-gcm-pt-%d" % plen, plen)
                ct_tag = AESGCM(key).encrypt(iv, pt, aad or None)
                ct, tag = ct_tag[:-16], ct_tag[-16:]
                assert AESGCM(key).decrypt(iv, ct_tag, aad or None) == pt
                try:
                    AESGCM(key).decrypt(iv, ct + flip_bit(tag), aad or None)
                    raise AssertionError("tampered tag accepted")
                except InvalidTag:
                    pass
                out["aesGcm"].append({"id": "aes-gcm-%d-%s-pt%d" % (bits, aname, plen), "key": hx(key), "iv": hx(iv),
                                      "aad": hx(aad), "plaintext": hx(pt), "ciphertext": hx(ct), "tag": hx(tag)})

    for bits in (128, 192, 256):
        key = det_bytes("aes-cbc-key-%d" % bits, bits // 8)
        for plen in (0, 15, 16, 33):
            iv = det_bytes("aes-cbc-iv-%d-%d" % (bits, plen), 16)
            pt = det_bytes("aes-cbc-pt-%d" % plen, plen)
            p = sym_padding.PKCS7(128).padder()
            padded = p.update(pt) + p.finalize()
            e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
            ct = e.update(padded) + e.finalize()
            assert len(ct) == (plen // 16 + 1) * 16
            d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
            u = sym_padding.PKCS7(128).unpadder()
            assert u.update(d.update(ct) + d.finalize()) + u.finalize() == pt
            out["aesCbc"].append({"id": "aes-cbc-%d-pt%d" % (bits, plen), "key": hx(key), "iv": hx(iv),
                                  "plaintext": hx(pt), "ciphertext": hx(ct)})

    for bits in (128, 192, 256):
        kek = det_bytes("aes-kw-kek-%d" % bits, bits // 8)
        for klen in (16, 24, 32, 64):
            key = det_bytes("aes-kw-key-%d-%d" % (bits, klen), klen)
            wrapped = aes_key_wrap(kek, key)
            assert len(wrapped) == klen + 8 and aes_key_unwrap(kek, wrapped) == key
            out["aesKw"].append({"id": "aes-kw-%d-key%d" % (bits, klen), "kek": hx(kek), "key": hx(key),
                                 "wrapped": hx(wrapped)})

    for hname in HASH_NAMES:
        hs = hname.lower().replace("-", "")
        cases = [
            ("basic", det_bytes("hkdf-ikm-%s" % hname, 22), det_bytes("hkdf-salt-%s" % hname, 13),
             det_bytes("hkdf-info-%s" % hname, 10), 42),
            ("nosalt-noinfo", det_bytes("hkdf-ikm2-%s" % hname, 32), b"", b"", hlen(hname)),
            ("long", det_bytes("hkdf-ikm3-%s" % hname, 80), det_bytes("hkdf-salt3-%s" % hname, 80),
             det_bytes("hkdf-info3-%s" % hname, 80), 3 * hlen(hname) + 5),
        ]
        for cname, ikm, salt, info, length in cases:
            okm = HKDF(algorithm=chash(hname), length=length, salt=salt or None, info=info).derive(ikm)
            assert okm == pure_hkdf(hname, ikm, salt, info, length)
            out["hkdf"].append({"id": "hkdf-%s-%s" % (hs, cname), "hash": hname, "ikm": hx(ikm), "salt": hx(salt),
                                "info": hx(info), "length": length, "okm": hx(okm)})

    for hname in HASH_NAMES:
        hs = hname.lower().replace("-", "")
        for cname, pw, salt, iters, length in (
            ("iter1", b"password", b"salt", 1, hlen(hname)),
            ("iter1000", b"cryptoplug password", det_bytes("pbkdf2-salt-%s" % hname, 16), 1000, 32),
            ("iter2048-long", det_bytes("pbkdf2-pw-%s" % hname, 40), det_bytes("pbkdf2-salt2-%s" % hname, 16),
             2048, 2 * hlen(hname) + 7),
            ("emptypw", b"", det_bytes("pbkdf2-salt3-%s" % hname, 16), 10, 16),
        ):
            derived = PBKDF2HMAC(algorithm=chash(hname), length=length, salt=salt, iterations=iters).derive(pw)
            assert derived == hashlib.pbkdf2_hmac(HASHES[hname][1]().name, pw, salt, iters, length)
            out["pbkdf2"].append({"id": "pbkdf2-%s-%s" % (hs, cname), "hash": hname, "password": hx(pw),
                                  "salt": hx(salt), "iterations": iters, "length": length, "derived": hx(derived)})
    return out


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------


def main():
    self_test_references()
    print("keys:")
    keys, entries = {}, []
    for name, ktype, curve, bits in KEY_SPECS:
        key = make_key(name, ktype, curve, bits)
        if ktype == "RSA":
            assert key.key_size == bits
        keys[name] = key
        entry = export_key(name, key, ktype, curve, bits)
        check_key_consistency(name, key, ktype, curve, entry)
        entries.append(entry)
    write_json("keys.json", {"keys": entries})

    sigs = gen_signatures(keys)
    write_json("signatures.json", {"tests": sigs})
    ecdh = gen_ecdh(keys)
    write_json("ecdh.json", {"tests": ecdh})
    oaep = gen_oaep(keys)
    write_json("oaep.json", {"tests": oaep})
    sym = gen_symmetric()
    write_json("symmetric.json", sym)

    from cryptography.hazmat.backends.openssl.backend import backend
    meta = {
        "generator": "vectors/primitives/generate.py",
        "python": platform.python_version(),
        "cryptography": cryptography.__version__,
        "ecdsa": ecdsa.__version__,
        "generated": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
        .replace("+00:00", "Z"),
        "cryptographyOpenssl": backend.openssl_version_text(),
    }
    write_json("meta.json", meta)
    print("signatures: %d, ecdh: %d, oaep: %d, symmetric: %s" % (
        len(sigs), len(ecdh), len(oaep), ", ".join("%s=%d" % (k, len(v)) for k, v in sym.items())))
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
