/**
 * vectors/primitives suites (made by Python cryptography / python-ecdsa; see vectors/primitives/README.md) → contract
 * calls. Keys come from the committed key files: public keys from `<name>.spki.der`, private keys from
 * `<name>.pkcs8.der`, each imported once per run.
 *
 * - signatures: every vector → verify (valid → true; invalid → false or a CryptoplugError). Each valid vector also
 *   checks sign: `<id>/sign` must reproduce the committed signature byte for byte for the deterministic algorithms
 *   (Ed25519, RSASSA-PKCS1-v1_5); `<id>/sign-verify` is a sign → verify round trip for ECDSA and RSA-PSS, which are
 *   randomized (verify itself being checked against the vectors in the same suite). `<key>/<file>/verify`: the key
 *   imported from each of its files (PEM, DER, JWK, raw; public and private forms) verifies its first valid vector.
 * - ecdh: deriveSharedSecret(private, peer) = shared, from the DER files and (`<id>/jwk`) from the JWK files.
 * - oaep: oaepDecrypt = plaintext (invalid → must throw ERR_DECRYPTION_FAILED, no other code); valid vectors also
 *   round-trip oaepEncrypt → oaepDecrypt.
 * - symmetric: digest, hmac (+ hmacVerify → true, and → false with a flipped tag bit), aesGcm encrypt and decrypt,
 *   aesCbc encrypt and decrypt, aesKw wrap and unwrap, hkdf, pbkdf2 — one test per direction.
 * - keys (core only, backend-independent): every key file imports; the key gives keys.json's public JWK and
 *   thumbprint; SPKI export = `<name>.spki.der`, PKCS#8 export (private keys) = `<name>.pkcs8.der`; re-exporting in the
 *   file's own format (PEM text, JWK, raw hex) gives the file's content.
 */
import {
  CryptoplugError,
  exportDer,
  exportPem,
  exportRaw,
  isPrivateKey,
  isPublicKey,
  jwkFromKey,
  jwkThumbprint,
  type Backend,
  type CapabilityQuery,
  type DerFormat,
  type HashName,
  type ImportOptions,
  type Key,
  type PrivateKey,
  type PublicKey,
  type SignatureAlgorithm,
} from '@cryptoplug/core';
import { DataError, arr, contractCurve, contractHash, fromHex, hex, int, isObject, obj, str, text, type Json } from './data.js';
import { gate, importOnce, wants, withKey, type Ctx, type Imported } from './context.js';
import {
  ACCEPTED,
  customCheck,
  fixedCheck,
  outputCheck,
  showHex,
  verifyCheck,
  type Check,
  type Expected,
  type Outcome,
  type SuiteRecorder,
  type TestInfo,
} from './outcome.js';
import type { LoadedSuites } from './types.js';
import type { SuiteSpec } from './suites.js';

/** keys.json and its files. */
class KeyStore {
  readonly #entries = new Map<string, Json>();
  readonly #files: Record<string, Uint8Array>;
  readonly #public = new Map<string, Imported<PublicKey>>();
  readonly #private = new Map<string, Imported<PrivateKey>>();
  readonly #files2 = new Map<string, Imported<Key>>();

  constructor(data: LoadedSuites['primitiveKeys']) {
    if (!data) throw new DataError('vectors/primitives/keys.json and its key files are not loaded (LoadedSuites.primitiveKeys)');
    for (const [i, e] of arr(obj(data.json, 'keys.json').keys, 'keys.json "keys"').entries()) {
      const entry = obj(e, `keys.json keys[${i}]`);
      this.#entries.set(str(entry, 'name'), entry);
    }
    this.#files = data.files;
  }

