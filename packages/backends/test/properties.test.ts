/**
 * fast-check properties on every backend: sign/verify round-trips on random messages, single-bit tampering of the
 * message or signature never verifies, and random malformed keys and signatures produce CryptoplugErrors (or `false`),
 * never an uncaught exception of another kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CryptoplugError, importKey, signatureQuery, type Backend, type PrivateKey, type SignatureAlgorithm } from '@cryptoplug/core';
import { allBackends, vectorKey } from './helpers.js';

const CASES: Array<{ alg: SignatureAlgorithm; key: string }> = [
  { alg: { name: 'ECDSA', hash: 'SHA-256' }, key: 'ec-p256' },
  { alg: { name: 'ECDSA', hash: 'SHA-1', encoding: 'der' }, key: 'ec-p521' },
  { alg: { name: 'Ed25519' }, key: 'ed25519' },
  { alg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, key: 'rsa-2048' },
  { alg: { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 }, key: 'rsa-2048' },
];

function supports(b: Backend, alg: SignatureAlgorithm, k: PrivateKey): boolean {
  return b.supports(signatureQuery('sign', alg, k));
}

/** Rejected = false, or a CryptoplugError. true, or any other throw, is a property violation. */
async function rejected(p: Promise<boolean>): Promise<boolean> {
  try {
    return (await p) === false;
  } catch (e) {
    if (e instanceof CryptoplugError) return true;
    throw e;
  }
}

test('round trip and single-bit tampering, every backend and algorithm it claims', async () => {
  const backends = await allBackends();
  let runs = 0;
  for (const b of backends) {
    for (const { alg, key } of CASES) {
      const k = vectorKey(key);
      if (!supports(b, alg, k)) continue;
      // forge is pure JS: fewer RSA runs keep the suite quick without weakening the property.
      const numRuns = b.name === 'forge' && k.kty === 'RSA' ? 4 : 12;
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), async (msg, bitA, bitB) => {
          const sig = await b.sign(alg, k, msg);
          if (!(await b.verify(alg, k.publicKey(), sig, msg))) return false;
          const m2 = msg.length ? msg.slice() : new Uint8Array([0]);
          if (msg.length) m2[bitA % msg.length]! ^= 1 << (bitB % 8);
          const s2 = sig.slice();
          s2[bitB % sig.length]! ^= 1 << (bitA % 8);
          return (await rejected(b.verify(alg, k.publicKey(), sig, m2))) && (await rejected(b.verify(alg, k.publicKey(), s2, msg)));
        }),
        { numRuns },
      );
      runs++;
    }
  }
  assert.ok(runs >= 14, `ran ${runs} backend × algorithm properties`);
});

test('random signatures of random lengths: false or a typed error, never a crash', async () => {
  const backends = await allBackends();
  for (const b of backends) {
    for (const { alg, key } of CASES) {
      const k = vectorKey(key);
      if (!supports(b, alg, k)) continue;
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (sig) => rejected(b.verify(alg, k.publicKey(), sig, new Uint8Array([1, 2, 3])))),
        { numRuns: b.name === 'forge' && k.kty === 'RSA' ? 10 : 40 },
      );
    }
  }
});

test('random and mutated key material: importKey throws only CryptoplugErrors', async () => {
  const der = new Uint8Array(Buffer.from(
    (await import('node:fs')).readFileSync(new URL('../../../vectors/primitives/keys/ec-p256.pkcs8.der', import.meta.url)),
  ));
  const jwk = JSON.parse((await import('node:fs')).readFileSync(new URL('../../../vectors/primitives/keys/rsa-2048.jwk.json', import.meta.url), 'utf8'));
  const importOnlyTypedErrors = (input: Parameters<typeof importKey>[0], opts?: Parameters<typeof importKey>[1]) => {
    try {
      importKey(input, opts);
      return true;
    } catch (e) {
      if (e instanceof CryptoplugError) return true;
      throw e;
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => importOnlyTypedErrors(bytes)), { numRuns: 300 });
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => importOnlyTypedErrors(text)), { numRuns: 300 });
  fc.assert(
    fc.property(fc.nat({ max: der.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const b = der.slice();
      b[at]! ^= x;
      return importOnlyTypedErrors(b);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.constantFrom('n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi', 'kty'), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), (member, value) =>
      importOnlyTypedErrors({ ...jwk, [member]: value }),
    ),
    { numRuns: 200 },
  );
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 140 }), fc.constantFrom('P-256', 'P-384', 'P-521', 'Ed25519', 'X25519' as const), fc.boolean(), (bytes, curve, priv) =>
      importOnlyTypedErrors(bytes, { format: 'raw', curve, private: priv }),
    ),
    { numRuns: 300 },
  );
});
