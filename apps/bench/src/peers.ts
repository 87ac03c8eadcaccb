/**
 * JWT/JWS contestants outside cryptoplug: panva `jose`, `fast-jwt` (cache off), `jsonwebtoken`, `node-jose`, and the
 * "minimal node:crypto JWT" floor. Each peer says per algorithm whether it can take part (and why not), signs a JWT
 * (the bench claims, fixed `exp`, no `iat`) or a compact JWS (a text payload), and verifies a token — throwing when the
 * token is not accepted, returning the claims (JWT) or the payload bytes (JWS).
 *
 * JWT verify means, for everyone: pinned algorithm, signature, `iss`, `aud` and `exp` — except the floor, which checks
 * `alg` and `exp` only (that is what makes it the floor). node-jose has no JWT layer: its row is its JWS verify plus the
 * same three claim checks written out here.
 */
import crypto from 'node:crypto';
import * as panva from 'jose';
import { createSigner, createVerifier } from 'fast-jwt';
import jsonwebtoken from 'jsonwebtoken';
import nodeJose from 'node-jose';

export type JoseAlg = 'ES256' | 'ES384' | 'EdDSA' | 'RS256' | 'PS256' | 'HS256';
export type JoseKind = 'JWT' | 'JWS';

/** Key material of one algorithm in every form the peers want. */
export interface PeerKeys {
  readonly alg: JoseAlg;
  /** PKCS#8 PEM (asymmetric) or the HMAC secret. */
  readonly privatePem?: string;
  readonly publicPem?: string;
  readonly secret?: Buffer;
  readonly privateJwk: Record<string, unknown>;
  readonly publicJwk: Record<string, unknown>;
}

export const ISSUER = 'https://issuer.example';
export const AUDIENCE = 'cryptoplug-bench';
/** Far enough in the future for any bench run; a fixed value so every peer signs the same claims. */
export const EXP = Math.floor(Date.now() / 1000) + 24 * 3600;
export const CLAIMS = { sub: 'device-42', iss: ISSUER, aud: AUDIENCE, scope: 'read write', n: 12345, exp: EXP };
/** The JWS payload: text (jsonwebtoken takes only strings or objects), not JSON (so it is not a JWT). */
export const JWS_PAYLOAD = 'cryptoplug bench payload · '.repeat(10).slice(0, 256);
export const JWS_PAYLOAD_BYTES = new TextEncoder().encode(JWS_PAYLOAD);

export interface PeerOps {
  sign(): Promise<string> | string;
  /**
   * The verified payload, or the library's own `{ payload, protectedHeader }` result as its verify call returns it
   * (cryptoplug, panva jose): the timed call is then the library's call as an application makes it, with no async
   * wrapper of the bench's around it (one more promise and await per call, ~5% of an HS256 verify). The checks
   * unwrap it (`verifiedPayload`).
   */
  verify(token: string): Promise<unknown> | unknown;
}

/** The payload of a verify result: a `{ payload, protectedHeader }` result object is unwrapped, anything else is it. */
export function verifiedPayload(result: unknown): unknown {
  return typeof result === 'object' && result !== null && 'protectedHeader' in result && 'payload' in result ? (result as { payload: unknown }).payload : result;
}

export interface Peer {
  readonly name: string;
  /** `true`, or the reason this peer cannot do `kind` with `alg` (shown as "—"). */
  can(alg: JoseAlg, kind: JoseKind): true | string;
  /** Builds the sign/verify closures once (key import outside the timed loop). */
  setup(keys: PeerKeys, kind: JoseKind): Promise<PeerOps>;
}

const NODE_DIGEST: Record<JoseAlg, string | null> = { ES256: 'sha256', ES384: 'sha384', EdDSA: null, RS256: 'sha256', PS256: 'sha256', HS256: 'sha256' };

/** Claim checks node-jose lacks, written the way a careful caller would (the same three the others do). */
function checkClaims(claims: Record<string, unknown>): Record<string, unknown> {
  if (claims.iss !== ISSUER) throw new Error('iss');
  const aud = claims.aud;
  if (!(aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE)))) throw new Error('aud');
  if (typeof claims.exp !== 'number' || claims.exp <= Math.floor(Date.now() / 1000)) throw new Error('exp');
  return claims;
}

export const panvaJose: Peer = {
  name: 'jose',
  can: () => true,
  async setup(keys, kind) {
    const priv = keys.secret ?? (await panva.importPKCS8(keys.privatePem!, keys.alg));
    const pub = keys.secret ?? (await panva.importSPKI(keys.publicPem!, keys.alg));
    // options made once, as for every other contestant
    const jwtOpts = { algorithms: [keys.alg], issuer: ISSUER, audience: AUDIENCE };
    const jwsOpts = { algorithms: [keys.alg] };
    if (kind === 'JWT') {
      return {
        sign: () => new panva.SignJWT(CLAIMS).setProtectedHeader({ alg: keys.alg, typ: 'JWT' }).sign(priv),
        verify: (t) => panva.jwtVerify(t, pub, jwtOpts),
      };
    }
    return {
      sign: () => new panva.CompactSign(JWS_PAYLOAD_BYTES).setProtectedHeader({ alg: keys.alg }).sign(priv),
      verify: (t) => panva.compactVerify(t, pub, jwsOpts),
    };
  },
};

