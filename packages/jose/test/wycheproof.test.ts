/**
 * Wycheproof json_web_signature / json_web_encryption / json_web_key / json_web_crypto vectors
 * (../shared/wycheproof/testvectors_v1). Harness policy, as a careful caller would use the library:
 * - the key is the group's public JWK/JWKS (private when there is none); a JWK Set goes through createLocalJwkSet;
 * - the pinned algorithms are the key's `alg` when it names a JWS/JWE algorithm, else every algorithm the key type
 *   can do (RSA → RS/PS; EC P-256 → ES256; oct → HS*); a `dir` key whose `alg` is a content encryption pins `dir`;
 * - compact serialization only (the vectors expect a JSON serialization to be rejected by a compact API).
 * "valid" must succeed (and decrypt to `pt`); "invalid" must fail with a CryptoplugError. The few vectors whose
 * expectation contradicts another vector or RFC 7515 are listed in DEVIATIONS with the outcome we assert instead.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CryptoplugError, bytesToHex, isJwkLike, type Backend, type Jwk } from '@cryptoplug/core';
import {
  JWE_ALGORITHMS,
  JWS_ALGORITHMS,
  createLocalJwkSet,
  decodeProtectedHeader,
  decryptCompact,
  joseUnsupportedReason,
  verifyCompact,
  type KeyInput,
  type KeyResolver,
} from '../src/index.js';
import { WYCHEPROOF, backends, readJson } from './helpers.js';

interface Outcome {
  ok: boolean;
  code?: string;
  plaintextHex?: string;
}

/** tcId (per file) → the outcome we assert instead of Wycheproof's, and why. */
const DEVIATIONS: Record<string, Record<number, { ok: boolean; code?: string; why: string }>> = {
  'json_web_signature_test.json': {
    346: { ok: false, code: 'ERR_JOSE_ALG_NOT_ALLOWED', why: 'the key says "alg": "PS256" (so PS256 is pinned) but the RFC 7520 Figure 20 token is PS384; Wycheproof json_web_key "wrong_algorithm" demands rejecting such a mismatch' },
    350: { ok: false, code: 'ERR_JOSE_ALG_NOT_ALLOWED', why: 'same as 346 (with key_ops)' },
    347: { ok: false, code: 'ERR_JWK_INVALID', why: 'key says "alg": "ES521", which is not a JWA name (ES512 is); a JWK "alg" mismatch is rejected' },
    351: { ok: false, code: 'ERR_JWK_INVALID', why: 'same as 347 (with key_ops)' },
    367: { ok: true, why: 'this token is byte-identical to tcId 357, which Wycheproof marks valid' },
    370: { ok: true, why: 'this token is byte-identical to tcId 357, which Wycheproof marks valid' },
    372: { ok: false, code: 'ERR_JWS_INVALID', why: '"?" is not a base64url character; RFC 7515 §2 base64url is decoded strictly (the signature is over the original header anyway)' },
    373: { ok: false, code: 'ERR_JWS_INVALID', why: '"?" is not a base64url character; strict base64url' },
  },
  'json_web_encryption_test.json': {},
  'json_web_key_test.json': {},
  'json_web_crypto_test.json': {},
};
/** RSA1_5 is refused on purpose (README "RSA1_5"): its valid vectors fail with ERR_JOSE_NOT_SUPPORTED. */
const RSA1_5_REFUSED = { ok: false, code: 'ERR_JOSE_NOT_SUPPORTED', why: 'RSA1_5 is refused by design (no PKCS#1 v1.5 decryption in the contract)' };

function algsForJwk(jwk: Jwk, family: 'jws' | 'jwe'): string[] {
  const table = family === 'jws' ? JWS_ALGORITHMS : JWE_ALGORITHMS;
  if (typeof jwk.alg === 'string' && Object.prototype.hasOwnProperty.call(table, jwk.alg)) return [jwk.alg];
  if (family === 'jwe') {
    if (jwk.kty === 'oct' && typeof jwk.alg === 'string' && /^A\d+(GCM|CBC-HS\d+)$/.test(jwk.alg)) return ['dir'];
    if (jwk.alg === 'RSA1_5') return ['RSA1_5'];
    return [];
  }
  switch (jwk.kty) {
    case 'RSA':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'EC':
      return jwk.crv === 'P-256' ? ['ES256'] : jwk.crv === 'P-384' ? ['ES384'] : jwk.crv === 'P-521' ? ['ES512'] : [];
    case 'OKP':
      return ['EdDSA'];
    case 'oct':
      return ['HS256', 'HS384', 'HS512'];
    default:
      return [];
  }
}

