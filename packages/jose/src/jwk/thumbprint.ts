/** RFC 7638 JWK thumbprints and RFC 9278 thumbprint URIs. */
import { PrivateKey, PublicKey, SecretKey, jwkThumbprint, type HashName, type Jwk, type Key, isJwkLike, keyFromJwk, UnsupportedError } from '@cryptoplug/core';

const URI_HASH: Partial<Record<HashName, string>> = { 'SHA-256': 'sha-256', 'SHA-384': 'sha-384', 'SHA-512': 'sha-512' };

/** Thumbprint of a key or JWK (the JWK's required members only; `kid`, `alg`... do not count). */
export function calculateJwkThumbprint(key: Key | Jwk, hash: HashName = 'SHA-256'): string {
  const isKey = key instanceof PrivateKey || key instanceof PublicKey || key instanceof SecretKey;
  return jwkThumbprint(isKey || !isJwkLike(key) ? (key as Key) : keyFromJwk(key), hash);
}

/** `urn:ietf:params:oauth:jwk-thumbprint:sha-256:...` (RFC 9278). */
export function calculateJwkThumbprintUri(key: Key | Jwk, hash: HashName = 'SHA-256'): string {
  const name = URI_HASH[hash];
  if (!name) throw new UnsupportedError(`JWK thumbprint URIs are defined for SHA-256/384/512, not ${hash}`);
  return `urn:ietf:params:oauth:jwk-thumbprint:${name}:${calculateJwkThumbprint(key, hash)}`;
}
