/**
 * Encrypted private keys (src/keys/encrypted.ts) against keys encrypted by other implementations: pycryptodome,
 * openssl and cryptography (vectors/jose/encrypted-keys.json, made by vectors/jose/generate.py) and node:crypto
 * (OpenSSL in-process) in both directions.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { formatPem, importKey, jwkFromKey, parsePem, utf8, type Key } from '../src/index.js';
import { decodeEncryptedKey, encryptPkcs8, evpBytesToKey } from '../src/keys/encrypted.js';
import { repoRoot } from './helpers.js';

/** Asserts a failure with this error code (the errors here come from src/, so no instanceof against dist classes). */
async function rejectsWith(fn: () => unknown, code: string): Promise<void> {
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, `expected ${code}, but it succeeded`);
  assert.equal((error as { code?: string }).code, code, `expected ${code}, got ${String(error)}`);
  assert.ok(!error.message.includes('\n'));
}

const vectors = JSON.parse(readFileSync(join(repoRoot(), 'vectors', 'jose', 'encrypted-keys.json'), 'utf8')) as {
  cases: Array<{ id: string; source: string; pem: string; passphrase: string | null; public_jwk: Record<string, string>; expect: { valid: boolean; code?: string } }>;
};

function publicMembers(key: Key): Record<string, unknown> {
  const jwk = jwkFromKey(key.type === 'private' ? key.publicKey() : key) as Record<string, unknown>;
  return jwk;
}

function expectedPublic(jwk: Record<string, string>): Record<string, string> {
  const keep = jwk.kty === 'RSA' ? ['kty', 'n', 'e'] : ['kty', 'crv', 'x', 'y'];
  return Object.fromEntries(keep.filter((k) => jwk[k] !== undefined).map((k) => [k, jwk[k]!]));
}

it('decodeEncryptedKey is what importKey uses (no registration step)', () => {
  assert.equal(typeof decodeEncryptedKey, 'function');
});

describe('keys encrypted by pycryptodome, openssl and cryptography (vectors/jose/encrypted-keys.json)', () => {
  for (const c of vectors.cases) {
    it(`${c.id} — ${c.source}`, async () => {
      const opts = c.passphrase === null ? {} : { passphrase: c.passphrase };
      if (c.expect.valid) {
        const key = importKey(c.pem, opts);
        assert.equal(key.type, 'private');
        assert.deepEqual(publicMembers(key), expectedPublic(c.public_jwk));
        // the passphrase as bytes works the same
        if (c.passphrase) assert.deepEqual(publicMembers(importKey(c.pem, { passphrase: utf8(c.passphrase) })), expectedPublic(c.public_jwk));
      } else {
        await rejectsWith(() => importKey(c.pem, opts), c.expect.code!);
      }
    });
  }
  it('covers what the task asks for', () => {
    const ids = vectors.cases.map((c) => c.id).join(' ');
    for (const needle of ['scryptAndAES128-CBC', 'PBKDF2WithHMAC-SHA1AndAES256-CBC', 'DES-EDE3-CBC', 'pkcs1-legacy', 'legacy-aes128', 'legacy-aes192', 'legacy-aes256', 'hmacWithSHA256', 'wrong-passphrase']) {
      assert.ok(ids.includes(needle), needle);
    }
  });
});

