/**
 * The key-generation family of `defineBackend`: `generateKey`. The checked operation is in `keygen-checked.ts`, loaded
 * on first use (once; afterwards called directly, with no extra await), so a build that composes this family but never
 * generates a key (a JWE decrypter) does not carry it; the capability answer stays here.
 */
import { family, onFirstUse, type OperationFamily } from './context.js';

const withChecked = /* @__PURE__ */ onFirstUse(() => import('./keygen-checked.js'));

export const keygenOps: OperationFamily = /* @__PURE__ */ family({ generateKey: (caps, q) => caps.generateKey.includes(q.spec) }, (ctx) => ({
  generateKey: (spec) => withChecked((m) => m.generateKey(ctx, spec)),
}));
