/**
 * The benchmark's operations in a browser: the same operation ids, contestant names and kinds as apps/bench
 * (src/ops.ts, src/jose-ops.ts), so a browser run and a Node run line up side by side, measured by apps/bench's own
 * harness (interleaved rounds, warm-up per slot, median and spread; `@cryptoplug/bench/harness`).
 *
 * What differs from the Node app, because a browser has no node:crypto:
 * - contestants: every backend that loads here through the contract (`adapter:NAME`) and `auto`, against the raw
 *   library each wraps (`raw:webcrypto` = `crypto.subtle` awaited, `raw:noble` = @noble/curves, `raw:forge` =
 *   node-forge); cryptoplug JOSE per backend and on `auto` against panva `jose`;
 * - the judge: every contestant's result is checked once before timing by WebCrypto itself (signature verification,
 *   decryption, ECDH), or — for an algorithm this browser's WebCrypto lacks — by @noble/curves; JOSE results by panva
 *   `jose` (and `jose`'s own by cryptoplug on `auto`), as apps/bench does.
 * Batch verification (`verifyMany`) is left to the Node app: in a browser it is the same awaited calls.
 */
import { p256, p384 } from '@noble/curves/nist.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import forge from 'node-forge';
import * as panva from 'jose';
import { exportRaw, jwkFromKey, signatureQuery, type Backend, type PrivateKey, type SignatureAlgorithm } from '@cryptoplug/core';
import { signCompact, signJwt, verifyCompact, verifyJwt } from '@cryptoplug/jose';
import type { Contestant, Operation } from '@cryptoplug/bench/harness';

/** A 256-byte message: the typical size of a JWS signing input (the same bytes as apps/bench's). */
export const MESSAGE = new Uint8Array(256).map((_, i) => (i * 7 + 3) & 0xff);

export interface BenchKeys {
  /** The committed vectors/primitives keys by name (`ec-p256`, `ec-p256-b`, `ec-p384`, `ed25519`, `x25519`, `x25519-b`, `rsa-2048`). */
  key(name: string): PrivateKey;
  /** Their PKCS#8 PEM (for node-forge). */
  pem(name: string): string;
}

export interface Backends {
  readonly members: readonly Backend[];
  readonly auto: Backend;
}

const subtle = globalThis.crypto.subtle;
/** The DOM typings want ArrayBuffer-backed views; every view here is one. */
const buf = (u: Uint8Array) => u as Uint8Array<ArrayBuffer>;
const bin = (b: Uint8Array) => forge.util.binary.raw.encode(b);
const unbin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const same = (a: Uint8Array | ArrayBuffer, b: Uint8Array) => {
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
};
const secretOf = (k: PrivateKey) => exportRaw(k, { private: true });
const okpPublic = (k: PrivateKey) => exportRaw(k.publicKey());
// key bytes through core's deliberate raw export (uncompressed 04‖x‖y for EC; set-up time, outside the timed loops)
const ecPoint = (k: PrivateKey) => exportRaw(k.publicKey());

type WcImport = EcKeyImportParams | RsaHashedImportParams | Algorithm;
type WcSign = Algorithm | EcdsaParams | RsaPssParams;

interface SigSpec {
  id: 'ES256' | 'ES384' | 'EdDSA' | 'RS256' | 'PS256';
  alg: SignatureAlgorithm;
  keyName: string;
  webcrypto: { import: WcImport; sign: WcSign };
  noble?: { sign: (m: Uint8Array, d: Uint8Array) => Uint8Array; verify: (s: Uint8Array, m: Uint8Array, p: Uint8Array) => boolean; public: (k: PrivateKey) => Uint8Array };
  forge?: 'rsa-pkcs1' | 'rsa-pss' | 'ed25519';
}

const noLowS = { lowS: false } as const;

