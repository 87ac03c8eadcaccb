/** The opt-in verified-token cache of verifyJwt. Tokens are made by panva jose (an independent implementation). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { SecretKey } from '@cryptoplug/core';
import { createJwtCache, verifyJwt, type VerifyJwtOptions } from '@cryptoplug/jose';
import { backends, rejectsCode, webcrypto } from './helpers.js';

const backend = await webcrypto();
const secret = new Uint8Array(32).fill(0x42);
const key = new SecretKey(secret);
// a "now" ahead of the clock, so the cache (which also looks at the real clock) never sees the entries as expired
const T = Math.floor(Date.now() / 1000) + 1000;
const make = (claims: Record<string, unknown>) => new jose.SignJWT({ sub: 's', aud: 'a', exp: T + 100, ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(secret);
const opts = (o: Partial<VerifyJwtOptions> = {}): VerifyJwtOptions => ({ backend, algorithms: ['HS256'], audience: 'a', currentDate: T, ...o });

describe('verified-token cache', () => {
  it('a hit returns the same (frozen) result; claims are still checked against this call', async () => {
    const cache = createJwtCache();
    const token = await make({});
    const a = await verifyJwt(token, key, opts({ cache }));
    const b = await verifyJwt(token, key, opts({ cache }));
    assert.equal(b.payload, a.payload, 'served from the cache');
    assert.equal(a.payload.sub, 's');
    assert.ok(Object.isFrozen(a.payload) && Object.isFrozen(a.protectedHeader));
    assert.equal(cache.size, 1);
    // a hit with other claim options is still validated (audience, then time)
    await rejectsCode(() => verifyJwt(token, key, opts({ cache, audience: 'other' })), 'ERR_JWT_CLAIM_INVALID');
    await rejectsCode(() => verifyJwt(token, key, opts({ cache, currentDate: T + 100 })), 'ERR_JWT_EXPIRED');
  });

  it('an expired entry is not served', async () => {
    const cache = createJwtCache();
    const token = await make({});
    const a = await verifyJwt(token, key, opts({ cache }));
    // past exp by this call's clock, within the clock tolerance: the claims pass, but the entry must be gone
    const b = await verifyJwt(token, key, opts({ cache, currentDate: T + 200, clockTolerance: 300 }));
    assert.notEqual(b.payload, a.payload, 're-verified, not served');
    assert.deepEqual({ ...b.payload }, { ...a.payload });
  });

  it('another key object or backend misses; the algorithms, crit and limits of each call are checked on a hit', async () => {
    const cache = createJwtCache();
    const token = await make({});
    const a = await verifyJwt(token, key, opts({ cache }));
    // an allow-list that still admits the token's alg may be served (the entry vouches for the signature only)
    assert.equal((await verifyJwt(token, key, opts({ cache, algorithms: ['HS384', 'HS256'] }))).payload, a.payload);
    // one that does not, or tighter limits, are refused although the token is cached
    await rejectsCode(() => verifyJwt(token, key, opts({ cache, algorithms: ['HS384'] })), 'ERR_JOSE_ALG_NOT_ALLOWED');
    await rejectsCode(() => verifyJwt(token, key, opts({ cache, limits: { maxTokenLength: 20 } })), 'ERR_JWS_INVALID');
    await rejectsCode(() => verifyJwt(token, key, opts({ cache, limits: { maxHeaderLength: 4 } })), 'ERR_JWS_INVALID');
    assert.equal(cache.size, 1);
    const otherBackend = await verifyJwt(token, key, opts({ cache, backend: (await backends())[1]!.backend }));
    assert.notEqual(otherBackend.payload, a.payload);
    const otherKey = await verifyJwt(token, new SecretKey(secret), opts({ cache }));
    assert.notEqual(otherKey.payload, a.payload);
    const other = await verifyJwt(token, key, opts({ cache }));
    assert.notEqual(other.payload, otherKey.payload);
    // a wrong key is never answered from the cache
    await rejectsCode(() => verifyJwt(token, new SecretKey(new Uint8Array(32).fill(7)), opts({ cache })), 'ERR_JWS_SIGNATURE_INVALID');
    // neither are raw bytes (mutable) cached
    const raw = await verifyJwt(token, secret, opts({ cache }));
    assert.notEqual(raw.payload, other.payload);
  });

  it('a tampered token misses (and fails)', async () => {
    const cache = createJwtCache();
    const token = await make({});
    await verifyJwt(token, key, opts({ cache }));
    const [h, p, s] = token.split('.') as [string, string, string];
    const tampered = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    await rejectsCode(() => verifyJwt(tampered, key, opts({ cache })), 'ERR_JWS_SIGNATURE_INVALID');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin', aud: 'a', exp: T + 100 })).toString('base64url')}.${s}`;
    await rejectsCode(() => verifyJwt(forged, key, opts({ cache })), 'ERR_JWS_SIGNATURE_INVALID');
  });

  it('the bound is respected (least recently used goes first)', async () => {
    const cache = createJwtCache({ max: 2 });
    const tokens = await Promise.all([1, 2, 3].map((n) => make({ n })));
    const first = await verifyJwt(tokens[0]!, key, opts({ cache }));
    await verifyJwt(tokens[1]!, key, opts({ cache }));
    await verifyJwt(tokens[0]!, key, opts({ cache })); // token 1 is now the most recent
    await verifyJwt(tokens[2]!, key, opts({ cache })); // evicts token 2
    assert.equal(cache.size, 2);
    assert.equal((await verifyJwt(tokens[0]!, key, opts({ cache }))).payload, first.payload);
    assert.throws(() => createJwtCache({ max: 0 }), { code: 'ERR_INPUT_INVALID' });
  });
});
