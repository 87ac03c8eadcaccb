/**
 * A local JWK Set as a key resolver: picks the one key that fits the token header by `kid`, `alg`, `use`, `key_ops`,
 * key type and curve. Ambiguous sets are refused up front (duplicate `kid`; public keys mixed with private or secret
 * keys), and more than one matching key is an error rather than a guess.
 */
import { isJwkLike, parseJsonGuarded, type Jwk } from '@cryptoplug/core';
import { jweAlg, jwsAlg } from '../lib/algorithms.js';
import { JwksInvalidError, JwksMultipleMatchingKeysError, JwksNoMatchingKeyError } from '../lib/errors.js';
import type { JoseFamily, KeyResolver } from '../lib/keys.js';
import { isObject } from '../lib/util.js';

export interface JwkSet {
  keys: Jwk[];
}

export interface LocalJwkSet extends KeyResolver {
  readonly keys: readonly Jwk[];
}

const JWE_OPS = ['decrypt', 'unwrapKey', 'deriveKey', 'deriveBits'];

function isPrivateOrSecret(jwk: Jwk): boolean {
  return jwk.kty === 'oct' || jwk.d !== undefined;
}

/** Validates a JWK Set (object or JSON text). */
export function parseJwkSet(input: unknown): Jwk[] {
  let value = input;
  if (typeof value === 'string') {
    value = parseJsonGuarded(value, { what: 'JWK Set', invalid: (cause) => new JwksInvalidError('JWK Set is not valid JSON', { cause }) });
  }
  if (!isObject(value) || !Array.isArray(value.keys)) throw new JwksInvalidError('JWK Set must be an object with a "keys" array');
  const keys = value.keys as unknown[];
  if (!keys.every(isJwkLike)) throw new JwksInvalidError('every member of "keys" must be a JWK with a string "kty"');
  const jwks = keys as Jwk[];
  const privates = jwks.filter(isPrivateOrSecret).length;
  if (privates > 0 && privates < jwks.length) {
    throw new JwksInvalidError('JWK Set mixes public keys with private or secret keys');
  }
  const overlap = (a: unknown, b: unknown) => a === undefined || b === undefined || a === b;
  for (let i = 0; i < jwks.length; i++) {
    const a = jwks[i]!;
    if (a.kid === undefined) continue;
    if (typeof a.kid !== 'string') throw new JwksInvalidError('JWK "kid" must be a string');
    for (let j = i + 1; j < jwks.length; j++) {
      const b = jwks[j]!;
      if (b.kid === a.kid && overlap(a.use, b.use) && overlap(a.alg, b.alg)) {
        throw new JwksInvalidError(`JWK Set has more than one key with kid "${a.kid}" for the same use`);
      }
    }
  }
  return jwks;
}

function ktyFits(jwk: Jwk, header: Readonly<Record<string, unknown>>, family: JoseFamily): boolean {
  const alg = header.alg as string;
  if (family === 'jws') {
    const spec = jwsAlg(alg);
    if (!spec) return false;
    if (jwk.kty !== spec.kty) return false;
    return spec.kind === 'hmac' || spec.curve === undefined || jwk.crv === spec.curve;
  }
  const spec = jweAlg(alg);
  if (!spec) return false;
  switch (spec.kind) {
    case 'rsa-oaep':
      return jwk.kty === 'RSA' && jwk.d !== undefined;
    case 'ecdh-es':
    case 'ecdh-es-kw': {
      if (!((jwk.kty === 'EC' || (jwk.kty === 'OKP' && jwk.crv === 'X25519')) && jwk.d !== undefined)) return false;
      const epk = header.epk;
      return !isObject(epk) || epk.crv === undefined || epk.crv === jwk.crv;
    }
    default:
      return jwk.kty === 'oct';
  }
}

function fits(jwk: Jwk, header: Readonly<Record<string, unknown>>, family: JoseFamily): boolean {
  if (typeof header.kid === 'string' && jwk.kid !== header.kid) return false;
  if (!ktyFits(jwk, header, family)) return false;
  if (jwk.alg !== undefined && jwk.alg !== header.alg && !(header.alg === 'dir' && jwk.alg === header.enc)) return false;
  if (jwk.use !== undefined && jwk.use !== (family === 'jws' ? 'sig' : 'enc')) return false;
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops)) return false;
    const ok = family === 'jws' ? jwk.key_ops.includes('verify') : jwk.key_ops.some((o) => JWE_OPS.includes(o as string));
    if (!ok) return false;
  }
  return true;
}

/** Selects the JWKs that fit a header (exported for tests and for callers that want their own policy). */
export function selectJwks(keys: readonly Jwk[], header: Readonly<Record<string, unknown>>, family: JoseFamily): Jwk[] {
  if (typeof header.alg !== 'string') return [];
  return keys.filter((k) => fits(k, header, family));
}

/** A resolver over a local JWK Set, for verifyJwt/verifyCompact/decrypt*: `verifyJwt(token, createLocalJwkSet(jwks), …)`. */
export function createLocalJwkSet(jwks: unknown): LocalJwkSet {
  const keys = Object.freeze(parseJwkSet(jwks).map((k) => Object.freeze({ ...k })));
  const resolver = (header: Readonly<Record<string, unknown>>, context: { readonly family: JoseFamily }): Jwk => {
    // A "kid" that is present must be a string (RFC 7515 §4.1.4). 123, {}, [] or null used to be ignored, and a key
    // was then chosen by type alone: a header that names a key must name it properly or not at all.
    if (header.kid !== undefined && typeof header.kid !== 'string') throw new JwksNoMatchingKeyError('the header "kid" is not a string: no key of the JWK Set can match it');
    const matches = selectJwks(keys, header, context.family);
    if (matches.length === 0) throw new JwksNoMatchingKeyError();
    if (matches.length > 1) throw new JwksMultipleMatchingKeysError();
    return matches[0]!;
  };
  return Object.assign(resolver, { keys });
}
