#!/usr/bin/python3
"""
Key-policy vectors (issue 16): keys every backend must refuse at import, and boundary keys every RSA backend must
accept, made with Python `cryptography` (OpenSSL) the openssl command, plus hand-built DER, and Ed25519 point encodings computed with
pure-Python Edwards arithmetic (independent of cryptoplug and of @noble/curves).

    /usr/bin/python3 vectors/policy/generate.py      # Debian 12: python3-cryptography, openssl

Writes policy.json. RSA keys are fresh on every run; the Ed25519 encodings are deterministic.
"""
import base64
import json
import os
import platform
import subprocess

import cryptography
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

OUT = os.path.dirname(os.path.abspath(__file__))


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def ib(v: int) -> bytes:
    return v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")


# ---------------------------------------------------------------- minimal DER writer (for keys OpenSSL would not write)
def der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = ib(n)
    return bytes([0x80 | len(b)]) + b


def der_int(v: int) -> bytes:
    b = ib(v)
    if b[0] & 0x80:
        b = b"\x00" + b
    return b"\x02" + der_len(len(b)) + b


def der_seq(*items: bytes) -> bytes:
    body = b"".join(items)
    return b"\x30" + der_len(len(body)) + body


def pem(label: str, der: bytes) -> str:
    b = base64.b64encode(der).decode()
    return f"-----BEGIN {label}-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + f"\n-----END {label}-----\n"


def spki_rsa(n: int, e: int) -> str:
    alg = bytes.fromhex("300d06092a864886f70d0101010500")
    bits = b"\x03" + der_len(len(der_seq(der_int(n), der_int(e))) + 1) + b"\x00" + der_seq(der_int(n), der_int(e))
    return pem("PUBLIC KEY", der_seq(alg, bits))


def pkcs1_private(n, e, d, p, q, dp, dq, qi) -> str:
    return pem("RSA PRIVATE KEY", der_seq(der_int(0), *(der_int(v) for v in (n, e, d, p, q, dp, dq, qi))))


def jwk_rsa(n, e, d=None, p=None, q=None, dp=None, dq=None, qi=None):
    j = {"kty": "RSA", "n": b64u(ib(n)), "e": b64u(ib(e))}
    if d is not None:
        j.update(d=b64u(ib(d)), p=b64u(ib(p)), q=b64u(ib(q)), dp=b64u(ib(dp)), dq=b64u(ib(dq)), qi=b64u(ib(qi)))
    return j


cases = []

# ------------------------------------------------------------------------------------------------ RSA public exponents
base = rsa.generate_private_key(public_exponent=65537, key_size=2048)
bn = base.private_numbers()
n = bn.public_numbers.n
for cid, e, why in [
    ("rsa-e-n-minus-2", n - 2, "odd e just below n (forge spent seconds per verify)"),
    ("rsa-e-2^32+1", 2**32 + 1, "odd e one past the 2^32 bound"),
    ("rsa-e-2^64+1", 2**64 + 1, "odd e far past the bound"),
    ("rsa-e-1", 1, "e = 1"),
    ("rsa-e-65536", 65536, "even e"),
]:
    cases.append({"id": cid, "why": why, "accept": False, "kind": "public", "pem": spki_rsa(n, e), "jwk": jwk_rsa(n, e)})

# Boundary key that must be accepted (and verify) everywhere RSA exists: e = 2^32 - 1 (odd, the largest allowed).
MSG = b"cryptoplug key policy"
for cid, e in [("rsa-e-2^32-1", 2**32 - 1), ("rsa-e-3", 3)]:
    # cryptography only generates e = 3 or 65537; openssl genpkey takes any odd exponent
    k = serialization.load_pem_private_key(subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-pkeyopt", f"rsa_keygen_pubexp:{e}"],
        check=True, capture_output=True).stdout, None)
    assert k.private_numbers().public_numbers.e == e
    sig = k.sign(MSG, padding.PKCS1v15(), hashes.SHA256())
    k.public_key().verify(sig, MSG, padding.PKCS1v15(), hashes.SHA256())
    pub = k.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    priv = k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    cases.append({"id": cid, "why": "odd e within 3 ≤ e < 2^32", "accept": True, "kind": "private", "pem": priv,
                  "public_pem": pub, "message_hex": MSG.hex(), "rs256_signature_hex": sig.hex()})

