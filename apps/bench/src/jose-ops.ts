/**
 * JOSE rows: JWT and compact JWS, sign and verify, for ES256, ES384, EdDSA, RS256, PS256 and HS256 — cryptoplug JOSE on
 * each backend and on `auto`, against panva `jose`, `fast-jwt` (cache off), `jsonwebtoken`, `node-jose` and the minimal
 * node:crypto floor (peers.ts).
 *
 * Correctness before timing: every token a contestant signs is verified by every other contestant that can do the
 * algorithm, and every verifier accepts the token of every other signer and rejects a tampered one. A peer that cannot
 * do a row (jsonwebtoken/node-jose with EdDSA, fast-jwt with a non-JSON JWS) is listed with the reason, not timed.
 */
import { createHash } from 'node:crypto';
import { SecretKey, jwkFromKey, type Backend, type CapabilityQuery, type Key, type PrivateKey } from '@cryptoplug/core';
import { createJwtCache, signCompact, signJwt, verifyCompact, verifyJwt } from '@cryptoplug/jose';
import { createVerifier } from 'fast-jwt';
import type { Contestant, Operation } from './harness.js';
import type { Backends } from './ops.js';
import { key, pem } from './keys.js';
import { AUDIENCE, CLAIMS, ISSUER, JWS_PAYLOAD_BYTES, PEERS, verifiedPayload, type JoseAlg, type JoseKind, type PeerKeys, type PeerOps } from './peers.js';

interface Spec {
  readonly alg: JoseAlg;
  readonly keyName?: string;
  readonly query: CapabilityQuery;
}

