/**
 * Backend selection. A registry is an explicit value (a Map), never filled by importing a module. `createAutoBackend`
 * makes a composite that, per operation and parameters, delegates to the first backend in preference order that
 * supports it, so `auto` keeps working when the preferred backend lacks an operation.
 */
import type { Backend, BackendImpl, Capabilities, CapabilityQuery, EcdhCurve, KeySpec, RuntimeName } from './contract.js';
import { ECDH_CURVES, EC_CURVES, HASHES, KEY_SPECS } from './contract.js';
import { defineBackend, signatureQuery } from './backend.js';
import { BackendUnavailableError, CryptoplugError, InputInvalidError, UnsupportedError } from './errors.js';
import { detectRuntime } from './runtime.js';

export interface BackendFactory {
  readonly name: string;
  /** Loads the backend for this runtime; throws `ERR_BACKEND_UNAVAILABLE` when it cannot run here. */
  load(): Promise<Backend>;
}

export interface SelectionOptions {
  /** Preference order (names). Backends not named follow in the registry's default order for the runtime. */
  readonly prefer?: readonly string[];
  /** Backends never to use. */
  readonly exclude?: readonly string[];
  /** Use exactly these backends, in this order (overrides prefer). */
  readonly only?: readonly string[];
}

/** Default preference per runtime, fastest first (measured by apps/bench on Node; see README). */
export const DEFAULT_PREFERENCE: Readonly<Record<RuntimeName, readonly string[]>> = {
  node: ['node', 'webcrypto', 'noble', 'forge'],
  bun: ['node', 'webcrypto', 'noble', 'forge'],
  deno: ['webcrypto', 'node', 'noble', 'forge'],
  workerd: ['webcrypto', 'noble', 'forge'],
  browser: ['webcrypto', 'noble', 'forge'],
  unknown: ['webcrypto', 'noble', 'forge'],
};

export interface LoadedBackends {
  readonly available: readonly Backend[];
  readonly unavailable: ReadonlyArray<{ name: string; reason: string }>;
}

export class BackendRegistry {
  readonly #factories = new Map<string, BackendFactory>();
  readonly #loaded = new Map<string, Promise<Backend>>();

  constructor(factories: Iterable<BackendFactory> = []) {
    for (const f of factories) this.register(f);
  }