  get names(): string[] {
    return [...this.#entries.keys()];
  }

  entry(name: string): Json {
    const e = this.#entries.get(name);
    if (!e) throw new DataError(`key ${name} is not in keys.json`);
    return e;
  }

  /** The bytes of a key file, by the suffix keys.json uses ("spki.der"). */
  file(name: string, suffix: string): Uint8Array {
    const path = str(obj(this.entry(name).files, `${name} "files"`), suffix);
    const bytes = this.#files[path];
    if (!bytes) throw new DataError(`key file ${path} is not loaded`);
    return bytes;
  }

  publicKey(name: string): Imported<PublicKey> {
    let r = this.#public.get(name);
    if (!r) this.#public.set(name, (r = importOnce<PublicKey>(`${name} SPKI`, this.file(name, 'spki.der'), { format: 'der' })));
    return r;
  }

  /** The key file `<name>.<suffix>` imported the way its kind needs (DER, PEM, JWK, raw hex with its curve), once. */
  fromFile(name: string, suffix: string): Imported<Key> {
    const id = `${name}.${suffix}`;
    let r = this.#files2.get(id);
    if (!r) {
      const { input, options } = fileInput(this, name, suffix, this.entry(name));
      this.#files2.set(id, (r = importOnce<Key>(id, input, options)));
    }
    return r;
  }

  privateKey(name: string): Imported<PrivateKey> {
    let r = this.#private.get(name);
    if (!r) this.#private.set(name, (r = importOnce<PrivateKey>(`${name} PKCS#8`, this.file(name, 'pkcs8.der'), { format: 'der' })));
    return r;
  }
}

function info(id: string, comment: string, expected: Expected, valid: string): TestInfo {
  return { id, comment, expected, wants: wants(expected, valid) };
}

/** Runs one vector: data errors become a failure of that vector. */
async function vector(ctx: Ctx, id: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    ctx.rec.fail({ id, comment: 'malformed vector', expected: 'a well-formed vector', got: e.message });
  }
}

function tests(data: unknown, what: string): Json[] {
  return arr(obj(data, what).tests, `${what} "tests"`).map((t, i) => obj(t, `${what} tests[${i}]`));
}

function idOf(t: Json, i: number): string {
  return typeof t.id === 'string' ? t.id : `#${i}`;
}

// ---------------------------------------------------------------- signatures

function signatureAlgorithm(a: Json): { alg: SignatureAlgorithm } | { skip: string } {
  const name = str(a, 'name');
  if (name === 'Ed25519') return { alg: { name } };
  const hashName = str(a, 'hash');
  const hash = contractHash(hashName);
  if (!hash) return { skip: `hash ${hashName} is not in the contract` };
  switch (name) {
    case 'ECDSA': {
      const encoding = str(a, 'encoding');
      if (encoding !== 'p1363' && encoding !== 'der') throw new DataError(`unknown ECDSA encoding ${encoding}`);
      return { alg: { name, hash, encoding } };
    }
    case 'RSASSA-PKCS1-v1_5':
      return { alg: { name, hash } };
    case 'RSA-PSS':
      return { alg: { name, hash, saltLength: int(a, 'saltLength') } };
    default:
      throw new DataError(`unknown signature algorithm ${name}`);
  }
}

function sigQuery(op: 'sign' | 'verify', alg: SignatureAlgorithm, keyEntry: Json): CapabilityQuery {
  if (alg.name === 'Ed25519') return { op, alg: alg.name };
  if (alg.name === 'ECDSA') {
    const curve = contractCurve(str(keyEntry, 'curve'));
    if (!curve || curve === 'X25519') throw new DataError(`ECDSA key ${String(keyEntry.name)} has no NIST curve`);
    return { op, alg: alg.name, curve, hash: alg.hash };
  }
  return { op, alg: alg.name, hash: alg.hash };
}

function describeAlg(alg: SignatureAlgorithm, keyEntry: Json): string {
  const parts: string[] = [alg.name];
  if (alg.name === 'ECDSA') parts.push(String(keyEntry.curve));
  if ('hash' in alg) parts.push(alg.hash);
  if (alg.name === 'RSA-PSS') parts.push(`salt ${alg.saltLength}`);
  return parts.join(' ');
}

