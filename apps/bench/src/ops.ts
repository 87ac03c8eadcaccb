/**
 * The operations and their contestants: every cryptoplug backend through the contract (adapter:NAME), `auto`, and the
 * raw library each backend wraps called directly (raw:NAME), so adapter ÷ raw measures the adapter's overhead.
 */
import crypto from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import forge from 'node-forge';
import { exportRaw, jwkFromKey, signatureQuery, type Backend, type PrivateKey, type SignatureAlgorithm } from '@cryptoplug/core';
import type { Contestant, Operation } from './harness.js';
import { MESSAGE, key, pem } from './keys.js';
import { CEILING, RAW_ONE_BY_ONE, startCeiling } from './ceiling.js';

const subtle = globalThis.crypto.subtle;
const bin = (b: Uint8Array) => forge.util.binary.raw.encode(b);

interface SigSpec {
  id: string;
  alg: SignatureAlgorithm;
  keyName: string;
  nodeAlg: string | null;
  node: crypto.SignKeyObjectInput extends never ? never : Record<string, unknown>;
  webcrypto: { import: EcKeyImportParams | RsaHashedImportParams | Algorithm; sign: Algorithm | EcdsaParams | RsaPssParams };
  noble?: { sign: (m: Uint8Array, d: Uint8Array) => Uint8Array; verify: (s: Uint8Array, m: Uint8Array, p: Uint8Array) => boolean; secret: (k: PrivateKey) => Uint8Array; public: (k: PrivateKey) => Uint8Array };
  forge?: 'rsa-pkcs1' | 'rsa-pss' | 'ed25519';
}

// key bytes through core's deliberate raw export (uncompressed 04‖x‖y for EC; set-up time, outside the timed loops)
const ecPoint = (k: PrivateKey) => exportRaw(k.publicKey());
const secretOf = (k: PrivateKey) => exportRaw(k, { private: true });
const okpPublic = (k: PrivateKey) => exportRaw(k.publicKey());
const noLowS = { lowS: false } as const;

export const SIGNATURES: SigSpec[] = [
  { id: 'ES256', alg: { name: 'ECDSA', hash: 'SHA-256' }, keyName: 'ec-p256', nodeAlg: 'sha256', node: { dsaEncoding: 'ieee-p1363' }, webcrypto: { import: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams }, noble: { sign: (m, d) => p256.sign(m, d), verify: (s, m, p) => p256.verify(s, m, p, noLowS), secret: secretOf, public: ecPoint } },
  { id: 'ES384', alg: { name: 'ECDSA', hash: 'SHA-384' }, keyName: 'ec-p384', nodeAlg: 'sha384', node: { dsaEncoding: 'ieee-p1363' }, webcrypto: { import: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams }, noble: { sign: (m, d) => p384.sign(m, d), verify: (s, m, p) => p384.verify(s, m, p, noLowS), secret: secretOf, public: ecPoint } },
  { id: 'ES512', alg: { name: 'ECDSA', hash: 'SHA-512' }, keyName: 'ec-p521', nodeAlg: 'sha512', node: { dsaEncoding: 'ieee-p1363' }, webcrypto: { import: { name: 'ECDSA', namedCurve: 'P-521' }, sign: { name: 'ECDSA', hash: 'SHA-512' } as EcdsaParams }, noble: { sign: (m, d) => p521.sign(m, d), verify: (s, m, p) => p521.verify(s, m, p, noLowS), secret: secretOf, public: ecPoint } },
  { id: 'EdDSA', alg: { name: 'Ed25519' }, keyName: 'ed25519', nodeAlg: null, node: {}, webcrypto: { import: { name: 'Ed25519' }, sign: { name: 'Ed25519' } }, noble: { sign: (m, d) => ed25519.sign(m, d), verify: (s, m, p) => ed25519.verify(s, m, p), secret: secretOf, public: okpPublic }, forge: 'ed25519' },
  { id: 'RS256', alg: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, keyName: 'rsa-2048', nodeAlg: 'sha256', node: { padding: crypto.constants.RSA_PKCS1_PADDING }, webcrypto: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } }, forge: 'rsa-pkcs1' },
  { id: 'PS256', alg: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, keyName: 'rsa-2048', nodeAlg: 'sha256', node: { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, webcrypto: { import: { name: 'RSA-PSS', hash: 'SHA-256' }, sign: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams }, forge: 'rsa-pss' },
];

