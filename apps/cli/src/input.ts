/**
 * Bounded input: every file, `@FILE` and stdin the CLI reads goes through {@link readBounded}, which reads in chunks
 * and stops as soon as more than the limit has arrived (`ERR_INPUT_TOO_LARGE`), without reading the rest: `@/dev/zero`
 * or an endless pipe ends at once with bounded memory instead of growing without limit.
 *
 * The limit is the global `--max-input SIZE` option (default 4 MiB; bytes, or with a K/M/G suffix: `512K`, `16M`).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { InputInvalidError, InputTooLargeError } from '@cryptoplug/core/errors';

export const DEFAULT_MAX_INPUT = 4 * 1024 * 1024;

let maxInput = DEFAULT_MAX_INPUT;

export function setMaxInput(bytes: number): void {
  maxInput = bytes;
}

export function getMaxInput(): number {
  return maxInput;
}

/** `4194304`, `512K`, `4M`, `1G` (binary units, optional `iB`/`B`) → bytes. */
export function parseSize(value: string): number {
  const m = /^\s*(\d+)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
  if (!m) throw new InputInvalidError(`--max-input must be a size in bytes, optionally with a K/M/G suffix, got ${JSON.stringify(value)}`);
  const n = Number(m[1]) * 1024 ** ['', 'k', 'm', 'g'].indexOf(m[2]!.toLowerCase());
  if (!Number.isSafeInteger(n) || n < 1) throw new InputInvalidError(`--max-input must be at least 1 byte, got ${JSON.stringify(value)}`);
  return n;
}

async function drain(stream: Readable, what: string, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      total += b.length;
      if (total > limit) {
        throw new InputTooLargeError(`${what} is larger than the input limit of ${limit} bytes (raise it with --max-input)`);
      }
      chunks.push(b);
    }
  } finally {
    // stop reading (a FIFO, /dev/zero or a pipe is not read to its end); stdin itself is left open but paused
    if (stream !== process.stdin) stream.destroy();
    else stream.pause();
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** Reads a file (or stdin for `-`/undefined) up to the input limit. */
export async function readBounded(path: string | undefined, what: string, limit = maxInput): Promise<Uint8Array> {
  if (path === undefined || path === '-') return drain(process.stdin, 'stdin', limit);
  // highWaterMark: read in 64 KiB steps so that the check runs often on fast sources (/dev/zero)
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    return await drain(stream, `${what} "${path}"`, limit);
  } catch (cause) {
    if (cause instanceof InputTooLargeError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputInvalidError(`cannot read ${what} "${path}"${code ? ` (${code})` : ''}`, { cause });
  }
}
