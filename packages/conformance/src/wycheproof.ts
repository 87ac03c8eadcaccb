/**
 * Wycheproof suites → contract calls. Each test group's parameters become one capability query (checked before any
 * test runs) and, where the group carries a key, one key import shared by all its tests.
 *
 * Mapping (schema → call):
 * - Ecdsa(P1363)Verify: importKey(publicKeyDer) → verify({ECDSA, hash: sha, encoding: 'p1363' | 'der'}).
 * - EddsaVerify:        importKey(publicKeyDer) → verify({Ed25519}).
 * - RsassaPkcs1Verify:  importKey(publicKeyDer) → verify({RSASSA-PKCS1-v1_5, hash}).
 * - RsassaPssVerify:    importKey(publicKeyDer) → verify({RSA-PSS, hash, saltLength: sLen}); mgfSha ≠ sha → skipped.
 * - RsaesOaepDecrypt:   importKey(privateKeyPkcs8) → oaepDecrypt({hash, label}); mgfSha ≠ sha → skipped.
 * - EcdhTest:           raw private scalar (BigInt hex, left-padded to the field size) + SPKI peer → deriveSharedSecret.
 * - EcdhWebcryptoTest:  JWK private + JWK peer → deriveSharedSecret.
 * - XdhComp / XdhPemComp / XdhJwkComp: raw 32-byte / PEM / JWK keys → deriveSharedSecret on X25519.
 * - AeadTest (AES-GCM): valid/acceptable: aesGcmEncrypt gives ct‖tag exactly and aesGcmDecrypt gives msg; invalid:
 *                       aesGcmDecrypt must fail. Tag sizes other than 128 bits are skipped (not in the contract); groups
 *                       whose key size or IV length the backend's capabilities exclude are skipped with the reason.
 * - IndCpaTest (AES-CBC-PKCS5): valid: encrypt gives ct, decrypt gives msg; invalid: decrypt must fail.
 * - KeywrapTest (AES-KW): valid/acceptable: wrap(msg) = ct and unwrap(ct) = msg; invalid: unwrap(ct) must fail when
 *                       ct is given, and wrap(msg) must fail when ct is empty (no wrapping exists) or differ from ct.
 * - MacTest (HMAC):     the full HMAC, truncated to tagSize/8 bytes, compared with tag (a difference is the
 *                       rejection); for full-length tags hmacVerify must agree.
 * - HkdfTest:           hkdf(hash, ikm, salt, info, size) = okm; invalid (oversized output) must throw.
 * - PbeTest (PBES2):    key = pbkdf2(hash, password, salt, iterationCount, AES key size); then as AES-CBC-PKCS5.
 */
import {
  EC,
  HASH_SIZE,
  describeGcmIvBounds,
  type Backend,
  type EcdhCurve,
  type HashName,
  type PrivateKey,
  type PublicKey,
} from '@cryptoplug/core';
import { DataError, arr, contractCurve, contractHash, hex, int, isEc, isObject, obj, str, type Json } from './data.js';
import { ImportCache, gate, importOnce, withKey, wycheproofInfo, type Ctx, type Imported } from './context.js';
import {
  ACCEPTED,
  compareCheck,
  customCheck,
  evaluate,
  outputCheck,
  showHex,
  verifyCheck,
  type Check,
  type Expected,
  type Outcome,
  type SuiteRecorder,
  type TestInfo,
} from './outcome.js';
import type { SuiteFailure } from './types.js';
import type { SuiteKind, SuiteSpec } from './suites.js';

type Group = Json & { tests: Json[] };

/**
 * Runs the tests of a group. Up to `ctx.concurrency` tests are in flight at once (async backends such as WebCrypto
 * spread them over the runtime's thread pool); results are recorded in test order, so reports are deterministic.
 * Malformed test data becomes a failure of that test.
 */
