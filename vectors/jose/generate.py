#!/usr/bin/python3
"""
Generates the JOSE and encrypted-key test vectors in vectors/jose/ with Python libraries from Debian 12:
python3-jwt (PyJWT), python3-jose (python-jose), python3-jwcrypto, python3-pycryptodome (Cryptodome namespace),
python3-cryptography, plus the openssl command line. CI does not run this: the tests read the JSON it writes.

    apt-get install -y python3-jwt python3-jose python3-jwcrypto python3-pycryptodome openssl
    /usr/bin/python3 vectors/jose/generate.py

Every case says which library produced it and what a correct verifier/decryptor must conclude. Expected values are
computed here, by the Python side (never by the code under test).
"""
import base64
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

import jwt as pyjwt  # PyJWT
import jose  # python-jose
from jose import jwe as pj_jwe, jws as pj_jws, jwt as pj_jwt
import jwcrypto
from jwcrypto import jwe as jc_jwe, jwk as jc_jwk, jws as jc_jws
from jwcrypto.common import json_encode
import Cryptodome
from Cryptodome.PublicKey import ECC, RSA
import cryptography
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

OUT = os.path.dirname(os.path.abspath(__file__))
NOW = 1_700_000_000  # the "current time" every claim-checking case is evaluated at


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def versions():
    openssl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
    return {
        "python": sys.version.split()[0],
        "PyJWT": pyjwt.__version__,
        "python-jose": jose.__version__,
        "jwcrypto": getattr(jwcrypto, "__version__", "1.1.0 (Debian python3-jwcrypto 1.1.0-1+deb12u1)"),
        "pycryptodome": Cryptodome.__version__,
        "cryptography": cryptography.__version__,
        "openssl": openssl,
    }


def write(name, cases, about):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"about": about, "generated_by": "vectors/jose/generate.py", "versions": versions(), "now": NOW, "cases": cases}, f, indent=1, sort_keys=False)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases")


