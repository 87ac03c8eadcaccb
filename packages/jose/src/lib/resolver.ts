/** The call of a caller's key resolver (loaded on first use by `keys.ts`). */
import { CryptoplugError, KeyInvalidError } from '@cryptoplug/core';
import type { JoseFamily, KeyInput, KeyResolver } from './keys.js';

/** Turns a foreign error raised during key resolution into a KeyInvalidError (CryptoplugErrors pass). */
export async function callResolver(resolver: KeyResolver, header: Record<string, unknown>, family: JoseFamily): Promise<KeyInput> {
  try {
    return await resolver(Object.freeze({ ...header }), { family });
  } catch (e) {
    if (e instanceof CryptoplugError) throw e;
    throw new KeyInvalidError(`key resolver failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