async function eachTest(ctx: Ctx, tests: readonly Json[], valid: string, checks: (t: Json, info: TestInfo) => Check[]): Promise<void> {
  type Prepared = { info: TestInfo; checks: Check[] } | { failure: SuiteFailure };
  const prepared: Prepared[] = tests.map((t) => {
    let info: TestInfo;
    try {
      info = wycheproofInfo(t, valid);
    } catch (e) {
      return { failure: { id: `tcId ${String(t.tcId)}`, comment: 'malformed test', expected: 'a well-formed Wycheproof test', got: String(e) } };
    }
    try {
      return { info, checks: checks(t, info) };
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      return { failure: { id: info.id, comment: info.comment, expected: 'a well-formed Wycheproof test', got: `malformed test data: ${e.message}` } };
    }
  });
  const outcomes: Outcome[] = new Array<Outcome>(prepared.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < prepared.length) {
      const i = next++;
      const p = prepared[i]!;
      if ('checks' in p) outcomes[i] = await evaluate(p.info.expected, p.checks);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency, prepared.length)) }, worker));
  prepared.forEach((p, i) => ('checks' in p ? ctx.rec.apply(p.info, outcomes[i]!) : ctx.rec.fail(p.failure)));
}

function expectedOf(t: Json): Expected {
  return t.result as Expected;
}

function hashOf(g: Json, field = 'sha'): { hash?: HashName; name: string } {
  const name = str(g, field);
  const hash = contractHash(name);
  return hash ? { hash, name } : { name };
}

// ---------------------------------------------------------------- signatures

async function ecdsaGroup(ctx: Ctx, g: Group, encoding: 'p1363' | 'der'): Promise<void> {
  const curveName = str(obj(g.publicKey, 'publicKey'), 'curve');
  const curve = contractCurve(curveName);
  const { hash, name } = hashOf(g);
  if (!curve || !isEc(curve)) return ctx.rec.skip(`curve ${curveName} is not in the contract`, g.tests.length);
  if (!hash) return ctx.rec.skip(`hash ${name} is not in the contract`, g.tests.length);
  if (!gate(ctx, { op: 'verify', alg: 'ECDSA', curve, hash }, g.tests.length, `backend does not support ECDSA ${curve} ${hash}`)) return;
  const key = importOnce<PublicKey>('public key', hex(g, 'publicKeyDer'), { format: 'der' });
  const alg = { name: 'ECDSA', hash, encoding } as const;
  await eachTest(ctx, g.tests, 'verify → true', (t) => {
    const sig = hex(t, 'sig');
    const msg = hex(t, 'msg');
    return withKey(key, (k) => [verifyCheck('verify', () => ctx.backend.verify(alg, k, sig, msg))]);
  });
}

async function eddsaGroup(ctx: Ctx, g: Group): Promise<void> {
  const curve = isObject(g.publicKey) ? g.publicKey.curve : undefined;
  if (curve !== undefined && curve !== 'edwards25519') return ctx.rec.skip(`EdDSA curve ${String(curve)} is not in the contract`, g.tests.length);
  if (!gate(ctx, { op: 'verify', alg: 'Ed25519' }, g.tests.length, 'backend does not support Ed25519')) return;
  const key = importOnce<PublicKey>('public key', hex(g, 'publicKeyDer'), { format: 'der' });
  await eachTest(ctx, g.tests, 'verify → true', (t) => {
    const sig = hex(t, 'sig');
    const msg = hex(t, 'msg');
    return withKey(key, (k) => [verifyCheck('verify', () => ctx.backend.verify({ name: 'Ed25519' }, k, sig, msg))]);
  });
}

async function rsaPkcs1Group(ctx: Ctx, g: Group): Promise<void> {
  const { hash, name } = hashOf(g);
  if (!hash) return ctx.rec.skip(`hash ${name} is not in the contract`, g.tests.length);
  if (!gate(ctx, { op: 'verify', alg: 'RSASSA-PKCS1-v1_5', hash }, g.tests.length, `backend does not support RSASSA-PKCS1-v1_5 ${hash}`)) return;
  const key = importOnce<PublicKey>('public key', hex(g, 'publicKeyDer'), { format: 'der' });
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash } as const;
  await eachTest(ctx, g.tests, 'verify → true', (t) => {
    const sig = hex(t, 'sig');
    const msg = hex(t, 'msg');
    return withKey(key, (k) => [verifyCheck('verify', () => ctx.backend.verify(alg, k, sig, msg))]);
  });
}

/** Skip reasons shared by PSS and OAEP groups: the contract fixes MGF1 with the message hash. */
function mgfSkipReason(g: Json): string | undefined {
  const mgf = str(g, 'mgf');
  if (mgf !== 'MGF1') return `mask generation function ${mgf} is not in the contract`;
  if (str(g, 'mgfSha') !== str(g, 'sha')) return 'MGF1 hash differs from message hash';
  return undefined;
}

