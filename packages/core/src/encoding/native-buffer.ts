/**
 * Node's (and Bun's, Deno's) Buffer codec for `base64.ts`, when the runtime has one: base64url sits on every JOSE call,
 * and the native codec is several times faster than the portable loops (apps/bench/PROFILE.md). The checks stay the
 * same: the strict alphabet, length and trailing-bit rules run here in JS before Buffer (which is lenient) decodes.
 *
 * `base64.ts` imports this module as `#native-buffer` (package.json `imports`): under the `browser` condition a bundler
 * takes `no-native-buffer.ts` instead, where there is no Buffer, so a browser bundle carries only the portable paths
 * (decision of issue 14: the native paths can never run in a browser). Every other runtime resolves this module and
 * uses Buffer when it exists.
 */
import { InputInvalidError } from '../errors.js';

export interface NativeBufferType {
  from(b: ArrayBufferLike, offset: number, length: number): { toString(enc: 'base64url'): string };
  from(b: Uint8Array): { toString(enc: 'base64url'): string };
  from(s: string, enc: 'base64url'): Uint8Array;
  from(s: string, enc: 'utf8' | 'latin1'): Uint8Array & { toString(enc: 'base64url'): string };
}
export const NativeBuffer: NativeBufferType | undefined = (globalThis as { Buffer?: NativeBufferType }).Buffer;
const B64URL_CHARS = /^[A-Za-z0-9_-]*$/;

/** The 6-bit value of a base64url character (the caller checked the alphabet). */
function sixBits(c: number): number {
  return c === 95 /* _ */ ? 63 : c >= 97 ? c - 71 : c >= 65 ? c - 65 : c >= 48 ? c + 4 : 62 /* - */;
}

/**
 * Strict base64url through Buffer for texts long enough to gain from it (the result may be a view into Buffer's shared
 * pool); `undefined` when the portable decoder should run (no Buffer, short or not-alphabet text: it gives the errors).
 */
export function nativeFromBase64url(text: unknown): Uint8Array | undefined {
  if (!NativeBuffer || typeof text !== 'string' || text.length <= 24 || !B64URL_CHARS.test(text)) return undefined;
  const rest = text.length % 4;
  if (rest === 1) throw new InputInvalidError('invalid base64url length');
  if (rest !== 0 && (sixBits(text.charCodeAt(text.length - 1)) & (rest === 2 ? 0x0f : 0x03)) !== 0) {
    throw new InputInvalidError('non-canonical base64url (trailing bits)');
  }
  return NativeBuffer.from(text, 'base64url');
}