async function signatures(ctx: Ctx, data: unknown, keys: KeyStore): Promise<void> {
  const b = ctx.backend;
  for (const [i, t] of tests(data, 'signatures.json').entries()) {
    const id = idOf(t, i);
    await vector(ctx, id, async () => {
      const keyName = str(t, 'key');
      const keyEntry = keys.entry(keyName);
      const a = signatureAlgorithm(obj(t.alg, '"alg"'));
      const valid = t.valid;
      if (typeof valid !== 'boolean') throw new DataError('"valid" is not a boolean');
      const comment = typeof t.comment === 'string' ? t.comment : '';
      if ('skip' in a) {
        ctx.rec.skip(a.skip, valid ? 2 : 1);
        return;
      }
      const alg = a.alg;
      const msg = hex(t, 'msg');
      const sig = hex(t, 'sig');
      const what = describeAlg(alg, keyEntry);
      if (gate(ctx, sigQuery('verify', alg, keyEntry), 1, `backend does not support ${what} (verify)`)) {
        const pub = keys.publicKey(keyName);
        await ctx.rec.record(
          info(id, comment, valid ? 'valid' : 'invalid', 'verify → true'),
          withKey(pub, (k) => [verifyCheck('verify', () => b.verify(alg, k, sig, msg))]),
        );
      }
      if (!valid) return;
      const deterministic = alg.name === 'Ed25519' || alg.name === 'RSASSA-PKCS1-v1_5';
      const signId = `${id}/${deterministic ? 'sign' : 'sign-verify'}`;
      if (!gate(ctx, sigQuery('sign', alg, keyEntry), 1, `backend does not support ${what} (sign)`)) return;
      const priv = keys.privateKey(keyName);
      const pub = keys.publicKey(keyName);
      const checks = withKey(priv, (sk) =>
        withKey(pub, (pk) => [
          deterministic
            ? outputCheck('sign', () => b.sign(alg, sk, msg), sig)
            : customCheck(async (): Promise<Outcome> => {
                const own = await b.sign(alg, sk, msg);
                if (!(own instanceof Uint8Array)) return { kind: 'crash', got: 'sign returned no bytes' };
                const ok = await b.verify(alg, pk, own, msg);
                return ok === true ? ACCEPTED : { kind: 'mismatch', got: `own signature ${showHex(own)} did not verify` };
              }),
        ]),
      );
      await ctx.rec.record(info(signId, `${comment} (sign)`, 'valid', deterministic ? 'the committed signature' : 'a signature that verifies'), checks);
    });
  }
  await keyForms(ctx, data, keys);
}

/**
 * `<key>/<file>/verify`: for every key with a valid vector, the key imported from each of its files (PEM, DER, JWK,
 * raw; public and private forms — a private key verifies through its public half) verifies that vector.
 */
async function keyForms(ctx: Ctx, data: unknown, keys: KeyStore): Promise<void> {
  const firstValid = new Map<string, { t: Json; alg: SignatureAlgorithm }>();
  for (const t of tests(data, 'signatures.json')) {
    if (t.valid !== true || typeof t.key !== 'string' || firstValid.has(t.key) || !isObject(t.alg)) continue;
    const a = signatureAlgorithm(t.alg);
    if ('alg' in a) firstValid.set(t.key, { t, alg: a.alg });
  }
  for (const [keyName, { t, alg }] of firstValid) {
    const keyEntry = keys.entry(keyName);
    for (const suffix of Object.keys(obj(keyEntry.files, `${keyName} "files"`))) {
      const id = `${keyName}/${suffix}/verify`;
      await vector(ctx, id, async () => {
        if (!gate(ctx, sigQuery('verify', alg, keyEntry), 1, `backend does not support ${describeAlg(alg, keyEntry)} (verify)`)) return;
        const [msg, sig] = [hex(t, 'msg'), hex(t, 'sig')];
        await ctx.rec.record(
          info(id, `${String(t.id)} with the key from ${keyName}.${suffix}`, 'valid', 'verify → true'),
          withKey(keys.fromFile(keyName, suffix), (k) =>
            isPrivateKey(k) || isPublicKey(k) ? [verifyCheck('verify', () => ctx.backend.verify(alg, k, sig, msg))] : [fixedCheck({ kind: 'mismatch', got: `a ${k.type} key` })],
          ),
        );
      });
    }
  }
}

// ---------------------------------------------------------------- ecdh, oaep

