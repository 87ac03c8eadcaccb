/**
 * Test helpers shared by the workspaces' tests (`@cryptoplug/test-utils/test-helpers`), written once instead of copied
 * into each package's `test/helpers.ts`:
 * - where the repository's data is (`ROOT`, `PRIMITIVES`, the third-party `COOKBOOK` / `WYCHEPROOF` folders) and JSON
 *   readers for it;
 * - the `vectors/primitives` keys (made by Python cryptography, see its README) imported with core's importKey, and the
 *   vector types of its JSON files;
 * - error assertions (`rejectsCode`, `errorCode`), byte helpers (`hex`, `flip`, `isPlainBytes`, `utf8Bytes`, `text`);
 * - the backends that can run here (`loadBuiltBackends`): webcrypto, and node/noble/forge when built;
 * - the Python interpreter with the modules a cross-implementation test needs (`pythonWith`).
 *
 * Nothing here computes an expected value: expectations come from the vector files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import {
  CryptoplugError,
  hexToBytes,
  importKey,
  type Backend,
  type BackendFactory,
  type HashName,
  type Jwk,
  type Key,
  type PrivateKey,
  type PublicKey,
  type SignatureAlgorithm,
} from '@cryptoplug/core';

/** The repository root: the nearest ancestor of this module holding turbo.json. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'turbo.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`repository root (turbo.json) not found above ${from}`);
    dir = up;
  }
}

export const ROOT = repoRoot();
/** `vectors/primitives` (cross-implementation vectors and their keys). */
export const PRIMITIVES = join(ROOT, 'vectors', 'primitives');
// Third-party data: where `npm test` found it (scripts/test.mjs sets these), else the sibling ../shared checkout.
export const COOKBOOK = resolve(process.env.CRYPTOPLUG_JOSE_COOKBOOK_DIR ?? resolve(ROOT, '..', 'shared', 'jose-cookbook'));
export const WYCHEPROOF = resolve(process.env.CRYPTOPLUG_WYCHEPROOF_DIR ?? resolve(ROOT, '..', 'shared', 'wycheproof'), 'testvectors_v1');

function dirOf(base: string | URL): string {
  return base instanceof URL ? fileURLToPath(base) : base;
}

/** Parsed JSON of `path`; a relative path is taken from `base` (default: `vectors/primitives`). */
export function readJson<T = any>(path: string, base: string | URL = PRIMITIVES): T {
  return JSON.parse(readFileSync(resolve(dirOf(base), path), 'utf8')) as T;
}

/** The bytes of `path`; a relative path is taken from `base` (default: `vectors/primitives`). */
export function readBytes(path: string, base: string | URL = PRIMITIVES): Uint8Array {
  return new Uint8Array(readFileSync(resolve(dirOf(base), path)));
}

export const hex = hexToBytes;
export const utf8Bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

const keyCache = new Map<string, Key>();

/**
 * The key file `vectors/primitives/keys/<name>.<suffix>` imported with core's importKey (format from the content; raw
 * `.hex` files with their curve). Imported once per file and process.
 */
export function loadKey(name: string, suffix: string): Key {
  const id = `${name}.${suffix}`;
  let key = keyCache.get(id);
  if (key) return key;
  const file = `keys/${id}`;
  if (suffix.endsWith('.hex')) {
    const curve = name.startsWith('ed25519') ? 'Ed25519' : name.startsWith('x25519') ? 'X25519' : undefined;
    key = importKey(hex(readFileSync(join(PRIMITIVES, file), 'utf8').trim()), { ...(curve ? { curve } : {}), private: suffix === 'raw-private.hex' });
  } else if (suffix.endsWith('.der')) key = importKey(readBytes(file));
  else if (suffix.endsWith('.json')) key = importKey(readJson<object>(file));
  else key = importKey(readFileSync(join(PRIMITIVES, file), 'utf8'));
  keyCache.set(id, key);
  return key;
}

