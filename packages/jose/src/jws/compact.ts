/** JWS Compact Serialization (RFC 7515 §7.1): `BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`. */
import { InputInvalidError, base64url, base64urlOfText, type Backend } from '@cryptoplug/core';
import { JwsInvalidError } from '../lib/errors.js';
import type { KeyInput, KeyResolver } from '../lib/keys.js';
import { assertBackend, limitsOf, rejected } from '../lib/util.js';
import { jwtProtectedHeader, parseCompact, signCompactEncoded, signFlattenedJws, startVerifyCompactParts, verifyCompactParts, type JwsHeader, type JwsVerifyOptions } from './shared.js';

export interface CompactSignOptions {
  readonly backend: Backend;
  /** The protected header; `alg` is required. */
  readonly protectedHeader: JwsHeader & { alg: string };
  /** Omit the payload from the token (RFC 7515 Appendix F); verify with `options.payload`. */
  readonly detached?: boolean;
}

export interface CompactVerifyResult {
  readonly payload: Uint8Array;
  readonly protectedHeader: JwsHeader;
}

/**
 * `[alg, kid, typ]` when the header is only those (string values, in that order — the order JSON.stringify keeps), so
 * the cached encoding of `jwtProtectedHeader` is byte-identical to encoding the caller's object; otherwise undefined.
 */
function simpleHeader(h: Record<string, unknown>): [string, string | undefined, string | undefined] | undefined {
  const keys = Object.keys(h);
  if (keys.length > 3 || keys[0] !== 'alg' || typeof h.alg !== 'string') return undefined;
  let i = 1;
  const kid = keys[i] === 'kid' ? (i++, h.kid) : undefined;
  const typ = keys[i] === 'typ' ? (i++, h.typ) : undefined;
  if (i !== keys.length || (kid !== undefined && typeof kid !== 'string') || (typ !== undefined && typeof typ !== 'string')) return undefined;
  return [h.alg, kid as string | undefined, typ as string | undefined];
}

export function signCompact(payload: Uint8Array | string, key: KeyInput, options: CompactSignOptions): Promise<string> {
  try {
    const h = options?.protectedHeader;
    const simple = typeof h === 'object' && h !== null && !options.detached ? simpleHeader(h) : undefined;
    if (simple !== undefined && (typeof payload === 'string' || payload instanceof Uint8Array)) {
      // the usual compact JWS ({"alg"} with kid/typ at most): the header encoded once, the same checks, the same bytes
      assertBackend(options.backend);
      const payloadB64 = typeof payload === 'string' ? base64urlOfText(payload) : base64url(payload);
      return signCompactEncoded(jwtProtectedHeader(...simple), payloadB64, key, simple[0], options.backend);
    }
  } catch (e) {
    return rejected(e);
  }
  return signCompactGeneral(payload, key, options);
}

async function signCompactGeneral(payload: Uint8Array | string, key: KeyInput, options: CompactSignOptions): Promise<string> {
  if (!options || typeof options.protectedHeader !== 'object' || options.protectedHeader === null) {
    throw new InputInvalidError('compact JWS needs options.protectedHeader with "alg"');
  }
  const jws = await signFlattenedJws(payload, { key, protectedHeader: options.protectedHeader }, options.backend, {
    ...(options.detached ? { detached: true } : {}),
  });
  const body = jws.payload ?? '';
  if (options.protectedHeader.b64 === false && body.includes('.')) {
    throw new InputInvalidError('an unencoded (b64: false) payload in a compact JWS must not contain "."');
  }
  return `${jws.protected}.${body}.${jws.signature}`;
}

/** Splits a compact token into its parts, enforcing the length limit and the number of parts. */
export function splitCompact(token: unknown, parts: number, maxLength: number, Err: new (m: string) => Error): string[] {
  if (typeof token !== 'string') throw new Err('compact serialization must be a string');
  if (token.length > maxLength) throw new Err(`token exceeds ${maxLength} characters`);
  const out = token.split('.');
  if (out.length !== parts) throw new Err(`compact serialization must have ${parts} parts, got ${out.length}`);
  return out;
}

export async function verifyCompact(token: string, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<CompactVerifyResult> {
  return startVerifyCompact(token, key, options);
}

/** `verifyCompact` without its async wrapper (throws synchronously on malformed input); for async internal callers. */
export function startVerifyCompact(token: string, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<CompactVerifyResult> {
  const limits = limitsOf(options?.limits);
  const parts = parseCompact(token, options, limits);
  if (parts === undefined) {
    // b64: false or detached content: the general flattened path (it repeats the checks above)
    const [protectedB64, payload, signature] = splitCompact(token, 3, limits.maxTokenLength, JwsInvalidError) as [string, string, string];
    // a compact JWS has only a protected header, so the flattened result is exactly { payload, protectedHeader }
    return startVerifyCompactParts(protectedB64, payload, signature, key, options, limits) as Promise<CompactVerifyResult>;
  }
  // the caller gets payload bytes of its own (parts.payload may be a view into a shared pool)
  return verifyCompactParts(parts, key, options, () => ({ payload: new Uint8Array(parts.payload), protectedHeader: parts.protectedHeader }));
}
