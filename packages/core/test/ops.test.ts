/**
 * Operation families: `composeBackend` with fewer families gives ERR_UNSUPPORTED for the others (before any input
 * check), the same answers as `defineBackend` for its own, and `ecdhOpsBackendPairCheck` checks a deferred JWK key's
 * pair through the backend's own ECDH (here noble's, which — unlike WebCrypto's JWK import — never looks at x/y).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { p256, p384 } from '@noble/curves/nist.js';
import { x25519 } from '@noble/curves/ed25519.js';
import {
  ECDH_CURVES,
  bytesToHex,
  composeBackend,
  defineBackend,
  ecdhOps,
  ecdhOpsBackendPairCheck,
  keyFromJwkDeferred,
  publicKeyFromJwk,
  type BackendImpl,
  type Capabilities,
  type CryptoplugError,
  type PrivateKey,
  type PublicKey,
  capabilitiesWith,
} from '@cryptoplug/core';
import { keyMaterial } from '@cryptoplug/core/backend-internal';

const vectors = (name: string) => fileURLToPath(new URL(`../../../vectors/primitives/${name}`, import.meta.url));
const jwk = (name: string) => JSON.parse(readFileSync(vectors(`keys/${name}.jwk.json`), 'utf8')) as Record<string, string>;
const code = (e: unknown) => (e as CryptoplugError).code;

const CAPS: Capabilities = capabilitiesWith({
  ecdh: { curves: [...ECDH_CURVES] },
});

/** ECDH by noble on the private scalar only (the stored public part plays no role). */
const impl: BackendImpl = {
  name: 'noble-ecdh-test',
  capabilities: () => CAPS,
  deriveSharedSecret(priv: PrivateKey, pub: PublicKey) {
    const d = (keyMaterial(priv) as { d: Uint8Array }).d;
    const m = keyMaterial(pub);
    if (m.kty === 'OKP') return x25519.getSharedSecret(d, m.x);
    if (m.kty !== 'EC') throw new Error('EC only');
    const curve = m.curve === 'P-256' ? p256 : p384;
    return curve.getSharedSecret(d, Uint8Array.of(4, ...m.x, ...m.y)).slice(1);
  },
};

const ECDH = (JSON.parse(readFileSync(vectors('ecdh.json'), 'utf8')) as { tests: Array<{ id: string; curve: string; privateKey: string; publicKey: string; shared: string }> }).tests.filter((t) =>
  ['P-256', 'P-384', 'X25519'].includes(t.curve),
);

test('an ECDH-only composition derives the vectors (Python cryptography) like defineBackend; other families are ERR_UNSUPPORTED', async () => {
  const only = composeBackend(impl, [ecdhOpsBackendPairCheck]);
  const full = defineBackend(impl);
  const withCore = composeBackend(impl, [ecdhOps]);
  assert.ok(ECDH.length >= 4);
  for (const t of ECDH) {
    for (const b of [only, full, withCore]) {
      const z = await b.deriveSharedSecret(keyFromJwkDeferred(jwk(t.privateKey)) as PrivateKey, publicKeyFromJwk(jwk(t.publicKey)) as PublicKey);
      assert.equal(bytesToHex(z), t.shared, `${b.name} ${t.id}`);
    }
  }
  await assert.rejects(only.digest('SHA-256', new Uint8Array(1)), (e) => code(e) === 'ERR_UNSUPPORTED');
  await assert.rejects(only.sign({ name: 'Ed25519' }, null as never, new Uint8Array(1)), (e) => code(e) === 'ERR_UNSUPPORTED');
  assert.throws(() => only.randomBytes(1), (e) => code(e) === 'ERR_UNSUPPORTED');
  // the full backend still checks input first, then capabilities (unchanged behaviour)
  await assert.rejects(full.digest('SHA-256', 'x' as never), (e) => code(e) === 'ERR_INPUT_INVALID');
  await assert.rejects(full.digest('SHA-256', new Uint8Array(1)), (e) => code(e) === 'ERR_UNSUPPORTED');
});

test('ecdhOpsBackendPairCheck refuses a deferred JWK key whose x (NIST) or u (X25519) is another key\'s, as ecdhOps does', async () => {
  for (const [mine, other] of [['ec-p256', 'ec-p256-b'], ['ec-p384', 'ec-p384-b'], ['x25519', 'x25519-b']] as const) {
    const a = jwk(mine);
    const b = jwk(other);
    const bad = () => keyFromJwkDeferred({ ...a, x: b.x!, ...(b.y ? { y: b.y } : {}) }) as PrivateKey;
    for (const family of [ecdhOpsBackendPairCheck, ecdhOps]) {
      const backend = composeBackend(impl, [family]);
      await assert.rejects(backend.deriveSharedSecret(bad(), publicKeyFromJwk(b) as PublicKey), (e) => code(e) === 'ERR_KEY_INVALID' && /public part does not match/.test((e as Error).message), mine);
    }
  }
});
