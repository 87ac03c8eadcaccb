/** The JWE machinery shared by the compact, flattened and general serializations (RFC 7516). */
import { InputInvalidError, LimitExceededError, utf8, type Backend, type EcdhCurve } from '@cryptoplug/core';
import { jweUnsupportedReason } from '../lib/support.js';
import { CONTENT_ENCRYPTION_NAMES, REFUSED_JWE_ALGORITHMS, contentEnc, jweAlg, type ContentEncryptionSpec, type KeyManagementSpec } from '../lib/algorithms.js';
import { validateCrit } from '../lib/crit.js';
import { JoseAlgNotAllowedError, JoseNotSupportedError, JweInvalidError } from '../lib/errors.js';
import { callResolver, isResolver, jweKey, keyPolicyReady, type JweKey, type KeyInput, type KeyResolver } from '../lib/keys.js';
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
  toBytes,
  type Limits,
} from '../lib/util.js';
import { decryptContent, encryptContent } from './content.js';
import { DEFAULT_MAX_P2C, DEFAULT_MAX_PBES2_TOTAL, unwrapKey, wrapKey, type KeyManagementParameters } from './key-management.js';
/** `zip: "DEF"` (de)compression, loaded on first use (once; then no extra await): JWEs without `zip` never run it. */
let zipModule: typeof import('./zip.js') | undefined;

export type JweHeader = Record<string, unknown> & { alg?: string; enc?: string; zip?: string; kid?: string; cty?: string; typ?: string; crit?: string[] };

export interface FlattenedJwe {
  protected?: string;
  unprotected?: Record<string, unknown>;
  header?: Record<string, unknown>;
  encrypted_key?: string;
  iv?: string;
  ciphertext: string;
  tag?: string;
  aad?: string;
}

export interface GeneralJwe {
  protected?: string;
  unprotected?: Record<string, unknown>;
  recipients: Array<{ header?: Record<string, unknown>; encrypted_key?: string }>;
  iv?: string;
  ciphertext: string;
  tag?: string;
  aad?: string;
}

export interface JweDecryptOptions {
  readonly backend: Backend;
  /** Allowed key management algorithms ("RSA-OAEP-256", "ECDH-ES+A256KW", "dir"...). Required. */
  readonly keyManagementAlgorithms: readonly string[];
  /** Allowed content encryption algorithms. Default: all supported (the `enc` cannot be used for key confusion). */
  readonly contentEncryptionAlgorithms?: readonly string[];
  /** Extension header parameters the caller understands: `{ name: true }`. */
  readonly crit?: Readonly<Record<string, boolean>>;
  /** Ceiling for PBES2 `p2c` (default 10000). */
  readonly maxPbes2Count?: number;
  /**
   * Budget for the sum of `p2c` over all PBES2 recipients of one JWE (default 20000), checked before any derivation:
   * over it is `ERR_LIMIT_EXCEEDED`.
   */
  readonly maxPbes2Total?: number;
  /**
   * `'python-jose'`: on decryption, accept the 128-bit A128GCM/A192GCM/A256GCM IVs python-jose 3.3 writes by default
   * (RFC 7518 §5.3 requires 96 bits of producers; jwcrypto accepts other lengths, panva jose refuses them). Never
   * changes what cryptoplug writes. CLI: `--compat python-jose`.
   */
  readonly compat?: 'python-jose';
  readonly limits?: Partial<Limits>;
}

export interface JweDecryptResult {
  readonly plaintext: Uint8Array;
  readonly protectedHeader?: JweHeader;
  readonly sharedUnprotectedHeader?: Record<string, unknown>;
  readonly unprotectedHeader?: Record<string, unknown>;
  readonly additionalAuthenticatedData?: Uint8Array;
}

export interface JweRecipient {
  readonly key: KeyInput;
  /** Per-recipient unprotected header (`alg`, `kid`...). */
  readonly header?: Record<string, unknown>;
  readonly keyManagement?: KeyManagementParameters;
}

export interface JweEncryptOptions {
  readonly backend: Backend;
  readonly protectedHeader?: JweHeader;
  readonly sharedUnprotectedHeader?: Record<string, unknown>;
  /** JSON serializations only: extra authenticated data. */
  readonly aad?: Uint8Array | string;
  /** Tests reproducing known vectors only: fixed CEK and IV. Never reuse an IV with a key. */
  readonly cek?: Uint8Array;
  readonly iv?: Uint8Array;
}

const NO_BUILT_IN_CRIT: ReadonlySet<string> = new Set();

