#!/usr/bin/env python3
"""
Generates vectors/akenza/tokens.json: akenza device tokens made by PyJWT (the library of the akenza documentation's
Python example) with fixed timestamps, and the key fingerprints (`kid`) computed the way the documentation computes
them (pycryptodome `export_key(format="DER")`, SHA-256, lowercase hex).

    /usr/bin/python3 vectors/akenza/generate.py   # rewrites tokens.json next to this file

ECDSA signatures are randomized, so re-running changes the ES256 token bytes (never their validity). The file is
committed; tests read it and never run this script. See README.md for the meaning of every field.
"""
import datetime
import hashlib
import json
import os
import sys

import jwt

try:
    from Crypto.PublicKey import ECC, RSA
except ImportError:  # Debian python3-pycryptodome
    from Cryptodome.PublicKey import ECC, RSA

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "keys")

IAT = 1700000000          # 2023-11-14T22:13:20Z
LIFETIME = 20 * 60         # the documentation's 20 minutes
NOW = IAT + 60             # the "current time" every case is checked at
DEVICE_ID = "c0ffee0000000001"
AUD = f"https://akenza.io/devices/{DEVICE_ID}"


def read(name):
    with open(os.path.join(KEYS, name), "r") as f:
        return f.read()


def fingerprint(name):
    text = read(name)
    key = RSA.import_key(text) if "rsa" in name else ECC.import_key(text)
    return hashlib.sha256(key.export_key(format="DER")).hexdigest()


def ts(seconds):
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)


def claims(iat=IAT, exp=None, aud=AUD, **extra):
    c = {}
    if iat is not None:
        c["iat"] = ts(iat)
    if exp is not False:
        c["exp"] = ts(IAT + LIFETIME if exp is None else exp)
    if aud is not None:
        c["aud"] = aud
    c.update(extra)
    return c


