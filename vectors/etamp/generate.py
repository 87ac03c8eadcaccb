#!/usr/bin/python3
"""Generate ETAMP test vectors for @cryptoplug/etamp, following the Python seed (ETAMP docs, "examples/python")
line by line with the seed's own libraries:

  * PyJWT        jwt.encode(payload, pem_private_key, algorithm="ES512", headers={"alg": "ES512", "typ": "ETAMP"})
  * python-ecdsa SigningKey.generate(curve=NIST521p) / sk.to_pem() / sk.sign(data)  (detached signatures)
  * pyca/cryptography  for the seed's "ECDH encryption" and for the strong profile's JWE (ECDH-ES+A256KW, A256GCM)

Run:  apt-get install -y python3-jwt python3-ecdsa python3-cryptography
      /usr/bin/python3 vectors/etamp/generate.py

Keys, ids, times, JWE ephemeral keys/CEKs/IVs are derived from fixed labels, so everything is deterministic except
the ECDSA signatures (python-ecdsa draws a random k) and the "seed-verbatim" case, which runs the seed's code as
published (random keys, the real clock). Every case is cross-checked with verify.py before anything is written.
"""

import base64
import datetime
import hashlib
import json
import os
import platform
import sys
import uuid

import cryptography
import ecdsa
import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from cryptography.hazmat.primitives.keywrap import aes_key_wrap

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import verify  # noqa: E402  (the independent verifier, beside this file)

LEEWAY = 60  # clock tolerance the vectors use unless a case says otherwise (cryptoplug's default too)
MAX_AGE = 300  # strong profile: maximum message age (cryptoplug's default too)


# --------------------------------------------------------------------------
# deterministic material
# --------------------------------------------------------------------------

