/** `zip: "DEF"` (RFC 7516 §4.1.3): raw DEFLATE via the platform's CompressionStream, with an inflation limit. */
import { concatBytes } from '@cryptoplug/core';
import { JoseNotSupportedError, JweInvalidError } from '../lib/errors.js';

type StreamCtor = new (format: string) => { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };

function stream(name: 'CompressionStream' | 'DecompressionStream'): StreamCtor {
  const ctor = (globalThis as unknown as Record<string, StreamCtor | undefined>)[name];
  if (typeof ctor !== 'function') throw new JoseNotSupportedError(`"zip": "DEF" needs the ${name} API, which this runtime lacks`);
  return ctor;
}

async function run(ctor: StreamCtor, input: Uint8Array, maxLength: number): Promise<Uint8Array> {
  const s = new ctor('deflate-raw');
  const writer = s.writable.getWriter();
  writer.write(input).catch(() => {});
  writer.close().catch(() => {});
  const reader = s.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
    if (length > maxLength) {
      await reader.cancel().catch(() => {});
      throw new JweInvalidError(`decompressed plaintext exceeds ${maxLength} bytes`);
    }
  }
  return concatBytes(...chunks);
}

export function deflate(input: Uint8Array): Promise<Uint8Array> {
  return run(stream('CompressionStream'), input, Number.MAX_SAFE_INTEGER);
}

export async function inflate(input: Uint8Array, maxLength: number): Promise<Uint8Array> {
  try {
    return await run(stream('DecompressionStream'), input, maxLength);
  } catch (e) {
    if (e instanceof JweInvalidError || e instanceof JoseNotSupportedError) throw e;
    throw new JweInvalidError('compressed plaintext is not valid DEFLATE data', { cause: e });
  }
}