function keyOf(group: any, family: 'jws' | 'jwe'): { key: KeyInput | KeyResolver; algorithms: string[] } {
  const material = family === 'jws' ? (group.public ?? group.private) : group.private;
  if (isJwkLike(material)) return { key: material, algorithms: algsForJwk(material, family) };
  const jwks = material as { keys: Jwk[] };
  const algorithms = [...new Set(jwks.keys.flatMap((k) => (isJwkLike(k) ? algsForJwk(k, family) : [])))];
  let resolver: KeyResolver;
  try {
    resolver = createLocalJwkSet(jwks);
  } catch (e) {
    // An ambiguous set is refused when it is loaded: every token "verified" with it fails with that error.
    resolver = () => {
      throw e;
    };
  }
  return { key: resolver, algorithms: algorithms.length ? algorithms : ['HS256'] };
}

async function run(backend: Backend, group: any, test: any): Promise<Outcome> {
  try {
    if (typeof test.jws === 'string') {
      const { key, algorithms } = keyOf(group, 'jws');
      if (algorithms.length === 0) throw new CryptoplugError('ERR_UNSUPPORTED', 'no algorithm fits the key');
      await verifyCompact(test.jws, key, { backend, algorithms });
      return { ok: true };
    }
    const { key, algorithms } = keyOf(group, 'jwe');
    if (algorithms.length === 0) throw new CryptoplugError('ERR_UNSUPPORTED', 'no algorithm fits the key');
    const r = await decryptCompact(test.jwe, key, { backend, keyManagementAlgorithms: algorithms });
    return { ok: true, plaintextHex: bytesToHex(r.plaintext) };
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `tcId ${test.tcId}: a foreign error escaped: ${String(e)}`);
    assert.ok(!e.message.includes('\n'));
    return { ok: false, code: e.code };
  }
}

/** Why this backend cannot run the vector's algorithms (from its header), or undefined. */
function unsupported(backend: Backend, test: any): string | undefined {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(test.jws ?? test.jwe);
  } catch {
    return undefined; // malformed: fails before any cryptography, on every backend
  }
  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  const enc = typeof header.enc === 'string' ? header.enc : undefined;
  if (!alg || (!Object.prototype.hasOwnProperty.call(JWS_ALGORITHMS, alg) && !Object.prototype.hasOwnProperty.call(JWE_ALGORITHMS, alg))) return undefined;
  const epk = header.epk as { crv?: string } | undefined;
  const curve = (epk?.crv ?? undefined) as 'P-256' | undefined;
  return joseUnsupportedReason(backend, {
    alg,
    ...(enc && !test.jws ? { enc } : {}),
    ...(curve ? { curve } : {}),
    operation: test.jws ? 'verify' : 'decrypt',
  });
}

const all = await backends();

for (const { name: backendName, backend } of all)
for (const file of ['json_web_signature_test.json', 'json_web_encryption_test.json', 'json_web_key_test.json', 'json_web_crypto_test.json']) {
  const data = readJson(join(WYCHEPROOF, file));
  describe(`Wycheproof ${file} on ${backendName}`, () => {
    const tally = { total: 0, asExpected: 0, deviations: 0, skipped: 0 };
    for (const group of data.testGroups) {
      it(`${group.comment} (${group.tests.length} tests)`, async () => {
        for (const test of group.tests) {
          tally.total++;
          if (unsupported(backend, test)) {
            tally.skipped++;
            continue;
          }
          const out = await run(backend, group, test);
          const refused = JSON.stringify(test.jwe ?? '').length > 0 && typeof test.jwe === 'string' && (group.private?.alg === 'RSA1_5') && test.result === 'valid';
          const deviation = DEVIATIONS[file]![test.tcId] ?? (refused ? RSA1_5_REFUSED : undefined);
          const label = `tcId ${test.tcId} (${test.comment})`;
          if (deviation) {
            tally.deviations++;
            assert.equal(out.ok, deviation.ok, `${label}: deviation expects ok=${deviation.ok} (${deviation.why}), got ${JSON.stringify(out)}`);
            if (deviation.code) assert.equal(out.code, deviation.code, `${label}: ${deviation.why}`);
            continue;
          }
          if (test.result === 'valid') {
            assert.equal(out.ok, true, `${label}: expected valid, got ${out.code}`);
            if (test.pt !== undefined) assert.equal(out.plaintextHex, test.pt, `${label}: plaintext`);
          } else if (test.result === 'invalid') {
            assert.equal(out.ok, false, `${label}: expected invalid, but it was accepted`);
          }
          tally.asExpected++;
        }
      });
    }
    it('tally', () => {
      console.log(`# ${file} on ${backendName}: ${tally.total} vectors, ${tally.asExpected} as Wycheproof expects, ${tally.deviations} documented deviations, ${tally.skipped} skipped (backend lacks the algorithm), 0 failures`);
      assert.equal(tally.total, data.numberOfTests);
    });
  });
}
