/**
 * Interoperability with panva `jose` (v6, the reference implementation), both ways, for every JWS alg and every
 * JWE alg × enc: jose signs/encrypts → cryptoplug verifies/decrypts, and cryptoplug signs/encrypts → jose
 * verifies/decrypts. Every alg/enc combination runs on the first backend; the other backends run every alg (with a
 * rotating enc) and every enc (with `dir`), skipping what they cannot do (printed).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as jose from 'jose';
import type { Backend, Jwk } from '@cryptoplug/core';
import {
  CONTENT_ENCRYPTION_NAMES,
  JWE_ALGORITHM_NAMES,
  decryptCompact,
  decryptFlattened,
  decryptGeneral,
  decryptJwt,
  encryptCompact,
  encryptFlattened,
  encryptGeneral,
  encryptJwt,
  joseUnsupportedReason,
  signCompact,
  signGeneral,
  signJwt,
  signFlattened,
  verifyCompact,
  verifyFlattened,
  verifyGeneral,
  verifyJwt,
} from '../src/index.js';
import { COOKBOOK, backends, bytes, readJson, rejectsCode, text } from './helpers.js';

const all = await backends();
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const strip = (jwk: Jwk): Jwk => {
  const { kid: _k, use: _u, alg: _a, key_ops: _o, ...rest } = jwk;
  return rest as Jwk;
};
const publicOf = (jwk: Jwk): Jwk => Object.fromEntries(Object.entries(strip(jwk)).filter(([k]) => !PRIVATE_MEMBERS.includes(k))) as Jwk;

async function generated(alg: string, options: { crv?: string } = {}): Promise<Jwk> {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true, ...options });
  return (await jose.exportJWK(privateKey)) as Jwk;
}

const RSA = strip(readJson(join(COOKBOOK, 'jws', '4_1.rsa_v15_signature.json')).input.key);
const EC: Record<string, Jwk> = { 'P-256': await generated('ES256'), 'P-384': await generated('ES384'), 'P-521': await generated('ES512') };
const ED = await generated('EdDSA', { crv: 'Ed25519' });
const X25519 = await generated('ECDH-ES', { crv: 'X25519' });
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

function jwsKey(alg: string): Jwk | Uint8Array {
  if (alg.startsWith('HS')) return random(Number(alg.slice(2)) / 8);
  if (alg.startsWith('RS') || alg.startsWith('PS')) return RSA;
  if (alg === 'ES256') return EC['P-256']!;
  if (alg === 'ES384') return EC['P-384']!;
  if (alg === 'ES512') return EC['P-521']!;
  return ED;
}
const verifyingKey = (k: Jwk | Uint8Array) => (k instanceof Uint8Array ? k : publicOf(k));

type What = Parameters<typeof joseUnsupportedReason>[1];
function reason(backend: Backend, what: What, ops: readonly ('sign' | 'verify' | 'encrypt' | 'decrypt')[]): string | undefined {
  for (const operation of ops) {
    const r = joseUnsupportedReason(backend, { ...what, operation });
    if (r) return r;
  }
  return undefined;
}

const JWS_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

describe('panva jose ↔ cryptoplug: JWS compact, every algorithm', () => {
  for (const alg of JWS_ALGS) {
    it(alg, async (t) => {
      let ran = 0;
      for (const { name, backend } of all) {
        const why = reason(backend, { alg }, ['sign', 'verify']);
        if (why) {
          t.diagnostic(`skipped on ${name}: ${why}`);
          continue;
        }
        ran++;
        const key = jwsKey(alg);
        const payload = bytes(`payload for ${alg} on ${name}`);
        // cryptoplug → jose
        const ours = await signCompact(payload, key, { backend, protectedHeader: { alg, kid: 'k1' } });
        const v = await jose.compactVerify(ours, verifyingKey(key) as jose.JWK, { algorithms: [alg] });
        assert.deepEqual(new Uint8Array(v.payload), payload);
        assert.equal(v.protectedHeader.kid, 'k1');
        // jose → cryptoplug
        const theirs = await new jose.CompactSign(payload).setProtectedHeader({ alg }).sign(key as jose.JWK);
        const r = await verifyCompact(theirs, verifyingKey(key), { backend, algorithms: [alg] });
        assert.deepEqual(r.payload, payload);
        const [h, , s] = theirs.split('.');
        await rejectsCode(() => verifyCompact(`${h}.${jose.base64url.encode('other')}.${s}`, verifyingKey(key), { backend, algorithms: [alg] }), 'ERR_JWS_SIGNATURE_INVALID');
      }
      assert.ok(ran > 0);
    });
  }
});

describe('panva jose ↔ cryptoplug: other JWS forms', () => {
  it('general JSON with two signatures (ES256 + HS256), both ways', async () => {
    const backend = all[0]!.backend;
    const hs = random(32);
    const payload = bytes('general');
    const theirs = await new jose.GeneralSign(payload)
      .addSignature(EC['P-256']! as jose.JWK).setProtectedHeader({ alg: 'ES256' })
      .addSignature(hs).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: 'mac' })
      .sign();
    assert.equal((await verifyGeneral(theirs as never, publicOf(EC['P-256']!), { backend, algorithms: ['ES256'] })).index, 0);
    assert.equal((await verifyGeneral(theirs as never, hs, { backend, algorithms: ['HS256'] })).index, 1);
    const ours = await signGeneral(payload, [{ key: hs, protectedHeader: { alg: 'HS256' } }, { key: EC['P-256']!, protectedHeader: { alg: 'ES256' }, unprotectedHeader: { kid: 'ec' } }], { backend });
    const v = await jose.generalVerify(ours as jose.GeneralJWSInput, publicOf(EC['P-256']!) as jose.JWK, { algorithms: ['ES256'] });
    assert.equal(v.unprotectedHeader?.kid, 'ec');
    await jose.generalVerify(ours as jose.GeneralJWSInput, hs, { algorithms: ['HS256'] });
  });

  it('b64: false (RFC 7797), both ways', async () => {
    const backend = all[0]!.backend;
    const key = random(32);
    const header = { alg: 'HS256', b64: false, crit: ['b64'] };
    const ours = await signCompact('$02 unencoded', key, { backend, protectedHeader: header });
    const v = await jose.compactVerify(ours, key, { algorithms: ['HS256'] });
    assert.equal(text(new Uint8Array(v.payload)), '$02 unencoded');
    await rejectsCode(() => signCompact('$.02', key, { backend, protectedHeader: header }), 'ERR_INPUT_INVALID');
    // jose 6 emits unencoded payloads detached ("payload": ""): the content travels separately.
    const theirs = await new jose.FlattenedSign(bytes('$.03')).setProtectedHeader(header).sign(key);
    assert.equal(theirs.payload, '');
    const r = await verifyFlattened(theirs as never, key, { backend, algorithms: ['HS256'], payload: '$.03' });
    assert.equal(text(r.payload), '$.03');
    const oursFlat = await signFlattened('$.04', key, { backend, protectedHeader: header });
    assert.equal(oursFlat.payload, '$.04');
    assert.equal(text(new Uint8Array((await jose.flattenedVerify(oursFlat as jose.FlattenedJWSInput, key)).payload)), '$.04');
  });

  it('JWT with claims, both ways (RS256, ES384, EdDSA, HS512)', async (t) => {
    for (const alg of ['RS256', 'ES384', 'EdDSA', 'HS512']) {
      for (const { name, backend } of all) {
        const why = reason(backend, { alg }, ['sign', 'verify']);
        if (why) {
          t.diagnostic(`${alg} skipped on ${name}: ${why}`);
          continue;
        }
        const key = jwsKey(alg);
        const now = Math.floor(Date.now() / 1000);
        const theirs = await new jose.SignJWT({ scope: 'read' }).setProtectedHeader({ alg, typ: 'JWT' }).setIssuer('urn:iss').setAudience(['urn:a', 'urn:b']).setIssuedAt(now).setExpirationTime(now + 600).sign(key as jose.JWK);
        const r = await verifyJwt(theirs, verifyingKey(key), { backend, algorithms: [alg], issuer: 'urn:iss', audience: 'urn:b', typ: 'JWT', maxTokenAge: '15m' });
        assert.equal(r.payload.scope, 'read');
        const ours = await signJwt({ scope: 'write' }, key, { backend, alg, typ: 'JWT', issuer: 'urn:me', audience: 'urn:you', issuedAt: true, expiresIn: '10m' });
        const v = await jose.jwtVerify(ours, verifyingKey(key) as jose.JWK, { algorithms: [alg], issuer: 'urn:me', audience: 'urn:you', maxTokenAge: '15m', typ: 'JWT' });
        assert.equal(v.payload.scope, 'write');
        assert.equal((v.payload.exp as number) - (v.payload.iat as number), 600);
      }
    }
  });
});

interface JweCase {
  alg: string;
  encKey: Jwk | Uint8Array;
  decKey: Jwk | Uint8Array;
  curve?: 'P-256' | 'P-384' | 'P-521' | 'X25519';
}

function jweCases(alg: string, enc: string): JweCase[] {
  if (alg.startsWith('RSA-OAEP')) return [{ alg, encKey: publicOf(RSA), decKey: RSA }];
  if (alg.startsWith('ECDH-ES')) {
    const curves = alg === 'ECDH-ES' || alg === 'ECDH-ES+A256KW' ? (['P-256', 'P-384', 'P-521', 'X25519'] as const) : (['P-256'] as const);
    return curves.map((curve) => {
      const k = curve === 'X25519' ? X25519 : EC[curve]!;
      return { alg, encKey: publicOf(k), decKey: k, curve };
    });
  }
  if (alg.startsWith('PBES2')) {
    const pw = bytes('correct horse battery staple');
    return [{ alg, encKey: pw, decKey: pw }];
  }
  if (alg === 'dir') {
    const size = { A128GCM: 16, A192GCM: 24, A256GCM: 32, 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64 }[enc]!;
    const k = random(size);
    return [{ alg, encKey: k, decKey: k }];
  }
  const k = random(Number(alg.slice(1, 4)) / 8);
  return [{ alg, encKey: k, decKey: k }];
}

describe('panva jose ↔ cryptoplug: JWE compact, every alg × enc', () => {
  const algs = JWE_ALGORITHM_NAMES;
  for (const [ai, alg] of algs.entries()) {
    it(alg, async (t) => {
      let ran = 0;
      for (const [bi, { name, backend }] of all.entries()) {
        const encs = bi === 0 ? CONTENT_ENCRYPTION_NAMES : [CONTENT_ENCRYPTION_NAMES[(ai + bi) % CONTENT_ENCRYPTION_NAMES.length]!];
        for (const enc of encs) {
          for (const c of jweCases(alg, enc)) {
            const why = reason(backend, { alg, enc, ...(c.curve ? { curve: c.curve } : {}) }, ['encrypt', 'decrypt']);
            if (why) {
              t.diagnostic(`${enc}${c.curve ? ' ' + c.curve : ''} skipped on ${name}: ${why}`);
              continue;
            }
            ran++;
            const pt = bytes(`secret for ${alg}/${enc}/${c.curve ?? ''} on ${name}`);
            const km = alg.startsWith('PBES2') ? { p2c: 1000 } : {};
            const ours = await encryptCompact(pt, c.encKey, { backend, protectedHeader: { alg, enc }, keyManagement: km });
            const d = await jose.compactDecrypt(ours, c.decKey as jose.JWK, { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] });
            assert.deepEqual(new Uint8Array(d.plaintext), pt, `${alg}/${enc} cryptoplug → jose`);
            const theirs = await new jose.CompactEncrypt(pt).setProtectedHeader({ alg, enc }).setKeyManagementParameters(km).encrypt(c.encKey as jose.JWK);
            const r = await decryptCompact(theirs, c.decKey, { backend, keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] });
            assert.deepEqual(r.plaintext, pt, `${alg}/${enc} jose → cryptoplug`);
          }
        }
      }
      assert.ok(ran > 0);
    });
  }

  it('every enc on every backend (dir)', async (t) => {
    for (const { name, backend } of all) {
      for (const enc of CONTENT_ENCRYPTION_NAMES) {
        const why = reason(backend, { alg: 'dir', enc }, ['encrypt', 'decrypt']);
        if (why) {
          t.diagnostic(`${enc} skipped on ${name}: ${why}`);
          continue;
        }
        const [c] = jweCases('dir', enc);
        const pt = bytes(`dir ${enc} ${name}`);
        const ours = await encryptCompact(pt, c!.encKey, { backend, protectedHeader: { alg: 'dir', enc } });
        assert.deepEqual(new Uint8Array((await jose.compactDecrypt(ours, c!.decKey as Uint8Array)).plaintext), pt);
        const theirs = await new jose.CompactEncrypt(pt).setProtectedHeader({ alg: 'dir', enc }).encrypt(c!.encKey as Uint8Array);
        assert.deepEqual((await decryptCompact(theirs, c!.decKey, { backend, keyManagementAlgorithms: ['dir'] })).plaintext, pt);
      }
    }
  });
});

describe('panva jose ↔ cryptoplug: JWE JSON, zip, JWT', () => {
  const backend = all[0]!.backend;
  it('general JSON with two recipients (RSA-OAEP-256 and A128KW), both ways', async () => {
    const kw = random(16);
    const pt = bytes('to two recipients');
    const theirs = await new jose.GeneralEncrypt(pt)
      .setProtectedHeader({ enc: 'A256GCM' })
      .setSharedUnprotectedHeader({ cty: 'text/plain' })
      .addRecipient(publicOf(RSA) as jose.JWK).setUnprotectedHeader({ alg: 'RSA-OAEP-256', kid: 'rsa' })
      .addRecipient(kw).setUnprotectedHeader({ alg: 'A128KW', kid: 'kw' })
      .encrypt();
    const r1 = await decryptGeneral(theirs as never, RSA, { backend, keyManagementAlgorithms: ['RSA-OAEP-256'] });
    assert.equal(r1.index, 0);
    assert.deepEqual(r1.plaintext, pt);
    const r2 = await decryptGeneral(theirs as never, kw, { backend, keyManagementAlgorithms: ['A128KW'] });
    assert.equal(r2.index, 1);
    const ours = await encryptGeneral(pt, [{ key: publicOf(RSA), header: { alg: 'RSA-OAEP-256' } }, { key: kw, header: { alg: 'A128KW' } }], {
      backend, protectedHeader: { enc: 'A128CBC-HS256' }, sharedUnprotectedHeader: { cty: 'text/plain' }, aad: 'extra',
    });
    const d1 = await jose.generalDecrypt(ours as jose.GeneralJWE, RSA as jose.JWK, { keyManagementAlgorithms: ['RSA-OAEP-256'] });
    assert.deepEqual(new Uint8Array(d1.plaintext), pt);
    assert.deepEqual(new Uint8Array(d1.additionalAuthenticatedData!), bytes('extra'));
    const d2 = await jose.generalDecrypt(ours as jose.GeneralJWE, kw, { keyManagementAlgorithms: ['A128KW'] });
    assert.deepEqual(new Uint8Array(d2.plaintext), pt);
  });

  it('flattened JSON with AAD and unprotected headers, both ways', async () => {
    const key = random(32);
    const pt = bytes('flattened');
    const theirs = await new jose.FlattenedEncrypt(pt).setProtectedHeader({ enc: 'A256GCM' }).setSharedUnprotectedHeader({ alg: 'A256GCMKW' }).setUnprotectedHeader({ kid: 'x' }).setAdditionalAuthenticatedData(bytes('aad!')).encrypt(key);
    const r = await decryptFlattened(theirs as never, key, { backend, keyManagementAlgorithms: ['A256GCMKW'] });
    assert.deepEqual(r.plaintext, pt);
    assert.deepEqual(r.additionalAuthenticatedData, bytes('aad!'));
    const ours = await encryptFlattened(pt, key, { backend, protectedHeader: { enc: 'A128GCM' }, sharedUnprotectedHeader: { alg: 'A256GCMKW' }, unprotectedHeader: { kid: 'y' }, aad: 'aad?' });
    const d = await jose.flattenedDecrypt(ours as jose.FlattenedJWE, key);
    assert.deepEqual(new Uint8Array(d.plaintext), pt);
    assert.equal(d.unprotectedHeader?.kid, 'y');
  });

  it('zip: DEF, both ways', async () => {
    const key = random(16);
    const pt = bytes('compress me '.repeat(200));
    const ours = await encryptCompact(pt, key, { backend, protectedHeader: { alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' } });
    assert.ok(ours.length < pt.length, 'compressed');
    assert.deepEqual(new Uint8Array((await jose.compactDecrypt(ours, key)).plaintext), pt);
    const theirs = await new jose.CompactEncrypt(pt).setProtectedHeader({ alg: 'A128KW', enc: 'A128GCM', zip: 'DEF' }).encrypt(key);
    assert.deepEqual((await decryptCompact(theirs, key, { backend, keyManagementAlgorithms: ['A128KW'] })).plaintext, pt);
  });

  it('encrypted JWT, both ways', async () => {
    const now = Math.floor(Date.now() / 1000);
    const theirs = await new jose.EncryptJWT({ role: 'admin' }).setProtectedHeader({ alg: 'ECDH-ES+A128KW', enc: 'A256GCM' }).setIssuer('iss').setExpirationTime(now + 60).encrypt(publicOf(EC['P-384']!) as jose.JWK);
    const r = await decryptJwt(theirs, EC['P-384']!, { backend, keyManagementAlgorithms: ['ECDH-ES+A128KW'], issuer: 'iss' });
    assert.equal(r.payload.role, 'admin');
    const ours = await encryptJwt({ role: 'user' }, publicOf(EC['P-384']!), { backend, alg: 'ECDH-ES+A128KW', enc: 'A128CBC-HS256', issuer: 'me', expiresIn: 60 });
    const d = await jose.jwtDecrypt(ours, EC['P-384']! as jose.JWK, { issuer: 'me' });
    assert.equal(d.payload.role, 'user');
  });
});
