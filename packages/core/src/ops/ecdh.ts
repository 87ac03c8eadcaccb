/**
 * The ECDH family of `defineBackend`: `deriveSharedSecret`. Checks: key classes, same curve on both sides (no
 * Ed25519, no RSA), the private key's pair consistency, small-order X25519 peers (RFC 7748: the all-zero secret), the
 * capability gate, and the size of what the backend returns.
 */
import type { EcCurve, EcdhCurve } from '../contract.js';
import { EC } from '../curves.js';
import { KeyAlgMismatchError, KeyInvalidError, OperationFailedError } from '../errors.js';
import { bytesEqual, hexToBytes, isBytes } from '../bytes.js';
import { PublicKey, type PrivateKey } from '../keys/key.js';
import { ensureKeyPairChecked, isPairUnchecked, markPairChecked } from '../keys/pair-check.js';
import { keyMaterial } from '../keys/material.js';
import { asPrivate, asPublic, family, type OperationFamily, type OpsContext } from './context.js';

/** RFC 7748 small-order check, loaded on first X25519 use (once; afterwards no extra await): NIST-curve builds skip it. */
let x25519: typeof import('../x25519-low-order.js') | undefined;

/** X25519 public keys already found not to be of small order (keys are immutable: the answer never changes). */
const fullOrder = new WeakSet<PublicKey>();

type PairCheck = (priv: PrivateKey, ctx: OpsContext) => Promise<void>;

/* @__NO_SIDE_EFFECTS__ */
function ecdhFamily(pairCheckFirst: PairCheck | undefined, pairCheckLast: PairCheck | undefined): OperationFamily {
  return family({ ecdh: (caps, q) => caps.ecdh.curves.includes(q.curve) }, (ctx) => {
    const { name, require, method, fail } = ctx;
    /**
     * Curves the capability gate said yes to on this backend: the answer depends only on the curve (capabilities are
     * read once), so it is asked once per curve instead of building a query and its message closure on every call.
     */
    const supported = new Set<string>();
    return {
      async deriveSharedSecret(privateKey, publicKey) {
        const priv = asPrivate(privateKey, 'ECDH');
        // both pair checks do nothing for a checked pair: no await (and no microtask) then
        if (pairCheckFirst && isPairUnchecked(priv)) await pairCheckFirst(priv, ctx);
        const pub = asPublic(publicKey, 'ECDH');
        const curve = priv.curve;
        if (curve === undefined || curve === 'Ed25519' || priv.kty === 'RSA') {
          throw new KeyAlgMismatchError(`ECDH cannot use an ${priv.describe()}`);
        }
        if (pub.curve !== curve) throw new KeyAlgMismatchError(`ECDH peer key is ${pub.describe()}, expected ${curve}`);
        if (!supported.has(curve)) {
          require({ op: 'ecdh', curve: curve as EcdhCurve }, () => `ECDH on ${curve}`);
          supported.add(curve);
        }
        if (curve === 'X25519' && !fullOrder.has(pub)) {
          if ((x25519 ?? (x25519 = await import('../x25519-low-order.js'))).isLowOrderX25519((keyMaterial(pub) as { readonly x: Uint8Array }).x)) {
            throw new KeyInvalidError('X25519 public key has small order (the shared secret would be all zero)');
          }
          fullOrder.add(pub);
        }
        if (pairCheckLast && isPairUnchecked(priv)) await pairCheckLast(priv, ctx);
        let z: Uint8Array;
        try {
          const answer = method('deriveSharedSecret')(priv, pub);
          z = answer instanceof Promise ? await answer : answer; // a synchronous backend's value is used as is
        } catch (e) {
          return fail('ECDH', e);
        }
        const size = curve === 'X25519' ? 32 : EC[curve].size;
        if (!isBytes(z) || z.length !== size) throw new OperationFailedError(`${name}: ECDH returned ${isBytes(z) ? z.length : 'no'} bytes, expected ${size}`);
        return z;
      },
    };
  });
}

/** The ECDH family (used by `defineBackend`): a deferred private key's pair is checked with core's curve arithmetic. */
export const ecdhOps: OperationFamily = /* @__PURE__ */ ecdhFamily((priv) => ensureKeyPairChecked(priv), undefined);

/** Uncompressed base points (x‖y) of the NIST curves (SEC 2 / FIPS 186-5). */
const BASE_POINTS: Readonly<Record<EcCurve, string>> = {
  'P-256':
    '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5',
  'P-384':
    'aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f',
  'P-521':
    '00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650',
};

function basePoint(priv: PrivateKey): PublicKey {
  const m = keyMaterial(priv);
  if (m.kty === 'EC') {
    const xy = hexToBytes(BASE_POINTS[m.curve]);
    const size = EC[m.curve].size;
    return new PublicKey({ kty: 'EC', curve: m.curve, x: xy.subarray(0, size), y: xy.subarray(size) });
  }
  const u = new Uint8Array(32);
  u[0] = 9; // RFC 7748 base point, little-endian
  return new PublicKey({ kty: 'OKP', curve: 'X25519', x: u });
}

/**
 * The ECDH family with the deferred pair check done by the backend's own ECDH instead of core's curve arithmetic
 * (@noble/curves): Z of the private key with the curve's base point must be the key's public x (NIST curves) or u
 * (X25519). For builds that must not carry noble (`@cryptoplug/backend-webcrypto/jwe`). Exact for X25519; on
 * P-256/384/521 it checks x — the sign of y (the point is on the curve, checked at import) cannot be seen through
 * ECDH, and no ECDH result depends on it. Costs one extra ECDH on a JWK private key's first use.
 */
export const ecdhOpsBackendPairCheck: OperationFamily = /* @__PURE__ */ ecdhFamily(undefined, async (priv, { run, method }) => {
  if (!isPairUnchecked(priv)) return;
  const m = keyMaterial(priv);
  if (m.kty === 'RSA') return;
  const z = await run('ECDH', () => method('deriveSharedSecret')(priv, basePoint(priv)));
  if (!isBytes(z) || !bytesEqual(z, m.x)) throw new KeyInvalidError(`${priv.describe()}: public part does not match the private key`);
  markPairChecked(priv);
});