/** The header checks "alg" and "enc" share: present, a non-empty string, one of the caller's allowed names. */
function checkAllowed(param: 'alg' | 'enc', value: unknown, allowed: readonly string[]): string {
  if (value === undefined) throw new JweInvalidError(`JWE "${param}" header parameter is missing`);
  if (typeof value !== 'string' || value.length === 0) throw new JweInvalidError(`JWE "${param}" header parameter must be a non-empty string`);
  if (!allowed.includes(value)) {
    throw new JoseAlgNotAllowedError(`JWE "${param}" ${JSON.stringify(value).slice(0, 40)} is not one of the allowed algorithms${param === 'alg' ? ` (${allowed.join(', ')})` : ''}`);
  }
  return value;
}

function checkAlg(value: unknown, allowed: readonly string[]): { name: string; spec: KeyManagementSpec } {
  const alg = checkAllowed('alg', value, allowed);
  const refused = REFUSED_JWE_ALGORITHMS[alg];
  if (refused) throw new JoseNotSupportedError(refused);
  const spec = jweAlg(alg);
  if (!spec) throw new JoseNotSupportedError(`JWE algorithm "${alg}" is not supported`);
  return { name: alg, spec };
}

function checkEnc(value: unknown, allowed: readonly string[]): { name: string; spec: ContentEncryptionSpec } {
  const enc = checkAllowed('enc', value, allowed);
  const spec = contentEnc(enc);
  if (!spec) throw new JoseNotSupportedError(`JWE content encryption "${enc}" is not supported`);
  return { name: enc, spec };
}

function checkZip(joseHeader: Record<string, unknown>, protectedHeader: Record<string, unknown> | undefined): boolean {
  if (joseHeader.zip === undefined) return false;
  if (joseHeader.zip !== 'DEF') throw new JoseNotSupportedError('JWE "zip" must be "DEF" (the only registered compression)');
  if (protectedHeader?.zip === undefined) throw new JweInvalidError('JWE "zip" must be in the protected header');
  return true;
}

function aadOf(protectedB64: string, aad: string | undefined): Uint8Array {
  return utf8(aad === undefined ? protectedB64 : `${protectedB64}.${aad}`);
}

/**
 * The PBES2 budget: the sum of `p2c` over every PBES2 recipient that could be tried (alg allowed), before any
 * derivation. Entries are flattened views ({protected, unprotected, header}); unreadable headers count 0 here and
 * fail later on their own.
 */
export function checkPbes2Budget(entries: ReadonlyArray<Record<string, unknown>>, options: JweDecryptOptions): void {
  const budget = options.maxPbes2Total ?? DEFAULT_MAX_PBES2_TOTAL;
  if (!Number.isSafeInteger(budget) || budget < 1) throw new InputInvalidError('options.maxPbes2Total must be a positive integer');
  let total = 0;
  let protectedHeader: Record<string, unknown> | undefined;
  let protectedB64: unknown;
  for (const e of entries) {
    if (e.protected !== protectedB64) {
      protectedB64 = e.protected;
      try {
        protectedHeader = typeof e.protected === 'string' && e.protected !== '' ? decodeProtected(e.protected, limitsOf(options.limits), JweInvalidError) : undefined;
      } catch {
        protectedHeader = undefined;
      }
    }
    const h = { ...protectedHeader, ...(isObject(e.unprotected) ? e.unprotected : {}), ...(isObject(e.header) ? e.header : {}) };
    if (typeof h.alg !== 'string' || !h.alg.startsWith('PBES2-') || !options.keyManagementAlgorithms?.includes(h.alg)) continue;
    if (typeof h.p2c === 'number' && Number.isFinite(h.p2c) && h.p2c > 0) total += h.p2c;
  }
  if (total > budget) {
    throw new LimitExceededError(`JWE asks for ${total} PBES2 iterations over its recipients, more than the budget of ${budget} (options.maxPbes2Total)`);
  }
}

/** The call's options, checked before the token is looked at (every serialization, in this order). */
interface CheckedOptions {
  readonly encAllowed: readonly string[];
  readonly maxP2c: number;
  readonly limits: Limits;
}