async function ecdh(ctx: Ctx, data: unknown, keys: KeyStore): Promise<void> {
  for (const [i, t] of tests(data, 'ecdh.json').entries()) {
    const id = idOf(t, i);
    await vector(ctx, id, async () => {
      const curveName = str(t, 'curve');
      const curve = contractCurve(curveName);
      if (!curve) return ctx.rec.skip(`curve ${curveName} is not in the contract`);
      if (!gate(ctx, { op: 'ecdh', curve }, 2, `backend does not support ECDH on ${curve}`)) return;
      const shared = hex(t, 'shared');
      const [privName, pubName] = [str(t, 'privateKey'), str(t, 'publicKey')];
      const derive = (priv: Imported<Key>, pub: Imported<Key>): Check[] =>
        withKey(priv, (sk) =>
          withKey(pub, (pk) =>
            isPrivateKey(sk) && isPublicKey(pk) ? [outputCheck('ECDH', () => ctx.backend.deriveSharedSecret(sk, pk), shared)] : [fixedCheck({ kind: 'mismatch', got: 'wrong key types' })],
          ),
        );
      await ctx.rec.record(
        info(id, `${curve} ${privName} × ${pubName}`, 'valid', 'the exact shared secret'),
        derive(keys.privateKey(privName) as Imported<Key>, keys.publicKey(pubName) as Imported<Key>),
      );
      // The same pair from the JWK files (jwk.json, pub.jwk.json).
      await ctx.rec.record(
        info(`${id}/jwk`, `${curve} ${privName} × ${pubName}, keys from JWK`, 'valid', 'the exact shared secret'),
        derive(keys.fromFile(privName, 'jwk.json'), keys.fromFile(pubName, 'pub.jwk.json')),
      );
    });
  }
}

async function oaep(ctx: Ctx, data: unknown, keys: KeyStore): Promise<void> {
  const b = ctx.backend;
  for (const [i, t] of tests(data, 'oaep.json').entries()) {
    const id = idOf(t, i);
    await vector(ctx, id, async () => {
      const hashName = str(t, 'hash');
      const hash = contractHash(hashName);
      const valid = t.valid;
      if (typeof valid !== 'boolean') throw new DataError('"valid" is not a boolean');
      if (!hash) return ctx.rec.skip(`hash ${hashName} is not in the contract`, valid ? 2 : 1);
      const label = t.label === null || t.label === undefined ? undefined : hex(t, 'label');
      const params = label ? { hash, label } : { hash };
      const hasLabel = (label?.length ?? 0) > 0;
      const keyName = str(t, 'key');
      const plaintext = hex(t, 'plaintext');
      const ciphertext = hex(t, 'ciphertext');
      const comment = typeof t.comment === 'string' ? t.comment : '';
      const what = `RSA-OAEP ${hash}${hasLabel ? ' with a label' : ''}`;
      if (gate(ctx, { op: 'oaepDecrypt', hash, label: hasLabel }, 1, `backend does not support ${what} (decrypt)`)) {
        const priv = keys.privateKey(keyName);
        await ctx.rec.record(
          valid ? info(id, comment, 'valid', 'the exact plaintext') : { id, comment, expected: 'invalid', wants: 'ERR_DECRYPTION_FAILED' },
          withKey(priv, (sk) => [
            valid ? outputCheck('decrypt', () => b.oaepDecrypt(params, sk, ciphertext), plaintext) : failsWith('decrypt', 'ERR_DECRYPTION_FAILED', () => b.oaepDecrypt(params, sk, ciphertext)),
          ]),
        );
      }
      if (!valid) return;
      if (!gate(ctx, { op: 'oaepEncrypt', hash, label: hasLabel }, 1, `backend does not support ${what} (encrypt)`)) return;
      const priv = keys.privateKey(keyName);
      const pub = keys.publicKey(keyName);
      await ctx.rec.record(
        info(`${id}/encrypt-decrypt`, `${comment} (encrypt → decrypt round trip)`, 'valid', 'the plaintext back'),
        withKey(priv, (sk) =>
          withKey(pub, (pk) => [outputCheck('encrypt → decrypt', async () => b.oaepDecrypt(params, sk, await b.oaepEncrypt(params, pk, plaintext)), plaintext)]),
        ),
      );
    });
  }
}

// ---------------------------------------------------------------- symmetric

