/**
 * What node:crypto can do in this process, probed once at load by really calling it: Node builds, Bun and Deno's
 * node:crypto differ in curves, ciphers and OKP support, so nothing is claimed from the Node version alone.
 * Each probe is a few microseconds (EC/OKP key generation, one block of AES), except that no RSA key is generated:
 * RSA signatures and OAEP are claimed when the padding constants and `generateKeyPairSync` exist (all Node ≥ 12;
 * oaepHash/oaepLabel since 12.9/12.11, and the package needs Node ≥ 20.19).
 */
import * as nodeCrypto from 'node:crypto';
import { HASHES, KEY_SPECS, bytesToHex, type Capabilities, type EcCurve, type EcdhCurve, type HashName, type KeySpec } from '@cryptoplug/core';
import { GCM_IV_BOUNDS, KW_DEFAULT_IV, kwCipherNames, type KwCipherName } from './aes.js';
import { NODE_HASH } from './keyobject.js';

function works(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** RFC 3394 §4.1: KEK 000102…0F wraps 00112233…FF to 1FA68B0A…CFE5. Proves the cipher name and the default IV. */
function kwKnownAnswer(name: KwCipherName): boolean {
  try {
    const kek = Uint8Array.from({ length: 16 }, (_, i) => i);
    const key = Uint8Array.from({ length: 16 }, (_, i) => i * 0x11);
    const c = nodeCrypto.createCipheriv(name(128), kek, KW_DEFAULT_IV);
    return bytesToHex(c.update(key)) + bytesToHex(c.final()) === '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5';
  } catch {
    return false;
  }
}

export interface NodeProbe {
  readonly capabilities: Capabilities;
  /** The RFC 3394 cipher name that passed the known-answer probe (undefined: no AES-KW). */
  readonly kwCipher: KwCipherName | undefined;
}

export function probeCapabilities(): NodeProbe {
  const c = nodeCrypto;
  const hashes: HashName[] = HASHES.filter((h) => works(() => c.createHash(NODE_HASH[h]).update('').digest()));
  const hmacs: HashName[] = hashes.filter((h) => works(() => c.createHmac(NODE_HASH[h], 'k').update('').digest()));
  const curves: EcCurve[] = [];
  const exclude: Array<{ curve: EcCurve; hash: HashName }> = [];
  for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
    let pair: nodeCrypto.KeyPairKeyObjectResult;
    try {
      pair = c.generateKeyPairSync('ec', { namedCurve: curve });
    } catch {
      continue;
    }
    curves.push(curve);
    // Some node:crypto implementations lack single curve × hash pairs (Deno: P-384 + SHA-1, P-521 + SHA-1/SHA-256).
    for (const hash of hashes) {
      const ok = works(() => {
        const msg = new Uint8Array([1, 2, 3]);
        const sig = c.sign(NODE_HASH[hash], msg, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' });
        if (!c.verify(NODE_HASH[hash], msg, { key: pair.publicKey, dsaEncoding: 'ieee-p1363' }, sig)) throw new Error('no round trip');
      });
      if (!ok) exclude.push({ curve, hash });
    }
  }
  const ed25519 = works(() => c.sign(null, new Uint8Array(1), c.generateKeyPairSync('ed25519').privateKey));
  const x25519 = works(() => {
    const a = c.generateKeyPairSync('x25519');
    const b = c.generateKeyPairSync('x25519');
    c.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
  });
  const ecdhCurves: EcdhCurve[] = curves.filter((curve) =>
    works(() => {
      const a = c.generateKeyPairSync('ec', { namedCurve: curve });
      c.diffieHellman({ privateKey: a.privateKey, publicKey: a.publicKey });
    }),
  );
  if (x25519) ecdhCurves.push('X25519');
  const rsa = typeof c.constants?.RSA_PKCS1_PSS_PADDING === 'number' && typeof c.sign === 'function';
  const oaep = typeof c.constants?.RSA_PKCS1_OAEP_PADDING === 'number' && typeof c.privateDecrypt === 'function';
  const block = new Uint8Array(16);
  const sizes = [128, 192, 256] as const;
  const aesGcm = sizes.every((b) =>
    works(() => {
      const x = c.createCipheriv(`aes-${b}-gcm`, new Uint8Array(b / 8), new Uint8Array(12), { authTagLength: 16 });
      x.update(block);
      x.final();
      x.getAuthTag();
    }),
  );
  const aesCbc = sizes.every((b) =>
    works(() => {
      const x = c.createCipheriv(`aes-${b}-cbc`, new Uint8Array(b / 8), new Uint8Array(16));
      x.update(block);
      x.final();
    }),
  );
  const kwCipher = kwCipherNames.find(
    (name) =>
      kwKnownAnswer(name) &&
      sizes.every((b) => works(() => c.createCipheriv(name(b), new Uint8Array(b / 8), KW_DEFAULT_IV))),
  );
  // hkdfSync and pbkdf2Sync take the same digest names as createHmac.
  const hkdf = typeof c.hkdfSync === 'function' ? hmacs : [];
  const pbkdf2 = typeof c.pbkdf2Sync === 'function' ? hmacs : [];
  const random = works(() => c.randomFillSync(new Uint8Array(1)));
  const canGenerate = typeof c.generateKeyPairSync === 'function';
  const generateKey: KeySpec[] = !canGenerate
    ? []
    : KEY_SPECS.filter((s) =>
        s.startsWith('rsa-') ? rsa : s === 'ed25519' ? ed25519 : s === 'x25519' ? x25519 : curves.includes(`P-${s.slice(4)}` as EcCurve),
      );
  return {
    kwCipher,
    capabilities: Object.freeze({
      ecdsa: { curves, hashes, exclude },
      rsaPkcs1: { hashes: rsa ? hashes : [] },
      rsaPss: { hashes: rsa ? hashes : [] },
      ed25519,
      ecdh: { curves: ecdhCurves },
      rsaOaep: { hashes: oaep ? hashes : [], label: oaep },
      digest: hashes,
      hmac: hmacs,
      aesGcm,
      ...(aesGcm ? { aesGcmIv: GCM_IV_BOUNDS } : {}),
      aesCbc,
      aesKw: kwCipher !== undefined,
      hkdf,
      pbkdf2,
      random,
      generateKey,
    }),
  };
}
