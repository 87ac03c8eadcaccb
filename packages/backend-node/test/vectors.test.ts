/**
 * Every vector in vectors/primitives (made by Python cryptography / python-ecdsa, never by cryptoplug) through
 * createNodeBackend(). Each section collects the ids that disagree and asserts there are none, and that it ran every
 * vector of its file (at least one).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToHex, type Backend } from '@cryptoplug/core';
import { createNodeBackend } from '@cryptoplug/backend-node';
import {
  errorCode,
  hex,
  isPlainBytes,
  privateKey,
  publicKey,
  readJson,
  type EcdhVector,
  type OaepVector,
  type SignatureVector,
  type SymmetricVectors,
} from './helpers.js';

const signatures = readJson<{ tests: SignatureVector[] }>('signatures.json').tests;
const ecdh = readJson<{ tests: EcdhVector[] }>('ecdh.json').tests;
const oaep = readJson<{ tests: OaepVector[] }>('oaep.json').tests;
const sym = readJson<SymmetricVectors>('symmetric.json');

let b: Backend;
before(async () => {
  b = await createNodeBackend();
});

/** Runs `check` on every vector; returns the failures as "id: reason" and asserts the count. */
async function each<T extends { id: string }>(vectors: readonly T[], check: (v: T) => Promise<string | undefined>): Promise<void> {
  assert.ok(vectors.length > 0, 'the section has vectors');
  const failures: string[] = [];
  let ran = 0;
  for (const v of vectors) {
    ran++;
    let problem: string | undefined;
    try {
      problem = await check(v);
    } catch (e) {
      problem = `threw ${e instanceof Error ? `${e.name} ${(e as { code?: string }).code ?? ''} ${e.message}` : String(e)}`;
    }
    if (problem) failures.push(`${v.id}: ${problem}`);
  }
  assert.deepEqual(failures, []);
  assert.equal(ran, vectors.length);
}

const eq = (got: Uint8Array, want: string, what = 'output'): string | undefined =>
  bytesToHex(got) === want ? (isPlainBytes(got) ? undefined : `${what} is not a plain Uint8Array`) : `${what} ${bytesToHex(got)} != ${want}`;