describe('node:crypto (OpenSSL) ↔ encrypted.ts', () => {
  const pass = 'pässwörd';
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;
  const pub = (k: KeyObject) => {
    const j = k.export({ format: 'jwk' }) as Record<string, string>;
    return expectedPublic(j);
  };

  for (const [name, key] of [['RSA', rsa], ['EC P-384', ec], ['Ed25519', ed]] as const) {
    it(`${name}: OpenSSL PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC / AES-128-CBC / DES-EDE3-CBC) imports`, () => {
      for (const cipher of ['aes-256-cbc', 'aes-128-cbc', 'des-ede3-cbc']) {
        const pem = key.export({ type: 'pkcs8', format: 'pem', cipher, passphrase: pass }) as string;
        assert.match(pem, /ENCRYPTED PRIVATE KEY/);
        const imported = importKey(pem, { passphrase: pass });
        const j = jwkFromKey(imported, { private: true }) as Record<string, string>;
        const expected = key.export({ format: 'jwk' }) as Record<string, string>;
        assert.equal(j.d, expected.d, `${cipher}: private scalar/exponent`);
        if (name === 'Ed25519') assert.equal(j.x, expected.x);
        else assert.deepEqual(publicMembers(imported), pub(key));
      }
    });
  }

  it('OpenSSL legacy PEM (RSA PKCS#1 and EC SEC1, DES-EDE3-CBC and AES-*-CBC) imports', () => {
    for (const cipher of ['des-ede3-cbc', 'aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc']) {
      const r = rsa.export({ type: 'pkcs1', format: 'pem', cipher, passphrase: pass }) as string;
      assert.match(r, /Proc-Type: 4,ENCRYPTED/);
      assert.deepEqual(publicMembers(importKey(r, { passphrase: pass })), pub(rsa));
      const e = ec.export({ type: 'sec1', format: 'pem', cipher, passphrase: pass }) as string;
      assert.match(e, /BEGIN EC PRIVATE KEY/);
      assert.deepEqual(publicMembers(importKey(e, { passphrase: pass })), pub(ec));
    }
  });

  const der = (k: KeyObject) => new Uint8Array(k.export({ type: 'pkcs8', format: 'der' }));
  const configs = [
    { kdf: 'scrypt', cipher: 'aes-256-cbc', N: 2 ** 12 },
    { kdf: 'scrypt', cipher: 'aes-128-cbc', N: 2 ** 10, r: 4, p: 2 },
    { kdf: 'pbkdf2', cipher: 'aes-256-cbc', iterations: 2000 },
    { kdf: 'pbkdf2', cipher: 'aes-192-cbc', iterations: 1000, prf: 'SHA-1' },
    { kdf: 'pbkdf2', cipher: 'aes-128-cbc', iterations: 1000, prf: 'SHA-512' },
    { kdf: 'pbkdf2', cipher: 'aes-256-cbc', iterations: 1000, prf: 'SHA-384' },
  ] as const;
  for (const cfg of configs) {
    it(`encryptPkcs8 ${JSON.stringify(cfg)}: OpenSSL decrypts it to the same key; we read it back`, () => {
      for (const key of [rsa, ec]) {
        const out = encryptPkcs8(der(key), pass, cfg);
        const pem = formatPem('ENCRYPTED PRIVATE KEY', out);
        const back = createPrivateKey({ key: pem, format: 'pem', passphrase: pass });
        assert.deepEqual(back.export({ format: 'jwk' }), key.export({ format: 'jwk' }));
        assert.deepEqual(publicMembers(importKey(pem, { passphrase: pass })), pub(key));
        assert.throws(() => createPrivateKey({ key: pem, format: 'pem', passphrase: 'wrong' }));
      }
    });
  }
  it('encryptPkcs8 defaults (PBKDF2-HMAC-SHA256 600000 iterations is slow: checked with scrypt default only)', () => {
    const out = encryptPkcs8(der(ec), utf8(pass), { kdf: 'scrypt' });
    const pem = formatPem('ENCRYPTED PRIVATE KEY', out);
    assert.deepEqual(createPrivateKey({ key: pem, passphrase: pass }).export({ format: 'jwk' }), ec.export({ format: 'jwk' }));
  });
  it('fixed salt and IV give a deterministic encoding; random ones differ', () => {
    const o = { kdf: 'pbkdf2', iterations: 1000, salt: new Uint8Array(16).fill(1), iv: new Uint8Array(16).fill(2) } as const;
    assert.deepEqual(encryptPkcs8(der(ec), pass, o), encryptPkcs8(der(ec), pass, o));
    assert.notDeepEqual(encryptPkcs8(der(ec), pass, { kdf: 'pbkdf2', iterations: 1000 }), encryptPkcs8(der(ec), pass, { kdf: 'pbkdf2', iterations: 1000 }));
  });
  it('bad arguments', async () => {
    await rejectsWith(() => encryptPkcs8(der(ec), '', { kdf: 'scrypt', N: 1024 }), 'ERR_INPUT_INVALID');
    await rejectsWith(() => encryptPkcs8(new Uint8Array([1, 2, 3]), pass, { kdf: 'scrypt', N: 1024 }), 'ERR_KEY_PASSPHRASE');
    await rejectsWith(() => encryptPkcs8(der(ec), pass, { kdf: 'md5' as never }), 'ERR_INPUT_INVALID');
    await rejectsWith(() => encryptPkcs8(der(ec), pass, { kdf: 'pbkdf2', iterations: 10 }), 'ERR_INPUT_INVALID');
  });
});

