/** The security requirements, one block each. Attack tokens are built with panva jose or node:crypto (not with the code under test). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import * as jose from 'jose';
import { DecryptionFailedError, importKey, keyFromJwk, type Backend, type Jwk } from '@cryptoplug/core';
import {
  decryptCompact,
  decryptFlattened,
  encryptCompact,
  generateSecret,
  signCompact,
  signJwt,
  verifyCompact,
  verifyFlattened,
  verifyGeneral,
  verifyJwt,
  hasRocaFingerprint,
} from '../src/index.js';
import { COOKBOOK, WYCHEPROOF, bytes, readJson, rejectsCode, webcrypto } from './helpers.js';

const backend = await webcrypto();
const RSA: Jwk = (({ kid: _k, use: _u, ...rest }) => rest)(readJson(join(COOKBOOK, 'jws', '4_1.rsa_v15_signature.json')).input.key) as Jwk;
const rsaPublic = keyFromJwk(RSA).type === 'private' ? (keyFromJwk(RSA) as import('@cryptoplug/core').PrivateKey).publicKey() : undefined;
const { privateKey: ecPriv } = await jose.generateKeyPair('ES256', { extractable: true });
const EC = (await jose.exportJWK(ecPriv)) as Jwk;
const ecPublic = { kty: EC.kty, crv: EC.crv, x: EC.x, y: EC.y } as Jwk;
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');
const hmac = (key: Uint8Array | string, data: string) => createHmac('sha256', key).update(data).digest('base64url');

describe('the caller pins the algorithm; the header never chooses it', () => {
  it('a token whose alg is not in options.algorithms is rejected before any key use', async () => {
    const token = await new jose.CompactSign(bytes('x')).setProtectedHeader({ alg: 'ES256' }).sign(EC as jose.JWK);
    await rejectsCode(() => verifyCompact(token, ecPublic, { backend, algorithms: ['RS256'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
    await verifyCompact(token, ecPublic, { backend, algorithms: ['RS256', 'ES256'] });
  });
  it('algorithms must be given, non-empty, and cannot contain "none"', async () => {
    const token = await new jose.CompactSign(bytes('x')).setProtectedHeader({ alg: 'ES256' }).sign(EC as jose.JWK);
    for (const algorithms of [undefined, [], ['none'], ['ES256', 'None'], 'ES256']) {
      await rejectsCode(() => verifyCompact(token, ecPublic, { backend, algorithms: algorithms as never }), 'ERR_INPUT_INVALID');
    }
    await rejectsCode(() => decryptCompact('a.b.c.d.e', new Uint8Array(16), { backend } as never), 'ERR_INPUT_INVALID');
  });
  it('a JWK whose "alg" differs from the token alg is refused even when both algorithms are allowed', async () => {
    const token = await new jose.CompactSign(bytes('x')).setProtectedHeader({ alg: 'PS256' }).sign(RSA as jose.JWK);
    const pub = { kty: 'RSA', n: RSA.n, e: RSA.e, alg: 'RS256' } as Jwk;
    await rejectsCode(() => verifyCompact(token, pub, { backend, algorithms: ['RS256', 'PS256'] }), 'ERR_JWK_INVALID');
  });
});

describe('"none" is rejected', () => {
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    it(`alg "${alg}" with an empty signature`, async () => {
      const token = `${b64(JSON.stringify({ alg }))}.${b64('{"sub":"admin"}')}.`;
      await rejectsCode(() => verifyCompact(token, ecPublic, { backend, algorithms: ['ES256'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
      await rejectsCode(() => verifyJwt(token, new Uint8Array(32), { backend, algorithms: ['HS256'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
    });
  }
  it('cryptoplug never produces an unsecured JWS', async () => {
    await rejectsCode(() => signCompact('x', EC, { backend, protectedHeader: { alg: 'none' } }), 'ERR_JOSE_ALG_NOT_ALLOWED');
  });
});

describe('an HMAC key made from public-key material is rejected (RS256 → HS256 confusion)', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const der = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const jwkText = JSON.stringify(publicKey.export({ format: 'jwk' }));
  const ssh = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 attacker@example';
  // The attack token: HS256 over the header/payload, keyed with the public key PEM (node:crypto, not the code under test).
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64(JSON.stringify({ sub: 'admin' }));
  const forged = `${header}.${payload}.${hmac(pem, `${header}.${payload}`)}`;

  it('pinned RS256: the forged HS256 token is not even considered', async () => {
    await rejectsCode(() => verifyJwt(forged, importKey(pem), { backend, algorithms: ['RS256'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
  });
  it('both allowed, PublicKey object: HS256 refuses an asymmetric key', async () => {
    await rejectsCode(() => verifyJwt(forged, importKey(pem), { backend, algorithms: ['RS256', 'HS256'] }), 'ERR_KEY_ALG_MISMATCH');
  });
  for (const [what, material] of [
    ['SPKI PEM', bytes(pem)],
    ['PKCS#1 PEM', bytes(pkcs1)],
    ['SPKI DER', der],
    ['JWK JSON text', bytes(jwkText)],
    ['OpenSSH public key', bytes(ssh + ' '.repeat(40))],
  ] as const) {
    it(`${what} as HS256 secret: refused for verification and for signing`, async () => {
      await rejectsCode(() => verifyJwt(forged, material, { backend, algorithms: ['HS256'] }), 'ERR_KEY_ALG_MISMATCH');
      await rejectsCode(() => signCompact('x', material, { backend, protectedHeader: { alg: 'HS256' } }), 'ERR_KEY_ALG_MISMATCH');
    });
  }
  it('an ordinary random secret still works (control)', async () => {
    const secret = generateSecret('HS256', { backend });
    const t = await signJwt({ sub: 'a' }, secret, { backend, alg: 'HS256' });
    assert.equal((await verifyJwt(t, secret, { backend, algorithms: ['HS256'] })).payload.sub, 'a');
  });
});

describe('key policy', () => {
  it('HMAC keys shorter than the hash output are refused (RFC 7518 §3.2)', async () => {
    const short = new Uint8Array(31).fill(1);
    const token = `${b64('{"alg":"HS256"}')}.${b64('x')}.${hmac(short, `${b64('{"alg":"HS256"}')}.${b64('x')}`)}`;
    await rejectsCode(() => verifyCompact(token, short, { backend, algorithms: ['HS256'] }), 'ERR_KEY_INVALID');
    await rejectsCode(() => signCompact('x', new Uint8Array(47), { backend, protectedHeader: { alg: 'HS384' } }), 'ERR_KEY_INVALID');
  });
  it('RSA keys under 2048 bits are refused for JOSE', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const token = await new jose.CompactSign(bytes('x')).setProtectedHeader({ alg: 'RS256' }).sign(privateKey).catch(() => undefined);
    const k = importKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    await rejectsCode(() => signCompact('x', k, { backend, protectedHeader: { alg: 'RS256' } }), 'ERR_KEY_INVALID');
    if (token) await rejectsCode(() => verifyCompact(token, k, { backend, algorithms: ['RS256'] }), 'ERR_KEY_INVALID');
  });
  it('RSA keys with the ROCA fingerprint are refused; ordinary keys are not flagged', async () => {
    const set = readJson(join(WYCHEPROOF, 'json_web_key_test.json')).testGroups.find((g: { comment: string }) => g.comment === 'jws_rsa_roca_key');
    const roca = set.public.keys[0] as Jwk;
    assert.equal(hasRocaFingerprint(Buffer.from(roca.n!, 'base64url')), true);
    assert.equal(hasRocaFingerprint(Buffer.from(RSA.n!, 'base64url')), false);
    await rejectsCode(() => verifyCompact(set.tests[0].jws, roca, { backend, algorithms: ['RS256'] }), 'ERR_KEY_INVALID');
  });
  it('the wrong kind of key for the algorithm', async () => {
    await rejectsCode(() => signCompact('x', EC, { backend, protectedHeader: { alg: 'ES384' } }), 'ERR_KEY_ALG_MISMATCH');
    await rejectsCode(() => signCompact('x', ecPublic, { backend, protectedHeader: { alg: 'ES256' } }), 'ERR_KEY_USAGE');
    await rejectsCode(() => signCompact('x', RSA, { backend, protectedHeader: { alg: 'EdDSA' } }), 'ERR_KEY_ALG_MISMATCH');
    await rejectsCode(() => encryptCompact('x', new Uint8Array(24), { backend, protectedHeader: { alg: 'A128KW', enc: 'A128GCM' } }), 'ERR_KEY_INVALID');
  });
  it('JWK "use" and "key_ops" must allow the operation', async () => {
    const token = await new jose.CompactSign(bytes('x')).setProtectedHeader({ alg: 'ES256' }).sign(EC as jose.JWK);
    await rejectsCode(() => verifyCompact(token, { ...ecPublic, use: 'enc' }, { backend, algorithms: ['ES256'] }), 'ERR_JWK_INVALID');
    await rejectsCode(() => verifyCompact(token, { ...ecPublic, key_ops: ['sign'] }, { backend, algorithms: ['ES256'] }), 'ERR_JWK_INVALID');
    await verifyCompact(token, { ...ecPublic, use: 'sig', key_ops: ['verify'] }, { backend, algorithms: ['ES256'] });
  });
  it('an embedded "jwk" header is never used to verify', async () => {
    const { privateKey: attacker, publicKey: attackerPub } = await jose.generateKeyPair('ES256', { extractable: true });
    const token = await new jose.CompactSign(bytes('x')).setProtectedHeader({ alg: 'ES256', jwk: await jose.exportJWK(attackerPub) }).sign(attacker);
    await rejectsCode(() => verifyCompact(token, ecPublic, { backend, algorithms: ['ES256'] }), 'ERR_JWS_SIGNATURE_INVALID');
  });
});

describe('ECDH-ES rejects points not on the curve', () => {
  const recipient = EC;
  async function tokenWithEpk(mutate: (epk: Record<string, string>) => Record<string, string>): Promise<string> {
    const token = await new jose.CompactEncrypt(bytes('secret')).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM' }).encrypt(ecPublic as jose.JWK);
    const [h, ...rest] = token.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
    header.epk = mutate(header.epk);
    return [b64(JSON.stringify(header)), ...rest].join('.');
  }
  it('control: the untouched token decrypts', async () => {
    const t = await tokenWithEpk((e) => e);
    assert.equal(Buffer.from((await decryptCompact(t, recipient, { backend, keyManagementAlgorithms: ['ECDH-ES'] })).plaintext).toString(), 'secret');
  });
  it('epk with a modified y (off the curve: invalid-curve attack)', async () => {
    const t = await tokenWithEpk((e) => {
      const y = Buffer.from(e.y!, 'base64url');
      y[31]! ^= 1;
      return { ...e, y: y.toString('base64url') };
    });
    await rejectsCode(() => decryptCompact(t, recipient, { backend, keyManagementAlgorithms: ['ECDH-ES'] }), 'ERR_JWE_INVALID');
  });
  it('epk (0, 0) and epk on another curve', async () => {
    const zero = Buffer.alloc(32).toString('base64url');
    await rejectsCode(async () => decryptCompact(await tokenWithEpk((e) => ({ ...e, x: zero, y: zero })), recipient, { backend, keyManagementAlgorithms: ['ECDH-ES'] }), 'ERR_JWE_INVALID');
    const other = (await jose.exportJWK((await jose.generateKeyPair('ES384', { extractable: true })).publicKey)) as Record<string, string>;
    await rejectsCode(async () => decryptCompact(await tokenWithEpk(() => other), recipient, { backend, keyManagementAlgorithms: ['ECDH-ES'] }), 'ERR_JWE_INVALID');
    await rejectsCode(async () => decryptCompact(await tokenWithEpk((e) => ({ ...e, d: e.x! })), recipient, { backend, keyManagementAlgorithms: ['ECDH-ES'] }), 'ERR_JWE_INVALID');
  });
  it('X25519 small-order epk', async () => {
    const { privateKey } = await jose.generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true });
    const x = (await jose.exportJWK(privateKey)) as Jwk;
    const token = await new jose.CompactEncrypt(bytes('s')).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM' }).encrypt({ kty: 'OKP', crv: 'X25519', x: x.x } as jose.JWK);
    const [h, ...rest] = token.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
    header.epk.x = Buffer.alloc(32).toString('base64url');
    await rejectsCode(() => decryptCompact([b64(JSON.stringify(header)), ...rest].join('.'), x, { backend, keyManagementAlgorithms: ['ECDH-ES'] }), 'ERR_JWE_INVALID');
  });
});

describe('PBES2 p2c has a ceiling', () => {
  const pw = bytes('password');
  it('p2c over the default 10000 is refused before deriving; a higher explicit ceiling accepts it', async () => {
    const token = await new jose.CompactEncrypt(bytes('s')).setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }).setKeyManagementParameters({ p2c: 10001 }).encrypt(pw);
    const e = await rejectsCode(() => decryptCompact(token, pw, { backend, keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }), 'ERR_JWE_INVALID');
    assert.match(e.message, /p2c/);
    assert.equal(Buffer.from((await decryptCompact(token, pw, { backend, keyManagementAlgorithms: ['PBES2-HS256+A128KW'], maxPbes2Count: 10001 })).plaintext).toString(), 's');
  });
  it('absurd p2c (2^31) is refused at once; p2s shorter than 8 bytes is refused', async () => {
    const token = await new jose.CompactEncrypt(bytes('s')).setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }).setKeyManagementParameters({ p2c: 1000 }).encrypt(pw);
    const [h, ...rest] = token.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
    await rejectsCode(() => decryptCompact([b64(JSON.stringify({ ...header, p2c: 2 ** 31 })), ...rest].join('.'), pw, { backend, keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }), 'ERR_JWE_INVALID');
    await rejectsCode(() => decryptCompact([b64(JSON.stringify({ ...header, p2s: b64('short') })), ...rest].join('.'), pw, { backend, keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }), 'ERR_JWE_INVALID');
  });
});

describe('crit', () => {
  const key = new Uint8Array(32).fill(9);
  const make = (header: Record<string, unknown>, unprotected?: Record<string, unknown>) => {
    const p = b64(JSON.stringify(header));
    return { protected: p, payload: b64('x'), signature: hmac(key, `${p}.${b64('x')}`), ...(unprotected ? { header: unprotected } : {}) };
  };
  it('an unknown critical extension is rejected; a recognized one is accepted', async () => {
    const jws = make({ alg: 'HS256', crit: ['urn:example:ext'], 'urn:example:ext': 1 });
    await rejectsCode(() => verifyFlattened(jws, key, { backend, algorithms: ['HS256'] }), 'ERR_JOSE_NOT_SUPPORTED');
    await verifyFlattened(jws, key, { backend, algorithms: ['HS256'], crit: { 'urn:example:ext': true } });
  });
  it('malformed crit: registered names, empty, missing member, unprotected crit, duplicates', async () => {
    for (const [h, u] of [
      [{ alg: 'HS256', crit: ['alg'] }],
      [{ alg: 'HS256', crit: [] }],
      [{ alg: 'HS256', crit: ['ext'] }],
      [{ alg: 'HS256', crit: ['ext', 'ext'], ext: 1 }],
      [{ alg: 'HS256', ext: 1 }, { crit: ['ext'] }],
      [{ alg: 'HS256', crit: 'ext', ext: 1 }],
    ] as Array<[Record<string, unknown>, Record<string, unknown>?]>) {
      await rejectsCode(() => verifyFlattened(make(h, u), key, { backend, algorithms: ['HS256'], crit: { ext: true } }), 'ERR_JWS_INVALID', JSON.stringify([h, u]));
    }
  });
  it('JWE: unknown crit is rejected', async () => {
    const k = new Uint8Array(16).fill(3);
    const token = await new jose.CompactEncrypt(bytes('s')).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM', crit: ['x-ext'], 'x-ext': true }).encrypt(k, { crit: { 'x-ext': true } });
    await rejectsCode(() => decryptCompact(token, k, { backend, keyManagementAlgorithms: ['A128KW'] }), 'ERR_JOSE_NOT_SUPPORTED');
    await decryptCompact(token, k, { backend, keyManagementAlgorithms: ['A128KW'], crit: { 'x-ext': true } });
  });
  it('b64 outside the protected header, or without crit, is rejected', async () => {
    await rejectsCode(() => verifyFlattened(make({ alg: 'HS256' }, { b64: false }), key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
    await rejectsCode(() => verifyFlattened(make({ alg: 'HS256', b64: false }), key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
    await rejectsCode(() => verifyFlattened(make({ alg: 'HS256', b64: 'no', crit: ['b64'] }), key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
  });
  it('a header parameter in both the protected and the unprotected header is rejected', async () => {
    await rejectsCode(() => verifyFlattened(make({ alg: 'HS256', kid: 'a' }, { kid: 'b' }), key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
  });
});

/** Wraps a backend and records which operations ran. */
function spy(inner: Backend): { backend: Backend; calls: string[] } {
  const calls: string[] = [];
  const wrapped: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(inner)) {
    wrapped[name] =
      typeof v === 'function'
        ? (...args: unknown[]) => {
            calls.push(name);
            return (v as (...a: unknown[]) => unknown).apply(inner, args);
          }
        : v;
  }
  return { backend: wrapped as unknown as Backend, calls };
}

