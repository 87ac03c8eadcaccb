/**
 * Load-time self-test: the exact call shapes this backend relies on, run once. Some runtimes ship a partial node:crypto
 * (workerd's nodejs_compat rejects `{ key, dsaEncoding }` option objects, fails AES-GCM with an empty AAD, and cannot
 * derive X25519 secrets from JWK-imported keys). Rather than load and then fail thousands of operations, the backend
 * reports itself unavailable there, with the first failing check as the reason.
 */
import * as c from 'node:crypto';

function check(what: string, fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return `${what}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Undefined when node:crypto behaves as this backend needs; otherwise what failed. */
export function selfTest(): string | undefined {
  const msg = new Uint8Array([1, 2, 3]);
  return (
    check('ECDSA sign/verify with option objects', () => {
      const { privateKey, publicKey } = c.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      // RSA and EC KeyObjects are made from DER (keyobject.ts), so that is the import shape checked here
      const fromDer = c.createPrivateKey({ key: privateKey.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' });
      const pubDer = c.createPublicKey({ key: publicKey.export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' });
      const sig = c.sign('sha256', msg, { key: fromDer, dsaEncoding: 'ieee-p1363' });
      if (!c.verify('sha256', msg, { key: pubDer, dsaEncoding: 'ieee-p1363' }, sig)) throw new Error('no round trip');
    }) ??
    check('AES-GCM with empty additional data', () => {
      const key = new Uint8Array(16);
      const iv = new Uint8Array(12);
      const e = c.createCipheriv('aes-128-gcm', key, iv, { authTagLength: 16 });
      e.setAAD(new Uint8Array(0));
      const ct = Buffer.concat([e.update(msg), e.final()]);
      const d = c.createDecipheriv('aes-128-gcm', key, iv, { authTagLength: 16 });
      d.setAuthTag(e.getAuthTag());
      d.setAAD(new Uint8Array(0));
      Buffer.concat([d.update(ct), d.final()]);
    }) ??
    check('X25519 with JWK-imported keys', () => {
      const a = c.generateKeyPairSync('x25519');
      const b = c.generateKeyPairSync('x25519');
      const priv = c.createPrivateKey({ key: a.privateKey.export({ format: 'jwk' }), format: 'jwk' });
      const pub = c.createPublicKey({ key: b.publicKey.export({ format: 'jwk' }), format: 'jwk' });
      c.diffieHellman({ privateKey: priv, publicKey: pub });
    })
  );
}