function section(data: Json, name: string): Json[] {
  return arr(data[name], `symmetric.json "${name}"`).map((t, i) => obj(t, `symmetric.json ${name}[${i}]`));
}

function hashField(t: Json): { hash?: ReturnType<typeof contractHash>; name: string } {
  const name = str(t, 'hash');
  return { hash: contractHash(name), name };
}

async function symmetric(ctx: Ctx, data: unknown): Promise<void> {
  const b = ctx.backend;
  const root = obj(data, 'symmetric.json');
  const one = async (id: string, query: CapabilityQuery | string, reason: string, comment: string, valid: string, checks: () => Check[]): Promise<void> =>
    vector(ctx, id, async () => {
      if (typeof query === 'string') return ctx.rec.skip(query);
      if (!gate(ctx, query, 1, reason)) return;
      await ctx.rec.record(info(id, comment, 'valid', valid), checks());
    });
  const hashQuery = (op: 'digest' | 'hmac' | 'hkdf' | 'pbkdf2', t: Json): CapabilityQuery | string => {
    const { hash, name } = hashField(t);
    return hash ? { op, hash } : `hash ${name} is not in the contract`;
  };

  for (const [i, t] of section(root, 'digest').entries()) {
    const id = `digest/${idOf(t, i)}`;
    await one(id, hashQuery('digest', t), `backend does not support digest ${String(t.hash)}`, `digest ${String(t.hash)}`, 'the exact digest', () => {
      const [hash, msg, digest] = [hashField(t).hash!, hex(t, 'msg'), hex(t, 'digest')];
      return [outputCheck('digest', () => b.digest(hash, msg), digest)];
    });
  }
  for (const [i, t] of section(root, 'hmac').entries()) {
    const id = `hmac/${idOf(t, i)}`;
    const q = hashQuery('hmac', t);
    const reason = `backend does not support HMAC ${String(t.hash)}`;
    const fields = (): [HashName, Uint8Array, Uint8Array, Uint8Array] => [hashField(t).hash!, hex(t, 'key'), hex(t, 'msg'), hex(t, 'tag')];
    await one(id, q, reason, `HMAC ${String(t.hash)}`, 'the exact tag', () => {
      const [hash, key, msg, tag] = fields();
      return [outputCheck('HMAC', () => b.hmac(hash, key, msg), tag)];
    });
    await one(`${id}/verify`, q, reason, `hmacVerify ${String(t.hash)}`, 'hmacVerify → true', () => {
      const [hash, key, msg, tag] = fields();
      return [verifyCheck('hmacVerify', () => b.hmacVerify(hash, key, msg, tag))];
    });
    await vector(ctx, `${id}/verify-flipped`, async () => {
      if (typeof q === 'string') return ctx.rec.skip(q);
      if (!gate(ctx, q, 1, reason)) return;
      const [hash, key, msg, tag] = fields();
      const bad = tag.slice();
      bad[0]! ^= 1;
      await ctx.rec.record({ id: `${id}/verify-flipped`, comment: `hmacVerify ${String(t.hash)}, one bit of the tag flipped`, expected: 'invalid', wants: 'hmacVerify → false' }, [
        customCheck(async (): Promise<Outcome> => {
          const ok: unknown = await b.hmacVerify(hash, key, msg, bad).catch((e: unknown) => (e instanceof CryptoplugError ? `threw ${e.code}` : Promise.reject(e)));
          return ok === false ? { kind: 'rejected', got: 'false' } : { kind: 'mismatch', got: `hmacVerify gave ${String(ok)} (wanted false)` };
        }),
      ]);
    });
  }
  for (const [i, t] of section(root, 'aesGcm').entries()) {
    const id = `aesGcm/${idOf(t, i)}`;
    const reason = 'backend does not support AES-GCM';
    const fields = (): Bytes6 => (['key', 'iv', 'aad', 'plaintext', 'ciphertext', 'tag'] as const).map((f) => hex(t, f)) as Bytes6;
    await one(`${id}/encrypt`, { op: 'aesGcm' }, reason, 'AES-GCM encrypt', 'the exact ciphertext and tag', () => {
      const [key, iv, aad, pt, ct, tag] = fields();
      return [
        customCheck(async () => {
          const r = await b.aesGcmEncrypt(key, iv, pt, aad);
          const got = `ciphertext ${showHex(r.ciphertext)}, tag ${showHex(r.tag)}`;
          return same(r.ciphertext, ct) && same(r.tag, tag) ? ACCEPTED : { kind: 'mismatch', got: `encrypt gave ${got}` };
        }),
      ];
    });
    await one(`${id}/decrypt`, { op: 'aesGcm' }, reason, 'AES-GCM decrypt', 'the exact plaintext', () => {
      const [key, iv, aad, pt, ct, tag] = fields();
      return [outputCheck('decrypt', () => b.aesGcmDecrypt(key, iv, ct, tag, aad), pt)];
    });
  }
  for (const [i, t] of section(root, 'aesCbc').entries()) {
    const id = `aesCbc/${idOf(t, i)}`;
    const reason = 'backend does not support AES-CBC';
    const fields = (): Bytes4 => (['key', 'iv', 'plaintext', 'ciphertext'] as const).map((f) => hex(t, f)) as Bytes4;
    await one(`${id}/encrypt`, { op: 'aesCbc' }, reason, 'AES-CBC encrypt', 'the exact ciphertext', () => {
      const [key, iv, pt, ct] = fields();
      return [outputCheck('encrypt', () => b.aesCbcEncrypt(key, iv, pt), ct)];
    });
    await one(`${id}/decrypt`, { op: 'aesCbc' }, reason, 'AES-CBC decrypt', 'the exact plaintext', () => {
      const [key, iv, pt, ct] = fields();
      return [outputCheck('decrypt', () => b.aesCbcDecrypt(key, iv, ct), pt)];
    });
  }
  for (const [i, t] of section(root, 'aesKw').entries()) {
    const id = `aesKw/${idOf(t, i)}`;
    const reason = 'backend does not support AES-KW';
    const fields = (): [Uint8Array, Uint8Array, Uint8Array] => [hex(t, 'kek'), hex(t, 'key'), hex(t, 'wrapped')];
    await one(`${id}/wrap`, { op: 'aesKw' }, reason, 'AES-KW wrap', 'the exact wrapped key', () => {
      const [kek, key, wrapped] = fields();
      return [outputCheck('wrap', () => b.aesKwWrap(kek, key), wrapped)];
    });
    await one(`${id}/unwrap`, { op: 'aesKw' }, reason, 'AES-KW unwrap', 'the exact key', () => {
      const [kek, key, wrapped] = fields();
      return [outputCheck('unwrap', () => b.aesKwUnwrap(kek, wrapped), key)];
    });
  }
  for (const [i, t] of section(root, 'hkdf').entries()) {
    const id = `hkdf/${idOf(t, i)}`;
    await one(id, hashQuery('hkdf', t), `backend does not support HKDF ${String(t.hash)}`, `HKDF ${String(t.hash)}`, 'the exact output', () => {
      const [hash, ikm, salt, infoBytes, length, okm] = [hashField(t).hash!, hex(t, 'ikm'), hex(t, 'salt'), hex(t, 'info'), int(t, 'length'), hex(t, 'okm')] as const;
      return [outputCheck('HKDF', () => b.hkdf(hash, ikm, salt, infoBytes, length), okm)];
    });
  }
  for (const [i, t] of section(root, 'pbkdf2').entries()) {
    const id = `pbkdf2/${idOf(t, i)}`;
    await one(id, hashQuery('pbkdf2', t), `backend does not support PBKDF2 ${String(t.hash)}`, `PBKDF2 ${String(t.hash)}`, 'the exact output', () => {
      const [hash, password, salt, iterations, length, derived] = [
        hashField(t).hash!, hex(t, 'password'), hex(t, 'salt'), int(t, 'iterations'), int(t, 'length'), hex(t, 'derived'),
      ] as const;
      return [outputCheck('PBKDF2', () => b.pbkdf2(hash, password, salt, iterations, length), derived)];
    });
  }
}

