/** JWK import/export for every key type, thumbprints (checked against panva jose and RFC 7638/9278), JWKS selection. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { PrivateKey, PublicKey, SecretKey, type Jwk } from '@cryptoplug/core';
import {
  calculateJwkThumbprint,
  calculateJwkThumbprintUri,
  createLocalJwkSet,
  decryptCompact,
  exportJwk,
  generateKeyPair,
  generateSecret,
  importJwk,
  parseJwkSet,
  selectJwks,
  signCompact,
  verifyCompact,
  verifyJwt,
} from '../src/index.js';
import { bytes, rejectsCode, webcrypto } from './helpers.js';

const backend = await webcrypto();
const gen = async (alg: string, o: Record<string, unknown> = {}) => (await jose.exportJWK((await jose.generateKeyPair(alg, { extractable: true, ...o })).privateKey)) as Jwk;
const pub = (j: Jwk): Jwk => Object.fromEntries(Object.entries(j).filter(([k]) => !['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(k))) as Jwk;

const KEYS: Record<string, Jwk> = {
  'EC P-256': await gen('ES256'),
  'EC P-384': await gen('ES384'),
  'EC P-521': await gen('ES512'),
  'OKP Ed25519': await gen('EdDSA', { crv: 'Ed25519' }),
  'OKP X25519': await gen('ECDH-ES', { crv: 'X25519' }),
  'RSA 2048': await gen('RS256', { modulusLength: 2048 }),
  oct: (await jose.exportJWK(crypto.getRandomValues(new Uint8Array(32)))) as Jwk,
};

describe('JWK import/export for every key type (JWKs made by panva jose)', () => {
  for (const [name, jwk] of Object.entries(KEYS)) {
    it(name, async () => {
      const key = importJwk(jwk);
      const out = exportJwk(key, { private: true });
      assert.deepEqual(out, jwk);
      if (jwk.kty !== 'oct') {
        assert.ok(key instanceof PrivateKey);
        assert.deepEqual(exportJwk(key), pub(jwk));
        const p = importJwk(pub(jwk));
        assert.ok(p instanceof PublicKey);
        await rejectsCode(() => exportJwk(p, { private: true }), 'ERR_INPUT_INVALID');
      } else {
        assert.ok(key instanceof SecretKey);
        await rejectsCode(() => exportJwk(key), 'ERR_INPUT_INVALID');
      }
      // thumbprints agree with panva jose, for every hash it supports
      for (const h of ['SHA-256', 'SHA-384', 'SHA-512'] as const) {
        assert.equal(calculateJwkThumbprint(jwk, h), await jose.calculateJwkThumbprint(jwk as jose.JWK, `sha${h.slice(4)}` as 'sha256'));
      }
      assert.equal(calculateJwkThumbprintUri(key), await jose.calculateJwkThumbprintUri(jwk as jose.JWK));
      assert.equal(calculateJwkThumbprint(key), calculateJwkThumbprint(pub(jwk)), 'private and public keys share the thumbprint');
    });
  }
  it('metadata on export, and importJwk checks "alg"/"use" against the intended algorithm', () => {
    const out = exportJwk(importJwk(KEYS['EC P-256']!), { kid: 'k', alg: 'ES256', use: 'sig', keyOps: ['verify'] });
    assert.deepEqual({ kid: out.kid, alg: out.alg, use: out.use, key_ops: out.key_ops }, { kid: 'k', alg: 'ES256', use: 'sig', key_ops: ['verify'] });
    importJwk(out, { alg: 'ES256' });
    assert.throws(() => importJwk(out, { alg: 'ES384' }), { code: 'ERR_JWK_INVALID' });
    assert.throws(() => importJwk({ ...out, use: 'enc' }, { alg: 'ES256' }), { code: 'ERR_JWK_INVALID' });
    assert.throws(() => importJwk('{"kty":', {}), { code: 'ERR_JWK_INVALID' });
    assert.throws(() => importJwk({ kty: 'EC', crv: 'P-256', x: KEYS['EC P-256']!.x, y: KEYS['EC P-384']!.y }), { code: 'ERR_KEY_INVALID' });
  });
  it('RFC 9278 §3.2 thumbprint URI example', () => {
    const key = {
      kty: 'RSA',
      e: 'AQAB',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    };
    assert.equal(calculateJwkThumbprintUri(key), 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
  it('generateKeyPair / generateSecret make keys of the right kind and size', async () => {
    assert.equal((await generateKeyPair('ES384', { backend })).curve, 'P-384');
    assert.equal((await generateKeyPair('EdDSA', { backend })).curve, 'Ed25519');
    assert.equal((await generateKeyPair('ECDH-ES+A128KW', { backend, crv: 'X25519' })).curve, 'X25519');
    assert.equal(generateSecret('HS512', { backend }).bits, 512);
    assert.equal(generateSecret('A192KW', { backend }).bits, 192);
    assert.equal(generateSecret('A256CBC-HS512', { backend }).bits, 512);
    assert.throws(() => generateSecret('RS256', { backend }), { code: 'ERR_JOSE_NOT_SUPPORTED' });
  });
});

describe('JWKS key selection', () => {
  const ec1 = { ...pub(KEYS['EC P-256']!), kid: 'ec-1', alg: 'ES256', use: 'sig' } as Jwk;
  const ec2 = { ...pub(KEYS['EC P-384']!), kid: 'ec-2' } as Jwk;
  const rsa = { ...pub(KEYS['RSA 2048']!), kid: 'rsa-1', use: 'sig' } as Jwk;
  const rsaEnc = { ...pub(KEYS['RSA 2048']!), kid: 'rsa-1', use: 'enc' } as Jwk;
  const set = { keys: [ec1, ec2, rsa, rsaEnc] };

  it('selects by kid, alg, use and key type/curve', () => {
    assert.deepEqual(selectJwks(set.keys, { alg: 'ES256', kid: 'ec-1' }, 'jws'), [ec1]);
    assert.deepEqual(selectJwks(set.keys, { alg: 'ES384' }, 'jws'), [ec2]);
    assert.deepEqual(selectJwks(set.keys, { alg: 'ES256' }, 'jws'), [ec1]);
    assert.deepEqual(selectJwks(set.keys, { alg: 'PS256', kid: 'rsa-1' }, 'jws'), [rsa]);
    assert.deepEqual(selectJwks(set.keys, { alg: 'ES512' }, 'jws'), []);
    assert.deepEqual(selectJwks(set.keys, { alg: 'ES384', kid: 'ec-1' }, 'jws'), []);
    assert.deepEqual(selectJwks(set.keys, { kid: 'ec-1' }, 'jws'), []);
  });
  it('verifies tokens signed by panva jose through the set; unknown kid is ERR_JWKS_NO_MATCHING_KEY', async () => {
    const jwks = createLocalJwkSet(set);
    const t1 = await new jose.SignJWT({ n: 1 }).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).sign(KEYS['EC P-256']! as jose.JWK);
    assert.equal((await verifyJwt(t1, jwks, { backend, algorithms: ['ES256', 'ES384', 'RS256'] })).payload.n, 1);
    const t2 = await new jose.SignJWT({ n: 2 }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(KEYS['RSA 2048']! as jose.JWK);
    assert.equal((await verifyJwt(t2, jwks, { backend, algorithms: ['RS256'] })).payload.n, 2);
    const t3 = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'nope' }).sign(KEYS['EC P-256']! as jose.JWK);
    await rejectsCode(() => verifyJwt(t3, jwks, { backend, algorithms: ['ES256'] }), 'ERR_JWKS_NO_MATCHING_KEY');
  });
  it('several candidates without a kid is ERR_JWKS_MULTIPLE_MATCHING_KEYS', async () => {
    const jwks = createLocalJwkSet({ keys: [{ ...pub(KEYS['EC P-256']!), kid: 'a' }, { ...pub(KEYS['EC P-256']!), kid: 'b' }] });
    const t = await new jose.CompactSign(bytes('x')).setProtectedHeader({ alg: 'ES256' }).sign(KEYS['EC P-256']! as jose.JWK);
    await rejectsCode(() => verifyCompact(t, jwks, { backend, algorithms: ['ES256'] }), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS');
  });
  it('ambiguous or malformed sets are refused when loaded', () => {
    assert.throws(() => parseJwkSet({ keys: [ec1, { ...ec1 }] }), { code: 'ERR_JWKS_INVALID' });
    assert.throws(() => parseJwkSet({ keys: [ec1, KEYS.oct!] }), { code: 'ERR_JWKS_INVALID' });
    assert.throws(() => parseJwkSet({ keys: [ec1, KEYS['EC P-384']!] }), { code: 'ERR_JWKS_INVALID' });
    assert.throws(() => parseJwkSet({ keys: {} }), { code: 'ERR_JWKS_INVALID' });
    assert.throws(() => parseJwkSet('nope'), { code: 'ERR_JWKS_INVALID' });
    assert.throws(() => parseJwkSet({ keys: [{ kid: 'x' }] }), { code: 'ERR_JWKS_INVALID' });
    assert.equal(parseJwkSet(JSON.stringify(set)).length, 4); // same kid, different use: allowed
  });
  it('decryption through a private JWK Set (RSA-OAEP-256 and dir with an enc-named key)', async () => {
    const priv = { ...KEYS['RSA 2048']!, kid: 'r', use: 'enc' } as Jwk;
    const secret = { ...KEYS.oct!, kid: 's', alg: 'A256GCM' } as Jwk;
    const jwks = createLocalJwkSet({ keys: [priv, secret] });
    const t1 = await new jose.CompactEncrypt(bytes('one')).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128GCM', kid: 'r' }).encrypt(pub(KEYS['RSA 2048']!) as jose.JWK);
    assert.equal(new TextDecoder().decode((await decryptCompact(t1, jwks, { backend, keyManagementAlgorithms: ['RSA-OAEP-256', 'dir'] })).plaintext), 'one');
    const t2 = await new jose.CompactEncrypt(bytes('two')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(KEYS.oct! as jose.JWK);
    assert.equal(new TextDecoder().decode((await decryptCompact(t2, jwks, { backend, keyManagementAlgorithms: ['RSA-OAEP-256', 'dir'] })).plaintext), 'two');
  });
  it('a signing key selected from a set must still satisfy the key policy', async () => {
    await rejectsCode(() => signCompact('x', { ...KEYS['EC P-256']!, use: 'enc' }, { backend, protectedHeader: { alg: 'ES256' } }), 'ERR_JWK_INVALID');
  });
});