/** A vectors/primitives private key (default: its PKCS#8 DER file). */
export function privateKey(name: string, suffix = 'pkcs8.der'): PrivateKey {
  const k = loadKey(name, suffix);
  assert.equal(k.type, 'private', `${name}.${suffix} should be a private key`);
  return k as PrivateKey;
}

/** A vectors/primitives public key (default: its SPKI DER file). */
export function publicKey(name: string, suffix = 'spki.der'): PublicKey {
  const k = loadKey(name, suffix);
  assert.equal(k.type, 'public', `${name}.${suffix} should be a public key`);
  return k as PublicKey;
}

export interface SignatureVector {
  id: string;
  key: string;
  alg: SignatureAlgorithm;
  msg: string;
  sig: string;
  valid: boolean;
  comment: string;
}
export interface EcdhVector { id: string; curve: string; privateKey: string; publicKey: string; shared: string }
export interface OaepVector {
  id: string; key: string; hash: HashName; label: string | null; plaintext: string; ciphertext: string; valid: boolean; comment: string;
}
export interface SymmetricVectors {
  digest: Array<{ id: string; hash: HashName; msg: string; digest: string }>;
  hmac: Array<{ id: string; hash: HashName; key: string; msg: string; tag: string }>;
  aesGcm: Array<{ id: string; key: string; iv: string; aad: string; plaintext: string; ciphertext: string; tag: string }>;
  aesCbc: Array<{ id: string; key: string; iv: string; plaintext: string; ciphertext: string }>;
  aesKw: Array<{ id: string; kek: string; key: string; wrapped: string }>;
  hkdf: Array<{ id: string; hash: HashName; ikm: string; salt: string; info: string; length: number; okm: string }>;
  pbkdf2: Array<{ id: string; hash: HashName; password: string; salt: string; iterations: number; length: number; derived: string }>;
}

/** The signature vectors of vectors/primitives/signatures.json. */
export function signatureVectors(): SignatureVector[] {
  return readJson<{ tests: SignatureVector[] }>('signatures.json').tests;
}

/**
 * Asserts that `op` (a function or a promise) fails with a CryptoplugError whose code is `code` (or one of `code`),
 * with a one-line message; returns the error. A success, or any other thrown value (TypeError…), fails the test.
 */
export async function rejectsCode(op: Promise<unknown> | (() => unknown), code: string | readonly string[], message?: string): Promise<CryptoplugError> {
  const what = message ?? 'operation';
  const codes = typeof code === 'string' ? [code] : code;
  let error: unknown;
  try {
    await (typeof op === 'function' ? op() : op);
  } catch (e) {
    error = e;
  }
  if (error === undefined) assert.fail(`${what}: expected an error with code ${codes.join('|')}, but it succeeded`);
  assert.ok(error instanceof CryptoplugError, `${what}: expected a CryptoplugError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.ok(codes.includes(error.code), `${what}: expected code ${codes.join('|')}, got ${error.code} (${error.message})`);
  assert.ok(!error.message.includes('\n'), `${what}: error messages are one line`);
  return error;
}

/** Runs `fn` and returns the code of the CryptoplugError it throws; fails the test if it returns or throws anything else. */
export async function errorCode(fn: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `expected a CryptoplugError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return e.code;
  }
  assert.fail('expected an error, the call succeeded');
}

/** A copy with one bit flipped (default: the middle byte's lowest bit). */
export function flip(bytes: Uint8Array, index = Math.floor(bytes.length / 2), mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index]! ^= mask;
  return out;
}

/** True for a plain Uint8Array (not a Buffer or another subclass). */
export function isPlainBytes(v: unknown): boolean {
  return v instanceof Uint8Array && Object.getPrototypeOf(v) === Uint8Array.prototype;
}

export interface NamedBackend {
  readonly name: string;
  readonly backend: Backend;
}

const BACKEND_PACKAGES = [
  ['backend-webcrypto', 'webcryptoBackend'],
  ['backend-node', 'nodeBackend'],
  ['backend-noble', 'nobleBackend'],
  ['backend-forge', 'forgeBackend'],
] as const;

