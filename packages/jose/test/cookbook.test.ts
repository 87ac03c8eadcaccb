/**
 * RFC 7520 (JOSE Cookbook), RFC 7797 and RFC 8037 examples from ../shared/jose-cookbook: every applicable example
 * verifies/decrypts on every backend that can run it; deterministic ones are re-produced byte for byte; randomized
 * ones are re-produced with the example's CEK/IV/ephemeral key (so the ciphertext and tag must match) or, where the
 * randomness is inside the primitive (RSA-PSS, ECDSA, RSA-OAEP), re-signed/re-encrypted and verified.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64url, importKey, jwkThumbprint, keyFromJwk, type Backend, type Jwk, type PrivateKey } from '@cryptoplug/core';
import {
  decryptAndVerifyJwt,
  decryptCompact,
  decryptFlattened,
  decryptGeneral,
  decryptJwe,
  encryptCompact,
  encryptFlattened,
  encryptGeneral,
  exportJwk,
  signCompact,
  signFlattened,
  signGeneral,
  verifyCompact,
  verifyFlattened,
  verifyGeneral,
  verifyJwt,
  type JwsHeader,
  joseUnsupportedReason,
  JWS_ALGORITHM_NAMES,
} from '../src/index.js';
import { COOKBOOK, backends, bytes, readJson, rejectsCode, text } from './helpers.js';

const jws = (f: string) => readJson(join(COOKBOOK, 'jws', f));
const jwe = (f: string) => readJson(join(COOKBOOK, 'jwe', f));
const all = await backends();

/** Runs `fn` on each backend; a backend that lacks the operation is skipped with the reason printed. */
async function onEach(t: { diagnostic(m: string): void }, needs: (b: Backend) => string | undefined, fn: (b: Backend, name: string) => Promise<void>): Promise<number> {
  let ran = 0;
  for (const { name, backend } of all) {
    const missing = needs(backend);
    if (missing) {
      t.diagnostic(`skipped on ${name}: ${missing}`);
      continue;
    }
    await fn(backend, name);
    ran++;
  }
  assert.ok(ran > 0, 'at least one backend ran the example');
  return ran;
}
type What = Parameters<typeof joseUnsupportedReason>[1];
/** The backend must run every listed JOSE algorithm (encrypt and decrypt / sign and verify). */
const needs = (...whats: What[]) => (b: Backend) => {
  for (const w of whats) {
    for (const operation of w.alg && JWS_ALGORITHM_NAMES.includes(w.alg as never) ? (['sign', 'verify'] as const) : (['encrypt', 'decrypt'] as const)) {
      const r = joseUnsupportedReason(b, { ...w, operation });
      if (r) return r;
    }
  }
  return undefined;
};

