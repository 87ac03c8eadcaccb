/**
 * Which backend operations a JOSE algorithm needs, as capability questions: lets callers (and `auto`) know up front
 * whether a backend can run `alg`/`enc`, instead of failing half-way.
 */
import type { Backend, CapabilityQuery, EcdhCurve } from '@cryptoplug/core';
import { contentEnc, jweAlg, jwsAlg, REFUSED_JWE_ALGORITHMS } from './algorithms.js';

/** Capability questions for a JWS alg, a JWE alg (with its ECDH curve) and/or a content encryption. */
export function joseQueries(what: { alg?: string; enc?: string; curve?: EcdhCurve; operation?: 'encrypt' | 'decrypt' | 'sign' | 'verify' }): CapabilityQuery[] | undefined {
  const q: CapabilityQuery[] = [];
  const op = what.operation;
  if (what.alg !== undefined) {
    const sig = jwsAlg(what.alg);
    const km = jweAlg(what.alg);
    if (sig) {
      if (sig.kind === 'hmac') q.push({ op: 'hmac', hash: sig.hash });
      else {
        const s = sig.signature;
        q.push({
          op: op === 'sign' ? 'sign' : 'verify',
          alg: s.name,
          ...(sig.curve ? { curve: sig.curve } : {}),
          ...('hash' in s ? { hash: s.hash } : {}),
        });
      }
    } else if (km) {
      switch (km.kind) {
        case 'rsa-oaep':
          q.push({ op: op === 'encrypt' ? 'oaepEncrypt' : 'oaepDecrypt', hash: km.hash });
          break;
        case 'ecdh-es':
        case 'ecdh-es-kw':
          q.push({ op: 'ecdh', curve: what.curve ?? 'P-256' }, { op: 'digest', hash: 'SHA-256' });
          if (op === 'encrypt') q.push({ op: 'generateKey', spec: ({ 'P-256': 'ec-p256', 'P-384': 'ec-p384', 'P-521': 'ec-p521', X25519: 'x25519' } as const)[what.curve ?? 'P-256'] });
          if (km.kind === 'ecdh-es-kw') q.push({ op: 'aesKw' });
          break;
        case 'aes-kw':
          q.push({ op: 'aesKw' });
          break;
        case 'aes-gcm-kw':
          q.push({ op: 'aesGcm' });
          break;
        case 'pbes2':
          q.push({ op: 'pbkdf2', hash: km.hash }, { op: 'aesKw' });
          break;
        case 'dir':
          break;
      }
    } else {
      return undefined;
    }
  }
  if (what.enc !== undefined) {
    const ce = contentEnc(what.enc);
    if (!ce) return undefined;
    if (ce.kind === 'gcm') q.push({ op: 'aesGcm' });
    else q.push({ op: 'aesCbc' }, { op: 'hmac', hash: ce.hash });
  }
  if (op === 'encrypt' || op === 'sign') q.push({ op: 'random' });
  return q;
}

/** Why this backend cannot run the JOSE algorithm(s), or undefined when it can. */
export function joseUnsupportedReason(backend: Backend, what: Parameters<typeof joseQueries>[0]): string | undefined {
  if (what.alg !== undefined && REFUSED_JWE_ALGORITHMS[what.alg]) return REFUSED_JWE_ALGORITHMS[what.alg];
  const queries = joseQueries(what);
  if (!queries) return `unknown algorithm ${what.alg ?? ''} ${what.enc ?? ''}`.trim();
  const missing = queries.filter((q) => !backend.supports(q));
  if (missing.length === 0) return undefined;
  return `the ${backend.name} backend lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}`;
}