async function rsaPssGroup(ctx: Ctx, g: Group): Promise<void> {
  const mgf = mgfSkipReason(g);
  if (mgf) return ctx.rec.skip(mgf, g.tests.length);
  const { hash, name } = hashOf(g);
  if (!hash) return ctx.rec.skip(`hash ${name} is not in the contract`, g.tests.length);
  const saltLength = int(g, 'sLen');
  if (!gate(ctx, { op: 'verify', alg: 'RSA-PSS', hash }, g.tests.length, `backend does not support RSA-PSS ${hash}`)) return;
  const key = importOnce<PublicKey>('public key', hex(g, 'publicKeyDer'), { format: 'der' });
  const alg = { name: 'RSA-PSS', hash, saltLength } as const;
  await eachTest(ctx, g.tests, 'verify → true', (t) => {
    const sig = hex(t, 'sig');
    const msg = hex(t, 'msg');
    return withKey(key, (k) => [verifyCheck('verify', () => ctx.backend.verify(alg, k, sig, msg))]);
  });
}

async function rsaOaepGroup(ctx: Ctx, g: Group): Promise<void> {
  const mgf = mgfSkipReason(g);
  if (mgf) return ctx.rec.skip(mgf, g.tests.length);
  const { hash, name } = hashOf(g);
  if (!hash) return ctx.rec.skip(`hash ${name} is not in the contract`, g.tests.length);
  // Label support is a capability of its own, so the query is per test; the key is still imported once per group.
  const withLabel = g.tests.filter((t) => typeof t.label === 'string' && t.label !== '');
  const plain = g.tests.filter((t) => !withLabel.includes(t));
  let key: Imported<PrivateKey> | undefined;
  const run = async (tests: Json[], label: boolean): Promise<void> => {
    if (tests.length === 0) return;
    const reason = `backend does not support RSA-OAEP ${hash}${label ? ' with a label' : ''}`;
    if (!gate(ctx, { op: 'oaepDecrypt', hash, label }, tests.length, reason)) return;
    key ??= importOnce<PrivateKey>('private key', hex(g, 'privateKeyPkcs8'), { format: 'der' });
    const k = key;
    await eachTest(ctx, tests, 'the exact plaintext', (t) => {
      const params = { hash, label: hex(t, 'label') };
      const ct = hex(t, 'ct');
      const msg = hex(t, 'msg');
      return withKey(k, (sk) => [outputCheck('decrypt', () => ctx.backend.oaepDecrypt(params, sk, ct), msg)]);
    });
  };
  await run(plain, false);
  await run(withLabel, true);
}

// ---------------------------------------------------------------- key agreement

/** Wycheproof's BigInt private scalar (sign byte, or fewer bytes) as the fixed-size big-endian scalar importKey wants. */
function scalarBytes(bytes: Uint8Array, size: number): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  const v = bytes.subarray(i);
  if (v.length >= size) return v; // too long: core rejects it, which is the test's business
  const out = new Uint8Array(size);
  out.set(v, size - v.length);
  return out;
}

async function ecdhGroup(ctx: Ctx, g: Group, keys: 'asn' | 'jwk'): Promise<void> {
  const curveName = str(g, 'curve');
  const curve = contractCurve(curveName);
  if (!curve || !isEc(curve)) return ctx.rec.skip(`curve ${curveName} is not in the contract`, g.tests.length);
  if (!gate(ctx, { op: 'ecdh', curve }, g.tests.length, `backend does not support ECDH on ${curve}`)) return;
  const privates = new ImportCache<PrivateKey>();
  const publics = new ImportCache<PublicKey>();
  const size = EC[curve].size;
  await eachTest(ctx, g.tests, 'the exact shared secret', (t) => {
    const shared = hex(t, 'shared');
    let priv;
    let pub;
    if (keys === 'asn') {
      const d = str(t, 'private');
      const p = str(t, 'public');
      priv = privates.get('private key', d, () => scalarBytes(hex(t, 'private'), size), { format: 'raw', curve, private: true });
      pub = publics.get('public key', p, () => hex(t, 'public'), { format: 'der' });
    } else {
      const d = obj(t.private, '"private"');
      const p = obj(t.public, '"public"');
      priv = privates.get('private key', JSON.stringify(d), () => d);
      pub = publics.get('public key', JSON.stringify(p), () => p);
    }
    return ecdhChecks(ctx, priv, pub, shared);
  });
}

