/**
 * Every JOSE algorithm as data: what each `alg`/`enc` needs from the key and which contract operation runs it.
 * Adding an algorithm is adding a row here (and, for a new kind, its handler in jws/ or jwe/).
 */
import type { EcdhCurve, HashName, KeySpec, SignatureAlgorithm } from '@cryptoplug/core';

// ------------------------------------------------------------------------------------------------- JWS (RFC 7518 §3)

export type JwsAlgSpec =
  | { readonly kind: 'hmac'; readonly hash: HashName; readonly kty: 'oct'; readonly minKeyBytes: number }
  | {
      readonly kind: 'signature';
      readonly kty: 'RSA' | 'EC' | 'OKP';
      readonly signature: SignatureAlgorithm;
      /** EC/OKP: the one curve the algorithm allows. */
      readonly curve?: 'P-256' | 'P-384' | 'P-521' | 'Ed25519';
      readonly generate: KeySpec;
    };

// Rows by hash size (256/384/512): the hash, and what follows from it — the HMAC minimum key length and PSS salt length
// (the hash size in bytes, RFC 7518 §3.2/§3.5) and the ECDSA curve (RFC 7518 §3.4) — from the one number.
type Bits = 256 | 384 | 512;
const SHA = { 256: 'SHA-256', 384: 'SHA-384', 512: 'SHA-512' } as const satisfies Record<Bits, HashName>;
const CURVE = { 256: 'P-256', 384: 'P-384', 512: 'P-521' } as const;
/* @__NO_SIDE_EFFECTS__ */ const rs = (n: Bits): JwsAlgSpec => ({ kind: 'signature', kty: 'RSA', signature: { name: 'RSASSA-PKCS1-v1_5', hash: SHA[n] }, generate: 'rsa-2048' });
/* @__NO_SIDE_EFFECTS__ */ const ps = (n: Bits): JwsAlgSpec => ({
  kind: 'signature', kty: 'RSA', signature: { name: 'RSA-PSS', hash: SHA[n], saltLength: n / 8 }, generate: 'rsa-2048',
});
/* @__NO_SIDE_EFFECTS__ */ const es = (n: Bits): JwsAlgSpec => ({
  kind: 'signature', kty: 'EC', signature: { name: 'ECDSA', hash: SHA[n], encoding: 'p1363' }, curve: CURVE[n], generate: `ec-p${n === 512 ? 521 : n}`,
});
/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output. */
/* @__NO_SIDE_EFFECTS__ */ const hs = (n: Bits): JwsAlgSpec => ({ kind: 'hmac', kty: 'oct', hash: SHA[n], minKeyBytes: n / 8 });
/** RFC 8037 EdDSA (only the Ed25519 curve is supported) and the fully-specified Ed25519 (RFC 9864): the same row. */
const ED25519: JwsAlgSpec = { kind: 'signature', kty: 'OKP', signature: { name: 'Ed25519' }, curve: 'Ed25519', generate: 'ed25519' };

export const JWS_ALGORITHMS = /* @__PURE__ */ Object.freeze({
  HS256: hs(256),
  HS384: hs(384),
  HS512: hs(512),
  RS256: rs(256),
  RS384: rs(384),
  RS512: rs(512),
  PS256: ps(256),
  PS384: ps(384),
  PS512: ps(512),
  ES256: es(256),
  ES384: es(384),
  ES512: es(512),
  EdDSA: ED25519,
  Ed25519: ED25519,
} satisfies Record<string, JwsAlgSpec>);

export type JwsAlgorithm = keyof typeof JWS_ALGORITHMS;

export function jwsAlg(name: string): JwsAlgSpec | undefined {
  return Object.hasOwn(JWS_ALGORITHMS, name) ? (JWS_ALGORITHMS as Record<string, JwsAlgSpec>)[name] : undefined;
}

// --------------------------------------------------------------------------------------- JWE key management (§4)

export type KeyManagementSpec =
  | { readonly kind: 'rsa-oaep'; readonly hash: HashName }
  | { readonly kind: 'ecdh-es' }
  | { readonly kind: 'ecdh-es-kw'; readonly kwKeyBytes: 16 | 24 | 32 }
  | { readonly kind: 'aes-kw'; readonly kwKeyBytes: 16 | 24 | 32 }
  | { readonly kind: 'aes-gcm-kw'; readonly kwKeyBytes: 16 | 24 | 32 }
  | { readonly kind: 'dir' }
  | { readonly kind: 'pbes2'; readonly hash: HashName; readonly kwKeyBytes: 16 | 24 | 32 };

type KwBytes = 16 | 24 | 32;
/* @__NO_SIDE_EFFECTS__ */ const oaep = (hash: HashName): KeyManagementSpec => ({ kind: 'rsa-oaep', hash });
/* @__NO_SIDE_EFFECTS__ */ const kw = (kind: 'ecdh-es-kw' | 'aes-kw' | 'aes-gcm-kw', kwKeyBytes: KwBytes): KeyManagementSpec => ({ kind, kwKeyBytes });
/* @__NO_SIDE_EFFECTS__ */ const pbes2 = (hash: HashName, kwKeyBytes: KwBytes): KeyManagementSpec => ({ kind: 'pbes2', hash, kwKeyBytes });