def det_bytes(label, n):
    """n fixed pseudo-random bytes: SHA-256(label || 0x00 || counter) blocks."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(label.encode() + b"\x00" + i.to_bytes(4, "big")).digest()
        i += 1
    return out[:n]


def det_scalar(label, order):
    return int.from_bytes(det_bytes("cryptoplug-etamp/" + label, 96), "big") % (order - 1) + 1


def det_uuid(label):
    return str(uuid.UUID(bytes=det_bytes("cryptoplug-etamp/uuid/" + label, 16), version=4))


def b64u(b):
    return base64.urlsafe_b64encode(bytes(b)).rstrip(b"=").decode("ascii")


def b64u_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def flip_bit(b, index=None, mask=0x01):
    b = bytearray(b)
    b[len(b) // 2 if index is None else index] ^= mask
    return bytes(b)


def is_x_coordinate(x, curve=ecdsa.NIST521p):
    """True when x is the x-coordinate of a point: x^3 + ax + b is a square mod p (Euler's criterion)."""
    c = curve.curve
    p = c.p()
    if x >= p:
        return False
    rhs = (x * x * x + c.a() * x + c.b()) % p
    return rhs == 0 or pow(rhs, (p - 1) // 2, p) == 1


def next_non_x(r, curve=ecdsa.NIST521p):
    """The first r' >= r in [1, n-1] such that no point has x = r' or x = r' + n (ECDSA's r = x mod n)."""
    n = curve.order
    while is_x_coordinate(r) or is_x_coordinate(r + n):
        r += 1
    assert 1 <= r < n
    return r


def ecdsa_key(label, curve=ecdsa.NIST521p):
    """A python-ecdsa SigningKey (default hashfunc sha1, as SigningKey.generate makes it)."""
    return ecdsa.SigningKey.from_secret_exponent(det_scalar(label, curve.order), curve=curve)


CRYPTO_CURVES = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1()}
SIZES = {"P-256": 32, "P-384": 48, "P-521": 66}


def crypto_key(label, crv):
    order = {"P-256": ecdsa.NIST256p, "P-384": ecdsa.NIST384p, "P-521": ecdsa.NIST521p}[crv].order
    return ec.derive_private_key(det_scalar(label, order), CRYPTO_CURVES[crv])


def pkcs8_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def spki_pem(key):
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def jwk_of(sk):
    """Public and private JWK of a python-ecdsa P-521 SigningKey, from its numbers."""
    size = 66
    point = sk.verifying_key.pubkey.point
    pub = {"kty": "EC", "crv": "P-521", "x": b64u(int(point.x()).to_bytes(size, "big")),
           "y": b64u(int(point.y()).to_bytes(size, "big"))}
    return pub, {**pub, "d": b64u(sk.privkey.secret_multiplier.to_bytes(size, "big"))}


# --------------------------------------------------------------------------
# the seed, parameterised (same statements, same order; values injected instead of drawn)
# --------------------------------------------------------------------------

def sign_message(message, private_key, hashfunc=None):
    # seed: signature = private_key.sign(message.encode()); return base64.b64encode(signature).decode()
    signature = private_key.sign(message.encode()) if hashfunc is None else private_key.sign(message.encode(), hashfunc=hashfunc)
    return base64.b64encode(signature).decode()


def encrypt_message_ecdh(message, private_key_ecdh, peer_public_key):
    # seed: NOT encryption. Returns the first len(message) bytes of the ECDH shared secret, in hex.
    shared_key = private_key_ecdh.exchange(ec.ECDH(), peer_public_key)
    return shared_key[:len(message)].hex()


def seed_payload(p):
    current_time = p["current_time"]
    expiration_time = current_time + datetime.timedelta(seconds=p.get("ttl", 3600))
    not_before_time = current_time
    s, r = p["sender"], p["recipient"]
    return {
        "jti": p["jti"],
        "exp": int(expiration_time.timestamp()),
        "nbf": int(not_before_time.timestamp()),
        "messageId": p["messageId"],
        "senderUserName": s["userName"],
        "senderId": s["id"],
        "recipient": r["userName"],
        "recipientId": r["id"],
        "senderServerName": s["serverName"],
        "senderServerId": s["serverId"],
        "recipientServerName": r["serverName"],
        "recipientServerId": r["serverId"],
        "iss": f'{s["serverId"]}.{s["serverName"]}.{s["userName"]}.{s["id"]}',
        "sub": "Message",
        "audience": f'{r["serverId"]}.{r["serverName"]}.{r["userName"]}.{r["id"]}',
        "message": p["message"],
        "timestamp": current_time.strftime('%Y-%m-%dT%H:%M:%SZ'),
    }


def encode_token(payload, sk, header=None, algorithm="ES512"):
    header = {"alg": "ES512", "typ": "ETAMP"} if header is None else header
    return jwt.encode(payload, sk.to_pem().decode(), algorithm=algorithm, headers=header)


def assemble(message_id, token, sk, hashfunc=None, double_sign=False, signature_token=None):
    """The seed's message_etamp dict. double_sign=True is the seed verbatim: sign_message(token) is called twice."""
    sig_token = signature_token if signature_token is not None else sign_message(token, sk, hashfunc)
    signed = sign_message(token, sk, hashfunc) if double_sign else sig_token
    assert not double_sign or signed != sig_token  # random k: two different signatures
    return {
        "Id": message_id,
        "Token": token,
        "SignatureToken": sig_token,
        "SignatureMessage": sign_message(message_id + token + signed, sk, hashfunc),
    }


# --------------------------------------------------------------------------
# the strong profile's JWE (RFC 7516 compact, RFC 7518 §4.6 ECDH-ES+A256KW, §5.3 A256GCM)
# --------------------------------------------------------------------------

def jwe_encrypt(plaintext, recipient_public, label, alg="ECDH-ES+A256KW", corrupt_tag=False):
    crv = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}[recipient_public.curve.name]
    epk = crypto_key("jwe-epk/" + label, crv)
    nums = epk.public_key().public_numbers()
    header = {"alg": alg, "enc": "A256GCM", "epk": {"kty": "EC", "crv": crv, "x": b64u(nums.x.to_bytes(SIZES[crv], "big")),
                                                     "y": b64u(nums.y.to_bytes(SIZES[crv], "big"))}}
    protected = b64u(json.dumps(header, separators=(",", ":")).encode())
    z = epk.exchange(ec.ECDH(), recipient_public)
    algid = b"ECDH-ES+A256KW"
    other = len(algid).to_bytes(4, "big") + algid + (0).to_bytes(4, "big") + (0).to_bytes(4, "big") + (256).to_bytes(4, "big")
    kek = ConcatKDFHash(algorithm=hashes.SHA256(), length=32, otherinfo=other).derive(z)
    cek = det_bytes("cryptoplug-etamp/jwe-cek/" + label, 32)
    iv = det_bytes("cryptoplug-etamp/jwe-iv/" + label, 12)
    ct_tag = AESGCM(cek).encrypt(iv, plaintext.encode("utf-8"), protected.encode("ascii"))
    ct, tag = ct_tag[:-16], ct_tag[-16:]
    if corrupt_tag:
        tag = flip_bit(tag)
    return ".".join([protected, b64u(aes_key_wrap(kek, cek)), b64u(iv), b64u(ct), b64u(tag)])


