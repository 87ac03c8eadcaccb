/** The checked `generateKey` (loaded on first use by `keygen.ts`): a known key spec; the result must be a PrivateKey. */
import type { KeySpec } from '../contract.js';
import { KEY_SPECS } from '../names.js';
import { OperationFailedError, UnsupportedError } from '../errors.js';
import { PrivateKey as PrivateKeyClass, type PrivateKey } from '../keys/key.js';
import type { OpsContext } from './context.js';

export async function generateKey({ name, require, method, run }: OpsContext, spec: KeySpec): Promise<PrivateKey> {
  if (!KEY_SPECS.includes(spec)) throw new UnsupportedError(`key type ${String(spec)} is not supported`);
  require({ op: 'generateKey', spec }, `generating ${spec} keys`);
  const key = await run('key generation', () => method('generateKey')(spec));
  if (!(key instanceof PrivateKeyClass)) throw new OperationFailedError(`${name}: key generation returned no private key`);
  return key;
}
