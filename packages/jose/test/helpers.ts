/**
 * jose's test helpers: the shared ones (@cryptoplug/test-utils/test-helpers: repository paths, JSON readers, error
 * assertions, the backends built here) plus the JOSE vector folder and the backend list printed once.
 */
import { join } from 'node:path';
import type { Backend } from '@cryptoplug/core';
import { ROOT, loadBuiltBackends, type NamedBackend } from '@cryptoplug/test-utils/test-helpers';

export { COOKBOOK, ROOT, WYCHEPROOF, readJson, rejectsCode, text, utf8Bytes as bytes, type NamedBackend } from '@cryptoplug/test-utils/test-helpers';

export const PY_VECTORS = join(ROOT, 'vectors', 'jose');

let printed = false;
/** webcrypto always; node/noble/forge when built and loadable here (the skipped ones printed once, with the reason). */
export async function backends(): Promise<NamedBackend[]> {
  const { available, skipped } = await loadBuiltBackends();
  if (!printed) {
    printed = true;
    for (const s of skipped) console.log(`# backend skipped: ${s}`);
  }
  return available;
}

export async function webcrypto(): Promise<Backend> {
  const web = (await loadBuiltBackends()).available.find((b) => b.name === 'webcrypto');
  if (!web) throw new Error('the webcrypto backend is not built (packages/backend-webcrypto/dist)');
  return web.backend;
}
