#!/usr/bin/python3
"""Verify one ETAMP message with the Python seed's libraries (PyJWT + python-ecdsa; pyca/cryptography for the
strong profile's JWE). An implementation independent of cryptoplug: cryptoplug's tests pipe the messages it creates
through this script, and generate.py uses it to cross-check every vector it writes.

Usage:
  /usr/bin/python3 vectors/etamp/verify.py PUBLIC_KEY_PEM [--profile seed|strong] [--now UNIX] [--leeway SECONDS]
      [--max-age SECONDS] [--audience AUD] [--decrypt-key PRIVATE_KEY_PEM] < message.json

Reads the message ({"Id","Token","SignatureToken","SignatureMessage"}) as JSON on stdin (or the seed's printed
Python dict). Prints one JSON line: {"ok": true, "header": {...}, "claims": {...}[, "plaintext": "..."]} and exits 0,
or {"ok": false, "code": "ERR_ETAMP_...", "detail": "..."} and exits 1. Exit 2 for usage errors.

The codes are the ones cryptoplug's @cryptoplug/etamp uses for the same checks, in the same order.
Replay detection is stateful and not part of this script.
"""

import argparse
import ast
import base64
import binascii
import hashlib
import json
import re
import sys
import time

import ecdsa
import jwt
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

PROFILES = {
    # hash of the two detached python-ecdsa signatures
    "seed": hashlib.sha1,  # python-ecdsa SigningKey.sign() default (SigningKey.generate(..., hashfunc=sha1))
    "strong": hashlib.sha512,
}
FIELDS = ("Id", "Token", "SignatureToken", "SignatureMessage")
STRING_CLAIMS = (
    "jti", "messageId", "senderUserName", "senderId", "recipient", "recipientId", "senderServerName", "senderServerId",
    "recipientServerName", "recipientServerId", "iss", "sub", "audience", "message", "timestamp",
)
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
JWE_ALG = "ECDH-ES+A256KW"
JWE_ENC = "A256GCM"
CURVES = {"P-256": (ec.SECP256R1, 32), "P-384": (ec.SECP384R1, 48), "P-521": (ec.SECP521R1, 66)}


class Failure(Exception):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def parse_message(text):
    text = text.strip()
    try:
        msg = json.loads(text)
    except ValueError:
        try:  # the seed prints the dict with print(): Python's repr
            msg = ast.literal_eval(text)
        except (ValueError, SyntaxError) as e:
            raise Failure("ERR_ETAMP_MESSAGE_INVALID", f"message is neither JSON nor a Python dict: {e}")
    if not isinstance(msg, dict):
        raise Failure("ERR_ETAMP_MESSAGE_INVALID", "message must be an object")
    for f in FIELDS:
        if not isinstance(msg.get(f), str) or msg[f] == "":
            raise Failure("ERR_ETAMP_MESSAGE_INVALID", f'"{f}" must be a non-empty string')
    return msg


def b64u_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def ecdsa_verify(vk, sig_b64, data, hashfunc):
    try:
        sig = base64.b64decode(sig_b64, validate=True)
    except binascii.Error:
        return False
    try:
        return vk.verify(sig, data, hashfunc=hashfunc)
    except ecdsa.BadSignatureError:
        return False