export const SIGNATURES: readonly SigSpec[] = [
  { id: 'ES256', alg: { name: 'ECDSA', hash: 'SHA-256' }, keyName: 'ec-p256', webcrypto: { import: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams }, noble: { sign: (m, d) => p256.sign(m, d), verify: (s, m, p) => p256.verify(s, m, p, noLowS), public: ecPoint } },
  { id: 'ES384', alg: { name: 'ECDSA', hash: 'SHA-384' }, keyName: 'ec-p384', webcrypto: { import: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams }, noble: { sign: (m, d) => p384.sign(m, d), verify: (s, m, p) => p384.verify(s, m, p, noLowS), public: ecPoint } },
  { id: 'EdDSA', alg: { name: 'Ed25519' }, keyName: 'ed25519', webcrypto: { import: { name: 'Ed25519' }, sign: { name: 'Ed25519' } }, noble: { sign: (m, d) => ed25519.sign(m, d), verify: (s, m, p) => ed25519.verify(s, m, p), public: okpPublic }, forge: 'ed25519' },
  { id: 'RS256', alg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, keyName: 'rsa-2048', webcrypto: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } }, forge: 'rsa-pkcs1' },
  { id: 'PS256', alg: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, keyName: 'rsa-2048', webcrypto: { import: { name: 'RSA-PSS', hash: 'SHA-256' }, sign: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams }, forge: 'rsa-pss' },
];

/** WebCrypto keys of a spec, or undefined when this browser's WebCrypto lacks the algorithm. */
async function webcryptoKeys(k: PrivateKey, imp: WcImport, usages: [KeyUsage[], KeyUsage[]]): Promise<{ priv: CryptoKey; pub: CryptoKey } | undefined> {
  try {
    const [priv, pub] = await Promise.all([
      subtle.importKey('jwk', jwkFromKey(k, { private: true }) as JsonWebKey, imp, false, usages[0]),
      subtle.importKey('jwk', jwkFromKey(k.publicKey()) as JsonWebKey, imp, false, usages[1]),
    ]);
    return { priv, pub };
  } catch {
    return undefined;
  }
}

interface Raw {
  name: string;
  async: boolean;
  sign: () => unknown;
  verify: () => unknown;
  signCheck: () => Promise<boolean>;
  verifyCheck: () => Promise<boolean>;
}

/** Everything one signature spec needs: keys, a reference signature and the judge. */
async function prepareSignature(spec: SigSpec, keys: BenchKeys) {
  const k = keys.key(spec.keyName);
  const wc = await webcryptoKeys(k, spec.webcrypto.import, [['sign'], ['verify']]);
  const n = spec.noble;
  // The judge: WebCrypto, or noble where this browser's WebCrypto lacks the algorithm (RSA is in every WebCrypto).
  const judge = async (sig: Uint8Array): Promise<boolean> => {
    if (wc) return subtle.verify(spec.webcrypto.sign, wc.pub, buf(sig), MESSAGE);
    if (n) return n.verify(sig, MESSAGE, n.public(k));
    throw new Error(`no independent verifier for ${spec.id} in this browser`);
  };
  let fixed: Uint8Array;
  if (wc) fixed = new Uint8Array(await subtle.sign(spec.webcrypto.sign, wc.priv, MESSAGE));
  else if (n) fixed = n.sign(MESSAGE, secretOf(k));
  else throw new Error(`no reference signer for ${spec.id} in this browser`);
  return { k, wc, judge, fixed };
}

