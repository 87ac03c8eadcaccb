/**
 * The per-family builds (`/jws`, `/jwe`, `/verify`): the same operations and answers as the full backend for their
 * families (vectors from Python cryptography, vectors/primitives), ERR_UNSUPPORTED for the rest, and the JWE build's
 * pair check of a JWK private key through WebCrypto's own ECDH (no curve arithmetic loaded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keyFromJwkDeferred, publicKeyFromJwk, importPublicKey, hexToBytes, bytesToHex, type CryptoplugError, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
import { createWebCryptoJwsBackend } from '@cryptoplug/backend-webcrypto/jws';
import { createWebCryptoJweBackend } from '@cryptoplug/backend-webcrypto/jwe';
import { createWebCryptoVerifyBackend } from '@cryptoplug/backend-webcrypto/verify';

const vectors = (name: string) => fileURLToPath(new URL(`../../../vectors/primitives/${name}`, import.meta.url));
const jwk = (name: string) => JSON.parse(readFileSync(vectors(`keys/${name}.jwk.json`), 'utf8')) as Record<string, string>;
const ECDH = (JSON.parse(readFileSync(vectors('ecdh.json'), 'utf8')) as { tests: Array<{ id: string; curve: string; privateKey: string; publicKey: string; shared: string }> }).tests;
const code = (e: unknown) => (e as CryptoplugError).code;

test('the JWS build verifies and signs like the full backend, and nothing else', async () => {
  const jws = await createWebCryptoJwsBackend();
  const full = await createWebCryptoBackend();
  for (const k of ['ecdsa', 'rsaPkcs1', 'rsaPss', 'ed25519', 'digest', 'hmac'] as const) assert.deepEqual(jws.capabilities()[k], full.capabilities()[k], k);
  assert.deepEqual([jws.capabilities().ecdh.curves, jws.capabilities().aesGcm, jws.capabilities().random], [[], false, false]);
  const sigs = (JSON.parse(readFileSync(vectors('signatures.json'), 'utf8')) as {
    tests: Array<{ id: string; key: string; alg: { name: string; hash: string; encoding?: string }; msg: string; sig: string; valid: boolean }>;
  }).tests.filter((t) => t.alg.name === 'ECDSA' && (t.alg.encoding ?? 'p1363') === 'p1363' && ['ec-p256', 'ec-p384'].includes(t.key));
  assert.ok(sigs.length >= 8);
  for (const t of sigs) {
    const key = importPublicKey(readFileSync(vectors(`keys/${t.key}.spki.pem`), 'utf8'));
    const ok = await jws.verify({ name: 'ECDSA', hash: t.alg.hash as 'SHA-256' }, key, hexToBytes(t.sig), hexToBytes(t.msg)).catch((e) => code(e));
    assert.equal(ok, t.valid ? true : ok === 'ERR_SIGNATURE_MALFORMED' ? 'ERR_SIGNATURE_MALFORMED' : false, t.id);
  }
  // digest: SHA-256("abc") (FIPS 180-2 example)
  assert.equal(bytesToHex(await jws.digest('SHA-256', new TextEncoder().encode('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  await assert.rejects(jws.aesGcmEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(1)), (e) => code(e) === 'ERR_UNSUPPORTED');
  await assert.rejects(jws.deriveSharedSecret(null as never, null as never), (e) => code(e) === 'ERR_UNSUPPORTED');
  assert.throws(() => jws.randomBytes(8), (e) => code(e) === 'ERR_UNSUPPORTED');
});

type SigVector = { id: string; key: string; alg: { name: string; hash?: string; encoding?: string; saltLength?: number }; msg: string; sig: string; valid: boolean };

test('the verify build verifies the vectors of every signature family like the full backend, refuses sign, and nothing else', async () => {
  const ver = await createWebCryptoVerifyBackend();
  const full = await createWebCryptoBackend();
  for (const k of ['ecdsa', 'rsaPkcs1', 'rsaPss', 'ed25519', 'digest', 'hmac'] as const) assert.deepEqual(ver.capabilities()[k], full.capabilities()[k], k);
  assert.deepEqual([ver.capabilities().ecdh.curves, ver.capabilities().aesGcm, ver.capabilities().random, ver.capabilities().generateKey], [[], false, false, []]);
  const all = (JSON.parse(readFileSync(vectors('signatures.json'), 'utf8')) as { tests: SigVector[] }).tests;
  // per family and key: a handful of valid and invalid vectors (P1363 and DER ECDSA, PKCS#1 v1.5, PSS, Ed25519)
  const picked = new Map<string, SigVector[]>();
  for (const t of all) {
    const group = `${t.alg.name} ${t.alg.encoding ?? ''} ${t.key} ${t.valid}`;
    const list = picked.get(group) ?? [];
    if (list.length < 2) picked.set(group, [...list, t]);
  }
  const sigs = [...picked.values()].flat();
  assert.ok(sigs.length >= 40 && sigs.some((t) => t.alg.name === 'Ed25519') && sigs.some((t) => t.alg.name === 'RSA-PSS') && sigs.some((t) => t.alg.encoding === 'der'));
  const items = [];
  for (const t of sigs) {
    const key = importPublicKey(readFileSync(vectors(`keys/${t.key}.spki.pem`), 'utf8'));
    const alg = t.alg as never;
    const answer = (b: typeof ver) => b.verify(alg, key, hexToBytes(t.sig), hexToBytes(t.msg)).catch((e) => code(e));
    const ok = await answer(ver);
    assert.equal(ok, await answer(full), t.id);
    assert.equal(ok, t.valid ? true : ok === 'ERR_SIGNATURE_MALFORMED' ? 'ERR_SIGNATURE_MALFORMED' : false, t.id);
    if (ok !== 'ERR_SIGNATURE_MALFORMED') items.push({ alg, key, signature: hexToBytes(t.sig), data: hexToBytes(t.msg), valid: t.valid });
  }
  // verifyMany (loaded on first use) gives the same answers
  assert.deepEqual(await ver.verifyMany(items), items.map((i) => i.valid));
  // HMAC (HS* tokens): RFC 4231 test case 2
  const tag = await ver.hmac('SHA-256', new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?'));
  assert.equal(bytesToHex(tag), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  // no signing: typed ERR_UNSUPPORTED before any input check, and `supports` says so
  const priv = keyFromJwkDeferred(jwk('ec-p256')) as PrivateKey;
  await assert.rejects(ver.sign({ name: 'ECDSA', hash: 'SHA-256' }, priv, new Uint8Array(1)), (e) => code(e) === 'ERR_UNSUPPORTED' && /^sign is not in this build of the webcrypto backend$/.test((e as Error).message));
  await assert.rejects(ver.sign(null as never, null as never, null as never), (e) => code(e) === 'ERR_UNSUPPORTED');
  assert.equal(ver.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' }), false);
  assert.equal(ver.supports({ op: 'verify', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' }), true);
  assert.equal(full.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' }), true);
  await assert.rejects(ver.deriveSharedSecret(priv, null as never), (e) => code(e) === 'ERR_UNSUPPORTED');
  assert.throws(() => ver.randomBytes(8), (e) => code(e) === 'ERR_UNSUPPORTED');
  // a private key verifies with its public half, as on the full backend
  const t = sigs.find((x) => x.key === 'ec-p256' && x.valid && (x.alg.encoding ?? 'p1363') === 'p1363')!;
  assert.equal(await ver.verify(t.alg as never, priv, hexToBytes(t.sig), hexToBytes(t.msg)), true);
});

test('the JWE build derives the vectors\' ECDH secrets (JWK private keys, pair checked through WebCrypto) and has no signatures', async () => {
  const jwe = await createWebCryptoJweBackend();
  const full = await createWebCryptoBackend();
  for (const k of ['ecdh', 'rsaOaep', 'aesGcm', 'aesCbc', 'aesKw', 'aesKeySizes', 'hkdf', 'pbkdf2', 'random'] as const) assert.deepEqual(jwe.capabilities()[k], full.capabilities()[k], k);
  assert.deepEqual([jwe.capabilities().ecdsa.curves, jwe.capabilities().ed25519], [[], false]);
  let n = 0;
  for (const t of ECDH) {
    if (!['P-256', 'P-384', 'P-521', 'X25519'].includes(t.curve)) continue;
    const priv = keyFromJwkDeferred(jwk(t.privateKey)) as PrivateKey;
    const pub = publicKeyFromJwk(jwk(t.publicKey)) as PublicKey;
    assert.equal(bytesToHex(await jwe.deriveSharedSecret(priv, pub)), t.shared, t.id);
    n++;
  }
  assert.ok(n >= 4);
  await assert.rejects(jwe.verify({ name: 'Ed25519' }, null as never, new Uint8Array(64), new Uint8Array(1)), (e) => code(e) === 'ERR_UNSUPPORTED');
});

test('the JWE build refuses a JWK private key whose public part is not its own (x of another key; X25519 u of another key)', async () => {
  const jwe = await createWebCryptoJweBackend();
  for (const [mine, other] of [['ec-p256', 'ec-p256-b'], ['ec-p384', 'ec-p384-b'], ['x25519', 'x25519-b']] as const) {
    const a = jwk(mine);
    const b = jwk(other);
    const bad = keyFromJwkDeferred({ ...a, x: b.x!, ...(b.y ? { y: b.y } : {}) }) as PrivateKey;
    await assert.rejects(jwe.deriveSharedSecret(bad, publicKeyFromJwk(b) as PublicKey), (e) => code(e) === 'ERR_KEY_INVALID' && /public part does not match|WebCrypto rejected/.test((e as Error).message), mine);
  }
});