/** Independent check of a signature: node:crypto's own verify (or noble for Ed25519 when node lacks nothing — node has it). */
function nodeVerifies(spec: SigSpec, sig: Uint8Array): boolean {
  const pub = crypto.createPublicKey(pem(spec.keyName, 'spki'));
  return crypto.verify(spec.nodeAlg, MESSAGE, { key: pub, ...spec.node } as crypto.VerifyKeyObjectInput, sig);
}

/**
 * The raw contestants: the call each backend makes, with the same work per call as the adapter's library call —
 * same algorithm settings (node: `dsaEncoding: 'ieee-p1363'`, PSS salt 32; noble: prehash with the signature hash,
 * low-S signing, no extra entropy, compact r‖s, `lowS: false` to verify; WebCrypto: the same import parameters), the
 * same input (the 256-byte MESSAGE as a Uint8Array), keys prepared once outside the loop (node: PEM KeyObjects, which
 * OpenSSL holds in the same provider-native form as the adapter's DER-made ones; WebCrypto: CryptoKeys imported once,
 * as the adapter caches its own), and the library's own output form.
 *
 * What the adapter does on top, by the contract, and is therefore measured (not added to the raw side):
 * - it is asynchronous (`Promise` per call, awaited by the harness) where node:crypto, noble and forge are synchronous;
 * - it returns a plain Uint8Array (raw node and forge return a Buffer, WebCrypto an ArrayBuffer);
 * - core's checks: algorithm shape, key class, input types, signature length and P1363 r/s range before verify, the
 *   ECDSA signature length after sign; the key fit and capability gate are answered once per key (signature.ts);
 * - forge Ed25519 verify: the S < L (canonical S) check of backend-forge/eddsa.ts, which forge < 1.4 lacks.
 * None of these is a reason to slow the raw call down; the ratio says what they cost.
 */
