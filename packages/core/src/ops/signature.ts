/**
 * The signature family of `defineBackend`: `sign`, `verify`, `verifyMany`. Checks: algorithm shape and hash, key
 * class and type vs algorithm, RSA-PSS salt bounds, signature lengths, P1363 r/s ranges (out of range is `false`
 * without calling the backend), the capability gate; ECDSA DER ⇄ P1363 in core (the DER codec loads on the first
 * `encoding: 'der'` call only).
 *
 * It is two families, so that a verifier can be composed without signing code: `verifyOps` (`verify`, `verifyMany`;
 * answers `{ op: 'verify' }`) and `signOps` (`sign`, with the deferred key-pair check of a JWK private key; answers
 * `{ op: 'sign' }`). `signatureOps` is both — what `defineBackend` and every full backend compose. A verify-only build
 * (`composeBackend(impl, [verifyOps, …])`, e.g. `@cryptoplug/backend-webcrypto/verify`) refuses `sign` with
 * ERR_UNSUPPORTED and `supports({ op: 'sign', … })` is false. `verifyMany`'s batch plumbing (`verify-many-checked.ts`)
 * is loaded on its first call: its items get the same `prepareVerify` checks as `verify`.
 */
import type { Capabilities, CapabilityQuery, HashName, SignatureAlgorithm, VerifyItem } from '../contract.js';
import type { EcCurve } from '../names.js';
import { EC } from '../curves.js';
import { InputInvalidError, KeyAlgMismatchError, OperationFailedError, SignatureMalformedError, UnsupportedError } from '../errors.js';
import { assertBytes, isBytes } from '../bytes.js';
import { assertP1363Length, p1363InRange } from '../encoding/ecdsa-signature.js';
import type { PrivateKey, PublicKey } from '../keys/key.js';
import { ensureKeyPairChecked, isPairUnchecked } from '../keys/pair-check.js';
import { keyMaterial } from '../keys/material.js';
import { HASH_SIZE, asPrivate, asPublic, assertHash, rsaBytes, family, onFirstUse, type OperationFamily, type OpsContext } from './context.js';

/** The DER signature codec (ASN.1 schemas) loads on the first `encoding: 'der'` call only. */
type DerCodec = typeof import('../encoding/ecdsa-der.js');
let derCodec: DerCodec | undefined;
export async function loadDerCodec(): Promise<DerCodec> {
  return (derCodec ??= await import('../encoding/ecdsa-der.js'));
}
export const wantsDer = (alg: unknown): boolean => (alg as { name?: unknown; encoding?: unknown } | null)?.encoding === 'der';

function assertAlg(alg: unknown): asserts alg is SignatureAlgorithm {
  if (typeof alg !== 'object' || alg === null) throw new InputInvalidError('signature algorithm must be an object');
  const a = alg as { name?: unknown; hash?: unknown; encoding?: unknown; saltLength?: unknown };
  if (a.name === 'Ed25519') return;
  if (a.name !== 'ECDSA' && a.name !== 'RSASSA-PKCS1-v1_5' && a.name !== 'RSA-PSS') {
    throw new UnsupportedError(`signature algorithm ${String(a.name)} is not supported`);
  }
  assertHash(a.hash);
  if (a.name === 'ECDSA' && a.encoding !== undefined && a.encoding !== 'p1363' && a.encoding !== 'der') {
    throw new InputInvalidError(`ECDSA signature encoding must be "p1363" or "der", got ${String(a.encoding)}`);
  }
  if (a.name === 'RSA-PSS' && (typeof a.saltLength !== 'number' || !Number.isInteger(a.saltLength) || a.saltLength < 0)) {
    throw new InputInvalidError('RSA-PSS needs an explicit non-negative integer saltLength');
  }
}

/** The capability question a signature operation asks: algorithm, the key's curve, and the hash. */
export function signatureQuery(op: 'sign' | 'verify', alg: SignatureAlgorithm, key: PrivateKey | PublicKey): CapabilityQuery {
  // built in place (it runs on every sign/verify): one object, no spread temporaries
  const q: { op: 'sign' | 'verify'; alg: SignatureAlgorithm['name']; curve?: NonNullable<PrivateKey['curve']>; hash?: HashName } = { op, alg: alg.name };
  const curve = key.curve;
  if (curve) q.curve = curve;
  if ('hash' in alg) q.hash = alg.hash;
  return q as CapabilityQuery;
}

