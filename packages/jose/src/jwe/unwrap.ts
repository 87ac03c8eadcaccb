/**
 * The key-management unwraps other than ECDH-ES and `dir` (RSA-OAEP, AES-KW, AES-GCM-KW, PBES2), split out of
 * `key-management.ts` and loaded on first use, so that an ECDH-ES-only decrypter's bundle does not carry them. Same
 * checks, same order, same errors as when they were inline; `guarded` is key-management's RFC 7516 §11.5 wrapper.
 */
import { KeyInvalidError, type Backend } from '@cryptoplug/core';
import type { KeyManagementSpec } from '../lib/algorithms.js';
import { JweInvalidError } from '../lib/errors.js';
import type { JweKey } from '../lib/keys.js';
import { decodeB64u } from '../lib/util.js';
import { pbes2Salt, type UnwrapOptions } from './key-management.js';

export async function unwrapOther(
  backend: Backend,
  alg: string,
  spec: Extract<KeyManagementSpec, { kind: 'rsa-oaep' | 'aes-kw' | 'aes-gcm-kw' | 'pbes2' }>,
  key: JweKey,
  ek: Uint8Array,
  header: Record<string, unknown>,
  options: UnwrapOptions,
  guarded: (fn: () => Promise<Uint8Array>) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  switch (spec.kind) {
    case 'rsa-oaep':
      if (key.kind !== 'private') throw new KeyInvalidError(`${alg} needs the recipient's private key`);
      return guarded(() => backend.oaepDecrypt({ hash: spec.hash }, key.key, ek));
    case 'aes-kw':
      if (key.kind !== 'secret') throw new KeyInvalidError(`${alg} needs a secret key`);
      return guarded(() => backend.aesKwUnwrap(key.secret, ek));
    case 'aes-gcm-kw': {
      if (key.kind !== 'secret') throw new KeyInvalidError(`${alg} needs a secret key`);
      const iv = decodeB64u(header.iv, '"iv" header parameter', JweInvalidError);
      const tag = decodeB64u(header.tag, '"tag" header parameter', JweInvalidError);
      if (iv.length !== 12) throw new JweInvalidError('"iv" header parameter must be 96 bits');
      if (tag.length !== 16) throw new JweInvalidError('"tag" header parameter must be 128 bits');
      return guarded(() => backend.aesGcmDecrypt(key.secret, iv, ek, tag));
    }
    case 'pbes2': {
      if (key.kind !== 'secret') throw new KeyInvalidError(`${alg} needs a password (secret bytes)`);
      const p2c = header.p2c;
      if (typeof p2c !== 'number' || !Number.isSafeInteger(p2c) || p2c < 1) throw new JweInvalidError('"p2c" header parameter must be a positive integer');
      if (p2c > options.maxPbes2Count) throw new JweInvalidError(`"p2c" ${p2c} exceeds the allowed maximum ${options.maxPbes2Count}`);
      const p2s = decodeB64u(header.p2s, '"p2s" header parameter', JweInvalidError);
      if (p2s.length < 8) throw new JweInvalidError('"p2s" header parameter must be at least 8 bytes');
      const kek = await backend.pbkdf2(spec.hash, key.secret, pbes2Salt(alg, p2s), p2c, spec.kwKeyBytes);
      return guarded(() => backend.aesKwUnwrap(kek, ek));
    }
  }
}
