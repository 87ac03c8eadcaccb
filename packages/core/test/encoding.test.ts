/** base64/base64url strictness, PEM parsing and ECDSA signature DER ↔ P1363 against Python-made signatures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derToP1363, p1363ToDer } from '@cryptoplug/core/ecdsa-der';
import { asciiBytes, base64, base64url, base64urlOfText, bytesToHex, fromBase64, fromBase64url, fromBase64urlTransient, hexToBytes, utf8Transient, parsePem, formatPem } from '@cryptoplug/core';
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

test('base64url: every length 0..100, as views at an offset into a larger buffer and as small arrays of their own', () => {
  // reference: Node's Buffer encoder over a fresh copy of exactly the view's bytes (the portable path runs below 17
  // bytes, Buffer's copy path up to 64, Buffer over the view's own memory above)
  const big = new Uint8Array(300).map((_, i) => (i * 37 + 11) & 0xff);
  for (let n = 0; n <= 100; n++) {
    for (const view of [big.subarray(3, 3 + n), big.slice(5, 5 + n)]) {
      assert.equal(base64url(view), Buffer.from([...view]).toString('base64url'), `length ${n}`);
    }
  }
});

test('base64url: the native (Buffer) path of longer inputs is as strict, and the transient decoder too', async () => {
  // expected encodings from Python's base64.urlsafe_b64encode (padding stripped)
  const foobar8 = 'Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFy';
  const high = '-vv8_f7_-vv8_f7_-vv8_f7_-vv8_f7_-vv8_f7_-w'; // bytes 250..255 ×5, then 0xfb
  const highBytes = [...Array(5)].flatMap(() => [250, 251, 252, 253, 254, 255]).concat(0xfb);
  for (const decode of [fromBase64url, fromBase64urlTransient]) {
    assert.equal(new TextDecoder().decode(decode(foobar8)), 'foobar'.repeat(8));
    assert.deepEqual([...decode(high)], highBytes);
    await rejectsWith(() => decode(high.slice(0, -1) + 'x'), 'ERR_INPUT_INVALID'); // non-zero trailing bits
    await rejectsWith(() => decode(foobar8 + 'A'), 'ERR_INPUT_INVALID'); // impossible length
    await rejectsWith(() => decode(foobar8 + 'Zg=='), 'ERR_INPUT_INVALID'); // padding
    await rejectsWith(() => decode(foobar8.replace('Zm9v', 'Zm+v')), 'ERR_INPUT_INVALID'); // base64, not base64url
    await rejectsWith(() => decode(foobar8.replace('Zm9v', 'Zm 9v')), 'ERR_INPUT_INVALID');
    await rejectsWith(() => decode(foobar8.replace('Zm9v', 'Zm\u00e99')), 'ERR_INPUT_INVALID');
  }
  const own = fromBase64url(foobar8);
  assert.equal(own.byteOffset, 0);
  assert.equal(own.buffer.byteLength, own.length, 'fromBase64url returns bytes of their own (never a pooled view)');
  assert.equal(base64urlOfText('héllo wörld · JOSE ✓'), 'aMOpbGxvIHfDtnJsZCDCtyBKT1NFIOKckw');
  assert.deepEqual([...asciiBytes('eyJ.a-_')], [0x65, 0x79, 0x4a, 0x2e, 0x61, 0x2d, 0x5f]);
  assert.deepEqual([...utf8Transient('a\u00e9\u0100\u{1f600}')], [0x61, 0xc3, 0xa9, 0xc4, 0x80, 0xf0, 0x9f, 0x98, 0x80]);
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

test('base64url: the native path accepts exactly the canonical last characters (all 64, every length), like the portable decoder', async () => {
  const { nativeFromBase64url } = await import('../src/encoding/native-buffer.js');
  const { nativeFromBase64url: none, NativeBuffer: noBuffer } = await import('../src/encoding/no-native-buffer.js');
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (const length of [26, 27, 28, 29]) {
    for (let i = 0; i < 64; i++) {
      const text = 'A'.repeat(length - 1) + A[i];
      const rest = length % 4;
      const canonical = rest === 0 || (rest !== 1 && (i & (rest === 2 ? 0x0f : 0x03)) === 0);
      let native: string;
      try {
        native = Buffer.from(nativeFromBase64url(text)!).toString('hex');
      } catch (e) {
        native = (e as { code: string }).code;
      }
      assert.equal(native, canonical ? Buffer.from(text, 'base64url').toString('hex') : 'ERR_INPUT_INVALID', text);
    }
  }
  // the browser build (package.json "imports", condition "browser") has no native path: the portable decoder runs
  assert.equal(noBuffer, undefined);
  assert.equal(none('A'.repeat(28)), undefined);
});
