/** JWS General JSON Serialization (RFC 7515 §7.2.1): one payload, several signatures. */
import { InputInvalidError, type Backend } from '@cryptoplug/core';
import { JwsInvalidError, JwsSignatureInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { decodeB64u, isObject, limitsOf, parseJsonObject } from '../lib/util.js';
import { parseJsonSerialization } from './flattened.js';
import { verifyCompact } from './compact.js';
import { signFlattenedJws, verifyFlattenedJws, type FlattenedJws, type GeneralJws, type JwsSigner, type JwsVerifyOptions, type JwsVerifyResult } from './shared.js';

export interface GeneralSignOptions {
  readonly backend: Backend;
  readonly detached?: boolean;
}

export async function signGeneral(payload: Uint8Array | string, signers: readonly JwsSigner[], options: GeneralSignOptions): Promise<GeneralJws> {
  if (!Array.isArray(signers) || signers.length === 0) throw new InputInvalidError('general JWS needs at least one signer');
  const b64s = new Set(signers.map((s) => s.protectedHeader?.b64 ?? true));
  if (b64s.size > 1) throw new InputInvalidError('all signatures of a JWS must agree on "b64"');
  const signatures: GeneralJws['signatures'] = [];
  let encodedPayload: string | undefined;
  for (const signer of signers) {
    const one: FlattenedJws = await signFlattenedJws(payload, signer, options.backend, options.detached ? { detached: true } : {});
    encodedPayload = one.payload;
    const entry: GeneralJws['signatures'][number] = { signature: one.signature };
    if (one.protected !== undefined) entry.protected = one.protected;
    if (one.header !== undefined) entry.header = one.header;
    signatures.push(entry);
  }
  return encodedPayload === undefined ? { signatures } : { payload: encodedPayload, signatures };
}

export interface GeneralVerifyResult extends JwsVerifyResult {
  /** Index of the signature that verified. */
  readonly index: number;
}

/**
 * Succeeds when one signature verifies with the key under the options (the first that does is reported). When none
 * does, the error of the only signature is thrown, or `ERR_JWS_SIGNATURE_INVALID` when there were several.
 */
export async function verifyGeneral(jws: GeneralJws | string, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<GeneralVerifyResult> {
  const limits = limitsOf(options?.limits);
  const obj = typeof jws === 'string' ? parseJsonSerialization(jws, limits.maxTokenLength, JwsInvalidError) : jws;
  if (!isObject(obj)) throw new JwsInvalidError('general JWS must be an object');
  const list = obj.signatures;
  if (!Array.isArray(list) || list.length === 0) throw new JwsInvalidError('general JWS "signatures" must be a non-empty array');
  if (list.length > limits.maxEntries) throw new JwsInvalidError(`general JWS has more than ${limits.maxEntries} signatures`);
  if (!list.every(isObject)) throw new JwsInvalidError('every JWS signature entry must be an object');
  // RFC 7797 §3: all signatures must agree on b64.
  const b64s = new Set(
    list.map((s) => {
      if (typeof s.protected !== 'string') return true;
      const h = parseJsonObject(decodeB64u(s.protected, 'protected header', JwsInvalidError), 'protected header', JwsInvalidError);
      return h.b64 ?? true;
    }),
  );
  if (b64s.size > 1) throw new JwsInvalidError('the signatures of the JWS disagree on "b64"');
  let lastError: unknown;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    try {
      const r = await verifyFlattenedJws({ protected: s.protected, header: s.header, signature: s.signature, payload: obj.payload }, key, options);
      return { ...r, index: i };
    } catch (e) {
      lastError = e;
    }
  }
  if (list.length === 1) throw lastError;
  throw new JwsSignatureInvalidError({ cause: lastError });
}

export type AnyJwsResult = JwsVerifyResult & { readonly serialization: 'compact' | 'flattened' | 'general' };

/** Verifies a JWS in any serialization: compact text, or JSON (flattened or general) as text or object. */
export async function verifyJws(token: string | Record<string, unknown>, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<AnyJwsResult> {
  const limits = limitsOf(options?.limits);
  let obj: Record<string, unknown>;
  if (typeof token === 'string') {
    if (!token.trimStart().startsWith('{')) return { ...(await verifyCompact(token, key, options)), serialization: 'compact' };
    obj = parseJsonSerialization(token, limits.maxTokenLength, JwsInvalidError);
  } else {
    obj = token;
  }
  if (!isObject(obj)) throw new JwsInvalidError('JWS must be a compact string or a JSON object');
  if ('signatures' in obj) {
    const { index: _index, ...rest } = await verifyGeneral(obj as unknown as GeneralJws, key, options);
    return { ...rest, serialization: 'general' };
  }
  return { ...(await verifyFlattenedJws(obj, key, options)), serialization: 'flattened' };
}
