/**
 * Dispatch of the signature algorithms to a backend's family modules (ecdsa.ts, eddsa.ts, rsa.ts), written once here
 * instead of a `switch (alg.name)` in every backend. A family a backend does not implement is ERR_UNSUPPORTED (core
 * already refuses it from the capabilities; this covers direct BackendImpl use).
 */
import type { BackendImpl, SignatureAlgorithm } from './contract.js';
import { UnsupportedError } from './errors.js';
import type { PrivateKey, PublicKey } from './keys/key.js';

type Maybe<T> = Promise<T> | T;
type Family<A extends SignatureAlgorithm> = {
  readonly sign: (alg: A, key: PrivateKey, data: Uint8Array) => Maybe<Uint8Array>;
  readonly verify: (alg: A, key: PublicKey, signature: Uint8Array, data: Uint8Array) => Maybe<boolean>;
};

export interface SignatureFamilies {
  readonly ecdsa?: Family<Extract<SignatureAlgorithm, { name: 'ECDSA' }>>;
  readonly ed25519?: Family<Extract<SignatureAlgorithm, { name: 'Ed25519' }>>;
  /** RSASSA-PKCS1-v1_5 and RSA-PSS. */
  readonly rsa?: Family<Extract<SignatureAlgorithm, { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' }>>;
}

export function signatureFamilies(backendName: string, f: SignatureFamilies): Required<Pick<BackendImpl, 'sign' | 'verify'>> {
  const familyOf = (alg: SignatureAlgorithm): Family<never> => {
    const fam = alg.name === 'ECDSA' ? f.ecdsa : alg.name === 'Ed25519' ? f.ed25519 : f.rsa;
    if (!fam) throw new UnsupportedError(`${alg.name} is not implemented by the ${backendName} backend`);
    return fam as unknown as Family<never>;
  };
  return {
    sign: (alg, key, data) => familyOf(alg).sign(alg as never, key, data),
    verify: (alg, key, signature, data) => familyOf(alg).verify(alg as never, key, signature, data),
  };
}