function rawSigners(spec: SigSpec): Array<{ name: string; sign: () => unknown; verify: () => unknown; async: boolean; signCheck: () => Promise<boolean>; verifyCheck: () => Promise<boolean> }> {
  const out = [];
  const priv = crypto.createPrivateKey(pem(spec.keyName));
  const pub = crypto.createPublicKey(pem(spec.keyName, 'spki'));
  const fixedSig = crypto.sign(spec.nodeAlg, MESSAGE, { key: priv, ...spec.node } as crypto.SignKeyObjectInput);
  out.push({
    name: 'raw:node',
    async: false,
    sign: () => crypto.sign(spec.nodeAlg, MESSAGE, { key: priv, ...spec.node } as crypto.SignKeyObjectInput),
    verify: () => crypto.verify(spec.nodeAlg, MESSAGE, { key: pub, ...spec.node } as crypto.VerifyKeyObjectInput, fixedSig),
    signCheck: async () => nodeVerifies(spec, crypto.sign(spec.nodeAlg, MESSAGE, { key: priv, ...spec.node } as crypto.SignKeyObjectInput)),
    verifyCheck: async () => crypto.verify(spec.nodeAlg, MESSAGE, { key: pub, ...spec.node } as crypto.VerifyKeyObjectInput, fixedSig),
  });
  const k = key(spec.keyName);
  const wcPriv = subtle.importKey('jwk', jwkFromKey(k, { private: true }) as JsonWebKey, spec.webcrypto.import, false, ['sign']);
  const wcPub = subtle.importKey('jwk', jwkFromKey(k.publicKey()) as JsonWebKey, spec.webcrypto.import, false, ['verify']);
  let wcP: CryptoKey;
  let wcV: CryptoKey;
  const ready = Promise.all([wcPriv, wcPub]).then(([a, b]) => ((wcP = a), (wcV = b)));
  out.push({
    name: 'raw:webcrypto',
    async: true,
    sign: () => subtle.sign(spec.webcrypto.sign, wcP, MESSAGE),
    verify: () => subtle.verify(spec.webcrypto.sign, wcV, fixedSig, MESSAGE),
    signCheck: async () => (await ready, nodeVerifies(spec, new Uint8Array(await subtle.sign(spec.webcrypto.sign, wcP, MESSAGE)))),
    verifyCheck: async () => (await ready, subtle.verify(spec.webcrypto.sign, wcV, fixedSig, MESSAGE)),
  });
  if (spec.noble) {
    const n = spec.noble;
    const d = n.secret(k);
    const p = n.public(k);
    out.push({
      name: 'raw:noble',
      async: false,
      sign: () => n.sign(MESSAGE, d),
      verify: () => n.verify(fixedSig, MESSAGE, p),
      signCheck: async () => nodeVerifies(spec, n.sign(MESSAGE, d)),
      verifyCheck: async () => n.verify(fixedSig, MESSAGE, p),
    });
  }
  if (spec.forge) {
    const msg = bin(MESSAGE);
    const sigBin = bin(fixedSig);
    let sign: () => string | Uint8Array;
    let verify: () => boolean;
    if (spec.forge === 'ed25519') {
      const seed = secretOf(k);
      const kp = forge.pki.ed25519.generateKeyPair({ seed: Buffer.from(seed) as unknown as string });
      // forge takes Uint8Arrays as they are, as the adapter passes them (no Buffer copies per call on this side either)
      sign = () => forge.pki.ed25519.sign({ message: MESSAGE, privateKey: kp.privateKey });
      verify = () => forge.pki.ed25519.verify({ message: MESSAGE, signature: fixedSig, publicKey: kp.publicKey });
    } else {
      const fk = forge.pki.privateKeyFromPem(pem(spec.keyName)) as forge.pki.rsa.PrivateKey;
      const fpub = forge.pki.rsa.setPublicKey(fk.n, fk.e);
      const pss = () => forge.pss.create({ md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha256.create()), saltLength: 32 });
      sign = () => {
        const md = forge.md.sha256.create();
        md.update(msg);
        return spec.forge === 'rsa-pss' ? fk.sign(md, pss()) : fk.sign(md);
      };
      verify = () => {
        const md = forge.md.sha256.create();
        md.update(msg);
        return spec.forge === 'rsa-pss' ? fpub.verify(md.digest().getBytes(), sigBin, pss()) : fpub.verify(md.digest().getBytes(), sigBin);
      };
    }
    out.push({
      name: 'raw:forge',
      async: false,
      sign,
      verify,
      signCheck: async () => {
        const sig = sign();
        return nodeVerifies(spec, typeof sig === 'string' ? new Uint8Array(Buffer.from(sig, 'binary')) : new Uint8Array(sig));
      },
      verifyCheck: async () => verify(),
    });
  }
  return out;
}

export interface Backends {
  readonly members: readonly Backend[];
  readonly auto: Backend;
}

