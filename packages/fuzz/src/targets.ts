/**
 * One fuzz target per parser. Each starts from valid samples (keys written by Python `cryptography`, tokens and
 * messages made here with the vector keys), mutates them, and feeds them to the parser on `auto`. A target fails on:
 * - any exception that is not a CryptoplugError (a TypeError, RangeError, …: a parser bug);
 * - any case slower than the per-case budget (a hang: a runaway loop or unbounded work);
 * - any ACCEPTANCE of a mutated signed or encrypted input. For compact tokens, akenza tokens and Virgil signatures
 *   this is strict: only the byte-identical input may verify/decrypt. For JSON serializations, ETAMP messages and
 *   Virgil envelopes, whose containers carry fields that are not authenticated by design (a JWS/JWE unprotected
 *   header, JSON whitespace and member order, the envelope's recipient list), an accepted mutation must yield exactly
 *   the authenticated content of the original (payload and protected header, plaintext, the four message fields).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { CryptoplugError, encryptPkcs8, formatPem, importKey, importPrivateKey, jwkThumbprint, type Backend, type Key, type PrivateKey } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { decryptCompact, decryptJwe, encryptCompact, encryptFlattened, encryptGeneral, signCompact, signFlattened, signGeneral, verifyCompact, verifyJws } from '@cryptoplug/jose';
import { createEtamp, formatEtampMessage, parseEtampMessage, verifyEtamp } from '@cryptoplug/etamp';
import { VirgilCodec, virgilSign, virgilVerify } from '@cryptoplug/e2ee';
import { createDeviceToken, verifyDeviceToken } from '@cryptoplug/akenza';
import { applyMutations, caseArb, mutateText, type Mutation } from './mutate.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      readFileSync(join(dir, 'turbo.json'));
      return dir;
    } catch {
      const up = dirname(dir);
      if (up === dir) throw new Error('repo root not found');
      dir = up;
    }
  }
}
const ROOT = repoRoot();
const KEYS = join(ROOT, 'vectors', 'primitives', 'keys');
const keyText = (f: string) => readFileSync(join(KEYS, f), 'utf8');
const keyBytes = (f: string) => new Uint8Array(readFileSync(join(KEYS, f)));
const te = new TextEncoder();
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Thrown for a finding (so it is never mistaken for a CryptoplugError of the parser). */
export class FuzzFinding extends Error {}

