/** The hash family of `defineBackend`: `digest`, `hmac`, `hmacVerify` (constant-time, full-length tags only). */
import { InputInvalidError } from '../errors.js';
import { assertBytes, timingSafeEqual } from '../bytes.js';
import { assertHash, family, type OperationFamily } from './context.js';

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

  async hmacVerify(hash, key, data, tag) {
    assertBytes(tag, 'tag');
    const expected = await self.hmac(hash, key, data);
    if (tag.length !== expected.length) throw new InputInvalidError(`HMAC ${hash} tag must be ${expected.length} bytes`);
    return timingSafeEqual(expected, tag);
  },
}));
