/** The KDF family of `defineBackend`: `hkdf` (output ≤ 255·hLen), `pbkdf2` (1..10^8 iterations, ≤ 1024 bytes). */
import { assertBytes } from '../bytes.js';
import { HASH_SIZE, assertHash, intInRange, family, type OperationFamily } from './context.js';

export const kdfOps: OperationFamily = /* @__PURE__ */ family({ hkdf: (caps, q) => caps.hkdf.includes(q.hash), pbkdf2: (caps, q) => caps.pbkdf2.includes(q.hash) }, ({ require, method, run }) => ({
  async hkdf(hash, ikm, salt, info, length) {
    assertHash(hash);
    assertBytes(ikm, 'HKDF input key material');
    assertBytes(salt, 'HKDF salt');
    assertBytes(info, 'HKDF info');
    intInRange(length, 1, 255 * HASH_SIZE[hash], 'HKDF output length');
    require({ op: 'hkdf', hash }, `HKDF ${hash}`);
    return run('HKDF', () => method('hkdf')(hash, ikm, salt, info, length));
  },

  async pbkdf2(hash, password, salt, iterations, length) {
    assertHash(hash);
    assertBytes(password, 'PBKDF2 password');
    assertBytes(salt, 'PBKDF2 salt');
    intInRange(iterations, 1, 100_000_000, 'PBKDF2 iterations');
    intInRange(length, 1, 1024, 'PBKDF2 output length');
    require({ op: 'pbkdf2', hash }, `PBKDF2 ${hash}`);
    return run('PBKDF2', () => method('pbkdf2')(hash, password, salt, iterations, length));
  },
}));
