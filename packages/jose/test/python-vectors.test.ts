/**
 * Tokens made by Python libraries from Debian (PyJWT, python-jose, jwcrypto, pycryptodome) — vectors/jose/*.json,
 * written by vectors/jose/generate.py (see vectors/jose/README.md). Valid and invalid cases; the expected outcome of
 * each is in the file. Includes the seed 002 workflow (JWE secret inside RS512-signed claims).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as jose from 'jose';
import * as core from '@cryptoplug/core';
import { importKey, type Backend, type Jwk } from '@cryptoplug/core';
import {
  decodeProtectedHeader,
  decryptCompact,
  decryptGeneral,
  joseUnsupportedReason,
  signJwt,
  verifyCompact,
  verifyGeneral,
  verifyJwt,
  type KeyInput,
} from '../src/index.js';
import { PY_VECTORS, backends, bytes, readJson, rejectsCode, text } from './helpers.js';

const all = await backends();

// Encrypted keys: core's importKey decodes them itself (packages/core/src/keys/encrypted.ts).


function keyOf(k: Record<string, unknown>): KeyInput {
  if (typeof k.pem === 'string') return importKey(k.pem, typeof k.passphrase === 'string' ? { passphrase: k.passphrase } : {});
  if (typeof k.secret_utf8 === 'string') return bytes(k.secret_utf8);
  if (typeof k.password_utf8 === 'string') return bytes(k.password_utf8);
  return k as Jwk;
}

function needs(backend: Backend, c: any): string | undefined {
  let header: Record<string, unknown> = {};
  try {
    const tok = c.type === 'jws-json' ? { ...c.token.signatures[c.expect.index ?? 0] } : c.type === 'jwe-json' ? { ...c.token, ...c.token.recipients[c.expect.index ?? 0] } : c.token;
    header = decodeProtectedHeader(tok);
  } catch {
    return undefined;
  }
  const alg = c.algorithms[0] as string;
  const isJws = c.type.startsWith('jws') || c.type === 'jwt';
  const epk = header.epk as { crv?: 'P-256' } | undefined;
  const r = joseUnsupportedReason(backend, {
    alg,
    ...(!isJws && typeof header.enc === 'string' ? { enc: header.enc } : {}),
    ...(epk?.crv ? { curve: epk.crv } : {}),
    operation: isJws ? 'verify' : 'decrypt',
  });
  return r && !r.startsWith('RSA1_5') ? r : undefined;
}

async function run(backend: Backend, c: any): Promise<void> {
  const key = keyOf(c.key);
  const o = c.claims_options ?? {};
  const check = async () => {
    switch (c.type) {
      case 'jwt': {
        const r = await verifyJwt(c.token, key, { backend, algorithms: c.algorithms, ...o });
        if (c.expect.claims) assert.deepEqual(r.payload, c.expect.claims);
        if (c.expect.header) assert.deepEqual(r.protectedHeader, c.expect.header);
        return;
      }
      case 'jws-compact': {
        const r = await verifyCompact(c.token, key, { backend, algorithms: c.algorithms });
        assert.equal(text(r.payload), c.expect.payload);
        return;
      }
      case 'jws-json': {
        const r = await verifyGeneral(c.token, key, { backend, algorithms: c.algorithms });
        assert.equal(text(r.payload), c.expect.payload);
        assert.equal(r.index, c.expect.index);
        return;
      }
      case 'jwe-compact': {
        const r = await decryptCompact(c.token, key, { backend, keyManagementAlgorithms: c.algorithms, ...(c.enc ? { contentEncryptionAlgorithms: c.enc } : {}) });
        assert.equal(text(r.plaintext), c.expect.payload);
        return;
      }
      case 'jwe-json': {
        const r = await decryptGeneral(c.token, key, { backend, keyManagementAlgorithms: c.algorithms });
        assert.equal(text(r.plaintext), c.expect.payload);
        assert.equal(r.index, c.expect.index);
        if (c.expect.aad) assert.equal(text(r.additionalAuthenticatedData!), c.expect.aad);
        return;
      }
      default:
        throw new Error(`unknown case type ${c.type}`);
    }
  };
  if (c.expect.valid) await check();
  else await rejectsCode(check, c.expect.code, c.id);
}

for (const file of readdirSync(PY_VECTORS).filter((f) => f.endsWith('.json') && !['encrypted-keys.json', 'seed-002.json'].includes(f))) {
  const data = readJson(join(PY_VECTORS, file));
  describe(`${file} (${data.about}; ${Object.entries(data.versions).map(([k, v]) => `${k} ${v}`).join(', ')})`, () => {
    for (const c of data.cases) {
      it(`${c.id}: ${c.expect.valid ? 'valid' : c.expect.code}`, async (t) => {
        let ran = 0;
        for (const { name, backend } of all) {
          const why = needs(backend, c);
          if (why) {
            t.diagnostic(`skipped on ${name}: ${why}`);
            continue;
          }
          await run(backend, c);
          ran++;
        }
        assert.ok(ran > 0, 'ran on at least one backend');
      });
    }
  });
}

describe('seed 002 workflow (python-jose + pycryptodome): JWE secret inside RS512-signed claims', () => {
  const data = readJson(join(PY_VECTORS, 'seed-002.json'));
  for (const c of data.cases) {
    it(`${c.id}: ${c.expect.valid ? 'valid' : c.expect.code}`, async (t) => {
      for (const { name, backend } of all) {
        const why = joseUnsupportedReason(backend, { alg: 'RS512', operation: 'verify' }) ?? joseUnsupportedReason(backend, { alg: 'RSA-OAEP', enc: 'A128CBC-HS256', operation: 'decrypt' });
        if (why) {
          t.diagnostic(`skipped on ${name}: ${why}`);
          continue;
        }
        const baPublic = importKey(c.ba_public_pem);
        const mtbPrivate = importKey(c.mtb_private_pem);
        const receive = async () => {
          // MtB: verify BA's signature (RS512 pinned), then decrypt the secret with its own key.
          const { payload, protectedHeader } = await verifyJwt(c.token, baPublic, { backend, algorithms: ['RS512'], requiredClaims: ['timestamp', 'secret', 'from'] });
          const secret = await decryptCompact(payload.secret as string, mtbPrivate, { backend, keyManagementAlgorithms: ['RSA-OAEP'], contentEncryptionAlgorithms: ['A128CBC-HS256'] });
          return { payload, protectedHeader, secret };
        };
        if (!c.expect.valid) {
          await rejectsCode(receive, c.expect.code, c.id);
          continue;
        }
        const { payload, protectedHeader, secret } = await receive();
        assert.deepEqual(protectedHeader, c.expect.header);
        assert.deepEqual(payload, c.expect.claims);
        assert.deepEqual(JSON.parse(text(secret.plaintext)), c.expect.secret_plaintext);
        for (const [k, v] of Object.entries(c.expect.secret_header)) assert.equal(secret.protectedHeader[k], v);
      }
    });
  }
  it('the same workflow from cryptoplug (BA key from the passphrase-protected PEM), checked by panva jose', async () => {
    const c = data.cases[0];
    const backend = all[0]!.backend;
    await rejectsCode(() => importKey(c.ba_private_pem_encrypted, { passphrase: 'bar' }), 'ERR_KEY_PASSPHRASE');
    await rejectsCode(() => importKey(c.ba_private_pem_encrypted), 'ERR_KEY_PASSPHRASE');
    const ba = importKey(c.ba_private_pem_encrypted, { passphrase: c.ba_passphrase });
    const { encryptCompact } = await import('../src/index.js');
    const info = { company: 'ACME', experiment: 'ID', author: 'foo' };
    const secret = await encryptCompact(JSON.stringify(info), importKey(c.mtb_public_pem), { backend, protectedHeader: { alg: 'RSA-OAEP', enc: 'A128CBC-HS256' } });
    const token = await signJwt({ timestamp: 1488556002, secret, from: 'mindthebyte' }, ba, { backend, alg: 'RS512', typ: 'JWT' });
    const v = await jose.jwtVerify(token, await jose.importSPKI(c.ba_public_pem, 'RS512'), { algorithms: ['RS512'] });
    assert.equal(v.payload.from, 'mindthebyte');
    const d = await jose.compactDecrypt(v.payload.secret as string, await jose.importPKCS8(c.mtb_private_pem, 'RSA-OAEP'));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(d.plaintext)), info);
  });
});
