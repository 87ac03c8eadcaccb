/**
 * Deferred key-pair consistency. A private key made by `privateKeyFromMaterialDeferred` (JWK import) on a public-only
 * hot path (JOSE's key resolution) is validated at once for everything cheap (sizes, scalar range, public point on the
 * curve), while the check that the private scalar really belongs to the public point — a scalar multiplication — runs
 * on the key's first private operation: `defineBackend` awaits {@link ensureKeyPairChecked} before sign/ECDH, loading
 * the curve arithmetic then. So a verify-only bundle never carries it, and no backend ever sees an inconsistent pair.
 */
import { KeyInvalidError } from '../errors.js';
import { bytesEqual, concatBytes } from '../bytes.js';
import type { PrivateKey } from './key.js';
import { keyMaterial } from './material.js';

const unchecked = new WeakSet<object>();

export function markPairUnchecked(key: PrivateKey): PrivateKey {
  unchecked.add(key);
  return key;
}

/** Resolves once the key's private and public parts are known to agree; rejects with ERR_KEY_INVALID otherwise. */
export async function ensureKeyPairChecked(key: PrivateKey): Promise<void> {
  if (!unchecked.has(key)) return;
  const { ecPublicFromPrivate, okpPublicFromPrivate } = await import('../curve-math.js');
  const m = keyMaterial(key);
  let ok = true;
  if (m.kty === 'EC') {
    const pub = ecPublicFromPrivate(m.curve, m.d);
    ok = bytesEqual(concatBytes(pub.x, pub.y), concatBytes(m.x, m.y));
  } else if (m.kty === 'OKP') {
    ok = bytesEqual(okpPublicFromPrivate(m.curve, m.d), m.x);
  }
  if (!ok) throw new KeyInvalidError(`${key.describe()}: public part does not match the private key`);
  unchecked.delete(key);
}

/** Records that a key's pair consistency was established another way (see `ecdhOpsBackendPairCheck`). */
export function markPairChecked(key: PrivateKey): void {
  unchecked.delete(key);
}

export function isPairUnchecked(key: object): boolean {
  return unchecked.has(key);
}