describe('AES-CBC-HS: the tag is checked (constant time) before decryption, with one uniform error', () => {
  const key = new Uint8Array(32).fill(5);
  let token: string;
  const parts = () => token.split('.');
  it('setup (token made by panva jose, A128CBC-HS256, dir)', async () => {
    token = await new jose.CompactEncrypt(bytes('attack at dawn, bring snacks')).setProtectedHeader({ alg: 'dir', enc: 'A128CBC-HS256' }).encrypt(key);
  });
  it('a wrong tag fails without AES-CBC decryption ever running', async () => {
    const s = spy(backend);
    const [h, ek, iv, ct, tag] = parts();
    const badTag = Buffer.from(tag!, 'base64url');
    badTag[0]! ^= 1;
    const e = await rejectsCode(() => decryptCompact([h, ek, iv, ct, badTag.toString('base64url')].join('.'), key, { backend: s.backend, keyManagementAlgorithms: ['dir'] }), 'ERR_DECRYPTION_FAILED');
    assert.equal(e.message, DecryptionFailedError.MESSAGE);
    assert.ok(s.calls.includes('hmac'), 'the tag was computed');
    assert.ok(!s.calls.includes('aesCbcDecrypt'), 'AES-CBC decryption must not run before the tag verifies');
  });
  it('modified ciphertext, modified IV, modified header: the same error and message; a tag of the wrong length is malformed', async () => {
    const [h, ek, iv, ct, tag] = parts();
    const flip = (s: string, i = 0) => {
      const b = Buffer.from(s, 'base64url');
      b[i]! ^= 0x80;
      return b.toString('base64url');
    };
    const variants = [
      [h, ek, iv, flip(ct!), tag],
      [h, ek, flip(iv!), ct, tag],
      [b64(JSON.stringify({ alg: 'dir', enc: 'A128CBC-HS256', kid: 'x' })), ek, iv, ct, tag],
    ];
    for (const v of variants) {
      const e = await rejectsCode(() => decryptCompact(v.join('.'), key, { backend, keyManagementAlgorithms: ['dir'] }), 'ERR_DECRYPTION_FAILED');
      assert.equal(e.message, DecryptionFailedError.MESSAGE);
    }
    // Lengths are public: a tag of the wrong size is a malformed JWE, rejected before any cryptography.
    for (const badTag of [Buffer.from(tag!, 'base64url').subarray(0, 15), Buffer.concat([Buffer.from(tag!, 'base64url'), Buffer.alloc(1)])]) {
      await rejectsCode(() => decryptCompact([h, ek, iv, ct, b64(badTag)].join('.'), key, { backend, keyManagementAlgorithms: ['dir'] }), 'ERR_JWE_INVALID');
    }
  });
  it('a wrong key-encryption key (RSA-OAEP, AES-KW) gives the same error as a bad tag (random-CEK countermeasure)', async () => {
    const oaep = await new jose.CompactEncrypt(bytes('s')).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256' }).encrypt({ kty: 'RSA', n: RSA.n, e: RSA.e } as jose.JWK);
    const p = oaep.split('.');
    p[1] = flipFirst(p[1]!);
    const e1 = await rejectsCode(() => decryptCompact(p.join('.'), RSA, { backend, keyManagementAlgorithms: ['RSA-OAEP-256'] }), 'ERR_DECRYPTION_FAILED');
    assert.equal(e1.message, DecryptionFailedError.MESSAGE);
    const kw = await new jose.CompactEncrypt(bytes('s')).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM' }).encrypt(new Uint8Array(16).fill(1));
    const e2 = await rejectsCode(() => decryptCompact(kw, new Uint8Array(16).fill(2), { backend, keyManagementAlgorithms: ['A128KW'] }), 'ERR_DECRYPTION_FAILED');
    assert.equal(e2.message, DecryptionFailedError.MESSAGE);
    void rsaPublic;
  });
});