function rawSigners(spec: SigSpec, keys: BenchKeys, p: Awaited<ReturnType<typeof prepareSignature>>): Raw[] {
  const out: Raw[] = [];
  const { k, wc, judge, fixed } = p;
  if (wc) {
    out.push({
      name: 'raw:webcrypto',
      async: true,
      sign: () => subtle.sign(spec.webcrypto.sign, wc.priv, MESSAGE),
      verify: () => subtle.verify(spec.webcrypto.sign, wc.pub, buf(fixed), MESSAGE),
      signCheck: async () => judge(new Uint8Array(await subtle.sign(spec.webcrypto.sign, wc.priv, MESSAGE))),
      verifyCheck: async () => subtle.verify(spec.webcrypto.sign, wc.pub, buf(fixed), MESSAGE),
    });
  }
  if (spec.noble) {
    const n = spec.noble;
    const d = secretOf(k);
    const pub = n.public(k);
    out.push({
      name: 'raw:noble',
      async: false,
      sign: () => n.sign(MESSAGE, d),
      verify: () => n.verify(fixed, MESSAGE, pub),
      signCheck: async () => judge(n.sign(MESSAGE, d)),
      verifyCheck: async () => n.verify(fixed, MESSAGE, pub),
    });
  }
  if (spec.forge) {
    let sign: () => Uint8Array;
    let verify: () => boolean;
    if (spec.forge === 'ed25519') {
      const kp = forge.pki.ed25519.generateKeyPair({ seed: secretOf(k) as unknown as string });
      sign = () => new Uint8Array(forge.pki.ed25519.sign({ message: MESSAGE, privateKey: kp.privateKey }));
      verify = () => forge.pki.ed25519.verify({ message: MESSAGE, signature: fixed, publicKey: kp.publicKey });
    } else {
      const fk = forge.pki.privateKeyFromPem(keys.pem(spec.keyName)) as forge.pki.rsa.PrivateKey;
      const fpub = forge.pki.rsa.setPublicKey(fk.n, fk.e);
      const msg = bin(MESSAGE);
      const sigBin = bin(fixed);
      const pss = () => forge.pss.create({ md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha256.create()), saltLength: 32 });
      sign = () => {
        const md = forge.md.sha256.create();
        md.update(msg);
        return unbin(spec.forge === 'rsa-pss' ? fk.sign(md, pss()) : fk.sign(md));
      };
      verify = () => {
        const md = forge.md.sha256.create();
        md.update(msg);
        return spec.forge === 'rsa-pss' ? fpub.verify(md.digest().getBytes(), sigBin, pss()) : fpub.verify(md.digest().getBytes(), sigBin);
      };
    }
    out.push({ name: 'raw:forge', async: false, sign, verify, signCheck: async () => judge(sign()), verifyCheck: async () => verify() });
  }
  return out;
}

export async function signatureOps(b: Backends, keys: BenchKeys, only?: (id: string) => boolean): Promise<Operation[]> {
  const ops: Operation[] = [];
  for (const spec of SIGNATURES) {
    const modes = (['sign', 'verify'] as const).filter((mode) => !only || only(`${spec.id} ${mode}`));
    if (modes.length === 0) continue;
    const p = await prepareSignature(spec, keys);
    const raws = rawSigners(spec, keys, p);
    for (const mode of modes) {
      const contestants: Contestant[] = [];
      for (const backend of [...b.members, b.auto]) {
        if (!backend.supports(signatureQuery(mode, spec.alg, p.k))) continue;
        const raw = backend.name === 'auto' ? undefined : raws.find((r) => r.name === `raw:${backend.name}`);
        contestants.push({
          name: `adapter:${backend.name}`,
          kind: 'adapter',
          ...(raw ? { baseline: raw.name } : {}),
          async: true,
          run: mode === 'sign' ? () => backend.sign(spec.alg, p.k, MESSAGE) : () => backend.verify(spec.alg, p.k.publicKey(), p.fixed, MESSAGE),
          check: mode === 'sign' ? async () => p.judge(await backend.sign(spec.alg, p.k, MESSAGE)) : async () => (await backend.verify(spec.alg, p.k.publicKey(), p.fixed, MESSAGE)) === true,
        });
      }
      for (const r of raws) contestants.push({ name: r.name, kind: 'raw', async: r.async, run: mode === 'sign' ? r.sign : r.verify, check: mode === 'sign' ? r.signCheck : r.verifyCheck });
      ops.push({ id: `${spec.id} ${mode}`, group: 'primitive', contestants });
    }
  }
  return ops;
}

