/** The factory, what it claims, key-handle caching, output types, and loading where node:crypto is missing. */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { HASHES, KEY_SPECS, cachedHandle, utf8, type Backend } from '@cryptoplug/core';
import { createNodeBackend, nodeBackend } from '@cryptoplug/backend-node';
import { flip, hex, isPlainBytes, privateKey, readJson, type SignatureVector } from '@cryptoplug/test-utils/test-helpers';
import { keyMaterial } from '@cryptoplug/core/backend-internal';
import { ED25519_SIGNED, runModuleChild } from './child.js';

let b: Backend;
before(async () => {
  b = await createNodeBackend();
});

describe('factory and capabilities', () => {
  it('nodeBackend is the factory named "node" and loads', async () => {
    // Loading through a registry is @cryptoplug/backends' test (the registry depends on this package, not the reverse).
    assert.equal(nodeBackend.name, 'node');
    assert.equal(nodeBackend.load, createNodeBackend);
    const loaded = await nodeBackend.load();
    assert.equal(loaded.name, 'node');
  });

  it('claims everything the contract has on Node 20 / OpenSSL 3 (probed, not assumed)', () => {
    const all = [...HASHES];
    assert.deepEqual(b.capabilities(), {
      ecdsa: { curves: ['P-256', 'P-384', 'P-521'], hashes: all, exclude: [] },
      rsaPkcs1: { hashes: all },
      rsaPss: { hashes: all },
      ed25519: true,
      ecdh: { curves: ['P-256', 'P-384', 'P-521', 'X25519'] },
      rsaOaep: { hashes: all, label: true },
      digest: all,
      hmac: all,
      aesGcm: true,
      aesGcmIv: { min: 1, max: 128, reason: "OpenSSL's GCM_IV_MAX_SIZE" },
      aesCbc: true,
      aesKw: true,
      hkdf: all,
      pbkdf2: all,
      random: true,
      generateKey: [...KEY_SPECS],
    });
  });
});

describe('KeyObject handles', () => {
  it('are built once per key and cached in the "node:private" / "node:public" slots', async () => {
    const key = privateKey('ec-p256');
    const alg = { name: 'ECDSA', hash: 'SHA-256' } as const;
    const sig = await b.sign(alg, key, utf8('x'));
    assert.equal(await b.verify(alg, key, sig, utf8('x')), true); // a PrivateKey verifies through its public half
    const fail = (): never => assert.fail('the handle should have been cached by the first operation');
    const priv = cachedHandle<unknown>(key, 'node:private', fail);
    const pub = cachedHandle<unknown>(key.publicKey(), 'node:public', fail);
    assert.ok(priv instanceof KeyObject && priv.type === 'private' && priv.asymmetricKeyType === 'ec');
    assert.ok(pub instanceof KeyObject && pub.type === 'public' && pub.asymmetricKeyType === 'ec');
  });

  it('generateKey puts the generated KeyObjects in the cache', async () => {
    const key = await b.generateKey('ed25519');
    const fail = (): never => assert.fail('generateKey should have cached its KeyObject');
    const priv = cachedHandle(key, 'node:private', fail) as KeyObject;
    assert.equal(priv.asymmetricKeyType, 'ed25519');
    // and it is the key's own: its public JWK is the key's x
    const jwk = priv.export({ format: 'jwk' });
    const m = keyMaterial(key.publicKey());
    assert.ok(m.kty === 'OKP');
    assert.equal(jwk.x, Buffer.from(m.x).toString('base64url'));
  });
});

describe('outputs', () => {
  it('are plain Uint8Arrays (not Buffers) from every operation', async () => {
    const ec = privateKey('ec-p256');
    const rsa = privateKey('rsa-2048');
    const k16 = new Uint8Array(16);
    const outs: Array<[string, unknown]> = [
      ['sign', await b.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec, k16)],
      ['sign der', await b.sign({ name: 'ECDSA', hash: 'SHA-256', encoding: 'der' }, ec, k16)],
      ['ed25519', await b.sign({ name: 'Ed25519' }, privateKey('ed25519'), k16)],
      ['rsa', await b.sign({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, rsa, k16)],
      ['ecdh', await b.deriveSharedSecret(ec, privateKey('ec-p256-b').publicKey())],
      ['oaep', await b.oaepEncrypt({ hash: 'SHA-256' }, rsa.publicKey(), k16)],
      ['digest', await b.digest('SHA-256', k16)],
      ['hmac', await b.hmac('SHA-256', k16, k16)],
      ['gcm ct', (await b.aesGcmEncrypt(k16, new Uint8Array(12), k16)).ciphertext],
      ['gcm tag', (await b.aesGcmEncrypt(k16, new Uint8Array(12), k16)).tag],
      ['cbc', await b.aesCbcEncrypt(k16, k16, k16)],
      ['kw', await b.aesKwWrap(k16, k16)],
      ['hkdf', await b.hkdf('SHA-256', k16, k16, k16, 42)],
      ['pbkdf2', await b.pbkdf2('SHA-256', k16, k16, 1, 42)],
      ['random', b.randomBytes(32)],
    ];
    for (const [what, v] of outs) assert.ok(isPlainBytes(v), `${what} returns a plain Uint8Array`);
  });

  it('bytes(): a pooled Buffer is copied (its .buffer would expose the pool), an own one over 64 bytes is re-viewed, a small one copied', async () => {
    const { bytes } = await import('../src/keyobject.js');
    const pooled = Buffer.from('abc'); // small Buffer.from(string) comes from the shared pool
    assert.ok(pooled.buffer.byteLength > pooled.length, 'precondition: the Buffer is pooled');
    const copy = bytes(pooled);
    assert.ok(isPlainBytes(copy));
    assert.equal(copy.buffer.byteLength, 3);
    assert.deepEqual([...copy], [0x61, 0x62, 0x63]);
    const own = Buffer.alloc(100, 1);
    assert.equal(bytes(own).buffer, own.buffer);
    const small = Buffer.alloc(40, 1);
    const smallCopy = bytes(small);
    assert.ok(isPlainBytes(smallCopy));
    assert.notEqual(smallCopy.buffer, small.buffer);
    assert.deepEqual([...smallCopy], [...small]);
  });

  it('randomBytes gives the requested length, 0 included, and different bytes each call', () => {
    assert.equal(b.randomBytes(0).length, 0);
    assert.equal(b.randomBytes(100_000).length, 100_000);
    const x = b.randomBytes(32);
    const y = b.randomBytes(32);
    assert.notDeepEqual(x, y);
  });
});