/** `{ op: 'sign' | 'verify', alg, curve?, hash? }`: the algorithm, with the curve and hash when given. */
function signatureSupported(caps: Capabilities, q: Extract<CapabilityQuery, { op: 'sign' | 'verify' }>): boolean {
  switch (q.alg) {
    case 'ECDSA':
      return (
        (q.curve === undefined || caps.ecdsa.curves.includes(q.curve as never)) &&
        (q.hash === undefined || caps.ecdsa.hashes.includes(q.hash)) &&
        caps.ecdsa.curves.length > 0 &&
        !(caps.ecdsa.exclude ?? []).some((x) => x.curve === q.curve && x.hash === q.hash)
      );
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS': {
      const hashes = (q.alg === 'RSA-PSS' ? caps.rsaPss : caps.rsaPkcs1).hashes;
      return q.hash === undefined ? hashes.length > 0 : hashes.includes(q.hash);
    }
    case 'Ed25519':
      return caps.ed25519;
    default:
      return false;
  }
}

/**
 * What one key passed on one backend: the algorithm name and hash for which its key-fit check (kty/curve against the
 * algorithm) and the capability gate said yes, and the key's curve. Both answers depend only on (algorithm name, hash,
 * key) — keys are immutable and a backend's capabilities are read once — so a key used again with the same algorithm
 * skips them (one WeakMap lookup instead of the key-material lookups, the capability query object and its answer).
 * Every other check (algorithm shape, key class, pair consistency, bytes, PSS salt bound, signature length and range)
 * runs on every call.
 */
interface KeyPass {
  readonly name: SignatureAlgorithm['name'];
  readonly hash: HashName | undefined;
  readonly curve: EcCurve | undefined;
}

/** The largest RSA-PSS salt for a key and hash (emLen − hLen − 2). */
const pssMaxSalt = (k: PrivateKey | PublicKey, hash: HashName): number => Math.ceil((k.bits - 1) / 8) - HASH_SIZE[hash] - 2;

/** What one key passed, per key object: see {@link keyChecker}. */
type KeyPasses = (op: 'sign' | 'verify', alg: SignatureAlgorithm, k: PrivateKey | PublicKey) => EcCurve | undefined;

/**
 * The key-fit check (kty/curve against the algorithm) and the capability gate, once per key and algorithm (see
 * {@link KeyPass}), with the PSS salt bound of `sign` between them as before (on every call). The returned function
 * gives the key's EC curve (undefined for other keys). Each family keeps its own keys (a private key is only ever
 * signed with here, a public key verified with).
 */
function keyChecker(require: OpsContext['require']): KeyPasses {
  const passed = new WeakMap<object, KeyPass>();
  return (op, alg, k) => {
    const hash = (alg as { hash?: HashName }).hash;
    const p = passed.get(k);
    const hit = p !== undefined && p.name === alg.name && p.hash === hash;
    const m = hit ? undefined : keyMaterial(k);
    if (m && !(alg.name === 'ECDSA' ? m.kty === 'EC' : alg.name === 'Ed25519' ? (m as { curve?: string }).curve === 'Ed25519' /* OKP only */ : m.kty === 'RSA')) {
      throw new KeyAlgMismatchError(`${alg.name} cannot use an ${k.describe()}`);
    }
    if (op === 'sign' && alg.name === 'RSA-PSS') {
      const max = pssMaxSalt(k, alg.hash);
      if (alg.saltLength > max) throw new InputInvalidError(`RSA-PSS saltLength ${alg.saltLength} exceeds ${max} for this key and hash`);
    }
    if (!m) return p!.curve;
    require(signatureQuery(op, alg, k), () => [alg.name, k.curve, hash].filter(Boolean).join(' '));
    const curve = m.kty === 'EC' ? m.curve : undefined;
    passed.set(k, { name: alg.name, hash, curve });
    return curve;
  };
}

/** The checks of `verify`, shared with `verifyMany`: the normalised item, or `false` when core already knows. */
export type PrepareVerify = (alg: SignatureAlgorithm, key: PublicKey | PrivateKey, signature: Uint8Array, data: Uint8Array) => VerifyItem | false;

