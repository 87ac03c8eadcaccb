/**
 * Bundle sizes, measured the way a browser or edge-worker user pays for an import (esbuild, browser platform, minified,
 * tree-shaken) and compared in the same run with panva jose / noble for the same task. Sizes are deterministic, so
 * budgets are asserted here (speed never is). The table is printed; the README records it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CompactEncrypt, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { formatBundleTable, kb, measureBundle, packagesIn, type BundleSize } from '../src/bundle-size.js';

const here = dirname(fileURLToPath(import.meta.url));
const resolveDir = join(here, '..');
const measure = (name: string, source: string) => measureBundle(name, source, { resolveDir });

const ENTRIES = {
  base64url: `import { base64url } from '@cryptoplug/core';
export default base64url;`,
  // The verify-only WebCrypto build (core's verify and hash families, signature support probed; no signing code, as
  // jose's jwtVerify carries none): a complete JWT verifier. This is the budgeted row.
  cpJwtVerify: `import { verifyJwt } from '@cryptoplug/jose';
import { createWebCryptoVerifyBackend } from '@cryptoplug/backend-webcrypto/verify';
export async function run(token, jwk) {
  const backend = await createWebCryptoVerifyBackend();
  return verifyJwt(token, jwk, { backend, algorithms: ['ES256'] });
}`,
  // The same JWT verify on the JWS build (sign and verify): printed for comparison, not budgeted.
  cpJwtVerifyJws: `import { verifyJwt } from '@cryptoplug/jose';
import { createWebCryptoJwsBackend } from '@cryptoplug/backend-webcrypto/jws';
export async function run(token, jwk) {
  const backend = await createWebCryptoJwsBackend();
  return verifyJwt(token, jwk, { backend, algorithms: ['ES256'] });
}`,
  joseJwtVerify: `import { jwtVerify } from 'jose';
export const run = (token, jwk) => jwtVerify(token, jwk, { algorithms: ['ES256'] });`,
  // The JWE-only WebCrypto build (no signature family): a complete JWE decrypter.
  cpJweDecrypt: `import { decryptCompact } from '@cryptoplug/jose';
import { createWebCryptoJweBackend } from '@cryptoplug/backend-webcrypto/jwe';
export async function run(jwe, jwk) {
  const backend = await createWebCryptoJweBackend();
  return decryptCompact(jwe, jwk, { backend, keyManagementAlgorithms: ['ECDH-ES+A256KW'] });
}`,
  joseJweDecrypt: `import { compactDecrypt } from 'jose';
export const run = (jwe, jwk) => compactDecrypt(jwe, jwk, { keyManagementAlgorithms: ['ECDH-ES+A256KW'] });`,
  // The ECDSA-only noble build on the noble curve and hash ES256 needs (what noble's own bundle below carries too).
  cpNobleVerify: `import { publicKeyFromJwk } from '@cryptoplug/core/jwk';
import { nobleEcdsaBackend } from '@cryptoplug/backend-noble/ecdsa';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
export function run(jwk, signature, data) {
  const backend = nobleEcdsaBackend({ curves: { 'P-256': p256 }, hashes: { 'SHA-256': sha256 } });
  return backend.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKeyFromJwk(jwk), signature, data);
}`,
  nobleVerify: `import { p256 } from '@noble/curves/nist.js';
export const run = (signature, data, publicKey) => p256.verify(signature, data, publicKey);`,
} as const;

const FORBIDDEN_IN_WEBCRYPTO_VERIFY = ['@noble/curves', '@noble/hashes', '@noble/ciphers', 'asn1js', 'des.js', '@peculiar/asn1-schema'];

/** The measurements (once for all tests), the printed table and the bytes per package. */
const measured = (async () => {
  const m = {} as Record<keyof typeof ENTRIES, BundleSize>;
  for (const [name, source] of Object.entries(ENTRIES)) m[name as keyof typeof ENTRIES] = await measure(name, source);
  const rows = [
    { ...m.base64url, name: '`{ base64url }` from @cryptoplug/core', note: 'budget ≤ 1 KB' },
    { ...m.cpJwtVerify, name: 'cryptoplug `verifyJwt` on WebCrypto `/verify` (ES256)', note: `${(m.cpJwtVerify.raw / m.joseJwtVerify.raw).toFixed(2)}× jose; budget ≤ 2×` },
    { ...m.cpJwtVerifyJws, name: 'cryptoplug `verifyJwt` on WebCrypto `/jws` (sign + verify build)', note: `${(m.cpJwtVerifyJws.raw / m.joseJwtVerify.raw).toFixed(2)}× jose; not budgeted` },
    { ...m.joseJwtVerify, name: 'panva jose `jwtVerify`' },
    { ...m.cpJweDecrypt, name: 'cryptoplug `decryptCompact` on WebCrypto (ECDH-ES+A256KW)', note: `${(m.cpJweDecrypt.raw / m.joseJweDecrypt.raw).toFixed(2)}× jose; budget ≤ 2×` },
    { ...m.joseJweDecrypt, name: 'panva jose `compactDecrypt`' },
    { ...m.cpNobleVerify, name: 'cryptoplug noble backend ES256 verify', note: `${(m.cpNobleVerify.raw / m.nobleVerify.raw).toFixed(2)}× noble; budget ≤ 1.5×` },
    { ...m.nobleVerify, name: 'noble `p256.verify`' },
  ];
  console.log(`\n${formatBundleTable(rows)}\n`);
  for (const r of [m.cpJwtVerify, m.cpJwtVerifyJws, m.cpJweDecrypt, m.cpNobleVerify]) {
    console.log(`${r.name}: ${[...packagesIn(r)].map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  }
  return m;
})();

test('WebCrypto JWT verify and JWE decrypt bundles carry no noble, asn1js, DES or ASN.1 schemas', async () => {
  const m = await measured;
  for (const r of [m.cpJwtVerify, m.cpJwtVerifyJws, m.cpJweDecrypt]) {
    const forbidden = [...packagesIn(r).keys()].filter((p) => FORBIDDEN_IN_WEBCRYPTO_VERIFY.includes(p));
    assert.deepEqual(forbidden, [], `${r.name} bundle contains ${forbidden.join(', ')}`);
  }
});

test('{ base64url } from @cryptoplug/core ≤ 1 KB', async () => {
  const m = await measured;
  assert.ok(m.base64url.raw <= 1024, `{ base64url } is ${kb(m.base64url.raw)} (budget 1 KB)`);
});

/**
 * Proof that the measured bundles are honest: each measured cryptoplug program runs once for real in Node, unbundled
 * (the same entry source, resolved to the workspace packages), on inputs made by panva jose / noble — never by
 * cryptoplug. A module hook (`node:module` `register`) records every import the run resolves, with the module that
 * asks; none of the bundle's "loaded on first use" `import()`s (that specifier, from that module) may be among them:
 * moving code the task executes behind `import()` would make the bundle look smaller than what the task needs. (The
 * pair is what counts, not the file: unbundled, Node also loads modules a bundler drops, e.g. `keys/validate.js`
 * imports `curve-math.js` statically for private-key checks this task never runs.)
 */
const execFileP = promisify(execFile);
const HOOK = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) { port.postMessage([specifier, context.parentURL ?? '']); return next(specifier, context); }`;
const CHILD = `import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
const loaded = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (pair) => loaded.add(pair));
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { port: port2 }, transferList: [port2] });
const args = JSON.parse(readFileSync(process.argv[2], 'utf8')).map((a) => (a && typeof a === 'object' && 'hex' in a ? Uint8Array.from(Buffer.from(a.hex, 'hex')) : a));
const { run } = await import(new URL('./entry.mjs', import.meta.url).href);
const out = await run(...args);
await new Promise((r) => setTimeout(r, 100)); // let the hook thread's last messages arrive
const result = typeof out === 'boolean' ? out : { payload: out.payload, plaintext: out.plaintext ? new TextDecoder().decode(out.plaintext) : undefined };
process.stdout.write(JSON.stringify({ result, loaded: [...loaded] }));
port1.close();`;

async function runForReal(source: string, args: unknown[]): Promise<{ result: unknown; resolved: Array<[specifier: string, importer: string]> }> {
  const dir = mkdtempSync(join(resolveDir, '.bundle-run-'));
  try {
    writeFileSync(join(dir, 'entry.mjs'), source);
    writeFileSync(join(dir, 'child.mjs'), CHILD);
    writeFileSync(join(dir, 'args.json'), JSON.stringify(args));
    const { stdout } = await execFileP(process.execPath, [join(dir, 'child.mjs'), join(dir, 'args.json')], { cwd: dir, timeout: 60_000 });
    const out = JSON.parse(stdout) as { result: unknown; loaded: Array<[string, string]> };
    const file = (u: string) => (u.startsWith('file:') ? realpathSync(fileURLToPath(u)) : u);
    return { result: out.result, resolved: out.loaded.map(([spec, parent]) => [spec, file(parent)]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hex = (b: Uint8Array) => ({ hex: Buffer.from(b).toString('hex') });
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

test('the measured tasks run for real without loading any module the bundle lists as loaded on first use', async () => {
  const m = await measured;
  // ES256 JWT by panva jose
  const sig = await generateKeyPair('ES256', { extractable: true });
  const token = await new SignJWT({ sub: 'bundle-size', n: 7 }).setProtectedHeader({ alg: 'ES256' }).setIssuedAt().setExpirationTime('1h').sign(sig.privateKey);
  // ECDH-ES+A256KW JWE by panva jose
  const enc = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
  const jwe = await new CompactEncrypt(new TextEncoder().encode('made by panva jose'))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM' })
    .encrypt(enc.publicKey);
  // ES256 signature by noble (prehashed with SHA-256 by noble itself)
  const secret = p256.utils.randomSecretKey();
  const point = p256.getPublicKey(secret, false);
  const data = new TextEncoder().encode('signed by noble');
  const nobleSig = p256.sign(data, secret);
  assert.equal(p256.verify(nobleSig, data, point), true);
  assert.equal(sha256(data).length, 32);
  const nobleJwk = { kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33)) };

  const cases = [
    { size: m.cpJwtVerify, source: ENTRIES.cpJwtVerify, args: [token, await exportJWK(sig.publicKey)], expect: (r: any) => assert.deepEqual([r.payload.sub, r.payload.n], ['bundle-size', 7]) },
    { size: m.cpJwtVerifyJws, source: ENTRIES.cpJwtVerifyJws, args: [token, await exportJWK(sig.publicKey)], expect: (r: any) => assert.deepEqual([r.payload.sub, r.payload.n], ['bundle-size', 7]) },
    { size: m.cpJweDecrypt, source: ENTRIES.cpJweDecrypt, args: [jwe, await exportJWK(enc.privateKey)], expect: (r: any) => assert.equal(r.plaintext, 'made by panva jose') },
    { size: m.cpNobleVerify, source: ENTRIES.cpNobleVerify, args: [nobleJwk, hex(nobleSig), hex(data)], expect: (r: unknown) => assert.equal(r, true) },
  ];
  for (const c of cases) {
    const { result, resolved } = await runForReal(c.source, c.args);
    c.expect(result);
    assert.ok(resolved.some(([, parent]) => parent.includes('/packages/core/dist/')), `${c.size.name}: the module hook saw no cryptoplug import`);
    assert.equal(c.size.lazyImports.length, c.size.lazy.length > 0 ? c.size.lazyImports.length : 0);
    const lazy = c.size.lazyImports.map((l) => [l.specifier, realpathSync(l.importer)].join(' from '));
    const used = resolved.map((r) => r.join(' from ')).filter((r) => lazy.includes(r));
    assert.deepEqual(used, [], `${c.size.name}: the task ran ${used.join(', ')}, which its bundle leaves out as "loaded on first use"`);
  }
});

// Every budget is asserted: the test fails when a bundle exceeds it. The JWT verify is measured on the verify-only
// WebCrypto build (`/verify`: core's verify and hash families, no signing code — jose's jwtVerify carries none either);
// the same task on the sign-and-verify `/jws` build is printed above, not budgeted. It went from 2.66× to under 2× by
// the verify-only composition, code the task never runs moving behind import() (OKP/RSA JWK import, the HMAC/RSA key
// policy, the crit/b64 general path, verifyMany, hmacVerify, the key-resolver call; the run-for-real test above proves
// the task loads none of them) and more compact code with the same checks, errors and messages (issue 14). The JWE
// decrypt budget was met by the same kind of work (the unwraps, content modes, key checks and core operations an
// ECDH-ES decrypt never runs load on first use).
test('JWT verify on WebCrypto ≤ 2 × panva jose jwtVerify', async () => {
  const m = await measured;
  assert.ok(m.cpJwtVerify.raw <= 2 * m.joseJwtVerify.raw, `JWT verify ${kb(m.cpJwtVerify.raw)} > 2 × jose ${kb(m.joseJwtVerify.raw)}`);
});

test('JWE ECDH-ES+A256KW decrypt on WebCrypto ≤ 2 × panva jose compactDecrypt', async () => {
  const m = await measured;
  assert.ok(m.cpJweDecrypt.raw <= 2 * m.joseJweDecrypt.raw, `JWE decrypt ${kb(m.cpJweDecrypt.raw)} > 2 × jose ${kb(m.joseJweDecrypt.raw)}`);
});

test('noble backend ES256 verify ≤ 1.5 × noble p256.verify', async () => {
  const m = await measured;
  assert.ok(m.cpNobleVerify.raw <= 1.5 * m.nobleVerify.raw, `noble ES256 verify ${kb(m.cpNobleVerify.raw)} > 1.5 × noble ${kb(m.nobleVerify.raw)}`);
});