export const JOSE_SPECS: readonly Spec[] = [
  { alg: 'ES256', keyName: 'ec-p256', query: { op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' } },
  { alg: 'ES384', keyName: 'ec-p384', query: { op: 'sign', alg: 'ECDSA', curve: 'P-384', hash: 'SHA-384' } },
  { alg: 'EdDSA', keyName: 'ed25519', query: { op: 'sign', alg: 'Ed25519' } },
  { alg: 'RS256', keyName: 'rsa-2048', query: { op: 'sign', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } },
  { alg: 'PS256', keyName: 'rsa-2048', query: { op: 'sign', alg: 'RSA-PSS', hash: 'SHA-256' } },
  { alg: 'HS256', query: { op: 'hmac', hash: 'SHA-256' } },
];

/** The HS256 secret: 32 fixed bytes (SHA-256 of a label), the same for every contestant. */
export const HS256_SECRET = createHash('sha256').update('cryptoplug bench HS256 secret').digest();

/** Contestant names compared against cryptoplug-jose:auto (and the targets: README "Benchmark targets"). */
export const AUTO = 'cryptoplug-jose:auto';

interface Party {
  readonly name: string;
  readonly kind: Contestant['kind'];
  readonly unsupported?: string;
  readonly ops?: Promise<PeerOps>;
}

function cryptoplugOps(backend: Backend, alg: JoseAlg, kind: JoseKind, priv: Key, pub: Key): PeerOps {
  if (kind === 'JWT') {
    const signOpts = { backend, alg, typ: 'JWT' };
    const verifyOpts = { backend, algorithms: [alg], issuer: ISSUER, audience: AUDIENCE };
    return {
      sign: () => signJwt(CLAIMS, priv, signOpts),
      verify: (t) => verifyJwt(t, pub, verifyOpts),
    };
  }
  const signOpts = { backend, protectedHeader: { alg } };
  const verifyOpts = { backend, algorithms: [alg] };
  return {
    sign: () => signCompact(JWS_PAYLOAD_BYTES, priv, signOpts),
    verify: (t) => verifyCompact(t, pub, verifyOpts),
  };
}

function accepted(kind: JoseKind, result: unknown): boolean {
  const payload = verifiedPayload(result);
  if (kind === 'JWT') return (payload as { sub?: unknown } | null)?.sub === CLAIMS.sub;
  const p = payload as Uint8Array;
  return p instanceof Uint8Array && Buffer.compare(Buffer.from(p), Buffer.from(JWS_PAYLOAD_BYTES)) === 0;
}

/** A token with one signature character changed (still valid base64url). */
function tamper(token: string): string {
  const i = token.length - 5;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

export function joseOps(b: Backends, only?: (id: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  for (const spec of JOSE_SPECS) {
    const wanted = (['JWT', 'JWS'] as const).flatMap((kind) => (['sign', 'verify'] as const).map((mode) => ({ kind, mode, id: `${kind} ${spec.alg} ${mode}` })));
    if (only && !wanted.some((w) => only(w.id)) && !only(`JWT ${spec.alg} verify, cache on`)) continue;
    let priv: Key;
    let pub: Key;
    let peerKeys: PeerKeys;
    if (spec.keyName) {
      const k: PrivateKey = key(spec.keyName);
      priv = k;
      pub = k.publicKey();
      peerKeys = { alg: spec.alg, privatePem: pem(spec.keyName), publicPem: pem(spec.keyName, 'spki'), privateJwk: jwkFromKey(k, { private: true }) as Record<string, unknown>, publicJwk: jwkFromKey(k.publicKey()) as Record<string, unknown> };
    } else {
      priv = pub = new SecretKey(new Uint8Array(HS256_SECRET));
      peerKeys = { alg: spec.alg, secret: HS256_SECRET, privateJwk: {}, publicJwk: {} };
    }
    const backends: Backend[] = [...b.members, b.auto].filter((x) => x.supports(spec.query));
    for (const kind of ['JWT', 'JWS'] as const) {
      const parties: Party[] = [
        ...backends.map((backend) => ({ name: `cryptoplug-jose:${backend.name}`, kind: 'jose' as const, ops: Promise.resolve(cryptoplugOps(backend, spec.alg, kind, priv, pub)) })),
        ...PEERS.map((p): Party => {
          const can = p.can(spec.alg, kind);
          const pkind: Contestant['kind'] = p.name === 'jose' ? 'reference' : p.name.startsWith('minimal') ? 'floor' : 'peer';
          if (can !== true) return { name: p.name, kind: pkind, unsupported: can };
          const o = p.setup(peerKeys, kind);
          o.catch(() => undefined); // reported by the check
          return { name: p.name, kind: pkind, ops: o };
        }),
      ];
      const live = parties.filter((p) => p.ops);
      // One token per signer, made once and shared by every check.
      const tokens = new Map<string, Promise<string>>();
      const tokenOf = (p: Party) => {
        let t = tokens.get(p.name);
        if (!t) tokens.set(p.name, (t = p.ops!.then((o) => o.sign())));
        return t;
      };
      const reference = live.find((p) => p.name === 'jose')!;
      for (const mode of ['sign', 'verify'] as const) {
        const id = `${kind} ${spec.alg} ${mode}`;
        if (only && !only(id)) continue;
        let refToken = '';
        const contestants: Contestant[] = parties.map((p): Contestant => {
          const base = {
            name: p.name,
            kind: p.kind,
            ...(p.name === AUTO ? { baseline: 'fast-jwt', compare: ['minimal:node-crypto', 'jose', 'jsonwebtoken', 'node-jose'] } : p.kind === 'jose' ? { baseline: 'jose' } : {}),
          };
          if (!p.ops) return { ...base, unsupported: p.unsupported!, run: () => undefined, check: () => false };
          let ops: PeerOps;
          const ready = p.ops.then((o) => (ops = o));
          ready.catch(() => undefined); // reported by the check
          return {
            ...base,
            async: true,
            run: mode === 'sign' ? () => ops.sign() : () => ops.verify(refToken),
            check: async () => {
              await ready;
              refToken = await tokenOf(reference);
              if (mode === 'sign') {
                const t = await ops.sign();
                for (const other of live) {
                  if (other === p) continue;
                  const r = await Promise.resolve((await other.ops!).verify(t)).catch((e: unknown) => {
                    throw new Error(`${other.name} rejects its token: ${e instanceof Error ? e.message : String(e)}`);
                  });
                  if (!accepted(kind, r)) throw new Error(`${other.name} does not accept its token`);
                }
                return true;
              }
              for (const other of live) {
                if (other === p) continue;
                const r = await Promise.resolve(ops.verify(await tokenOf(other))).catch((e: unknown) => {
                  throw new Error(`rejects the token of ${other.name}: ${e instanceof Error ? e.message : String(e)}`);
                });
                if (!accepted(kind, r)) throw new Error(`does not accept the token of ${other.name}`);
              }
              let rejected = false;
              try {
                await ops.verify(tamper(refToken));
              } catch {
                rejected = true;
              }
              if (!rejected) throw new Error('accepts a tampered token');
              return accepted(kind, await ops.verify(refToken));
            },
          };
        });
        ops.push({ id, group: 'jose', contestants });
      }
      const cachedId = `JWT ${spec.alg} verify, cache on`;
      if (kind === 'JWT' && spec.alg !== 'ES384' && spec.alg !== 'PS256' && (!only || only(cachedId))) ops.push(cachedRow(cachedId, b.auto, spec.alg, pub, peerKeys, tokenOf(reference)));
    }
  }
  return ops;
}

/**
 * The verified-token cache row: cryptoplug `auto` with `createJwtCache()` against fast-jwt with its cache on, and
 * cryptoplug without a cache as the reference. Every call verifies the same token, so every timed call is a hit.
 */
function cachedRow(id: string, auto: Backend, alg: JoseAlg, pub: Key, peerKeys: PeerKeys, token: Promise<string>): Operation {
  const cache = createJwtCache({ max: 1000 });
  const base = { backend: auto, algorithms: [alg], issuer: ISSUER, audience: AUDIENCE };
  const fast = createVerifier({ key: peerKeys.secret ?? peerKeys.publicPem!, algorithms: [alg], allowedIss: ISSUER, allowedAud: AUDIENCE, cache: 1000 });
  let t = '';
  const check = (verify: (x: string) => unknown) => async () => {
    t = await token;
    if (!accepted('JWT', await verify(t)) || !accepted('JWT', await verify(t))) return false;
    try {
      await verify(tamper(t));
      return false;
    } catch {
      return true;
    }
  };
  // options made once, as for every contestant (fast-jwt's are fixed at createVerifier): on Node 20 a per-call
  // `{ ...base, cache }` costs microseconds by itself (V8's slow path for a spread plus a property) — PROFILE.md
  const cachedOpts = { ...base, cache };
  const withCache = (x: string) => verifyJwt(x, pub, cachedOpts);
  const without = (x: string) => verifyJwt(x, pub, base);
  return {
    id,
    group: 'jose',
    contestants: [
      { name: 'cryptoplug-jose:auto+cache', kind: 'jose', baseline: 'fast-jwt+cache', compare: [AUTO], async: true, run: () => withCache(t), check: check(withCache) },
      { name: 'fast-jwt+cache', kind: 'peer', run: () => fast(t), check: check(fast) },
      { name: AUTO, kind: 'jose', async: true, run: () => without(t), check: check(without) },
    ],
  };
}
