/** The random family of `defineBackend`: `randomBytes` (0..2^24 bytes, synchronous). */
import { CryptoplugError, OperationFailedError } from '../errors.js';
import { intInRange, family, type OperationFamily } from './context.js';

export const randomOps: OperationFamily = /* @__PURE__ */ family({ random: (caps) => caps.random }, ({ name, require, method }) => ({
  randomBytes(length) {
    intInRange(length, 0, 1 << 24, 'random length');
    require({ op: 'random' }, 'random bytes');
    try {
      return method('randomBytes')(length);
    } catch (e) {
      if (e instanceof CryptoplugError) throw e;
      throw new OperationFailedError(`${name}: random bytes failed`, { cause: e });
    }
  },
}));
