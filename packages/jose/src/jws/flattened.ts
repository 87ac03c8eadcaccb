/** JWS Flattened JSON Serialization (RFC 7515 §7.2.2): one signature, optional unprotected header. */
import { parseJsonGuarded, type Backend, type CryptoplugError } from '@cryptoplug/core';
import { JwsInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { isObject, limitsOf } from '../lib/util.js';
import { signFlattenedJws, verifyFlattenedJws, type FlattenedJws, type JwsHeader, type JwsVerifyOptions, type JwsVerifyResult } from './shared.js';

export interface FlattenedSignOptions {
  readonly backend: Backend;
  readonly protectedHeader?: JwsHeader;
  readonly unprotectedHeader?: Record<string, unknown>;
  readonly detached?: boolean;
}

export function signFlattened(payload: Uint8Array | string, key: KeyInput, options: FlattenedSignOptions): Promise<FlattenedJws> {
  return signFlattenedJws(
    payload,
    {
      key,
      ...(options.protectedHeader ? { protectedHeader: options.protectedHeader } : {}),
      ...(options.unprotectedHeader ? { unprotectedHeader: options.unprotectedHeader } : {}),
    },
    options.backend,
    options.detached ? { detached: true } : {},
  );
}

/** Accepts the object or its JSON text. */
export function verifyFlattened(jws: FlattenedJws | string, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<JwsVerifyResult> {
  const obj = typeof jws === 'string' ? parseJsonSerialization(jws, limitsOf(options?.limits).maxTokenLength, JwsInvalidError) : jws;
  if (isObject(obj) && 'signatures' in obj) throw new JwsInvalidError('this is a general JSON JWS (use verifyGeneral)');
  return verifyFlattenedJws(obj, key, options);
}

export function parseJsonSerialization(text: string, maxLength: number, Err: new (m: string, o?: { cause?: unknown }) => Error): Record<string, unknown> {
  if (text.length > maxLength) throw new Err(`token exceeds ${maxLength} characters`);
  const value = parseJsonGuarded(text, { what: 'JSON serialization', maxBytes: maxLength, invalid: (cause) => new Err('JSON serialization is not valid JSON', { cause }) as CryptoplugError });
  if (!isObject(value)) throw new Err('JSON serialization must be an object');
  return value;
}
