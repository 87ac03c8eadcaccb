/**
 * Constant-work key unwrap (issue 16, row 10): JWE decryption with a corrupted encrypted key next to the same JWE with
 * a corrupted tag, on each backend and `auto`. Both must end in the one ERR_DECRYPTION_FAILED after the same steps
 * (unwrap attempt, random CEK drawn on every path, content decryption); the ratio bad-key ÷ bad-tag shows what is
 * left (the cost of the error object a failed unwrap throws). Tokens are made by panva jose.
 */
import * as panva from 'jose';
import { CryptoplugError, jwkFromKey, type Backend } from '@cryptoplug/core';
import { decryptCompact } from '@cryptoplug/jose';
import type { Contestant, Operation } from './harness.js';
import type { Backends } from './ops.js';
import { MESSAGE, key } from './keys.js';

const KW = new Uint8Array(16).fill(7);
const PASSWORD = new TextEncoder().encode('bench password');

const SPECS = [
  { alg: 'RSA-OAEP-256', enc: 'A128GCM', query: { op: 'oaepDecrypt', hash: 'SHA-256' } },
  { alg: 'A128KW', enc: 'A128GCM', query: { op: 'aesKw' } },
  { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', query: { op: 'aesKw' } },
] as const;

function corrupt(token: string, part: 1 | 4): string {
  const parts = token.split('.');
  const b = Buffer.from(parts[part]!, 'base64url');
  b[b.length >> 1]! ^= 1;
  parts[part] = b.toString('base64url');
  return parts.join('.');
}

export function unwrapOps(b: Backends, only?: (id: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  const rsa = key('rsa-2048');
  for (const spec of SPECS) {
    const id = `JWE unwrap failure ${spec.alg}`;
    if (only && !only(id)) continue;
    const decKey: unknown = spec.alg.startsWith('RSA') ? rsa : spec.alg.startsWith('PBES2') ? PASSWORD : KW;
    let badKey = '';
    let badTag = '';
    const ready = (async () => {
      const encKey = spec.alg.startsWith('RSA') ? await panva.importJWK(jwkFromKey(rsa.publicKey()) as panva.JWK, spec.alg) : spec.alg.startsWith('PBES2') ? PASSWORD : KW;
      const token = await new panva.CompactEncrypt(MESSAGE).setProtectedHeader({ alg: spec.alg, enc: spec.enc }).setKeyManagementParameters({ p2c: 1000 }).encrypt(encKey);
      badKey = corrupt(token, 1);
      badTag = corrupt(token, 4);
    })();
    const contestants: Contestant[] = [];
    const members: Backend[] = [...b.members, b.auto].filter((x) => x.supports(spec.query as never));
    for (const backend of members) {
      const attempt = (which: 'key' | 'tag') => async () => {
        try {
          await decryptCompact(which === 'key' ? badKey : badTag, decKey as never, { backend, keyManagementAlgorithms: [spec.alg] });
        } catch (e) {
          if (e instanceof CryptoplugError && e.code === 'ERR_DECRYPTION_FAILED') return e.message;
          throw e;
        }
        throw new Error('a corrupted JWE decrypted');
      };
      for (const which of ['key', 'tag'] as const) {
        contestants.push({
          name: `${backend.name}:bad-${which}`,
          kind: 'jose',
          ...(which === 'key' ? { baseline: `${backend.name}:bad-tag` } : {}),
          async: true,
          run: attempt(which),
          // both paths end in the same error and message
          check: async () => {
            await ready;
            return (await attempt(which)()) === 'decryption failed';
          },
        });
      }
    }
    ops.push({ id, group: 'jose', contestants });
  }
  return ops;
}