export const JWE_ALGORITHMS = /* @__PURE__ */ Object.freeze({
  'RSA-OAEP': oaep('SHA-1'),
  'RSA-OAEP-256': oaep('SHA-256'),
  'RSA-OAEP-384': oaep('SHA-384'),
  'RSA-OAEP-512': oaep('SHA-512'),
  'ECDH-ES': { kind: 'ecdh-es' },
  'ECDH-ES+A128KW': kw('ecdh-es-kw', 16),
  'ECDH-ES+A192KW': kw('ecdh-es-kw', 24),
  'ECDH-ES+A256KW': kw('ecdh-es-kw', 32),
  A128KW: kw('aes-kw', 16),
  A192KW: kw('aes-kw', 24),
  A256KW: kw('aes-kw', 32),
  A128GCMKW: kw('aes-gcm-kw', 16),
  A192GCMKW: kw('aes-gcm-kw', 24),
  A256GCMKW: kw('aes-gcm-kw', 32),
  dir: { kind: 'dir' },
  'PBES2-HS256+A128KW': pbes2('SHA-256', 16),
  'PBES2-HS384+A192KW': pbes2('SHA-384', 24),
  'PBES2-HS512+A256KW': pbes2('SHA-512', 32),
} satisfies Record<string, KeyManagementSpec>);

export type JweAlgorithm = keyof typeof JWE_ALGORITHMS;

/** Registered algorithms this library refuses on purpose, with the reason (shown in the error message). */
export const REFUSED_JWE_ALGORITHMS: Readonly<Record<string, string>> = /* @__PURE__ */ Object.freeze({
  RSA1_5:
    'RSA1_5 (RSAES-PKCS1-v1_5) is not supported: the backend contract has no PKCS#1 v1.5 decryption, and doing it as a raw RSA operation here would be hand-rolled crypto and a Bleichenbacher oracle',
});

export function jweAlg(name: string): KeyManagementSpec | undefined {
  return Object.hasOwn(JWE_ALGORITHMS, name) ? (JWE_ALGORITHMS as Record<string, KeyManagementSpec>)[name] : undefined;
}

/** ECDH-ES curves (JWK `crv`) and the key spec used for the ephemeral key. */
export const ECDH_EPHEMERAL: Readonly<Record<EcdhCurve, KeySpec>> = /* @__PURE__ */ Object.freeze({
  'P-256': 'ec-p256',
  'P-384': 'ec-p384',
  'P-521': 'ec-p521',
  X25519: 'x25519',
});

// ----------------------------------------------------------------------------------- JWE content encryption (§5)

export type ContentEncryptionSpec =
  | { readonly kind: 'gcm'; readonly keyBytes: 16 | 24 | 32; readonly ivBytes: 12; readonly tagBytes: 16 }
  | {
      readonly kind: 'cbc-hs';
      /** Full CEK: MAC key ‖ ENC key. */
      readonly keyBytes: 32 | 48 | 64;
      readonly encKeyBytes: 16 | 24 | 32;
      readonly hash: HashName;
      readonly ivBytes: 16;
      readonly tagBytes: 16 | 24 | 32;
    };

/* @__NO_SIDE_EFFECTS__ */ const gcm = (keyBytes: 16 | 24 | 32): ContentEncryptionSpec => ({ kind: 'gcm', keyBytes, ivBytes: 12, tagBytes: 16 });
/** AES-CBC + HMAC-SHA2: the CEK is MAC key ‖ ENC key (each `half` bytes); the tag is the MAC truncated to `half`. */
/* @__NO_SIDE_EFFECTS__ */ const cbc = (half: 16 | 24 | 32, hash: HashName): ContentEncryptionSpec =>
  ({ kind: 'cbc-hs', keyBytes: (half * 2) as 32, encKeyBytes: half, hash, ivBytes: 16, tagBytes: half });

export const CONTENT_ENCRYPTION = /* @__PURE__ */ Object.freeze({
  A128GCM: gcm(16),
  A192GCM: gcm(24),
  A256GCM: gcm(32),
  'A128CBC-HS256': cbc(16, 'SHA-256'),
  'A192CBC-HS384': cbc(24, 'SHA-384'),
  'A256CBC-HS512': cbc(32, 'SHA-512'),
} satisfies Record<string, ContentEncryptionSpec>);

export type ContentEncryptionAlgorithm = keyof typeof CONTENT_ENCRYPTION;

export function contentEnc(name: string): ContentEncryptionSpec | undefined {
  return Object.hasOwn(CONTENT_ENCRYPTION, name)
    ? (CONTENT_ENCRYPTION as Record<string, ContentEncryptionSpec>)[name]
    : undefined;
}

export const JWS_ALGORITHM_NAMES = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(JWS_ALGORITHMS)) as readonly JwsAlgorithm[];
export const JWE_ALGORITHM_NAMES = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(JWE_ALGORITHMS)) as readonly JweAlgorithm[];
export const CONTENT_ENCRYPTION_NAMES = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(CONTENT_ENCRYPTION)) as readonly ContentEncryptionAlgorithm[];

/** Header parameters registered by RFC 7515/7516/7518/7797; they can never be `crit` extensions. */
export const REGISTERED_HEADER_PARAMETERS: ReadonlySet<string> = new Set([
  'alg', 'jku', 'jwk', 'kid', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'typ', 'cty', 'crit',
  'enc', 'zip', 'epk', 'apu', 'apv', 'iv', 'tag', 'p2s', 'p2c',
]);
