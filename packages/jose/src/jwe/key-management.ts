/**
 * JWE key management (RFC 7518 §4): how the CEK reaches each recipient. Encryption returns the CEK, the JWE Encrypted
 * Key and the header parameters the algorithm produced (epk, iv/tag, p2s/p2c...). Decryption applies the RFC 7516
 * §11.5 countermeasure: when the encrypted key does not unwrap (or unwraps to the wrong size) a random CEK is used, so
 * the failure shows up later as the one uniform content decryption error.
 */
import {
  CryptoplugError,
  KeyInvalidError,
  PrivateKey,
  PublicKey,
  concatBytes,
  isJwkLike,
  jwkFromKey,
  publicKeyFromJwk,
  utf8,
  type Backend,
  type EcdhCurve,
} from '@cryptoplug/core';
import { ECDH_EPHEMERAL, type ContentEncryptionSpec, type KeyManagementSpec } from '../lib/algorithms.js';
import { JweInvalidError } from '../lib/errors.js';
import type { JweKey } from '../lib/keys.js';
import { b64u, decodeB64u } from '../lib/util.js';

/** Test hooks and parameters for key management on encryption. */
export interface KeyManagementParameters {
  /** ECDH-ES: Agreement PartyUInfo / PartyVInfo. */
  readonly apu?: Uint8Array;
  readonly apv?: Uint8Array;
  /** ECDH-ES: a fixed ephemeral private key (tests reproducing known vectors only). */
  readonly epk?: PrivateKey;
  /** PBES2: salt input (≥ 8 bytes; default 16 random bytes) and iteration count (default 2048). */
  readonly p2s?: Uint8Array;
  readonly p2c?: number;
  /** A*GCMKW: a fixed IV (tests only). */
  readonly iv?: Uint8Array;
}

export const DEFAULT_P2C = 2048;
/** Default ceiling for PBES2 `p2c` on decryption (an attacker-chosen count is a CPU denial of service). */
export const DEFAULT_MAX_P2C = 10_000;
/**
 * Default budget for the SUM of `p2c` over every PBES2 recipient of one JWE (General JSON has up to 32 recipients,
 * each under DEFAULT_MAX_P2C): two recipients at the per-recipient maximum. Checked before any derivation.
 */
export const DEFAULT_MAX_PBES2_TOTAL = 20_000;

export interface Wrapped {
  readonly cek: Uint8Array;
  readonly encryptedKey?: Uint8Array;
  readonly parameters: Record<string, unknown>;
}

/** RFC 7518 §4.6.2 Concat KDF with SHA-256 (NIST SP 800-56A), over the backend's digest. */
export async function concatKdf(backend: Backend, z: Uint8Array, keyBytes: number, algorithmId: string, apu: Uint8Array, apv: Uint8Array): Promise<Uint8Array> {
  const u32 = (n: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, false);
    return b;
  };
  const alg = utf8(algorithmId);
  const otherInfo = concatBytes(u32(alg.length), alg, u32(apu.length), apu, u32(apv.length), apv, u32(keyBytes * 8));
  const rounds = Math.ceil(keyBytes / 32);
  const out = new Uint8Array(rounds * 32);
  for (let i = 1; i <= rounds; i++) {
    out.set(await backend.digest('SHA-256', concatBytes(u32(i), z, otherInfo)), (i - 1) * 32);
  }
  return out.subarray(0, keyBytes);
}

function publicJwk(key: PrivateKey | PublicKey): Record<string, unknown> {
  const jwk = jwkFromKey(key.publicKey());
  const out: Record<string, unknown> = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  if (jwk.y !== undefined) out.y = jwk.y;
  return out;
}

export function pbes2Salt(alg: string, p2s: Uint8Array): Uint8Array {
  return concatBytes(utf8(alg), new Uint8Array([0]), p2s);
}

