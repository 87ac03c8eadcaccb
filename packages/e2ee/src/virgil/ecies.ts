/**
 * Virgil's per-recipient key wrapping: ECIES over X25519 (ED25519 recipients are converted to X25519), KDF2-SHA-384,
 * AES-256-CBC (PKCS#7 padding) and HMAC-SHA-384 over the CBC ciphertext. The envelope is DER:
 *
 *   ECIES-Envelope ::= SEQUENCE {
 *     version    INTEGER (0),
 *     originator SubjectPublicKeyInfo,           -- ephemeral key, same algorithm as the recipient's key
 *     kdf        AlgorithmIdentifier,            -- { kdf2 1.0.18033.2.5.2, { sha384, NULL } }
 *     hmac       SEQUENCE { AlgorithmIdentifier, -- { sha384, NULL }
 *                           OCTET STRING },      -- HMAC(macKey, encrypted content)
 *     encrypted  SEQUENCE { AlgorithmIdentifier, -- { aes256-CBC, OCTET STRING iv }
 *                           OCTET STRING }       -- AES-256-CBC(cipherKey, iv, data)
 *   }
 *
 * derived = KDF2(Z, 32 + hmacLen); cipherKey = derived[0..32), macKey = derived[32..).
 */
import {
  CryptoplugError,
  DecryptionFailedError,
  HASH_SIZE,
  PrivateKey,
  PublicKey,
  UnsupportedError,
  exportDer,
  importPublicKey,
  privateKeyFromMaterial,
  type Backend,
} from '@cryptoplug/core';
import { AlgorithmIdentifier, EciesEncrypted, EciesEnvelope, EciesMac, OctetString, SubjectPublicKeyInfo, alg, buffer, decodeDer, encode, noParams } from '../asn1.js';
import { MalformedError } from '../errors.js';
import { toX25519Private, toX25519Public } from './convert.js';
import { kdf2 } from './kdf2.js';
import { HASH_OID, OIDS, hashByOid, type VirgilHash } from './oids.js';

const KDF_HASH: VirgilHash = 'SHA-384';
const MAC_HASH: VirgilHash = 'SHA-384';
const CIPHER_KEY_LEN = 32;

function hashAlg(hash: VirgilHash): AlgorithmIdentifier {
  return alg(HASH_OID[hash], null);
}

function parseHashAlg(a: AlgorithmIdentifier, what: string): VirgilHash {
  if (!noParams(a)) throw new MalformedError(`${what}: unexpected hash parameters`);
  const hash = hashByOid(a.algorithm);
  if (!hash) throw new UnsupportedError(`${what}: hash ${a.algorithm} is not supported`);
  return hash;
}

/** Wraps `data` (a content key) for one recipient. */
export async function eciesEncrypt(backend: Backend, recipient: PublicKey, data: Uint8Array): Promise<Uint8Array> {
  const curve = recipient.curve;
  if (curve !== 'Ed25519' && curve !== 'X25519') throw new UnsupportedError(`ECIES to ${recipient.describe()} is not supported`);
  // The ephemeral key has the recipient's algorithm (Virgil imports it with the recipient key's algorithm).
  const spec = curve === 'Ed25519' ? 'ed25519' : 'x25519';
  const ephemeral = backend.supports({ op: 'generateKey', spec })
    ? await backend.generateKey(spec)
    : privateKeyFromMaterial({ kty: 'OKP', curve, d: backend.randomBytes(32) });
  const z = await backend.deriveSharedSecret(await toX25519Private(backend, ephemeral), toX25519Public(recipient));
  const derived = await kdf2(backend, KDF_HASH, z, CIPHER_KEY_LEN + HASH_SIZE[MAC_HASH]);
  const iv = backend.randomBytes(16);
  const encrypted = await backend.aesCbcEncrypt(derived.subarray(0, CIPHER_KEY_LEN), iv, data);
  const mac = await backend.hmac(MAC_HASH, derived.subarray(CIPHER_KEY_LEN), encrypted);
  const envelope = Object.assign(new EciesEnvelope(), {
    version: 0n,
    originator: decodeDer(exportDer(ephemeral.publicKey(), 'spki'), SubjectPublicKeyInfo, 'ephemeral SubjectPublicKeyInfo'),
    kdf: alg(OIDS.kdf2, encode(hashAlg(KDF_HASH))),
    hmac: Object.assign(new EciesMac(), { algorithm: hashAlg(MAC_HASH), digest: buffer(mac) }),
    encrypted: Object.assign(new EciesEncrypted(), { algorithm: alg(OIDS.aes256Cbc, encode(new OctetString(iv))), data: buffer(encrypted) }),
  });
  return encode(envelope);
}

