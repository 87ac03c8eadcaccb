/**
 * `hmacVerify` (loaded on its first call by `hash.ts`: JOSE and most callers compare with `hmac` themselves, so their
 * bundles do not carry it). Constant-time; full-length tags only.
 */
import type { Backend, HashName } from '../contract.js';
import { InputInvalidError } from '../errors.js';
import { assertBytes, timingSafeEqual } from '../bytes.js';

export async function hmacVerify(self: Backend, hash: HashName, key: Uint8Array, data: Uint8Array, tag: Uint8Array): Promise<boolean> {
  assertBytes(tag, 'tag');
  const expected = await self.hmac(hash, key, data);
  if (tag.length !== expected.length) throw new InputInvalidError(`HMAC ${hash} tag must be ${expected.length} bytes`);
  return timingSafeEqual(expected, tag);
}
