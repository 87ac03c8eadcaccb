/**
 * vectors/primitives suites (made by Python cryptography / python-ecdsa; see vectors/primitives/README.md) → contract
 * calls. Keys come from the committed key files: public keys from `<name>.spki.der`, private keys from
 * `<name>.pkcs8.der`, each imported once per run.
 *
 * - signatures: every vector → verify (valid → true; invalid → false or a CryptoplugError). Each valid vector also
 *   checks sign: `<id>/sign` must reproduce the committed signature byte for byte for the deterministic algorithms
 *   (Ed25519, RSASSA-PKCS1-v1_5); `<id>/sign-verify` is a sign → verify round trip for ECDSA and RSA-PSS, which are
 *   randomized (verify itself being checked against the vectors in the same suite).
 * - ecdh: deriveSharedSecret(private, peer) = shared.
 * - oaep: oaepDecrypt = plaintext (invalid → must throw); valid vectors also round-trip oaepEncrypt → oaepDecrypt.
 * - symmetric: digest, hmac (+ hmacVerify), aesGcm encrypt and decrypt, aesCbc encrypt and decrypt, aesKw wrap and
 *   unwrap, hkdf, pbkdf2 — one test per direction.
 * - keys (core only, backend-independent): every key file imports; the key gives keys.json's public JWK and
 *   thumbprint; SPKI export = `<name>.spki.der`, PKCS#8 export (private keys) = `<name>.pkcs8.der`; re-exporting in the
 *   file's own format (PEM text, JWK, raw hex) gives the file's content.
 */
import {
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
}

// ---------------------------------------------------------------- ecdh, oaep

async function ecdh(ctx: Ctx, data: unknown, keys: KeyStore): Promise<void> {
  for (const [i, t] of tests(data, 'ecdh.json').entries()) {
    const id = idOf(t, i);
    await vector(ctx, id, async () => {
      const curveName = str(t, 'curve');
      const curve = contractCurve(curveName);
      if (!curve) return ctx.rec.skip(`curve ${curveName} is not in the contract`);
      if (!gate(ctx, { op: 'ecdh', curve }, 1, `backend does not support ECDH on ${curve}`)) return;
      const shared = hex(t, 'shared');
      const priv = keys.privateKey(str(t, 'privateKey'));
      const pub = keys.publicKey(str(t, 'publicKey'));
      await ctx.rec.record(
        info(id, `${curve} ${String(t.privateKey)} × ${String(t.publicKey)}`, 'valid', 'the exact shared secret'),
        withKey(priv, (sk) => withKey(pub, (pk) => [outputCheck('ECDH', () => ctx.backend.deriveSharedSecret(sk, pk), shared)])),
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
          info(id, comment, valid ? 'valid' : 'invalid', 'the exact plaintext'),
          withKey(priv, (sk) => [outputCheck('decrypt', () => b.oaepDecrypt(params, sk, ciphertext), plaintext)]),
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

function keyFileChecks(keys: KeyStore, name: string, suffix: string, entry: Json): Check[] {
  const bytes = keys.file(name, suffix);
  const publicJwk = obj(entry.publicJwk, `${name} "publicJwk"`);
  const thumbprint = str(entry, 'thumbprint');
  const spki = keys.file(name, 'spki.der');
  const pkcs8 = keys.file(name, 'pkcs8.der');
  const isPrivate = PRIVATE_FILES.has(suffix);
  const curve = typeof entry.curve === 'string' ? contractCurve(entry.curve) ?? (entry.curve === 'Ed25519' ? 'Ed25519' : undefined) : undefined;

  let input: string | Uint8Array | object;
  let options: Parameters<typeof importOnce>[2];
  let ownFormat: ((k: Key) => Check) | undefined;
  if (suffix.endsWith('.der')) {
    input = bytes;
    options = { format: 'der' };
  } else if (suffix.endsWith('.pem')) {
    const pem = text(bytes, `${name}.${suffix}`);
    input = pem;
    options = { format: 'pem' };
    const format = PEM_FORMAT[suffix];
    if (format) {
      ownFormat = (k) =>
        sync(`${format} PEM re-export`, () => {
          const got = exportPem(k, format);
          return pemText(got) === pemText(pem) ? ACCEPTED : { kind: 'mismatch', got: JSON.stringify(got.slice(0, 120)) };
        });
    }
  } else if (suffix.endsWith('.json')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text(bytes, `${name}.${suffix}`));
    } catch (e) {
      throw e instanceof DataError ? e : new DataError(`${name}.${suffix} is not JSON`);
    }
    const fileJwk = obj(jwk, `${name}.${suffix}`);
    input = fileJwk;
    options = { format: 'jwk' };
    ownFormat = (k) =>
      sync('JWK re-export', () => {
        const got = jwkFromKey(k, { private: isPrivate }) as Json;
        return canonical(got) === canonical(fileJwk) ? ACCEPTED : { kind: 'mismatch', got: JSON.stringify(got) };
      });
  } else if (suffix.endsWith('.hex')) {
    const raw = fromHex(text(bytes, `${name}.${suffix}`).trim(), `${name}.${suffix}`);
    input = raw;
    if (!curve) throw new DataError(`${name}: raw key file without a known curve`);
    options = { format: 'raw', curve, private: isPrivate };
    const compressed = suffix === 'raw-compressed.hex';
    ownFormat = (k) => bytesCheck('raw re-export', () => exportRaw(k, { compressed, private: isPrivate }), raw);
  } else {
    throw new DataError(`unknown key file kind ${suffix}`);
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