  register(factory: BackendFactory): this {
    if (this.#factories.has(factory.name)) throw new InputInvalidError(`backend "${factory.name}" is already registered`);
    this.#factories.set(factory.name, factory);
    return this;
  }

  names(): string[] {
    return [...this.#factories.keys()];
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  /** Loads one backend (once). */
  load(name: string): Promise<Backend> {
    const factory = this.#factories.get(name);
    if (!factory) {
      return Promise.reject(new InputInvalidError(`unknown backend "${name}" (known: ${this.names().join(', ') || 'none'})`));
    }
    let p = this.#loaded.get(name);
    if (!p) {
      p = factory.load().catch((e: unknown) => {
        this.#loaded.delete(name);
        if (e instanceof CryptoplugError) throw e;
        throw new BackendUnavailableError(`backend "${name}" cannot load here: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      this.#loaded.set(name, p);
    }
    return p;
  }

  /** Loads every registered backend, reporting the ones that cannot run in this runtime instead of failing. */
  async loadAll(): Promise<LoadedBackends> {
    const available: Backend[] = [];
    const unavailable: Array<{ name: string; reason: string }> = [];
    for (const name of this.names()) {
      try {
        available.push(await this.load(name));
      } catch (e) {
        unavailable.push({ name, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    return { available, unavailable };
  }

  /** Order in which `auto` tries backends in this runtime, after prefer/exclude/only. */
  order(options: SelectionOptions = {}, runtime: RuntimeName = detectRuntime()): string[] {
    for (const n of [...(options.only ?? []), ...(options.prefer ?? []), ...(options.exclude ?? [])]) {
      if (!this.has(n)) throw new InputInvalidError(`unknown backend "${n}" (known: ${this.names().join(', ')})`);
    }
    if (options.only) return [...options.only];
    const base = [...DEFAULT_PREFERENCE[runtime], ...this.names()];
    const ordered = [...(options.prefer ?? []), ...base].filter((n, i, all) => this.has(n) && all.indexOf(n) === i);
    return ordered.filter((n) => !(options.exclude ?? []).includes(n));
  }

  /** `name` = a backend name, or `auto` for the per-operation composite. */
  async select(name: string, options: SelectionOptions = {}): Promise<Backend> {
    if (name !== 'auto') return this.load(name);
    const backends: Backend[] = [];
    for (const n of this.order(options)) {
      try {
        backends.push(await this.load(n));
      } catch (e) {
        if (!(e instanceof CryptoplugError && e.code === 'ERR_BACKEND_UNAVAILABLE')) throw e;
      }
    }
    if (backends.length === 0) throw new BackendUnavailableError('no backend can load in this runtime');
    return createAutoBackend(backends);
  }
}

/** The operations `explain()` reports, one row per distinct capability question. */
export function standardQueries(): Array<{ label: string; query: CapabilityQuery }> {
  const rows: Array<{ label: string; query: CapabilityQuery }> = [];
  for (const curve of EC_CURVES) rows.push({ label: `ECDSA ${curve}`, query: { op: 'sign', alg: 'ECDSA', curve } });
  rows.push({ label: 'Ed25519', query: { op: 'sign', alg: 'Ed25519' } });
  rows.push({ label: 'RSASSA-PKCS1-v1_5', query: { op: 'sign', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } });
  rows.push({ label: 'RSA-PSS', query: { op: 'sign', alg: 'RSA-PSS', hash: 'SHA-256' } });
  for (const curve of ECDH_CURVES) rows.push({ label: `ECDH ${curve}`, query: { op: 'ecdh', curve } });
  rows.push({ label: 'RSA-OAEP SHA-1', query: { op: 'oaepDecrypt', hash: 'SHA-1' } });
  rows.push({ label: 'RSA-OAEP SHA-256', query: { op: 'oaepDecrypt', hash: 'SHA-256' } });
  rows.push({ label: 'digest', query: { op: 'digest', hash: 'SHA-256' } });
  rows.push({ label: 'HMAC', query: { op: 'hmac', hash: 'SHA-256' } });
  rows.push({ label: 'AES-GCM', query: { op: 'aesGcm' } });
  rows.push({ label: 'AES-CBC', query: { op: 'aesCbc' } });
  rows.push({ label: 'AES-KW', query: { op: 'aesKw' } });
  rows.push({ label: 'HKDF', query: { op: 'hkdf', hash: 'SHA-256' } });
  rows.push({ label: 'PBKDF2', query: { op: 'pbkdf2', hash: 'SHA-256' } });
  rows.push({ label: 'random', query: { op: 'random' } });
  return rows;
}

export interface AutoBackend extends Backend {
  /** The backends in the order they are tried. */
  readonly members: readonly Backend[];
  /** Which backend answers a question (undefined: none can). */
  pick(query: CapabilityQuery): Backend | undefined;
  /** One row per standard operation: the chosen backend and why. */
  explain(): Array<{ operation: string; backend: string | null; reason: string }>;
}

function unionCapabilities(members: readonly Backend[]): Capabilities {
  const all = members.map((b) => b.capabilities());
  const union = <T>(pick: (c: Capabilities) => readonly T[], order: readonly T[]): T[] =>
    order.filter((v) => all.some((c) => pick(c).includes(v)));
  return {
    ecdsa: {
      curves: union((c) => c.ecdsa.curves, EC_CURVES),
      hashes: union((c) => c.ecdsa.hashes, HASHES),
      // a pair is excluded from the union only when no member can do it
      exclude: EC_CURVES.flatMap((curve) => HASHES.map((hash) => ({ curve, hash }))).filter(
        (p) => !members.some((b) => b.supports({ op: 'sign', alg: 'ECDSA', curve: p.curve, hash: p.hash })) && all.some((c) => c.ecdsa.curves.includes(p.curve) && c.ecdsa.hashes.includes(p.hash)),
      ),
    },
    rsaPkcs1: { hashes: union((c) => c.rsaPkcs1.hashes, HASHES) },
    rsaPss: { hashes: union((c) => c.rsaPss.hashes, HASHES) },
    ed25519: all.some((c) => c.ed25519),
    ecdh: { curves: union((c) => c.ecdh.curves, ECDH_CURVES as readonly EcdhCurve[]) },
    rsaOaep: { hashes: union((c) => c.rsaOaep.hashes, HASHES), label: all.some((c) => c.rsaOaep.label) },
    digest: union((c) => c.digest, HASHES),
    hmac: union((c) => c.hmac, HASHES),
    aesGcm: all.some((c) => c.aesGcm),
    aesCbc: all.some((c) => c.aesCbc),
    aesKw: all.some((c) => c.aesKw),
    aesKeySizes: ([128, 192, 256] as const).filter((bits) => all.some((c) => (c.aesKeySizes ?? [128, 192, 256]).includes(bits))),
    hkdf: union((c) => c.hkdf, HASHES),
    pbkdf2: union((c) => c.pbkdf2, HASHES),
    random: all.some((c) => c.random),
    generateKey: union((c) => c.generateKey, KEY_SPECS as readonly KeySpec[]),
  };
}

const bitsOf = (key: Uint8Array) => (key.length * 8) as 128 | 192 | 256;

/** Composite backend: per operation, the first member that supports it. */
export function createAutoBackend(members: readonly Backend[]): AutoBackend {
  if (members.length === 0) throw new InputInvalidError('auto backend needs at least one member');
  const pick = (q: CapabilityQuery): Backend | undefined => members.find((b) => b.supports(q));
  const choose = (q: CapabilityQuery, what: string): Backend => {
    const b = pick(q);
    if (!b) throw new UnsupportedError(`${what} is not supported by any available backend (${members.map((m) => m.name).join(', ')})`);
    return b;
  };
  // The composite validates through each member; defineBackend here supplies the union of capabilities, dispatch, and
  // the ECDSA encoding (members get P1363, as every BackendImpl does).
  const impl: BackendImpl = {
    name: 'auto',
    capabilities: () => unionCapabilities(members),
    sign: (alg, key, data) => choose(signatureQuery('sign', alg, key), alg.name).sign(alg, key, data),
    verify: (alg, key, sig, data) => choose(signatureQuery('verify', alg, key), alg.name).verify(alg, key, sig, data),
    verifyMany: async (items) => {
      // Group by the member that verifies each item, then let each member batch its share.
      const out: boolean[] = new Array(items.length).fill(false);
      const groups = new Map<Backend, number[]>();
      items.forEach((it, i) => {
        const b = choose(signatureQuery('verify', it.alg, it.key), it.alg.name);
        groups.set(b, [...(groups.get(b) ?? []), i]);
      });
      for (const [b, idx] of groups) {
        const res = await b.verifyMany(idx.map((i) => items[i]!));
        idx.forEach((i, j) => (out[i] = res[j]!));
      }
      return out;
    },
    deriveSharedSecret: (priv, pub) => choose({ op: 'ecdh', curve: priv.curve as EcdhCurve }, 'ECDH').deriveSharedSecret(priv, pub),
    oaepEncrypt: (p, k, pt) => choose({ op: 'oaepEncrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, 'RSA-OAEP').oaepEncrypt(p, k, pt),
    oaepDecrypt: (p, k, ct) => choose({ op: 'oaepDecrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, 'RSA-OAEP').oaepDecrypt(p, k, ct),
    digest: (h, d) => choose({ op: 'digest', hash: h }, 'digest').digest(h, d),
    hmac: (h, k, d) => choose({ op: 'hmac', hash: h }, 'HMAC').hmac(h, k, d),
    aesGcmEncrypt: (k, iv, pt, aad) => choose({ op: 'aesGcm', keyBits: bitsOf(k) }, 'AES-GCM').aesGcmEncrypt(k, iv, pt, aad),
    aesGcmDecrypt: (k, iv, ct, tag, aad) => choose({ op: 'aesGcm', keyBits: bitsOf(k) }, 'AES-GCM').aesGcmDecrypt(k, iv, ct, tag, aad),
    aesCbcEncrypt: (k, iv, pt) => choose({ op: 'aesCbc', keyBits: bitsOf(k) }, 'AES-CBC').aesCbcEncrypt(k, iv, pt),
    aesCbcDecrypt: (k, iv, ct) => choose({ op: 'aesCbc', keyBits: bitsOf(k) }, 'AES-CBC').aesCbcDecrypt(k, iv, ct),
    aesKwWrap: (kek, k) => choose({ op: 'aesKw', keyBits: bitsOf(kek) }, 'AES-KW').aesKwWrap(kek, k),
    aesKwUnwrap: (kek, w) => choose({ op: 'aesKw', keyBits: bitsOf(kek) }, 'AES-KW').aesKwUnwrap(kek, w),
    hkdf: (h, ikm, salt, info, len) => choose({ op: 'hkdf', hash: h }, 'HKDF').hkdf(h, ikm, salt, info, len),
    pbkdf2: (h, pw, salt, it, len) => choose({ op: 'pbkdf2', hash: h }, 'PBKDF2').pbkdf2(h, pw, salt, it, len),
    randomBytes: (n) => choose({ op: 'random' }, 'random').randomBytes(n),
    generateKey: (spec) => choose({ op: 'generateKey', spec }, `generating ${spec} keys`).generateKey(spec),
  };
  const base = defineBackend(impl);
  return Object.freeze({
    ...base,
    name: 'auto',
    members,
    pick,
    explain() {
      return standardQueries().map(({ label, query }) => {
        const idx = members.findIndex((b) => b.supports(query));
        const chosen = members[idx];
        if (!chosen) return { operation: label, backend: null, reason: 'no available backend supports it' };
        const skipped = members.slice(0, idx).map((b) => b.name);
        return {
          operation: label,
          backend: chosen.name,
          reason: idx === 0 ? `first in preference order (${members.map((m) => m.name).join(' > ')})` : `${skipped.join(', ')} cannot; next in preference order`,
        };
      });
    },
  });
}
