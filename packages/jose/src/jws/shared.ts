/** The JWS machinery shared by the compact, flattened and general serializations. */
import {
  InputInvalidError,
  SignatureMalformedError,
  asciiBytes,
  base64urlOfText,
  concatBytes,
  signatureQuery,
  timingSafeEqual,
  utf8,
  type Backend,
  type CapabilityQuery,
  type PrivateKey,
  type PublicKey,
} from '@cryptoplug/core';
import { jwsAlg, type JwsAlgSpec } from '../lib/algorithms.js';
import { assertCritOption, validateCrit } from '../lib/crit.js';
import { JoseAlgNotAllowedError, JoseNotSupportedError, JwsInvalidError, JwsSignatureInvalidError } from '../lib/errors.js';
import { callResolver, isResolver, resolveJwsKey, resolveJwsVerifyKey, type JwsKey, type KeyInput, type KeyResolver } from '../lib/keys.js';
import {
  assertAllowList,
  assertBackend,
  assertDisjoint,
  b64u,
  decodeB64u,
  decodeB64uTransient,
  decodeProtected,
  decodeProtectedCached,
  encodeJson,
  isNone,
  isObject,
  limitsOf,
  rejected,
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
  // one encode of one string for the usual b64 case (no per-part TextEncoder round trips and no concatenation)
  return b64 ? utf8(`${protectedB64}.${b64u(payload)}`) : concatBytes(utf8(`${protectedB64}.`), payload);
}

/**
 * The backend that really runs an operation. `auto` is a composite whose every member validates again, so going
 * through it pays the contract checks twice; when the backend can say which member answers (`pick`, the AutoBackend
 * API), JOSE calls that member directly — it runs the full contract checks of `defineBackend` once. The answer
 * depends only on (backend, algorithm, curve) — and the curve is fixed by the JWS alg — so it is cached per backend
 * and algorithm object of the JWS table.
 */
const members = new WeakMap<Backend, Map<unknown, Backend>>();
type Picking = Backend & { pick?: (q: CapabilityQuery) => Backend | undefined };

function memberFor(backend: Backend, slot: unknown, query: () => CapabilityQuery): Backend {
  const pick = (backend as Picking).pick;
  if (typeof pick !== 'function') return backend;
  let perBackend = members.get(backend);
  let m = perBackend?.get(slot);
  if (!m) {
    // none can: let the composite raise its own ERR_UNSUPPORTED
    m = pick.call(backend, query()) ?? backend;
    if (!perBackend) members.set(backend, (perBackend = new Map()));
    perBackend.set(slot, m);
  }
  return m;
}

/** The member of `auto` (or the backend itself) that computes SHA-256 digests. */
export function digestBackend(backend: Backend): Backend {
  return memberFor(backend, 'digest SHA-256', () => ({ op: 'digest', hash: 'SHA-256' }));
}

function backendFor(backend: Backend, spec: JwsAlgSpec, key: JwsKey, op: 'sign' | 'verify'): Backend {
  if (spec.kind === 'hmac') return memberFor(backend, spec.hash, () => ({ op: 'hmac', hash: spec.hash }));
  // the key already passed the alg's kty/curve check (jwsKey), so the signature algorithm and op decide the query
  const k = (key as { key: PrivateKey | PublicKey }).key;
  const sig = spec.signature;
  return memberFor(backend, op === 'sign' ? sig : (verifySlots.get(sig) ?? verifySlot(sig)), () => signatureQuery(op, sig, k));
}

/** A distinct slot object per signature algorithm for verify (sign uses the algorithm object itself). */
const verifySlots = new WeakMap<object, object>();
function verifySlot(sig: object): object {
  const slot = {};
  verifySlots.set(sig, slot);
  return slot;
}

/** Signs with the member backend; synchronous problems come back as a rejected promise. */
export function signWith(backend: Backend, alg: string, key: JwsKey, data: Uint8Array): Promise<Uint8Array> {
  try {
    const spec = jwsAlg(alg)!;
    const b = backendFor(backend, spec, key, 'sign');
    if (spec.kind === 'hmac') {
      if (key.kind !== 'hmac') throw new InputInvalidError('internal: HMAC key expected');
      return b.hmac(spec.hash, key.secret, data);
    }
    if (key.kind !== 'private') throw new InputInvalidError('internal: private key expected');
    return b.sign(spec.signature, key.key, data);
  } catch (e) {
    return rejected(e);
  }
}