# --------------------------------------------------------------------------
# the seed verbatim (its module-level code and generate_etamp, unchanged except that print() is returned)
# --------------------------------------------------------------------------

def run_seed_verbatim():
    private_key_jwt = ecdsa.SigningKey.generate(curve=ecdsa.NIST521p)
    public_key_jwt = private_key_jwt.verifying_key
    private_key_ecdh = ec.generate_private_key(ec.SECP256R1())
    peer_public_key = ec.generate_private_key(ec.SECP256R1()).public_key()

    def private_key_to_pem(sk):
        return sk.to_pem().decode()

    def sign_message(message, private_key):
        signature = private_key.sign(message.encode())
        return base64.b64encode(signature).decode()

    def encrypt_message_ecdh(message):
        shared_key = private_key_ecdh.exchange(ec.ECDH(), peer_public_key)
        return shared_key[:len(message)].hex()

    def generate_etamp():
        header = {"alg": "ES512", "typ": "ETAMP"}
        current_time = datetime.datetime.now(datetime.timezone.utc)
        expiration_time = current_time + datetime.timedelta(seconds=3600)
        not_before_time = current_time
        senderServerId = str(uuid.uuid4())
        senderId = str(uuid.uuid4())
        recipientId = str(uuid.uuid4())
        message_id = str(uuid.uuid4())
        payload = {
            "jti": str(uuid.uuid4()),
            "exp": int(expiration_time.timestamp()),
            "nbf": int(not_before_time.timestamp()),
            "messageId": message_id,
            "senderUserName": "user1",
            "senderId": senderId,
            "recipient": "user2",
            "recipientId": recipientId,
            "senderServerName": "WebServer1",
            "senderServerId": senderServerId,
            "recipientServerName": "WebServer1",
            "recipientServerId": senderServerId,
            "iss": f"{senderServerId}.WebServer1.user1.{senderId}",
            "sub": "Message",
            "audience": f"{senderServerId}.WebServer1.user2.{recipientId}",
            "message": encrypt_message_ecdh("This is a secret message"),
            "timestamp": current_time.strftime('%Y-%m-%dT%H:%M:%SZ')
        }
        pem_private_key = private_key_to_pem(private_key_jwt)
        token = jwt.encode(payload, pem_private_key, algorithm="ES512", headers=header)
        message_etamp = {
            "Id": message_id,
            "Token": token,
            "SignatureToken": sign_message(token, private_key_jwt),
            "SignatureMessage": sign_message(message_id + token + sign_message(token, private_key_jwt), private_key_jwt)
        }
        return message_etamp

    message = generate_etamp()
    return message, str(message), public_key_jwt.to_pem().decode()


# --------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------

T0 = datetime.datetime(2024, 5, 1, 12, 0, 0, 654321, tzinfo=datetime.timezone.utc)
NBF = int(T0.timestamp())
EXP = NBF + 3600


def params(label, message, current_time=T0, **over):
    p = {
        "current_time": current_time,
        "jti": det_uuid(label + "/jti"),
        "messageId": det_uuid(label + "/messageId"),
        "sender": {"serverId": det_uuid("server/web1"), "serverName": "WebServer1", "userName": "user1", "id": det_uuid("user/user1")},
        "recipient": {"serverId": det_uuid("server/web1"), "serverName": "WebServer1", "userName": "user2", "id": det_uuid("user/user2")},
        "message": message,
    }
    p.update(over)
    return p


def inputs_json(p):
    """What a cryptoplug caller passes to createEtamp to reproduce the token's header and payload bytes."""
    return {
        "now": int(p["current_time"].timestamp()),
        "ttl": p.get("ttl", 3600),
        "messageId": p["messageId"],
        "jti": p["jti"],
        "sender": p["sender"],
        "recipient": p["recipient"],
        "message": p["message"],
    }


