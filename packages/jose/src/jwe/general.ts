/** JWE General JSON Serialization (RFC 7516 §7.2.1): one ciphertext, several recipients. */
import { DecryptionFailedError } from '@cryptoplug/core';
import { JweInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { isObject, limitsOf } from '../lib/util.js';
import { parseJsonSerialization } from '../jws/flattened.js';
import { decryptCompact } from './compact.js';
import { checkPbes2Budget, decryptFlattenedJwe, encryptJwe, type GeneralJwe, type JweDecryptOptions, type JweDecryptResult, type JweEncryptOptions, type JweRecipient } from './shared.js';

export async function encryptGeneral(plaintext: Uint8Array | string, recipients: readonly JweRecipient[], options: JweEncryptOptions): Promise<GeneralJwe> {
  const jwe = await encryptJwe(plaintext, recipients, options, 'recipient');
  const out: GeneralJwe = { recipients: jwe.recipients, iv: jwe.iv, ciphertext: jwe.ciphertext, tag: jwe.tag };
  if (jwe.protected !== undefined) out.protected = jwe.protected;
  if (jwe.unprotected !== undefined) out.unprotected = jwe.unprotected;
  if (jwe.aad !== undefined) out.aad = jwe.aad;
  return out;
}

export interface GeneralDecryptResult extends JweDecryptResult {
  /** Index of the recipient whose entry decrypted. */
  readonly index: number;
}

/**
 * Tries each recipient entry with the key; the first that decrypts wins. When none does, the only entry's error is
 * thrown, or `ERR_DECRYPTION_FAILED` when there were several.
 */
export async function decryptGeneral(jwe: GeneralJwe | string, key: KeyInput | KeyResolver, options: JweDecryptOptions): Promise<GeneralDecryptResult> {
  const limits = limitsOf(options?.limits);
  const obj = typeof jwe === 'string' ? parseJsonSerialization(jwe, limits.maxTokenLength, JweInvalidError) : jwe;
  if (!isObject(obj)) throw new JweInvalidError('general JWE must be an object');
  const list = obj.recipients;
  if (!Array.isArray(list) || list.length === 0) throw new JweInvalidError('general JWE "recipients" must be a non-empty array');
  if (list.length > limits.maxEntries) throw new JweInvalidError(`general JWE has more than ${limits.maxEntries} recipients`);
  if (!list.every(isObject)) throw new JweInvalidError('every JWE recipient entry must be an object');
  // the whole JWE's PBES2 work, before the first recipient derives anything (one recipient: its p2c ceiling applies)
  if (list.length > 1) checkPbes2Budget(list.map((r) => ({ protected: obj.protected, unprotected: obj.unprotected, header: (r as Record<string, unknown>).header })), options);
  let lastError: unknown;
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as Record<string, unknown>;
    try {
      const result = await decryptFlattenedJwe(
        { protected: obj.protected, unprotected: obj.unprotected, header: r.header, encrypted_key: r.encrypted_key, iv: obj.iv, ciphertext: obj.ciphertext, tag: obj.tag, aad: obj.aad },
        key,
        options,
      );
      return { ...result, index: i };
    } catch (e) {
      lastError = e;
    }
  }
  if (list.length === 1) throw lastError;
  throw new DecryptionFailedError({ cause: lastError });
}

export type AnyJweResult = JweDecryptResult & { readonly serialization: 'compact' | 'flattened' | 'general' };

/** Decrypts a JWE in any serialization: compact text, or JSON (flattened or general) as text or object. */
export async function decryptJwe(token: string | Record<string, unknown>, key: KeyInput | KeyResolver, options: JweDecryptOptions): Promise<AnyJweResult> {
  const limits = limitsOf(options?.limits);
  let obj: Record<string, unknown>;
  if (typeof token === 'string') {
    if (!token.trimStart().startsWith('{')) return { ...(await decryptCompact(token, key, options)), serialization: 'compact' };
    obj = parseJsonSerialization(token, limits.maxTokenLength, JweInvalidError);
  } else {
    obj = token;
  }
  if (!isObject(obj)) throw new JweInvalidError('JWE must be a compact string or a JSON object');
  if ('recipients' in obj) {
    const { index: _index, ...rest } = await decryptGeneral(obj as unknown as GeneralJwe, key, options);
    return { ...rest, serialization: 'general' };
  }
  return { ...(await decryptFlattenedJwe(obj, key, options)), serialization: 'flattened' };
}
