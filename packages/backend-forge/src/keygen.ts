/**
 * Key generation: RSA-2048/3072/4096 (e = 65537) with forge.pki.rsa.generateKeyPair, and Ed25519 from a forge random
 * seed. The result goes through core's privateKeyFromMaterial, which validates it like an imported key.
 *
 * RSA uses forge's asynchronous form (callback) so the event loop keeps running, and forge's default strategy: forge
 * itself delegates to node:crypto / WebCrypto key generation where the runtime has it and otherwise searches primes
 * in pure JavaScript, in steps on the event loop (no Web Workers are requested). Pure-JS RSA-4096 generation can take
 * tens of seconds; that is the price of the pure-JS fallback, not a hang.
 */
import forge from 'node-forge';
import { privateKeyFromMaterial, type KeySpec, type PrivateKey } from '@cryptoplug/core';
import { fromBigInteger } from './binary.js';

const RSA_BITS: Partial<Record<KeySpec, number>> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 };

function rsaKeyPair(bits: number): Promise<forge.pki.rsa.KeyPair> {
  return new Promise((resolve, reject) => {
    forge.pki.rsa.generateKeyPair({ bits, e: 0x10001 }, (err, pair) => (err ? reject(err) : resolve(pair)));
  });
}

export async function generateKey(spec: KeySpec): Promise<PrivateKey> {
  if (spec === 'ed25519') {
    const pair = forge.pki.ed25519.generateKeyPair();
    return privateKeyFromMaterial({
      kty: 'OKP', curve: 'Ed25519', d: new Uint8Array(pair.privateKey.subarray(0, 32)), x: new Uint8Array(pair.publicKey),
    });
  }
  const bits = RSA_BITS[spec];
  // Core only calls this for specs listed in capabilities(); anything else is a programming error here.
  if (bits === undefined) throw new Error(`forge backend cannot generate ${spec} keys`);
  const { privateKey: k } = await rsaKeyPair(bits);
  return privateKeyFromMaterial({
    kty: 'RSA', n: fromBigInteger(k.n), e: fromBigInteger(k.e), d: fromBigInteger(k.d), p: fromBigInteger(k.p),
    q: fromBigInteger(k.q), dp: fromBigInteger(k.dP), dq: fromBigInteger(k.dQ), qi: fromBigInteger(k.qInv),
  });
}
