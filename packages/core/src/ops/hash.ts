/**
 * The hash family of `defineBackend`: `digest`, `hmac`, `hmacVerify` (constant-time, full-length tags only; in
 * `hmac-verify-checked.ts`, loaded on its first call).
 */
import { assertBytes } from '../bytes.js';
import { assertHash, family, onFirstUse, type OperationFamily } from './context.js';

const withHmacVerify = /* @__PURE__ */ onFirstUse(() => import('./hmac-verify-checked.js'));

export const hashOps: OperationFamily = /* @__PURE__ */ family({ digest: (caps, q) => caps.digest.includes(q.hash), hmac: (caps, q) => caps.hmac.includes(q.hash) }, ({ require, method, run, self }) => ({
  async digest(hash, data) {
    assertHash(hash);
    assertBytes(data, 'data');
    require({ op: 'digest', hash }, () => `digest ${hash}`);
    return run('digest', () => method('digest')(hash, data));
  },

  async hmac(hash, key, data) {
    assertHash(hash);
    assertBytes(key, 'HMAC key');
    assertBytes(data, 'data');
    require({ op: 'hmac', hash }, () => `HMAC ${hash}`);
    return run('HMAC', () => method('hmac')(hash, key, data));
  },

  hmacVerify: (hash, key, data, tag) => withHmacVerify((m) => m.hmacVerify(self, hash, key, data, tag)),
}));
