/**
 * Batch verification on libuv's thread pool: `crypto.verify` with a callback runs each verification as an async job
 * off the main thread (UV_THREADPOOL_SIZE workers, 4 by default), so a batch uses every core while the single-call
 * path stays synchronous (no per-call hop). Items arrive validated by core (P1363, lengths, ranges).
 */
import { verify } from 'node:crypto';
import type { VerifyItem } from '@cryptoplug/core';
import { ecdsaVerifyArgs } from './ecdsa.js';
import { ed25519VerifyArgs } from './eddsa.js';
import { rsaVerifyArgs } from './rsa.js';
import type { VerifyArgs } from './keyobject.js';

function argsOf(item: VerifyItem): VerifyArgs {
  switch (item.alg.name) {
    case 'ECDSA':
      return ecdsaVerifyArgs(item.alg, item.key);
    case 'Ed25519':
      return ed25519VerifyArgs(item.key);
    default:
      return rsaVerifyArgs(item.alg, item.key);
  }
}

export function verifyMany(items: readonly VerifyItem[]): Promise<boolean[]> {
  return Promise.all(
    items.map(
      (item) =>
        new Promise<boolean>((resolve, reject) => {
          const [digest, input] = argsOf(item);
          verify(digest, item.data, input, item.signature, (err, ok) => (err ? reject(err) : resolve(ok)));
        }),
    ),
  );
}