/** Encryption side: makes (or derives) the CEK and wraps it for one recipient. */
export async function wrapKey(
  backend: Backend,
  alg: string,
  spec: KeyManagementSpec,
  enc: string,
  ce: ContentEncryptionSpec,
  key: JweKey,
  cek: Uint8Array | undefined,
  params: KeyManagementParameters = {},
): Promise<Wrapped> {
  const newCek = () => cek ?? backend.randomBytes(ce.keyBytes);
  switch (spec.kind) {
    case 'dir':
      if (key.kind !== 'secret') throw new KeyInvalidError('dir needs a secret key');
      return { cek: key.secret, parameters: {} };
    case 'rsa-oaep': {
      if (key.kind !== 'public') throw new KeyInvalidError(`${alg} needs the recipient's public key`);
      const c = newCek();
      return { cek: c, encryptedKey: await backend.oaepEncrypt({ hash: spec.hash }, key.key, c), parameters: {} };
    }
    case 'aes-kw': {
      if (key.kind !== 'secret') throw new KeyInvalidError(`${alg} needs a secret key`);
      const c = newCek();
      return { cek: c, encryptedKey: await backend.aesKwWrap(key.secret, c), parameters: {} };
    }
    case 'aes-gcm-kw': {
      if (key.kind !== 'secret') throw new KeyInvalidError(`${alg} needs a secret key`);
      const c = newCek();
      const iv = params.iv ?? backend.randomBytes(12);
      const { ciphertext, tag } = await backend.aesGcmEncrypt(key.secret, iv, c);
      return { cek: c, encryptedKey: ciphertext, parameters: { iv: b64u(iv), tag: b64u(tag) } };
    }
    case 'pbes2': {
      if (key.kind !== 'secret') throw new KeyInvalidError(`${alg} needs a password (secret bytes)`);
      const p2s = params.p2s ?? backend.randomBytes(16);
      const p2c = params.p2c ?? DEFAULT_P2C;
      if (p2s.length < 8) throw new KeyInvalidError('PBES2 salt input (p2s) must be at least 8 bytes');
      if (!Number.isSafeInteger(p2c) || p2c < 1000) throw new KeyInvalidError('PBES2 iteration count (p2c) must be an integer ≥ 1000');
      const kek = await backend.pbkdf2(spec.hash, key.secret, pbes2Salt(alg, p2s), p2c, spec.kwKeyBytes);
      const c = newCek();
      return { cek: c, encryptedKey: await backend.aesKwWrap(kek, c), parameters: { p2s: b64u(p2s), p2c } };
    }
    case 'ecdh-es':
    case 'ecdh-es-kw': {
      if (key.kind !== 'public') throw new KeyInvalidError(`${alg} needs the recipient's public key`);
      const curve = key.key.curve as EcdhCurve;
      const ephemeral = params.epk ?? (await backend.generateKey(ECDH_EPHEMERAL[curve]));
      if (ephemeral.curve !== curve) throw new KeyInvalidError(`ephemeral key must be on ${curve}`);
      const z = await backend.deriveSharedSecret(ephemeral, key.key);
      const apu = params.apu ?? new Uint8Array(0);
      const apv = params.apv ?? new Uint8Array(0);
      const parameters: Record<string, unknown> = { epk: publicJwk(ephemeral) };
      if (params.apu) parameters.apu = b64u(apu);
      if (params.apv) parameters.apv = b64u(apv);
      if (spec.kind === 'ecdh-es') {
        return { cek: await concatKdf(backend, z, ce.keyBytes, enc, apu, apv), parameters };
      }
      const kek = await concatKdf(backend, z, spec.kwKeyBytes, alg, apu, apv);
      const c = newCek();
      return { cek: c, encryptedKey: await backend.aesKwWrap(kek, c), parameters };
    }
  }
}

export interface UnwrapOptions {
  readonly maxPbes2Count: number;
}

/** The epk header: a valid public key on the recipient's curve, or ERR_JWE_INVALID. */
function ephemeralPublicKey(epk: unknown, recipient: PrivateKey): PublicKey {
  if (!isJwkLike(epk)) throw new JweInvalidError('"epk" header parameter must be a JWK object');
  if (epk.d !== undefined) throw new JweInvalidError('"epk" must be a public key');
  let key;
  try {
    key = publicKeyFromJwk(epk);
  } catch (cause) {
    throw new JweInvalidError('"epk" is not a valid public key (point not on the curve, or malformed)', { cause });
  }
  if (!(key instanceof PublicKey)) throw new JweInvalidError('"epk" must be an EC or OKP public key');
  if (key.curve !== recipient.curve) throw new JweInvalidError(`"epk" is on ${String(key.curve)}, the recipient key on ${String(recipient.curve)}`);
  return key;
}

