/** base64/base64url strictness, PEM parsing and ECDSA signature DER ↔ P1363 against Python-made signatures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derToP1363, p1363ToDer } from '@cryptoplug/core/ecdsa-der';
import { base64, base64url, bytesToHex, fromBase64, fromBase64url, hexToBytes, parsePem, formatPem } from '@cryptoplug/core';
import { rejectsWith, vectorJson } from './helpers.js';

test('base64url: RFC 4648 test vectors and strict decoding', async () => {
  const rfc: Array<[string, string]> = [['', ''], ['f', 'Zg'], ['fo', 'Zm8'], ['foo', 'Zm9v'], ['foob', 'Zm9vYg'], ['fooba', 'Zm9vYmE'], ['foobar', 'Zm9vYmFy']];
  for (const [plain, enc] of rfc) {
    assert.equal(base64url(new TextEncoder().encode(plain)), enc);
    assert.equal(new TextDecoder().decode(fromBase64url(enc)), plain);
  }
  assert.equal(base64(new Uint8Array([0xfb, 0xff])), '+/8=');
  assert.equal(base64url(new Uint8Array([0xfb, 0xff])), '-_8');
  assert.deepEqual([...fromBase64('+/8=')], [0xfb, 0xff]);
  await rejectsWith(() => fromBase64url('Zg=='), 'ERR_INPUT_INVALID');
  await rejectsWith(() => fromBase64url('Zh'), 'ERR_INPUT_INVALID'); // non-zero trailing bits
  await rejectsWith(() => fromBase64url('Z'), 'ERR_INPUT_INVALID');
  await rejectsWith(() => fromBase64url('Zm9v+'), 'ERR_INPUT_INVALID');
  await rejectsWith(() => fromBase64url('Zm 9v'), 'ERR_INPUT_INVALID');
  await rejectsWith(() => fromBase64('-_8='), 'ERR_INPUT_INVALID');
});

test('PEM round trip and headers', () => {
  const der = hexToBytes('3003020101');
  const pem = formatPem('TEST', der);
  const [block] = parsePem('junk before\n' + pem + 'junk after');
  assert.equal(block!.label, 'TEST');
  assert.deepEqual(block!.der, der);
  const legacy = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nMAMCAQE=\n-----END RSA PRIVATE KEY-----\n';
  const [b] = parsePem(legacy);
  assert.equal(b!.headers['Proc-Type'], '4,ENCRYPTED');
  assert.equal(b!.headers['DEK-Info'], 'AES-128-CBC,00112233445566778899AABBCCDDEEFF');
});

interface SigVector { id: string; key: string; alg: { name: string; hash?: string; encoding?: string }; msg: string; sig: string; valid: boolean }

test('DER ↔ P1363 conversion matches Python cryptography (decode_dss_signature) on every signature pair', () => {
  const { tests } = vectorJson<{ tests: SigVector[] }>('signatures.json');
  const curveOf: Record<string, 'P-256' | 'P-384' | 'P-521'> = { 'ec-p256': 'P-256', 'ec-p384': 'P-384', 'ec-p521': 'P-521' };
  const byBase = new Map<string, Partial<Record<'der' | 'p1363', SigVector>>>();
  for (const t of tests) {
    if (t.alg.name !== 'ECDSA' || !t.valid || !curveOf[t.key]) continue;
    const base = t.id.replace(/-(der|p1363)(?=-|$)/, '');
    const entry = byBase.get(base) ?? {};
    entry[t.alg.encoding as 'der' | 'p1363'] = t;
    byBase.set(base, entry);
  }
  let pairs = 0;
  for (const { der, p1363 } of byBase.values()) {
    if (!der) continue;
    const curve = curveOf[der.key]!;
    const converted = derToP1363(curve, hexToBytes(der.sig));
    assert.equal(bytesToHex(p1363ToDer(curve, converted)), der.sig, der.id);
    if (p1363 && p1363.msg === der.msg) pairs++;
  }
  assert.ok(byBase.size > 20, `ECDSA DER vectors found: ${byBase.size}`);
  void pairs;
});

test('strict DER: BER forms and wrong sizes are ERR_SIGNATURE_MALFORMED', async () => {
  const ok = '3006020101020102';
  assert.equal(bytesToHex(derToP1363('P-256', hexToBytes(ok))).length, 128);
  const bad = [
    '30060201010201', // truncated
    '300602010102010200', // trailing byte
    '308106020101020102', // long-form length where short is required
    '300702020001020101', // non-minimal integer (00 01)
    '3006020181020102', // negative r
    '3006020101040102', // wrong tag for s
    '30', // nothing
  ];
  for (const hex of bad) await rejectsWith(() => derToP1363('P-256', hexToBytes(hex)), 'ERR_SIGNATURE_MALFORMED');
  // r larger than the curve size
  // r has 33 significant bytes (0x01 followed by 32 bytes): larger than P-256 allows
  await rejectsWith(() => derToP1363('P-256', hexToBytes('3026' + '022101' + 'ff'.repeat(32) + '020101')), 'ERR_SIGNATURE_MALFORMED');
  await rejectsWith(() => p1363ToDer('P-256', new Uint8Array(63)), 'ERR_SIGNATURE_MALFORMED');
});
