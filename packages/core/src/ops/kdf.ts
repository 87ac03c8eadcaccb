/**
 * The KDF family of `defineBackend`: `hkdf`, `pbkdf2`. The checked operations are in `kdf-checked.ts`, loaded on
 * first use (once; afterwards called directly, with no extra await), so a build that composes this family but never
 * runs it does not carry them; the capability answers stay here.
 */
import { family, onFirstUse, type OperationFamily } from './context.js';

const withChecked = /* @__PURE__ */ onFirstUse(() => import('./kdf-checked.js'));

export const kdfOps: OperationFamily = /* @__PURE__ */ family({ hkdf: (caps, q) => caps.hkdf.includes(q.hash), pbkdf2: (caps, q) => caps.pbkdf2.includes(q.hash) }, (ctx) => ({
  hkdf: (hash, ikm, salt, info, length) => withChecked((m) => m.hkdf(ctx, hash, ikm, salt, info, length)),
  pbkdf2: (hash, password, salt, iterations, length) => withChecked((m) => m.pbkdf2(ctx, hash, password, salt, iterations, length)),
}));