def pem_private(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def pem_public(key) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def jwk_private(key) -> dict:
    return json.loads(jc_jwk.JWK.from_pem(pem_private(key).encode()).export_private())


def jwk_public(key) -> dict:
    return json.loads(jc_jwk.JWK.from_pem(pem_private(key).encode()).export_public())


def tamper(token: str) -> str:
    """Flips one bit in the middle of the signature/tag (last compact part)."""
    parts = token.split(".")
    sig = bytearray(base64.urlsafe_b64decode(parts[-1] + "=" * (-len(parts[-1]) % 4)))
    sig[len(sig) // 2] ^= 0x01
    parts[-1] = b64u(bytes(sig))
    return ".".join(parts)


# ----------------------------------------------------------------------------------------------------- keys
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RSA_OTHER = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEYS = {"P-256": ec.generate_private_key(ec.SECP256R1()), "P-384": ec.generate_private_key(ec.SECP384R1()), "P-521": ec.generate_private_key(ec.SECP521R1())}
ED_KEY = ed25519.Ed25519PrivateKey.generate()
HS_KEYS = {"HS256": os.urandom(32), "HS384": os.urandom(48), "HS512": os.urandom(64)}

SIGNING = {
    **{a: (HS_KEYS[a], {"kty": "oct", "k": b64u(HS_KEYS[a])}) for a in HS_KEYS},
    **{a: (RSA_KEY, jwk_public(RSA_KEY)) for a in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]},
    "ES256": (EC_KEYS["P-256"], jwk_public(EC_KEYS["P-256"])),
    "ES384": (EC_KEYS["P-384"], jwk_public(EC_KEYS["P-384"])),
    "ES512": (EC_KEYS["P-521"], jwk_public(EC_KEYS["P-521"])),
    "EdDSA": (ED_KEY, jwk_public(ED_KEY)),
}


def pyjwt_cases():
    cases = []
    claims = {"sub": "1234567890", "name": "PyJWT user", "iss": "urn:pyjwt", "aud": ["urn:api", "urn:other"], "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600}
    opts = {"issuer": "urn:pyjwt", "audience": "urn:api", "currentDate": NOW, "maxTokenAge": 300}
    for alg, (signer, verifier) in SIGNING.items():
        token = pyjwt.encode(claims, signer, algorithm=alg, headers={"kid": f"pyjwt-{alg}"})
        cases.append({"id": f"pyjwt-{alg}", "type": "jwt", "token": token, "key": verifier, "algorithms": [alg], "claims_options": opts,
                      "expect": {"valid": True, "claims": claims, "header": {"alg": alg, "kid": f"pyjwt-{alg}", "typ": "JWT"}}})
        cases.append({"id": f"pyjwt-{alg}-tampered", "type": "jwt", "token": tamper(token), "key": verifier, "algorithms": [alg], "claims_options": opts,
                      "expect": {"valid": False, "code": "ERR_JWS_SIGNATURE_INVALID"}})
    signer, verifier = SIGNING["ES256"]
    base = {"iss": "urn:pyjwt", "aud": "urn:api"}
    for cid, extra, o, code in [
        ("expired", {"exp": NOW - 1}, {}, "ERR_JWT_EXPIRED"),
        ("expired-within-tolerance", {"exp": NOW - 5}, {"clockTolerance": 10}, None),
        ("not-yet-valid", {"nbf": NOW + 120}, {}, "ERR_JWT_CLAIM_INVALID"),
        ("wrong-audience", {"aud": "urn:elsewhere"}, {}, "ERR_JWT_CLAIM_INVALID"),
        ("wrong-issuer", {"iss": "urn:evil"}, {}, "ERR_JWT_CLAIM_INVALID"),
        ("too-old", {"iat": NOW - 7200}, {"maxTokenAge": 3600}, "ERR_JWT_EXPIRED"),
        ("missing-required-jti", {}, {"requiredClaims": ["jti"]}, "ERR_JWT_CLAIM_INVALID"),
        ("exp-not-a-number", {"exp": "tomorrow"}, {}, "ERR_JWT_CLAIM_INVALID"),
    ]:
        c = {**base, **extra}
        token = pyjwt.encode(c, signer, algorithm="ES256")
        expect = {"valid": True, "claims": c} if code is None else {"valid": False, "code": code}
        cases.append({"id": f"pyjwt-claims-{cid}", "type": "jwt", "token": token, "key": verifier, "algorithms": ["ES256"],
                      "claims_options": {"issuer": "urn:pyjwt", "audience": "urn:api", "currentDate": NOW, **o}, "expect": expect})
    # alg "none": PyJWT produces it when asked; it must never verify.
    none_token = pyjwt.encode({"sub": "admin"}, None, algorithm="none")
    cases.append({"id": "pyjwt-alg-none", "type": "jwt", "token": none_token, "key": SIGNING["HS256"][1], "algorithms": ["HS256"],
                  "expect": {"valid": False, "code": "ERR_JOSE_ALG_NOT_ALLOWED"}})
    # A token signed with RS256 verified while only ES256 is pinned.
    token = pyjwt.encode({"sub": "x"}, RSA_KEY, algorithm="RS256")
    cases.append({"id": "pyjwt-alg-not-pinned", "type": "jwt", "token": token, "key": jwk_public(RSA_KEY), "algorithms": ["ES256"],
                  "expect": {"valid": False, "code": "ERR_JOSE_ALG_NOT_ALLOWED"}})
    # The seed-002 habit of a short HMAC secret ("secret"): RFC 7518 §3.2 forbids keys shorter than the hash.
    token = pyjwt.encode({"a": "b"}, "secret", algorithm="HS256")
    cases.append({"id": "pyjwt-short-hmac-secret", "type": "jwt", "token": token, "key": {"kty": "oct", "k": b64u(b"secret")}, "algorithms": ["HS256"],
                  "expect": {"valid": False, "code": "ERR_KEY_INVALID"}})
    # Algorithm confusion: HS256 keyed with the RSA public key PEM. PyJWT itself refuses to make it, so the token is
    # assembled with hmac here; the verifier is given the PEM and both algorithms.
    import hashlib, hmac
    pem = pem_public(RSA_KEY)
    signing_input = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64u(json.dumps({"sub": "admin"}).encode())
    forged = signing_input + "." + b64u(hmac.new(pem.encode(), signing_input.encode(), hashlib.sha256).digest())
    cases.append({"id": "confusion-hs256-with-rsa-public-pem", "type": "jwt", "token": forged, "key": {"secret_utf8": pem}, "algorithms": ["HS256", "RS256"],
                  "expect": {"valid": False, "code": "ERR_KEY_ALG_MISMATCH"}})
    cases.append({"id": "confusion-hs256-pinned-rs256", "type": "jwt", "token": forged, "key": {"pem": pem}, "algorithms": ["RS256"],
                  "expect": {"valid": False, "code": "ERR_JOSE_ALG_NOT_ALLOWED"}})
    return cases


# python-jose 3.3 encrypts AES-GCM with a 128-bit IV; RFC 7518 §5.3 requires 96 bits (panva jose refuses them too).
GCM_IV_BUG = {"valid": False, "code": "ERR_JWE_INVALID", "why": "python-jose 3.3 writes a 128-bit AES-GCM IV; RFC 7518 §5.3 requires 96 bits"}


def python_jose_cases():
    cases = []
    claims = {"sub": "python-jose", "iss": "urn:pj", "exp": NOW + 600}
    for alg in ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]:
        signer, verifier = SIGNING[alg]
        key = signer if isinstance(signer, bytes) else pem_private(signer)
        token = pj_jwt.encode(claims, key, algorithm=alg)
        cases.append({"id": f"python-jose-jwt-{alg}", "type": "jwt", "token": token, "key": verifier, "algorithms": [alg],
                      "claims_options": {"issuer": "urn:pj", "currentDate": NOW}, "expect": {"valid": True, "claims": claims}})
    # jws.sign with a PEM key, verified with the public PEM (the seed's RS512 example)
    token = pj_jws.sign({"a": "b"}, pem_private(RSA_KEY), algorithm="RS512")
    cases.append({"id": "python-jose-jws-RS512-pem", "type": "jws-compact", "token": token, "key": {"pem": pem_public(RSA_KEY)}, "algorithms": ["RS512"],
                  "expect": {"valid": True, "payload": json.dumps({"a": "b"}, separators=(",", ":"))}})
    # JWE
    rsa_pub = pem_public(RSA_KEY)
    for alg in ["RSA-OAEP", "RSA-OAEP-256"]:
        for enc in ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"]:
            pt = f"python-jose {alg} {enc}"
            token = pj_jwe.encrypt(pt, rsa_pub, encryption=enc, algorithm=alg).decode()
            cases.append({"id": f"python-jose-jwe-{alg}-{enc}", "type": "jwe-compact", "token": token, "key": jwk_private(RSA_KEY), "algorithms": [alg],
                          "expect": GCM_IV_BUG if "GCM" in enc else {"valid": True, "payload": pt}})
    for alg, size in [("A128KW", 16), ("A192KW", 24), ("A256KW", 32)]:
        k = os.urandom(size)
        for enc in ["A128CBC-HS256", "A256GCM"]:
            pt = f"python-jose {alg} {enc}"
            token = pj_jwe.encrypt(pt, k, encryption=enc, algorithm=alg).decode()
            cases.append({"id": f"python-jose-jwe-{alg}-{enc}", "type": "jwe-compact", "token": token, "key": {"kty": "oct", "k": b64u(k)}, "algorithms": [alg],
                          "expect": GCM_IV_BUG if "GCM" in enc else {"valid": True, "payload": pt}})
            if "GCM" not in enc:
                cases.append({"id": f"python-jose-jwe-{alg}-{enc}-tampered", "type": "jwe-compact", "token": tamper(token), "key": {"kty": "oct", "k": b64u(k)},
                              "algorithms": [alg], "expect": {"valid": False, "code": "ERR_DECRYPTION_FAILED"}})
    k = os.urandom(32)
    token = pj_jwe.encrypt("dir + zip", k, encryption="A128CBC-HS256", algorithm="dir", zip="DEF").decode()
    # python-jose 3.3 compresses with zlib.compress (RFC 1950 zlib framing), not raw DEFLATE (RFC 1951) as RFC 7516
    # §4.1.3 requires: panva jose refuses it too.
    cases.append({"id": "python-jose-jwe-dir-zip-zlib-framing-bug", "type": "jwe-compact", "token": token, "key": {"kty": "oct", "k": b64u(k)}, "algorithms": ["dir"],
                  "expect": {"valid": False, "code": "ERR_JWE_INVALID", "why": "python-jose 3.3 uses zlib framing instead of raw DEFLATE"}})
    token = pj_jwe.encrypt("legacy", rsa_pub, encryption="A128CBC-HS256", algorithm="RSA1_5").decode()
    cases.append({"id": "python-jose-jwe-RSA1_5-refused", "type": "jwe-compact", "token": token, "key": jwk_private(RSA_KEY), "algorithms": ["RSA1_5"],
                  "expect": {"valid": False, "code": "ERR_JOSE_NOT_SUPPORTED"}})
    return cases


def jwcrypto_cases():
    cases = []
    keys = {
        "RSA": jc_jwk.JWK.from_pem(pem_private(RSA_KEY).encode()),
        "P-256": jc_jwk.JWK.generate(kty="EC", crv="P-256"),
        "P-384": jc_jwk.JWK.generate(kty="EC", crv="P-384"),
        "P-521": jc_jwk.JWK.generate(kty="EC", crv="P-521"),
        "X25519": jc_jwk.JWK.generate(kty="OKP", crv="X25519"),
        "Ed25519": jc_jwk.JWK.generate(kty="OKP", crv="Ed25519"),
    }
    priv = lambda k: json.loads(k.export(private_key=True)) if k.get('kty') == 'oct' else json.loads(k.export_private())
    pub = lambda k: json.loads(k.export_public())
    # JWS general JSON with three signatures
    s = jc_jws.JWS(b"jwcrypto general JWS")
    s.add_signature(keys["RSA"], None, json_encode({"alg": "PS256"}), json_encode({"kid": "rsa"}))
    s.add_signature(keys["P-384"], None, json_encode({"alg": "ES384"}), json_encode({"kid": "ec"}))
    s.add_signature(keys["Ed25519"], None, json_encode({"alg": "EdDSA"}), json_encode({"kid": "ed"}))
    general = json.loads(s.serialize())
    for i, (name, alg) in enumerate([("RSA", "PS256"), ("P-384", "ES384"), ("Ed25519", "EdDSA")]):
        cases.append({"id": f"jwcrypto-jws-general-{alg}", "type": "jws-json", "token": general, "key": pub(keys[name]), "algorithms": [alg],
                      "expect": {"valid": True, "payload": "jwcrypto general JWS", "index": i}})
    # JWE compact: every alg × one enc, and every enc with one alg
    octs = {16: jc_jwk.JWK.generate(kty="oct", size=128), 24: jc_jwk.JWK.generate(kty="oct", size=192), 32: jc_jwk.JWK.generate(kty="oct", size=256)}
    password = jc_jwk.JWK(kty="oct", k=b64u(b"jwcrypto password"))
    plan = []
    encs = ["A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM"]
    for i, alg in enumerate(["RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW",
                             "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW"]):
        plan.append((alg, encs[i % len(encs)], None))
    for crv in ["P-256", "P-384", "P-521", "X25519"]:
        for alg in ["ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"]:
            plan.append((alg, "A256GCM" if crv != "P-384" else "A128CBC-HS256", crv))
    for enc in encs:
        plan.append(("dir", enc, None))
    for alg, enc, crv in plan:
        if alg.startswith("RSA"):
            enc_key, dec_key = keys["RSA"], priv(keys["RSA"])
        elif alg.startswith("ECDH"):
            enc_key, dec_key = keys[crv], priv(keys[crv])
        elif alg.startswith("PBES2"):
            enc_key, dec_key = password, {"password_utf8": "jwcrypto password"}
        elif alg == "dir":
            size = {"A128CBC-HS256": 32, "A192CBC-HS384": 48, "A256CBC-HS512": 64, "A128GCM": 16, "A192GCM": 24, "A256GCM": 32}[enc]
            enc_key = jc_jwk.JWK.generate(kty="oct", size=size * 8)
            dec_key = priv(enc_key)
        else:
            size = int(alg[1:4]) // 8
            enc_key, dec_key = octs[size], priv(octs[size])
        pt = f"jwcrypto {alg} {enc} {crv or ''}".strip()
        e = jc_jwe.JWE(pt.encode(), protected=json_encode({"alg": alg, "enc": enc}), algs=jc_jwe.default_allowed_algs)
        e.add_recipient(enc_key)
        token = e.serialize(compact=True)
        cid = f"jwcrypto-jwe-{alg}-{enc}" + (f"-{crv}" if crv else "")
        cases.append({"id": cid, "type": "jwe-compact", "token": token, "key": dec_key, "algorithms": [alg], "expect": {"valid": True, "payload": pt}})
    # General JSON JWE with three recipients and AAD
    e = jc_jwe.JWE(b"to three recipients", protected=json_encode({"enc": "A256CBC-HS512"}), unprotected=json_encode({"cty": "text/plain"}), aad=b"jwcrypto aad")
    e.add_recipient(keys["RSA"], header=json_encode({"alg": "RSA-OAEP-256", "kid": "rsa"}))
    e.add_recipient(keys["P-521"], header=json_encode({"alg": "ECDH-ES+A256KW", "kid": "ec"}))
    e.add_recipient(octs[32], header=json_encode({"alg": "A256GCMKW", "kid": "oct"}))
    general = json.loads(e.serialize())
    for i, (k, alg) in enumerate([(priv(keys["RSA"]), "RSA-OAEP-256"), (priv(keys["P-521"]), "ECDH-ES+A256KW"), (priv(octs[32]), "A256GCMKW")]):
        cases.append({"id": f"jwcrypto-jwe-general-{alg}", "type": "jwe-json", "token": general, "key": k, "algorithms": [alg],
                      "expect": {"valid": True, "payload": "to three recipients", "index": i, "aad": "jwcrypto aad"}})
    # zip
    e = jc_jwe.JWE(b"z" * 1000, protected=json_encode({"alg": "A128KW", "enc": "A128GCM", "zip": "DEF"}))
    e.add_recipient(octs[16])
    cases.append({"id": "jwcrypto-jwe-zip", "type": "jwe-compact", "token": e.serialize(compact=True), "key": priv(octs[16]), "algorithms": ["A128KW"],
                  "expect": {"valid": True, "payload": "z" * 1000}})
    # wrong key: a JWE for one P-256 key decrypted with another
    other = jc_jwk.JWK.generate(kty="EC", crv="P-256")
    e = jc_jwe.JWE(b"x", protected=json_encode({"alg": "ECDH-ES+A128KW", "enc": "A128GCM"}))
    e.add_recipient(keys["P-256"])
    cases.append({"id": "jwcrypto-jwe-wrong-key", "type": "jwe-compact", "token": e.serialize(compact=True), "key": priv(other), "algorithms": ["ECDH-ES+A128KW"],
                  "expect": {"valid": False, "code": "ERR_DECRYPTION_FAILED"}})
    return cases


# ------------------------------------------------------------------------------------------ seed 002 workflow
def seed_002_cases():
    """
    /work/shared/seeds/002: BA encrypts secret information for MtB (JWE RSA-OAEP + A128CBC-HS256 with MtB's public
    key), puts the JWE in the "secret" claim of claims {timestamp, secret, from}, signs them RS512 with its private
    key (loaded from a passphrase-protected PEM, passphrase "foo"), MtB verifies the signature with BA's public key and
    decrypts the secret with its private key. Made with python-jose + pycryptodome exactly like the seed.
    """
    ba = RSA.generate(2048)
    mtb = RSA.generate(2048)
    ba_encrypted_pem = ba.export_key(passphrase="foo", pkcs=1).decode()  # legacy PEM, DES-EDE3-CBC (what the seed's test_rsa is)
    info = {"company": "ACME", "experiment": "ID", "author": "foo"}
    secret = pj_jwe.encrypt(json.dumps(info), mtb.publickey().export_key().decode(), encryption="A128CBC-HS256", algorithm="RSA-OAEP").decode()
    claims = {"timestamp": 1488556002, "secret": secret, "from": "mindthebyte"}
    token = pj_jwt.encode(claims, RSA.import_key(ba_encrypted_pem, passphrase="foo").export_key().decode(), algorithm="RS512")
    base = {
        "type": "seed-002",
        "ba_private_pem_encrypted": ba_encrypted_pem,
        "ba_passphrase": "foo",
        "ba_public_pem": ba.publickey().export_key().decode(),
        "mtb_private_pem": mtb.export_key(pkcs=8).decode(),
        "mtb_public_pem": mtb.publickey().export_key().decode(),
    }
    cases = [
        {**base, "id": "seed-002-workflow", "token": token,
         "expect": {"valid": True, "header": {"alg": "RS512", "typ": "JWT"}, "claims": claims, "secret_header": {"alg": "RSA-OAEP", "enc": "A128CBC-HS256"}, "secret_plaintext": info}},
        {**base, "id": "seed-002-bad-signature", "token": tamper(token), "expect": {"valid": False, "code": "ERR_JWS_SIGNATURE_INVALID"}},
    ]
    # The seed's bad_r: the same public key with one exponent byte changed -> the signature does not verify.
    bad = RSA.construct((ba.n, 65537 + 128)) if False else RSA.construct((ba.n, 65539))
    cases.append({**base, "id": "seed-002-wrong-public-key", "token": token, "ba_public_pem": bad.export_key().decode(),
                  "expect": {"valid": False, "code": "ERR_JWS_SIGNATURE_INVALID"}})
    # The seed's own 1024-bit test_rsa key: too small for JOSE (RFC 7518 §3.3 requires 2048 bits).
    seed_key = """-----BEGIN RSA PRIVATE KEY-----
MIICXAIBAAKBgQChJT2loVT4kaHJ/rLREAjITkf2x5AnJpynPVOxN78fQp1Ma4DV
0MiU5sbK6H9rtWf61OFPiIhaBTJYTJVvdCL5ccDkN7VR7R7P6eF9ZZG1t7byWad1
tu4e+nPWdad9Qmn4l48XV1DGe2tjulyGkJgiRHmGrwrWuyN2AfF94hBwGQIDAQAB
AoGAXhXYQHRJoDenNsC2tsmd1xWdfsBVsgYhQKPV0Yqy1BWYsZ2ywyP7eLSlLKNC
giiQZSsVwdH9ilGua0+LkF9Ga2A5QGM/qKC89XXdf8DKN3sTHAjFx6LY+h4+M2ha
AHKJYQJwnHe/9C7/SRYsrwaGSia2Lhh9v2SmlliOhHhQhOECQQDV4WyVSirzrdKC
6Vz5S+Jm20P8u5+AZ0zgeZgwa3qq6KCrFceizuNql4YHCUwSPGs6SW77Ih65EzdP
K1ugmii7AkEAwOE6v7H9mTktcmdBkKe3jjtHaZgSGdWSvE9wzkU18YS+xOjcQPmy
y4u3cthOHXI+XaC54tKrChr7o878J7zXOwJBAJqMy0bRkloFaBG7CbkHMbF7jhRJ
i8dgXffzRZrvf3OSp88Y7Opjr4etuGbLPBINYLp8p9qG3EaGcTgfL5XM79MCQASM
Cr+EKa9YCrs8te38FjazLQ7PN/YF8+yejtE+DnSAJaMsviyF9nIX/B4n/Udybwf0
Bw3S25dkZXRKJ+Wj7QsCQFQ+VBQAPi3R0OZZNuMTUnJi07ozBY69pkpVV7PWjZys
RZue0Pca4a+z7nzb4rFB/QQEaNcmAbuPsh1kwUoL5t0=
-----END RSA PRIVATE KEY-----
"""
    weak = RSA.import_key(seed_key)
    weak_token = pj_jwt.encode({"a": "b"}, seed_key, algorithm="RS512")
    cases.append({**base, "id": "seed-002-1024-bit-key-refused", "token": weak_token, "ba_public_pem": weak.publickey().export_key().decode(),
                  "expect": {"valid": False, "code": "ERR_KEY_INVALID"}})
    return cases


# -------------------------------------------------------------------------------------------- encrypted keys
def openssl(args, stdin=None):
    r = subprocess.run(["openssl", *args], input=stdin, capture_output=True, check=True)
    return r.stdout.decode()


def encrypted_key_cases():
    cases = []
    pw = "correct horse battery staple"
    rsa_key = RSA.generate(2048)
    ec_key = ECC.generate(curve="P-256")
    rsa_pub = json.loads(jc_jwk.JWK.from_pem(rsa_key.publickey().export_key()).export_public())
    ec_pub = json.loads(jc_jwk.JWK.from_pem(ec_key.public_key().export_key(format="PEM").encode()).export_public())

    def case(cid, source, pem, public, passphrase=pw, expect=None):
        cases.append({"id": cid, "source": source, "pem": pem, "passphrase": passphrase, "public_jwk": public, "expect": expect or {"valid": True}})

    # pycryptodome PKCS#8 (every protection 3.11 offers)
    for prot in ["PBKDF2WithHMAC-SHA1AndDES-EDE3-CBC", "PBKDF2WithHMAC-SHA1AndAES128-CBC", "PBKDF2WithHMAC-SHA1AndAES192-CBC",
                 "PBKDF2WithHMAC-SHA1AndAES256-CBC", "scryptAndAES128-CBC", "scryptAndAES192-CBC", "scryptAndAES256-CBC"]:
        case(f"pycryptodome-rsa-pkcs8-{prot}", f"pycryptodome RSA.export_key(passphrase, pkcs=8, protection='{prot}')",
             rsa_key.export_key(passphrase=pw, pkcs=8, protection=prot).decode(), rsa_pub)
    case("pycryptodome-ec-pkcs8-scryptAndAES128-CBC", "pycryptodome ECC.export_key(format='PEM', passphrase, protection='scryptAndAES128-CBC')",
         ec_key.export_key(format="PEM", passphrase=pw, protection="scryptAndAES128-CBC", use_pkcs8=True), ec_pub)
    case("pycryptodome-ec-pkcs8-PBKDF2-AES256", "pycryptodome ECC.export_key(format='PEM', passphrase, protection='PBKDF2WithHMAC-SHA1AndAES256-CBC')",
         ec_key.export_key(format="PEM", passphrase=pw, protection="PBKDF2WithHMAC-SHA1AndAES256-CBC", use_pkcs8=True), ec_pub)
    # pycryptodome legacy PEM (pkcs=1): Proc-Type 4,ENCRYPTED / DEK-Info DES-EDE3-CBC
    case("pycryptodome-rsa-pkcs1-legacy", "pycryptodome RSA.export_key(passphrase, pkcs=1)", rsa_key.export_key(passphrase=pw, pkcs=1).decode(), rsa_pub)
    case("pycryptodome-ec-legacy", "pycryptodome ECC.export_key(format='PEM', passphrase, use_pkcs8=False)",
         ec_key.export_key(format="PEM", passphrase=pw, use_pkcs8=False), ec_pub)
    # openssl: legacy AES, PKCS#8 with SHA-256/512 PRF, scrypt, DES3
    with tempfile.TemporaryDirectory() as d:
        plain = os.path.join(d, "rsa.pem")
        with open(plain, "w") as f:
            f.write(rsa_key.export_key(pkcs=8).decode())
        ec_plain = os.path.join(d, "ec.pem")
        with open(ec_plain, "w") as f:
            f.write(ec_key.export_key(format="PEM"))
        for c in ["aes128", "aes192", "aes256", "des3"]:
            case(f"openssl-rsa-legacy-{c}", f"openssl rsa -traditional -{c}", openssl(["rsa", "-in", plain, "-traditional", f"-{c}", "-passout", f"pass:{pw}"]), rsa_pub)
        case("openssl-ec-legacy-aes256", "openssl ec -aes256", openssl(["ec", "-in", ec_plain, "-aes256", "-passout", f"pass:{pw}"]), ec_pub)
        for v2, prf in [("aes-128-cbc", "hmacWithSHA256"), ("aes-256-cbc", "hmacWithSHA512"), ("aes-192-cbc", "hmacWithSHA384"), ("des3", "hmacWithSHA1")]:
            case(f"openssl-rsa-pkcs8-{v2}-{prf}", f"openssl pkcs8 -topk8 -v2 {v2} -v2prf {prf} -iter 4096",
                 openssl(["pkcs8", "-topk8", "-in", plain, "-v2", v2, "-v2prf", prf, "-iter", "4096", "-passout", f"pass:{pw}"]), rsa_pub)
        case("openssl-ec-pkcs8-scrypt", "openssl pkcs8 -topk8 -scrypt (N=16384 r=8 p=1, AES-256-CBC)",
             openssl(["pkcs8", "-topk8", "-in", ec_plain, "-scrypt", "-passout", f"pass:{pw}"]), ec_pub)
    # cryptography BestAvailableEncryption
    ck = serialization.load_pem_private_key(rsa_key.export_key(pkcs=8), password=None)
    case("cryptography-rsa-pkcs8-best", "cryptography PrivateFormat.PKCS8 + BestAvailableEncryption",
         ck.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(pw.encode())).decode(), rsa_pub)
    case("cryptography-rsa-traditional-best", "cryptography PrivateFormat.TraditionalOpenSSL + BestAvailableEncryption",
         ck.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.BestAvailableEncryption(pw.encode())).decode(), rsa_pub)
    # invalid: wrong passphrase (several formats), missing passphrase
    for cid in ["pycryptodome-rsa-pkcs8-scryptAndAES128-CBC", "pycryptodome-rsa-pkcs8-PBKDF2WithHMAC-SHA1AndDES-EDE3-CBC", "pycryptodome-rsa-pkcs1-legacy",
                "openssl-rsa-legacy-aes256", "openssl-rsa-pkcs8-aes-256-cbc-hmacWithSHA512"]:
        src = next(c for c in cases if c["id"] == cid)
        cases.append({**src, "id": f"{cid}-wrong-passphrase", "passphrase": "Correct horse battery staple", "expect": {"valid": False, "code": "ERR_KEY_PASSPHRASE"}})
    src = next(c for c in cases if c["id"] == "pycryptodome-rsa-pkcs1-legacy")
    cases.append({**src, "id": "pycryptodome-rsa-pkcs1-legacy-no-passphrase", "passphrase": None, "expect": {"valid": False, "code": "ERR_KEY_PASSPHRASE"}})
    return cases