describe('loading', () => {
  it('importing the package does not load node:crypto; createNodeBackend() then fails with ERR_BACKEND_UNAVAILABLE where it is missing', () => {
    // A child process whose module loader refuses node:crypto (as a browser bundle would not have it).
    const hooks = `export async function resolve(s, c, next) { if (s === 'node:crypto' || s === 'crypto') throw new Error('no crypto module here'); return next(s, c); }`;
    const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));`;
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `
      const m = await import(${JSON.stringify(entry)});
      try { await m.createNodeBackend(); console.log('LOADED'); }
      catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, cause: String(e.cause?.message) })); }`;
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim()), { name: 'BackendUnavailableError', code: 'ERR_BACKEND_UNAVAILABLE', cause: 'no crypto module here' });
  });
});

describe('verifyMany (thread pool)', () => {
  it('verifies Python-made vectors in a batch with the same answers as one by one', async () => {
    const b = await createNodeBackend();
    const vectors = readJson<{ tests: SignatureVector[] }>('signatures.json').tests.filter((t) => t.alg.name !== 'ECDSA' || t.alg.encoding === 'p1363');
    const items = vectors.map((t) => ({ alg: t.alg, key: privateKey(t.key).publicKey(), signature: hex(t.sig), data: hex(t.msg) }));
    const results = await b.verifyMany(items);
    assert.equal(results.length, vectors.length);
    vectors.forEach((t, i) => assert.equal(results[i], t.valid, t.id));
    assert.ok(vectors.filter((t) => t.valid).length > 50 && vectors.filter((t) => !t.valid).length > 50);
  });

  it('a mixed batch of 64 (ES256, EdDSA, RS256, PS256; every third signature corrupted) matches one-by-one, in order', async () => {
    const b = await createNodeBackend();
    const vectors = readJson<{ tests: SignatureVector[] }>('signatures.json').tests.filter((t) => t.valid && (t.alg.name !== 'ECDSA' || t.alg.encoding === 'p1363'));
    const items = Array.from({ length: 64 }, (_, i) => {
      const t = vectors[(i * 7) % vectors.length]!;
      const sig = hex(t.sig);
      return { alg: t.alg, key: privateKey(t.key).publicKey(), signature: i % 3 === 0 ? flip(sig) : sig, data: hex(t.msg) };
    });
    assert.ok(new Set(items.map((x) => x.alg.name)).size >= 3, 'several algorithms in one batch');
    const batch = await b.verifyMany(items);
    const single: boolean[] = [];
    for (const it of items) single.push(await b.verify(it.alg, it.key, it.signature, it.data));
    assert.deepEqual(batch, single);
    assert.deepEqual(batch, items.map((_, i) => i % 3 !== 0));
    // small batches take the inline path and agree too
    assert.deepEqual(await b.verifyMany(items.slice(0, 5)), single.slice(0, 5));
  });

  it('the worker pool never keeps the process alive', () => {
    const src = new URL('../src/index.ts', import.meta.url).href;
    const script = `
      const { createNodeBackend } = await import(${JSON.stringify(src)});
      ${ED25519_SIGNED}
      const b = await createNodeBackend();
      const r = await b.verifyMany(Array.from({ length: 32 }, () => ({ alg: { name: 'Ed25519' }, key, signature: sig, data })));
      console.log(r.every((x) => x === true));`;
    assert.equal(runModuleChild(script).trim(), 'true');
  });
});

describe('load-time self-test', () => {
  it('passes on Node (the call shapes the backend uses work here)', async () => {
    const { selfTest } = await import('../src/selftest.js');
    assert.equal(selfTest(), undefined);
  });
});
