/**
 * Bundle sizes, measured the way a browser or edge-worker user pays for an import (esbuild, browser platform, minified,
 * tree-shaken) and compared in the same run with panva jose / noble for the same task. Sizes are deterministic, so
 * budgets are asserted here (speed never is). The table is printed; the README records it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBundleTable, kb, measureBundle, packagesIn, type BundleSize } from '../src/bundle-size.js';

const here = dirname(fileURLToPath(import.meta.url));
const resolveDir = join(here, '..');
const measure = (name: string, source: string) => measureBundle(name, source, { resolveDir });

const ENTRIES = {
  base64url: `import { base64url } from '@cryptoplug/core';
export default base64url;`,
  cpJwtVerify: `import { verifyJwt } from '@cryptoplug/jose';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
export async function run(token, jwk) {
  const backend = await createWebCryptoBackend();
  return verifyJwt(token, jwk, { backend, algorithms: ['ES256'] });
}`,
  joseJwtVerify: `import { jwtVerify } from 'jose';
export const run = (token, jwk) => jwtVerify(token, jwk, { algorithms: ['ES256'] });`,
  cpJweDecrypt: `import { decryptCompact } from '@cryptoplug/jose';
import { createWebCryptoBackend } from '@cryptoplug/backend-webcrypto';
export async function run(jwe, jwk) {
  const backend = await createWebCryptoBackend();
  return decryptCompact(jwe, jwk, { backend, keyManagementAlgorithms: ['ECDH-ES+A256KW'] });
}`,
  joseJweDecrypt: `import { compactDecrypt } from 'jose';
export const run = (jwe, jwk) => compactDecrypt(jwe, jwk, { keyManagementAlgorithms: ['ECDH-ES+A256KW'] });`,
  cpNobleVerify: `import { publicKeyFromJwk } from '@cryptoplug/core/jwk';
import { createNobleEcdsaBackend } from '@cryptoplug/backend-noble/ecdsa';
export function run(jwk, signature, data) {
  return createNobleEcdsaBackend().verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKeyFromJwk(jwk), signature, data);
}`,
  nobleVerify: `import { p256 } from '@noble/curves/nist.js';
export const run = (signature, data, publicKey) => p256.verify(signature, data, publicKey);`,
} as const;

const FORBIDDEN_IN_WEBCRYPTO_VERIFY = ['@noble/curves', '@noble/hashes', '@noble/ciphers', 'asn1js', 'des.js', '@peculiar/asn1-schema'];

/** Budgets from issue 14. `met: false` ones are reported as TODO (with the measured ratio) until the work lands. */
const measured = (async () => {
  const m = {} as Record<keyof typeof ENTRIES, BundleSize>;
  for (const [name, source] of Object.entries(ENTRIES)) m[name as keyof typeof ENTRIES] = await measure(name, source);
  const rows = [
    { ...m.base64url, name: '`{ base64url }` from @cryptoplug/core', note: 'budget ≤ 1 KB' },
    { ...m.cpJwtVerify, name: 'cryptoplug `verifyJwt` on WebCrypto (ES256)', note: `${(m.cpJwtVerify.raw / m.joseJwtVerify.raw).toFixed(2)}× jose; budget ≤ 2×` },
    { ...m.joseJwtVerify, name: 'panva jose `jwtVerify`' },
    { ...m.cpJweDecrypt, name: 'cryptoplug `decryptCompact` on WebCrypto (ECDH-ES+A256KW)', note: `${(m.cpJweDecrypt.raw / m.joseJweDecrypt.raw).toFixed(2)}× jose; budget ≤ 2×` },
    { ...m.joseJweDecrypt, name: 'panva jose `compactDecrypt`' },
    { ...m.cpNobleVerify, name: 'cryptoplug noble backend ES256 verify', note: `${(m.cpNobleVerify.raw / m.nobleVerify.raw).toFixed(2)}× noble; budget ≤ 1.5×` },
    { ...m.nobleVerify, name: 'noble `p256.verify`' },
  ];
  console.log(`\n${formatBundleTable(rows)}\n`);
  for (const r of [m.cpJwtVerify, m.cpJweDecrypt, m.cpNobleVerify]) {
    console.log(`${r.name}: ${[...packagesIn(r)].map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  }
  return m;
})();

test('WebCrypto JWT verify and JWE decrypt bundles carry no noble, asn1js, DES or ASN.1 schemas', async () => {
  const m = await measured;
  for (const r of [m.cpJwtVerify, m.cpJweDecrypt]) {
    const forbidden = [...packagesIn(r).keys()].filter((p) => FORBIDDEN_IN_WEBCRYPTO_VERIFY.includes(p));
    assert.deepEqual(forbidden, [], `${r.name} bundle contains ${forbidden.join(', ')}`);
  }
});

test('{ base64url } from @cryptoplug/core ≤ 1 KB', async () => {
  const m = await measured;
  assert.ok(m.base64url.raw <= 1024, `{ base64url } is ${kb(m.base64url.raw)} (budget 1 KB)`);
});

// Not met yet (see the README's bundle table): what remains is core's validation layer (defineBackend, ~11 KB, every
// operation in one object) plus the whole WebCrypto backend and JOSE's algorithm tables. Splitting defineBackend per
// operation family is the next step; until then these report the measured ratio as TODO instead of failing.
const TODO_RATIO = 'budget not met yet: defineBackend and the backends are not split per operation family (issue 14)';

test('JWT verify on WebCrypto ≤ 2 × panva jose jwtVerify', { todo: TODO_RATIO }, async () => {
  const m = await measured;
  assert.ok(m.cpJwtVerify.raw <= 2 * m.joseJwtVerify.raw, `JWT verify ${kb(m.cpJwtVerify.raw)} > 2 × jose ${kb(m.joseJwtVerify.raw)}`);
});

test('JWE ECDH-ES+A256KW decrypt on WebCrypto ≤ 2 × panva jose compactDecrypt', { todo: TODO_RATIO }, async () => {
  const m = await measured;
  assert.ok(m.cpJweDecrypt.raw <= 2 * m.joseJweDecrypt.raw, `JWE decrypt ${kb(m.cpJweDecrypt.raw)} > 2 × jose ${kb(m.joseJweDecrypt.raw)}`);
});

test('noble backend ES256 verify ≤ 1.5 × noble p256.verify', { todo: TODO_RATIO }, async () => {
  const m = await measured;
  assert.ok(m.cpNobleVerify.raw <= 1.5 * m.nobleVerify.raw, `noble ES256 verify ${kb(m.cpNobleVerify.raw)} > 1.5 × noble ${kb(m.nobleVerify.raw)}`);
});