/**
 * An operation that must fail with a CryptoplugError of `code`: that error is the rejection; another code, a success
 * or (as always) a non-cryptoplug throw is not.
 */
function failsWith(what: string, code: string, fn: () => Promise<Uint8Array>): Check {
  return customCheck(async (): Promise<Outcome> => {
    try {
      const out = await fn();
      return { kind: 'mismatch', got: `${what} gave ${out instanceof Uint8Array ? showHex(out) : String(out)}` };
    } catch (e) {
      if (!(e instanceof CryptoplugError)) throw e;
      return e.code === code ? { kind: 'rejected', got: `${e.code}: ${e.message}` } : { kind: 'mismatch', got: `${what} threw ${e.code} instead of ${code}: ${e.message}` };
    }
  });
}

type Bytes4 = [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
type Bytes6 = [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a instanceof Uint8Array && a.length === b.length && a.every((v, i) => v === b[i]);
}

// ---------------------------------------------------------------- keys (core only)

const PRIVATE_FILES = new Set(['pkcs8.pem', 'pkcs8.der', 'jwk.json', 'sec1.pem', 'pkcs1.pem', 'raw-private.hex']);
const PEM_FORMAT: Record<string, DerFormat> = {
  'pkcs8.pem': 'pkcs8',
  'spki.pem': 'spki',
  'sec1.pem': 'sec1',
  'pkcs1.pem': 'pkcs1',
  'pkcs1-pub.pem': 'pkcs1-public',
};

/** JSON with sorted members, for comparing JWKs member by member. */
function canonical(o: Json): string {
  return JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
}

function pemText(s: string): string {
  return s.replace(/\r\n/g, '\n').trim();
}

function sync(what: string, fn: () => Outcome): Check {
  return customCheck(async () => {
    const o = fn();
    return o.kind === 'accepted' || o.kind === 'crash' ? o : { ...o, got: `${what}: ${o.got}` };
  });
}

function bytesCheck(what: string, fn: () => Uint8Array, expected: Uint8Array): Check {
  return sync(what, () => {
    const got = fn();
    return same(got, expected) ? ACCEPTED : { kind: 'mismatch', got: showHex(got) };
  });
}

/** How to import the key file `<name>.<suffix>`: the parsed input (DER bytes, PEM text, JWK object, raw bytes) and options. */
function fileInput(keys: KeyStore, name: string, suffix: string, entry: Json): { input: string | Uint8Array | Json; options: ImportOptions } {
  const bytes = keys.file(name, suffix);
  if (suffix.endsWith('.der')) return { input: bytes, options: { format: 'der' } };
  if (suffix.endsWith('.pem')) return { input: text(bytes, `${name}.${suffix}`), options: { format: 'pem' } };
  if (suffix.endsWith('.json')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text(bytes, `${name}.${suffix}`));
    } catch (e) {
      throw e instanceof DataError ? e : new DataError(`${name}.${suffix} is not JSON`);
    }
    return { input: obj(jwk, `${name}.${suffix}`), options: { format: 'jwk' } };
  }
  if (suffix.endsWith('.hex')) {
    const curve = typeof entry.curve === 'string' ? contractCurve(entry.curve) ?? (entry.curve === 'Ed25519' ? 'Ed25519' : undefined) : undefined;
    if (!curve) throw new DataError(`${name}: raw key file without a known curve`);
    const raw = fromHex(text(bytes, `${name}.${suffix}`).trim(), `${name}.${suffix}`);
    return { input: raw, options: { format: 'raw', curve, private: PRIVATE_FILES.has(suffix) } };
  }
  throw new DataError(`unknown key file kind ${suffix}`);
}

