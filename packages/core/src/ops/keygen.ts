/** The key-generation family of `defineBackend`: `generateKey` (a known key spec; the result must be a PrivateKey). */
import type { KeySpec } from '../contract.js';
import { KEY_SPECS } from '../names.js';
import { OperationFailedError, UnsupportedError } from '../errors.js';
import { PrivateKey as PrivateKeyClass } from '../keys/key.js';
import { family, type OperationFamily } from './context.js';

export const keygenOps: OperationFamily = /* @__PURE__ */ family({ generateKey: (caps, q) => caps.generateKey.includes(q.spec) }, ({ name, require, method, run }) => ({
  async generateKey(spec: KeySpec) {
    if (!KEY_SPECS.includes(spec)) throw new UnsupportedError(`key type ${String(spec)} is not supported`);
    require({ op: 'generateKey', spec }, `generating ${spec} keys`);
    const key = await run('key generation', () => method('generateKey')(spec));
    if (!(key instanceof PrivateKeyClass)) throw new OperationFailedError(`${name}: key generation returned no private key`);
    return key;
  },
}));