/** True only for a signature that verifies; malformed signature values are `false` (never an oracle). */
export function verifyWith(backend: Backend, alg: string, key: JwsKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return verifyThen(backend, alg, key, signature, data, isTrue);
}

const isTrue = (ok: boolean): boolean => ok;

/**
 * `verifyWith` with its continuation: `done(ok)` runs in the same reaction as the backend's answer (one promise for
 * the check and what follows, instead of a chain of them). Synchronous problems come back as a rejected promise.
 */
export function verifyThen<T>(backend: Backend, alg: string, key: JwsKey, signature: Uint8Array, data: Uint8Array, done: (ok: boolean) => T): Promise<T> {
  try {
    const spec = jwsAlg(alg)!;
    if (spec.kind === 'hmac') {
      if (key.kind !== 'hmac') return Promise.resolve(done(false));
      return backendFor(backend, spec, key, 'verify')
        .hmac(spec.hash, key.secret, data)
        .then((expected) => done(timingSafeEqual(expected, signature)));
    }
    if (key.kind !== 'public') return Promise.resolve(done(false));
    return backendFor(backend, spec, key, 'verify')
      .verify(spec.signature, key.key, signature, data)
      .then(done, (e: unknown) => done(malformedIsFalse(e)));
  } catch (e) {
    return rejected(e);
  }
}

function malformedIsFalse(e: unknown): false {
  if (e instanceof SignatureMalformedError) return false;
  throw e;
}

/** Checks `alg` against the caller's allow-list and the algorithm table. */
export function checkJwsAlg(alg: unknown, allowed: readonly string[]): string {
  if (alg === undefined) throw new JwsInvalidError('JWS "alg" header parameter is missing');
  if (typeof alg !== 'string' || alg.length === 0) throw new JwsInvalidError('JWS "alg" header parameter must be a non-empty string');
  if (isNone(alg)) throw new JoseAlgNotAllowedError('JWS "alg" is "none": unsecured JWS are never accepted');
  if (!allowed.includes(alg)) throw new JoseAlgNotAllowedError(`JWS "alg" ${JSON.stringify(alg).slice(0, 40)} is not one of the allowed algorithms (${allowed.join(', ')})`);
  if (!jwsAlg(alg)) throw new JoseNotSupportedError(`JWS algorithm "${alg}" is not supported`);
  return alg;
}