/**
 * Decryption side: the CEK for one recipient. Header format errors throw ERR_JWE_INVALID; a key that does not
 * unwrap gives a random CEK (countermeasure), so the caller sees ERR_DECRYPTION_FAILED from content decryption.
 */
let unwrapOthers: typeof import('./unwrap.js') | undefined;

export async function unwrapKey(
  backend: Backend,
  alg: string,
  spec: KeyManagementSpec,
  enc: string,
  ce: ContentEncryptionSpec,
  key: JweKey,
  encryptedKey: Uint8Array | undefined,
  header: Record<string, unknown>,
  options: UnwrapOptions,
): Promise<Uint8Array> {
  const direct = spec.kind === 'dir' || spec.kind === 'ecdh-es';
  if (direct && encryptedKey !== undefined && encryptedKey.length > 0) throw new JweInvalidError(`${alg} must have an empty JWE Encrypted Key`);
  if (!direct && (encryptedKey === undefined || encryptedKey.length === 0)) throw new JweInvalidError(`${alg} needs a JWE Encrypted Key`);
  // Constant work (RFC 7516 §11.5): the random CEK is drawn BEFORE the unwrap, on every path, and the caller always
  // runs the content decryption with whichever CEK comes out, so a bad encrypted key and a bad tag cost the same
  // steps (one unwrap attempt, one random CEK of the right size, one content decryption) on every backend. What
  // remains is the cost of the error object the backend throws on a failed unwrap (a few µs; see apps/bench
  // `--only jwe-unwrap`).
  const guarded = async (fn: () => Promise<Uint8Array>): Promise<Uint8Array> => {
    const fallback = backend.randomBytes(ce.keyBytes);
    let cek: Uint8Array | undefined;
    try {
      cek = await fn();
    } catch (e) {
      if (!(e instanceof CryptoplugError)) throw e;
      if (e.code !== 'ERR_DECRYPTION_FAILED' && e.code !== 'ERR_OPERATION_FAILED' && e.code !== 'ERR_INPUT_INVALID') throw e;
      cek = undefined;
    }
    return cek !== undefined && cek.length === ce.keyBytes ? cek : fallback;
  };
  const ek = encryptedKey ?? new Uint8Array(0);
  switch (spec.kind) {
    case 'dir':
      if (key.kind !== 'secret') throw new KeyInvalidError('dir needs a secret key');
      return key.secret;
    case 'rsa-oaep':
    case 'aes-kw':
    case 'aes-gcm-kw':
    case 'pbes2':
      // Loaded on first use (once; then synchronous): an ECDH-ES-only decrypter does not carry these branches.
      return (unwrapOthers ?? (unwrapOthers = await import('./unwrap.js'))).unwrapOther(backend, alg, spec, key, ek, header, options, guarded);
    case 'ecdh-es':
    case 'ecdh-es-kw': {
      if (key.kind !== 'private') throw new KeyInvalidError(`${alg} needs the recipient's private key`);
      const epk = ephemeralPublicKey(header.epk, key.key);
      const apu = header.apu === undefined ? new Uint8Array(0) : decodeB64u(header.apu, '"apu" header parameter', JweInvalidError);
      const apv = header.apv === undefined ? new Uint8Array(0) : decodeB64u(header.apv, '"apv" header parameter', JweInvalidError);
      let z: Uint8Array;
      try {
        z = await backend.deriveSharedSecret(key.key, epk);
      } catch (e) {
        if (e instanceof CryptoplugError && e.code === 'ERR_KEY_INVALID') throw new JweInvalidError('"epk" is not usable for key agreement (small-order point)', { cause: e });
        throw e;
      }
      if (spec.kind === 'ecdh-es') return concatKdf(backend, z, ce.keyBytes, enc, apu, apv);
      const kek = await concatKdf(backend, z, spec.kwKeyBytes, alg, apu, apv);
      return guarded(() => backend.aesKwUnwrap(kek, ek));
    }
  }
}
