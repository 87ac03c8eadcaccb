/** JWK → key, with the JOSE checks: `use`/`key_ops`/`alg` metadata must allow what the key is imported for. */
import { InputInvalidError, isJwkLike, keyFromJwk, parseJsonGuarded, type Jwk, type Key } from '@cryptoplug/core';
import { JwkInvalidError } from '../lib/errors.js';
import { assertJwkAllows, type KeyOperation } from '../lib/keys.js';
import { jweAlg, jwsAlg } from '../lib/algorithms.js';

export interface ImportJwkOptions {
  /** The algorithm the key will be used with: checked against the JWK's `alg`, `use` and `key_ops`. */
  readonly alg?: string;
  /** The operation (default: `verify`/`sign` for JWS algorithms by key type, `encrypt`/`decrypt` for JWE). */
  readonly operation?: KeyOperation;
}

export function importJwk(jwk: unknown, options: ImportJwkOptions = {}): Key {
  let value = jwk;
  if (typeof value === 'string') {
    value = parseJsonGuarded(value, { what: 'JWK text', invalid: (cause) => new JwkInvalidError('JWK text is not valid JSON', { cause }) });
  }
  if (!isJwkLike(value)) throw new JwkInvalidError('JWK must be an object with a string "kty"');
  if (options.alg !== undefined) {
    if (typeof options.alg !== 'string') throw new InputInvalidError('options.alg must be a string');
    const jws = jwsAlg(options.alg) !== undefined;
    if (!jws && !jweAlg(options.alg)) throw new InputInvalidError(`unknown algorithm "${options.alg}"`);
    const isPrivate = value.d !== undefined || value.kty === 'oct';
    const op: KeyOperation = options.operation ?? (jws ? (isPrivate && value.kty !== 'oct' ? 'sign' : 'verify') : isPrivate ? 'decrypt' : 'encrypt');
    assertJwkAllows(value as Jwk, options.alg, op);
  }
  return keyFromJwk(value);
}