def jwe_decrypt(token, private_key):
    parts = token.split(".")
    if len(parts) != 5:
        raise Failure("ERR_ETAMP_MESSAGE_ENCRYPTION", "the message claim is not a compact JWE")
    try:
        header = json.loads(b64u_decode(parts[0]))
        ek, iv, ct, tag = (b64u_decode(p) for p in parts[1:])
    except ValueError as e:
        raise Failure("ERR_ETAMP_MESSAGE_ENCRYPTION", f"malformed JWE: {e}")
    if header.get("alg") != JWE_ALG or header.get("enc") != JWE_ENC:
        raise Failure("ERR_ETAMP_MESSAGE_ENCRYPTION", f'JWE must use {JWE_ALG} + {JWE_ENC}, got {header.get("alg")} + {header.get("enc")}')
    epk = header.get("epk") or {}
    if epk.get("kty") != "EC" or epk.get("crv") not in CURVES:
        raise Failure("ERR_ETAMP_MESSAGE_ENCRYPTION", "JWE epk must be an EC P-256/384/521 public JWK")
    curve_cls, size = CURVES[epk["crv"]]
    if private_key.curve.name != curve_cls.name:
        raise Failure("ERR_ETAMP_DECRYPTION_FAILED", "decryption failed")
    try:
        x = int.from_bytes(b64u_decode(epk["x"]), "big")
        y = int.from_bytes(b64u_decode(epk["y"]), "big")
        peer = ec.EllipticCurvePublicNumbers(x, y, curve_cls()).public_key()
    except (ValueError, KeyError) as e:
        raise Failure("ERR_ETAMP_MESSAGE_ENCRYPTION", f"JWE epk is not a valid point: {e}")
    z = private_key.exchange(ec.ECDH(), peer)
    alg = JWE_ALG.encode()
    apu = b64u_decode(header["apu"]) if "apu" in header else b""
    apv = b64u_decode(header["apv"]) if "apv" in header else b""
    other = (len(alg).to_bytes(4, "big") + alg + len(apu).to_bytes(4, "big") + apu + len(apv).to_bytes(4, "big") + apv
             + (256).to_bytes(4, "big"))
    kek = ConcatKDFHash(algorithm=hashes.SHA256(), length=32, otherinfo=other).derive(z)
    try:
        cek = aes_key_unwrap(kek, ek)
        if len(cek) != 32 or len(iv) != 12 or len(tag) != 16:
            raise InvalidTag()
        plaintext = AESGCM(cek).decrypt(iv, ct + tag, parts[0].encode("ascii"))
    except (InvalidUnwrap, InvalidTag, ValueError):
        raise Failure("ERR_ETAMP_DECRYPTION_FAILED", "decryption failed")
    return plaintext.decode("utf-8")


