/**
 * What every CLI command gets: I/O that follows Unix conventions (data on stdout, diagnostics on stderr), backend
 * selection, and input readers. Commands throw CryptoplugError for user-visible failures; main.ts prints
 * `error CODE: message` and exits 1. Usage errors exit 2 (commander). Never a stack trace for user error.
 */
import { readFile } from 'node:fs/promises';
// Subpath imports, and the registry and key import loaded on first use, so start-up (`--version`, `jwt decode`) does
// not load every backend and key format.
import { InputInvalidError } from '@cryptoplug/core/errors';
import { fromUtf8 } from '@cryptoplug/core/bytes';
import type { Backend, Key } from '@cryptoplug/core';
import type { BackendRegistry } from '@cryptoplug/core';

/** Thrown by a command to end with an exit code and one stderr line, without it being an error (e.g. "invalid signature"). */
export class CliExit extends Error {
  constructor(readonly exitCode: number, readonly line?: string) {
    super(line ?? `exit ${exitCode}`);
  }
}

export interface CliContext {
  /** Writes data to stdout (text gets no newline added). */
  out(data: string | Uint8Array): void;
  /** One diagnostic line on stderr. */
  err(line: string): void;
  /** True when stdout/stderr is a terminal (progress bars only then). */
  readonly isTTY: boolean;
  /** `auto` (default) or a backend name. */
  backend(name?: string): Promise<Backend>;
  /** FILE, or `-`/undefined for stdin. */
  readInput(arg?: string): Promise<Uint8Array>;
  /** TOKEN argument: the token itself, `@FILE`, or `-`/undefined for stdin; whitespace trimmed. */
  readToken(arg?: string): Promise<string>;
  /** JSON argument: inline JSON or `@FILE`. */
  readJson(arg: string, what: string): Promise<unknown>;
  /** Key file: PEM (any format, encrypted with a passphrase file), DER or JWK JSON, detected from content. */
  readKey(path: string, options?: { passphraseFile?: string }): Promise<Key>;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function readFileBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputInvalidError(`cannot read ${what} "${path}"${code ? ` (${code})` : ''}`, { cause });
  }
}

export function createContext(): CliContext {
  let registry: Promise<BackendRegistry> | undefined;
  const ctx: CliContext = {
    out(data) {
      process.stdout.write(data);
    },
    err(line) {
      process.stderr.write(line.endsWith('\n') ? line : line + '\n');
    },
    isTTY: Boolean(process.stderr.isTTY),
    backend(name = 'auto') {
      registry ??= import('@cryptoplug/backends').then((m) => m.createRegistry());
      return registry.then((r) => r.select(name));
    },
    async readInput(arg) {
      return arg === undefined || arg === '-' ? readStdin() : readFileBytes(arg, 'input file');
    },
    async readToken(arg) {
      let text: string;
      if (arg === undefined || arg === '-') text = fromUtf8(await readStdin());
      else if (arg.startsWith('@')) text = fromUtf8(await readFileBytes(arg.slice(1), 'token file'));
      else text = arg;
      return text.trim();
    },
    async readJson(arg, what) {
      const text = arg.startsWith('@') ? fromUtf8(await readFileBytes(arg.slice(1), `${what} file`)) : arg;
      try {
        return JSON.parse(text) as unknown;
      } catch (cause) {
        throw new InputInvalidError(`${what} is not valid JSON`, { cause });
      }
    },
    async readKey(path, options = {}) {
      const bytes = await readFileBytes(path, 'key file');
      let passphrase: Uint8Array | undefined;
      if (options.passphraseFile) {
        const p = await readFileBytes(options.passphraseFile, 'passphrase file');
        // A trailing newline (echo secret > file) is not part of the passphrase.
        let end = p.length;
        while (end > 0 && (p[end - 1] === 0x0a || p[end - 1] === 0x0d)) end--;
        passphrase = p.subarray(0, end);
      }
      const { importKey } = await import('@cryptoplug/core/import');
      return importKey(bytes, passphrase ? { passphrase } : {});
    },
  };
  return ctx;
}
