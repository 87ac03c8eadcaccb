/**
 * JOSE rows: JWS compact and JWT sign+verify for ES256, EdDSA, RS256 — cryptoplug JOSE on each backend and on `auto`,
 * against panva `jose` (which uses WebCrypto on every runtime). Checks: every token a contestant makes is verified by
 * panva jose; every contestant verifies a token panva jose made.
 */
import * as panva from 'jose';
import { jwkFromKey, type Backend } from '@cryptoplug/core';
import { signCompact, signJwt, verifyCompact, verifyJwt } from '@cryptoplug/jose';
import type { Contestant, Operation } from './harness.js';
import type { Backends } from './ops.js';
import { MESSAGE, key } from './keys.js';

const SPECS = [
  { alg: 'ES256', keyName: 'ec-p256', query: { op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' } },
  { alg: 'EdDSA', keyName: 'ed25519', query: { op: 'sign', alg: 'Ed25519' } },
  { alg: 'RS256', keyName: 'rsa-2048', query: { op: 'sign', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } },
] as const;

const CLAIMS = { sub: 'device-42', iss: 'https://issuer.example', aud: 'cryptoplug-bench', scope: 'read write', n: 12345 };

export function joseOps(b: Backends, only?: (id: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  for (const spec of SPECS) {
    const k = key(spec.keyName);
    const privJwk = jwkFromKey(k, { private: true }) as panva.JWK;
    const pubJwk = jwkFromKey(k.publicKey()) as panva.JWK;
    const panvaKeys = Promise.all([panva.importJWK(privJwk, spec.alg), panva.importJWK(pubJwk, spec.alg)]);
    let pPriv: panva.CryptoKey | Uint8Array;
    let pPub: panva.CryptoKey | Uint8Array;
    const ready = panvaKeys.then(([a, c]) => ((pPriv = a), (pPub = c)));
    const refJws = ready.then(() => new panva.CompactSign(MESSAGE).setProtectedHeader({ alg: spec.alg }).sign(pPriv));
    const refJwt = ready.then(() => new panva.SignJWT(CLAIMS).setProtectedHeader({ alg: spec.alg }).setIssuedAt().sign(pPriv));
    const members: Backend[] = [...b.members, b.auto].filter((x) => x.supports(spec.query as never));
    for (const kind of ['JWS', 'JWT'] as const) {
      for (const mode of ['sign', 'verify'] as const) {
        const id = `${kind} ${spec.alg} ${mode}`;
        if (only && !only(id)) continue;
        const contestants: Contestant[] = [];
        let refToken = '';
        const refReady = (kind === 'JWS' ? refJws : refJwt).then((t) => (refToken = t));
        for (const backend of members) {
          const sign = kind === 'JWS'
            ? () => signCompact(MESSAGE, k, { backend, protectedHeader: { alg: spec.alg } })
            : () => signJwt(CLAIMS, k, { backend, alg: spec.alg, issuedAt: true });
          const verify = kind === 'JWS'
            ? () => verifyCompact(refToken, k.publicKey(), { backend, algorithms: [spec.alg] })
            : () => verifyJwt(refToken, k.publicKey(), { backend, algorithms: [spec.alg], audience: 'cryptoplug-bench' });
          contestants.push({
            name: `cryptoplug-jose:${backend.name}`,
            kind: 'jose',
            baseline: 'jose',
            async: true,
            run: mode === 'sign' ? sign : verify,
            check: mode === 'sign'
              ? async () => {
                  await ready;
                  const t = await sign();
                  return kind === 'JWS' ? (await panva.compactVerify(t, pPub)).payload.length === MESSAGE.length : (await panva.jwtVerify(t, pPub)).payload.sub === CLAIMS.sub;
                }
              : async () => {
                  await refReady;
                  const r = await verify();
                  return kind === 'JWS' ? (r as { payload: Uint8Array }).payload.length === MESSAGE.length : (r as { payload: { sub?: string } }).payload.sub === CLAIMS.sub;
                },
          });
        }
        const refSign = kind === 'JWS'
          ? () => new panva.CompactSign(MESSAGE).setProtectedHeader({ alg: spec.alg }).sign(pPriv)
          : () => new panva.SignJWT(CLAIMS).setProtectedHeader({ alg: spec.alg }).setIssuedAt().sign(pPriv);
        const refVerify = kind === 'JWS' ? () => panva.compactVerify(refToken, pPub) : () => panva.jwtVerify(refToken, pPub, { algorithms: [spec.alg], audience: 'cryptoplug-bench' });
        contestants.push({
          name: 'jose',
          kind: 'reference',
          async: true,
          run: mode === 'sign' ? refSign : refVerify,
          check: async () => {
            await ready;
            await refReady;
            if (mode === 'sign') {
              const t = await refSign();
              return (await verifyCompact(t, k.publicKey(), { backend: b.auto, algorithms: [spec.alg] })).payload.length > 0;
            }
            await refVerify();
            return true;
          },
        });
        ops.push({ id, group: 'jose', contestants });
      }
    }
  }
  return ops;
}