function keyFileChecks(keys: KeyStore, name: string, suffix: string, entry: Json): Check[] {
  const publicJwk = obj(entry.publicJwk, `${name} "publicJwk"`);
  const thumbprint = str(entry, 'thumbprint');
  const spki = keys.file(name, 'spki.der');
  const pkcs8 = keys.file(name, 'pkcs8.der');
  const isPrivate = PRIVATE_FILES.has(suffix);
  const { input, options } = fileInput(keys, name, suffix, entry);

  let ownFormat: ((k: Key) => Check) | undefined;
  const format = PEM_FORMAT[suffix];
  if (typeof input === 'string' && format) {
    ownFormat = (k) =>
      sync(`${format} PEM re-export`, () => {
        const got = exportPem(k, format);
        return pemText(got) === pemText(input) ? ACCEPTED : { kind: 'mismatch', got: JSON.stringify(got.slice(0, 120)) };
      });
  } else if (suffix.endsWith('.json') && !(input instanceof Uint8Array) && typeof input !== 'string') {
    ownFormat = (k) =>
      sync('JWK re-export', () => {
        const got = jwkFromKey(k, { private: isPrivate }) as Json;
        return canonical(got) === canonical(input) ? ACCEPTED : { kind: 'mismatch', got: JSON.stringify(got) };
      });
  } else if (suffix.endsWith('.hex') && input instanceof Uint8Array) {
    const compressed = suffix === 'raw-compressed.hex';
    ownFormat = (k) => bytesCheck('raw re-export', () => exportRaw(k, { compressed, private: isPrivate }), input);
  }

  const imported = importOnce<Key>(`${name}.${suffix}`, input, options);
  return withKey(imported, (k) => {
    const checks: Check[] = [
      sync('key type', () =>
        (isPrivate ? isPrivateKey(k) : isPublicKey(k)) ? ACCEPTED : { kind: 'mismatch', got: `imported a ${k.type} key, expected ${isPrivate ? 'private' : 'public'}` },
      ),
      sync('public JWK', () => {
        if (!isPrivateKey(k) && !isPublicKey(k)) return { kind: 'mismatch', got: `a ${k.type} key` };
        const got = jwkFromKey(k.publicKey()) as Json;
        return canonical(got) === canonical(publicJwk) ? ACCEPTED : { kind: 'mismatch', got: JSON.stringify(got) };
      }),
      sync('thumbprint', () => {
        const got = jwkThumbprint(k);
        return got === thumbprint ? ACCEPTED : { kind: 'mismatch', got };
      }),
      bytesCheck('SPKI export', () => exportDer(k, 'spki'), spki),
    ];
    if (isPrivate) checks.push(bytesCheck('PKCS#8 export', () => exportDer(k, 'pkcs8'), pkcs8));
    if (ownFormat) checks.push(ownFormat(k));
    return checks;
  });
}

