/**
 * Every JOSE call ETAMP makes, in one module, on @cryptoplug/jose: the ES512 compact JWS (the `Token`) and, for the
 * strong profile, the compact JWE of the `message` claim. Maps JOSE errors to ETAMP codes.
 *
 * The JWT payload is signed as the exact bytes ETAMP builds (Python's json.dumps form), through the JWS layer rather
 * than `signJwt`, so that the token is byte-identical to PyJWT's for the same claims.
 */
import {
  CryptoplugError,
  fromBase64url,
  fromUtf8,
  parseJsonGuarded,
  utf8,
  type Backend,
  type PrivateKey,
  type PublicKey,
} from '@cryptoplug/core';
import { decryptCompact, encryptCompact, signCompact, verifyCompact } from '@cryptoplug/jose';
import { EtampDecryptionFailedError, EtampError } from './errors.js';
import { JWE_ALG, JWE_ENC, JWT_ALG, JWT_TYP } from './profiles.js';

function codeOf(e: unknown): string | undefined {
  return e instanceof CryptoplugError ? (e.code as string) : undefined;
}

/** `{"alg":"ES512","typ":"ETAMP"}` — the bytes PyJWT writes for headers={"alg":"ES512","typ":"ETAMP"} (keys sorted). */
export async function signToken(backend: Backend, key: PrivateKey, payloadJson: string): Promise<string> {
  return signCompact(utf8(payloadJson), key, { backend, protectedHeader: { alg: JWT_ALG, typ: JWT_TYP } });
}

function decodeHeader(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new EtampError('ERR_ETAMP_TOKEN_INVALID', `Token must be a compact JWS of 3 parts, got ${parts.length}`);
  let header: unknown;
  let headerText: string;
  try {
    headerText = fromUtf8(fromBase64url(parts[0]!));
  } catch (cause) {
    throw new EtampError('ERR_ETAMP_TOKEN_INVALID', 'Token header is not base64url JSON', { cause });
  }
  // guarded: nesting deeper than 64 levels is ERR_LIMIT_EXCEEDED (a 4,118-deep header used to end in a RangeError)
  header = parseJsonGuarded(headerText, { what: 'Token header', invalid: (cause) => new EtampError('ERR_ETAMP_TOKEN_INVALID', 'Token header is not base64url JSON', { cause }) });
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new EtampError('ERR_ETAMP_TOKEN_INVALID', 'Token header must be a JSON object');
  return header as Record<string, unknown>;
}

/** Verifies the JWT signature with ES512 pinned; returns the header and the payload bytes. Does not look at `typ`. */
export async function verifyToken(backend: Backend, key: PublicKey, token: string): Promise<{ header: Record<string, unknown>; payload: Uint8Array }> {
  const header = decodeHeader(token);
  if (header.alg !== JWT_ALG) {
    throw new EtampError('ERR_ETAMP_ALG', `Token alg must be ${JWT_ALG}, got ${JSON.stringify(header.alg)?.slice(0, 40) ?? 'none'}`);
  }
  try {
    const { payload, protectedHeader } = await verifyCompact(token, key, { backend, algorithms: [JWT_ALG] });
    return { header: protectedHeader, payload };
  } catch (e) {
    switch (codeOf(e)) {
      case 'ERR_JWS_SIGNATURE_INVALID':
        throw new EtampError('ERR_ETAMP_TOKEN_SIGNATURE', 'Token signature does not verify with the sender key', { cause: e });
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
      case 'ERR_JOSE_NOT_SUPPORTED':
        throw new EtampError('ERR_ETAMP_ALG', `Token alg must be ${JWT_ALG}`, { cause: e });
      case 'ERR_JWS_INVALID':
        throw new EtampError('ERR_ETAMP_TOKEN_INVALID', `Token is not a valid JWS: ${(e as Error).message}`, { cause: e });
      default:
        throw e;
    }
  }
}

/** Strong profile: the `message` claim, a compact JWE (ECDH-ES+A256KW, A256GCM) to the recipient's EC key. */
export async function encryptMessage(backend: Backend, recipient: PublicKey, plaintext: string): Promise<string> {
  return encryptCompact(utf8(plaintext), recipient, { backend, protectedHeader: { alg: JWE_ALG, enc: JWE_ENC } });
}

/** Checks that `jwe` is a compact JWE with the pinned algorithms; returns its header. */
export function inspectMessageJwe(jwe: string): Record<string, unknown> {
  const parts = jwe.split('.');
  if (parts.length !== 5) throw new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', 'the message claim is not a compact JWE (strong profile)');
  let header: unknown;
  let headerText: string;
  try {
    headerText = fromUtf8(fromBase64url(parts[0]!));
  } catch (cause) {
    throw new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', 'the message JWE header is not base64url JSON', { cause });
  }
  header = parseJsonGuarded(headerText, { what: 'message JWE header', invalid: (cause) => new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', 'the message JWE header is not base64url JSON', { cause }) });
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', 'the message JWE header must be an object');
  const h = header as Record<string, unknown>;
  if (h.alg !== JWE_ALG || h.enc !== JWE_ENC) {
    throw new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', `the message JWE must use ${JWE_ALG} + ${JWE_ENC}, got ${String(h.alg).slice(0, 30)} + ${String(h.enc).slice(0, 30)}`);
  }
  const epk = h.epk as Record<string, unknown> | undefined;
  if (typeof epk !== 'object' || epk === null || epk.kty !== 'EC' || !['P-256', 'P-384', 'P-521'].includes(String(epk.crv))) {
    throw new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', 'the message JWE "epk" must be an EC P-256/384/521 public JWK');
  }
  return h;
}

/** Decrypts the `message` JWE. Every failure to decrypt with this key is one error with one message. */
export async function decryptMessage(backend: Backend, key: PrivateKey, jwe: string): Promise<string> {
  const header = inspectMessageJwe(jwe);
  const epkCurve = (header.epk as Record<string, unknown>).crv;
  if (epkCurve !== key.curve) {
    // The JWE is authenticated by the token signature, so naming the curves leaks nothing; the code stays the same.
    throw new EtampDecryptionFailedError({ cause: new Error(`the message is encrypted to a ${String(epkCurve)} key, the decryption key is ${String(key.curve)}`) });
  }
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await decryptCompact(jwe, key, { backend, keyManagementAlgorithms: [JWE_ALG], contentEncryptionAlgorithms: [JWE_ENC] }));
  } catch (e) {
    switch (codeOf(e)) {
      case 'ERR_DECRYPTION_FAILED':
        throw new EtampDecryptionFailedError({ cause: e });
      case 'ERR_JWE_INVALID':
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
      case 'ERR_JOSE_NOT_SUPPORTED':
        throw new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', `the message JWE is not valid: ${(e as Error).message}`, { cause: e });
      default:
        throw e;
    }
  }
  try {
    return fromUtf8(plaintext);
  } catch (cause) {
    throw new EtampError('ERR_ETAMP_MESSAGE_ENCRYPTION', 'the decrypted message is not UTF-8 text', { cause });
  }
}