def main():
    kids = {name: fingerprint(name) for name in [
        "rsa_public.pem", "ec_public.pem", "ec_public_compressed.pem", "other_rsa_public.pem",
        "other_ec_public.pem", "ec_p384_public.pem",
    ]}
    rsa_kid = kids["rsa_public.pem"]
    ec_kid = kids["ec_public.pem"]

    def tok(c, key, alg, kid="default"):
        headers = {}
        if kid == "default":
            headers["kid"] = rsa_kid if alg.startswith("RS") else ec_kid
        elif kid is not None:
            headers["kid"] = kid
        return jwt.encode(c, key, algorithm=alg, headers=headers or None)

    rsa, ec = read("rsa_private.pem"), read("ec_private.pem")
    cases = []

    def case(name, device_key, token, valid, code=None, description="", **extra):
        entry = {"name": name, "description": description, "deviceKey": device_key, "token": token, "valid": valid}
        if code:
            entry["code"] = code
        entry.update(extra)
        cases.append(entry)

    # --- valid ---
    case("rs256", "rsa_public.pem", tok(claims(), rsa, "RS256"), True, description="the documentation's RSA token")
    case("es256", "ec_public.pem", tok(claims(), ec, "ES256"), True, description="the documentation's EC token")
    case("es256-sec1-key", "ec_public.pem", tok(claims(), read("ec_private_sec1.pem"), "ES256"), True,
         description="signed with the same EC key in SEC1 ('EC PRIVATE KEY') form")
    case("rs256-pkcs1-key", "rsa_public.pem", tok(claims(), read("rsa_private_pkcs1.pem"), "RS256"), True,
         description="signed with the same RSA key in PKCS#1 form")
    case("es256-no-kid", "ec_public.pem", tok(claims(), ec, "ES256", kid=None), True,
         description="no kid header: the registered key decides")
    case("es256-extra-claims", "ec_public.pem", tok(claims(sub="sensor-7", fw="1.2.3"), ec, "ES256"), True,
         description="extra claims are allowed and returned")
    case("es256-aud-array", "ec_public.pem", tok(claims(aud=[AUD, "https://example.com"]), ec, "ES256"), True,
         description="aud as an array that contains the device audience (RFC 7519 4.1.3)")
    case("es256-exp-at-skew-edge", "ec_public.pem", tok(claims(iat=NOW - LIFETIME - 30, exp=NOW - 30), ec, "ES256"), True,
         description="expired 30 s before NOW: inside the default 60 s clock skew")

    # --- invalid ---
    case("expired", "ec_public.pem", tok(claims(iat=NOW - 3 * LIFETIME, exp=NOW - 2 * LIFETIME), ec, "ES256"), False,
         "ERR_AKENZA_TOKEN_EXPIRED", "exp 40 minutes before NOW")
    case("expired-rs256", "rsa_public.pem", tok(claims(iat=NOW - 7200, exp=NOW - 3600), rsa, "RS256"), False,
         "ERR_AKENZA_TOKEN_EXPIRED", "exp one hour before NOW")
    case("wrong-aud", "ec_public.pem", tok(claims(aud="https://akenza.io/devices/someone-else"), ec, "ES256"), False,
         "ERR_AKENZA_AUDIENCE_MISMATCH", "aud names another device")
    case("aud-without-prefix", "ec_public.pem", tok(claims(aud=DEVICE_ID), ec, "ES256"), False,
         "ERR_AKENZA_AUDIENCE_MISMATCH", "aud is the bare device id")
    case("missing-aud", "ec_public.pem", tok(claims(aud=None), ec, "ES256"), False,
         "ERR_AKENZA_AUDIENCE_MISMATCH", "no aud claim")
    case("wrong-key-rs256", "rsa_public.pem", tok(claims(), read("other_rsa_private.pem"), "RS256"), False,
         "ERR_AKENZA_SIGNATURE_INVALID", "signed by another RSA key, kid of the registered key")
    case("wrong-key-es256", "ec_public.pem", tok(claims(), read("other_ec_private.pem"), "ES256"), False,
         "ERR_AKENZA_SIGNATURE_INVALID", "signed by another EC key, kid of the registered key")
    case("kid-mismatch", "ec_public.pem", tok(claims(), ec, "ES256", kid=kids["other_ec_public.pem"]), False,
         "ERR_AKENZA_KID_MISMATCH", "right key and signature, kid of another key")
    case("kid-garbage", "rsa_public.pem", tok(claims(), rsa, "RS256", kid="not-a-fingerprint"), False,
         "ERR_AKENZA_KID_MISMATCH", "kid that is no fingerprint at all")
    case("hs256", "rsa_public.pem", tok(claims(), "a-shared-secret-that-is-long-enough-for-hs256", "HS256", kid=rsa_kid),
         False, "ERR_AKENZA_ALG_NOT_ALLOWED", "HS256 with a secret (akenza devices use RS256/ES256 only)")
    case("none", "ec_public.pem", tok(claims(), None, "none", kid=ec_kid), False,
         "ERR_AKENZA_ALG_NOT_ALLOWED", "alg none, no signature")
    case("rs256-for-ec-device", "ec_public.pem", tok(claims(), rsa, "RS256", kid=ec_kid), False,
         "ERR_AKENZA_ALG_NOT_ALLOWED", "RS256 token for a device registered with an EC key")
    case("es256-for-rsa-device", "rsa_public.pem", tok(claims(), ec, "ES256", kid=rsa_kid), False,
         "ERR_AKENZA_ALG_NOT_ALLOWED", "ES256 token for a device registered with an RSA key")
    case("ps256", "rsa_public.pem", tok(claims(), rsa, "PS256"), False,
         "ERR_AKENZA_ALG_NOT_ALLOWED", "RSA-PSS: not an akenza algorithm")
    case("iat-in-future", "ec_public.pem", tok(claims(iat=NOW + 600, exp=NOW + 600 + LIFETIME), ec, "ES256"), False,
         "ERR_AKENZA_TOKEN_NOT_YET_VALID", "iat 10 minutes after NOW (beyond the 60 s skew)")
    case("lifetime-too-long", "ec_public.pem", tok(claims(exp=IAT + 2 * 86400), ec, "ES256"), False,
         "ERR_AKENZA_TOKEN_LIFETIME", "exp - iat = 48 h, above the default 24 h maximum")
    case("missing-exp", "ec_public.pem", tok(claims(exp=False), ec, "ES256"), False,
         "ERR_AKENZA_TOKEN_MALFORMED", "no exp claim")
    case("missing-iat", "ec_public.pem", tok(claims(iat=None), ec, "ES256"), False,
         "ERR_AKENZA_TOKEN_MALFORMED", "no iat claim")

    good = tok(claims(), ec, "ES256")
    h, p, s = good.split(".")
    forged_payload = jwt.utils.base64url_encode(json.dumps(
        {"iat": IAT, "exp": IAT + 86400, "aud": AUD}, separators=(",", ":")).encode()).decode()
    case("tampered-payload", "ec_public.pem", f"{h}.{forged_payload}.{s}", False,
         "ERR_AKENZA_SIGNATURE_INVALID", "payload replaced after signing")
    case("truncated", "ec_public.pem", f"{h}.{p}", False, "ERR_AKENZA_TOKEN_MALFORMED", "two parts only")

    out = {
        "generator": f"vectors/akenza/generate.py (PyJWT {jwt.__version__}, Python {sys.version.split()[0]})",
        "deviceId": DEVICE_ID,
        "audience": AUD,
        "now": NOW,
        "clockSkew": 60,
        "maxLifetime": 86400,
        "kids": kids,
        "cases": cases,
    }
    with open(os.path.join(HERE, "tokens.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(f"wrote {len(cases)} cases to tokens.json", file=sys.stderr)


if __name__ == "__main__":
    main()