function flipFirst(s: string): string {
  const b = Buffer.from(s, 'base64url');
  b[0]! ^= 1;
  return b.toString('base64url');
}

describe('input size limits', () => {
  it('an over-long token is rejected before parsing', async () => {
    const long = `${'a'.repeat(100)}.${'b'.repeat(5000)}.c`;
    await rejectsCode(() => verifyCompact(long, new Uint8Array(32), { backend, algorithms: ['HS256'], limits: { maxTokenLength: 1000 } }), 'ERR_JWS_INVALID');
    await rejectsCode(() => decryptCompact(`${long}.d.e`, new Uint8Array(16), { backend, keyManagementAlgorithms: ['A128KW'], limits: { maxTokenLength: 1000 } }), 'ERR_JWE_INVALID');
  });
  it('an over-long protected header is rejected', async () => {
    const key = new Uint8Array(32);
    const p = b64(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(70_000) }));
    await rejectsCode(() => verifyCompact(`${p}.${b64('x')}.${hmac(key, `${p}.${b64('x')}`)}`, key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
  });
  it('too many signatures / recipients', async () => {
    const sigs = Array.from({ length: 40 }, () => ({ protected: b64('{"alg":"HS256"}'), signature: 'AAAA' }));
    await rejectsCode(() => verifyGeneral({ payload: 'eA', signatures: sigs }, new Uint8Array(32), { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
  });
  it('a zip bomb is stopped at the decompression limit', async () => {
    const k = new Uint8Array(16).fill(4);
    const bomb = await new jose.CompactEncrypt(new Uint8Array(8 * 1024 * 1024)).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' }).encrypt(k);
    assert.ok(bomb.length < 100_000);
    const e = await rejectsCode(() => decryptCompact(bomb, k, { backend, keyManagementAlgorithms: ['A128KW'] }), 'ERR_JWE_INVALID');
    assert.match(e.message, /decompressed/);
    const ok = await decryptCompact(bomb, k, { backend, keyManagementAlgorithms: ['A128KW'], limits: { maxDecompressedLength: 9 * 1024 * 1024 } });
    assert.equal(ok.plaintext.length, 8 * 1024 * 1024);
  });
  it('zip outside the protected header is rejected', async () => {
    const k = new Uint8Array(16).fill(4);
    const flat = await new jose.FlattenedEncrypt(bytes('s')).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM' }).encrypt(k);
    await rejectsCode(() => decryptFlattened({ ...flat, unprotected: { zip: 'DEF' } } as never, k, { backend, keyManagementAlgorithms: ['A128KW'] }), 'ERR_JWE_INVALID');
  });
});
