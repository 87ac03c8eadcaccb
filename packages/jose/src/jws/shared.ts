/** The JWS machinery shared by the compact, flattened and general serializations. */
import {
  InputInvalidError,
  SignatureMalformedError,
  concatBytes,
  timingSafeEqual,
  utf8,
  type Backend,
} from '@cryptoplug/core';
import { jwsAlg } from '../lib/algorithms.js';
import { validateCrit } from '../lib/crit.js';
import { JoseAlgNotAllowedError, JoseNotSupportedError, JwsInvalidError, JwsSignatureInvalidError } from '../lib/errors.js';
import { callResolver, isResolver, resolveJwsKey, type JwsKey, type KeyInput, type KeyResolver } from '../lib/keys.js';
import {
  assertAllowList,
  assertBackend,
  assertDisjoint,
  b64u,
  decodeB64u,
  decodeProtected,
  encodeJson,
  isObject,
  limitsOf,
  type Limits,
} from '../lib/util.js';

export type JwsHeader = Record<string, unknown> & { alg?: string; kid?: string; typ?: string; cty?: string; crit?: string[]; b64?: boolean };

export interface FlattenedJws {
  payload?: string;
  protected?: string;
  header?: Record<string, unknown>;
  signature: string;
}

export interface GeneralJws {
  payload?: string;
  signatures: Array<{ protected?: string; header?: Record<string, unknown>; signature: string }>;
}

export interface JwsVerifyOptions {
  readonly backend: Backend;
  /** The algorithms the caller accepts. Required: the token header never chooses on its own. */
  readonly algorithms: readonly string[];
  /** Extension header parameters (besides `b64`) the caller understands: `{ name: true }`. */
  readonly crit?: Readonly<Record<string, boolean>>;
  /** Detached content (RFC 7515 Appendix F): the payload when the token carries none. */
  readonly payload?: Uint8Array | string;
  readonly limits?: Partial<Limits>;
}

export interface JwsVerifyResult {
  readonly payload: Uint8Array;
  readonly protectedHeader?: JwsHeader;
  readonly unprotectedHeader?: Record<string, unknown>;
}

export interface JwsSigner {
  readonly key: KeyInput;
  readonly protectedHeader?: JwsHeader;
  readonly unprotectedHeader?: Record<string, unknown>;
}

const BUILT_IN_CRIT: ReadonlySet<string> = new Set(['b64']);

/** The JWS Signing Input: ASCII(protected) '.' payload (base64url, or the raw bytes when b64 is false). */
export function signingInput(protectedB64: string, payload: Uint8Array, b64: boolean): Uint8Array {
  return concatBytes(utf8(protectedB64), utf8('.'), b64 ? utf8(b64u(payload)) : payload);
}

export async function signWith(backend: Backend, alg: string, key: JwsKey, data: Uint8Array): Promise<Uint8Array> {
  const spec = jwsAlg(alg)!;
  if (spec.kind === 'hmac') {
    if (key.kind !== 'hmac') throw new InputInvalidError('internal: HMAC key expected');
    return backend.hmac(spec.hash, key.secret, data);
  }
  if (key.kind !== 'private') throw new InputInvalidError('internal: private key expected');
  return backend.sign(spec.signature, key.key, data);
}

/** True only for a signature that verifies; malformed signature values are `false` (never an oracle). */
export async function verifyWith(backend: Backend, alg: string, key: JwsKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const spec = jwsAlg(alg)!;
  if (spec.kind === 'hmac') {
    if (key.kind !== 'hmac') return false;
    const expected = await backend.hmac(spec.hash, key.secret, data);
    return timingSafeEqual(expected, signature);
  }
  if (key.kind !== 'public') return false;
  try {
    return await backend.verify(spec.signature, key.key, signature, data);
  } catch (e) {
    if (e instanceof SignatureMalformedError) return false;
    throw e;
  }
}

/** Checks `alg` against the caller's allow-list and the algorithm table. */
export function checkJwsAlg(alg: unknown, allowed: readonly string[]): string {
  if (alg === undefined) throw new JwsInvalidError('JWS "alg" header parameter is missing');
  if (typeof alg !== 'string' || alg.length === 0) throw new JwsInvalidError('JWS "alg" header parameter must be a non-empty string');
  if (alg.toLowerCase() === 'none') throw new JoseAlgNotAllowedError('JWS "alg" is "none": unsecured JWS are never accepted');
  if (!allowed.includes(alg)) throw new JoseAlgNotAllowedError(`JWS "alg" ${JSON.stringify(alg).slice(0, 40)} is not one of the allowed algorithms (${allowed.join(', ')})`);
  if (!jwsAlg(alg)) throw new JoseNotSupportedError(`JWS algorithm "${alg}" is not supported`);
  return alg;
}