/** Verifies one signature of a flattened (or split general) JWS. */
export async function verifyFlattenedJws(jws: unknown, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<JwsVerifyResult> {
  return startVerifyFlattened(jws, key, options);
}

/**
 * The body of `verifyFlattenedJws` without its async wrapper: the checks that need no key throw synchronously, and the
 * returned promise is the signature check's. For internal callers that are themselves async (verifyCompact, verifyJwt),
 * so one token costs one promise chain instead of one per layer.
 */
export function startVerifyFlattened(jws: unknown, key: KeyInput | KeyResolver, options: JwsVerifyOptions): Promise<JwsVerifyResult> {
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
  return verifyHeaders(protectedB64, parsedProtected, unprotected, jws.payload as string | undefined, jws.signature, key, options);
}

/**
 * A compact JWS that is not the usual case (`b64` in the header, or detached content): what `startVerifyFlattened`
 * does with `{ protected, payload, signature }` after its JSON-shape checks, which a split compact token always
 * passes (three strings, no unprotected header). The caller ran `parseCompact` (backend, allow-list, format).
 */
export function startVerifyCompactParts(protectedB64: string, payloadText: string, signatureB64: string, key: KeyInput | KeyResolver, options: JwsVerifyOptions, limits: Limits): Promise<JwsVerifyResult> {
  const parsedProtected = decodeProtected(protectedB64, limits, JwsInvalidError);
  return verifyHeaders(protectedB64, parsedProtected, undefined, payloadText, signatureB64, key, options);
}

/** The rest of `startVerifyFlattened` once the headers are decoded (and disjoint): crit/b64, alg, payload, signature. */
function verifyHeaders(
  protectedB64: string,
  parsedProtected: Record<string, unknown> | undefined,
  unprotected: Record<string, unknown> | undefined,
  payloadText: string | undefined,
  signatureB64: string,
  key: KeyInput | KeyResolver,
  options: JwsVerifyOptions,
): Promise<JwsVerifyResult> {
  const joseHeader: Record<string, unknown> = { ...unprotected, ...parsedProtected };

  const b64 = checkB64(parsedProtected, joseHeader, options);
  const alg = checkJwsAlg(joseHeader.alg, options.algorithms);

  let payload: Uint8Array;
  if (payloadText === undefined || (payloadText === '' && options.payload !== undefined)) {
    if (options.payload === undefined) throw new JwsInvalidError('JWS has no payload (detached content needs options.payload)');
    payload = typeof options.payload === 'string' ? utf8(options.payload) : options.payload;
  } else {
    if (options.payload !== undefined) throw new InputInvalidError('options.payload is for detached content, but the JWS carries a payload');
    payload = b64 ? decodeB64u(payloadText, 'JWS payload', JwsInvalidError) : utf8(payloadText);
  }
  // The token's own base64url payload text is the signing input's second part (strict decoding above proved it is the
  // canonical encoding), so it is not re-encoded; detached content is encoded once.
  const payloadB64 = b64 && typeof payloadText === 'string' && payloadText !== '' ? payloadText : undefined;
  return verifyDecoded({ signatureB64, payload, payloadB64, protectedB64, b64, alg, key, joseHeader, parsedProtected, unprotected, options });
}

/** `crit` (RFC 7515 §4.1.11) and `b64` (RFC 7797) of one signature's headers: whether the payload is base64url. */
function checkB64(parsedProtected: Record<string, unknown> | undefined, joseHeader: Record<string, unknown>, options: JwsVerifyOptions): boolean {
  const extensions = validateCrit(JwsInvalidError, BUILT_IN_CRIT, options.crit, parsedProtected, joseHeader);
  if (joseHeader.b64 === undefined) return true;
  if (parsedProtected?.b64 === undefined) throw new JwsInvalidError('"b64" must be in the protected header');
  if (typeof parsedProtected.b64 !== 'boolean') throw new JwsInvalidError('"b64" must be a boolean');
  if (!extensions.has('b64')) throw new JwsInvalidError('"b64" must be listed in "crit" (RFC 7797 §6)');
  return parsedProtected.b64;
}

/**
 * A compact JWS after every check that needs no key — the usual case only: base64url payload in the token (no
 * `b64` or `crit` header parameter, no detached content). `verifyCompact` and `verifyJwt` take this path; anything else goes through the
 * flattened path, which repeats these checks from the start.
 */
export interface CompactParts {
  /** Decoded protected header (the caller's own object). */
  readonly protectedHeader: JwsHeader;
  readonly alg: string;
  /** The JWS Signing Input as text: the token up to its second dot (checked base64url, so ASCII). */
  readonly signingInput: string;
  /** The payload, decoded (transient bytes: read, never returned; `verifyCompact` returns a copy). */
  readonly payload: Uint8Array;
  /** The signature, decoded (transient bytes: read, never returned). */
  readonly signature: Uint8Array;
}

/**
 * Splits and checks a compact JWS: the same checks in the same order as `startVerifyFlattened` makes of
 * `{ protected, payload, signature }` (a compact JWS has no unprotected header, so there is nothing to merge), plus
 * the signature's base64url. Returns `undefined` when the token is not the usual case (the caller then takes the
 * flattened path). Throws the JOSE errors for malformed tokens.
 */
export function parseCompact(token: unknown, options: JwsVerifyOptions, limits: Limits): CompactParts | undefined {
  if (typeof token !== 'string') throw new JwsInvalidError('compact serialization must be a string');
  if (token.length > limits.maxTokenLength) throw new JwsInvalidError(`token exceeds ${limits.maxTokenLength} characters`);
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) throw new JwsInvalidError(`compact serialization must have 3 parts, got ${token.split('.').length}`);
  if (first === 0) throw new JwsInvalidError('compact JWS must have a protected header');
  assertBackend(options?.backend);
  assertAllowList(options.algorithms, 'options.algorithms');
  if (options.payload !== undefined) return undefined;
  const header = decodeProtectedCached(token.slice(0, first), limits, JwsInvalidError);
  // `b64` and `crit` (extensions): the flattened path, which validates them (loaded on first use by verifyJwt, so a
  // verifier's bundle carries the crit rules only there); the usual token has neither
  if (header.b64 !== undefined || header.crit !== undefined) return undefined;
  const alg = checkCompactHeader(header, options);
  const payload = decodeB64uTransient(token.slice(first + 1, second), 'JWS payload', JwsInvalidError);
  const signature = decodeB64uTransient(token.slice(second + 1), 'JWS signature', JwsInvalidError);
  return { protectedHeader: header as JwsHeader, alg, signingInput: token.slice(0, second), payload, signature };
}