# ----------------------------------------------------------------------------- RSA private keys whose parts disagree
p, q, d, dp, dq, qi, e = bn.p, bn.q, bn.d, bn.dmp1, bn.dmq1, bn.iqmp, bn.public_numbers.e
lam = (p - 1) * (q - 1) // __import__("math").gcd(p - 1, q - 1)
assert (e * d) % lam == 1
e2 = 65539  # another odd prime exponent; d, p, q, dp, dq, qi stay those of e = 65537
assert (e2 * d) % lam != 1
cases.append({"id": "rsa-private-e-mismatch", "why": "e = 65539 with the d/CRT values of e = 65537", "accept": False,
              "kind": "private", "pem": pkcs1_private(n, e2, d, p, q, dp, dq, qi), "jwk": jwk_rsa(n, e2, d, p, q, dp, dq, qi)})
# d replaced by d + λ(n)/2-ish garbage consistent with its own CRT values, so only e·d ≢ 1 (mod λ) reveals it
d3 = (d + 2) % n
cases.append({"id": "rsa-private-d-mismatch", "why": "d + 2 with dp, dq recomputed from it (CRT self-consistent)", "accept": False,
              "kind": "private", "pem": pkcs1_private(n, e, d3, p, q, d3 % (p - 1), d3 % (q - 1), qi),
              "jwk": jwk_rsa(n, e, d3, p, q, d3 % (p - 1), d3 % (q - 1), qi)})
# control: the untouched key
cases.append({"id": "rsa-private-consistent", "why": "the same key, untouched", "accept": True, "kind": "private",
              "pem": pkcs1_private(n, e, d, p, q, dp, dq, qi), "jwk": jwk_rsa(n, e, d, p, q, dp, dq, qi)})

