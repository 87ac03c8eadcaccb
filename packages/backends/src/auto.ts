/**
 * `auto`: a composite backend that, per operation and parameters (algorithm, curve, hash, AES key size, AES-GCM IV
 * length), delegates to the first member in preference order that supports it — so `auto` keeps working when the
 * preferred backend lacks an operation, and never picks a member that would then refuse the call.
 */
import {
  ECDH_CURVES,
  EC_CURVES,
  HASHES,
  InputInvalidError,
  KEY_SPECS,
  UnsupportedError,
  defineBackend,
  signatureQuery,
  type AesGcmIvBounds,
  type Backend,
  type BackendImpl,
  type Capabilities,
  type CapabilityQuery,
  type EcdhCurve,
  type KeySpec,
} from '@cryptoplug/core';

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

/**
 * The envelope of the members' AES-GCM IV bounds (smallest min, largest max). A length inside the envelope that no
 * member takes (a gap between members' ranges) still fails with ERR_UNSUPPORTED when `auto` picks the member, and
 * `supports()` of the composite asks the members, so it answers such a length exactly.
 */
function unionGcmIv(caps: readonly Capabilities[]): AesGcmIvBounds | undefined {
  if (caps.length === 0 || caps.some((c) => c.aesGcmIv === undefined)) return undefined;
  const bounds = caps.map((c) => c.aesGcmIv!);
  const min = Math.min(...bounds.map((b) => b.min));
  const max = bounds.some((b) => b.max === undefined) ? undefined : Math.max(...bounds.map((b) => b.max!));
  const reason = "the union of the members' bounds";
  return max === undefined ? { min, reason } : { min, max, reason };
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
    aesGcmIv: unionGcmIv(all.filter((c) => c.aesGcm)),
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
const gcmQuery = (key: Uint8Array, iv: Uint8Array): CapabilityQuery => ({ op: 'aesGcm', keyBits: bitsOf(key), ivLength: iv.length });
const gcmWhat = (key: Uint8Array, iv: Uint8Array) => `AES-GCM with a ${bitsOf(key)}-bit key and a ${iv.length}-byte IV`;

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
      // The member that verifies each item (consecutive items with the same alg and key objects share the choice).
      // A batch one member takes whole (the common case) is passed on as it is; otherwise each member batches its
      // share, all members at once, and the answers are put back in order.
      const n = items.length;
      const chosen = new Array<Backend>(n);
      let lastAlg: unknown, lastKey: unknown, b: Backend | undefined, single: Backend | undefined, mixed = false;
      for (let i = 0; i < n; i++) {
        const it = items[i]!;
        if (b === undefined || it.alg !== lastAlg || it.key !== lastKey) {
          b = choose(signatureQuery('verify', it.alg, it.key), it.alg.name);
          lastAlg = it.alg;
          lastKey = it.key;
        }
        chosen[i] = b;
        if (single === undefined) single = b;
        else if (b !== single) mixed = true;
      }
      if (!mixed) return single === undefined ? [] : single.verifyMany(items);
      const groups = new Map<Backend, number[]>();
      for (let i = 0; i < n; i++) {
        const idx = groups.get(chosen[i]!);
        if (idx) idx.push(i);
        else groups.set(chosen[i]!, [i]);
      }
      const out = new Array<boolean>(n).fill(false);
      await Promise.all(
        [...groups].map(async ([m, idx]) => {
          const res = await m.verifyMany(idx.map((i) => items[i]!));
          idx.forEach((i, j) => (out[i] = res[j]!));
        }),
      );
      return out;
    },
    deriveSharedSecret: (priv, pub) => choose({ op: 'ecdh', curve: priv.curve as EcdhCurve }, 'ECDH').deriveSharedSecret(priv, pub),
    oaepEncrypt: (p, k, pt) => choose({ op: 'oaepEncrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, 'RSA-OAEP').oaepEncrypt(p, k, pt),
    oaepDecrypt: (p, k, ct) => choose({ op: 'oaepDecrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, 'RSA-OAEP').oaepDecrypt(p, k, ct),
    digest: (h, d) => choose({ op: 'digest', hash: h }, 'digest').digest(h, d),
    hmac: (h, k, d) => choose({ op: 'hmac', hash: h }, 'HMAC').hmac(h, k, d),
    // AES-GCM routes by key size and IV length: a member whose IV bounds exclude this IV is skipped, not chosen.
    aesGcmEncrypt: (k, iv, pt, aad) => choose(gcmQuery(k, iv), gcmWhat(k, iv)).aesGcmEncrypt(k, iv, pt, aad),
    aesGcmDecrypt: (k, iv, ct, tag, aad) => choose(gcmQuery(k, iv), gcmWhat(k, iv)).aesGcmDecrypt(k, iv, ct, tag, aad),
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
    // Exact per query (a member must support it), where the union of capabilities is only an envelope.
    supports: (q: CapabilityQuery) => pick(q) !== undefined,
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