describe('RFC 7520 §3 JWK examples', () => {
  const dir = join(COOKBOOK, 'jwk');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    it(`${f}: imports and exports back to the same members`, () => {
      const jwk = readJson<Jwk>(join(dir, f));
      const key = keyFromJwk(jwk);
      const isPrivate = jwk.d !== undefined || jwk.kty === 'oct';
      const out = exportJwk(key, { private: isPrivate });
      for (const [k, v] of Object.entries(out)) assert.equal(v, jwk[k], `member ${k}`);
      assert.equal(Object.keys(out).length, Object.keys(jwk).filter((k) => !['kid', 'use', 'alg'].includes(k)).length);
    });
  }
  it('RFC 7638 §3.1 thumbprint of the RFC 7517 RSA key', () => {
    const key = keyFromJwk({
      kty: 'RSA',
      e: 'AQAB',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    });
    assert.equal(jwkThumbprint(key), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});

describe('RFC 7520 §4 JWS examples', () => {
  it('4.1 RS256: verifies, and signing re-produces the exact token (deterministic)', async (t) => {
    const ex = jws('4_1.rsa_v15_signature.json');
    await onEach(t, needs({ alg: 'RS256' }), async (backend) => {
      const r = await verifyCompact(ex.output.compact, ex.input.key, { backend, algorithms: ['RS256'] });
      assert.equal(text(r.payload), ex.input.payload);
      const token = await signCompact(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected });
      assert.equal(token, ex.output.compact);
      const flat = await verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['RS256'] });
      assert.equal(text(flat.payload), ex.input.payload);
      const gen = await verifyGeneral(ex.output.json, ex.input.key, { backend, algorithms: ['RS256'] });
      assert.equal(gen.index, 0);
    });
  });

  it('4.2 PS384: verifies; a fresh signature verifies; a tampered payload does not', async (t) => {
    const ex = jws('4_2.rsa-pss_signature.json');
    await onEach(t, needs({ alg: 'PS384' }), async (backend) => {
      const r = await verifyCompact(ex.output.compact, ex.input.key, { backend, algorithms: ['PS384'] });
      assert.equal(text(r.payload), ex.input.payload);
      const token = await signCompact(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected });
      assert.equal(token.split('.')[0], ex.signing.protected_b64u);
      assert.notEqual(token, ex.output.compact, 'PSS is randomized');
      assert.equal(text((await verifyCompact(token, ex.input.key, { backend, algorithms: ['PS384'] })).payload), ex.input.payload);
      const [h, , s] = ex.output.compact.split('.');
      await rejectsCode(() => verifyCompact(`${h}.${Buffer.from('tampered').toString('base64url')}.${s}`, ex.input.key, { backend, algorithms: ['PS384'] }), 'ERR_JWS_SIGNATURE_INVALID');
    });
  });

  it('4.3 ES512: verifies (compact, flattened, general) and re-signs', async (t) => {
    const ex = jws('4_3.ecdsa_signature.json');
    await onEach(t, needs({ alg: 'ES512' }), async (backend) => {
      for (const tok of [ex.output.compact]) assert.equal(text((await verifyCompact(tok, ex.input.key, { backend, algorithms: ['ES512'] })).payload), ex.input.payload);
      await verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['ES512'] });
      await verifyGeneral(ex.output.json, ex.input.key, { backend, algorithms: ['ES512'] });
      const token = await signCompact(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected });
      await verifyCompact(token, ex.input.key, { backend, algorithms: ['ES512'] });
    });
  });

  it('4.4 HS256: verifies and re-produces exactly in every serialization', async (t) => {
    const ex = jws('4_4.hmac-sha2_integrity_protection.json');
    await onEach(t, needs({ alg: 'HS256' }), async (backend) => {
      assert.equal(await signCompact(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected }), ex.output.compact);
      assert.deepEqual(await signFlattened(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected }), ex.output.json_flat);
      assert.deepEqual(await signGeneral(ex.input.payload, [{ key: ex.input.key, protectedHeader: ex.signing.protected }], { backend }), ex.output.json);
      await verifyCompact(ex.output.compact, ex.input.key, { backend, algorithms: ['HS256'] });
    });
  });

  it('4.5 detached content: verifies only with the payload supplied, and re-produces', async (t) => {
    const ex = jws('4_5.signature_with_detached_content.json');
    await onEach(t, needs({ alg: 'HS256' }), async (backend) => {
      const r = await verifyCompact(ex.output.compact, ex.input.key, { backend, algorithms: ['HS256'], payload: ex.input.payload });
      assert.equal(text(r.payload), ex.input.payload);
      await rejectsCode(() => verifyCompact(ex.output.compact, ex.input.key, { backend, algorithms: ['HS256'], payload: 'other' }), 'ERR_JWS_SIGNATURE_INVALID');
      await rejectsCode(() => verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
      await verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['HS256'], payload: bytes(ex.input.payload) });
      assert.equal(await signCompact(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected, detached: true }), ex.output.compact);
    });
  });

  it('4.6 protecting specific header fields (flattened + unprotected kid): verifies and re-produces', async (t) => {
    const ex = jws('4_6.protecting_specific_header_fields.json');
    await onEach(t, needs({ alg: 'HS256' }), async (backend) => {
      const r = await verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['HS256'] });
      assert.deepEqual(r.unprotectedHeader, ex.signing.unprotected);
      assert.deepEqual(await signFlattened(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected, unprotectedHeader: ex.signing.unprotected }), ex.output.json_flat);
      await verifyGeneral(ex.output.json, ex.input.key, { backend, algorithms: ['HS256'] });
    });
  });

  it('4.7 protecting content only (no protected header): verifies and re-produces', async (t) => {
    const ex = jws('4_7.protecting_content_only.json');
    await onEach(t, needs({ alg: 'HS256' }), async (backend) => {
      const r = await verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['HS256'] });
      assert.equal(text(r.payload), ex.input.payload);
      assert.deepEqual(await signFlattened(ex.input.payload, ex.input.key, { backend, unprotectedHeader: ex.signing.unprotected }), ex.output.json_flat);
    });
  });

  it('4.8 multiple signatures: each signer key verifies its entry; HS256/RS256 entries re-produce', async (t) => {
    const ex = jws('4_8.multiple_signatures.json');
    await onEach(t, needs({ alg: 'RS256' }, { alg: 'ES512' }, { alg: 'HS256' }), async (backend) => {
      const [rsa, ec, oct] = ex.input.key as Jwk[];
      assert.equal((await verifyGeneral(ex.output.json, rsa!, { backend, algorithms: ['RS256'] })).index, 0);
      assert.equal((await verifyGeneral(ex.output.json, ec!, { backend, algorithms: ['ES512'] })).index, 1);
      assert.equal((await verifyGeneral(ex.output.json, oct!, { backend, algorithms: ['HS256'] })).index, 2);
      // The EC key is not allowed when only RS256 is pinned, and the RSA key fails on the HS256/ES512 entries.
      await rejectsCode(() => verifyGeneral(ex.output.json, ec!, { backend, algorithms: ['RS256'] }), 'ERR_JWS_SIGNATURE_INVALID');
      const signers = ex.signing.map((s: { protected?: JwsHeader; unprotected?: Record<string, unknown> }, i: number) => ({
        key: (ex.input.key as Jwk[])[i]!,
        ...(s.protected ? { protectedHeader: s.protected } : {}),
        ...(s.unprotected ? { unprotectedHeader: s.unprotected } : {}),
      }));
      const out = await signGeneral(ex.input.payload, signers, { backend });
      assert.equal(out.payload, ex.output.json.payload);
      assert.deepEqual(out.signatures[0], ex.output.json.signatures[0]);
      assert.deepEqual(out.signatures[2], ex.output.json.signatures[2]);
      assert.equal((await verifyGeneral(out, ec!, { backend, algorithms: ['ES512'] })).index, 1);
    });
  });
});