def python_jose_defaults_cases():
    """python-jose 3.3 with its DEFAULTS (seed 002's library): jwe.encrypt(plaintext, key) is dir + A256GCM, and
    algorithm="RSA-OAEP" keeps encryption=A256GCM. Both write a 128-bit GCM IV: cryptoplug reads them only with the
    opt-in compat "python-jose" option (decryption only); without it the error names the option."""
    cases = []
    rsa_pub = pem_public(RSA_KEY)
    k = os.urandom(32)
    defaults = [
        ("python-jose-default-dir-A256GCM", pj_jwe.encrypt("python-jose defaults: dir", k), {"kty": "oct", "k": b64u(k)}, "dir"),
        ("python-jose-default-RSA-OAEP-A256GCM", pj_jwe.encrypt("python-jose defaults: RSA-OAEP", rsa_pub, algorithm="RSA-OAEP"), jwk_private(RSA_KEY), "RSA-OAEP"),
    ]
    for cid, token, key, alg in defaults:
        token = token.decode()
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        iv = base64.urlsafe_b64decode(token.split(".")[2] + "==")
        assert header["enc"] == "A256GCM" and header["alg"] == alg and len(iv) == 16, (header, len(iv))
        pt = pj_jwe.decrypt(token, k if alg == "dir" else pem_private(RSA_KEY)).decode()
        cases.append({"id": cid, "type": "jwe-compact", "token": token, "key": key, "algorithms": [alg], "iv_bits": len(iv) * 8,
                      "expect": {"valid": False, "code": "ERR_JWE_INVALID", "message_includes": "python-jose"},
                      "expect_compat_python_jose": {"valid": True, "payload": pt}})
        cases.append({"id": f"{cid}-tampered", "type": "jwe-compact", "token": tamper(token), "key": key, "algorithms": [alg], "iv_bits": len(iv) * 8,
                      "expect": {"valid": False, "code": "ERR_JWE_INVALID"},
                      "expect_compat_python_jose": {"valid": False, "code": "ERR_DECRYPTION_FAILED"}})
    return cases


