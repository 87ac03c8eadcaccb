/** JWE Compact Serialization (RFC 7516 §7.1): five base64url parts, every header parameter protected. */
import { InputInvalidError } from '@cryptoplug/core';
import { JweInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { limitsOf } from '../lib/util.js';
import { splitCompact } from '../jws/compact.js';
import type { KeyManagementParameters } from './key-management.js';
import { decryptCompactParts, encryptJwe, type JweDecryptOptions, type JweEncryptOptions, type JweHeader } from './shared.js';

export interface CompactEncryptOptions extends Omit<JweEncryptOptions, 'sharedUnprotectedHeader' | 'aad' | 'protectedHeader'> {
  /** Must hold `alg` and `enc`. */
  readonly protectedHeader: JweHeader & { alg: string; enc: string };
  readonly keyManagement?: KeyManagementParameters;
}

export interface CompactDecryptResult {
  readonly plaintext: Uint8Array;
  readonly protectedHeader: JweHeader;
}

export async function encryptCompact(plaintext: Uint8Array | string, key: KeyInput, options: CompactEncryptOptions): Promise<string> {
  if (!options || typeof options.protectedHeader !== 'object' || options.protectedHeader === null) {
    throw new InputInvalidError('compact JWE needs options.protectedHeader with "alg" and "enc"');
  }
  const { keyManagement, ...rest } = options;
  const jwe = await encryptJwe(plaintext, [{ key, ...(keyManagement ? { keyManagement } : {}) }], rest, 'protected');
  const r = jwe.recipients[0]!;
  return [jwe.protected, r.encrypted_key ?? '', jwe.iv, jwe.ciphertext, jwe.tag].join('.');
}

export async function decryptCompact(token: string, key: KeyInput | KeyResolver, options: JweDecryptOptions): Promise<CompactDecryptResult> {
  const limits = limitsOf(options?.limits);
  const [prot, encryptedKey, iv, ciphertext, tag] = splitCompact(token, 5, limits.maxTokenLength, JweInvalidError) as [string, string, string, string, string];
  if (prot.length === 0) throw new JweInvalidError('compact JWE must have a protected header');
  const r = await decryptCompactParts(prot, { encrypted_key: encryptedKey, iv, ciphertext, tag }, key, options);
  return { plaintext: r.plaintext, protectedHeader: r.protectedHeader };
}
