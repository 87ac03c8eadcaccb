/**
 * The reverse direction: messages cryptoplug creates are verified by the Python seed's libraries
 * (vectors/etamp/verify.py: PyJWT + python-ecdsa, pyca/cryptography for the strong profile's JWE), on every capable
 * backend. Skipped, with the reason printed, only where /usr/bin/python3 or those modules are missing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { base64, fromBase64 } from '@cryptoplug/core';
import { createEtamp, type CreateEtampOptions } from '../src/index.js';
import { VECTORS, VECTOR_DIR, capableBackends, pythonStatus, pythonVerify } from './helpers.js';

const all = await capableBackends();
const status = pythonStatus();
const skip = 'skip' in status ? status.skip : undefined;
if (skip) console.log(`# python cross-check skipped: ${skip}`);
const python = 'python' in status ? status.python : '';
const KEYS = join(VECTOR_DIR, 'keys');
const SENDER = VECTORS.keys.sender!;

function party(serverName: string, userName: string) {
  return { serverName, userName };
}

describe('cryptoplug-made messages verify in Python', { skip }, () => {
  for (const { name, backend } of all) {
    const base: CreateEtampOptions = {
      backend,
      key: SENDER.sec1Pem!,
      sender: party('WebServer1', 'user1'),
      recipient: party('WebServer2', 'user2'),
      message: 'This is a secret message',
    };

    it(`seed profile on ${name}: PyJWT ES512 + python-ecdsa defaults accept it`, async () => {
      for (const message of ['This is a secret message', 'Grüße, 世界 — 🚀 "quoted" \\ \t / \u2028 \u007f end']) {
        const m = await createEtamp({ ...base, message });
        const r = pythonVerify(python, m, join(KEYS, 'sender.spki.pem'), ['--profile', 'seed']);
        assert.equal(r.ok, true, `${r.code}: ${r.detail}`);
        assert.equal(r.claims!.message, message);
        assert.equal(r.claims!.messageId, m.Id);
        assert.deepEqual(r.header, { alg: 'ES512', typ: 'ETAMP' });
      }
    });

    it(`seed profile on ${name}: Python agrees on what is wrong`, async () => {
      const m = await createEtamp({ ...base });
      const flip = (b64: string) => {
        const b = fromBase64(b64);
        b[100] = b[100]! ^ 1;
        return base64(b);
      };
      assert.equal(pythonVerify(python, { ...m, SignatureMessage: flip(m.SignatureMessage) }, join(KEYS, 'sender.spki.pem')).code, 'ERR_ETAMP_SIGNATURE_MESSAGE');
      assert.equal(pythonVerify(python, { ...m, SignatureToken: flip(m.SignatureToken) }, join(KEYS, 'sender.spki.pem')).code, 'ERR_ETAMP_SIGNATURE_TOKEN');
      assert.equal(pythonVerify(python, m, join(KEYS, 'other.spki.pem')).code, 'ERR_ETAMP_TOKEN_SIGNATURE');
      assert.equal(pythonVerify(python, m, join(KEYS, 'sender.spki.pem'), ['--profile', 'strong']).code, 'ERR_ETAMP_PROFILE_MISMATCH');
    });

    it(`strong profile on ${name}: SHA-512 signatures verify and the JWE decrypts in Python (P-521 and P-256 recipients)`, async () => {
      for (const recipient of ['recipient-p521', 'recipient-p256']) {
        const message = `for ${recipient}: Ünïcödé 🚀 ${'x'.repeat(100)}`;
        const m = await createEtamp({ ...base, profile: 'strong', encryptTo: VECTORS.keys[recipient]!.spkiPem, message });
        const r = pythonVerify(python, m, join(KEYS, 'sender.spki.pem'), ['--profile', 'strong', '--decrypt-key', join(KEYS, `${recipient}.pkcs8.pem`)]);
        assert.equal(r.ok, true, `${r.code}: ${r.detail}`);
        assert.equal(r.plaintext, message);
        const wrong = pythonVerify(python, m, join(KEYS, 'sender.spki.pem'), ['--profile', 'strong', '--decrypt-key', join(KEYS, 'recipient-p521-other.pkcs8.pem')]);
        assert.equal(wrong.code, 'ERR_ETAMP_DECRYPTION_FAILED');
      }
    });
  }
});