function checkDecryptOptions(options: JweDecryptOptions): CheckedOptions {
  assertBackend(options?.backend);
  assertAllowList(options.keyManagementAlgorithms, 'options.keyManagementAlgorithms');
  const encAllowed = options.contentEncryptionAlgorithms ?? CONTENT_ENCRYPTION_NAMES;
  assertAllowList(encAllowed, 'options.contentEncryptionAlgorithms');
  const maxP2c = options.maxPbes2Count ?? DEFAULT_MAX_P2C;
  if (!Number.isSafeInteger(maxP2c) || maxP2c < 1) throw new InputInvalidError('options.maxPbes2Count must be a positive integer');
  return { encAllowed, maxP2c, limits: limitsOf(options.limits) };
}

/** The encoded parts of one JWE (per recipient), every member already checked to be a string (or absent). */
interface JweParts {
  readonly encrypted_key?: string | undefined;
  readonly iv?: string | undefined;
  readonly ciphertext: string;
  readonly tag?: string | undefined;
  readonly aad?: string | undefined;
}

/** Decrypts a flattened JWE (also used per recipient for general JWE). */
export async function decryptFlattenedJwe(jwe: unknown, keyInput: KeyInput | KeyResolver, options: JweDecryptOptions): Promise<JweDecryptResult> {
  const checked = checkDecryptOptions(options);

  if (!isObject(jwe)) throw new JweInvalidError('flattened JWE must be an object');
  if (jwe.protected === undefined && jwe.header === undefined && jwe.unprotected === undefined) throw new JweInvalidError('JWE has no header');
  if (typeof jwe.ciphertext !== 'string') throw new JweInvalidError('JWE "ciphertext" must be a string');
  for (const m of ['protected', 'encrypted_key', 'iv', 'tag', 'aad'] as const) {
    if (jwe[m] !== undefined && typeof jwe[m] !== 'string') throw new JweInvalidError(`JWE "${m}" must be a string`);
  }
  for (const m of ['header', 'unprotected'] as const) {
    if (jwe[m] !== undefined && !isObject(jwe[m])) throw new JweInvalidError(`JWE "${m}" must be an object`);
  }
  const protectedB64 = (jwe.protected as string | undefined) ?? '';
  const parsedProtected = jwe.protected !== undefined && jwe.protected !== '' ? decodeProtected(jwe.protected, checked.limits, JweInvalidError) : undefined;
  const shared = jwe.unprotected as Record<string, unknown> | undefined;
  const perRecipient = jwe.header as Record<string, unknown> | undefined;
  assertDisjoint(JweInvalidError, parsedProtected, shared, perRecipient);
  const joseHeader: Record<string, unknown> = { ...parsedProtected, ...shared, ...perRecipient };
  const plaintext = await decryptChecked(jwe as unknown as JweParts, protectedB64, parsedProtected, joseHeader, keyInput, options, checked);
  return {
    plaintext,
    ...(parsedProtected ? { protectedHeader: parsedProtected as JweHeader } : {}),
    ...(shared ? { sharedUnprotectedHeader: shared } : {}),
    ...(perRecipient ? { unprotectedHeader: perRecipient } : {}),
    ...(jwe.aad !== undefined ? { additionalAuthenticatedData: decodeB64u(jwe.aad, 'JWE aad', JweInvalidError) } : {}),
  };
}

/**
 * A compact JWE's five parts (split, protected header non-empty): {@link decryptFlattenedJwe} of
 * `{ protected, encrypted_key, iv, ciphertext, tag }` with the checks a compact token cannot fail (member types, header
 * disjointness: it has only the protected header) left out, so compact-only code does not carry them.
 */
export async function decryptCompactParts(
  protectedB64: string,
  parts: JweParts,
  keyInput: KeyInput | KeyResolver,
  options: JweDecryptOptions,
): Promise<{ readonly plaintext: Uint8Array; readonly protectedHeader: JweHeader }> {
  const checked = checkDecryptOptions(options);
  const protectedHeader = decodeProtected(protectedB64, checked.limits, JweInvalidError);
  const plaintext = await decryptChecked(parts, protectedB64, protectedHeader, { ...protectedHeader }, keyInput, options, checked);
  return { plaintext, protectedHeader: protectedHeader as JweHeader };
}

