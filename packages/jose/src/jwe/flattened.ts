/** JWE Flattened JSON Serialization (RFC 7516 §7.2.2): one recipient, optional unprotected headers and AAD. */
import { JweInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { isObject, limitsOf } from '../lib/util.js';
import { parseJsonSerialization } from '../jws/flattened.js';
import type { KeyManagementParameters } from './key-management.js';
import { decryptFlattenedJwe, encryptJwe, type FlattenedJwe, type JweDecryptOptions, type JweDecryptResult, type JweEncryptOptions } from './shared.js';

export interface FlattenedEncryptOptions extends JweEncryptOptions {
  /** Per-recipient unprotected header. */
  readonly unprotectedHeader?: Record<string, unknown>;
  readonly keyManagement?: KeyManagementParameters;
}

export async function encryptFlattened(plaintext: Uint8Array | string, key: KeyInput, options: FlattenedEncryptOptions): Promise<FlattenedJwe> {
  const { keyManagement, unprotectedHeader, ...rest } = options;
  const jwe = await encryptJwe(
    plaintext,
    [{ key, ...(unprotectedHeader ? { header: unprotectedHeader } : {}), ...(keyManagement ? { keyManagement } : {}) }],
    rest,
    'protected',
  );
  const r = jwe.recipients[0]!;
  const out: FlattenedJwe = { ciphertext: jwe.ciphertext, iv: jwe.iv, tag: jwe.tag };
  if (jwe.protected !== undefined) out.protected = jwe.protected;
  if (jwe.unprotected !== undefined) out.unprotected = jwe.unprotected;
  if (r.header !== undefined) out.header = r.header;
  if (r.encrypted_key !== undefined) out.encrypted_key = r.encrypted_key;
  if (jwe.aad !== undefined) out.aad = jwe.aad;
  return out;
}

export function decryptFlattened(jwe: FlattenedJwe | string, key: KeyInput | KeyResolver, options: JweDecryptOptions): Promise<JweDecryptResult> {
  const obj = typeof jwe === 'string' ? parseJsonSerialization(jwe, limitsOf(options?.limits).maxTokenLength, JweInvalidError) : jwe;
  if (isObject(obj) && 'recipients' in obj) throw new JweInvalidError('this is a general JSON JWE (use decryptGeneral)');
  return decryptFlattenedJwe(obj, key, options);
}