# ------------------------------------------------------------------------- Ed25519: small order, non-canonical encodings
P = 2**255 - 19
D = (-121665 * pow(121666, P - 2, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def decode_lax(enc: bytes):
    """Decodes allowing y ≥ p (reduced) and x = 0 with the sign bit set: what a lax verifier does."""
    v = int.from_bytes(enc, "little")
    sign = v >> 255
    y = (v & ((1 << 255) - 1)) % P
    x = recover_x(y, 0)
    if x is None:
        return None
    if sign and x != 0:
        x = P - x
    return (x, y)


def add(a, b):
    (x1, y1), (x2, y2) = a, b
    t = D * x1 * x2 * y1 * y2 % P
    return ((x1 * y2 + x2 * y1) * pow(1 + t, P - 2, P) % P, (y1 * y2 + x1 * x2) * pow(1 - t, P - 2, P) % P)


def mul8(pt):
    for _ in range(3):
        pt = add(pt, pt)
    return pt


def enc(x, y, sign_override=None) -> bytes:
    s = (x & 1) if sign_override is None else sign_override
    return ((y | (s << 255))).to_bytes(32, "little")


# the eight torsion points, found as the points whose 8-fold multiple is the identity among decodable y candidates
torsion = set()
cands = [0, 1, P - 1]
# y of the order-8 points: solutions of x^2 = -(1 + sqrt(d+1)) ... found by scanning y = ±sqrt(1/(1 ± sqrt(d+1))) is
# fiddly; instead take the points of order 8 from doubling relations: a point T has order 8 iff 4T = (0, -1).
# (0, -1) has order 2; its halves have order 4: x = ±sqrt(-1)... we search them by halving with the formula below.
def halves(pt):
    # solve 2Q = pt over the y-coordinates of Q by brute algebra: for twisted Edwards a=-1, y(2Q) = (y^2 + x^2)/(2 - y^2 + x^2)
    # use x^2 = (y^2 - 1)/(d y^2 + 1) and solve the resulting quadratic in Y = y^2.
    _, yt = pt
    out = []
    # y2Q = (Y + X)/(2 - Y + X) with X = (Y - 1)/(dY + 1)  ->  yt (2 - Y + X) = Y + X
    # multiply by (dY + 1): yt (2(dY+1) - Y(dY+1) + Y - 1) = Y(dY+1) + Y - 1
    # -> -yt d Y^2 + yt(2d) Y + yt - (d Y^2 + 2Y - 1) = 0 -> (-yt d - d) Y^2 + (2 d yt - 2) Y + (yt + 1) = 0
    a, b, c = (-yt * D - D) % P, (2 * D * yt - 2) % P, (yt + 1) % P
    disc = (b * b - 4 * a * c) % P
    for s in _sqrts(disc):
        Y = (-b + s) * pow(2 * a, P - 2, P) % P
        for y in _sqrts(Y):
            for sign in (0, 1):
                x = recover_x(y, sign)
                if x is not None and add((x, y), (x, y)) == pt:
                    out.append((x, y))
    return out


def _sqrts(v):
    v %= P
    if v == 0:
        return [0]
    r = pow(v, (P + 3) // 8, P)
    if (r * r - v) % P != 0:
        r = r * SQRT_M1 % P
    if (r * r - v) % P != 0:
        return []
    return [r, P - r]


identity = (0, 1)
frontier = [identity]
torsion = {identity}
while frontier:
    nxt = []
    for pt in frontier:
        for h in halves(pt):
            if h not in torsion and mul8(h) == identity:
                torsion.add(h)
                nxt.append(h)
    frontier = nxt
assert len(torsion) == 8, len(torsion)

encodings = {}
for (x, y) in torsion:
    encodings[enc(x, y)] = "small order (canonical)"
    if x == 0:
        encodings[enc(x, y, 1)] = "small order, x = 0 with the sign bit set (non-canonical)"
    if y + P < 2**255:
        encodings[((y + P) | ((x & 1) << 255)).to_bytes(32, "little")] = "small order, y + p (non-canonical)"
        if x == 0:
            encodings[((y + P) | (1 << 255)).to_bytes(32, "little")] = "small order, y + p with the sign bit set"
# non-canonical encodings (y ≥ p) of points that are NOT of small order
for y in range(2, 19):
    x = recover_x(y, 0)
    if x is not None and mul8((x, y)) != identity:
        encodings[(y + P).to_bytes(32, "little")] = "y + p, a point of large order (non-canonical)"
# libsodium's has_small_order blocklist (src/libsodium/crypto_core/ed25519/ref10/ed25519_ref10.c), last byte & 0x7f:
# 0, 1, the two order-8 y values, p - 1, p, p + 1. Every one must be among the encodings computed above.
for enc_ in list(encodings):
    pt = decode_lax(enc_)
    if "small order" in encodings[enc_]:
        assert pt is not None and mul8(pt) == identity, enc_.hex()
for blocked_y in [0, 1, P - 1, P, P + 1]:
    assert any(int.from_bytes(e_, "little") & ((1 << 255) - 1) == blocked_y for e_ in encodings), blocked_y

ed_cases = [{"hex": e_.hex(), "why": why} for e_, why in sorted(encodings.items())]
# the forged signature of the report: R = identity, S = 0 "verifies" any message under the identity key on lax verifiers
forged = {"public_hex": enc(0, 1).hex(), "signature_hex": enc(0, 1).hex() + "00" * 32, "message_hex": MSG.hex()}

doc = {
    "about": "vectors/policy/generate.py: keys cryptoplug refuses (or accepts) at import on every backend, issue 16",
    "versions": {"python": platform.python_version(), "cryptography": cryptography.__version__},
    "rsa": cases,
    "ed25519_refused": ed_cases,
    "ed25519_forged_signature": forged,
}
with open(os.path.join(OUT, "policy.json"), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(f"policy.json: {len(cases)} RSA cases, {len(ed_cases)} Ed25519 encodings")