/** Everything after the serialization's own checks: header parameters, sizes, key, capabilities, decryption. */
async function decryptChecked(
  jwe: JweParts,
  protectedB64: string,
  parsedProtected: Record<string, unknown> | undefined,
  joseHeader: Record<string, unknown>,
  keyInput: KeyInput | KeyResolver,
  options: JweDecryptOptions,
  { encAllowed, maxP2c, limits }: CheckedOptions,
): Promise<Uint8Array> {
  validateCrit(JweInvalidError, NO_BUILT_IN_CRIT, options.crit, parsedProtected, joseHeader);

  const alg = checkAlg(joseHeader.alg, options.keyManagementAlgorithms);
  const enc = checkEnc(joseHeader.enc, encAllowed);
  const zip = checkZip(joseHeader, parsedProtected);

  const encryptedKey = jwe.encrypted_key === undefined ? undefined : decodeB64u(jwe.encrypted_key, 'JWE encrypted key', JweInvalidError);
  const iv = decodeB64u(jwe.iv ?? '', 'JWE iv', JweInvalidError);
  const ciphertext = decodeB64u(jwe.ciphertext, 'JWE ciphertext', JweInvalidError);
  const tag = decodeB64u(jwe.tag ?? '', 'JWE tag', JweInvalidError);
  if (jwe.aad !== undefined) decodeB64u(jwe.aad, 'JWE aad', JweInvalidError);

  // Sizes are public: a wrong IV or tag length is a malformed JWE. python-jose 3.3 writes 128-bit GCM IVs: read only
  // with the explicit compat option (content.ts passes the IV through; every backend's GCM takes other lengths).
  const pythonJoseIv = options.compat === 'python-jose' && enc.spec.kind === 'gcm' && iv.length === 16;
  if (options.compat !== undefined && options.compat !== 'python-jose') throw new InputInvalidError('options.compat must be "python-jose"');
  if (iv.length !== enc.spec.ivBytes && !pythonJoseIv) {
    const hint = enc.spec.kind === 'gcm' && iv.length === 16 ? ' (python-jose 3.3 writes 128-bit IVs: decrypt with the compat: "python-jose" option, CLI --compat python-jose, to read such tokens)' : '';
    throw new JweInvalidError(`JWE iv must be ${enc.spec.ivBytes * 8} bits for ${enc.name}${hint}`);
  }
  if (tag.length !== enc.spec.tagBytes) throw new JweInvalidError(`JWE tag must be ${enc.spec.tagBytes * 8} bits for ${enc.name}`);

  const input = isResolver(keyInput) ? await callResolver(keyInput, joseHeader, 'jwe') : keyInput;
  const checkedKey = jweKey(input, alg.name, enc.name, 'decrypt');
  const key = checkedKey instanceof Promise ? await checkedKey : checkedKey; // a promise only while the RSA policy loads
  // Capabilities before any work: a backend without AES-KW says so before PBES2 runs its PBKDF2 (forge used to
  // derive first), one without the ECDH curve before the agreement.
  const curve = (alg.spec.kind === 'ecdh-es' || alg.spec.kind === 'ecdh-es-kw') && key.kind === 'private' ? (key.key.curve as EcdhCurve) : undefined;
  const missing = jweUnsupportedReason(options.backend, { alg: alg.name, enc: enc.name, operation: 'decrypt', ...(curve ? { curve } : {}) });
  if (missing) throw new JoseNotSupportedError(`cannot decrypt ${alg.name} + ${enc.name}: ${missing}`);
  const cek = await unwrapKey(options.backend, alg.name, alg.spec, enc.name, enc.spec, key, encryptedKey, joseHeader, { maxPbes2Count: maxP2c });
  const plaintext = await decryptContent(options.backend, enc.spec, cek, iv, ciphertext, tag, aadOf(protectedB64, jwe.aad), pythonJoseIv);
  return zip ? (zipModule ?? (zipModule = await import('./zip.js'))).inflate(plaintext, limits.maxDecompressedLength) : plaintext;
}

export interface EncryptedJwe {
  readonly protected?: string;
  readonly unprotected?: Record<string, unknown>;
  readonly recipients: Array<{ header?: Record<string, unknown>; encrypted_key?: string }>;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
  readonly aad?: string;
}

/**
 * Encrypts for one or more recipients. `paramsTo` says where algorithm-produced parameters (epk, p2s...) go:
 * `protected` (compact, or flattened with a protected header) or the recipient's own header.
 */
