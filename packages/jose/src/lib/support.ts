/**
 * Which backend operations a JOSE algorithm needs, as capability questions: lets callers (and `auto`) know up front
 * whether a backend can run `alg`/`enc`, instead of failing half-way.
 */
import type { Backend, CapabilityQuery, EcdhCurve } from '@cryptoplug/core';
import { ECDH_EPHEMERAL, contentEnc, jweAlg, jwsAlg, REFUSED_JWE_ALGORITHMS } from './algorithms.js';

type JoseWhat = { alg?: string; enc?: string; curve?: EcdhCurve; operation?: 'encrypt' | 'decrypt' | 'sign' | 'verify' };

/** Capability questions for a JWS alg, a JWE alg (with its ECDH curve) and/or a content encryption. */
export function joseQueries(what: JoseWhat): CapabilityQuery[] | undefined {
  const sig = what.alg !== undefined ? jwsAlg(what.alg) : undefined;
  if (!sig) return jweQueries(what);
  const q: CapabilityQuery[] = [];
  if (sig.kind === 'hmac') q.push({ op: 'hmac', hash: sig.hash });
  else {
    const s = sig.signature;
    q.push({
      op: what.operation === 'sign' ? 'sign' : 'verify',
      alg: s.name,
      ...(sig.curve ? { curve: sig.curve } : {}),
      ...('hash' in s ? { hash: s.hash } : {}),
    });
  }
  const rest = jweQueries({ ...what, alg: undefined });
  return rest && [...q, ...rest];
}

/**
 * The JWE half of {@link joseQueries} (a key-management alg and/or a content encryption, plus random bytes for
 * encryption): split off so JWE code does not carry the JWS algorithm table.
 */
export function jweQueries(what: JoseWhat): CapabilityQuery[] | undefined {
  const q: CapabilityQuery[] = [];
  const op = what.operation;
  if (what.alg !== undefined) {
    const km = jweAlg(what.alg);
    if (km) {
      switch (km.kind) {
        case 'rsa-oaep':
          q.push({ op: op === 'encrypt' ? 'oaepEncrypt' : 'oaepDecrypt', hash: km.hash });
          break;
        case 'ecdh-es':
        case 'ecdh-es-kw':
          q.push({ op: 'ecdh', curve: what.curve ?? 'P-256' }, { op: 'digest', hash: 'SHA-256' });
          if (op === 'encrypt') q.push({ op: 'generateKey', spec: ECDH_EPHEMERAL[what.curve ?? 'P-256'] });
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
export function joseUnsupportedReason(backend: Backend, what: JoseWhat): string | undefined {
  return unsupportedReason(backend, what, joseQueries);
}

/** {@link joseUnsupportedReason} for a JWE alg/enc (what JWE decryption asks; no JWS table). */
export function jweUnsupportedReason(backend: Backend, what: JoseWhat): string | undefined {
  return unsupportedReason(backend, what, jweQueries);
}

function unsupportedReason(backend: Backend, what: JoseWhat, queriesOf: (w: JoseWhat) => CapabilityQuery[] | undefined): string | undefined {
  if (what.alg !== undefined && REFUSED_JWE_ALGORITHMS[what.alg]) return REFUSED_JWE_ALGORITHMS[what.alg];
  const queries = queriesOf(what);
  if (!queries) return `unknown algorithm ${what.alg ?? ''} ${what.enc ?? ''}`.trim();
  const missing = queries.filter((q) => !backend.supports(q));
  if (missing.length === 0) return undefined;
  return `the ${backend.name} backend lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}`;
}