async function keyFiles(ctx: Ctx, keys: KeyStore): Promise<void> {
  ctx.rec.claimed = true; // core only: every backend "claims" it
  for (const name of keys.names) {
    const entry = keys.entry(name);
    const files = obj(entry.files, `${name} "files"`);
    for (const suffix of Object.keys(files)) {
      const id = `${name}/${suffix}`;
      await vector(ctx, id, async () => {
        await ctx.rec.record(
          info(id, `${name} from ${suffix}`, 'valid', 'imports; same public JWK, thumbprint, SPKI (and PKCS#8) as committed; own format re-exports byte-exact'),
          keyFileChecks(keys, name, suffix, entry),
        );
      });
    }
  }
}

/** Runs one vectors/primitives suite. */
export async function runVectors(spec: SuiteSpec, backend: Backend, data: unknown, loaded: LoadedSuites, rec: SuiteRecorder): Promise<void> {
  const ctx: Ctx = { backend, rec, concurrency: 1 };
  let keys: KeyStore;
  try {
    keys = new KeyStore(loaded.primitiveKeys);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    rec.fail({ id: 'keys', comment: 'key files missing or malformed', expected: 'vectors/primitives/keys.json and its files', got: e.message });
    return;
  }
  try {
    switch (spec.run.kind) {
      case 'vectors-signatures':
        return await signatures(ctx, data, keys);
      case 'vectors-ecdh':
        return await ecdh(ctx, data, keys);
      case 'vectors-oaep':
        return await oaep(ctx, data, keys);
      case 'vectors-symmetric':
        return await symmetric(ctx, data);
      case 'vectors-keys':
        if (!isObject(data)) throw new DataError('keys.json is not an object');
        return await keyFiles(ctx, keys);
      default:
        throw new DataError(`suite kind ${spec.run.kind} is not a vectors kind`);
    }
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    rec.fail({ id: 'file', comment: 'malformed vectors file', expected: `a well-formed ${spec.file}`, got: e.message });
  }
}