describe('vectors/primitives through the node backend', () => {
  for (const name of ['ECDSA', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'Ed25519'] as const) {
    for (const valid of [true, false]) {
      const vectors = signatures.filter((t) => t.alg.name === name && t.valid === valid);
      it(`signatures.json ${name} ${valid ? 'valid → true' : 'invalid → false'} (${vectors.length})`, async () => {
        await each(vectors, async (t) => {
          const ok = await b.verify(t.alg, publicKey(t.key), hex(t.sig), hex(t.msg));
          return ok === t.valid ? undefined : `verify gave ${ok}`;
        });
      });
    }
  }

  it(`signatures.json: both ECDSA encodings and python-ecdsa signatures are among them`, () => {
    const ecdsa = signatures.filter((t) => t.alg.name === 'ECDSA');
    assert.ok(ecdsa.some((t) => t.alg.name === 'ECDSA' && t.alg.encoding === 'der' && t.valid));
    assert.ok(ecdsa.some((t) => t.alg.name === 'ECDSA' && t.alg.encoding === 'p1363' && t.valid));
    assert.ok(ecdsa.some((t) => t.id.includes('pyecdsa') && t.valid));
  });

  it(`ecdh.json (${ecdh.length})`, async () => {
    await each(ecdh, async (t) => eq(await b.deriveSharedSecret(privateKey(t.privateKey, 'pkcs8.der'), publicKey(t.publicKey, 'spki.pem')), t.shared));
  });

  it(`ecdh.json with JWK-imported keys (${ecdh.length})`, async () => {
    await each(ecdh, async (t) =>
      eq(await b.deriveSharedSecret(privateKey(t.privateKey, 'jwk.json'), publicKey(t.publicKey, 'pub.jwk.json')), t.shared),
    );
  });

  const oaepValid = oaep.filter((t) => t.valid);
  const oaepInvalid = oaep.filter((t) => !t.valid);
  it(`oaep.json valid → plaintext (${oaepValid.length})`, async () => {
    await each(oaepValid, async (t) =>
      eq(await b.oaepDecrypt({ hash: t.hash, ...(t.label === null ? {} : { label: hex(t.label) }) }, privateKey(t.key), hex(t.ciphertext)), t.plaintext),
    );
  });
  it(`oaep.json invalid → ERR_DECRYPTION_FAILED (${oaepInvalid.length})`, async () => {
    await each(oaepInvalid, async (t) => {
      const code = await errorCode(() =>
        b.oaepDecrypt({ hash: t.hash, ...(t.label === null ? {} : { label: hex(t.label) }) }, privateKey(t.key), hex(t.ciphertext)),
      );
      return code === 'ERR_DECRYPTION_FAILED' ? undefined : `code ${code}`;
    });
  });

  it(`symmetric.json digest (${sym.digest.length})`, async () => {
    await each(sym.digest, async (t) => eq(await b.digest(t.hash, hex(t.msg)), t.digest));
  });
  it(`symmetric.json hmac (${sym.hmac.length})`, async () => {
    await each(sym.hmac, async (t) => eq(await b.hmac(t.hash, hex(t.key), hex(t.msg)), t.tag));
  });
  it(`symmetric.json hmacVerify accepts the tag and rejects a flipped one (${sym.hmac.length})`, async () => {
    await each(sym.hmac, async (t) => {
      const tag = hex(t.tag);
      if (!(await b.hmacVerify(t.hash, hex(t.key), hex(t.msg), tag))) return 'rejected the right tag';
      tag[0]! ^= 1;
      return (await b.hmacVerify(t.hash, hex(t.key), hex(t.msg), tag)) ? 'accepted a wrong tag' : undefined;
    });
  });
  it(`symmetric.json aesGcm encrypt (${sym.aesGcm.length})`, async () => {
    await each(sym.aesGcm, async (t) => {
      const r = await b.aesGcmEncrypt(hex(t.key), hex(t.iv), hex(t.plaintext), hex(t.aad));
      return eq(r.ciphertext, t.ciphertext, 'ciphertext') ?? eq(r.tag, t.tag, 'tag');
    });
  });
  it(`symmetric.json aesGcm decrypt (${sym.aesGcm.length})`, async () => {
    await each(sym.aesGcm, async (t) => eq(await b.aesGcmDecrypt(hex(t.key), hex(t.iv), hex(t.ciphertext), hex(t.tag), hex(t.aad)), t.plaintext));
  });
  it(`symmetric.json aesCbc encrypt and decrypt (${sym.aesCbc.length})`, async () => {
    await each(sym.aesCbc, async (t) =>
      eq(await b.aesCbcEncrypt(hex(t.key), hex(t.iv), hex(t.plaintext)), t.ciphertext, 'ciphertext') ??
      eq(await b.aesCbcDecrypt(hex(t.key), hex(t.iv), hex(t.ciphertext)), t.plaintext, 'plaintext'),
    );
  });
  it(`symmetric.json aesKw wrap and unwrap (${sym.aesKw.length})`, async () => {
    await each(sym.aesKw, async (t) =>
      eq(await b.aesKwWrap(hex(t.kek), hex(t.key)), t.wrapped, 'wrapped') ?? eq(await b.aesKwUnwrap(hex(t.kek), hex(t.wrapped)), t.key, 'unwrapped'),
    );
  });
  it(`symmetric.json hkdf (${sym.hkdf.length})`, async () => {
    await each(sym.hkdf, async (t) => eq(await b.hkdf(t.hash, hex(t.ikm), hex(t.salt), hex(t.info), t.length), t.okm));
  });
  it(`symmetric.json pbkdf2 (${sym.pbkdf2.length})`, async () => {
    await each(sym.pbkdf2, async (t) => eq(await b.pbkdf2(t.hash, hex(t.password), hex(t.salt), t.iterations, t.length), t.derived));
  });
});
