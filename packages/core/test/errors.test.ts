/** Core's error classes form a closed union: one class per code, and a switch over `code` is exhaustive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '@cryptoplug/core';
import { CORE_ERROR_CODES, CryptoplugError, type AnyCryptoplugError, type CoreErrorCode } from '@cryptoplug/core';

/** Compiles only while the switch covers every member of AnyCryptoplugError (`npm run typecheck`). */
function describeCode(e: AnyCryptoplugError): CoreErrorCode {
  switch (e.code) {
    case 'ERR_UNSUPPORTED':
    case 'ERR_KEY_INVALID':
    case 'ERR_KEY_ALG_MISMATCH':
    case 'ERR_KEY_USAGE':
    case 'ERR_KEY_PASSPHRASE':
    case 'ERR_INPUT_INVALID':
    case 'ERR_SIGNATURE_MALFORMED':
    case 'ERR_SIGNATURE_INVALID':
    case 'ERR_DECRYPTION_FAILED':
    case 'ERR_BACKEND_UNAVAILABLE':
    case 'ERR_OPERATION_FAILED':
    case 'ERR_LIMIT_EXCEEDED':
    case 'ERR_INPUT_TOO_LARGE':
      return e.code;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

test('every core error code has exactly one exported error class, and every class has a listed code', () => {
  const classes = (Object.values(core) as unknown[]).filter(
    (v): v is new (m: string) => AnyCryptoplugError => typeof v === 'function' && v.prototype instanceof CryptoplugError,
  );
  const codes = classes.map((C) => describeCode(new C('x'))).sort();
  assert.deepEqual(codes, [...CORE_ERROR_CODES].sort());
});
