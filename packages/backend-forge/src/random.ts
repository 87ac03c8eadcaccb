/**
 * Random bytes from forge's CSPRNG (forge.random: a Fortuna-style generator; forge seeds it from the platform's
 * crypto.getRandomValues / node:crypto when available).
 */
import forge from 'node-forge';
import { fromBin } from './binary.js';

export function randomBytes(length: number): Uint8Array {
  return length === 0 ? new Uint8Array(0) : fromBin(forge.random.getBytesSync(length));
}
