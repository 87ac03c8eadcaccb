/** Key → JWK, with optional JOSE metadata. Private members only with `{ private: true }` (deliberate export). */
import { jwkFromKey, type Jwk, type Key } from '@cryptoplug/core';

export interface ExportJwkOptions {
  readonly private?: boolean;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: 'sig' | 'enc';
  readonly keyOps?: readonly string[];
}

export function exportJwk(key: Key, options: ExportJwkOptions = {}): Jwk {
  const jwk = jwkFromKey(key, options.private ? { private: true } : {});
  if (options.kid !== undefined) jwk.kid = options.kid;
  if (options.alg !== undefined) jwk.alg = options.alg;
  if (options.use !== undefined) jwk.use = options.use;
  if (options.keyOps !== undefined) jwk.key_ops = [...options.keyOps];
  return jwk;
}
