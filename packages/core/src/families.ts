/**
 * Dispatch of the signature algorithms to a backend's family modules (ecdsa.ts, eddsa.ts, rsa.ts), written once here
 * instead of a `switch (alg.name)` in every backend. A family a backend does not implement is ERR_UNSUPPORTED (core
 * already refuses it from the capabilities; this covers direct BackendImpl use). `verifyFamilies` is the same dispatch
 * for `verify` alone, for verify-only builds (composed with `verifyOps`), which carry no signing code.
 */
import type { BackendImpl, SignatureAlgorithm } from './contract.js';
import { UnsupportedError } from './errors.js';
import type { PrivateKey, PublicKey } from './keys/key.js';

type Maybe<T> = Promise<T> | T;
type Verify<A extends SignatureAlgorithm> = { readonly verify: (alg: A, key: PublicKey, signature: Uint8Array, data: Uint8Array) => Maybe<boolean> };
type Family<A extends SignatureAlgorithm> = Verify<A> & { readonly sign: (alg: A, key: PrivateKey, data: Uint8Array) => Maybe<Uint8Array> };
type Ecdsa = Extract<SignatureAlgorithm, { name: 'ECDSA' }>;
type Ed25519 = Extract<SignatureAlgorithm, { name: 'Ed25519' }>;
type Rsa = Extract<SignatureAlgorithm, { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' }>;

export interface SignatureFamilies {
  readonly ecdsa?: Family<Ecdsa>;
  readonly ed25519?: Family<Ed25519>;
  /** RSASSA-PKCS1-v1_5 and RSA-PSS. */
  readonly rsa?: Family<Rsa>;
}

/** The families' `verify` functions only (a verify-only build). */
export interface VerifyFamilies {
  readonly ecdsa?: Verify<Ecdsa>;
  readonly ed25519?: Verify<Ed25519>;
  /** RSASSA-PKCS1-v1_5 and RSA-PSS. */
  readonly rsa?: Verify<Rsa>;
}

function familyOf<F>(backendName: string, f: { readonly ecdsa?: F; readonly ed25519?: F; readonly rsa?: F }, alg: SignatureAlgorithm): F {
  const fam = alg.name === 'ECDSA' ? f.ecdsa : alg.name === 'Ed25519' ? f.ed25519 : f.rsa;
  if (!fam) throw new UnsupportedError(`${alg.name} is not implemented by the ${backendName} backend`);
  return fam;
}

export function signatureFamilies(backendName: string, f: SignatureFamilies): Required<Pick<BackendImpl, 'sign' | 'verify'>> {
  return {
    sign: (alg, key, data) => familyOf<Family<never>>(backendName, f as never, alg).sign(alg as never, key, data),
    verify: verifyFamilies(backendName, f).verify,
  };
}

export function verifyFamilies(backendName: string, f: VerifyFamilies): Required<Pick<BackendImpl, 'verify'>> {
  return { verify: (alg, key, signature, data) => familyOf<Verify<never>>(backendName, f as never, alg).verify(alg as never, key, signature, data) };
}
