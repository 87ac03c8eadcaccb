#!/usr/bin/env python3
"""
Makes one akenza device token with PyJWT, valid or deliberately broken, relative to the current time. The tests use
it to present the broker with tokens another implementation produced (expired, wrong aud, wrong key, kid mismatch,
HS256, none...).

    /usr/bin/python3 make_token.py --device-id DEV --private-key ec_private.pem --public-key ec_public.pem --alg ES256 \
        [--aud URL] [--iat-offset S] [--lifetime S] [--kid HEX | --no-kid] [--secret S] [--claim k=v ...]

--public-key gives the kid (as in the akenza documentation); --alg HS256 signs with --secret; --alg none leaves the
signature empty. Prints the token on stdout.
"""
import argparse
import hashlib
import sys
import time

import jwt

try:
    from Crypto.PublicKey import ECC, RSA
except ImportError:  # Debian python3-pycryptodome
    from Cryptodome.PublicKey import ECC, RSA


def fingerprint(public_key_file):
    with open(public_key_file, "r") as f:
        text = f.read()
    try:
        key = RSA.import_key(text)
    except ValueError:
        key = ECC.import_key(text)
    return hashlib.sha256(key.export_key(format="DER")).hexdigest()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device-id", required=True)
    p.add_argument("--private-key")
    p.add_argument("--public-key")
    p.add_argument("--alg", default="ES256")
    p.add_argument("--aud")
    p.add_argument("--iat-offset", type=int, default=0, help="seconds added to the current time for iat")
    p.add_argument("--lifetime", type=int, default=1200)
    p.add_argument("--kid")
    p.add_argument("--no-kid", action="store_true")
    p.add_argument("--secret")
    p.add_argument("--claim", action="append", default=[])
    a = p.parse_args()

    iat = int(time.time()) + a.iat_offset
    claims = {"iat": iat, "exp": iat + a.lifetime, "aud": a.aud or f"https://akenza.io/devices/{a.device_id}"}
    for kv in a.claim:
        k, v = kv.split("=", 1)
        claims[k] = v
    headers = {}
    if not a.no_kid:
        headers["kid"] = a.kid or fingerprint(a.public_key)
    if a.alg == "none":
        key = None
    elif a.alg.startswith("HS"):
        key = a.secret
    else:
        with open(a.private_key, "r") as f:
            key = f.read()
    print(jwt.encode(claims, key, algorithm=a.alg, headers=headers or None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