function ecdhChecks(ctx: Ctx, priv: Imported<PrivateKey>, pub: Imported<PublicKey>, shared: Uint8Array): Check[] {
  return withKey(priv, (sk) => withKey(pub, (pk) => [outputCheck('ECDH', () => ctx.backend.deriveSharedSecret(sk, pk), shared)]));
}

async function xdhGroup(ctx: Ctx, g: Group, keys: 'raw' | 'pem' | 'jwk'): Promise<void> {
  const curveName = str(g, 'curve');
  const curve: EcdhCurve | undefined = contractCurve(curveName);
  if (curve !== 'X25519') return ctx.rec.skip(`curve ${curveName} is not in the contract`, g.tests.length);
  if (!gate(ctx, { op: 'ecdh', curve }, g.tests.length, 'backend does not support X25519')) return;
  const privates = new ImportCache<PrivateKey>();
  const publics = new ImportCache<PublicKey>();
  await eachTest(ctx, g.tests, 'the exact shared secret', (t) => {
    const shared = hex(t, 'shared');
    let priv;
    let pub;
    if (keys === 'raw') {
      priv = privates.get('private key', str(t, 'private'), () => hex(t, 'private'), { format: 'raw', curve, private: true });
      pub = publics.get('public key', str(t, 'public'), () => hex(t, 'public'), { format: 'raw', curve });
    } else if (keys === 'pem') {
      const d = str(t, 'private');
      const p = str(t, 'public');
      priv = privates.get('private key', d, () => d, { format: 'pem' });
      pub = publics.get('public key', p, () => p, { format: 'pem' });
    } else {
      const d = obj(t.private, '"private"');
      const p = obj(t.public, '"public"');
      priv = privates.get('private key', JSON.stringify(d), () => d);
      pub = publics.get('public key', JSON.stringify(p), () => p);
    }
    return ecdhChecks(ctx, priv, pub, shared);
  });
}

// ---------------------------------------------------------------- symmetric

