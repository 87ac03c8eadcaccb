/**
 * The checked RSA-OAEP operations (loaded on first use by `oaep.ts`, so a backend that composes the OAEP family but
 * never runs it — e.g. an ECDH-ES JWE decrypter — does not carry them). Checks: parameters (hash, label bytes), an RSA
 * key of the right class, the plaintext bound (k − 2·hLen − 2), the capability gate; a ciphertext of the wrong length
 * and every backend failure are the one ERR_DECRYPTION_FAILED.
 */
import type { HashName, OaepParams } from '../contract.js';
import type { PrivateKey, PublicKey } from '../keys/key.js';
import { DecryptionFailedError, InputInvalidError, KeyAlgMismatchError } from '../errors.js';
import { assertBytes } from '../bytes.js';
import { HASH_SIZE, asPrivate, decrypting, asPublic, assertHash, rsaBytes, type OpsContext } from './context.js';

/** The capability gate's wording, only rendered when the answer is no. */
const oaepWhat = (p: OaepParams): string => `RSA-OAEP with ${p.hash}${p.label?.length ? ' and a label' : ''}`;

/**
 * The capability gate. Without a label its answer depends only on the hash (capabilities are read once), so a hash
 * that passed is remembered in `passed` (one per backend and operation, kept by oaep.ts) and not asked again.
 */
function gate(require: OpsContext['require'], passed: Set<HashName>, op: 'oaepEncrypt' | 'oaepDecrypt', p: OaepParams): void {
  const label = (p.label?.length ?? 0) > 0;
  if (!label && passed.has(p.hash)) return;
  require({ op, hash: p.hash, label }, () => oaepWhat(p));
  if (!label) passed.add(p.hash);
}

function checkOaep(params: OaepParams): OaepParams {
  if (typeof params !== 'object' || params === null) throw new InputInvalidError('RSA-OAEP parameters must be an object');
  assertHash(params.hash);
  if (params.label !== undefined) assertBytes(params.label, 'RSA-OAEP label');
  return params;
}

export async function oaepEncrypt({ require, method, fail }: OpsContext, passed: Set<HashName>, params: OaepParams, key: PublicKey | PrivateKey, plaintext: Uint8Array): Promise<Uint8Array> {
  const p = checkOaep(params);
  const k = asPublic(key, 'RSA-OAEP');
  if (k.kty !== 'RSA') throw new KeyAlgMismatchError(`RSA-OAEP cannot use an ${k.describe()}`);
  assertBytes(plaintext, 'plaintext');
  const max = rsaBytes(k) - 2 * HASH_SIZE[p.hash] - 2;
  if (plaintext.length > max) throw new InputInvalidError(`RSA-OAEP plaintext is ${plaintext.length} bytes, at most ${max} fit this key and hash`);
  gate(require, passed, 'oaepEncrypt', p);
  try {
    const answer = method('oaepEncrypt')(p, k, plaintext);
    // awaited here: returning the backend's promise from this async function would cost two more promise turns
    return answer instanceof Promise ? await answer : answer;
  } catch (e) {
    return fail('RSA-OAEP encrypt', e);
  }
}

export async function oaepDecrypt({ require, method }: OpsContext, passed: Set<HashName>, params: OaepParams, key: PrivateKey, ciphertext: Uint8Array): Promise<Uint8Array> {
  const p = checkOaep(params);
  const k = asPrivate(key, 'RSA-OAEP decrypt');
  if (k.kty !== 'RSA') throw new KeyAlgMismatchError(`RSA-OAEP cannot use an ${k.describe()}`);
  assertBytes(ciphertext, 'ciphertext');
  gate(require, passed, 'oaepDecrypt', p);
  if (ciphertext.length !== rsaBytes(k)) throw new DecryptionFailedError();
  return decrypting(() => method('oaepDecrypt')(p, k, ciphertext));
}