describe('RFC 7797 unencoded payload (b64: false)', () => {
  it('4.2 compact with crit ["b64"]: verifies and re-produces; JSON forms verify', async (t) => {
    const ex = readJson(join(COOKBOOK, 'rfc7797', 'hmac-sha2_b64_false.json'));
    await onEach(t, needs({ alg: 'HS256' }), async (backend) => {
      const r = await verifyCompact(ex.output.compact, ex.input.key, { backend, algorithms: ['HS256'] });
      assert.equal(text(r.payload), ex.input.payload);
      const header = JSON.parse(Buffer.from(ex.output.compact.split('.')[0], 'base64url').toString());
      assert.equal(await signCompact(ex.input.payload, ex.input.key, { backend, protectedHeader: header }), ex.output.compact);
      await verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['HS256'] });
      await verifyGeneral(ex.output.json, ex.input.key, { backend, algorithms: ['HS256'] });
    });
  });
  it('"b64": false without "crit" (the JSON-only example) is rejected: RFC 7797 §6 requires crit', async (t) => {
    const ex = readJson(join(COOKBOOK, 'rfc7797', '4.2.hmac-sha2_b64_false.json'));
    await onEach(t, needs({ alg: 'HS256' }), async (backend) => {
      await rejectsCode(() => verifyFlattened(ex.output.json_flat, ex.input.key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
    });
  });
});