export function signatureOps(b: Backends, only?: (id: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  for (const spec of SIGNATURES) {
    for (const mode of ['sign', 'verify'] as const) {
      const id = `${spec.id} ${mode}`;
      if (only && !only(id)) continue;
      const k = key(spec.keyName);
      const raws = rawSigners(spec);
      const fixed = crypto.sign(spec.nodeAlg, MESSAGE, { key: crypto.createPrivateKey(pem(spec.keyName)), ...spec.node } as crypto.SignKeyObjectInput);
      const contestants: Contestant[] = [];
      for (const backend of [...b.members, b.auto]) {
        if (!backend.supports(signatureQuery(mode, spec.alg, k))) continue;
        const raw = backend.name === 'auto' ? undefined : raws.find((r) => r.name === `raw:${backend.name}`);
        contestants.push({
          name: `adapter:${backend.name}`,
          kind: 'adapter',
          ...(raw ? { baseline: raw.name } : {}),
          async: true,
          run: mode === 'sign' ? () => backend.sign(spec.alg, k, MESSAGE) : () => backend.verify(spec.alg, k.publicKey(), fixed, MESSAGE),
          check: mode === 'sign' ? async () => nodeVerifies(spec, await backend.sign(spec.alg, k, MESSAGE)) : async () => (await backend.verify(spec.alg, k.publicKey(), fixed, MESSAGE)) === true,
        });
      }
      for (const r of raws) {
        contestants.push({ name: r.name, kind: 'raw', async: r.async, run: mode === 'sign' ? r.sign : r.verify, check: mode === 'sign' ? r.signCheck : r.verifyCheck });
      }
      ops.push({ id, group: 'primitive', contestants });
    }
  }
  return ops;
}

export function ecdhOps(b: Backends, only?: (id: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  const specs = [
    { id: 'ECDH P-256', a: 'ec-p256', b: 'ec-p256-b', wc: { name: 'ECDH', namedCurve: 'P-256' } as EcKeyImportParams, bits: 256, noble: (d: Uint8Array, p: Uint8Array) => p256.getSharedSecret(d, p), curve: 'P-256' as const },
    { id: 'ECDH X25519', a: 'x25519', b: 'x25519-b', wc: { name: 'X25519' } as Algorithm, bits: 256, noble: (d: Uint8Array, p: Uint8Array) => x25519.getSharedSecret(d, p), curve: 'X25519' as const },
  ];
  for (const s of specs) {
    if (only && !only(s.id)) continue;
    const ka = key(s.a);
    const kb = key(s.b);
    const nodeA = crypto.createPrivateKey(pem(s.a));
    const nodeB = crypto.createPublicKey(pem(s.b, 'spki'));
    const expected = crypto.diffieHellman({ privateKey: nodeA, publicKey: nodeB });
    const same = (z: Uint8Array) => Buffer.compare(Buffer.from(z), expected) === 0;
    const contestants: Contestant[] = [];
    for (const backend of [...b.members, b.auto]) {
      if (!backend.supports({ op: 'ecdh', curve: s.curve })) continue;
      contestants.push({
        name: `adapter:${backend.name}`,
        kind: 'adapter',
        ...(backend.name !== 'auto' && backend.name !== 'forge' ? { baseline: `raw:${backend.name}` } : {}),
        async: true,
        run: () => backend.deriveSharedSecret(ka, kb.publicKey()),
        check: async () => same(await backend.deriveSharedSecret(ka, kb.publicKey())),
      });
    }
    // Raw: the library's ECDH on keys prepared once, its own output (noble P-256: the 33-byte shared point). The adapter
    // also checks the key classes and curves, the X25519 peer for small order (once per public key), and Z's length.
    contestants.push({ name: 'raw:node', kind: 'raw', run: () => crypto.diffieHellman({ privateKey: nodeA, publicKey: nodeB }), check: () => true });
    let wa: CryptoKey;
    let wb: CryptoKey;
    const ready = Promise.all([
      subtle.importKey('jwk', jwkFromKey(ka, { private: true }) as JsonWebKey, s.wc, false, ['deriveBits']),
      subtle.importKey('jwk', jwkFromKey(kb.publicKey()) as JsonWebKey, s.wc, false, []),
    ]).then(([x, y]) => ((wa = x), (wb = y)));
    contestants.push({
      name: 'raw:webcrypto',
      kind: 'raw',
      async: true,
      run: () => subtle.deriveBits({ name: s.wc.name, public: wb } as EcdhKeyDeriveParams, wa, s.bits),
      check: async () => (await ready, same(new Uint8Array(await subtle.deriveBits({ name: s.wc.name, public: wb } as EcdhKeyDeriveParams, wa, s.bits)))),
    });
    const d = secretOf(ka);
    const pub = s.curve === 'X25519' ? okpPublic(kb) : ecPoint(kb);
    contestants.push({
      name: 'raw:noble',
      kind: 'raw',
      run: () => s.noble(d, pub),
      check: () => {
        const z = s.noble(d, pub);
        return same(s.curve === 'X25519' ? z : z.subarray(1));
      },
    });
    ops.push({ id: s.id, group: 'primitive', contestants });
  }
  return ops;
}

export function oaepOps(b: Backends, only?: (id: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  const k = key('rsa-2048');
  const nodePriv = crypto.createPrivateKey(pem('rsa-2048'));
  const nodePub = crypto.createPublicKey(pem('rsa-2048', 'spki'));
  const pt = MESSAGE.subarray(0, 32);
  const ct = crypto.publicEncrypt({ key: nodePub, oaepHash: 'sha256', padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, pt);
  const decrypts = (c: Uint8Array) => Buffer.compare(crypto.privateDecrypt({ key: nodePriv, oaepHash: 'sha256', padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, c), Buffer.from(pt)) === 0;
  const isPt = (p: Uint8Array | ArrayBuffer) => Buffer.compare(Buffer.from(p as Uint8Array), Buffer.from(pt)) === 0;
  let wPub: CryptoKey;
  let wPriv: CryptoKey;
  const ready = Promise.all([
    subtle.importKey('jwk', jwkFromKey(k.publicKey()) as JsonWebKey, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']),
    subtle.importKey('jwk', jwkFromKey(k, { private: true }) as JsonWebKey, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']),
  ]).then(([x, y]) => ((wPub = x), (wPriv = y)));
  const fk = forge.pki.privateKeyFromPem(pem('rsa-2048')) as forge.pki.rsa.PrivateKey;
  const fpub = forge.pki.rsa.setPublicKey(fk.n, fk.e);
  const fopts = () => ({ md: forge.md.sha256.create(), mgf1: { md: forge.md.sha256.create() } });
  const params = { hash: 'SHA-256' as const };
  for (const mode of ['encrypt', 'decrypt'] as const) {
    const id = `RSA-OAEP-256 ${mode}`;
    if (only && !only(id)) continue;
    const contestants: Contestant[] = [];
    for (const backend of [...b.members, b.auto]) {
      if (!backend.supports({ op: mode === 'encrypt' ? 'oaepEncrypt' : 'oaepDecrypt', hash: 'SHA-256' })) continue;
      contestants.push({
        name: `adapter:${backend.name}`,
        kind: 'adapter',
        ...(backend.name !== 'auto' ? { baseline: `raw:${backend.name}` } : {}),
        async: true,
        run: mode === 'encrypt' ? () => backend.oaepEncrypt(params, k.publicKey(), pt) : () => backend.oaepDecrypt(params, k, ct),
        check: mode === 'encrypt' ? async () => decrypts(await backend.oaepEncrypt(params, k.publicKey(), pt)) : async () => isPt(await backend.oaepDecrypt(params, k, ct)),
      });
    }
    // Raw: SHA-256 for OAEP and MGF1, no label — what the adapter's parameters ({ hash: 'SHA-256' }) ask for.
    const nodeEnc = () => crypto.publicEncrypt({ key: nodePub, oaepHash: 'sha256', padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, pt);
    const nodeDec = () => crypto.privateDecrypt({ key: nodePriv, oaepHash: 'sha256', padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, ct);
    contestants.push({ name: 'raw:node', kind: 'raw', run: mode === 'encrypt' ? nodeEnc : nodeDec, check: () => (mode === 'encrypt' ? decrypts(nodeEnc()) : isPt(nodeDec())) });
    contestants.push({
      name: 'raw:webcrypto',
      kind: 'raw',
      async: true,
      run: mode === 'encrypt' ? () => subtle.encrypt({ name: 'RSA-OAEP' }, wPub, pt) : () => subtle.decrypt({ name: 'RSA-OAEP' }, wPriv, ct),
      check: async () => {
        await ready;
        return mode === 'encrypt' ? decrypts(new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, wPub, pt))) : isPt(await subtle.decrypt({ name: 'RSA-OAEP' }, wPriv, ct));
      },
    });
    const forgeEnc = () => fpub.encrypt(bin(pt), 'RSA-OAEP', fopts());
    const forgeDec = () => fk.decrypt(bin(ct), 'RSA-OAEP', fopts());
    contestants.push({
      name: 'raw:forge',
      kind: 'raw',
      run: mode === 'encrypt' ? forgeEnc : forgeDec,
      check: () => (mode === 'encrypt' ? decrypts(new Uint8Array(Buffer.from(forgeEnc(), 'binary'))) : isPt(new Uint8Array(Buffer.from(forgeDec(), 'binary')))),
    });
    ops.push({ id, group: 'primitive', contestants });
  }
  return ops;
}

const flipped = (s: Uint8Array) => {
  const c = new Uint8Array(s);
  c[c.length >> 1] = c[c.length >> 1]! ^ 1;
  return c;
};

/**
 * Batch verification: verifyMany (thread pool where the backend has one) against one-by-one verify, and the ceiling
 * (raw node:crypto over the same threads, ceiling.ts) against raw one-by-one; verifyMany is also compared with the
 * ceiling. Every run checks its answers (all signatures are valid; a `false` throws and fails the row).
 */
export function batchOps(b: Backends, batchSize: number, only?: (id: string) => boolean): Operation[] {
  const ops: Operation[] = [];
  for (const spec of SIGNATURES.filter((s) => s.id === 'ES256' || s.id === 'EdDSA' || s.id === 'RS256')) {
    const id = `batch-verify ${spec.id} ×${batchSize}`;
    if (only && !only(id)) continue;
    const k = key(spec.keyName);
    const sig = crypto.sign(spec.nodeAlg, MESSAGE, { key: crypto.createPrivateKey(pem(spec.keyName)), ...spec.node } as crypto.SignKeyObjectInput);
    const items = Array.from({ length: batchSize }, () => ({ alg: spec.alg, key: k.publicKey(), signature: sig, data: MESSAGE }));
    const contestants: Contestant[] = [];
    // The ceiling: raw node:crypto over the same threads (see ceiling.ts) against raw node:crypto one by one.
    const pub = crypto.createPublicKey(pem(spec.keyName, 'spki'));
    const rawInput = { key: pub, ...spec.node } as crypto.VerifyKeyObjectInput;
    const ceiling = startCeiling(spec.nodeAlg, pub, spec.node, MESSAGE, sig);
    contestants.push({
      name: RAW_ONE_BY_ONE,
      kind: 'raw',
      opsPerRun: batchSize,
      run: () => {
        let ok = 0;
        for (let i = 0; i < batchSize; i++) if (crypto.verify(spec.nodeAlg, MESSAGE, rawInput, sig)) ok++;
        if (ok !== batchSize) throw new Error('raw one-by-one: a valid signature failed');
      },
      check: () => crypto.verify(spec.nodeAlg, MESSAGE, rawInput, sig) && !crypto.verify(spec.nodeAlg, MESSAGE, rawInput, flipped(sig)),
    });
    contestants.push({
      name: CEILING,
      kind: 'batch',
      baseline: RAW_ONE_BY_ONE,
      opsPerRun: batchSize,
      run: () => {
        if (ceiling.run(batchSize) !== batchSize) throw new Error('ceiling: a valid signature failed');
      },
      check: () => ceiling.run(batchSize) === batchSize,
    });
    for (const backend of [...b.members, b.auto]) {
      if (!backend.supports(signatureQuery('verify', spec.alg, k))) continue;
      const oneByOne = `one-by-one:${backend.name}`;
      contestants.push({
        name: oneByOne,
        kind: 'adapter',
        async: true,
        opsPerRun: batchSize,
        run: async () => {
          for (const it of items) await backend.verify(it.alg, it.key, it.signature, it.data);
        },
        check: async () => (await backend.verify(spec.alg, k.publicKey(), sig, MESSAGE)) === true,
      });
      contestants.push({
        name: `verifyMany:${backend.name}`,
        kind: 'batch',
        baseline: oneByOne,
        compare: [CEILING],
        async: true,
        opsPerRun: batchSize,
        run: () => backend.verifyMany(items),
        check: async () => (await backend.verifyMany(items)).every((v) => v === true),
      });
    }
    ops.push({ id, group: 'batch', contestants });
  }
  return ops;
}
