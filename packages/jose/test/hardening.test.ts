/**
 * Issue 16 in JOSE, on every backend and auto: python-jose's 128-bit GCM IVs behind an opt-in compat option (vectors
 * made by python-jose 3.3 with its defaults), the PBES2 budget over all recipients (row 5), capabilities checked before
 * any derivation, constant-work key unwrap (row 10: the same backend calls on both failure paths), JWK Set `kid`
 * (row 8), raw public points refused as HMAC secrets (row 9), and the JSON depth guard.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jose from 'jose';
import { hexToBytes, type Backend } from '@cryptoplug/core';
import {
  createLocalJwkSet,
  decryptCompact,
  decryptGeneral,
  decryptJwe,
  isRawEcPublicPoint,
  verifyCompact,
} from '../src/index.js';
import { PY_VECTORS, ROOT, backends, bytes, readJson, rejectsCode, text } from './helpers.js';

async function everyBackend(): Promise<Array<{ name: string; backend: Backend }>> {
  const { createRegistry } = (await import('@cryptoplug/backends')) as { createRegistry: () => { select(n: string): Promise<Backend> } };
  return [...(await backends()), { name: 'auto', backend: await createRegistry().select('auto') }];
}
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');

describe('python-jose 3.3 defaults (128-bit A256GCM IV): opt-in compat on decryption, on every backend and auto', () => {
  const data = readJson(join(PY_VECTORS, 'python-jose-defaults.json'));
  for (const c of data.cases) {
    it(`${c.id}`, async () => {
      assert.equal(c.iv_bits, 128, 'python-jose wrote a 128-bit IV');
      for (const { name, backend } of await everyBackend()) {
        if (name === 'noble' && c.algorithms[0] === 'RSA-OAEP') {
          await rejectsCode(() => decryptCompact(c.token, c.key, { backend, keyManagementAlgorithms: c.algorithms, compat: 'python-jose' }), 'ERR_JOSE_NOT_SUPPORTED', name);
          continue;
        }
        const e = await rejectsCode(() => decryptCompact(c.token, c.key, { backend, keyManagementAlgorithms: c.algorithms }), c.expect.code, name);
        if (c.expect.message_includes) assert.match(e.message, /compat: "python-jose".*--compat python-jose/, 'the error names the option');
        const withCompat = () => decryptCompact(c.token, c.key, { backend, keyManagementAlgorithms: c.algorithms, compat: 'python-jose' });
        if (c.expect_compat_python_jose.valid) assert.equal(text((await withCompat()).plaintext), c.expect_compat_python_jose.payload, name);
        else await rejectsCode(withCompat, c.expect_compat_python_jose.code, `${name} compat`);
      }
    });
  }
  it('compat accepts only 128-bit GCM IVs, not any length', async () => {
    const k = randomBytes(32);
    const tok = await new jose.CompactEncrypt(bytes('x')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(k);
    const [h, ek, , ct, tag] = tok.split('.');
    const bad = [h, ek, b64(randomBytes(8)), ct, tag].join('.');
    for (const { backend } of await everyBackend()) {
      await rejectsCode(() => decryptCompact(bad, k, { backend, keyManagementAlgorithms: ['dir'], compat: 'python-jose' }), 'ERR_JWE_INVALID');
      assert.equal(text((await decryptCompact(tok, k, { backend, keyManagementAlgorithms: ['dir'], compat: 'python-jose' })).plaintext), 'x');
    }
  });
});

/** A backend wrapper that records which operations run (names only), to compare work between paths. */
function recording(backend: Backend): { backend: Backend; calls: string[] } {
  const calls: string[] = [];
  const ops = ['randomBytes', 'oaepDecrypt', 'aesKwUnwrap', 'aesGcmDecrypt', 'aesCbcDecrypt', 'hmac', 'pbkdf2', 'digest', 'deriveSharedSecret'];
  const target = backend;
  // an empty proxy target: the backend object itself is frozen (its properties cannot be replaced by a proxy)
  const proxy = new Proxy({} as Backend, {
    get(_, prop) {
      const v = Reflect.get(target, prop);
      if (typeof prop === 'string' && ops.includes(prop) && typeof v === 'function') {
        return (...args: unknown[]) => {
          calls.push(prop === 'randomBytes' ? `randomBytes(${String(args[0])})` : prop);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { backend: proxy, calls };
}

describe('row 10: a bad encrypted key does the same work as a bad tag (RSA-OAEP, AES-KW, PBES2) on every backend and auto', () => {
  const rsaJwk = JSON.parse(readFileSync(join(ROOT, 'vectors', 'primitives', 'keys', 'rsa-2048.jwk.json'), 'utf8'));
  const kw = randomBytes(16);
  const pw = bytes('correct horse battery staple');
  const cases = [
    { alg: 'RSA-OAEP-256', enc: 'A256GCM', encKey: async () => jose.importJWK({ ...rsaJwk, d: undefined, p: undefined, q: undefined, dp: undefined, dq: undefined, qi: undefined }, 'RSA-OAEP-256'), decKey: rsaJwk },
    { alg: 'A128KW', enc: 'A128CBC-HS256', encKey: async () => kw, decKey: kw },
    { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', encKey: async () => pw, decKey: pw },
  ];
  for (const c of cases) {
    it(`${c.alg} + ${c.enc}`, async () => {
      const token = await new jose.CompactEncrypt(bytes('constant work')).setProtectedHeader({ alg: c.alg, enc: c.enc }).setKeyManagementParameters({ p2c: 2048 }).encrypt((await c.encKey()) as Uint8Array);
      const parts = token.split('.');
      const ek = Buffer.from(parts[1]!, 'base64url');
      ek[ek.length >> 1]! ^= 1;
      const badKey = [parts[0], b64(ek), parts[2], parts[3], parts[4]].join('.');
      const tag = Buffer.from(parts[4]!, 'base64url');
      tag[0]! ^= 1;
      const badTag = [parts[0], parts[1], parts[2], parts[3], b64(tag)].join('.');
      let ran = 0;
      for (const { name, backend } of await everyBackend()) {
        if (!backend.supports({ op: c.alg.startsWith('RSA') ? 'oaepDecrypt' : 'aesKw', ...(c.alg.startsWith('RSA') ? { hash: 'SHA-256' } : {}) } as never)) continue;
        const a = recording(backend);
        const b = recording(backend);
        const opts = (be: Backend) => ({ backend: be, keyManagementAlgorithms: [c.alg] });
        const e1 = await rejectsCode(() => decryptCompact(badKey, c.decKey as never, opts(a.backend)), 'ERR_DECRYPTION_FAILED', name);
        const e2 = await rejectsCode(() => decryptCompact(badTag, c.decKey as never, opts(b.backend)), 'ERR_DECRYPTION_FAILED', name);
        assert.equal(e1.message, e2.message);
        assert.deepEqual(a.calls, b.calls, `${name}: same backend operations on both failure paths`);
        assert.ok(a.calls.some((x) => x.startsWith('randomBytes(')), `${name}: a random CEK is drawn on every path`);
        assert.ok(a.calls.includes(c.enc.includes('GCM') ? 'aesGcmDecrypt' : 'hmac'), `${name}: the content decryption runs with the random CEK`);
        ran++;
      }
      assert.ok(ran >= 3, `ran on ${ran} backends`);
    });
  }
});

describe('row 5: PBES2 work is bounded per JWE, and capabilities are checked before any derivation', () => {
  const pw = bytes('pw');
  const general = (n: number, p2c: number, alg = 'PBES2-HS512+A256KW') => ({
    protected: b64(JSON.stringify({ enc: 'A256GCM' })),
    recipients: Array.from({ length: n }, () => ({ header: { alg, p2c, p2s: b64(randomBytes(16)) }, encrypted_key: b64(randomBytes(40)) })),
    iv: b64(randomBytes(12)),
    ciphertext: b64(randomBytes(16)),
    tag: b64(randomBytes(16)),
  });
  it('32 recipients × p2c 10,000 (the report): ERR_LIMIT_EXCEEDED before any PBKDF2, on every backend and auto', async () => {
    for (const { name, backend } of await everyBackend()) {
      const r = recording(backend);
      const e = await rejectsCode(() => decryptGeneral(general(32, 10_000) as never, pw, { backend: r.backend, keyManagementAlgorithms: ['PBES2-HS512+A256KW'] }), 'ERR_LIMIT_EXCEEDED', name);
      assert.match(e.message, /maxPbes2Total/);
      assert.equal(r.calls.filter((c) => c === 'pbkdf2').length, 0, `${name}: no derivation ran`);
      // the same through decryptJwe (JSON text)
      await rejectsCode(() => decryptJwe(JSON.stringify(general(3, 10_000)), pw, { backend, keyManagementAlgorithms: ['PBES2-HS512+A256KW'] }), 'ERR_LIMIT_EXCEEDED', name);
      // a raised budget lets it through to the (failing) decryption; recipients whose alg is not allowed do not count
      await rejectsCode(() => decryptGeneral(general(3, 1000) as never, pw, { backend, keyManagementAlgorithms: ['PBES2-HS512+A256KW'], maxPbes2Total: 3000 }), ['ERR_DECRYPTION_FAILED', 'ERR_JOSE_NOT_SUPPORTED'], name);
      await rejectsCode(() => decryptGeneral(general(3, 10_000) as never, pw, { backend, keyManagementAlgorithms: ['A256KW'] }), ['ERR_DECRYPTION_FAILED', 'ERR_JOSE_ALG_NOT_ALLOWED'], name);
    }
  });
  it('a backend without AES-KW (forge) says so before running PBKDF2', async () => {
    const token = await new jose.CompactEncrypt(bytes('s')).setProtectedHeader({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM' }).setKeyManagementParameters({ p2c: 10_000 }).encrypt(pw);
    const forge = (await everyBackend()).find((b) => b.name === 'forge')!;
    assert.ok(forge, 'forge backend loaded');
    const r = recording(forge.backend);
    const e = await rejectsCode(() => decryptCompact(token, pw, { backend: r.backend, keyManagementAlgorithms: ['PBES2-HS512+A256KW'] }), 'ERR_JOSE_NOT_SUPPORTED');
    assert.match(e.message, /aesKw/);
    assert.deepEqual(r.calls, [], 'no backend work at all');
    for (const { name, backend } of (await everyBackend()).filter((b) => b.name !== 'forge')) {
      assert.equal(text((await decryptCompact(token, pw, { backend, keyManagementAlgorithms: ['PBES2-HS512+A256KW'] })).plaintext), 's', name);
    }
  });
});

describe('row 8: a JWK Set refuses a header whose kid is not a string', () => {
  it('kid 123, {}, [], null: ERR_JWKS_NO_MATCHING_KEY (was: a key chosen by type) on every backend and auto', async () => {
    const secret = randomBytes(32);
    const jwks = createLocalJwkSet({ keys: [{ kty: 'oct', k: b64(secret) }] });
    const sign = (header: object) => {
      const input = `${b64(JSON.stringify(header))}.${b64('{"a":1}')}`;
      return `${input}.${b64(createHmac('sha256', secret).update(input).digest())}`;
    };
    for (const { name, backend } of await everyBackend()) {
      for (const kid of [123, {}, [], null]) {
        await rejectsCode(() => verifyCompact(sign({ alg: 'HS256', kid }), jwks, { backend, algorithms: ['HS256'] }), 'ERR_JWKS_NO_MATCHING_KEY', `${name} kid ${JSON.stringify(kid)}`);
      }
      assert.equal(text((await verifyCompact(sign({ alg: 'HS256' }), jwks, { backend, algorithms: ['HS256'] })).payload), '{"a":1}', name);
    }
    assert.throws(() => createLocalJwkSet({ keys: [{ kty: 'oct', k: b64(secret), kid: 7 }] }), (e: any) => e.code === 'ERR_JWKS_INVALID');
  });
});

describe('row 9: raw EC public points are refused as HMAC secrets', () => {
  it('uncompressed and compressed P-256/P-384/P-521 points (Python vectors): ERR_KEY_ALG_MISMATCH on every backend and auto', async () => {
    const dir = join(ROOT, 'vectors', 'primitives', 'keys');
    const points = ['ec-p256', 'ec-p384', 'ec-p521'].flatMap((k) => ['raw-uncompressed', 'raw-compressed'].map((f) => hexToBytes(readFileSync(join(dir, `${k}.${f}.hex`), 'utf8').trim())));
    const token = (secret: Uint8Array) => {
      const input = `${b64('{"alg":"HS256"}')}.${b64('x')}`;
      return `${input}.${b64(createHmac('sha256', secret).update(input).digest())}`;
    };
    for (const { name, backend } of await everyBackend()) {
      for (const p of points) {
        assert.equal(isRawEcPublicPoint(p), true);
        await rejectsCode(() => verifyCompact(token(p), p, { backend, algorithms: ['HS256'] }), 'ERR_KEY_ALG_MISMATCH', `${name} ${p.length} bytes`);
      }
      // the same lengths off the curve are ordinary secrets
      const off = new Uint8Array(65).fill(7);
      off[0] = 4;
      assert.equal(text((await verifyCompact(token(off), off, { backend, algorithms: ['HS256'] })).payload), 'x', name);
    }
  });
});

describe('JSON depth guard: deep nesting is ERR_LIMIT_EXCEEDED, never a RangeError', () => {
  it('protected header, JSON serializations, JWK text', async () => {
    const deep = '{"alg":"HS256","x":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const backend = (await backends())[0]!.backend;
    await rejectsCode(() => verifyCompact(`${b64(deep)}.${b64('x')}.${b64('sig')}`, randomBytes(32), { backend, algorithms: ['HS256'] }), 'ERR_LIMIT_EXCEEDED');
    await rejectsCode(() => decryptJwe('{"recipients":' + '['.repeat(5000) + ']'.repeat(5000) + '}', randomBytes(32), { backend, keyManagementAlgorithms: ['dir'] }), 'ERR_LIMIT_EXCEEDED');
    await rejectsCode(() => createLocalJwkSet('{"keys":' + '['.repeat(5000) + ']'.repeat(5000) + '}'), 'ERR_LIMIT_EXCEEDED');
  });
});