describe('RFC 8037 (curve25519 directory)', () => {
  it('Ed25519 JWS: verifies and re-produces (EdDSA is deterministic)', async (t) => {
    const ex = readJson(join(COOKBOOK, 'curve25519', 'jws.json'));
    await onEach(t, needs({ alg: 'EdDSA' }), async (backend) => {
      const r = await verifyCompact(ex.output.compact, ex.input.key, { backend, algorithms: ['EdDSA'] });
      assert.equal(text(r.payload), ex.input.payload);
      assert.equal(await signCompact(ex.input.payload, ex.input.key, { backend, protectedHeader: ex.signing.protected }), ex.output.compact);
    });
  });
  it('X25519 ECDH-ES + A128GCM: decrypts (compact and JSON)', async (t) => {
    const ex = readJson(join(COOKBOOK, 'curve25519', 'ecdh-es.json'));
    await onEach(t, needs({ alg: 'ECDH-ES', enc: 'A128GCM', curve: 'X25519' }), async (backend) => {
      const opts = { backend, keyManagementAlgorithms: ['ECDH-ES'] };
      assert.equal(text((await decryptCompact(ex.output.compact, ex.input.key, opts)).plaintext), ex.input.plaintext);
      assert.equal(text((await decryptFlattened(ex.output.json_flat, ex.input.key, opts)).plaintext), ex.input.plaintext);
    });
  });
});

function reproduceParams(ex: any) {
  const out: Record<string, unknown> = {};
  if (ex.generated?.cek) out.cek = fromBase64url(ex.generated.cek);
  if (ex.generated?.iv) out.iv = fromBase64url(ex.generated.iv);
  return out as { cek?: Uint8Array; iv?: Uint8Array };
}

async function checkJweExample(backend: Backend, ex: any, alg: string, key: unknown = ex.input.key) {
  const opts = { backend, keyManagementAlgorithms: [alg] };
  const k = key as Jwk;
  if (ex.output.compact) assert.equal(text((await decryptCompact(ex.output.compact, k, opts)).plaintext), ex.input.plaintext);
  if (ex.output.json_flat) assert.equal(text((await decryptFlattened(ex.output.json_flat, k, opts)).plaintext), ex.input.plaintext);
  // Direct-mode examples give their general JSON without "recipients"; decryptJwe reads it as flattened.
  if (ex.output.json) assert.equal(text((await decryptJwe(ex.output.json, k, opts)).plaintext), ex.input.plaintext);
}