async function aesGcmGroup(ctx: Ctx, g: Group): Promise<void> {
  const tagSize = int(g, 'tagSize');
  if (tagSize !== 128) return ctx.rec.skip(`tag size ${tagSize} bits is not in the contract (16-byte tags only)`, g.tests.length);
  if (!gate(ctx, { op: 'aesGcm' }, g.tests.length, 'backend does not support AES-GCM')) return;
  const b = ctx.backend;
  // Key size and IV length are capability data: a group the backend's capabilities exclude is skipped with the reason,
  // not run (its valid tests would be ERR_UNSUPPORTED skips, its invalid ones "correct rejections" that prove nothing).
  // An empty IV (ivSize 0) is outside the contract for every backend: those tests run and must be rejected.
  const keyBits = int(g, 'keySize');
  const ivBytes = int(g, 'ivSize') / 8;
  if ((keyBits === 128 || keyBits === 192 || keyBits === 256) && !b.supports({ op: 'aesGcm', keyBits })) {
    return ctx.rec.skip(`backend does not support AES-GCM with ${keyBits}-bit keys`, g.tests.length);
  }
  if (ivBytes > 0 && !b.supports({ op: 'aesGcm', ivLength: ivBytes })) {
    const bounds = describeGcmIvBounds(b.capabilities().aesGcmIv);
    return ctx.rec.skip(`backend does not support AES-GCM with a ${ivBytes}-byte IV (IVs of ${bounds})`, g.tests.length);
  }
  await eachTest(ctx, g.tests, 'the exact ciphertext, tag and plaintext', (t) => {
    const [key, iv, aad, msg, ct, tag] = (['key', 'iv', 'aad', 'msg', 'ct', 'tag'] as const).map((f) => hex(t, f)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const decrypt = outputCheck('decrypt', () => b.aesGcmDecrypt(key, iv, ct, tag, aad), msg);
    if (expectedOf(t) === 'invalid') return [decrypt];
    const encrypt = customCheck(async () => {
      const r = await b.aesGcmEncrypt(key, iv, msg, aad);
      if (!(r?.ciphertext instanceof Uint8Array) || !(r.tag instanceof Uint8Array)) return { kind: 'crash', got: 'encrypt returned no {ciphertext, tag}' };
      if (equal(r.ciphertext, ct) && equal(r.tag, tag)) return ACCEPTED;
      return { kind: 'mismatch', got: `encrypt gave ciphertext ${showHex(r.ciphertext)}, tag ${showHex(r.tag)}` };
    });
    return [encrypt, decrypt];
  });
}

async function aesCbcGroup(ctx: Ctx, g: Group): Promise<void> {
  if (!gate(ctx, { op: 'aesCbc' }, g.tests.length, 'backend does not support AES-CBC')) return;
  const b = ctx.backend;
  await eachTest(ctx, g.tests, 'the exact ciphertext and plaintext', (t) => {
    const [key, iv, msg, ct] = (['key', 'iv', 'msg', 'ct'] as const).map((f) => hex(t, f)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    return cbcChecks(b, expectedOf(t), () => Promise.resolve(key), iv, msg, ct);
  });
}

function cbcChecks(b: Backend, expected: Expected, key: () => Promise<Uint8Array>, iv: Uint8Array, msg: Uint8Array, ct: Uint8Array): Check[] {
  const decrypt = outputCheck('decrypt', async () => b.aesCbcDecrypt(await key(), iv, ct), msg);
  if (expected === 'invalid') return [decrypt];
  return [outputCheck('encrypt', async () => b.aesCbcEncrypt(await key(), iv, msg), ct), decrypt];
}

async function aesKwGroup(ctx: Ctx, g: Group): Promise<void> {
  if (!gate(ctx, { op: 'aesKw' }, g.tests.length, 'backend does not support AES-KW')) return;
  const b = ctx.backend;
  await eachTest(ctx, g.tests, 'wrap gives ct exactly and unwrap gives msg', (t) => {
    const [kek, msg, ct] = (['key', 'msg', 'ct'] as const).map((f) => hex(t, f)) as [Uint8Array, Uint8Array, Uint8Array];
    const wrap = outputCheck('wrap', () => b.aesKwWrap(kek, msg), ct);
    const unwrap = outputCheck('unwrap', () => b.aesKwUnwrap(kek, ct), msg);
    if (expectedOf(t) !== 'invalid') return [wrap, unwrap];
    // Invalid: the ciphertext must not unwrap (checked whenever there is one, or when msg is empty too: unwrapping
    // nothing must fail). With no ciphertext, msg cannot be wrapped at all, so wrap must throw; with one, a wrap that
    // differs from ct is a correct answer (e.g. a modified IV in ct).
    const checks: Check[] = [];
    if (ct.length > 0 || msg.length === 0) checks.push(unwrap);
    if (msg.length > 0) checks.push(ct.length === 0 ? wrap : compareCheck('wrap', () => b.aesKwWrap(kek, msg), ct));
    return checks;
  });
}

async function hmacGroup(ctx: Ctx, g: Group, hash: HashName): Promise<void> {
  const tagSize = int(g, 'tagSize');
  if (tagSize % 8 !== 0 || tagSize <= 0 || tagSize / 8 > HASH_SIZE[hash]) throw new DataError(`tagSize ${tagSize} does not fit HMAC ${hash}`);
  if (!gate(ctx, { op: 'hmac', hash }, g.tests.length, `backend does not support HMAC ${hash}`)) return;
  const b = ctx.backend;
  const bytes = tagSize / 8;
  const full = bytes === HASH_SIZE[hash];
  await eachTest(ctx, g.tests, `the tag (first ${bytes} bytes of the HMAC)`, (t) => {
    const [key, msg, tag] = (['key', 'msg', 'tag'] as const).map((f) => hex(t, f)) as [Uint8Array, Uint8Array, Uint8Array];
    const checks = [compareCheck('HMAC', async () => (await b.hmac(hash, key, msg)).slice(0, bytes), tag)];
    if (full) checks.push(verifyCheck('hmacVerify', () => b.hmacVerify(hash, key, msg, tag)));
    return checks;
  });
}

async function hkdfGroup(ctx: Ctx, g: Group, hash: HashName): Promise<void> {
  if (!gate(ctx, { op: 'hkdf', hash }, g.tests.length, `backend does not support HKDF ${hash}`)) return;
  const b = ctx.backend;
  await eachTest(ctx, g.tests, 'the exact output key material', (t) => {
    const [ikm, salt, info, okm] = (['ikm', 'salt', 'info', 'okm'] as const).map((f) => hex(t, f)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const size = int(t, 'size');
    return [outputCheck('HKDF', () => b.hkdf(hash, ikm, salt, info, size), okm)];
  });
}

const PBE = /^PbeWithHmac(Sha1|Sha224|Sha256|Sha384|Sha512)AndAes_(128|192|256)$/;

async function pbes2Suite(ctx: Ctx, file: Json, groups: Group[]): Promise<void> {
  const count = groups.reduce((n, g) => n + g.tests.length, 0);
  const algorithm = str(file, 'algorithm');
  const m = PBE.exec(algorithm);
  if (!m) return ctx.rec.skip(`PBE algorithm ${algorithm} does not map to pbkdf2 + aesCbc`, count);
  const hashName = `SHA-${m[1]!.slice(3)}`;
  const hash = contractHash(hashName);
  if (!hash) return ctx.rec.skip(`hash ${hashName} is not in the contract`, count);
  const keyBytes = Number(m[2]) / 8;
  if (!ctx.backend.supports({ op: 'aesCbc' })) return ctx.rec.skip('backend does not support AES-CBC', count);
  if (!gate(ctx, { op: 'pbkdf2', hash }, count, `backend does not support PBKDF2 ${hash}`)) return;
  const b = ctx.backend;
  for (const g of groups) {
    await eachTest(ctx, g.tests, 'the exact ciphertext and plaintext', (t) => {
      const [password, salt, iv, msg, ct] = (['password', 'salt', 'iv', 'msg', 'ct'] as const).map((f) => hex(t, f)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      const iterations = int(t, 'iterationCount');
      let derived: Promise<Uint8Array> | undefined;
      const key = (): Promise<Uint8Array> => (derived ??= b.pbkdf2(hash, password, salt, iterations, keyBytes));
      return cbcChecks(b, expectedOf(t), key, iv, msg, ct);
    });
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

// ---------------------------------------------------------------- the file

/** Runs one Wycheproof file. */
export async function runWycheproof(spec: SuiteSpec, backend: Backend, data: unknown, rec: SuiteRecorder, concurrency: number): Promise<void> {
  const ctx: Ctx = { backend, rec, concurrency };
  const file = obj(data, 'Wycheproof file');
  const groups = arr(file.testGroups, '"testGroups"').map((g, i) => {
    const group = obj(g, `testGroups[${i}]`);
    arr(group.tests, `testGroups[${i}].tests`);
    return group as Group;
  });
  const count = groups.reduce((n, g) => n + g.tests.length, 0);
  if (typeof file.numberOfTests === 'number' && file.numberOfTests !== count) {
    rec.fail({ id: 'file', comment: 'numberOfTests disagrees with the tests present (truncated or edited file?)', expected: `${file.numberOfTests} tests`, got: `${count} tests` });
  }
  const kind: SuiteKind = spec.run;
  if (kind.kind === 'pbes2') return pbes2Suite(ctx, file, groups);
  for (const [i, g] of groups.entries()) {
    try {
      await runGroup(ctx, kind, g);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      rec.fail({ id: `group ${i}`, comment: 'malformed test group', expected: 'a well-formed Wycheproof group', got: e.message });
    }
  }
}

function runGroup(ctx: Ctx, kind: SuiteKind, g: Group): Promise<void> {
  switch (kind.kind) {
    case 'ecdsa':
      return ecdsaGroup(ctx, g, kind.encoding);
    case 'eddsa':
      return eddsaGroup(ctx, g);
    case 'rsa-pkcs1':
      return rsaPkcs1Group(ctx, g);
    case 'rsa-pss':
      return rsaPssGroup(ctx, g);
    case 'rsa-oaep':
      return rsaOaepGroup(ctx, g);
    case 'ecdh':
      return ecdhGroup(ctx, g, kind.keys);
    case 'xdh':
      return xdhGroup(ctx, g, kind.keys);
    case 'aes-gcm':
      return aesGcmGroup(ctx, g);
    case 'aes-cbc':
      return aesCbcGroup(ctx, g);
    case 'aes-kw':
      return aesKwGroup(ctx, g);
    case 'hmac':
      return hmacGroup(ctx, g, kind.hash);
    case 'hkdf':
      return hkdfGroup(ctx, g, kind.hash);
    default:
      throw new DataError(`suite kind ${kind.kind} is not a Wycheproof kind`);
  }
}
