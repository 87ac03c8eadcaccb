/** Object identifiers that appear in Virgil envelopes, signatures and keys (as virgil-crypto 5.x writes them). */
export const OIDS = {
  ed25519: '1.3.101.112',
  x25519: '1.3.101.110',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  /** ISO 18033-2 KDF2 (id-kdf-kdf2). */
  kdf2: '1.0.18033.2.5.2',
  /** RFC 8619 id-alg-hkdf-with-sha512: the cipher KDF of signed (signAndEncrypt) messages. */
  hkdfSha512: '1.2.840.113549.1.9.16.3.30',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes256Gcm: '2.16.840.1.101.3.4.1.46',
  cmsData: '1.2.840.113549.1.7.1',
  cmsEnvelopedData: '1.2.840.113549.1.7.3',
  /** Virgil random padding (1.3.6.1.4.1.54811.1.3). */
  randomPadding: '1.3.6.1.4.1.54811.1.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

/** Virgil's private arc: compound, hybrid and post-quantum (Round5, Falcon) key algorithms live under it. */
export const VIRGIL_ARC = '1.3.6.1.4.1.54811.';

/** A human name for an algorithm OID found in a message or key, for error messages. */
export function oidName(oid: string): string {
  switch (oid) {
    case OIDS.ed25519:
      return 'Ed25519';
    case OIDS.x25519:
      return 'Curve25519';
    case OIDS.rsaEncryption:
      return 'RSA';
    case OIDS.ecPublicKey:
      return 'EC (secp256r1)';
    default:
      if (oid.startsWith(VIRGIL_ARC + '1.1')) return `Virgil compound/post-quantum (${oid})`;
      if (oid.startsWith(VIRGIL_ARC)) return `Virgil-specific algorithm (${oid})`;
      return oid;
  }
}

/** Hashes Virgil envelopes may name (virgil-crypto writes SHA-384 for ECIES and SHA-512 for signatures). */
export type VirgilHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

export const HASH_OID: Readonly<Record<VirgilHash, string>> = {
  'SHA-256': OIDS.sha256,
  'SHA-384': OIDS.sha384,
  'SHA-512': OIDS.sha512,
};

export function hashByOid(oid: string): VirgilHash | undefined {
  return (Object.keys(HASH_OID) as VirgilHash[]).find((h) => HASH_OID[h] === oid);
}
