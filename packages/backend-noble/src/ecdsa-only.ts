/**
 * `@cryptoplug/backend-noble/ecdsa`: the noble backend with only its ECDSA family, for bundles that sign or verify
 * ECDSA and nothing else — no Ed25519, X25519, AES or key generation code comes along, and core's checks are only the
 * signature family's (`composeBackend(impl, [signatureOps])`). Same name and same ECDSA as the full backend; every
 * other operation is ERR_UNSUPPORTED.
 *
 * - `createNobleEcdsaBackend()`: P-256/384/521 × SHA-1/256/384/512 (all of @noble/hashes' SHA-1 and SHA-2 comes along).
 * - `nobleEcdsaBackend({ curves, hashes })`: only the noble curves and hashes you pass (e.g. `{ 'P-256': p256 }` and
 *   `{ 'SHA-256': sha256 }` for ES256), so the bundle holds only those noble modules. Capabilities list exactly them.
 */
import { EC_CURVES, HASHES, capabilitiesWith, composeBackend, signatureFamilies, signatureOps, type Backend, type Capabilities, type EcCurve, type HashName } from '@cryptoplug/core';
import { ecdsaSign, ecdsaVerify, ecdsaWith, type NobleCurves, type NobleHashes } from './ecdsa.js';

export type { NobleCurves, NobleHashes };

const NAME = 'noble';

function capabilities(curves: readonly EcCurve[], hashes: readonly HashName[]): Capabilities {
  return capabilitiesWith({ ecdsa: { curves: [...curves], hashes: [...hashes] } });
}

/** ECDSA on every curve and hash of the contract. */
export function createNobleEcdsaBackend(): Backend {
  const caps = capabilities(EC_CURVES, HASHES);
  return composeBackend(
    { name: NAME, capabilities: () => caps, ...signatureFamilies(NAME, { ecdsa: { sign: ecdsaSign, verify: ecdsaVerify } }) },
    [signatureOps],
  );
}

/** ECDSA on only the given noble curves and hashes. */
export function nobleEcdsaBackend(options: { readonly curves: NobleCurves; readonly hashes: NobleHashes }): Backend {
  const { curves, hashes } = options;
  const caps = capabilities(
    EC_CURVES.filter((c) => curves[c] !== undefined),
    HASHES.filter((h) => hashes[h] !== undefined),
  );
  return composeBackend({ name: NAME, capabilities: () => caps, ...signatureFamilies(NAME, { ecdsa: ecdsaWith(curves, hashes) }) }, [signatureOps]);
}