interface ParsedEnvelope {
  ephemeral: Uint8Array;
  kdfHash: VirgilHash;
  macHash: VirgilHash;
  mac: Uint8Array;
  iv: Uint8Array;
  encrypted: Uint8Array;
}

function parseEnvelope(bytes: Uint8Array): ParsedEnvelope {
  const what = 'ECIES envelope';
  const env = decodeDer(bytes, EciesEnvelope, what);
  if (env.version !== 0n) throw new MalformedError(`${what}: unsupported version`);
  const ephemeral = encode(env.originator);
  if (env.kdf.algorithm !== OIDS.kdf2) throw new UnsupportedError(`${what}: key derivation ${env.kdf.algorithm} is not supported (KDF2 only)`);
  const kdfHash = parseHashAlg(decodeDer(env.kdf.parameters, AlgorithmIdentifier, `${what}.kdf.hash`), `${what}.kdf.hash`);
  const macHash = parseHashAlg(env.hmac.algorithm, `${what}.hmac.algorithm`);
  const cipher = env.encrypted.algorithm;
  if (cipher.algorithm !== OIDS.aes256Cbc) throw new UnsupportedError(`${what}: key encryption ${cipher.algorithm} is not supported (AES-256-CBC only)`);
  const iv = new Uint8Array(decodeDer(cipher.parameters, OctetString, `${what}.encrypted.iv`).buffer);
  if (iv.length !== 16) throw new MalformedError(`${what}: AES-CBC iv must be 16 bytes`);
  return { ephemeral, kdfHash, macHash, mac: new Uint8Array(env.hmac.digest), iv, encrypted: new Uint8Array(env.encrypted.data) };
}

/**
 * Unwraps a content key with the recipient's private key. A wrong key, a tampered envelope or MAC all end as
 * `ERR_DECRYPTION_FAILED`; an envelope that is not in the format is `ERR_E2EE_MALFORMED`; algorithms other than the
 * ones above are `ERR_UNSUPPORTED`.
 */
export async function eciesDecrypt(backend: Backend, recipient: PrivateKey, envelope: Uint8Array): Promise<Uint8Array> {
  const env = parseEnvelope(envelope);
  if (env.mac.length !== HASH_SIZE[env.macHash]) throw new DecryptionFailedError();
  try {
    const ephemeral = importPublicKey(env.ephemeral, { format: 'der' });
    if (ephemeral.curve !== recipient.curve) throw new MalformedError(`ECIES ephemeral key is ${ephemeral.describe()}, expected ${recipient.curve}`);
    const z = await backend.deriveSharedSecret(await toX25519Private(backend, recipient), toX25519Public(ephemeral));
    const derived = await kdf2(backend, env.kdfHash, z, CIPHER_KEY_LEN + HASH_SIZE[env.macHash]);
    const ok = await backend.hmacVerify(env.macHash, derived.subarray(CIPHER_KEY_LEN), env.encrypted, env.mac);
    if (!ok) throw new DecryptionFailedError();
    return await backend.aesCbcDecrypt(derived.subarray(0, CIPHER_KEY_LEN), env.iv, env.encrypted);
  } catch (e) {
    if (e instanceof CryptoplugError && (e.code === 'ERR_UNSUPPORTED' || e.code === 'ERR_DECRYPTION_FAILED')) throw e;
    // a damaged ephemeral key (not a point, small order...) is a failed decryption, not a caller error
    throw new DecryptionFailedError({ cause: e });
  }
}
