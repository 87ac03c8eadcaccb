/** Issue 16: deeply nested JSON in a device token (header or signed claims) is ERR_LIMIT_EXCEEDED on every backend and auto. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CryptoplugError, importPrivateKey, type Backend } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { signCompact } from '@cryptoplug/jose';
import { decodeDeviceToken, verifyDeviceToken } from '../src/index.js';
import { KEYS } from './helpers.js';

const key = (name: string) => readFileSync(join(KEYS, name), 'utf8');
const b64u = (s: string) => Buffer.from(s).toString('base64url');
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'accepted';
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `not a CryptoplugError: ${String(e)}`);
    return e.code;
  }
}

test('deep header or claims: ERR_LIMIT_EXCEEDED (never a RangeError) on every backend and auto', async () => {
  const registry = createRegistry();
  const { available } = await registry.loadAll();
  const all: Backend[] = [...available, await registry.select('auto')];
  const now = 1_800_000_000;
  const deviceId = '0011AABB';
  for (const backend of all) {
    const claims = `{"iat":${now},"exp":${now + 600},"aud":"akenza.io/devices/${deviceId}","x":${deep(200)}}`;
    if (!backend.supports({ op: 'sign', alg: 'ECDSA', curve: 'P-256', hash: 'SHA-256' })) continue;
    const token = await signCompact(new TextEncoder().encode(claims), importPrivateKey(key('ec_private.pem')), { backend, protectedHeader: { alg: 'ES256' } });
    assert.equal(await code(verifyDeviceToken(token, { deviceId, publicKey: key('ec_public.pem'), backend, now })), 'ERR_LIMIT_EXCEEDED', backend.name);
    const deepHeader = `${b64u(`{"alg":"ES256","x":${deep(200)}}`)}.${token.split('.')[1]}.${token.split('.')[2]}`;
    assert.equal(await code(verifyDeviceToken(deepHeader, { deviceId, publicKey: key('ec_public.pem'), backend, now })), 'ERR_LIMIT_EXCEEDED', backend.name);
    assert.equal(await code(() => decodeDeviceToken(token)), 'ERR_LIMIT_EXCEEDED');
  }
});
