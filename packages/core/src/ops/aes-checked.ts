/**
 * The checked AES operations a JWE decrypter does not run (AES-GCM encryption, AES-CBC, AES-KW wrapping), loaded on
 * first use by `aes.ts`; same checks and errors as the ones kept there.
 */
import type { AesGcmResult } from '../contract.js';
import { DecryptionFailedError, InputInvalidError, OperationFailedError } from '../errors.js';
import { assertBytes } from '../bytes.js';
import { decrypting, type OpsContext } from './context.js';
import { assertAesKey, checkGcmKeyIv, requireGcm } from './aes.js';

export async function aesGcmEncrypt(ctx: OpsContext, key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Promise<AesGcmResult> {
  checkGcmKeyIv(key, iv);
  assertBytes(plaintext, 'plaintext');
  assertBytes(aad, 'additional data');
  const ivUnsupported = requireGcm(ctx, key, iv);
  if (ivUnsupported) await ivUnsupported;
  const r = await ctx.run('AES-GCM encrypt', () => ctx.method('aesGcmEncrypt')(key, iv, plaintext, aad));
  if (r.tag.length !== 16 || r.ciphertext.length !== plaintext.length) throw new OperationFailedError(`${ctx.name}: AES-GCM output has the wrong size`);
  return r;
}

export async function aesCbcEncrypt({ require, method, run }: OpsContext, key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  assertAesKey(key, 'AES-CBC key');
  assertBytes(iv, 'AES-CBC iv', 16);
  assertBytes(plaintext, 'plaintext');
  require({ op: 'aesCbc', keyBits: (key.length * 8) as 128 }, `AES-CBC with a ${key.length * 8}-bit key`);
  return run('AES-CBC encrypt', () => method('aesCbcEncrypt')(key, iv, plaintext));
}

export async function aesCbcDecrypt({ require, method }: OpsContext, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  assertAesKey(key, 'AES-CBC key');
  assertBytes(iv, 'AES-CBC iv', 16);
  assertBytes(ciphertext, 'ciphertext');
  require({ op: 'aesCbc', keyBits: (key.length * 8) as 128 }, `AES-CBC with a ${key.length * 8}-bit key`);
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new DecryptionFailedError();
  return decrypting(() => method('aesCbcDecrypt')(key, iv, ciphertext));
}

export async function aesKwWrap({ require, method, run }: OpsContext, kek: Uint8Array, key: Uint8Array): Promise<Uint8Array> {
  assertAesKey(kek, 'AES-KW key-encryption key');
  assertBytes(key, 'key to wrap');
  if (key.length < 16 || key.length % 8 !== 0) throw new InputInvalidError('AES-KW wraps keys of 16 bytes or more, in multiples of 8');
  require({ op: 'aesKw', keyBits: (kek.length * 8) as 128 }, `AES-KW with a ${kek.length * 8}-bit key`);
  return run('AES-KW wrap', () => method('aesKwWrap')(kek, key));
}
