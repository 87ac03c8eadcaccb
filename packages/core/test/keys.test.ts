/** Key import/export against keys made by Python cryptography (vectors/primitives/keys). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PrivateKey,
  PublicKey,
  bytesEqual,
  exportDer,
  exportPem,
  exportRaw,
  hexToBytes,
  importKey,
  importPrivateKey,
  importPublicKey,
  jwkFromKey,
  jwkThumbprint,
} from '@cryptoplug/core';
import { keyMaterial } from '@cryptoplug/core/backend-internal';
import { inspect } from 'node:util';
import { rejectsWith, vectorFile, vectorJson } from './helpers.js';

interface KeyEntry {
  name: string;
  type: 'EC' | 'OKP' | 'RSA';
  curve: string | null;
  files: Record<string, string>;
  publicJwk: Record<string, string>;
  thumbprint: string;
}
const { keys } = vectorJson<{ keys: KeyEntry[] }>('keys.json');

function load(entry: KeyEntry, format: string) {
  const data = vectorFile(entry.files[format]!);
  if (format.endsWith('.hex')) {
    const bytes = hexToBytes(data.toString('utf8').trim());
    return importKey(bytes, {
      format: 'raw',
      ...(entry.type === 'OKP' ? { curve: entry.curve as 'Ed25519' } : {}),
      ...(format.includes('private') ? { private: true } : {}),
    });
  }
  return importKey(format.endsWith('.der') ? new Uint8Array(data) : data.toString('utf8'));
}

test('every committed key format imports to the same public key (thumbprint from Python)', () => {
  let checked = 0;
  for (const entry of keys) {
    for (const format of Object.keys(entry.files)) {
      const key = load(entry, format);
      assert.ok(key instanceof PrivateKey || key instanceof PublicKey);
      assert.equal(jwkThumbprint(key), entry.thumbprint, `${entry.name} ${format}`);
      assert.deepEqual(jwkFromKey(key.publicKey()), entry.publicJwk, `${entry.name} ${format} public JWK`);
      const privateFormat = /pkcs8|pkcs1\.pem|sec1|^jwk|raw-private/.test(format);
      assert.equal(key.type, privateFormat ? 'private' : 'public', `${entry.name} ${format} type`);
      checked++;
    }
  }
  assert.ok(checked >= 80, `checked ${checked} files`);
});

test('exports are byte-identical to what Python cryptography wrote', () => {
  for (const entry of keys) {
    const key = importPrivateKey(new Uint8Array(vectorFile(entry.files['pkcs8.der']!)));
    assert.ok(bytesEqual(exportDer(key, 'pkcs8'), new Uint8Array(vectorFile(entry.files['pkcs8.der']!))), `${entry.name} pkcs8`);
    assert.ok(bytesEqual(exportDer(key, 'spki'), new Uint8Array(vectorFile(entry.files['spki.der']!))), `${entry.name} spki`);
    assert.equal(exportPem(key, 'spki'), vectorFile(entry.files['spki.pem']!).toString('utf8'), `${entry.name} spki pem`);
    assert.deepEqual(jwkFromKey(key, { private: true }), JSON.parse(vectorFile(entry.files['jwk.json']!).toString('utf8')), `${entry.name} jwk`);
    if (entry.type === 'EC') {
      assert.equal(Buffer.from(exportRaw(key)).toString('hex'), vectorFile(entry.files['raw-uncompressed.hex']!).toString().trim());
      assert.equal(Buffer.from(exportRaw(key, { compressed: true })).toString('hex'), vectorFile(entry.files['raw-compressed.hex']!).toString().trim());
    }
    if (entry.type === 'RSA') {
      assert.equal(exportPem(key, 'pkcs1'), vectorFile(entry.files['pkcs1.pem']!).toString('utf8'), `${entry.name} pkcs1`);
    }
  }
});

test('private members leave only on request', async () => {
  const key = importPrivateKey(vectorFile('keys/ec-p256.pkcs8.pem').toString());
  assert.equal(jwkFromKey(key).d, undefined);
  await rejectsWith(() => exportRaw(key.publicKey(), { private: true }), 'ERR_KEY_USAGE');
  await rejectsWith(() => exportDer(key.publicKey(), 'pkcs8'), 'ERR_KEY_USAGE');
  assert.ok(importPublicKey(vectorFile('keys/ec-p256.pkcs8.pem').toString()) instanceof PublicKey);
});

test('private material is not reachable through the key object (backends read it via backend-internal)', () => {
  const json = (name: string) => JSON.parse(vectorFile(`keys/${name}.jwk.json`).toString('utf8')) as Record<string, string>;
  for (const name of ['ec-p256', 'ed25519', 'rsa-2048']) {
    const key = importPrivateKey(vectorFile(`keys/${name}.pkcs8.pem`).toString());
    const d = json(name).d!; // the private member as Python cryptography wrote it
    const dHex = Buffer.from(d, 'base64url').toString('hex');
    // no `material` (or any byte array) on the object, own or inherited
    assert.equal('material' in key, false, name);
    assert.equal('material' in key.publicKey(), false, name);
    for (const own of Reflect.ownKeys(key)) {
      assert.ok(!((key as unknown as Record<PropertyKey, unknown>)[own] instanceof Uint8Array), `${name}: own ${String(own)}`);
    }
    // serialising or inspecting the key shows no private scalar
    const shown = [JSON.stringify(key), inspect(key, { showHidden: true, depth: Infinity, getters: true }), String(key)];
    for (const text of shown) {
      assert.ok(!text.includes(d) && !text.includes(dHex) && !text.includes('Uint8Array'), `${name}: ${text.slice(0, 200)}`);
    }
    // writing a `material` field changes nothing the key uses
    assert.throws(() => {
      (key as unknown as { material: unknown }).material = { kty: 'OKP', curve: 'Ed25519', d: new Uint8Array(32), x: new Uint8Array(32) };
    }, TypeError, `${name}: keys are not extensible`);
    assert.equal(jwkFromKey(key, { private: true }).d, d, name);
    // exported bytes are copies: changing them leaves the key as it was
    if (key.kty !== 'RSA') {
      exportRaw(key, { private: true }).fill(0);
      assert.equal(Buffer.from(exportRaw(key, { private: true })).toString('hex'), dHex, name);
    }
    // the backend accessor gives the material, frozen
    const m = keyMaterial(key);
    assert.ok('d' in m && Buffer.from(m.d).toString('hex') === dHex, name);
    assert.ok(Object.isFrozen(m), name);
    assert.throws(() => {
      (m as { d: Uint8Array }).d = new Uint8Array(32);
    }, TypeError);
  }
});

test('malformed keys are typed errors, never crashes', async () => {
  const p256 = JSON.parse(vectorFile('keys/ec-p256.jwk.json').toString());
  const ed = JSON.parse(vectorFile('keys/ed25519.jwk.json').toString());
  const rsa = JSON.parse(vectorFile('keys/rsa-2048.jwk.json').toString());
  const spki = new Uint8Array(vectorFile('keys/ec-p256.spki.der'));
  const cases: Array<[string, () => unknown, string]> = [
    ['empty bytes', () => importKey(new Uint8Array(0)), 'ERR_KEY_INVALID'],
    ['garbage text', () => importKey('hello'), 'ERR_KEY_INVALID'],
    ['truncated DER', () => importKey(spki.subarray(0, spki.length - 1)), 'ERR_KEY_INVALID'],
    ['trailing DER byte', () => importKey(new Uint8Array([...spki, 0])), 'ERR_KEY_INVALID'],
    ['point off the curve', () => { const b = spki.slice(); b[b.length - 1] = b[b.length - 1]! ^ 1; return importKey(b); }, 'ERR_KEY_INVALID'],
    ['JWK without kty', () => importKey({ crv: 'P-256' }), 'ERR_KEY_INVALID'],
    ['JWK unknown kty', () => importKey({ kty: 'XYZ' }), 'ERR_UNSUPPORTED'],
    ['JWK unknown curve', () => importKey({ ...p256, crv: 'P-192' }), 'ERR_UNSUPPORTED'],
    ['JWK short x', () => importKey({ ...p256, x: p256.x.slice(0, 20) }), 'ERR_KEY_INVALID'],
    ['JWK padded base64url', () => importKey({ ...p256, x: p256.x + '=' }), 'ERR_KEY_INVALID'],
    ['JWK d does not match x/y', () => importKey({ ...p256, d: ed.d.padEnd(43, 'A') }), 'ERR_KEY_INVALID'],
    ['EC scalar zero', () => importKey({ ...p256, d: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 'ERR_KEY_INVALID'],
    ['Ed25519 d/x mismatch', () => importKey({ ...ed, x: p256.x }), 'ERR_KEY_INVALID'],
    ['RSA without CRT', () => importKey({ kty: 'RSA', n: rsa.n, e: rsa.e, d: rsa.d }), 'ERR_KEY_INVALID'],
    ['RSA wrong p', () => importKey({ ...rsa, p: rsa.q }), 'ERR_KEY_INVALID'],
    ['RSA even e', () => importKey({ kty: 'RSA', n: rsa.n, e: 'AAE' }), 'ERR_KEY_INVALID'],
    ['RSA tiny modulus', () => importKey({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }), 'ERR_KEY_INVALID'],
    ['raw 32 bytes without curve', () => importKey(new Uint8Array(32).fill(7), { format: 'raw' }), 'ERR_KEY_INVALID'],
    ['raw Ed25519 bad length', () => importKey(new Uint8Array(31), { format: 'raw', curve: 'Ed25519' }), 'ERR_KEY_INVALID'],
    ['compressed point bad prefix', () => importKey(new Uint8Array([5, ...new Uint8Array(32)]), { format: 'raw', curve: 'P-256' }), 'ERR_KEY_INVALID'],
    ['PEM with bad base64', () => importKey('-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n'), 'ERR_INPUT_INVALID'],
    ['PEM unsupported label', () => importKey('-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n'), 'ERR_UNSUPPORTED'],
    ['two keys in one PEM', () => importKey(vectorFile('keys/ec-p256.spki.pem').toString() + vectorFile('keys/ec-p384.spki.pem').toString()), 'ERR_INPUT_INVALID'],
    ['PEM label/content mismatch', () => importKey(vectorFile('keys/ec-p256.spki.pem').toString().replaceAll('PUBLIC KEY', 'PRIVATE KEY')), 'ERR_KEY_INVALID'],
    ['encrypted PEM without passphrase', () => importKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n'), 'ERR_KEY_PASSPHRASE'],
    ['not a key object', () => importKey(42 as unknown as object), 'ERR_KEY_INVALID'],
    ['JSON array', () => importKey('[1,2]'), 'ERR_KEY_INVALID'],
  ];
  for (const [name, fn, code] of cases) {
    await rejectsWith(fn, code).catch((e: Error) => assert.fail(`${name}: ${e.message}`));
  }
});

test('EC keys given as a bare SEC1 scalar shorter than the curve size are padded (SEC1 allows it)', () => {
  const entry = keys.find((k) => k.name === 'ec-p256')!;
  const jwk = JSON.parse(vectorFile(entry.files['jwk.json']!).toString());
  const d = Buffer.from(jwk.d, 'base64url');
  const key = importKey(new Uint8Array(d), { format: 'raw', curve: 'P-256', private: true });
  assert.equal(jwkThumbprint(key), entry.thumbprint);
});

test('PKCS#8 version 1 (RFC 5958) without the public key imports (python-ecdsa writes it)', () => {
  const v0 = new Uint8Array(vectorFile('keys/ec-p256.pkcs8.der'));
  const v1 = v0.slice();
  // SEQUENCE { INTEGER 0 ... }: the version byte follows the outer header (30 81 xx or 30 xx) and 02 01
  const at = v1[1]! & 0x80 ? 2 + (v1[1]! & 0x7f) : 2;
  assert.deepEqual([...v1.subarray(at, at + 3)], [2, 1, 0]);
  v1[at + 2] = 1;
  assert.equal(jwkThumbprint(importKey(v1)), jwkThumbprint(importKey(v0)));
  v1[at + 2] = 2;
  assert.throws(() => importKey(v1), (e: { code?: string }) => e.code === 'ERR_KEY_INVALID');
});

test('publicKeyFromJwkOnDemand: the same public keys and errors as publicKeyFromJwk (EC and oct at once, OKP and RSA after a load)', async () => {
  const { publicKeyFromJwk, publicKeyFromJwkOnDemand, jwkFromPublicKey } = await import('@cryptoplug/core');
  const code = (f: () => unknown) => {
    try {
      f();
      return 'none';
    } catch (e) {
      return (e as { code?: string }).code;
    }
  };
  let n = 0;
  for (const entry of keys) {
    for (const file of [`keys/${entry.name}.jwk.json`, `keys/${entry.name}.pub.jwk.json`]) {
      const jwk = JSON.parse(vectorFile(file).toString('utf8')) as Record<string, string>;
      const got = publicKeyFromJwkOnDemand(jwk);
      // EC keys never wait (a verifier of ES* tokens does not load the OKP/RSA import)
      assert.equal(got instanceof Promise, entry.type !== 'EC' && !(await isLoaded()), file);
      const key = (await got) as PublicKey;
      assert.ok(key instanceof PublicKey, file);
      assert.deepEqual(jwkFromPublicKey(key), entry.publicJwk, file);
      assert.deepEqual(jwkFromKey(publicKeyFromJwk(jwk)), entry.publicJwk, file);
      n++;
    }
  }
  assert.ok(n >= 20);
  // loaded: synchronous for every kty
  const rsa = JSON.parse(vectorFile('keys/rsa-2048.pub.jwk.json').toString('utf8')) as Record<string, string>;
  assert.ok(publicKeyFromJwkOnDemand(rsa) instanceof PublicKey);
  const oct = publicKeyFromJwkOnDemand({ kty: 'oct', k: 'AAEC' });
  assert.ok(!(oct instanceof Promise) && oct.type === 'secret' && oct.bits === 24);
  // the same errors (codes) for bad EC, OKP, RSA and non-JWK input
  const p256 = JSON.parse(vectorFile('keys/ec-p256.pub.jwk.json').toString('utf8')) as Record<string, string>;
  const ed = JSON.parse(vectorFile('keys/ed25519.pub.jwk.json').toString('utf8')) as Record<string, string>;
  const bad = [
    { ...p256, y: p256.x! }, // not on the curve
    { ...p256, crv: 'P-192' },
    { ...p256, x: p256.x! + '=' },
    { ...ed, x: '7P___________________________________________' }, // y ≥ p: not canonical
    { ...rsa, e: 'AAE' }, // e = 1
    { kty: 'oct' },
    { kty: 'XYZ' },
    'not a jwk',
  ];
  for (const jwk of bad) {
    const expected = code(() => publicKeyFromJwk(jwk));
    assert.notEqual(expected, 'none', JSON.stringify(jwk));
    assert.equal(code(() => publicKeyFromJwkOnDemand(jwk)), expected, JSON.stringify(jwk));
  }
});

/** Whether the on-demand OKP/RSA import is loaded yet (an RSA JWK then comes back without a promise). */
async function isLoaded(): Promise<boolean> {
  const { publicKeyFromJwkOnDemand } = await import('@cryptoplug/core');
  const rsa = JSON.parse(vectorFile('keys/rsa-2048.pub.jwk.json').toString('utf8')) as Record<string, string>;
  const r = publicKeyFromJwkOnDemand(rsa);
  if (r instanceof Promise) await r;
  return !(r instanceof Promise);
}
