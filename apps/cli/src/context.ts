/**
 * What every CLI command gets: I/O that follows Unix conventions (data on stdout, diagnostics on stderr), backend
 * selection, and input readers. Commands throw CryptoplugError for user-visible failures; main.ts prints
 * `error CODE: message` and exits 1. Usage errors exit 2 (commander). Never a stack trace for user error.
 */
import { statSync } from 'node:fs';
// Subpath imports, and the registry and key import loaded on first use, so start-up (`--version`, `jwt decode`) does
// not load every backend and key format.
import { InputInvalidError } from '@cryptoplug/core/errors';
import { fromUtf8 } from '@cryptoplug/core/bytes';
import { parseJsonGuarded } from '@cryptoplug/core/json';
import type { Backend, Key } from '@cryptoplug/core';
import type { BackendRegistry } from '@cryptoplug/backends';
import { readBounded } from './input.js';

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
  /**
   * TOKEN argument: the token itself, `@FILE`, or `-`/undefined for stdin; whitespace trimmed. A literal argument that
   * names a readable file (`jwt verify t.jwt`, meant as `@t.jwt`) is still taken as the token, and {@link hint} is set
   * so that the error it leads to ends with "did you mean @t.jwt?".
   */
  readToken(arg?: string): Promise<string>;
  /** A hint main.ts appends to the error line of a failing command (set by readToken). */
  hint: string | undefined;
  /** JSON argument: inline JSON or `@FILE`. */
  readJson(arg: string, what: string): Promise<unknown>;
  /** Key file: PEM (any format, encrypted with a passphrase file), DER or JWK JSON, detected from content. */
  readKey(path: string, options?: { passphraseFile?: string }): Promise<Key>;
}

// Every input is read incrementally up to --max-input (input.ts): ERR_INPUT_TOO_LARGE without reading the rest.
async function readStdin(): Promise<Uint8Array> {
  return readBounded(undefined, 'stdin');
}

async function readFileBytes(path: string, what: string): Promise<Uint8Array> {
  return readBounded(path, what);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
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
    hint: undefined,
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
      else {
        text = arg;
        if (isFile(arg)) ctx.hint = `did you mean @${arg}? ("${arg}" is a file, and a file is read as the token only with @)`;
      }
      return text.trim();
    },
    async readJson(arg, what) {
      const text = arg.startsWith('@') ? fromUtf8(await readFileBytes(arg.slice(1), `${what} file`)) : arg;
      return parseJsonGuarded(text, { what, invalid: (cause) => new InputInvalidError(`${what} is not valid JSON`, { cause }) });
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