export async function ecdhOps(b: Backends, keys: BenchKeys, only?: (id: string) => boolean): Promise<Operation[]> {
  const ops: Operation[] = [];
  const specs = [
    { id: 'ECDH P-256', a: 'ec-p256', b: 'ec-p256-b', wc: { name: 'ECDH', namedCurve: 'P-256' } as EcKeyImportParams, noble: (d: Uint8Array, p: Uint8Array) => p256.getSharedSecret(d, p).subarray(1), curve: 'P-256' as const },
    { id: 'ECDH X25519', a: 'x25519', b: 'x25519-b', wc: { name: 'X25519' } as Algorithm, noble: (d: Uint8Array, p: Uint8Array) => x25519.getSharedSecret(d, p), curve: 'X25519' as const },
  ];
  for (const s of specs) {
    if (only && !only(s.id)) continue;
    const ka = keys.key(s.a);
    const kb = keys.key(s.b);
    const d = secretOf(ka);
    const pub = s.curve === 'X25519' ? okpPublic(kb) : ecPoint(kb);
    let wa: CryptoKey | undefined;
    let wb: CryptoKey | undefined;
    try {
      [wa, wb] = await Promise.all([
        subtle.importKey('jwk', jwkFromKey(ka, { private: true }) as JsonWebKey, s.wc, false, ['deriveBits']),
        subtle.importKey('jwk', jwkFromKey(kb.publicKey()) as JsonWebKey, s.wc, false, []),
      ]);
    } catch {
      wa = wb = undefined; // this browser's WebCrypto lacks the curve: noble judges
    }
    const derive = (x: CryptoKey, y: CryptoKey) => subtle.deriveBits({ name: s.wc.name, public: y } as EcdhKeyDeriveParams, x, 256);
    const expected = wa && wb ? new Uint8Array(await derive(wa, wb)) : s.noble(d, pub);
    const contestants: Contestant[] = [];
    for (const backend of [...b.members, b.auto]) {
      if (!backend.supports({ op: 'ecdh', curve: s.curve })) continue;
      contestants.push({
        name: `adapter:${backend.name}`,
        kind: 'adapter',
        ...(backend.name === 'webcrypto' && wa ? { baseline: 'raw:webcrypto' } : backend.name === 'noble' ? { baseline: 'raw:noble' } : {}),
        async: true,
        run: () => backend.deriveSharedSecret(ka, kb.publicKey()),
        check: async () => same(await backend.deriveSharedSecret(ka, kb.publicKey()), expected),
      });
    }
    if (wa && wb) {
      const [x, y] = [wa, wb];
      contestants.push({ name: 'raw:webcrypto', kind: 'raw', async: true, run: () => derive(x, y), check: async () => same(await derive(x, y), expected) });
    }
    contestants.push({ name: 'raw:noble', kind: 'raw', run: () => s.noble(d, pub), check: () => same(s.noble(d, pub), expected) });
    ops.push({ id: s.id, group: 'primitive', contestants });
  }
  return ops;
}

export async function oaepOps(b: Backends, keys: BenchKeys, only?: (id: string) => boolean): Promise<Operation[]> {
  const modes = (['encrypt', 'decrypt'] as const).filter((m) => !only || only(`RSA-OAEP-256 ${m}`));
  if (modes.length === 0) return [];
  const k = keys.key('rsa-2048');
  const pt = MESSAGE.subarray(0, 32);
  const alg = { name: 'RSA-OAEP', hash: 'SHA-256' };
  const [wPub, wPriv] = await Promise.all([
    subtle.importKey('jwk', jwkFromKey(k.publicKey()) as JsonWebKey, alg, false, ['encrypt']),
    subtle.importKey('jwk', jwkFromKey(k, { private: true }) as JsonWebKey, alg, false, ['decrypt']),
  ]);
  // The judge: WebCrypto decrypts what a contestant encrypted; the ciphertext every decryptor gets is WebCrypto's.
  const decrypts = async (c: Uint8Array | ArrayBuffer) => same(await subtle.decrypt({ name: 'RSA-OAEP' }, wPriv, c instanceof Uint8Array ? buf(c) : new Uint8Array(c)), pt);
  const ct = new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, wPub, pt));
  const fk = forge.pki.privateKeyFromPem(keys.pem('rsa-2048')) as forge.pki.rsa.PrivateKey;
  const fpub = forge.pki.rsa.setPublicKey(fk.n, fk.e);
  const fopts = () => ({ md: forge.md.sha256.create(), mgf1: { md: forge.md.sha256.create() } });
  const params = { hash: 'SHA-256' as const };
  const ops: Operation[] = [];
  for (const mode of modes) {
    const contestants: Contestant[] = [];
    for (const backend of [...b.members, b.auto]) {
      if (!backend.supports({ op: mode === 'encrypt' ? 'oaepEncrypt' : 'oaepDecrypt', hash: 'SHA-256' })) continue;
      contestants.push({
        name: `adapter:${backend.name}`,
        kind: 'adapter',
        ...(backend.name === 'webcrypto' || backend.name === 'forge' ? { baseline: `raw:${backend.name}` } : {}),
        async: true,
        run: mode === 'encrypt' ? () => backend.oaepEncrypt(params, k.publicKey(), pt) : () => backend.oaepDecrypt(params, k, ct),
        check: mode === 'encrypt' ? async () => decrypts(await backend.oaepEncrypt(params, k.publicKey(), pt)) : async () => same(await backend.oaepDecrypt(params, k, ct), pt),
      });
    }
    const wEnc = () => subtle.encrypt({ name: 'RSA-OAEP' }, wPub, pt);
    const wDec = () => subtle.decrypt({ name: 'RSA-OAEP' }, wPriv, ct);
    contestants.push({
      name: 'raw:webcrypto',
      kind: 'raw',
      async: true,
      run: mode === 'encrypt' ? wEnc : wDec,
      check: mode === 'encrypt' ? async () => decrypts(await wEnc()) : async () => same(await wDec(), pt),
    });
    const forgeEnc = () => fpub.encrypt(bin(pt), 'RSA-OAEP', fopts());
    const forgeDec = () => fk.decrypt(bin(ct), 'RSA-OAEP', fopts());
    contestants.push({
      name: 'raw:forge',
      kind: 'raw',
      run: mode === 'encrypt' ? forgeEnc : forgeDec,
      check: mode === 'encrypt' ? async () => decrypts(unbin(forgeEnc())) : () => same(unbin(forgeDec()), pt),
    });
    ops.push({ id: `RSA-OAEP-256 ${mode}`, group: 'primitive', contestants });
  }
  return ops;
}