let loaded: Promise<{ available: NamedBackend[]; skipped: string[] }> | undefined;

/**
 * The backends that load here, in the order webcrypto, node, noble, forge: each one whose package is built
 * (`packages/<pkg>/dist` exists) and loads; the others are listed in `skipped` with the reason. Loaded once per process.
 */
export function loadBuiltBackends(): Promise<{ available: NamedBackend[]; skipped: string[] }> {
  loaded ??= (async () => {
    const available: NamedBackend[] = [];
    const skipped: string[] = [];
    for (const [pkg, exportName] of BACKEND_PACKAGES) {
      if (!existsSync(join(ROOT, 'packages', pkg, 'dist', 'index.js'))) {
        skipped.push(`${pkg}: not built (packages/${pkg}/dist missing)`);
        continue;
      }
      try {
        const mod = (await import(`@cryptoplug/${pkg}`)) as Record<string, BackendFactory | undefined>;
        const factory = mod[exportName];
        if (!factory) throw new Error(`no export ${exportName}`);
        available.push({ name: factory.name, backend: await factory.load() });
      } catch (e) {
        skipped.push(`${pkg}: cannot load (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    return { available, skipped };
  })();
  return loaded;
}

/**
 * The Python interpreter the cross-implementation tests call (`CRYPTOPLUG_PYTHON`, else /usr/bin/python3) when it has
 * `modules`; otherwise the reason to skip, naming the Debian packages that provide them (`debs`).
 */
export function pythonWith(modules: readonly string[], debs: readonly string[]): { python: string } | { skip: string } {
  const python = process.env.CRYPTOPLUG_PYTHON ?? '/usr/bin/python3';
  const install = `apt-get install -y python3 ${debs.join(' ')}`;
  if (!existsSync(python)) return { skip: `${python} not found (${install})` };
  const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (r.status !== 0) return { skip: `${python} lacks ${modules.join(', ')} (${install}): ${(r.stderr || '').trim().split('\n').pop()}` };
  return { python };
}

/** {@link rejectsCode} under the name the backend packages' tests use. */
export const rejectsWith = rejectsCode;

/** The ETAMP vectors (vectors/etamp/vectors.json, made by the Python reference; see its README). */
export interface EtampVectorCase {
  name: string;
  description: string;
  profile: 'seed' | 'strong';
  /** One case (seed-missing-field) lacks SignatureMessage on purpose. */
  message: { Id: string; Token: string; SignatureToken: string; SignatureMessage: string };
  messageText?: string;
  verifyKey: string;
  publicKeyPem?: string;
  decryptKey?: string;
  now: number;
  clockTolerance: number;
  maxAge?: number;
  audience?: string;
  expect:
    | { ok: true; header: Record<string, unknown>; claims: Record<string, unknown>; plaintext?: string }
    | { ok: false; code: string; diagnosis?: 'malformed' | 'impossible' | 'unverifiable' };
}

export interface EtampVectors {
  meta: Record<string, unknown> & { defaults: { clockTolerance: number; maxAge: number } };
  keys: Record<string, { sec1Pem?: string; pkcs8Pem?: string; ecdsaPkcs8Pem?: string; spkiPem: string; jwk?: Jwk; publicJwk?: Jwk }>;
  cases: EtampVectorCase[];
  creation: Array<{
    name: string;
    inputs: {
      now: number;
      ttl: number;
      messageId: string;
      jti: string;
      sender: { serverId: string; serverName: string; userName: string; id: string };
      recipient: { serverId: string; serverName: string; userName: string; id: string };
      message: string;
    };
    signingInput: string;
  }>;
  seedEcdh: Array<{ privateKey: string; peerPublicKey: string; message: string; hex: string }>;
}

/** vectors/etamp/vectors.json, parsed. */
export function etampVectors(): EtampVectors {
  return readJson<EtampVectors>('vectors.json', join(ROOT, 'vectors', 'etamp'));
}
