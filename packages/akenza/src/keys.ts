/**
 * Device keys: which algorithm a key pins (RSA → RS256, EC P-256 → ES256) and its akenza `kid` — the lowercase hex
 * SHA-256 of the public key's SubjectPublicKeyInfo DER, EC points uncompressed (what akenza's Python example computes
 * with pycryptodome `export_key(format="DER")`).
 */
import {
  CryptoplugError,
  PrivateKey,
  PublicKey,
  SecretKey,
  bytesToHex,
  exportDer,
  importKey,
  type Backend,
  type Key,
} from '@cryptoplug/core';
import { AkenzaError } from './errors.js';
import type { DeviceAlg } from './jwt.js';

export const DEVICE_ALGS: readonly DeviceAlg[] = ['RS256', 'ES256'];
export const MIN_RSA_BITS = 2048;

/** A key as callers give it: a cryptoplug key, or PEM/DER/JWK that `importKey` understands. */
export type KeyInput = PrivateKey | PublicKey | string | Uint8Array | object;

export function assertDeviceAlg(alg: unknown): asserts alg is DeviceAlg {
  if (alg !== 'RS256' && alg !== 'ES256') {
    throw new AkenzaError('ERR_AKENZA_ALG_UNSUPPORTED', `akenza device tokens use RS256 or ES256, not ${JSON.stringify(alg)}`);
  }
}

function load(input: KeyInput, what: string): Key {
  if (input instanceof PrivateKey || input instanceof PublicKey) return input;
  try {
    return importKey(input as string | Uint8Array | object);
  } catch (e) {
    if (e instanceof CryptoplugError) throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', `${what}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** The algorithm a device key pins. Throws `ERR_AKENZA_KEY_UNSUPPORTED` for any key that is not RSA >= 2048 or P-256. */
export function algForKey(key: PrivateKey | PublicKey): DeviceAlg {
  if (key.kty === 'RSA') {
    if (key.bits < MIN_RSA_BITS) throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', `RSA device keys need at least ${MIN_RSA_BITS} bits, got ${key.bits}`);
    return 'RS256';
  }
  if (key.kty === 'EC' && key.curve === 'P-256') return 'ES256';
  throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', `akenza devices use RSA or EC P-256 keys, not a ${key.describe()}`);
}

/** Imports a device private key (PEM, DER, JWK) and checks it fits `alg` (default: the key's own). */
export function importDevicePrivateKey(input: KeyInput, alg?: DeviceAlg): { key: PrivateKey; alg: DeviceAlg } {
  const key = load(input, 'device private key');
  if (key instanceof SecretKey) throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', 'a device token needs an RSA or EC private key, not a secret');
  if (!(key instanceof PrivateKey)) throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', `signing a device token needs a private key, got: ${key.describe()}`);
  const pinned = algForKey(key);
  if (alg !== undefined) {
    assertDeviceAlg(alg);
    if (alg !== pinned) throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', `${alg} needs ${alg === 'RS256' ? 'an RSA' : 'an EC P-256'} key, got: ${key.describe()}`);
  }
  return { key, alg: pinned };
}

/** Imports a device public key (a private key is reduced to its public part). */
export function importDevicePublicKey(input: KeyInput): { key: PublicKey; alg: DeviceAlg } {
  const key = load(input, 'device public key');
  if (key instanceof SecretKey) throw new AkenzaError('ERR_AKENZA_KEY_UNSUPPORTED', 'a device key is an RSA or EC key, not a secret');
  const pub = key.publicKey();
  return { key: pub, alg: algForKey(pub) };
}

const kidCache = new WeakMap<object, Promise<string>>();

/** The akenza key fingerprint (`kid`): hex SHA-256 of the SPKI DER of the (public part of the) key. */
export function deviceKid(key: PrivateKey | PublicKey, backend: Backend): Promise<string> {
  const pub = key.publicKey();
  let kid = kidCache.get(pub);
  if (!kid) {
    kid = backend.digest('SHA-256', exportDer(pub, 'spki')).then(bytesToHex);
    kid.catch(() => kidCache.delete(pub));
    kidCache.set(pub, kid);
  }
  return kid;
}