const JOSE_SPECS = [
  { alg: 'ES256', keyName: 'ec-p256', query: { op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' } },
  { alg: 'EdDSA', keyName: 'ed25519', query: { op: 'sign', alg: 'Ed25519' } },
  { alg: 'RS256', keyName: 'rsa-2048', query: { op: 'sign', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } },
] as const;

const CLAIMS = { sub: 'device-42', iss: 'https://issuer.example', aud: 'cryptoplug-bench', scope: 'read write', n: 12345 };

/** cryptoplug JOSE on every backend and on `auto` against panva `jose` (apps/bench/src/jose-ops.ts, in a browser). */
export async function joseOps(b: Backends, keys: BenchKeys, only?: (id: string) => boolean): Promise<Operation[]> {
  const ops: Operation[] = [];
  for (const spec of JOSE_SPECS) {
    const ids = (['JWS', 'JWT'] as const).flatMap((kind) => (['sign', 'verify'] as const).map((mode) => ({ kind, mode, id: `${kind} ${spec.alg} ${mode}` })));
    const wanted = ids.filter((x) => !only || only(x.id));
    if (wanted.length === 0) continue;
    const k = keys.key(spec.keyName);
    let pPriv: panva.CryptoKey | Uint8Array;
    let pPub: panva.CryptoKey | Uint8Array;
    try {
      [pPriv, pPub] = await Promise.all([
        panva.importJWK(jwkFromKey(k, { private: true }) as panva.JWK, spec.alg),
        panva.importJWK(jwkFromKey(k.publicKey()) as panva.JWK, spec.alg),
      ]);
    } catch {
      continue; // panva jose runs on WebCrypto only: without the algorithm there is no reference to compare with
    }
    const refJws = await new panva.CompactSign(MESSAGE).setProtectedHeader({ alg: spec.alg }).sign(pPriv);
    const refJwt = await new panva.SignJWT(CLAIMS).setProtectedHeader({ alg: spec.alg }).setIssuedAt().sign(pPriv);
    const members: Backend[] = [...b.members, b.auto].filter((x) => x.supports(spec.query as never));
    for (const { kind, mode, id } of wanted) {
      const refToken = kind === 'JWS' ? refJws : refJwt;
      const contestants: Contestant[] = [];
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
                const t = await sign();
                return kind === 'JWS' ? (await panva.compactVerify(t, pPub)).payload.length === MESSAGE.length : (await panva.jwtVerify(t, pPub)).payload.sub === CLAIMS.sub;
              }
            : async () => {
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
  return ops;
}

export async function planOperations(b: Backends, keys: BenchKeys, onlyFilter?: string): Promise<Operation[]> {
  const filters = onlyFilter?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const only = filters?.length ? (id: string) => filters.some((f) => id.toLowerCase().includes(f)) : undefined;
  return [
    ...(await signatureOps(b, keys, only)),
    ...(await ecdhOps(b, keys, only)),
    ...(await oaepOps(b, keys, only)),
    ...(await joseOps(b, keys, only)),
  ];
}
