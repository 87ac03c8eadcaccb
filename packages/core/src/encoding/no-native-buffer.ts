/**
 * `#native-buffer` under the `browser` condition (package.json `imports`): browsers have no Buffer, so `base64.ts`
 * takes its portable paths and a bundler drops the native ones (see native-buffer.ts).
 */
import type { NativeBufferType } from './native-buffer.js';

export const NativeBuffer: NativeBufferType | undefined = undefined;
export const nativeFromBase64url = (_text: unknown): Uint8Array | undefined => undefined;