/**
 * The checks of a (usual) compact JWS's decoded header that depend on the call's options: crit, then alg. The header
 * has neither `crit` nor `b64` (parseCompact sends those to the flattened path), so of crit's checks only the shape of
 * `options.crit` applies (what `validateCrit` would check before answering "no extensions").
 */
function checkCompactHeader(header: Record<string, unknown>, options: JwsVerifyOptions): string {
  assertCritOption(options.crit);
  return checkJwsAlg(header.alg, options.algorithms);
}

/**
 * For a token that passed {@link parseCompact} before (the verified-token cache found its hash): the checks of
 * parseCompact that depend on this call's options — size limits, alg allow-list, crit — on the header decoded then.
 * The checks that depend only on the token's bytes (format, base64url, JSON) gave the same answer then as now.
 */
export function recheckCompact(header: Record<string, unknown>, headerLength: number, tokenLength: number, options: JwsVerifyOptions, limits: Limits): void {
  if (tokenLength > limits.maxTokenLength) throw new JwsInvalidError(`token exceeds ${limits.maxTokenLength} characters`);
  assertBackend(options?.backend);
  assertAllowList(options.algorithms, 'options.algorithms');
  if (headerLength > limits.maxHeaderLength) throw new JwsInvalidError(`protected header exceeds ${limits.maxHeaderLength} characters`);
  checkCompactHeader(header, options);
}

/**
 * Verifies the signature of checked compact parts with the caller's key (or resolver); `done()` makes the result.
 * Rejects with ERR_JWS_SIGNATURE_INVALID when the signature does not verify.
 */
export function verifyCompactParts<T>(parts: CompactParts, keyInput: KeyInput | KeyResolver, options: JwsVerifyOptions, done: () => T): Promise<T> {
  const finish = (ok: boolean): T => {
    if (!ok) throw new JwsSignatureInvalidError();
    return done();
  };
  const withKey = (input: KeyInput): Promise<T> => {
    const key = resolveJwsVerifyKey(input, parts.alg);
    // a promise only the first time an HMAC or RSA key is checked (the key policy module loads once)
    if (key instanceof Promise) return key.then((k) => verifyThen(options.backend, parts.alg, k, parts.signature, asciiBytes(parts.signingInput), finish));
    return verifyThen(options.backend, parts.alg, key, parts.signature, asciiBytes(parts.signingInput), finish);
  };
  if (isResolver(keyInput)) return callResolver(keyInput, parts.protectedHeader, 'jws').then(withKey);
  try {
    return withKey(keyInput);
  } catch (e) {
    return rejected(e);
  }
}

/** What `verifyDecoded` needs: the decoded parts of one signature and the caller's key and options. */
interface DecodedJws {
  readonly signatureB64: string;
  readonly payload: Uint8Array;
  /** The payload as it was in the token (base64url), when it was there. */
  readonly payloadB64?: string | undefined;
  readonly protectedB64: string;
  readonly b64: boolean;
  readonly alg: string;
  readonly key: KeyInput | KeyResolver;
  readonly joseHeader: Record<string, unknown>;
  readonly parsedProtected: Record<string, unknown> | undefined;
  readonly unprotected: Record<string, unknown> | undefined;
  readonly options: JwsVerifyOptions;
}