def main():
    sender = ecdsa_key("sender")
    other = ecdsa_key("other")
    p256_signer = ecdsa_key("p256-signer", ecdsa.NIST256p)
    recipient521 = crypto_key("recipient-p521", "P-521")
    recipient256 = crypto_key("recipient-p256", "P-256")
    recipient521_other = crypto_key("recipient-p521-other", "P-521")
    seed_ecdh_a = crypto_key("seed-ecdh-a", "P-256")
    seed_ecdh_b = crypto_key("seed-ecdh-b", "P-256")

    sender_pub_jwk, sender_priv_jwk = jwk_of(sender)
    keys = {
        # python-ecdsa's own encodings of the ETAMP signing key (to_pem() is SEC1 "EC PRIVATE KEY", as the seed uses)
        "sender": {
            "sec1Pem": sender.to_pem().decode(),
            # pyca/cryptography's PKCS#8 (version 0) of the same key
            "pkcs8Pem": pkcs8_pem(serialization.load_pem_private_key(sender.to_pem(), password=None)),
            # python-ecdsa's own PKCS#8: version 1 (OneAsymmetricKey) without the optional [1] publicKey
            "ecdsaPkcs8Pem": sender.to_pem(format="pkcs8").decode(),
            "spkiPem": sender.verifying_key.to_pem().decode(),
            "jwk": sender_priv_jwk,
            "publicJwk": sender_pub_jwk,
        },
        "other": {"sec1Pem": other.to_pem().decode(), "spkiPem": other.verifying_key.to_pem().decode()},
        "p256-signer": {"sec1Pem": p256_signer.to_pem().decode(), "spkiPem": p256_signer.verifying_key.to_pem().decode()},
        "recipient-p521": {"pkcs8Pem": pkcs8_pem(recipient521), "spkiPem": spki_pem(recipient521.public_key())},
        "recipient-p256": {"pkcs8Pem": pkcs8_pem(recipient256), "spkiPem": spki_pem(recipient256.public_key())},
        "recipient-p521-other": {"pkcs8Pem": pkcs8_pem(recipient521_other), "spkiPem": spki_pem(recipient521_other.public_key())},
        "seed-ecdh-a": {"pkcs8Pem": pkcs8_pem(seed_ecdh_a), "spkiPem": spki_pem(seed_ecdh_a.public_key())},
        "seed-ecdh-b": {"pkcs8Pem": pkcs8_pem(seed_ecdh_b), "spkiPem": spki_pem(seed_ecdh_b.public_key())},
    }
    signers = {"sender": sender, "other": other, "p256-signer": p256_signer}

    cases = []
    creation = []

    def add(name, description, message, expect, *, verify_key="sender", profile="seed", now=NBF + 10, leeway=LEEWAY,
            max_age=MAX_AGE, audience=None, decrypt_key=None, message_text=None, public_pem=None, plaintext=None,
            diagnosis=None):
        case = {"name": name, "description": description, "profile": profile, "message": message,
                "verifyKey": verify_key, "now": now, "clockTolerance": leeway}
        if profile == "strong":
            case["maxAge"] = max_age
        if audience is not None:
            case["audience"] = audience
        if decrypt_key is not None:
            case["decryptKey"] = decrypt_key
        if message_text is not None:
            case["messageText"] = message_text
        if public_pem is not None:
            case["publicKeyPem"] = public_pem
        # cross-check with the independent verifier before writing anything
        pem = (public_pem or keys[verify_key]["spkiPem"]).encode()
        dpem = keys[decrypt_key]["pkcs8Pem"].encode() if decrypt_key else None
        try:
            parsed = verify.parse_message(message_text) if message_text is not None else verify.parse_message(json.dumps(message))
            got = verify.verify_message(parsed, pem, profile, now, leeway, max_age, audience, dpem)
            verdict = {"ok": True}
        except verify.Failure as f:
            got, verdict = None, {"ok": False, "code": f.code}
        if expect == "ok":
            assert verdict["ok"], (name, verdict)
            case["expect"] = {"ok": True, "header": got["header"], "claims": got["claims"]}
            if plaintext is not None:
                assert got.get("plaintext") == plaintext, (name, got.get("plaintext"))
                case["expect"]["plaintext"] = plaintext
        else:
            assert verdict == {"ok": False, "code": expect}, (name, verdict, expect)
            case["expect"] = {"ok": False, "code": expect}
            if expect == "ERR_ETAMP_SIGNATURE_MESSAGE":
                assert diagnosis in ("malformed", "impossible", "unverifiable"), name
                case["expect"]["diagnosis"] = diagnosis
        cases.append(case)

    def token_for(p, sk=sender, **kw):
        return encode_token(seed_payload(p), sk, **kw)

    # ---- seed profile: valid ------------------------------------------------------------------------------------
    seed_ecdh_hex = encrypt_message_ecdh("This is a secret message", seed_ecdh_a, seed_ecdh_b.public_key())
    p = params("seed-valid", seed_ecdh_hex)
    tok = token_for(p)
    assert tok.split(".")[0] == b64u(b'{"alg":"ES512","typ":"ETAMP"}')  # PyJWT sorts header keys
    valid = assemble(p["messageId"], tok, sender)
    add("seed-valid", "seed claims and header from PyJWT, message = the seed's ECDH hex, detached signatures "
        "(python-ecdsa defaults: SHA-1, raw r||s) made once", valid, "ok")
    creation.append({"name": "seed-valid", "inputs": inputs_json(p), "signingInput": tok.rsplit(".", 1)[0]})
    add("seed-valid-expected-audience", "as seed-valid, the verifier expects this audience", valid, "ok",
        audience=seed_payload(p)["audience"])
    add("seed-unexpected-audience", "as seed-valid, the verifier expects another audience", valid, "ERR_ETAMP_AUDIENCE_UNEXPECTED",
        audience=f'{det_uuid("server/web2")}.WebServer2.user2.{det_uuid("user/user2")}')
    add("seed-valid-leeway-exp", "now = exp + 59 with 60 s tolerance", valid, "ok", now=EXP + 59)
    add("seed-expired", "now = exp + 61 with 60 s tolerance", valid, "ERR_ETAMP_EXPIRED", now=EXP + 61)
    add("seed-expired-boundary", "now = exp with no tolerance (expired when exp <= now, as PyJWT and RFC 7519)", valid,
        "ERR_ETAMP_EXPIRED", now=EXP, leeway=0)
    add("seed-valid-nbf-boundary", "now = nbf with no tolerance", valid, "ok", now=NBF, leeway=0)
    add("seed-not-yet-valid", "now = nbf - 61 with 60 s tolerance", valid, "ERR_ETAMP_NOT_YET_VALID", now=NBF - 61)
    add("seed-not-yet-valid-boundary", "now = nbf - 1 with no tolerance", valid, "ERR_ETAMP_NOT_YET_VALID", now=NBF - 1, leeway=0)
    add("seed-under-strong-profile", "a valid seed message verified with the strong profile (SHA-1 detached signatures)",
        valid, "ERR_ETAMP_PROFILE_MISMATCH", profile="strong", decrypt_key="recipient-p521")

    unicode_text = 'Grüße, 世界 — 🚀 "quoted" \\ back\tslash / \u2028 \x7f \x01 end'
    p = params("seed-unicode", unicode_text, sender={"serverId": det_uuid("server/é"), "serverName": "Sérveur", "userName": "zoë",
                                                      "id": det_uuid("user/zoë")})
    tok = token_for(p)
    add("seed-valid-unicode", "non-ASCII claims: PyJWT's json.dumps escapes them (ensure_ascii)", assemble(p["messageId"], tok, sender), "ok")
    creation.append({"name": "seed-valid-unicode", "inputs": inputs_json(p), "signingInput": tok.rsplit(".", 1)[0]})

    p = params("seed-other-server", "hello", recipient={"serverId": det_uuid("server/web2"), "serverName": "WebServer2",
                                                        "userName": "user2", "id": det_uuid("user/user2")}, ttl=600)
    tok = token_for(p)
    add("seed-valid-other-server", "recipient on another server, ttl 600 s", assemble(p["messageId"], tok, sender), "ok")
    creation.append({"name": "seed-valid-other-server", "inputs": inputs_json(p), "signingInput": tok.rsplit(".", 1)[0]})

    # ---- the seed's literal output: SignatureMessage signs a second SignatureToken ----------------------------------
    p = params("seed-literal", seed_ecdh_hex)
    tok = token_for(p)
    literal = assemble(p["messageId"], tok, sender, double_sign=True)
    add("seed-literal", "the seed's generate_etamp as published: sign_message(token) is called twice, SignatureMessage "
        "signs Id+Token+<second signature> while the message carries the first", literal, "ERR_ETAMP_SIGNATURE_MESSAGE",
        diagnosis="unverifiable")
    add("seed-literal-printed", "seed-literal as the seed prints it: print(dict), Python's repr with single quotes",
        literal, "ERR_ETAMP_SIGNATURE_MESSAGE", message_text=str(literal), diagnosis="unverifiable")
    verbatim, printed, verbatim_pub = run_seed_verbatim()
    vclaims = jwt.decode(verbatim["Token"], options={"verify_signature": False})
    add("seed-verbatim", "output of the seed's code run unchanged (random keys and ids, real clock); public key inline",
        verbatim, "ERR_ETAMP_SIGNATURE_MESSAGE", verify_key="inline", public_pem=verbatim_pub, now=vclaims["nbf"] + 1,
        message_text=printed, diagnosis="unverifiable")

    # ---- one thing wrong at a time (detached signatures are made over whatever the token became) ---------------------
    p = params("seed-tampered", seed_ecdh_hex)
    tok = token_for(p)
    h, pl, sg = tok.split(".")
    claims = json.loads(b64u_decode(pl))
    claims["message"] = "00" + claims["message"][2:]
    tampered = ".".join([h, b64u(json.dumps(claims, separators=(",", ":")).encode()), sg])
    add("seed-tampered-claim", "one claim changed after signing (JWT signature kept)", assemble(p["messageId"], tampered, sender),
        "ERR_ETAMP_TOKEN_SIGNATURE")
    flipped = ".".join([h, pl, b64u(flip_bit(b64u_decode(sg)))])
    add("seed-flipped-jwt-signature", "one bit of the JWT signature flipped", assemble(p["messageId"], flipped, sender),
        "ERR_ETAMP_TOKEN_SIGNATURE")
    sig_tok = base64.b64encode(flip_bit(base64.b64decode(sign_message(tok, sender)))).decode()
    add("seed-flipped-signature-token", "one bit of SignatureToken flipped (SignatureMessage signs the flipped one)",
        assemble(p["messageId"], tok, sender, signature_token=sig_tok), "ERR_ETAMP_SIGNATURE_TOKEN")
    m = assemble(p["messageId"], tok, sender)
    m["SignatureMessage"] = base64.b64encode(flip_bit(base64.b64decode(m["SignatureMessage"]), index=100)).decode()
    add("seed-flipped-signature-message", "one bit of SignatureMessage flipped (in s): still a well-formed signature", m,
        "ERR_ETAMP_SIGNATURE_MESSAGE", diagnosis="unverifiable")
    m = assemble(p["messageId"], tok, sender)
    m["SignatureMessage"] = base64.b64encode(b"\xff" * 66 + base64.b64decode(m["SignatureMessage"])[66:]).decode()
    add("seed-signature-message-r-out-of-range", "SignatureMessage r = 0xff..ff (>= n: no signer can produce it)", m,
        "ERR_ETAMP_SIGNATURE_MESSAGE", diagnosis="impossible")
    m = assemble(p["messageId"], tok, sender)
    sig = base64.b64decode(m["SignatureMessage"])
    r = next_non_x(int.from_bytes(sig[:66], "big"))
    m["SignatureMessage"] = base64.b64encode(r.to_bytes(66, "big") + sig[66:]).decode()
    add("seed-signature-message-r-not-x", "SignatureMessage r in [1, n-1] but neither r nor r+n is the x-coordinate of a "
        "P-521 point (no signer can produce it)", m, "ERR_ETAMP_SIGNATURE_MESSAGE", diagnosis="impossible")
    m = assemble(p["messageId"], tok, sender)
    m["SignatureMessage"] = base64.b64encode(base64.b64decode(m["SignatureMessage"])[:-2]).decode()
    add("seed-signature-message-truncated", "SignatureMessage two bytes short", m, "ERR_ETAMP_SIGNATURE_MESSAGE",
        diagnosis="malformed")
    m = assemble(p["messageId"], tok, sender)
    m["SignatureToken"] = m["SignatureToken"][:10] + "*" + m["SignatureToken"][11:]
    add("seed-signature-token-not-base64", "SignatureToken with a character outside base64", m, "ERR_ETAMP_SIGNATURE_TOKEN")
    m = assemble(p["messageId"], tok, sender, hashfunc=hashlib.sha256)
    add("seed-signature-sha256", "detached signatures made with SHA-256 (neither profile's hash)", m, "ERR_ETAMP_SIGNATURE_TOKEN")
    add("seed-wrong-key", "everything signed with another P-521 key", assemble(p["messageId"], token_for(p, other), other),
        "ERR_ETAMP_TOKEN_SIGNATURE")
    add("seed-wrong-key-detached", "JWT by the sender, detached signatures by another key",
        assemble(p["messageId"], tok, other), "ERR_ETAMP_SIGNATURE_TOKEN")
    add("seed-id-mismatch", "Id differs from messageId (signatures made over that Id)",
        assemble(det_uuid("seed-tampered/other-id"), tok, sender), "ERR_ETAMP_ID_MISMATCH")
    add("seed-wrong-typ", 'header {"alg":"ES512","typ":"JWT"}',
        assemble(p["messageId"], token_for(p, header={"alg": "ES512", "typ": "JWT"}), sender), "ERR_ETAMP_TYP")
    add("seed-no-typ", 'header {"alg":"ES512"} (typ removed: PyJWT drops a None typ)',
        assemble(p["messageId"], token_for(p, header={"alg": "ES512", "typ": None}), sender), "ERR_ETAMP_TYP")
    add("seed-wrong-alg", "ES256 token from a P-256 key (verifier pins ES512)",
        assemble(p["messageId"], token_for(p, p256_signer, header={"alg": "ES256", "typ": "ETAMP"}, algorithm="ES256"), sender),
        "ERR_ETAMP_ALG")
    add("seed-token-malformed", "Token with two parts", assemble(p["messageId"], h + "." + pl, sender), "ERR_ETAMP_TOKEN_INVALID")
    m = assemble(p["messageId"], tok, sender)
    del m["SignatureMessage"]
    add("seed-missing-field", "no SignatureMessage", m, "ERR_ETAMP_MESSAGE_INVALID")

    def claim_case(name, description, mutate, code):
        c = seed_payload(p)
        mutate(c)
        add(name, description, assemble(p["messageId"], encode_token(c, sender), sender), code)

    claim_case("seed-wrong-sub", 'sub = "Notification"', lambda c: c.update(sub="Notification"), "ERR_ETAMP_SUBJECT")
    claim_case("seed-iss-mismatch", "iss names another user", lambda c: c.update(iss=c["iss"].replace(".user1.", ".mallory.")),
               "ERR_ETAMP_ISSUER")
    claim_case("seed-audience-mismatch", "audience names another user",
               lambda c: c.update(audience=c["audience"].replace(".user2.", ".mallory.")), "ERR_ETAMP_AUDIENCE")
    claim_case("seed-aud-instead-of-audience", 'the recipient in "aud" (RFC 7519) instead of ETAMP\'s "audience"',
               lambda c: c.update(aud=c.pop("audience")), "ERR_ETAMP_CLAIMS_INVALID")
    claim_case("seed-missing-jti", "no jti claim", lambda c: c.pop("jti"), "ERR_ETAMP_CLAIMS_INVALID")
    claim_case("seed-exp-string", "exp as a string", lambda c: c.update(exp=str(c["exp"])), "ERR_ETAMP_CLAIMS_INVALID")
    claim_case("seed-bad-timestamp", 'timestamp "2024-05-01 12:00:00"', lambda c: c.update(timestamp="2024-05-01 12:00:00"),
               "ERR_ETAMP_CLAIMS_INVALID")

    # ---- strong profile -------------------------------------------------------------------------------------------
    def strong_message(label, plaintext, recipient_public, **jwe_kw):
        pp = params(label, jwe_encrypt(plaintext, recipient_public, label, **jwe_kw))
        return assemble(pp["messageId"], encode_token(seed_payload(pp), sender), sender, hashfunc=hashlib.sha512)

    sm = strong_message("strong-valid", "This is a secret message", recipient521.public_key())
    add("strong-valid", "SHA-512 detached signatures, message claim = JWE (ECDH-ES+A256KW, A256GCM) to a P-521 key", sm, "ok",
        profile="strong", decrypt_key="recipient-p521", plaintext="This is a secret message")
    add("strong-valid-at-max-age", "now = nbf + maxAge + tolerance", sm, "ok", profile="strong", decrypt_key="recipient-p521",
        now=NBF + MAX_AGE + LEEWAY, plaintext="This is a secret message")
    add("strong-too-old", "now = nbf + maxAge + tolerance + 1 (exp still ahead)", sm, "ERR_ETAMP_TOO_OLD", profile="strong",
        decrypt_key="recipient-p521", now=NBF + MAX_AGE + LEEWAY + 1)
    add("strong-wrong-decrypt-key", "decrypted with another P-521 key", sm, "ERR_ETAMP_DECRYPTION_FAILED", profile="strong",
        decrypt_key="recipient-p521-other")
    add("strong-decrypt-key-other-curve", "decrypted with a P-256 key (epk is P-521)", sm, "ERR_ETAMP_DECRYPTION_FAILED",
        profile="strong", decrypt_key="recipient-p256")
    add("strong-under-seed-profile", "a strong message verified with the seed profile", sm, "ERR_ETAMP_PROFILE_MISMATCH")
    long_text = "Ünïcödé 🚀 " + "x" * 200
    add("strong-valid-p256-unicode", "JWE to a P-256 key, non-ASCII plaintext longer than the seed's 32-byte 'cipher'",
        strong_message("strong-p256", long_text, recipient256.public_key()), "ok", profile="strong",
        decrypt_key="recipient-p256", plaintext=long_text)
    add("strong-corrupted-tag", "JWE tag corrupted before signing", strong_message("strong-tag", "hi", recipient521.public_key(),
        corrupt_tag=True), "ERR_ETAMP_DECRYPTION_FAILED", profile="strong", decrypt_key="recipient-p521")
    add("strong-jwe-wrong-alg", 'JWE header alg "ECDH-ES+A128KW" (pinned: ECDH-ES+A256KW)',
        strong_message("strong-alg", "hi", recipient521.public_key(), alg="ECDH-ES+A128KW"), "ERR_ETAMP_MESSAGE_ENCRYPTION",
        profile="strong", decrypt_key="recipient-p521")
    pp = params("strong-plain", "This is not encrypted")
    add("strong-not-jwe", "message claim in clear text", assemble(pp["messageId"], encode_token(seed_payload(pp), sender), sender,
        hashfunc=hashlib.sha512), "ERR_ETAMP_MESSAGE_ENCRYPTION", profile="strong", decrypt_key="recipient-p521")
    pp = params("strong-literal", jwe_encrypt("x", recipient521.public_key(), "strong-literal"))
    add("strong-double-sign", "the seed's double signing with SHA-512", assemble(pp["messageId"], encode_token(seed_payload(pp),
        sender), sender, hashfunc=hashlib.sha512, double_sign=True), "ERR_ETAMP_SIGNATURE_MESSAGE", profile="strong",
        decrypt_key="recipient-p521", diagnosis="unverifiable")

    # ---- the seed's "encrypt_message_ecdh", reproduced (it is not encryption) -----------------------------------------
    seed_ecdh = []
    for text in ["This is a secret message", "short", "a message longer than thirty-two bytes is cut at 32"]:
        seed_ecdh.append({"privateKey": "seed-ecdh-a", "peerPublicKey": "seed-ecdh-b", "message": text,
                          "hex": encrypt_message_ecdh(text, seed_ecdh_a, seed_ecdh_b.public_key())})

    names = [c["name"] for c in cases]
    assert len(names) == len(set(names))
    out = {
        "description": "ETAMP messages made by Python (PyJWT + python-ecdsa + cryptography) following the seed; see README.md",
        "meta": {
            "generator": "vectors/etamp/generate.py",
            "python": platform.python_version(),
            "pyjwt": jwt.__version__,
            "ecdsa": ecdsa.__version__,
            "cryptography": cryptography.__version__,
            "defaults": {"clockTolerance": LEEWAY, "maxAge": MAX_AGE},
        },
        "keys": keys,
        "cases": cases,
        "creation": creation,
        "seedEcdh": seed_ecdh,
    }
    with open(os.path.join(HERE, "vectors.json"), "w", newline="\n") as f:
        f.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    os.makedirs(os.path.join(HERE, "keys"), exist_ok=True)
    for name, k in keys.items():
        for field, ext in (("sec1Pem", "sec1.pem"), ("pkcs8Pem", "pkcs8.pem"), ("ecdsaPkcs8Pem", "ecdsa-pkcs8.pem"), ("spkiPem", "spki.pem")):
            if field in k:
                with open(os.path.join(HERE, "keys", f"{name}.{ext}"), "w", newline="\n") as f:
                    f.write(k[field])
    print(f"wrote {len(cases)} cases, {len(creation)} creation vectors, {len(seed_ecdh)} seed-ECDH vectors, {len(keys)} keys")


if __name__ == "__main__":
    main()