const withBatch = /* @__PURE__ */ onFirstUse(() => import('./verify-many-checked.js'));

/** `verify` and `verifyMany` (a verifier's build composes only this of the signature operations). */
export const verifyOps: OperationFamily = /* @__PURE__ */ family({ verify: signatureSupported }, (ctx) => {
  const { name, method, fail } = ctx;
  const keyPasses = keyChecker(ctx.require);

  const prepareVerify: PrepareVerify = (alg, key, signature, data) => {
    assertAlg(alg);
    const k = asPublic(key, alg.name);
    assertBytes(data, 'data');
    assertBytes(signature, 'signature');
    const ecCurve = keyPasses('verify', alg, k);
    let sig = signature;
    switch (alg.name) {
      case 'ECDSA': {
        const curve = ecCurve ?? 'P-256';
        if (alg.encoding === 'der') sig = derCodec!.derToP1363(curve, signature); // loaded by the caller
        else assertP1363Length(curve, signature);
        if (!p1363InRange(curve, sig)) return false;
        return { alg: { name: 'ECDSA', hash: alg.hash, encoding: 'p1363' }, key: k, signature: sig, data };
      }
      case 'Ed25519':
        if (sig.length !== 64) throw new SignatureMalformedError(`Ed25519 signature must be 64 bytes, got ${sig.length}`);
        break;
      default:
        if (sig.length !== rsaBytes(k)) {
          throw new SignatureMalformedError(`RSA signature must be ${rsaBytes(k)} bytes for this key, got ${sig.length}`);
        }
        if (alg.name === 'RSA-PSS' && alg.saltLength > pssMaxSalt(k, alg.hash)) return false;
    }
    return { alg, key: k, signature: sig, data };
  };

  return {
    async verify(alg, key, signature, data) {
      if (wantsDer(alg)) await loadDerCodec();
      const prepared = prepareVerify(alg, key, signature, data);
      if (prepared === false) return false;
      let ok: boolean;
      try {
        const answer = method('verify')(prepared.alg, prepared.key, prepared.signature, prepared.data);
        ok = answer instanceof Promise ? await answer : answer;
      } catch (e) {
        return fail('verify', e);
      }
      if (typeof ok !== 'boolean') throw new OperationFailedError(`${name}: verify returned a non-boolean`);
      return ok;
    },

    verifyMany: (items, options) => withBatch((m) => m.verifyMany(ctx, prepareVerify, items, options)),
  };
});

/** `sign` (with the deferred pair check of a JWK private key before its first use). */
export const signOps: OperationFamily = /* @__PURE__ */ family({ sign: signatureSupported }, ({ name, require, method, fail }) => {
  const keyPasses = keyChecker(require);
  return {
    async sign(alg, key, data) {
      assertAlg(alg);
      const k = asPrivate(key, alg.name);
      if (isPairUnchecked(k)) await ensureKeyPairChecked(k); // no await (and no microtask) for a checked pair
      assertBytes(data, 'data');
      const ecCurve = keyPasses('sign', alg, k);
      // Backends always sign P1363; core encodes DER when asked.
      const implAlg: SignatureAlgorithm = alg.name === 'ECDSA' && alg.encoding === 'der' ? { name: 'ECDSA', hash: alg.hash, encoding: 'p1363' } : alg;
      let sig: Uint8Array;
      try {
        const answer = method('sign')(implAlg, k, data);
        sig = answer instanceof Promise ? await answer : answer; // a synchronous backend's value is used as is
      } catch (e) {
        return fail('sign', e);
      }
      if (!isBytes(sig)) throw new OperationFailedError(`${name}: sign returned no bytes`);
      if (alg.name === 'ECDSA') {
        const curve = ecCurve ?? 'P-256';
        if (sig.length !== 2 * EC[curve].size) throw new OperationFailedError(`${name}: ECDSA signature of unexpected length`);
        return alg.encoding === 'der' ? (await loadDerCodec()).p1363ToDer(curve, sig) : sig;
      }
      return sig;
    },
  };
});

/** The whole signature family: `signOps` and `verifyOps`. */
export const signatureOps: OperationFamily = /* @__PURE__ */ family({ sign: signatureSupported, verify: signatureSupported }, (ctx) => ({ ...signOps(ctx), ...verifyOps(ctx) }));
