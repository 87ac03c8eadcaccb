/**
 * KDF2 (ISO/IEC 18033-2 §6.2.3, no "other info", counter from 1): T = H(Z ‖ I2OSP(1, 4)) ‖ H(Z ‖ I2OSP(2, 4)) ‖ …,
 * truncated to `length`. Every hash runs through the backend contract.
 */
import { HASH_SIZE, InputInvalidError, concatBytes, type Backend, type HashName } from '@cryptoplug/core';

export async function kdf2(backend: Backend, hash: HashName, z: Uint8Array, length: number): Promise<Uint8Array> {
  if (!Number.isInteger(length) || length < 0 || length > 255 * HASH_SIZE[hash]) {
    throw new InputInvalidError(`KDF2 output length ${length} is out of range`);
  }
  const blocks: Uint8Array[] = [];
  let produced = 0;
  for (let counter = 1; produced < length; counter++) {
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, counter, false);
    const block = await backend.digest(hash, concatBytes(z, c));
    blocks.push(block);
    produced += block.length;
  }
  return concatBytes(...blocks).slice(0, length);
}
