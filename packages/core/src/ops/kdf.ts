/**
 * The KDF family of `defineBackend`: `hkdf`, `pbkdf2`. The checked operations are in `kdf-checked.ts`, loaded on
 * first use (once; afterwards called directly, with no extra await), so a build that composes this family but never
 * runs it does not carry them; the capability answers stay here.
 */
import { family, type OperationFamily } from './context.js';

let checked: typeof import('./kdf-checked.js') | undefined;
const load = () => import('./kdf-checked.js').then((m) => (checked = m));

export const kdfOps: OperationFamily = /* @__PURE__ */ family({ hkdf: (caps, q) => caps.hkdf.includes(q.hash), pbkdf2: (caps, q) => caps.pbkdf2.includes(q.hash) }, (ctx) => ({
  hkdf: (hash, ikm, salt, info, length) => (checked ? checked.hkdf(ctx, hash, ikm, salt, info, length) : load().then((m) => m.hkdf(ctx, hash, ikm, salt, info, length))),
  pbkdf2: (hash, password, salt, iterations, length) =>
    checked ? checked.pbkdf2(ctx, hash, password, salt, iterations, length) : load().then((m) => m.pbkdf2(ctx, hash, password, salt, iterations, length)),
}));