def main():
    if sys.argv[1:] == ["--only", "python-jose-defaults"]:
        write("python-jose-defaults.json", python_jose_defaults_cases(), "JWE made by python-jose 3.3 with its defaults (128-bit A256GCM IVs): dir and RSA-OAEP")
        return
    write("python-jose-defaults.json", python_jose_defaults_cases(), "JWE made by python-jose 3.3 with its defaults (128-bit A256GCM IVs): dir and RSA-OAEP")
    write("pyjwt.json", pyjwt_cases(), "JWTs signed by PyJWT, every JWS algorithm, with claim and security cases")
    write("python-jose.json", python_jose_cases(), "JWT/JWS/JWE made by python-jose")
    write("jwcrypto.json", jwcrypto_cases(), "JWS (general JSON) and JWE (every alg and enc, general JSON, zip) made by jwcrypto")
    write("seed-002.json", seed_002_cases(), "The seed 002 workflow: JWE RSA-OAEP+A128CBC-HS256 secret inside RS512-signed claims {timestamp, secret, from}")
    write("encrypted-keys.json", encrypted_key_cases(), "Encrypted private keys: PKCS#8 PBES2 (PBKDF2/scrypt; AES/DES3) and legacy OpenSSL PEM, from pycryptodome, openssl and cryptography")


if __name__ == "__main__":
    main()