export async function encryptJwe(
  plaintextInput: Uint8Array | string,
  recipients: readonly JweRecipient[],
  options: JweEncryptOptions,
  paramsTo: 'protected' | 'recipient',
): Promise<EncryptedJwe> {
  assertBackend(options?.backend);
  // jweKey checks RSA keys with the key policy, loaded on first use; loaded here so the recipients are checked in order
  const policyLoading = keyPolicyReady();
  if (policyLoading) await policyLoading;
  const backend = options.backend;
  const plaintext = toBytes(plaintextInput, 'plaintext');
  if (!Array.isArray(recipients) || recipients.length === 0) throw new InputInvalidError('JWE needs at least one recipient');
  const prot: Record<string, unknown> | undefined = options.protectedHeader ? { ...options.protectedHeader } : undefined;
  const shared = options.sharedUnprotectedHeader ? { ...options.sharedUnprotectedHeader } : undefined;
  for (const h of [prot, shared, ...recipients.map((r) => r.header)]) {
    if (h !== undefined && !isObject(h)) throw new InputInvalidError('JWE headers must be objects');
  }
  const encName = (prot?.enc ?? shared?.enc) as unknown;
  if (recipients.some((r) => r.header?.enc !== undefined)) throw new InputInvalidError('"enc" belongs in the protected or shared header');
  if (typeof encName !== 'string') throw new InputInvalidError('JWE header needs "enc"');
  const enc = contentEnc(encName);
  if (!enc) throw new JoseNotSupportedError(`JWE content encryption "${encName}" is not supported`);
  const zip = checkZip({ ...shared, ...prot }, prot);
  if (prot?.crit !== undefined) {
    validateCrit(InputInvalidErrorAdapter, NO_BUILT_IN_CRIT, Object.fromEntries((prot.crit as string[]).map((c) => [c, true])), prot, { ...shared, ...prot });
  }

  const plans = recipients.map((r) => {
    assertDisjoint(JweInvalidError, prot, shared, r.header);
    const algName = ({ ...prot, ...shared, ...r.header } as Record<string, unknown>).alg;
    if (typeof algName !== 'string') throw new InputInvalidError('every JWE recipient needs "alg"');
    if (REFUSED_JWE_ALGORITHMS[algName]) throw new JoseNotSupportedError(REFUSED_JWE_ALGORITHMS[algName]!);
    const spec = jweAlg(algName);
    if (!spec) throw new JoseNotSupportedError(`JWE algorithm "${algName}" is not supported`);
    return { recipient: r, alg: algName, spec, key: jweKey(r.key, algName, encName, 'encrypt') as JweKey }; // sync: key policy loaded above
  });
  const direct = plans.filter((p) => p.spec.kind === 'dir' || p.spec.kind === 'ecdh-es');
  if (direct.length > 0 && plans.length > 1) throw new InputInvalidError('dir and ECDH-ES (direct) allow only one recipient');
  if (direct.length > 0 && options.cek !== undefined) throw new InputInvalidError('options.cek cannot be used with direct key agreement or dir');
  if (options.cek !== undefined && options.cek.length !== enc.keyBytes) throw new InputInvalidError(`${encName} needs a ${enc.keyBytes}-byte CEK`);
  if (options.iv !== undefined && options.iv.length !== enc.ivBytes) throw new InputInvalidError(`${encName} needs a ${enc.ivBytes}-byte IV`);

  let cek: Uint8Array | undefined = options.cek;
  const out: Array<{ header?: Record<string, unknown>; encrypted_key?: string }> = [];
  for (const p of plans) {
    const w = await wrapKey(backend, p.alg, p.spec, encName, enc, p.key, cek, p.recipient.keyManagement);
    cek ??= w.cek;
    const entry: { header?: Record<string, unknown>; encrypted_key?: string } = {};
    let header = p.recipient.header ? { ...p.recipient.header } : undefined;
    if (Object.keys(w.parameters).length > 0) {
      if (paramsTo === 'protected' && prot) Object.assign(prot, w.parameters);
      else header = { ...header, ...w.parameters };
    }
    if (header) entry.header = header;
    if (w.encryptedKey) entry.encrypted_key = b64u(w.encryptedKey);
    out.push(entry);
  }
  const protectedB64 = prot ? b64u(encodeJson(prot)) : '';
  const aad = options.aad === undefined ? undefined : b64u(toBytes(options.aad, 'aad'));
  const body = zip ? await (zipModule ?? (zipModule = await import('./zip.js'))).deflate(plaintext) : plaintext;
  const ct = await encryptContent(backend, enc, cek!, body, aadOf(protectedB64, aad), options.iv);
  return {
    ...(prot ? { protected: protectedB64 } : {}),
    ...(shared ? { unprotected: shared } : {}),
    recipients: out,
    iv: b64u(ct.iv),
    ciphertext: b64u(ct.ciphertext),
    tag: b64u(ct.tag),
    ...(aad !== undefined ? { aad } : {}),
  };
}

class InputInvalidErrorAdapter extends JweInvalidError {}
