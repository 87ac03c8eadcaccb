/** JWT claims validation, claim setters and unverified inspection. Tokens under test are made by panva jose. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import {
  decodeJwt,
  decodeProtectedHeader,
  decodeUnverified,
  getUnverifiedClaims,
  getUnverifiedHeader,
  signJwt,
  verifyJwt,
  type VerifyJwtOptions,
} from '../src/index.js';
import { bytes, rejectsCode, webcrypto } from './helpers.js';

const backend = await webcrypto();
const key = new Uint8Array(32).fill(0x42);
const T = 1_700_000_000; // a fixed "now"

async function token(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(key);
}
const opts = (o: Partial<VerifyJwtOptions> = {}): VerifyJwtOptions => ({ backend, algorithms: ['HS256'], currentDate: T, ...o });

describe('exp / nbf / iat / max age / clock tolerance / current time', () => {
  it('exp: valid before, expired at and after exp; tolerance extends it', async () => {
    const t = await token({ exp: T + 10 });
    await verifyJwt(t, key, opts({ currentDate: T + 9 }));
    const e = await rejectsCode(() => verifyJwt(t, key, opts({ currentDate: T + 10 })), 'ERR_JWT_EXPIRED');
    assert.equal((e as unknown as { claim: string }).claim, 'exp');
    await rejectsCode(() => verifyJwt(t, key, opts({ currentDate: T + 100 })), 'ERR_JWT_EXPIRED');
    await verifyJwt(t, key, opts({ currentDate: T + 100, clockTolerance: 91 }));
    await verifyJwt(t, key, opts({ currentDate: T + 100, clockTolerance: '2m' }));
    await rejectsCode(() => verifyJwt(t, key, opts({ currentDate: T + 100, clockTolerance: 90 })), 'ERR_JWT_EXPIRED');
  });
  it('currentDate as a Date or as seconds; default is the real clock', async () => {
    const t = await token({ exp: T + 10 });
    await verifyJwt(t, key, opts({ currentDate: new Date((T + 5) * 1000) }));
    await rejectsCode(() => verifyJwt(t, key, opts({ currentDate: new Date((T + 11) * 1000) })), 'ERR_JWT_EXPIRED');
    await rejectsCode(() => verifyJwt(t, key, { backend, algorithms: ['HS256'] }), 'ERR_JWT_EXPIRED'); // 2023 is past
    const future = await token({ exp: Math.floor(Date.now() / 1000) + 3600 });
    await verifyJwt(future, key, { backend, algorithms: ['HS256'] });
  });
  it('nbf: not yet valid before nbf (with tolerance)', async () => {
    const t = await token({ nbf: T + 60 });
    await rejectsCode(() => verifyJwt(t, key, opts()), 'ERR_JWT_CLAIM_INVALID');
    await verifyJwt(t, key, opts({ clockTolerance: 60 }));
    await verifyJwt(t, key, opts({ currentDate: T + 60 }));
  });
  it('iat + maxTokenAge: too old is expired; iat in the future is invalid; iat required', async () => {
    const t = await token({ iat: T - 3600 });
    await verifyJwt(t, key, opts({ maxTokenAge: '1h' }));
    await rejectsCode(() => verifyJwt(t, key, opts({ maxTokenAge: 3599 })), 'ERR_JWT_EXPIRED');
    await verifyJwt(t, key, opts({ maxTokenAge: 3599, clockTolerance: 1 }));
    await rejectsCode(async () => verifyJwt(await token({ iat: T + 120 }), key, opts({ maxTokenAge: '1d' })), 'ERR_JWT_CLAIM_INVALID');
    const e = await rejectsCode(async () => verifyJwt(await token({}), key, opts({ maxTokenAge: 60 })), 'ERR_JWT_CLAIM_INVALID');
    assert.equal((e as unknown as { reason: string }).reason, 'missing');
  });
  it('registered claims of the wrong JSON type are invalid', async () => {
    for (const c of [{ exp: '1' }, { nbf: null }, { iat: {} }, { iss: 1 }, { sub: [] }, { jti: 2 }, { aud: [1] }, { aud: {} }]) {
      await rejectsCode(async () => verifyJwt(await token(c), key, opts()), 'ERR_JWT_CLAIM_INVALID', JSON.stringify(c));
    }
  });
});

describe('aud / iss / sub / jti / typ / required claims', () => {
  it('aud: string or array, intersection with the allowed audiences', async () => {
    await verifyJwt(await token({ aud: 'a' }), key, opts({ audience: 'a' }));
    await verifyJwt(await token({ aud: ['x', 'b'] }), key, opts({ audience: ['a', 'b'] }));
    await rejectsCode(async () => verifyJwt(await token({ aud: ['x', 'y'] }), key, opts({ audience: ['a', 'b'] })), 'ERR_JWT_CLAIM_INVALID');
    await rejectsCode(async () => verifyJwt(await token({}), key, opts({ audience: 'a' })), 'ERR_JWT_CLAIM_INVALID');
  });
  it('iss (one of several), sub, jti', async () => {
    const t = await token({ iss: 'urn:b', sub: 'alice', jti: 'id-1' });
    await verifyJwt(t, key, opts({ issuer: ['urn:a', 'urn:b'], subject: 'alice', jti: 'id-1' }));
    await rejectsCode(() => verifyJwt(t, key, opts({ issuer: 'urn:a' })), 'ERR_JWT_CLAIM_INVALID');
    await rejectsCode(() => verifyJwt(t, key, opts({ subject: 'bob' })), 'ERR_JWT_CLAIM_INVALID');
    await rejectsCode(() => verifyJwt(t, key, opts({ jti: 'id-2' })), 'ERR_JWT_CLAIM_INVALID');
  });
  it('typ: compared case-insensitively with an optional application/ prefix', async () => {
    const t = await token({}, { typ: 'application/AT+JWT' });
    await verifyJwt(t, key, opts({ typ: 'at+jwt' }));
    await rejectsCode(() => verifyJwt(t, key, opts({ typ: 'JWT' })), 'ERR_JWT_CLAIM_INVALID');
    await rejectsCode(async () => verifyJwt(await token({}), key, opts({ typ: 'JWT' })), 'ERR_JWT_CLAIM_INVALID');
  });
  it('requiredClaims', async () => {
    const t = await token({ sub: 's', custom: 0 });
    await verifyJwt(t, key, opts({ requiredClaims: ['sub', 'custom'] }));
    const e = await rejectsCode(() => verifyJwt(t, key, opts({ requiredClaims: ['sub', 'exp'] })), 'ERR_JWT_CLAIM_INVALID');
    assert.equal((e as unknown as { claim: string }).claim, 'exp');
  });
  it('the claims set must be a JSON object; JWTs never use b64: false', async () => {
    const arr = await new jose.CompactSign(bytes('[1,2]')).setProtectedHeader({ alg: 'HS256' }).sign(key);
    await rejectsCode(() => verifyJwt(arr, key, opts()), 'ERR_JWT_INVALID');
    const notJson = await new jose.CompactSign(bytes('hello')).setProtectedHeader({ alg: 'HS256' }).sign(key);
    await rejectsCode(() => verifyJwt(notJson, key, opts()), 'ERR_JWT_INVALID');
    const unencoded = await new jose.FlattenedSign(bytes('{}')).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(key);
    await rejectsCode(() => verifyJwt(`${unencoded.protected}.{}.${unencoded.signature}`, key, opts()), 'ERR_JWT_INVALID');
  });
});

describe('signJwt claim setters (checked by panva jose)', () => {
  it('issuedAt/expiresIn/notBeforeIn/iss/sub/aud/jti/typ/kid', async () => {
    const t = await signJwt({ scope: 'x' }, key, {
      backend, alg: 'HS256', kid: 'k', typ: 'JWT', issuer: 'i', subject: 's', audience: ['a1', 'a2'], jwtId: 'j',
      issuedAt: true, expiresIn: '2h', notBeforeIn: 30, currentDate: T, header: { cty: 'x' },
    });
    const { payload, protectedHeader } = await jose.jwtVerify(t, key, { currentDate: new Date((T + 60) * 1000), issuer: 'i', audience: 'a2', subject: 's' });
    assert.deepEqual(payload, { scope: 'x', iss: 'i', sub: 's', aud: ['a1', 'a2'], jti: 'j', iat: T, nbf: T + 30, exp: T + 7200 });
    assert.deepEqual(protectedHeader, { cty: 'x', alg: 'HS256', kid: 'k', typ: 'JWT' });
  });
  it('refuses non-object claims and non-numeric time claims', async () => {
    await rejectsCode(() => signJwt([] as never, key, { backend, alg: 'HS256' }), 'ERR_INPUT_INVALID');
    await rejectsCode(() => signJwt({ exp: 'soon' } as never, key, { backend, alg: 'HS256' }), 'ERR_INPUT_INVALID');
    await rejectsCode(() => signJwt({}, key, { backend, alg: 'HS256', expiresIn: 'forever' }), 'ERR_INPUT_INVALID');
  });
});

describe('unverified inspection (python-jose get_unverified_header / get_unverified_claims)', () => {
  it('decodes header and claims of a JWS without verifying', async () => {
    const t = await new jose.SignJWT({ a: 'b' }).setProtectedHeader({ alg: 'HS512', typ: 'JWT' }).sign(new Uint8Array(64));
    assert.deepEqual(decodeProtectedHeader(t), { alg: 'HS512', typ: 'JWT' });
    assert.deepEqual(getUnverifiedHeader(t), { alg: 'HS512', typ: 'JWT' });
    assert.deepEqual(decodeJwt(t), { a: 'b' });
    assert.deepEqual(getUnverifiedClaims(t), { a: 'b' });
    assert.deepEqual(decodeUnverified(t), { header: { alg: 'HS512', typ: 'JWT' }, claims: { a: 'b' } });
  });
  it('JWE: header only; claims cannot be read', async () => {
    const t = await new jose.EncryptJWT({ a: 1 }).setProtectedHeader({ alg: 'dir', enc: 'A128GCM' }).encrypt(new Uint8Array(16));
    assert.deepEqual(decodeProtectedHeader(t), { alg: 'dir', enc: 'A128GCM' });
    await rejectsCode(() => decodeJwt(t), 'ERR_JWT_INVALID');
  });
  it('JSON serializations and garbage', async () => {
    const g = await new jose.GeneralSign(bytes('{}')).addSignature(key).setProtectedHeader({ alg: 'HS256' }).setUnprotectedHeader({ kid: 'u' }).sign();
    assert.deepEqual(decodeProtectedHeader(g as never), { kid: 'u', alg: 'HS256' });
    assert.deepEqual(decodeProtectedHeader(JSON.stringify(g)), { kid: 'u', alg: 'HS256' });
    for (const bad of ['', 'a.b', 'x.y.z', '!!!.e30.', '{']) await rejectsCode(() => decodeProtectedHeader(bad), 'ERR_JWT_INVALID', bad);
  });
});