export const fastJwt: Peer = {
  name: 'fast-jwt',
  can: (_alg, kind) => (kind === 'JWS' ? 'fast-jwt signs and verifies JWT claims sets only (its payload must be a JSON object)' : true),
  async setup(keys) {
    const signer = createSigner({ key: keys.secret ?? keys.privatePem!, algorithm: keys.alg, noTimestamp: true });
    const verifier = createVerifier({ key: keys.secret ?? keys.publicPem!, algorithms: [keys.alg], allowedIss: ISSUER, allowedAud: AUDIENCE, cache: false });
    return { sign: () => signer(CLAIMS), verify: (t) => verifier(t) };
  },
};

export const jsonWebToken: Peer = {
  name: 'jsonwebtoken',
  can: (alg) => (alg === 'EdDSA' ? 'jsonwebtoken 9 has no EdDSA' : true),
  async setup(keys, kind) {
    const priv = keys.secret ?? crypto.createPrivateKey(keys.privatePem!);
    const pub = keys.secret ?? crypto.createPublicKey(keys.publicPem!);
    const alg = keys.alg as jsonwebtoken.Algorithm;
    if (kind === 'JWT') {
      return {
        sign: () => jsonwebtoken.sign(CLAIMS, priv, { algorithm: alg, noTimestamp: true }),
        verify: (t) => jsonwebtoken.verify(t, pub, { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE }),
      };
    }
    return {
      sign: () => jsonwebtoken.sign(JWS_PAYLOAD, priv, { algorithm: alg }),
      verify: (t) => {
        const p = jsonwebtoken.verify(t, pub, { algorithms: [alg] });
        if (typeof p !== 'string') throw new Error('payload is not the text');
        return new TextEncoder().encode(p);
      },
    };
  },
};

export const nodeJosePeer: Peer = {
  name: 'node-jose',
  can: (alg) => (alg === 'EdDSA' ? 'node-jose 2 has no OKP (Ed25519) keys' : true),
  async setup(keys, kind) {
    const jwk = keys.secret ? { kty: 'oct', k: keys.secret.toString('base64url') } : keys.privateJwk;
    const priv = await nodeJose.JWK.asKey(jwk);
    const pub = await nodeJose.JWK.asKey(keys.secret ? jwk : keys.publicJwk);
    // Algorithms go with each call: createVerify's options are lodash-merged into node-jose's shared DEFAULT_OPTIONS
    // object (mutating it), so a verifier made later for another algorithm would change this one's allow-list.
    const verifier = nodeJose.JWS.createVerify(pub);
    const verifyOpts = { algorithms: [keys.alg] };
    const body = kind === 'JWT' ? Buffer.from(JSON.stringify(CLAIMS)) : Buffer.from(JWS_PAYLOAD_BYTES);
    const fields = kind === 'JWT' ? { alg: keys.alg, typ: 'JWT' } : { alg: keys.alg };
    return {
      sign: async () => (await nodeJose.JWS.createSign({ format: 'compact', fields } as never, priv).update(body).final()) as unknown as string,
      verify: async (t) => {
        const r = await verifier.verify(t, verifyOpts as never);
        if (r.header && (r.header as { alg?: string }).alg !== keys.alg) throw new Error('alg');
        return kind === 'JWT' ? checkClaims(JSON.parse(r.payload.toString('utf8'))) : new Uint8Array(r.payload);
      },
    };
  },
};

/**
 * The floor: a JWT written straight on node:crypto — base64url header and claims, `crypto.sign`/`crypto.verify`/
 * `createHmac`, the `alg` and `exp` checks and nothing else (no typ/crit/b64 handling, no key policy, no iss/aud).
 */
export const minimal: Peer = {
  name: 'minimal:node-crypto',
  can: () => true,
  async setup(keys, kind) {
    const alg = keys.alg;
    const digest = NODE_DIGEST[alg];
    const opts = alg.startsWith('ES') ? { dsaEncoding: 'ieee-p1363' as const } : alg === 'PS256' ? { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {};
    const priv = keys.secret ? undefined : crypto.createPrivateKey(keys.privatePem!);
    const pub = keys.secret ? undefined : crypto.createPublicKey(keys.publicPem!);
    const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
    const signRaw = (input: string): Buffer =>
      keys.secret ? crypto.createHmac('sha256', keys.secret).update(input).digest() : crypto.sign(digest, Buffer.from(input), { key: priv!, ...opts });
    const verifyRaw = (input: string, sig: Buffer): boolean =>
      keys.secret
        ? sig.length === 32 && crypto.timingSafeEqual(crypto.createHmac('sha256', keys.secret).update(input).digest(), sig)
        : crypto.verify(digest, Buffer.from(input), { key: pub!, ...opts }, sig);
    return {
      sign: () => {
        const input = b64(JSON.stringify(kind === 'JWT' ? { alg, typ: 'JWT' } : { alg })) + '.' + b64(kind === 'JWT' ? JSON.stringify(CLAIMS) : JWS_PAYLOAD);
        return input + '.' + signRaw(input).toString('base64url');
      },
      verify: (t) => {
        const a = t.indexOf('.');
        const b = t.indexOf('.', a + 1);
        if (a < 0 || b < 0) throw new Error('malformed');
        if (JSON.parse(Buffer.from(t.slice(0, a), 'base64url').toString()).alg !== alg) throw new Error('alg');
        if (!verifyRaw(t.slice(0, b), Buffer.from(t.slice(b + 1), 'base64url'))) throw new Error('signature');
        const body = Buffer.from(t.slice(a + 1, b), 'base64url');
        if (kind === 'JWS') return new Uint8Array(body);
        const claims = JSON.parse(body.toString());
        if (typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000) throw new Error('exp');
        return claims;
      },
    };
  },
};

export const PEERS: readonly Peer[] = [minimal, fastJwt, panvaJose, jsonWebToken, nodeJosePeer];
