/**
 * The suite catalogue: every Wycheproof file and primitive-vector file whose tests map onto the backend contract, with
 * how to run it. Adding a Wycheproof file of a known schema is one line here.
 *
 * Not listed, on purpose:
 * - `rsa_pkcs1_2048_test` (RSAES-PKCS1-v1_5 *decryption*): the contract has no such operation;
 * - `json_web_*` (JOSE): not backend-contract operations (they belong to @cryptoplug/jose).
 */
import { InputInvalidError, type HashName } from '@cryptoplug/core';
import type { SuiteDescriptor } from './types.js';

export type SuiteKind =
  | { kind: 'ecdsa'; encoding: 'p1363' | 'der' }
  | { kind: 'eddsa' }
  | { kind: 'rsa-pkcs1' }
  | { kind: 'rsa-pss' }
  | { kind: 'rsa-oaep' }
  | { kind: 'ecdh'; keys: 'asn' | 'jwk' }
  | { kind: 'xdh'; keys: 'raw' | 'pem' | 'jwk' }
  | { kind: 'aes-gcm' }
  | { kind: 'aes-cbc' }
  | { kind: 'aes-kw' }
  | { kind: 'hmac'; hash: HashName }
  | { kind: 'hkdf'; hash: HashName }
  | { kind: 'pbes2' }
  | { kind: 'vectors-signatures' }
  | { kind: 'vectors-ecdh' }
  | { kind: 'vectors-oaep' }
  | { kind: 'vectors-symmetric' }
  | { kind: 'vectors-keys' };

export interface SuiteSpec extends SuiteDescriptor {
  readonly run: SuiteKind;
}

function wp(stem: string, run: SuiteKind, description: string): SuiteSpec {
  return { name: `wycheproof/${stem}`, source: 'wycheproof', file: `testvectors_v1/${stem}_test.json`, description, run };
}

function vec(stem: string, run: SuiteKind, description: string): SuiteSpec {
  return { name: `vectors/primitives/${stem}`, source: 'vectors', file: `primitives/${stem}.json`, description, run };
}

const P1363 = { kind: 'ecdsa', encoding: 'p1363' } as const;
const DER = { kind: 'ecdsa', encoding: 'der' } as const;

