/** JWK (RFC 7517/7518/8037) ↔ keys, and RFC 7638 thumbprints. */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import type { HashName } from '../names.js';
import { EC, isEcCurve, isOkpCurve } from '../curves.js';
import { InputInvalidError, KeyInvalidError, UnsupportedError } from '../errors.js';
import { base64url, fromBase64url } from '../encoding/base64.js';
import { utf8 } from '../bytes.js';
import type { Key } from './key.js';
import { PrivateKey, PublicKey, SecretKey } from './key.js';
import { keyMaterial } from './material.js';
import { ecPublicKey, privateKeyFromMaterial, privateKeyFromMaterialDeferred, publicKeyFromMaterial, type PrivateInput } from './validate.js';

/** The JWK members cryptoplug reads and writes (others, like `alg`/`use`/`kid`, pass through untouched on import). */
export interface Jwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  n?: string;
  e?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  k?: string;
  alg?: string;
  use?: string;
  kid?: string;
  key_ops?: string[];
  ext?: boolean;
  [member: string]: unknown;
}

function member(jwk: Record<string, unknown>, name: string, required: true, length?: number): Uint8Array;
function member(jwk: Record<string, unknown>, name: string, required: false, length?: number): Uint8Array | undefined;
function member(jwk: Record<string, unknown>, name: string, required: boolean, length?: number): Uint8Array | undefined {
  const v = jwk[name];
  if (v === undefined) {
    if (required) throw new KeyInvalidError(`JWK is missing "${name}"`);
    return undefined;
  }
  if (typeof v !== 'string') throw new KeyInvalidError(`JWK "${name}" must be a string`);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(v);
  } catch (cause) {
    throw new KeyInvalidError(`JWK "${name}" is not base64url`, { cause });
  }
  if (length !== undefined && bytes.length !== length) {
    throw new KeyInvalidError(`JWK "${name}" must decode to ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

export function isJwkLike(value: unknown): value is Jwk {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { kty?: unknown }).kty === 'string';
}

/** JWK → key. Private when `d` is present (`k` for oct). Members are checked for exact sizes and consistency. */
export function keyFromJwk(input: unknown): Key {
  return jwkToKey(input, privateKeyFromMaterial);
}

/**
 * JWK → key for a caller that only hands keys to a backend (JOSE): like {@link keyFromJwk}, except that a private key's
 * pair consistency (a scalar multiplication) is checked by the backend before the key's first private operation
 * instead of now, so bundles that only verify or encrypt carry no curve arithmetic.
 */
export function keyFromJwkDeferred(input: unknown): Key {
  return jwkToKey(input, privateKeyFromMaterialDeferred);
}

/**
 * JWK → the key a public operation (verify, encrypt) needs: the public members only (private members of a private JWK
 * are ignored, never validated or kept); an `oct` JWK becomes a {@link SecretKey}. This path carries no scalar
 * multiplication, so a verify-only bundle stays small.
 */
export function publicKeyFromJwk(input: unknown): PublicKey | SecretKey {
  return jwkToKey(input) as PublicKey | SecretKey;
}

/** The RSA CRT members of a private JWK, in JWK order. */
const RSA_CRT = ['p', 'q', 'dp', 'dq', 'qi'] as const;

/** The EC case of {@link jwkToKey}: without `priv` (or without `d`), the public key. */
function ecFromJwk(jwk: Record<string, unknown>, priv?: (m: PrivateInput) => PrivateKey): Key {
  const crv = jwk.crv;
  if (typeof crv !== 'string') throw new KeyInvalidError('EC JWK is missing "crv"');
  if (!isEcCurve(crv)) throw new UnsupportedError(`EC curve ${crv} is not supported`);
  const size = EC[crv].size;
  const x = member(jwk, 'x', true, size);
  const y = member(jwk, 'y', true, size);
  const d = member(jwk, 'd', false, size);
  return d && priv ? priv({ kty: 'EC', curve: crv, d, x, y }) : ecPublicKey(crv, x, y);
}

/**
 * {@link publicKeyFromJwk} for verify-only code (JOSE's verification key): EC and `oct` JWKs are imported here and now,
 * with the same checks and errors; every other JWK (OKP, RSA, malformed) goes through `publicKeyFromJwk` in a module
 * loaded on first use (once; afterwards synchronously, no promise), so a verifier that sees EC keys does not carry the
 * Ed25519 point decoding or the RSA checks. Returns a promise only while that module is loading.
 */
export function publicKeyFromJwkOnDemand(input: unknown): PublicKey | SecretKey | Promise<PublicKey | SecretKey> {
  if (isJwkLike(input)) {
    if (input.kty === 'EC') return ecFromJwk(input) as PublicKey;
    if (input.kty === 'oct') return octFromJwk(input);
  }
  if (anyJwk) return anyJwk.publicKeyFromJwk(input);
  return import('./jwk-any.js').then((m) => (anyJwk = m).publicKeyFromJwk(input));
}
let anyJwk: typeof import('./jwk-any.js') | undefined;

const octFromJwk = (jwk: Record<string, unknown>): SecretKey => new SecretKey(member(jwk, 'k', true));

/** Without `priv`, private members are ignored and the public key is returned. */
function jwkToKey(input: unknown, priv?: (m: PrivateInput) => PrivateKey): Key {
  if (!isJwkLike(input)) throw new KeyInvalidError('JWK must be an object with a string "kty"');
  const jwk = input as Record<string, unknown>;
  switch (input.kty) {
    case 'EC':
      return ecFromJwk(jwk, priv);
    case 'OKP': {
      const crv = jwk.crv;
      if (typeof crv !== 'string') throw new KeyInvalidError('OKP JWK is missing "crv"');
      if (!isOkpCurve(crv)) throw new UnsupportedError(`OKP curve ${crv} is not supported`);
      const x = member(jwk, 'x', true, 32);
      const d = member(jwk, 'd', false, 32);
      return d && priv ? priv({ kty: 'OKP', curve: crv, d, x }) : publicKeyFromMaterial({ kty: 'OKP', curve: crv, x });
    }
    case 'RSA': {
      if (jwk.oth !== undefined) throw new UnsupportedError('multi-prime RSA JWKs ("oth") are not supported');
      const n = member(jwk, 'n', true);
      const e = member(jwk, 'e', true);
      const d = member(jwk, 'd', false);
      if (!d || !priv) {
        for (const m of RSA_CRT) {
          if (!d && jwk[m] !== undefined) throw new KeyInvalidError(`RSA JWK has "${m}" but no "d"`);
        }
        return publicKeyFromMaterial({ kty: 'RSA', n, e });
      }
      const m: { kty: 'RSA'; [k: string]: unknown } = { kty: 'RSA', n, e, d };
      for (const c of RSA_CRT) {
        const v = member(jwk, c, false);
        if (v) m[c] = v;
      }
      return priv(m as unknown as PrivateInput);
    }
    case 'oct':
      return octFromJwk(jwk);
    default:
      throw new UnsupportedError(`JWK key type "${String(input.kty)}" is not supported`);
  }
}

/**
 * A public key's JWK (the public members only). What a verify-only build needs to hand a key to its backend (WebCrypto's
 * JWK import), without {@link jwkFromKey}'s private and secret export.
 */
export function jwkFromPublicKey(key: PublicKey | PrivateKey): Jwk {
  const m = keyMaterial(key);
  switch (m.kty) {
    case 'EC':
      return { kty: 'EC', crv: m.curve, x: base64url(m.x), y: base64url(m.y) };
    case 'OKP':
      return { kty: 'OKP', crv: m.curve, x: base64url(m.x) };
    case 'RSA':
      return { kty: 'RSA', n: base64url(m.n), e: base64url(m.e) };
  }
}

/** Key → JWK. A private key exports its private members only with `{ private: true }` (deliberate export). */
export function jwkFromKey(key: Key, options: { private?: boolean } = {}): Jwk {
  if (key instanceof SecretKey) {
    if (!options.private) throw new InputInvalidError('exporting a secret key needs { private: true }');
    return { kty: 'oct', k: base64url(key.bytes) };
  }
  const pub = jwkFromPublicKey(key);
  if (options.private !== true) return pub;
  if (!(key instanceof PrivateKey)) throw new InputInvalidError('a public key has no private members to export');
  const pm = keyMaterial(key);
  if (pm.kty !== 'RSA') return 'd' in pm ? { ...pub, d: base64url(pm.d) } : pub;
  const out: Jwk = { ...pub, d: base64url(pm.d) };
  for (const c of RSA_CRT) out[c] = base64url(pm[c]);
  return out;
}

const THUMBPRINT_HASH = {
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
} as const;

/** The RFC 7638 canonical JSON: the required members only, sorted, no whitespace. */
export function thumbprintInput(key: Key): string {
  const jwk = key instanceof SecretKey ? jwkFromKey(key, { private: true }) : jwkFromKey(key instanceof PublicKey ? key : key.publicKey());
  const required: Record<string, readonly string[]> = {
    EC: ['crv', 'kty', 'x', 'y'],
    OKP: ['crv', 'kty', 'x'],
    RSA: ['e', 'kty', 'n'],
    oct: ['k', 'kty'],
  };
  const members = required[jwk.kty]!;
  return '{' + members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(',') + '}';
}

/** RFC 7638 JWK thumbprint, base64url. Computed with @noble/hashes (public data, no backend needed). */
export function jwkThumbprint(key: Key, hash: HashName = 'SHA-256'): string {
  const fn = THUMBPRINT_HASH[hash];
  if (!fn) throw new UnsupportedError(`thumbprint hash ${String(hash)} is not supported`);
  return base64url(fn(utf8(thumbprintInput(key))));
}
