/**
 * The RSA-OAEP family of `defineBackend`: `oaepEncrypt`, `oaepDecrypt`. Checks: parameters (hash, label bytes), an
 * RSA key of the right class, the plaintext bound (k − 2·hLen − 2), the capability gate; a ciphertext of the wrong
 * length and every backend failure are the one ERR_DECRYPTION_FAILED.
 */
import type { Capabilities, HashName, OaepParams } from '../contract.js';
import { DecryptionFailedError, InputInvalidError, KeyAlgMismatchError } from '../errors.js';
import { assertBytes } from '../bytes.js';
import { HASH_SIZE, asPrivate, asPublic, assertHash, rsaBytes, family, type OperationFamily } from './context.js';

function checkOaep(params: OaepParams): OaepParams {
  if (typeof params !== 'object' || params === null) throw new InputInvalidError('RSA-OAEP parameters must be an object');
  assertHash(params.hash);
  if (params.label !== undefined) assertBytes(params.label, 'RSA-OAEP label');
  return params;
}

/** The capability gate's wording, only rendered when the answer is no (the gate runs on every call). */
const oaepWhat = (p: OaepParams): string => `RSA-OAEP with ${p.hash}${p.label?.length ? ' and a label' : ''}`;

const oaepSupported = (caps: Capabilities, q: { hash: HashName; label?: boolean }): boolean =>
  caps.rsaOaep.hashes.includes(q.hash) && (!q.label || caps.rsaOaep.label);
const OAEP_QUERIES = { oaepEncrypt: oaepSupported, oaepDecrypt: oaepSupported };

export const oaepOps: OperationFamily = /* @__PURE__ */ family(OAEP_QUERIES, ({ require, method, run, decrypting }) => ({
  async oaepEncrypt(params, key, plaintext) {
    const p = checkOaep(params);
    const k = asPublic(key, 'RSA-OAEP');
    if (k.kty !== 'RSA') throw new KeyAlgMismatchError(`RSA-OAEP cannot use an ${k.describe()}`);
    assertBytes(plaintext, 'plaintext');
    const max = rsaBytes(k) - 2 * HASH_SIZE[p.hash] - 2;
    if (plaintext.length > max) throw new InputInvalidError(`RSA-OAEP plaintext is ${plaintext.length} bytes, at most ${max} fit this key and hash`);
    require({ op: 'oaepEncrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, () => oaepWhat(p));
    return run('RSA-OAEP encrypt', () => method('oaepEncrypt')(p, k, plaintext));
  },

  async oaepDecrypt(params, key, ciphertext) {
    const p = checkOaep(params);
    const k = asPrivate(key, 'RSA-OAEP decrypt');
    if (k.kty !== 'RSA') throw new KeyAlgMismatchError(`RSA-OAEP cannot use an ${k.describe()}`);
    assertBytes(ciphertext, 'ciphertext');
    require({ op: 'oaepDecrypt', hash: p.hash, label: (p.label?.length ?? 0) > 0 }, () => oaepWhat(p));
    if (ciphertext.length !== rsaBytes(k)) throw new DecryptionFailedError();
    return decrypting(() => method('oaepDecrypt')(p, k, ciphertext));
  },
}));