export const SUITES: readonly SuiteSpec[] = Object.freeze([
  wp('ecdsa_secp256r1_sha256_p1363', P1363, 'verify ECDSA P-256 SHA-256, P1363 signatures (SPKI key)'),
  wp('ecdsa_secp384r1_sha384_p1363', P1363, 'verify ECDSA P-384 SHA-384, P1363 signatures (SPKI key)'),
  wp('ecdsa_secp521r1_sha512_p1363', P1363, 'verify ECDSA P-521 SHA-512, P1363 signatures (SPKI key)'),
  wp('ecdsa_secp256r1_sha256', DER, 'verify ECDSA P-256 SHA-256, DER signatures (SPKI key)'),
  wp('ecdsa_secp384r1_sha384', DER, 'verify ECDSA P-384 SHA-384, DER signatures (SPKI key)'),
  wp('ecdsa_secp521r1_sha512', DER, 'verify ECDSA P-521 SHA-512, DER signatures (SPKI key)'),
  wp('ed25519', { kind: 'eddsa' }, 'verify Ed25519 (SPKI key)'),
  wp('rsa_signature_2048_sha256', { kind: 'rsa-pkcs1' }, 'verify RSASSA-PKCS1-v1_5 2048 SHA-256'),
  wp('rsa_signature_2048_sha512', { kind: 'rsa-pkcs1' }, 'verify RSASSA-PKCS1-v1_5 2048 SHA-512'),
  wp('rsa_signature_3072_sha256', { kind: 'rsa-pkcs1' }, 'verify RSASSA-PKCS1-v1_5 3072 SHA-256'),
  wp('rsa_signature_4096_sha512', { kind: 'rsa-pkcs1' }, 'verify RSASSA-PKCS1-v1_5 4096 SHA-512'),
  wp('rsa_pss_2048_sha256_mgf1_32', { kind: 'rsa-pss' }, 'verify RSA-PSS 2048 SHA-256 salt 32'),
  wp('rsa_pss_3072_sha256_mgf1_32', { kind: 'rsa-pss' }, 'verify RSA-PSS 3072 SHA-256 salt 32'),
  wp('rsa_pss_4096_sha512_mgf1_64', { kind: 'rsa-pss' }, 'verify RSA-PSS 4096 SHA-512 salt 64'),
  wp('rsa_pss_misc', { kind: 'rsa-pss' }, 'verify RSA-PSS, mixed hashes and salt lengths (MGF1 hash ≠ hash: skipped)'),
  wp('rsa_oaep_2048_sha1_mgf1sha1', { kind: 'rsa-oaep' }, 'decrypt RSA-OAEP 2048 SHA-1 (PKCS#8 key)'),
  wp('rsa_oaep_2048_sha256_mgf1sha256', { kind: 'rsa-oaep' }, 'decrypt RSA-OAEP 2048 SHA-256 (PKCS#8 key)'),
  wp('rsa_oaep_3072_sha256_mgf1sha256', { kind: 'rsa-oaep' }, 'decrypt RSA-OAEP 3072 SHA-256 (PKCS#8 key)'),
  wp('rsa_oaep_4096_sha256_mgf1sha256', { kind: 'rsa-oaep' }, 'decrypt RSA-OAEP 4096 SHA-256 (PKCS#8 key)'),
  wp('rsa_oaep_misc', { kind: 'rsa-oaep' }, 'decrypt RSA-OAEP, mixed sizes/hashes/labels (MGF1 hash ≠ hash: skipped)'),
  wp('ecdh_secp256r1', { kind: 'ecdh', keys: 'asn' }, 'ECDH P-256: raw private scalar, SPKI peer key'),
  wp('ecdh_secp384r1', { kind: 'ecdh', keys: 'asn' }, 'ECDH P-384: raw private scalar, SPKI peer key'),
  wp('ecdh_secp521r1', { kind: 'ecdh', keys: 'asn' }, 'ECDH P-521: raw private scalar, SPKI peer key'),
  wp('ecdh_secp256r1_webcrypto', { kind: 'ecdh', keys: 'jwk' }, 'ECDH P-256 with JWK keys'),
  wp('ecdh_secp384r1_webcrypto', { kind: 'ecdh', keys: 'jwk' }, 'ECDH P-384 with JWK keys'),
  wp('ecdh_secp521r1_webcrypto', { kind: 'ecdh', keys: 'jwk' }, 'ECDH P-521 with JWK keys'),
  wp('x25519', { kind: 'xdh', keys: 'raw' }, 'X25519 with raw 32-byte keys'),
  wp('x25519_pem', { kind: 'xdh', keys: 'pem' }, 'X25519 with PEM keys'),
  wp('x25519_jwk', { kind: 'xdh', keys: 'jwk' }, 'X25519 with JWK keys'),
  wp('aes_gcm', { kind: 'aes-gcm' }, 'AES-GCM encrypt (valid tests) and decrypt; 16-byte tags only'),
  wp('aes_cbc_pkcs5', { kind: 'aes-cbc' }, 'AES-CBC with PKCS#7 padding, encrypt (valid tests) and decrypt'),
  wp('aes_wrap', { kind: 'aes-kw' }, 'AES-KW (RFC 3394) wrap and unwrap'),
  wp('hmac_sha256', { kind: 'hmac', hash: 'SHA-256' }, 'HMAC-SHA-256, full and truncated tags'),
  wp('hmac_sha384', { kind: 'hmac', hash: 'SHA-384' }, 'HMAC-SHA-384, full and truncated tags'),
  wp('hmac_sha512', { kind: 'hmac', hash: 'SHA-512' }, 'HMAC-SHA-512, full and truncated tags'),
  wp('hkdf_sha256', { kind: 'hkdf', hash: 'SHA-256' }, 'HKDF-SHA-256'),
  wp('pbes2_hmacsha256_aes_128', { kind: 'pbes2' }, 'PBES2: PBKDF2-HMAC-SHA-256 → AES-128-CBC (pbkdf2 + aesCbc)'),
  wp('pbes2_hmacsha256_aes_256', { kind: 'pbes2' }, 'PBES2: PBKDF2-HMAC-SHA-256 → AES-256-CBC (pbkdf2 + aesCbc)'),
  vec('signatures', { kind: 'vectors-signatures' }, 'verify every signature vector; sign (exact for Ed25519/PKCS#1, round trip otherwise)'),
  vec('ecdh', { kind: 'vectors-ecdh' }, 'ECDH shared secrets on P-256/384/521 and X25519'),
  vec('oaep', { kind: 'vectors-oaep' }, 'RSA-OAEP decrypt vectors, and encrypt→decrypt round trips'),
  vec('symmetric', { kind: 'vectors-symmetric' }, 'digest, HMAC, AES-GCM/CBC/KW both ways, HKDF, PBKDF2'),
  vec('keys', { kind: 'vectors-keys' }, 'key files import to the same key; SPKI/PKCS#8 re-export byte-exact (core only)'),
]);

/**
 * The suite catalogue (names, sources, files, descriptions); with `filter`, the entries it selects (the same filter as
 * runConformance's, see {@link selectSuites}; a filter that matches nothing throws ERR_INPUT_INVALID).
 */
export function listSuites(filter?: string): SuiteDescriptor[] {
  return selectSuites(filter).map(({ name, source, file, description }) => ({ name, source, file, description }));
}

function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

/**
 * The catalogue entries a suite filter selects. `filter` is one or more comma-separated globs over full suite names, where
 * `*` matches any run of characters (including `/`). Undefined or empty selects every suite. A filter that matches
 * nothing is an error (ERR_INPUT_INVALID), never an empty run.
 */
export function selectSuites(filter?: string): SuiteSpec[] {
  const patterns = (filter ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (patterns.length === 0) return [...SUITES];
  const res = patterns.map(globToRegExp);
  const selected = SUITES.filter((s) => res.some((re) => re.test(s.name)));
  if (selected.length === 0) {
    throw new InputInvalidError(`no conformance suite matches "${filter}" (see listSuites(); "*" is the wildcard)`);
  }
  return selected;
}