def verify_message(msg, public_pem, profile="seed", now=None, leeway=60, max_age=300, audience=None, decrypt_pem=None):
    """Returns {"header", "claims"[, "plaintext"]} or raises Failure(code, detail)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile}")
    now = int(time.time()) if now is None else now
    hashfunc = PROFILES[profile]
    vk = ecdsa.VerifyingKey.from_pem(public_pem)
    if vk.curve != ecdsa.NIST521p:
        raise ValueError("ETAMP keys are P-521")
    token = msg["Token"]
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as e:
        raise Failure("ERR_ETAMP_TOKEN_INVALID", str(e))
    if header.get("alg") != "ES512":
        raise Failure("ERR_ETAMP_ALG", f'JWT alg must be ES512, got {header.get("alg")!r}')
    try:
        claims = jwt.decode(token, public_pem, algorithms=["ES512"],
                            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False,
                                     "verify_iss": False})
    except jwt.InvalidSignatureError as e:
        raise Failure("ERR_ETAMP_TOKEN_SIGNATURE", str(e))
    except jwt.DecodeError as e:
        raise Failure("ERR_ETAMP_TOKEN_INVALID", str(e))
    if header.get("typ") != "ETAMP":
        raise Failure("ERR_ETAMP_TYP", f'JWT typ must be "ETAMP", got {header.get("typ")!r}')
    for c in STRING_CLAIMS:
        if not isinstance(claims.get(c), str):
            raise Failure("ERR_ETAMP_CLAIMS_INVALID", f'claim "{c}" must be a string')
    for c in ("exp", "nbf"):
        if not isinstance(claims.get(c), int) or isinstance(claims.get(c), bool):
            raise Failure("ERR_ETAMP_CLAIMS_INVALID", f'claim "{c}" must be an integer')
    if not TIMESTAMP.match(claims["timestamp"]):
        raise Failure("ERR_ETAMP_CLAIMS_INVALID", 'claim "timestamp" must be YYYY-MM-DDTHH:MM:SSZ')
    # the same comparisons as PyJWT's own exp/nbf checks (expired when exp <= now - leeway)
    if claims["exp"] <= now - leeway:
        raise Failure("ERR_ETAMP_EXPIRED", "the message has expired")
    if claims["nbf"] > now + leeway:
        raise Failure("ERR_ETAMP_NOT_YET_VALID", "the message is not yet valid")
    if profile == "strong" and now - claims["nbf"] > max_age + leeway:
        raise Failure("ERR_ETAMP_TOO_OLD", "the message is older than the maximum age")
    if msg["Id"] != claims["messageId"]:
        raise Failure("ERR_ETAMP_ID_MISMATCH", "Id does not equal the messageId claim")
    if claims["sub"] != "Message":
        raise Failure("ERR_ETAMP_SUBJECT", 'sub must be "Message"')
    c = claims
    if c["iss"] != f'{c["senderServerId"]}.{c["senderServerName"]}.{c["senderUserName"]}.{c["senderId"]}':
        raise Failure("ERR_ETAMP_ISSUER", "iss does not match the sender claims")
    if c["audience"] != f'{c["recipientServerId"]}.{c["recipientServerName"]}.{c["recipient"]}.{c["recipientId"]}':
        raise Failure("ERR_ETAMP_AUDIENCE", "audience does not match the recipient claims")
    if audience is not None and c["audience"] != audience:
        raise Failure("ERR_ETAMP_AUDIENCE_UNEXPECTED", "audience is not the expected one")
    token_bytes = token.encode()
    if not ecdsa_verify(vk, msg["SignatureToken"], token_bytes, hashfunc):
        other = PROFILES["strong" if profile == "seed" else "seed"]
        if ecdsa_verify(vk, msg["SignatureToken"], token_bytes, other):
            raise Failure("ERR_ETAMP_PROFILE_MISMATCH", "the detached signatures were made for the other profile")
        raise Failure("ERR_ETAMP_SIGNATURE_TOKEN", "SignatureToken does not verify over Token")
    if not ecdsa_verify(vk, msg["SignatureMessage"], (msg["Id"] + token + msg["SignatureToken"]).encode(), hashfunc):
        raise Failure("ERR_ETAMP_SIGNATURE_MESSAGE", "SignatureMessage does not verify over Id + Token + SignatureToken")
    out = {"header": header, "claims": claims}
    if profile == "strong":
        if claims["message"].count(".") != 4:
            raise Failure("ERR_ETAMP_MESSAGE_ENCRYPTION", "the message claim is not a compact JWE")
        if decrypt_pem is not None:
            key = serialization.load_pem_private_key(decrypt_pem, password=None)
            out["plaintext"] = jwe_decrypt(claims["message"], key)
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("public_key")
    p.add_argument("--profile", choices=sorted(PROFILES), default="seed")
    p.add_argument("--now", type=int)
    p.add_argument("--leeway", type=int, default=60)
    p.add_argument("--max-age", type=int, default=300)
    p.add_argument("--audience")
    p.add_argument("--decrypt-key")
    a = p.parse_args(argv)
    with open(a.public_key, "rb") as f:
        public_pem = f.read()
    decrypt_pem = None
    if a.decrypt_key:
        with open(a.decrypt_key, "rb") as f:
            decrypt_pem = f.read()
    try:
        msg = parse_message(sys.stdin.read())
        out = verify_message(msg, public_pem, a.profile, a.now, a.leeway, a.max_age, a.audience, decrypt_pem)
    except Failure as e:
        print(json.dumps({"ok": False, "code": e.code, "detail": e.detail}))
        return 1
    print(json.dumps({"ok": True, **out}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