async function verifyDecoded(d: DecodedJws): Promise<JwsVerifyResult> {
  const { signatureB64, payload, protectedB64, b64, alg, key: keyInput, joseHeader, parsedProtected, unprotected, options } = d;
  const signature = decodeB64u(signatureB64, 'JWS signature', JwsInvalidError);
  const input = isResolver(keyInput) ? await callResolver(keyInput, joseHeader, 'jws') : keyInput;
  const checkedKey = resolveJwsVerifyKey(input, alg);
  const key = checkedKey instanceof Promise ? await checkedKey : checkedKey;
  const data = d.payloadB64 !== undefined ? utf8(`${protectedB64}.${d.payloadB64}`) : signingInput(protectedB64, payload, b64);
  const ok = await verifyWith(options.backend, alg, key, signature, data);
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
  const checkedKey = resolveJwsKey(signer.key, alg, 'sign');
  const key = checkedKey instanceof Promise ? await checkedKey : checkedKey;
  const protectedB64 = prot ? b64u(encodeJson(prot)) : '';
  const payloadB64 = b64 ? b64u(payload) : '';
  const signature = await signWith(backend, alg, key, b64 ? utf8(`${protectedB64}.${payloadB64}`) : signingInput(protectedB64, payload, false));
  const out: FlattenedJws = { signature: b64u(signature) };
  if (!options.detached) out.payload = b64 ? payloadB64 : new TextDecoder('utf-8', { fatal: true }).decode(payload);
  if (prot) out.protected = protectedB64;
  if (unprot) out.header = { ...unprot };
  return out;
}

export { JwsInvalidError };

/**
 * The encoded protected header of a JWT signed with only `alg` (and `kid`/`typ`), per (alg, kid, typ): the header is
 * the same for every token, so it is checked and encoded once. Bounded (a caller minting kids per token just misses).
 */
const jwtHeaders = new Map<string, string>();
const JWT_HEADER_CACHE = 256;

export function jwtProtectedHeader(alg: string, kid: string | undefined, typ: string | undefined): string {
  const slot = `${alg}\u0000${kid ?? '\u0001'}\u0000${typ ?? '\u0001'}`;
  let b = jwtHeaders.get(slot);
  if (b === undefined) {
    // the checks signFlattenedJws makes of such a header (no crit, no b64 here)
    if (alg.length === 0) throw new InputInvalidError('JWS header needs "alg"');
    if (alg.toLowerCase() === 'none') throw new JoseAlgNotAllowedError('refusing to produce an unsecured JWS (alg "none")');
    if (!jwsAlg(alg)) throw new JoseNotSupportedError(`JWS algorithm "${alg}" is not supported`);
    const header: Record<string, unknown> = { alg };
    if (kid !== undefined) header.kid = kid;
    if (typ !== undefined) header.typ = typ;
    b = b64u(encodeJson(header));
    if (jwtHeaders.size >= JWT_HEADER_CACHE) jwtHeaders.clear();
    jwtHeaders.set(slot, b);
  }
  return b;
}

/**
 * Compact JWS of JSON claims (their JSON text) under a cached header: signJwt's path when the header is only
 * alg/kid/typ. Not an async function: one promise (the backend's) and one reaction per token.
 */
export function signCompactJson(headerB64: string, json: string, keyInput: KeyInput, alg: string, backend: Backend): Promise<string> {
  return signCompactEncoded(headerB64, base64urlOfText(json), keyInput, alg, backend);
}

/** Compact JWS of an encoded header and payload (signCompact's and signJwt's usual path). */
export function signCompactEncoded(headerB64: string, payloadB64: string, keyInput: KeyInput, alg: string, backend: Backend): Promise<string> {
  try {
    assertBackend(backend);
    const key = resolveJwsKey(keyInput, alg, 'sign');
    const body = `${headerB64}.${payloadB64}`;
    const sign = (k: JwsKey) => signWith(backend, alg, k, asciiBytes(body)).then((signature) => `${body}.${b64u(signature)}`);
    return key instanceof Promise ? key.then(sign) : sign(key);
  } catch (e) {
    return rejected(e);
  }
}
