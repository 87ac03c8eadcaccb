/**
 * Issue 16 row 6: deeply nested JSON anywhere in an ETAMP message (the message itself, the Token header, the signed
 * claims) is a CryptoplugError (ERR_LIMIT_EXCEEDED from core's guarded parser), never a plain RangeError — on every
 * capable backend and auto.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoplugError, importPrivateKey, type Backend } from '@cryptoplug/core';
import { signCompact } from '@cryptoplug/jose';
import { createEtamp, formatEtampMessage, verifyEtamp } from '../src/index.js';
import { VECTORS, capableBackends } from './helpers.js';

const SENDER = VECTORS.keys.sender!;
const NOW = 1_800_000_000;
const b64u = (s: string) => Buffer.from(s).toString('base64url');

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    assert.ok(e instanceof CryptoplugError, `not a CryptoplugError: ${String(e)}`);
    return e.code;
  }
}

it('a 4,118-deep Token header, message or claims set: ERR_LIMIT_EXCEEDED on every backend and auto', async () => {
  const { createRegistry } = (await import('@cryptoplug/backends')) as { createRegistry: () => { select(n: string): Promise<Backend> } };
  const all = [...(await capableBackends()), { name: 'auto', backend: await createRegistry().select('auto') }];
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  for (const { name, backend } of all) {
    const m = await createEtamp({
      backend, key: SENDER.sec1Pem!, sender: { serverName: 'S', userName: 'a' }, recipient: { serverName: 'S', userName: 'b' }, message: 'hi', now: NOW,
    });
    const [, payload, sig] = m.Token.split('.');
    const deepHeader = `${b64u(`{"alg":"ES512","typ":"ETAMP","x":${deep(4118)}}`)}.${payload}.${sig}`;
    const msg = formatEtampMessage({ ...m, Token: deepHeader });
    assert.ok(msg.length > 12_000, 'the size of the report');
    assert.equal(await outcome(verifyEtamp(msg, { backend, key: SENDER.spkiPem, now: NOW })), 'ERR_LIMIT_EXCEEDED', `${name} header`);
    const deepMessage = `{"Id":${deep(4118)}}`;
    assert.equal(await outcome(verifyEtamp(deepMessage, { backend, key: SENDER.spkiPem, now: NOW })), 'ERR_LIMIT_EXCEEDED', `${name} message`);
    // a correctly signed token whose claims nest deep
    const token = await signCompact(new TextEncoder().encode(`{"a":${deep(4118)}}`), importPrivateKey(SENDER.sec1Pem!), { backend, protectedHeader: { alg: 'ES512', typ: 'ETAMP' } });
    assert.equal(await outcome(verifyEtamp({ ...m, Token: token }, { backend, key: SENDER.spkiPem, now: NOW })), 'ERR_LIMIT_EXCEEDED', `${name} claims`);
    // control: the untouched message verifies
    assert.equal(await outcome(verifyEtamp(m, { backend, key: SENDER.spkiPem, now: NOW })), 'accepted', name);
  }
});
