/**
 * The RSA-OAEP family of `defineBackend`: `oaepEncrypt`, `oaepDecrypt`. The checked operations are in
 * `oaep-checked.ts`, loaded on first use (once; afterwards they are called directly, with no extra await), so a build
 * that composes this family but never runs it does not carry them; the capability answers stay here.
 */
import type { Capabilities, HashName } from '../contract.js';
import { family, onFirstUse, type OperationFamily } from './context.js';

const oaepSupported = (caps: Capabilities, q: { hash: HashName; label?: boolean }): boolean =>
  caps.rsaOaep.hashes.includes(q.hash) && (!q.label || caps.rsaOaep.label);
const OAEP_QUERIES = { oaepEncrypt: oaepSupported, oaepDecrypt: oaepSupported };

const withChecked = /* @__PURE__ */ onFirstUse(() => import('./oaep-checked.js'));

export const oaepOps: OperationFamily = /* @__PURE__ */ family(OAEP_QUERIES, (ctx) => {
  // hashes the capability gate said yes to (without a label) on this backend, per operation: asked once per hash
  const enc = new Set<HashName>();
  const dec = new Set<HashName>();
  return {
    oaepEncrypt: (params, key, plaintext) => withChecked((m) => m.oaepEncrypt(ctx, enc, params, key, plaintext)),
    oaepDecrypt: (params, key, ciphertext) => withChecked((m) => m.oaepDecrypt(ctx, dec, params, key, ciphertext)),
  };
});