/** Verifies one signature of a flattened (or split general) JWS. */
export async function verifyFlattenedJws(jws: unknown, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<JwsVerifyResult> {
  assertBackend(options?.backend);
  assertAllowList(options.algorithms, 'options.algorithms');
  const limits = limitsOf(options.limits);
  if (!isObject(jws)) throw new JwsInvalidError('flattened JWS must be an object');
  if (jws.protected === undefined && jws.header === undefined) throw new JwsInvalidError('JWS has neither a protected nor an unprotected header');
  if (jws.protected !== undefined && typeof jws.protected !== 'string') throw new JwsInvalidError('JWS "protected" must be a string');
  if (jws.header !== undefined && !isObject(jws.header)) throw new JwsInvalidError('JWS "header" must be an object');
  if (jws.payload !== undefined && typeof jws.payload !== 'string') throw new JwsInvalidError('JWS "payload" must be a string');
  if (typeof jws.signature !== 'string') throw new JwsInvalidError('JWS "signature" must be a string');

  const protectedB64 = (jws.protected as string | undefined) ?? '';
  const parsedProtected = jws.protected !== undefined ? decodeProtected(jws.protected, limits, JwsInvalidError) : undefined;
  const unprotected = jws.header as Record<string, unknown> | undefined;
  assertDisjoint(JwsInvalidError, parsedProtected, unprotected);
  const joseHeader: Record<string, unknown> = { ...unprotected, ...parsedProtected };

  const extensions = validateCrit(JwsInvalidError, BUILT_IN_CRIT, options.crit, parsedProtected, joseHeader);
  let b64 = true;
  if (joseHeader.b64 !== undefined) {
    if (parsedProtected?.b64 === undefined) throw new JwsInvalidError('"b64" must be in the protected header');
    if (typeof parsedProtected.b64 !== 'boolean') throw new JwsInvalidError('"b64" must be a boolean');
    if (!extensions.has('b64')) throw new JwsInvalidError('"b64" must be listed in "crit" (RFC 7797 §6)');
    b64 = parsedProtected.b64;
  }

  const alg = checkJwsAlg(joseHeader.alg, options.algorithms);

  let payload: Uint8Array;
  if (jws.payload === undefined || (jws.payload === '' && options.payload !== undefined)) {
    if (options.payload === undefined) throw new JwsInvalidError('JWS has no payload (detached content needs options.payload)');
    payload = typeof options.payload === 'string' ? utf8(options.payload) : options.payload;
  } else {
    if (options.payload !== undefined) throw new InputInvalidError('options.payload is for detached content, but the JWS carries a payload');
    payload = b64 ? decodeB64u(jws.payload, 'JWS payload', JwsInvalidError) : utf8(jws.payload);
  }
  return verifyDecoded(jws.signature, payload, protectedB64, b64, alg, key, joseHeader, parsedProtected, unprotected, options);
}

async function verifyDecoded(
  signatureB64: string,
  payload: Uint8Array,
  protectedB64: string,
  b64: boolean,
  alg: string,
  keyInput: KeyInput | KeyResolver,
  joseHeader: Record<string, unknown>,
  parsedProtected: Record<string, unknown> | undefined,
  unprotected: Record<string, unknown> | undefined,
  options: JwsVerifyOptions,
): Promise<JwsVerifyResult> {
  const signature = decodeB64u(signatureB64, 'JWS signature', JwsInvalidError);
  const input = isResolver(keyInput) ? await callResolver(keyInput, joseHeader, 'jws') : keyInput;
  const key = resolveJwsKey(input, alg, 'verify');
  const ok = await verifyWith(options.backend, alg, key, signature, signingInput(protectedB64, payload, b64));
  if (!ok) throw new JwsSignatureInvalidError();
  return {
    payload,
    ...(parsedProtected ? { protectedHeader: parsedProtected as JwsHeader } : {}),
    ...(unprotected ? { unprotectedHeader: unprotected } : {}),
  };
}

/** Produces one flattened signature object. */
export async function signFlattenedJws(
  payloadInput: Uint8Array | string,
  signer: JwsSigner,
  backend: Backend,
  options: { readonly detached?: boolean } = {},
): Promise<FlattenedJws> {
  assertBackend(backend);
  const payload = typeof payloadInput === 'string' ? utf8(payloadInput) : payloadInput;
  if (!(payload instanceof Uint8Array)) throw new InputInvalidError('payload must be a Uint8Array or a string');
  const prot = signer.protectedHeader;
  const unprot = signer.unprotectedHeader;
  if (prot === undefined && unprot === undefined) throw new InputInvalidError('a JWS needs a protected or an unprotected header');
  if ((prot !== undefined && !isObject(prot)) || (unprot !== undefined && !isObject(unprot))) {
    throw new InputInvalidError('JWS headers must be objects');
  }
  assertDisjoint(JwsInvalidError, prot, unprot);
  const joseHeader: Record<string, unknown> = { ...unprot, ...prot };
  const alg = joseHeader.alg;
  if (typeof alg !== 'string' || alg.length === 0) throw new InputInvalidError('JWS header needs "alg"');
  if (alg.toLowerCase() === 'none') throw new JoseAlgNotAllowedError('refusing to produce an unsecured JWS (alg "none")');
  if (!jwsAlg(alg)) throw new JoseNotSupportedError(`JWS algorithm "${alg}" is not supported`);
  const extensions = validateCrit(JwsInvalidError, BUILT_IN_CRIT, Object.fromEntries(((prot?.crit as string[] | undefined) ?? []).map((c) => [c, true])), prot, joseHeader);
  let b64 = true;
  if (joseHeader.b64 !== undefined) {
    if (prot?.b64 === undefined || typeof prot.b64 !== 'boolean') throw new InputInvalidError('"b64" must be a boolean in the protected header');
    if (!extensions.has('b64')) throw new InputInvalidError('"b64" needs "crit": ["b64"] in the protected header (RFC 7797 §6)');
    b64 = prot.b64;
  }
  const key = resolveJwsKey(signer.key, alg, 'sign');
  const protectedB64 = prot ? b64u(encodeJson(prot)) : '';
  const signature = await signWith(backend, alg, key, signingInput(protectedB64, payload, b64));
  const out: FlattenedJws = { signature: b64u(signature) };
  if (!options.detached) out.payload = b64 ? b64u(payload) : new TextDecoder('utf-8', { fatal: true }).decode(payload);
  if (prot) out.protected = protectedB64;
  if (unprot) out.header = { ...unprot };
  return out;
}

export { JwsInvalidError };
