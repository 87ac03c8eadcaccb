/**
 * The compact fast path of verifyCompact/verifyJwt (apps/bench/PROFILE.md): decoded headers are cached by their text,
 * payload/signature bytes may be pooled views internally — so check that results are still the caller's own, that
 * every option-dependent check runs on every call, and that malformed tokens fail as before. Tokens are made by panva
 * jose (an independent implementation), on every backend and auto.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as jose from 'jose';
import { SecretKey, type Backend } from '@cryptoplug/core';
import { signCompact, signJwt, verifyCompact, verifyJwt } from '../src/index.js';
import { backends, rejectsCode, text } from './helpers.js';

async function everyBackend(): Promise<Array<{ name: string; backend: Backend }>> {
  const { createRegistry } = (await import('@cryptoplug/backends')) as { createRegistry: () => { select(n: string): Promise<Backend> } };
  return [...(await backends()), { name: 'auto', backend: await createRegistry().select('auto') }];
}

const secret = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
const key = new SecretKey(secret);
const exp = Math.floor(Date.now() / 1000) + 3600;
const claims = { sub: 'device-7', iss: 'https://issuer.example', aud: 'svc', exp, scope: 'a b' };
const jwt = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'k1' }).sign(secret);
const jws = await new jose.CompactSign(new TextEncoder().encode('payload of some length, not JSON')).setProtectedHeader({ alg: 'HS256' }).sign(secret);
const list = await everyBackend();
const b64 = (t: string) => Buffer.from(t).toString('base64url');

describe('compact fast path', () => {
  it('results are the caller\'s own: changing one changes nothing for the next call', async () => {
    for (const { name, backend } of list) {
      const a = await verifyJwt(jwt, key, { backend, algorithms: ['HS256'], issuer: claims.iss, audience: 'svc' });
      assert.deepEqual(a.protectedHeader, { alg: 'HS256', typ: 'JWT', kid: 'k1' }, name);
      assert.deepEqual(a.payload, claims, name);
      (a.protectedHeader as Record<string, unknown>).kid = 'changed';
      const b = await verifyJwt(jwt, key, { backend, algorithms: ['HS256'] });
      assert.equal(b.protectedHeader.kid, 'k1', `${name}: the cached header is not the returned object`);
      assert.notEqual(b.protectedHeader, a.protectedHeader);

      const c = await verifyCompact(jws, key, { backend, algorithms: ['HS256'] });
      assert.equal(text(c.payload), 'payload of some length, not JSON', name);
      assert.equal(c.payload.byteOffset, 0, `${name}: payload bytes of their own`);
      assert.equal(c.payload.buffer.byteLength, c.payload.length, `${name}: payload bytes of their own (not a pooled view)`);
      c.payload.fill(0);
      assert.equal(text((await verifyCompact(jws, key, { backend, algorithms: ['HS256'] })).payload), 'payload of some length, not JSON', name);
    }
  });

  it('checks that depend on the options run on every call, also for a header seen before', async () => {
    for (const { name, backend } of list) {
      await verifyJwt(jwt, key, { backend, algorithms: ['HS256'] });
      await rejectsCode(() => verifyJwt(jwt, key, { backend, algorithms: ['HS384'] }), 'ERR_JOSE_ALG_NOT_ALLOWED', name);
      await rejectsCode(() => verifyJwt(jwt, key, { backend, algorithms: ['HS256'], limits: { maxHeaderLength: 20 } }), 'ERR_JWS_INVALID', name);
      await rejectsCode(() => verifyJwt(jwt, key, { backend, algorithms: ['HS256'], limits: { maxTokenLength: 40 } }), 'ERR_JWS_INVALID', name);
      await rejectsCode(() => verifyJwt(jwt, key, { backend, algorithms: ['HS256'], audience: 'other' }), 'ERR_JWT_CLAIM_INVALID', name);
      await rejectsCode(() => verifyJwt(jwt, key, { backend, algorithms: ['HS256'], typ: 'at+jwt' }), 'ERR_JWT_CLAIM_INVALID', name);
      await rejectsCode(() => verifyJwt(jwt, new SecretKey(new Uint8Array(32).fill(9)), { backend, algorithms: ['HS256'] }), 'ERR_JWS_SIGNATURE_INVALID', name);
    }
  });

  it('headers with nested values (crit) take the uncached path and keep their checks', async () => {
    const backend = list[0]!.backend;
    // signed with node:crypto directly (panva jose refuses to sign an extension it does not know)
    const input = `${b64(JSON.stringify({ alg: 'HS256', crit: ['exp-ext'], 'exp-ext': 1 }))}.${b64('{"sub":"x"}')}`;
    const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    await rejectsCode(() => verifyCompact(token, key, { backend, algorithms: ['HS256'] }), 'ERR_JOSE_NOT_SUPPORTED');
    const r = await verifyCompact(token, key, { backend, algorithms: ['HS256'], crit: { 'exp-ext': true } });
    assert.deepEqual(r.protectedHeader, { alg: 'HS256', crit: ['exp-ext'], 'exp-ext': 1 });
    (r.protectedHeader.crit as string[]).push('other');
    const again = await verifyCompact(token, key, { backend, algorithms: ['HS256'], crit: { 'exp-ext': true } });
    assert.deepEqual(again.protectedHeader.crit, ['exp-ext']);
  });

  it('signCompact: the cached header encoding gives the bytes of the caller\'s header, in the caller\'s key order', async () => {
    const backend = list[0]!.backend;
    for (const header of [{ alg: 'HS256' }, { alg: 'HS256', kid: 'k1', typ: 'JOSE' }, { typ: 'JOSE', alg: 'HS256' }, { alg: 'HS256', typ: 'JOSE', kid: 'k1' }, { alg: 'HS256', x: 1 }]) {
      for (const payload of ['text payload ✓', new Uint8Array([0, 255, 1, 254])]) {
        const token = await signCompact(payload, key, { backend, protectedHeader: header as { alg: string } });
        const [h, p, sig] = token.split('.') as [string, string, string];
        assert.equal(h, b64(JSON.stringify(header)), JSON.stringify(header));
        assert.equal(p, Buffer.from(payload).toString('base64url'));
        assert.equal(sig, createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'), 'an HMAC made by node:crypto');
        const r = await jose.compactVerify(token, secret);
        assert.deepEqual(r.protectedHeader, header);
      }
    }
    await rejectsCode(() => signCompact('x', key, { backend, protectedHeader: { alg: 'none' } }), 'ERR_JOSE_ALG_NOT_ALLOWED');
    await rejectsCode(() => signCompact('x', key, { backend: undefined as never, protectedHeader: { alg: 'none' } }), 'ERR_INPUT_INVALID');
  });

  it('malformed compact tokens are ERR_JWS_INVALID, and synchronous problems come back as rejections', async () => {
    const backend = list[0]!.backend;
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const bad = [`${h}.${p}`, `${h}.${p}.${s}.x`, `.${p}.${s}`, `${h}.${p}+.${s}`, `${h}.${p}.${s}=`, `${h}.${p}.${s.slice(0, -1)}`, `${h}A.${p}.${s}`, `e30.${p}.${s}`];
    for (const t of bad) await rejectsCode(() => verifyJwt(t, key, { backend, algorithms: ['HS256'] }), ['ERR_JWS_INVALID', 'ERR_JWS_SIGNATURE_INVALID'], t);
    // an empty header object has no alg
    await rejectsCode(() => verifyCompact(`e30.${p}.${s}`, key, { backend, algorithms: ['HS256'] }), 'ERR_JWS_INVALID');
    const pending = verifyJwt(jwt, key, undefined as never);
    assert.ok(pending instanceof Promise, 'verifyJwt without options rejects, it does not throw');
    await rejectsCode(() => pending, 'ERR_INPUT_INVALID');
    const signing = signJwt(claims, new Uint8Array(4), { backend, alg: 'HS256' });
    assert.ok(signing instanceof Promise, 'signJwt with a short key rejects, it does not throw');
    await rejectsCode(() => signing, 'ERR_KEY_INVALID');
  });
});
