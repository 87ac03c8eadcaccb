/**
 * Device tokens against the reference implementation of the akenza documentation (PyJWT + pycryptodome):
 * - vectors/akenza/tokens.json (PyJWT, fixed times) verify — or fail with the expected code — on every backend;
 * - the kid equals pycryptodome's fingerprint for RSA, EC and compressed-point EC keys;
 * - tokens made here are accepted by PyJWT (signature, aud, exp) and carry the kid the documentation computes.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import {
  AkenzaError,
  createDeviceToken,
  decodeDeviceToken,
  deviceKid,
  importDevicePrivateKey,
  importDevicePublicKey,
  issueDeviceToken,
  verifyDeviceToken,
} from '../src/index.js';
import { KEYS, PY, VECTORS, missingPython, run, skipReason } from './helpers.js';

interface Case {
  name: string;
  description: string;
  deviceKey: string;
  token: string;
  valid: boolean;
  code?: string;
}
const vectors = JSON.parse(readFileSync(join(VECTORS, 'tokens.json'), 'utf8')) as {
  deviceId: string;
  audience: string;
  now: number;
  clockSkew: number;
  maxLifetime: number;
  kids: Record<string, string>;
  cases: Case[];
};
const key = (name: string) => readFileSync(join(KEYS, name), 'utf8');

let backends: readonly Backend[] = [];
let backend: Backend;
before(async () => {
  backends = (await createRegistry().loadAll()).available;
  backend = await createRegistry().select('auto');
});

/** Whether a backend does the signature algorithm of RS256 / ES256 (noble has no RSA, forge no ECDSA). */
function can(b: Backend, alg: 'RS256' | 'ES256'): boolean {
  return alg === 'RS256'
    ? b.supports({ op: 'verify', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' })
    : b.supports({ op: 'verify', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AkenzaError, `expected an AkenzaError, got ${String(e)}`);
    return e.code;
  }
  return 'OK';
}

describe('PyJWT vectors (vectors/akenza/tokens.json)', () => {
  test('the vector file covers every rejection the broker enforces', () => {
    const codes = new Set(vectors.cases.filter((c) => !c.valid).map((c) => c.code));
    for (const c of ['ERR_AKENZA_TOKEN_EXPIRED', 'ERR_AKENZA_AUDIENCE_MISMATCH', 'ERR_AKENZA_SIGNATURE_INVALID', 'ERR_AKENZA_KID_MISMATCH',
      'ERR_AKENZA_ALG_NOT_ALLOWED', 'ERR_AKENZA_TOKEN_NOT_YET_VALID', 'ERR_AKENZA_TOKEN_LIFETIME', 'ERR_AKENZA_TOKEN_MALFORMED']) {
      assert.ok(codes.has(c), `no vector for ${c}`);
    }
    assert.ok(vectors.cases.length >= 25);
  });

  test('every case has the expected outcome on every backend (where the backend does the algorithm)', async () => {
    assert.ok(backends.filter((b) => can(b, 'RS256')).length >= 2, 'two backends do RS256');
    assert.ok(backends.filter((b) => can(b, 'ES256')).length >= 2, 'two backends do ES256');
    for (const b of backends) {
      for (const c of vectors.cases) {
        if (!can(b, c.deviceKey.startsWith('rsa') ? 'RS256' : 'ES256')) continue;
        const got = await codeOf(verifyDeviceToken(c.token, { deviceId: vectors.deviceId, publicKey: key(c.deviceKey), backend: b, now: vectors.now }));
        assert.equal(got, c.valid ? 'OK' : c.code, `${b.name}: ${c.name} (${c.description})`);
      }
    }
  });

  test('valid cases return the PyJWT claims and header', async () => {
    const c = vectors.cases.find((x) => x.name === 'es256-extra-claims')!;
    const r = await verifyDeviceToken(c.token, { deviceId: vectors.deviceId, publicKey: key('ec_public.pem'), backend, now: vectors.now });
    assert.equal(r.alg, 'ES256');
    assert.equal(r.kid, vectors.kids['ec_public.pem']);
    assert.equal(r.header.kid, vectors.kids['ec_public.pem']);
    assert.equal(r.header.typ, 'JWT');
    assert.equal(r.claims.aud, vectors.audience);
    assert.equal(r.claims.iat, vectors.now - 60);
    assert.equal(r.claims.exp, vectors.now - 60 + 1200);
    assert.equal(r.claims.sub, 'sensor-7');
    assert.equal(r.claims.fw, '1.2.3');
  });

  test('a private key file registers as its public part', async () => {
    const c = vectors.cases.find((x) => x.name === 'rs256')!;
    const r = await verifyDeviceToken(c.token, { deviceId: vectors.deviceId, publicKey: key('rsa_private.pem'), backend, now: vectors.now });
    assert.equal(r.kid, vectors.kids['rsa_public.pem']);
  });

  test('verifier options: clock skew 0, a shorter maximum lifetime, requireKid', async () => {
    const edge = vectors.cases.find((x) => x.name === 'es256-exp-at-skew-edge')!;
    const base = { deviceId: vectors.deviceId, publicKey: key('ec_public.pem'), backend, now: vectors.now };
    assert.equal(await codeOf(verifyDeviceToken(edge.token, { ...base, clockSkew: 0 })), 'ERR_AKENZA_TOKEN_EXPIRED');
    const es = vectors.cases.find((x) => x.name === 'es256')!;
    assert.equal(await codeOf(verifyDeviceToken(es.token, { ...base, maxLifetime: 600 })), 'ERR_AKENZA_TOKEN_LIFETIME');
    assert.equal(await codeOf(verifyDeviceToken(es.token, { ...base, maxLifetime: 1200 })), 'OK');
    const noKid = vectors.cases.find((x) => x.name === 'es256-no-kid')!;
    assert.equal(await codeOf(verifyDeviceToken(noKid.token, { ...base, requireKid: true })), 'ERR_AKENZA_KID_MISMATCH');
    // the token names another device than the one connecting
    assert.equal(await codeOf(verifyDeviceToken(es.token, { ...base, deviceId: 'c0ffee0000000002' })), 'ERR_AKENZA_AUDIENCE_MISMATCH');
    // at the vectors' real expiry
    assert.equal(await codeOf(verifyDeviceToken(es.token, { ...base, now: vectors.now - 60 + 1200 + 60 })), 'ERR_AKENZA_TOKEN_EXPIRED');
    assert.equal(await codeOf(verifyDeviceToken(es.token, { ...base, now: vectors.now - 60 + 1200 + 59 })), 'OK');
  });

  test('registered keys that akenza does not use are refused', async () => {
    const es = vectors.cases.find((x) => x.name === 'es256')!;
    assert.equal(await codeOf(verifyDeviceToken(es.token, { deviceId: vectors.deviceId, publicKey: key('ec_p384_public.pem'), backend })), 'ERR_AKENZA_KEY_UNSUPPORTED');
    assert.equal(await codeOf(verifyDeviceToken(es.token, { deviceId: vectors.deviceId, publicKey: 'not a key', backend })), 'ERR_AKENZA_KEY_UNSUPPORTED');
  });

  test('garbage tokens are malformed, not crashes', async () => {
    const base = { deviceId: vectors.deviceId, publicKey: key('ec_public.pem'), backend, now: vectors.now };
    for (const t of ['', 'a.b.c', '...', 'x'.repeat(9000), '{"alg":"ES256"}', 'eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.AAAA']) {
      const code = await codeOf(verifyDeviceToken(t, base));
      assert.ok(['ERR_AKENZA_TOKEN_MALFORMED', 'ERR_AKENZA_SIGNATURE_INVALID'].includes(code), `${t.slice(0, 20)} → ${code}`);
    }
  });
});

describe('kid (key fingerprint)', () => {
  test('equals pycryptodome export_key(format="DER") SHA-256 for every vector key, on every backend', async () => {
    for (const b of backends) {
      for (const [file, kid] of Object.entries(vectors.kids)) {
        if (file.startsWith('ec_p384')) continue; // not an akenza key type; its kid is listed for completeness
        assert.equal(await deviceKid(importDevicePublicKey(key(file)).key, b), kid, `${b.name}: ${file}`);
      }
    }
  });

  test('private key files give the kid of their public key (any container)', async () => {
    for (const [priv, pub] of [['rsa_private.pem', 'rsa_public.pem'], ['rsa_private_pkcs1.pem', 'rsa_public.pem'], ['ec_private.pem', 'ec_public.pem'], ['ec_private_sec1.pem', 'ec_public.pem']] as const) {
      assert.equal(await deviceKid(importDevicePrivateKey(key(priv)).key, backend), vectors.kids[pub], priv);
    }
  });
});

describe('createDeviceToken', () => {
  test('claims, header and defaults', async () => {
    const { token, claims, kid, alg } = await issueDeviceToken({ deviceId: 'dev-1', privateKey: key('ec_private.pem'), alg: 'ES256', backend, now: 1_800_000_000 });
    const { header, claims: decoded } = decodeDeviceToken(token);
    assert.deepEqual(header, { alg: 'ES256', typ: 'JWT', kid: vectors.kids['ec_public.pem'] });
    assert.deepEqual(decoded, { iat: 1_800_000_000, exp: 1_800_000_000 + 1200, aud: 'https://akenza.io/devices/dev-1' });
    assert.deepEqual(claims, decoded);
    assert.equal(kid, vectors.kids['ec_public.pem']);
    assert.equal(alg, 'ES256');
    // the signature part is a 64-byte P1363 ECDSA signature
    assert.equal(Buffer.from(token.split('.')[2]!, 'base64url').length, 64);
  });

  test('lifetime and extra claims', async () => {
    const t = await createDeviceToken({ deviceId: 'dev-1', privateKey: key('rsa_private.pem'), backend, lifetime: 3600, now: 1_800_000_000, claims: { sub: 's', n: 7 } });
    const { header, claims } = decodeDeviceToken(t);
    assert.equal(header.alg, 'RS256');
    assert.equal(claims.exp, 1_800_000_000 + 3600);
    assert.equal(claims.sub, 's');
    assert.equal(claims.n, 7);
  });

  test('algorithms other than RS256/ES256 are refused', async () => {
    for (const alg of ['HS256', 'none', 'PS256', 'ES384', 'EdDSA', 'rs256', '']) {
      assert.equal(await codeOf(createDeviceToken({ deviceId: 'd', privateKey: key('ec_private.pem'), alg, backend })), 'ERR_AKENZA_ALG_UNSUPPORTED', alg);
    }
  });

  test('keys that do not fit', async () => {
    assert.equal(await codeOf(createDeviceToken({ deviceId: 'd', privateKey: key('ec_private.pem'), alg: 'RS256', backend })), 'ERR_AKENZA_KEY_UNSUPPORTED');
    assert.equal(await codeOf(createDeviceToken({ deviceId: 'd', privateKey: key('rsa_private.pem'), alg: 'ES256', backend })), 'ERR_AKENZA_KEY_UNSUPPORTED');
    assert.equal(await codeOf(createDeviceToken({ deviceId: 'd', privateKey: key('ec_p384_private.pem'), backend })), 'ERR_AKENZA_KEY_UNSUPPORTED');
    assert.equal(await codeOf(createDeviceToken({ deviceId: 'd', privateKey: key('ec_public.pem'), backend })), 'ERR_AKENZA_KEY_UNSUPPORTED');
    const small = await backend.generateKey('ec-p384');
    assert.equal(await codeOf(createDeviceToken({ deviceId: 'd', privateKey: small, backend })), 'ERR_AKENZA_KEY_UNSUPPORTED');
  });

  test('bad device ids, reserved claims and lifetimes', async () => {
    for (const id of ['', 'a/b', 'a+b', 'a#', 'a b', 'x'.repeat(129), '\u0000']) {
      assert.equal(await codeOf(createDeviceToken({ deviceId: id, privateKey: key('ec_private.pem'), backend })), 'ERR_AKENZA_DEVICE_ID_INVALID', JSON.stringify(id));
    }
    await assert.rejects(createDeviceToken({ deviceId: 'd', privateKey: key('ec_private.pem'), backend, claims: { aud: 'x' } }), { code: 'ERR_INPUT_INVALID' });
    await assert.rejects(createDeviceToken({ deviceId: 'd', privateKey: key('ec_private.pem'), backend, lifetime: 0 }), { code: 'ERR_INPUT_INVALID' });
    await assert.rejects(createDeviceToken({ deviceId: 'd', privateKey: key('ec_private.pem'), backend, lifetime: 1.5 }), { code: 'ERR_INPUT_INVALID' });
  });
});

describe('tokens made here, checked by PyJWT (the akenza documentation library)', () => {
  const reason = missingPython(['jwt', 'Crypto', 'cryptography']);

  test('PyJWT verifies signature, aud and exp; kid matches the documentation fingerprint', { skip: skipReason(reason) }, async () => {
    const made: Array<{ token: string; pub: string; alg: string; aud: string; backend: string }> = [];
    for (const b of backends) {
      for (const [priv, pub, alg] of [['rsa_private.pem', 'rsa_public.pem', 'RS256'], ['ec_private.pem', 'ec_public.pem', 'ES256'], ['ec_private_sec1.pem', 'ec_public.pem', 'ES256']] as const) {
        if (!can(b, alg)) continue;
        const deviceId = `dev-${b.name}-${alg}`;
        made.push({ token: await createDeviceToken({ deviceId, privateKey: key(priv), alg, backend: b, claims: { k: 'v' } }), pub, alg, aud: `https://akenza.io/devices/${deviceId}`, backend: b.name });
      }
    }
    const script = `
import json, sys, hashlib, jwt
try:
    from Crypto.PublicKey import RSA, ECC
except ImportError:
    from Cryptodome.PublicKey import RSA, ECC
out = []
for m in json.load(sys.stdin):
    text = open(${JSON.stringify(KEYS)} + '/' + m['pub']).read()
    k = RSA.import_key(text) if m['alg'] == 'RS256' else ECC.import_key(text)
    fp = hashlib.sha256(k.export_key(format='DER')).hexdigest()
    claims = jwt.decode(m['token'], text, algorithms=[m['alg']], audience=m['aud'])
    header = jwt.get_unverified_header(m['token'])
    out.append({'claims': claims, 'header': header, 'fingerprint': fp})
print(json.dumps(out))
`;
    const r = await run(PY, ['-c', script], { input: JSON.stringify(made) });
    assert.equal(r.code, 0, r.stderr);
    const results = JSON.parse(r.stdout) as Array<{ claims: Record<string, unknown>; header: Record<string, unknown>; fingerprint: string }>;
    assert.equal(results.length, made.length);
    results.forEach((res, i) => {
      assert.equal(res.header.kid, res.fingerprint, made[i]!.backend);
      assert.equal(res.header.alg, made[i]!.alg);
      assert.equal(res.claims.aud, made[i]!.aud);
      assert.equal(res.claims.k, 'v');
      assert.equal((res.claims.exp as number) - (res.claims.iat as number), 1200);
    });
  });

  test('PyJWT rejects a token made here with a different key (sanity of the check above)', { skip: skipReason(reason) }, async () => {
    const token = await createDeviceToken({ deviceId: 'd', privateKey: key('other_ec_private.pem'), backend });
    const r = await run(PY, ['-c', `import jwt,sys\njwt.decode(sys.argv[1], open(sys.argv[2]).read(), algorithms=['ES256'], audience='https://akenza.io/devices/d')`, token, join(KEYS, 'ec_public.pem')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /InvalidSignatureError|Signature verification failed/);
  });

  test('fresh tokens from the documentation client (device.py) verify here', { skip: skipReason(reason ?? missingPython(['paho.mqtt'])) }, async () => {
    for (const [priv, pub, alg] of [['rsa_private.pem', 'rsa_public.pem', 'RS256'], ['ec_private.pem', 'ec_public.pem', 'ES256']] as const) {
      const r = await run(PY, [join(VECTORS, 'device.py'), '--device-id', 'fresh-1', '--private-key', join(KEYS, priv), '--public-key', join(KEYS, pub), '--alg', alg, '--print-token']);
      assert.equal(r.code, 0, r.stderr);
      const v = await verifyDeviceToken(r.stdout.trim(), { deviceId: 'fresh-1', publicKey: key(pub), backend });
      assert.equal(v.alg, alg);
      assert.equal(v.claims.exp - v.claims.iat, 1200);
      assert.equal(await codeOf(verifyDeviceToken(r.stdout.trim(), { deviceId: 'fresh-2', publicKey: key(pub), backend })), 'ERR_AKENZA_AUDIENCE_MISMATCH');
    }
  });
});
