/** PEM armor (RFC 7468), with the RFC 1421 header lines that legacy encrypted OpenSSL keys carry. */
import { InputInvalidError } from '../errors.js';
import { base64, fromBase64 } from './base64.js';

export interface PemBlock {
  readonly label: string;
  /** RFC 1421 headers such as `Proc-Type` and `DEK-Info` (legacy OpenSSL encryption). */
  readonly headers: Readonly<Record<string, string>>;
  readonly der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/g;

export function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

/** Every PEM block in the text, in order. Text outside blocks (comments, "Bag Attributes") is ignored. */
export function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const label = m[1]!;
    const lines = m[2]!.split(/\r?\n/);
    const headers: Record<string, string> = {};
    let i = 0;
    if (lines.some((l) => /^[A-Za-z-]+:\s/.test(l))) {
      while (i < lines.length && /^[A-Za-z-]+:\s/.test(lines[i]!)) {
        const [k, ...v] = lines[i]!.split(':');
        headers[k!.trim()] = v.join(':').trim();
        i++;
      }
      if (i < lines.length && lines[i]!.trim() === '') i++;
    }
    const body = lines.slice(i).join('').replace(/[ \t]/g, '');
    let der: Uint8Array;
    try {
      der = fromBase64(body);
    } catch (cause) {
      throw new InputInvalidError(`PEM block "${label}" has an invalid base64 body`, { cause });
    }
    if (der.length === 0) throw new InputInvalidError(`PEM block "${label}" is empty`);
    blocks.push({ label, headers, der });
  }
  if (blocks.length === 0) throw new InputInvalidError('no PEM block found');
  return blocks;
}

export function formatPem(label: string, der: Uint8Array): string {
  const b64 = base64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
