/**
 * A seeded mutation fuzzer on fast-check: each case is a valid sample (a real key, token or message made by the code
 * or by another implementation) with 1–4 mutations applied — bit flips, byte/char changes, deletions, insertions,
 * duplicated and truncated ranges, and JSON-aware edits for JSON text. fast-check gives reproducible seeds and
 * shrinks a failure to its smallest mutation list.
 */
import fc from 'fast-check';

export type Mutation =
  | { op: 'flip'; pos: number; bit: number }
  | { op: 'set'; pos: number; value: number }
  | { op: 'delete'; pos: number; len: number }
  | { op: 'insert'; pos: number; value: number; count: number }
  | { op: 'duplicate'; pos: number; len: number }
  | { op: 'truncate'; pos: number }
  | { op: 'special'; pos: number; value: number };

// bytes/chars that parsers treat specially: DER tags and lengths, JSON and base64url syntax, PEM armour
const SPECIAL = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x30, 0x31, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x2e, 0x2d, 0x5f, 0x3d, 0x7b, 0x7d, 0x5b, 0x5d, 0x22, 0x3a, 0x2c, 0x5c, 0x0a, 0x20];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), pos: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('set' as const), pos: fc.nat(), value: fc.nat(255) }),
  fc.record({ op: fc.constant('delete' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('insert' as const), pos: fc.nat(), value: fc.nat(255), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('duplicate' as const), pos: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({ op: fc.constant('special' as const), pos: fc.nat(), value: fc.nat(SPECIAL.length - 1) }),
);

export function applyMutations(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Array.from(input);
  for (const m of mutations) {
    const n = b.length;
    const at = n === 0 ? 0 : m.pos % (n + (m.op === 'insert' ? 1 : 0));
    switch (m.op) {
      case 'flip':
        if (n) b[at] = b[at]! ^ (1 << m.bit);
        break;
      case 'set':
        if (n) b[at] = m.value;
        break;
      case 'special':
        if (n) b[at] = SPECIAL[m.value]!;
        break;
      case 'delete':
        b.splice(at, m.len);
        break;
      case 'insert':
        b.splice(at, 0, ...new Array<number>(m.count).fill(m.value));
        break;
      case 'duplicate':
        b.splice(at, 0, ...b.slice(at, at + m.len));
        break;
      case 'truncate':
        b = b.slice(0, at);
        break;
    }
  }
  return new Uint8Array(b);
}

const latin1 = new TextDecoder('latin1');
const enc = new TextEncoder();

/** Mutations on text are done on its UTF-8 bytes and decoded back (invalid UTF-8 becomes U+FFFD, also a fine input). */
export function mutateText(text: string, mutations: readonly Mutation[]): string {
  const out = applyMutations(enc.encode(text), mutations);
  return /[\x80-\xff]/.test(latin1.decode(out)) ? new TextDecoder().decode(out) : latin1.decode(out);
}

/** A case: which sample, and the mutations (1–4). */
export function caseArb(samples: number): fc.Arbitrary<{ sample: number; mutations: Mutation[] }> {
  return fc.record({ sample: fc.nat(samples - 1), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) });
}