/** Runs fn: CryptoplugError → { ok: false }; any other exception → a finding. */
async function typed<T>(what: string, fn: () => Promise<T> | T): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof CryptoplugError) return { ok: false, code: e.code };
    throw new FuzzFinding(`${what}: not a CryptoplugError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

export interface FuzzCase {
  sample: number;
  mutations: Mutation[];
}

export interface Target {
  readonly name: string;
  /** Builds the samples once; returns how many there are and the check for one case. */
  setup(backend: Backend): Promise<{ samples: number; check(c: FuzzCase): Promise<void> }>;
}

// ------------------------------------------------------------------------------------------------ key import
const keyImport: Target = {
  name: 'key-import (PEM, DER, JWK, raw, encrypted PEM)',
  async setup() {
    const samples: Array<{ input: string | Uint8Array; options?: { passphrase: string; format?: 'raw'; curve?: 'Ed25519' } }> = [];
    for (const k of ['ec-p256', 'ec-p384', 'ed25519', 'x25519', 'rsa-2048']) {
      samples.push({ input: keyText(`${k}.pkcs8.pem`) }, { input: keyBytes(`${k}.spki.der`) }, { input: keyBytes(`${k}.pkcs8.der`) }, { input: keyText(`${k}.jwk.json`) });
    }
    samples.push({ input: keyText('ec-p256.sec1.pem') }, { input: keyText('rsa-2048.pkcs1.pem') }, { input: keyText('rsa-2048.pkcs1-pub.pem') });
    const enc = JSON.parse(readFileSync(join(ROOT, 'vectors', 'jose', 'encrypted-keys.json'), 'utf8')) as { cases: Array<{ id: string; pem: string; passphrase: string }> };
    // PBKDF2 (openssl, 4096 iterations) and legacy PEM from openssl; scrypt written here with N = 2^10 (1 MiB), so that
    // mutations that keep the KDF intact cost milliseconds, not the 16 MiB derivation of openssl's default N = 2^14
    for (const id of ['openssl-rsa-pkcs8-aes-128-cbc-hmacWithSHA256', 'openssl-rsa-legacy-aes256']) {
      const c = enc.cases.find((x) => x.id === id)!;
      samples.push({ input: c.pem, options: { passphrase: c.passphrase } });
    }
    samples.push({ input: formatPem('ENCRYPTED PRIVATE KEY', encryptPkcs8(keyBytes('ec-p256.pkcs8.der'), 'fuzz', { kdf: 'scrypt', N: 1024 })), options: { passphrase: 'fuzz' } });
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const s = samples[sample]!;
        const input = typeof s.input === 'string' ? mutateText(s.input, mutations) : applyMutations(s.input, mutations);
        const r = await typed('importKey', () => importKey(input, s.options ?? {}));
        if (r.ok) await typed('jwkThumbprint', () => jwkThumbprint((r.value as Key).type === 'secret' ? (r.value as Key) : (r.value as PrivateKey).publicKey()));
      },
    };
  },
};

// ------------------------------------------------------------------------------------------------ JWS
const jwsCompact: Target = {
  name: 'JWS compact (ES256, EdDSA, HS256)',
  async setup(backend) {
    const secret = te.encode('a 32-byte HMAC key for fuzzing!!');
    const ec = importPrivateKey(keyText('ec-p256.pkcs8.pem'));
    const ed = importPrivateKey(keyText('ed25519.pkcs8.pem'));
    const samples = [
      { token: await signCompact('{"sub":"fuzz"}', ec, { backend, protectedHeader: { alg: 'ES256', kid: 'k1' } }), key: ec.publicKey() as unknown, alg: 'ES256' },
      { token: await signCompact('payload', ed, { backend, protectedHeader: { alg: 'EdDSA' } }), key: ed.publicKey() as unknown, alg: 'EdDSA' },
      { token: await signCompact('{"a":[1,2,{"b":null}]}', secret, { backend, protectedHeader: { alg: 'HS256', typ: 'JWT' } }), key: secret as unknown, alg: 'HS256' },
    ];
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const s = samples[sample]!;
        const token = mutateText(s.token, mutations);
        const r = await typed('verifyCompact', () => verifyCompact(token, s.key as never, { backend, algorithms: [s.alg] }));
        if (r.ok && token !== s.token) throw new FuzzFinding(`mutated JWS accepted: ${token}`);
      },
    };
  },
};

const jwsJson: Target = {
  name: 'JWS JSON (flattened, general)',
  async setup(backend) {
    const ec = importPrivateKey(keyText('ec-p256.pkcs8.pem'));
    const ed = importPrivateKey(keyText('ed25519.pkcs8.pem'));
    const payload = te.encode('{"iss":"fuzz","n":1}');
    const flat = await signFlattened(payload, ec, { backend, protectedHeader: { alg: 'ES256' }, unprotectedHeader: { kid: 'k1' } });
    const general = await signGeneral(payload, [{ key: ec, protectedHeader: { alg: 'ES256' } }, { key: ed, protectedHeader: { alg: 'EdDSA' }, unprotectedHeader: { kid: 'ed' } }], { backend });
    const samples = [JSON.stringify(flat), JSON.stringify(general)];
    const keys = [ec.publicKey(), ed.publicKey()];
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const text = mutateText(samples[sample]!, mutations);
        for (const key of keys) {
          const r = await typed('verifyJws', () => verifyJws(text, key, { backend, algorithms: ['ES256', 'EdDSA'] }));
          if (r.ok && !same(r.value.payload, payload)) throw new FuzzFinding(`mutated JWS JSON accepted with another payload: ${text}`);
        }
      },
    };
  },
};

// ------------------------------------------------------------------------------------------------ JWE
const jweCompact: Target = {
  name: 'JWE compact (dir A128GCM, A128KW A128CBC-HS256, ECDH-ES+A128KW)',
  async setup(backend) {
    const k16 = te.encode('0123456789abcdef');
    const k32 = te.encode('0123456789abcdef0123456789abcdef');
    const ec = importPrivateKey(keyText('ec-p256.pkcs8.pem'));
    const samples = [
      { token: await encryptCompact('secret one', k16, { backend, protectedHeader: { alg: 'dir', enc: 'A128GCM' } }), key: k16 as unknown, alg: 'dir' },
      { token: await encryptCompact('secret two', k16, { backend, protectedHeader: { alg: 'A128KW', enc: 'A128CBC-HS256' } }), key: k16 as unknown, alg: 'A128KW' },
      { token: await encryptCompact('secret three', ec.publicKey(), { backend, protectedHeader: { alg: 'ECDH-ES+A128KW', enc: 'A128GCM' } }), key: ec as unknown, alg: 'ECDH-ES+A128KW' },
      { token: await encryptCompact('secret four', k32, { backend, protectedHeader: { alg: 'dir', enc: 'A128CBC-HS256', zip: 'DEF' } }), key: k32 as unknown, alg: 'dir' },
    ];
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const s = samples[sample]!;
        const token = mutateText(s.token, mutations);
        const r = await typed('decryptCompact', () => decryptCompact(token, s.key as never, { backend, keyManagementAlgorithms: [s.alg] }));
        if (r.ok && token !== s.token) throw new FuzzFinding(`mutated JWE accepted: ${token}`);
      },
    };
  },
};

const jweJson: Target = {
  name: 'JWE JSON (flattened, general)',
  async setup(backend) {
    const k16 = te.encode('0123456789abcdef');
    const k24 = te.encode('0123456789abcdef01234567');
    const ec = importPrivateKey(keyText('ec-p256.pkcs8.pem'));
    const plaintext = te.encode('the plaintext');
    const flat = await encryptFlattened(plaintext, ec.publicKey(), { backend, protectedHeader: { alg: 'ECDH-ES+A128KW', enc: 'A256GCM' }, sharedUnprotectedHeader: { x: 1 }, aad: 'extra' });
    const general = await encryptGeneral(plaintext, [{ key: k16, header: { alg: 'A128KW', kid: 'a' } }, { key: k24, header: { alg: 'A192KW', kid: 'b' } }], { backend, protectedHeader: { enc: 'A128CBC-HS256' } });
    const samples = [{ text: JSON.stringify(flat), keys: [ec as unknown], algs: ['ECDH-ES+A128KW'] }, { text: JSON.stringify(general), keys: [k16 as unknown, k24 as unknown], algs: ['A128KW', 'A192KW'] }];
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const s = samples[sample]!;
        const text = mutateText(s.text, mutations);
        for (const key of s.keys) {
          const r = await typed('decryptJwe', () => decryptJwe(text, key as never, { backend, keyManagementAlgorithms: s.algs }));
          if (r.ok && !same(r.value.plaintext, plaintext)) throw new FuzzFinding(`mutated JWE JSON decrypted to another plaintext: ${text}`);
        }
      },
    };
  },
};

// ------------------------------------------------------------------------------------------------ ETAMP
const etamp: Target = {
  name: 'ETAMP messages (seed and strong profiles)',
  async setup(backend) {
    const vectors = JSON.parse(readFileSync(join(ROOT, 'vectors', 'etamp', 'vectors.json'), 'utf8')) as { keys: Record<string, { sec1Pem?: string; pkcs8Pem?: string; spkiPem: string }> };
    const sender = vectors.keys.sender!;
    const recipient = vectors.keys['recipient-p521']!;
    const now = 1_800_000_000;
    const base = { backend, key: sender.sec1Pem!, sender: { serverName: 'S1', userName: 'u1' }, recipient: { serverName: 'S1', userName: 'u2' }, message: 'fuzz me', now };
    const seed = await createEtamp(base);
    const strong = await createEtamp({ ...base, profile: 'strong', encryptTo: recipient.spkiPem });
    const samples = [{ m: seed, opts: {} }, { m: strong, opts: { profile: 'strong', decryptionKey: recipient.pkcs8Pem!, replayStore: null } }];
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const s = samples[sample]!;
        const text = mutateText(formatEtampMessage(s.m), mutations);
        const r = await typed('verifyEtamp', () => verifyEtamp(text, { backend, key: sender.spkiPem, now: now + 1, ...s.opts } as never));
        if (r.ok) {
          const got = parseEtampMessage(text);
          if (got.Token !== s.m.Token || got.SignatureToken !== s.m.SignatureToken || got.SignatureMessage !== s.m.SignatureMessage || got.Id !== s.m.Id) {
            throw new FuzzFinding(`mutated ETAMP message accepted: ${text.slice(0, 200)}`);
          }
        }
      },
    };
  },
};

// ------------------------------------------------------------------------------------------------ Virgil
const virgil: Target = {
  name: 'Virgil envelopes and signatures (e2ee)',
  async setup(backend) {
    const alice = importPrivateKey(keyText('ed25519.pkcs8.pem'));
    const codec = new VirgilCodec(backend);
    const data = te.encode('a Virgil message');
    const envelope = await codec.encrypt(data, alice.publicKey());
    const signature = await virgilSign(backend, alice, data);
    const samples = [envelope, signature];
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const mutated = applyMutations(samples[sample]!, mutations);
        if (sample === 0) {
          const r = await typed('VirgilCodec.decrypt', () => codec.decrypt(mutated, alice));
          if (r.ok && !same(r.value, data)) throw new FuzzFinding('mutated Virgil envelope decrypted to another plaintext');
        } else {
          const r = await typed('virgilVerify', () => virgilVerify(backend, alice.publicKey(), data, mutated));
          if (r.ok && r.value === true && !same(mutated, signature)) throw new FuzzFinding('mutated Virgil signature verified');
        }
      },
    };
  },
};

// ------------------------------------------------------------------------------------------------ akenza
const akenza: Target = {
  name: 'akenza device tokens (ES256, RS256)',
  async setup(backend) {
    const dir = join(ROOT, 'vectors', 'akenza', 'keys');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const now = 1_800_000_000;
    const deviceId = '0011AABB';
    const samples = [
      { token: await createDeviceToken({ deviceId, privateKey: read('ec_private.pem'), backend, now }), pub: read('ec_public.pem') },
      { token: await createDeviceToken({ deviceId, privateKey: read('rsa_private.pem'), backend, now }), pub: read('rsa_public.pem') },
    ];
    return {
      samples: samples.length,
      async check({ sample, mutations }) {
        const s = samples[sample]!;
        const token = mutateText(s.token, mutations);
        const r = await typed('verifyDeviceToken', () => verifyDeviceToken(token, { deviceId, publicKey: s.pub, backend, now: now + 1 }));
        if (r.ok && token !== s.token) throw new FuzzFinding(`mutated akenza token accepted: ${token}`);
      },
    };
  },
};

export const TARGETS: readonly Target[] = [keyImport, jwsCompact, jwsJson, jweCompact, jweJson, etamp, virgil, akenza];

export interface RunOptions {
  readonly numRuns: number;
  readonly seed: number;
  /** A single case slower than this is a finding (a hang or unbounded work). */
  readonly caseBudgetMs: number;
  readonly backend?: Backend;
}

/** Runs one target; throws (with fast-check's shrunk counterexample and seed) on the first finding. */
export async function runTarget(target: Target, options: RunOptions): Promise<{ runs: number }> {
  const backend = options.backend ?? (await createRegistry().select('auto'));
  const { samples, check } = await target.setup(backend);
  let runs = 0;
  const details = await fc.check(
    fc.asyncProperty(caseArb(samples), async (c) => {
      const started = performance.now();
      await check(c);
      runs++;
      const ms = performance.now() - started;
      if (ms > options.caseBudgetMs) throw new FuzzFinding(`one case took ${ms.toFixed(0)} ms (budget ${options.caseBudgetMs} ms)`);
    }),
    { numRuns: options.numRuns, seed: options.seed },
  );
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new FuzzFinding(`${target.name}: ${cause} — seed ${details.seed}, path ${details.counterexamplePath}, counterexample ${JSON.stringify(details.counterexample)}`);
  }
  return { runs };
}