describe('RFC 7520 §5 JWE examples', () => {
  it('5.1 RSA1_5 is refused with ERR_JOSE_NOT_SUPPORTED (see README: RSA1_5)', async () => {
    const ex = jwe('5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json');
    const backend = all[0]!.backend;
    const e = await rejectsCode(() => decryptCompact(ex.output.compact, ex.input.key, { backend, keyManagementAlgorithms: ['RSA1_5'] }), 'ERR_JOSE_NOT_SUPPORTED');
    assert.match(e.message, /RSA1_5/);
    await rejectsCode(() => decryptCompact(ex.output.compact, ex.input.key, { backend, keyManagementAlgorithms: ['RSA-OAEP'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('5.2 RSA-OAEP + A256GCM: decrypts; with its CEK and IV, re-encryption gives the same ciphertext and tag', async (t) => {
    const ex = jwe('5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json');
    await onEach(t, needs({ alg: 'RSA-OAEP', enc: 'A256GCM' }), async (backend) => {
      await checkJweExample(backend, ex, 'RSA-OAEP');
      const token = await encryptCompact(ex.input.plaintext, ex.input.key, { backend, protectedHeader: ex.encrypting_content.protected, ...reproduceParams(ex) });
      const [p, ek, iv, ct, tag] = token.split('.');
      assert.equal(p, ex.encrypting_content.protected_b64u);
      assert.notEqual(ek, ex.encrypting_key.encrypted_key, 'OAEP is randomized');
      assert.equal(iv, ex.generated.iv);
      assert.equal(ct, ex.encrypting_content.ciphertext);
      assert.equal(tag, ex.encrypting_content.tag);
      assert.equal(text((await decryptCompact(token, ex.input.key, { backend, keyManagementAlgorithms: ['RSA-OAEP'] })).plaintext), ex.input.plaintext);
    });
  });

  it('5.3 PBES2-HS512+A256KW + A128CBC-HS256: decrypts and re-produces exactly', async (t) => {
    const ex = jwe('5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json');
    const pwd = bytes(ex.input.pwd);
    await onEach(t, needs({ alg: 'PBES2-HS512+A256KW', enc: 'A128CBC-HS256' }), async (backend) => {
      await checkJweExample(backend, ex, 'PBES2-HS512+A256KW', pwd);
      const token = await encryptCompact(ex.input.plaintext, pwd, {
        backend,
        protectedHeader: { ...ex.encrypting_content.protected },
        keyManagement: { p2s: fromBase64url(ex.encrypting_key.salt), p2c: ex.encrypting_key.iteration_count },
        ...reproduceParams(ex),
      });
      assert.equal(token, ex.output.compact);
      assert.equal(text((await decryptCompact(token, pwd, { backend, keyManagementAlgorithms: ['PBES2-HS512+A256KW'] })).plaintext), ex.input.plaintext);
      // With the example's exact protected header, ciphertext and tag match too.
      const flat = await encryptFlattened(ex.input.plaintext, pwd, {
        backend,
        protectedHeader: { ...ex.encrypting_content.protected },
        keyManagement: { p2s: fromBase64url(ex.encrypting_key.salt), p2c: ex.encrypting_key.iteration_count },
        ...reproduceParams(ex),
      });
      assert.equal(flat.protected, ex.encrypting_content.protected_b64u);
      assert.equal(flat.encrypted_key, ex.encrypting_key.encrypted_key);
      assert.equal(flat.ciphertext, ex.encrypting_content.ciphertext);
      assert.equal(flat.tag, ex.encrypting_content.tag);
    });
  });

  it('5.4 ECDH-ES+A128KW (P-384) + A128GCM: decrypts and re-produces exactly with the example ephemeral key', async (t) => {
    const ex = jwe('5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json');
    await onEach(t, needs({ alg: 'ECDH-ES+A128KW', enc: 'A128GCM', curve: 'P-384' }), async (backend) => {
      await checkJweExample(backend, ex, 'ECDH-ES+A128KW');
      const epk = keyFromJwk(ex.encrypting_key.epk) as PrivateKey;
      // The example's header (epk included, so members keep its order); the library overwrites epk with the real one.
      const token = await encryptCompact(ex.input.plaintext, ex.input.key, { backend, protectedHeader: ex.encrypting_content.protected, keyManagement: { epk }, ...reproduceParams(ex) });
      assert.equal(token, ex.output.compact);
    });
  });

  it('5.5 ECDH-ES (P-256) + A128CBC-HS256: decrypts and re-produces exactly', async (t) => {
    const ex = jwe('5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json');
    await onEach(t, needs({ alg: 'ECDH-ES', enc: 'A128CBC-HS256', curve: 'P-256' }), async (backend) => {
      await checkJweExample(backend, ex, 'ECDH-ES');
      const epk = keyFromJwk(ex.encrypting_key.epk) as PrivateKey;
      const token = await encryptCompact(ex.input.plaintext, ex.input.key, { backend, protectedHeader: ex.encrypting_content.protected, keyManagement: { epk }, iv: fromBase64url(ex.generated.iv) });
      assert.equal(token, ex.output.compact);
    });
  });

  it('5.6 dir + A128GCM: decrypts and re-produces exactly', async (t) => {
    const ex = jwe('5_6.direct_encryption_using_aes-gcm.json');
    await onEach(t, needs({ alg: 'dir', enc: 'A128GCM' }), async (backend) => {
      await checkJweExample(backend, ex, 'dir');
      const token = await encryptCompact(ex.input.plaintext, ex.input.key, { backend, protectedHeader: ex.encrypting_content.protected, iv: fromBase64url(ex.generated.iv) });
      assert.equal(token, ex.output.compact);
    });
  });

  it('5.7 A256GCMKW + A128CBC-HS256: decrypts and re-produces exactly', async (t) => {
    const ex = jwe('5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json');
    await onEach(t, needs({ alg: 'A256GCMKW', enc: 'A128CBC-HS256' }), async (backend) => {
      await checkJweExample(backend, ex, 'A256GCMKW');
      const token = await encryptCompact(ex.input.plaintext, ex.input.key, {
        backend, protectedHeader: { ...ex.encrypting_content.protected, iv: 'placeholder', tag: 'placeholder' }, keyManagement: { iv: fromBase64url(ex.encrypting_key.iv) }, ...reproduceParams(ex),
      });
      assert.equal(token, ex.output.compact);
    });
  });

  it('5.8 A128KW + A128GCM: decrypts and re-produces exactly', async (t) => {
    const ex = jwe('5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json');
    await onEach(t, needs({ alg: 'A128KW', enc: 'A128GCM' }), async (backend) => {
      await checkJweExample(backend, ex, 'A128KW');
      const token = await encryptCompact(ex.input.plaintext, ex.input.key, { backend, protectedHeader: ex.encrypting_content.protected, ...reproduceParams(ex) });
      assert.equal(token, ex.output.compact);
    });
  });

  it('5.9 zip DEF: decrypts to the original (inflated) plaintext; our own zip round-trips', async (t) => {
    const ex = jwe('5_9.compressed_content.json');
    await onEach(t, needs({ alg: 'A128KW', enc: 'A128GCM' }), async (backend) => {
      await checkJweExample(backend, ex, 'A128KW');
      const token = await encryptCompact(ex.input.plaintext, ex.input.key, { backend, protectedHeader: ex.encrypting_content.protected });
      const r = await decryptCompact(token, ex.input.key, { backend, keyManagementAlgorithms: ['A128KW'] });
      assert.equal(text(r.plaintext), ex.input.plaintext);
      assert.equal(r.protectedHeader.zip, 'DEF');
    });
  });

  it('5.10 additional authenticated data: decrypts, re-produces exactly, and the AAD is authenticated', async (t) => {
    const ex = jwe('5_10.including_additional_authentication_data.json');
    await onEach(t, needs({ alg: 'A128KW', enc: 'A128GCM' }), async (backend) => {
      await checkJweExample(backend, ex, 'A128KW');
      const flat = await encryptFlattened(ex.input.plaintext, ex.input.key, {
        backend, protectedHeader: ex.encrypting_content.protected, aad: ex.input.aad, ...reproduceParams(ex),
      });
      assert.deepEqual(flat, ex.output.json_flat);
      await rejectsCode(
        () => decryptFlattened({ ...ex.output.json_flat, aad: Buffer.from('other').toString('base64url') }, ex.input.key, { backend, keyManagementAlgorithms: ['A128KW'] }),
        'ERR_DECRYPTION_FAILED',
      );
    });
  });

  it('5.11 protecting specific header fields: decrypts and re-produces exactly', async (t) => {
    const ex = jwe('5_11.protecting_specific_header_fields.json');
    await onEach(t, needs({ alg: 'A128KW', enc: 'A128GCM' }), async (backend) => {
      await checkJweExample(backend, ex, 'A128KW');
      const flat = await encryptFlattened(ex.input.plaintext, ex.input.key, {
        backend, protectedHeader: ex.encrypting_content.protected, sharedUnprotectedHeader: ex.encrypting_content.unprotected, ...reproduceParams(ex),
      });
      assert.deepEqual(flat, ex.output.json_flat);
    });
  });

  it('5.12 protecting content only: decrypts and re-produces exactly', async (t) => {
    const ex = jwe('5_12.protecting_content_only.json');
    await onEach(t, needs({ alg: 'A128KW', enc: 'A128GCM' }), async (backend) => {
      await checkJweExample(backend, ex, 'A128KW');
      const flat = await encryptFlattened(ex.input.plaintext, ex.input.key, {
        backend, sharedUnprotectedHeader: ex.encrypting_content.unprotected, ...reproduceParams(ex),
      });
      assert.deepEqual(flat, ex.output.json_flat);
    });
  });

  it('5.13 multiple recipients: the ECDH-ES+A256KW and A256GCMKW recipients decrypt; RSA1_5 is refused', async (t) => {
    const ex = jwe('5_13.encrypting_to_multiple_recipients.json');
    await onEach(t, needs({ alg: 'ECDH-ES+A256KW', enc: 'A128CBC-HS256', curve: 'P-521' }, { alg: 'A256GCMKW', enc: 'A128CBC-HS256' }), async (backend) => {
      const [rsa, ec, oct] = ex.input.key as Jwk[];
      const r1 = await decryptGeneral(ex.output.json, ec!, { backend, keyManagementAlgorithms: ['ECDH-ES+A256KW'] });
      assert.equal(r1.index, 1);
      assert.equal(text(r1.plaintext), ex.input.plaintext);
      const r2 = await decryptGeneral(ex.output.json, oct!, { backend, keyManagementAlgorithms: ['A256GCMKW'] });
      assert.equal(r2.index, 2);
      await rejectsCode(() => decryptGeneral(ex.output.json, rsa!, { backend, keyManagementAlgorithms: ['RSA1_5'] }), 'ERR_DECRYPTION_FAILED');
      // Our own multi-recipient encryption with the same CEK/IV gives the same ciphertext and tag.
      const out = await encryptGeneral(
        ex.input.plaintext,
        [
          { key: ec!, header: ex.output.json.recipients[1].header.kid ? { alg: 'ECDH-ES+A256KW', kid: ec!.kid } : { alg: 'ECDH-ES+A256KW' } },
          { key: oct!, header: { alg: 'A256GCMKW', kid: oct!.kid } },
        ],
        { backend, protectedHeader: ex.encrypting_content.protected, sharedUnprotectedHeader: ex.encrypting_content.unprotected, ...reproduceParams(ex) },
      );
      assert.equal(out.ciphertext, ex.output.json.ciphertext);
      assert.equal(out.tag, ex.output.json.tag);
      assert.equal((await decryptGeneral(out, oct!, { backend, keyManagementAlgorithms: ['A256GCMKW'] })).index, 1);
    });
  });
});

describe('RFC 7520 §6 nesting signatures and encryption', () => {
  it('decrypts the JWE, verifies the inner PS256 JWT (expired in 2011: checked at its own time)', async (t) => {
    const ex = readJson(join(COOKBOOK, '6.nesting_signatures_and_encryption.json'));
    await onEach(t, needs({ alg: 'PS256' }, { alg: 'RSA-OAEP', enc: 'A128GCM' }), async (backend) => {
      const r = await decryptAndVerifyJwt(ex.encrypt.output.compact, ex.encrypt.input.key, ex.sign.input.key, {
        backend, algorithms: ['PS256'], keyManagementAlgorithms: ['RSA-OAEP'], currentDate: 1300819000, issuer: 'hobbiton.example',
      });
      assert.equal(r.payload['http://example.com/is_root'], true);
      assert.equal(r.encryptionHeader.cty, 'JWT');
      await rejectsCode(
        () => decryptAndVerifyJwt(ex.encrypt.output.compact, ex.encrypt.input.key, ex.sign.input.key, { backend, algorithms: ['PS256'], keyManagementAlgorithms: ['RSA-OAEP'] }),
        'ERR_JWT_EXPIRED',
      );
      const inner = await verifyJwt(ex.sign.output.compact, ex.sign.input.key, { backend, algorithms: ['PS256'], currentDate: new Date(1300819000 * 1000) });
      assert.equal(inner.payload.iss, 'hobbiton.example');
      void importKey;
    });
  });
});