describe('errors', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  it('wrong or missing passphrase is ERR_KEY_PASSPHRASE for every format', async () => {
    for (const pem of [
      ec.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' }) as string,
      ec.export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'right' }) as string,
      formatPem('ENCRYPTED PRIVATE KEY', encryptPkcs8(new Uint8Array(ec.export({ type: 'pkcs8', format: 'der' })), 'right', { kdf: 'scrypt', N: 1024 })),
    ]) {
      await rejectsWith(() => importKey(pem, { passphrase: 'wrong' }), 'ERR_KEY_PASSPHRASE');
      await rejectsWith(() => importKey(pem), 'ERR_KEY_PASSPHRASE');
      assert.equal(importKey(pem, { passphrase: 'right' }).type, 'private');
    }
  });

  /** An EncryptedPrivateKeyInfo with the given algorithm and parameters, built with asn1js (not the code under test). */
  function epki(algorithm: asn1js.AsnType): string {
    const seq = new asn1js.Sequence({ value: [algorithm, new asn1js.OctetString({ valueHex: new Uint8Array(32).buffer })] });
    return formatPem('ENCRYPTED PRIVATE KEY', new Uint8Array(seq.toBER(false)));
  }
  const oid = (v: string) => new asn1js.ObjectIdentifier({ value: v });
  const octets = (n: number) => new asn1js.OctetString({ valueHex: new Uint8Array(n).buffer });
  const int = (v: number) => new asn1js.Integer({ value: v });
  const scryptAlg = (N: number, r: number, p: number) =>
    new asn1js.Sequence({
      value: [
        oid('1.2.840.113549.1.5.13'),
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({ value: [oid('1.3.6.1.4.1.11591.4.11'), new asn1js.Sequence({ value: [octets(16), int(N), int(r), int(p)] })] }),
            new asn1js.Sequence({ value: [oid('2.16.840.1.101.3.4.1.42'), octets(16)] }),
          ],
        }),
      ],
    });

  it('scrypt and PBKDF2 work limits are enforced before deriving', async () => {
    await rejectsWith(() => importKey(epki(scryptAlg(2 ** 22, 8, 1)), { passphrase: 'x' }), 'ERR_UNSUPPORTED');
    await rejectsWith(() => importKey(epki(scryptAlg(2 ** 20, 8, 16)), { passphrase: 'x' }), 'ERR_UNSUPPORTED');
    await rejectsWith(() => importKey(epki(scryptAlg(1000, 8, 1)), { passphrase: 'x' }), 'ERR_KEY_INVALID');
    const pbkdf2 = new asn1js.Sequence({
      value: [
        oid('1.2.840.113549.1.5.13'),
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({ value: [oid('1.2.840.113549.1.5.12'), new asn1js.Sequence({ value: [octets(8), int(2 ** 30)] })] }),
            new asn1js.Sequence({ value: [oid('2.16.840.1.101.3.4.1.42'), octets(16)] }),
          ],
        }),
      ],
    });
    await rejectsWith(() => importKey(epki(pbkdf2), { passphrase: 'x' }), 'ERR_UNSUPPORTED');
  });
  it('issue 16 row 3: KDF cost above the default limits is ERR_LIMIT_EXCEEDED before any derivation, raisable per import', async () => {
    const pbkdf2Alg = (iterations: number, prf: string) =>
      new asn1js.Sequence({
        value: [
          oid('1.2.840.113549.1.5.13'),
          new asn1js.Sequence({
            value: [
              new asn1js.Sequence({ value: [oid('1.2.840.113549.1.5.12'), new asn1js.Sequence({ value: [octets(8), int(iterations), new asn1js.Sequence({ value: [oid(prf), new asn1js.Null()] })] })] }),
              new asn1js.Sequence({ value: [oid('2.16.840.1.101.3.4.1.42'), octets(16)] }),
            ],
          }),
        ],
      });
    // the report's keys: 10^7 PBKDF2-HMAC-SHA512 (about 60 s of derivation) and scrypt N = 2^20, r = 8 (1 GiB):
    // refused at once, whatever the passphrase (a derivation would make this test take a minute, not fail)
    await rejectsWith(() => importKey(epki(pbkdf2Alg(10_000_000, '1.2.840.113549.2.11')), { passphrase: 'x' }), 'ERR_LIMIT_EXCEEDED');
    await rejectsWith(() => importKey(epki(pbkdf2Alg(600_001, '1.2.840.113549.2.9')), { passphrase: 'x' }), 'ERR_LIMIT_EXCEEDED');
    await rejectsWith(() => importKey(epki(scryptAlg(2 ** 20, 8, 1)), { passphrase: 'x' }), 'ERR_LIMIT_EXCEEDED');
    await rejectsWith(() => importKey(epki(scryptAlg(2 ** 16, 8, 2)), { passphrase: 'x' }), 'ERR_LIMIT_EXCEEDED'); // 128 MiB
    // at the default limit it derives (and then the all-zero ciphertext is a wrong passphrase)
    await rejectsWith(() => importKey(epki(scryptAlg(2 ** 16, 8, 1)), { passphrase: 'x' }), 'ERR_KEY_PASSPHRASE'); // 64 MiB
    // the message names the option; an explicit option lowers or raises the limit
    await assert.rejects(async () => importKey(epki(pbkdf2Alg(600_001, '1.2.840.113549.2.9')), { passphrase: 'x' }), /kdfLimits\.maxPbkdf2Iterations/);
    const byId = (id: string) => vectors.cases.find((c) => c.id === id)!;
    const openssl4096 = byId('openssl-rsa-pkcs8-aes-128-cbc-hmacWithSHA256'); // -iter 4096
    const opensslScrypt = byId('openssl-ec-pkcs8-scrypt'); // N=16384 r=8 p=1: 16 MiB
    await rejectsWith(() => importKey(openssl4096.pem, { passphrase: openssl4096.passphrase!, kdfLimits: { maxPbkdf2Iterations: 4095 } }), 'ERR_LIMIT_EXCEEDED');
    assert.equal(importKey(openssl4096.pem, { passphrase: openssl4096.passphrase!, kdfLimits: { maxPbkdf2Iterations: 4096 } }).type, 'private');
    await rejectsWith(() => importKey(opensslScrypt.pem, { passphrase: opensslScrypt.passphrase!, kdfLimits: { maxScryptMemory: 16 * 1024 * 1024 - 1 } }), 'ERR_LIMIT_EXCEEDED');
    assert.equal(importKey(opensslScrypt.pem, { passphrase: opensslScrypt.passphrase!, kdfLimits: { maxScryptMemory: 16 * 1024 * 1024 } }).type, 'private');
  });
  it('PBES1 / PKCS#12 schemes and unknown ciphers are ERR_UNSUPPORTED; garbage is ERR_KEY_INVALID', async () => {
    const pbes1 = new asn1js.Sequence({ value: [oid('1.2.840.113549.1.12.1.3'), new asn1js.Sequence({ value: [octets(8), int(2048)] })] });
    await rejectsWith(() => importKey(epki(pbes1), { passphrase: 'x' }), 'ERR_UNSUPPORTED');
    const rc2 = new asn1js.Sequence({
      value: [
        oid('1.2.840.113549.1.5.13'),
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({ value: [oid('1.2.840.113549.1.5.12'), new asn1js.Sequence({ value: [octets(8), int(2048)] })] }),
            new asn1js.Sequence({ value: [oid('1.2.840.113549.3.2'), octets(8)] }),
          ],
        }),
      ],
    });
    await rejectsWith(() => importKey(epki(rc2), { passphrase: 'x' }), 'ERR_UNSUPPORTED');
    await rejectsWith(() => importKey(formatPem('ENCRYPTED PRIVATE KEY', new Uint8Array([0x30, 0x03, 1, 2, 3])), { passphrase: 'x' }), 'ERR_KEY_INVALID');
    const legacy = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-CBC,0011223344556677\n\nAAAAAAAAAAA=\n-----END RSA PRIVATE KEY-----\n';
    await rejectsWith(() => importKey(legacy, { passphrase: 'x' }), 'ERR_UNSUPPORTED');
  });
  it('BER that is not DER is ERR_KEY_INVALID at every level (the same key re-encoded as DER still imports)', async () => {
    const byId = (id: string) => vectors.cases.find((c) => c.id === id)!;
    for (const id of ['openssl-rsa-pkcs8-aes-128-cbc-hmacWithSHA256', 'openssl-ec-pkcs8-scrypt']) {
      const c = byId(id);
      const der = parsePem(c.pem)[0]!.der;
      const pem = (bytes: Uint8Array) => formatPem('ENCRYPTED PRIVATE KEY', bytes);
      const opts = { passphrase: c.passphrase! };
      const header = (bytes: Uint8Array) => {
        const n = bytes[1]! < 0x80 ? 0 : bytes[1]! & 0x7f;
        return { lengthBytes: bytes.subarray(2, 2 + n), body: bytes.subarray(2 + n), short: n === 0 ? bytes[1]! : -1 };
      };
      // control: the vector itself and its asn1js re-encoding import
      const tree = asn1js.fromBER(der.slice().buffer);
      const reencoded = new Uint8Array(tree.result.toBER(false));
      assert.deepEqual(reencoded, der, `${id}: the vector is DER`);
      assert.equal(importKey(pem(reencoded), opts).type, 'private');
      // outer SEQUENCE: a length with a redundant leading zero byte
      const h = header(der);
      const longer = h.short >= 0 ? [0x81, h.short] : [0x80 | (h.lengthBytes.length + 1), 0, ...h.lengthBytes];
      await rejectsWith(() => importKey(pem(new Uint8Array([der[0]!, ...longer, ...h.body])), opts), 'ERR_KEY_INVALID');
      // outer SEQUENCE: indefinite length (BER) with its end-of-contents octets
      await rejectsWith(() => importKey(pem(new Uint8Array([der[0]!, 0x80, ...h.body, 0, 0])), opts), 'ERR_KEY_INVALID');
      // trailing bytes after the structure
      await rejectsWith(() => importKey(pem(new Uint8Array([...der, 0])), opts), 'ERR_KEY_INVALID');
      // inside the PBES2 parameters: a non-minimal INTEGER (iteration count / scrypt N) and a constructed OCTET STRING IV
      const pbes2 = (tree.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
      const pbes2Params = pbes2.valueBlock.value[1] as asn1js.Sequence;
      const kdfParams = (pbes2Params.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
      const count = kdfParams.valueBlock.value[1] as asn1js.Integer;
      const original = count.valueBlock.valueHexView.slice();
      kdfParams.valueBlock.value[1] = new asn1js.Integer({ valueHex: new Uint8Array([0, ...original]).buffer });
      await rejectsWith(() => importKey(pem(new Uint8Array(tree.result.toBER(false))), opts), 'ERR_KEY_INVALID');
      kdfParams.valueBlock.value[1] = count;
      const enc = pbes2Params.valueBlock.value[1] as asn1js.Sequence;
      const iv = enc.valueBlock.value[1] as asn1js.OctetString;
      const ivBytes = iv.valueBlock.valueHexView.slice();
      enc.valueBlock.value[1] = new asn1js.OctetString({
        idBlock: { isConstructed: true },
        value: [new asn1js.OctetString({ valueHex: ivBytes.slice(0, 8).buffer }), new asn1js.OctetString({ valueHex: ivBytes.slice(8).buffer })],
      } as never);
      await rejectsWith(() => importKey(pem(new Uint8Array(tree.result.toBER(false))), opts), 'ERR_KEY_INVALID');
      enc.valueBlock.value[1] = iv;
      assert.equal(importKey(pem(new Uint8Array(tree.result.toBER(false))), opts).type, 'private', `${id}: restored`);
    }
  });
  it('EVP_BytesToKey matches OpenSSL (known answer from `openssl enc -P -md md5 -aes-256-cbc -S 0102030405060708 -pass pass:password`)', () => {
    const key = evpBytesToKey(utf8('password'), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 48);
    assert.equal(Buffer.from(key.subarray(0, 32)).toString('hex').toUpperCase(), EVP_KEY);
    assert.equal(Buffer.from(key.subarray(32, 48)).toString('hex').toUpperCase(), EVP_IV);
  });
});

// Values printed by OpenSSL 3.0 (another implementation), see the test name.
const EVP_KEY = 'E7B0971E52CA5CC8D0539FB3412F6316F7BA2E6EE293D9F3457B99436B51CE02';
const EVP_IV = '8D450E2ED75A84A923D4EAC9FE49226B';
