/** Issue 16: the chat message model (the only JSON e2ee parses) goes through core's guarded parser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CryptoplugError } from '@cryptoplug/core';
import { parseChatMessage } from '../src/index.js';

test('a 4,118-deep chat message is ERR_LIMIT_EXCEEDED; bad JSON keeps its own error; a normal one parses', () => {
  const deep = '{"message":' + '['.repeat(4118) + ']'.repeat(4118) + '}';
  assert.throws(() => parseChatMessage(deep), (e: unknown) => e instanceof CryptoplugError && e.code === 'ERR_LIMIT_EXCEEDED');
  assert.throws(() => parseChatMessage('{oops'), (e: unknown) => e instanceof CryptoplugError && e.code !== 'ERR_LIMIT_EXCEEDED');
  assert.deepEqual(parseChatMessage('{"message":"aGk=","sign":"c2ln"}'), { message: 'aGk=', sign: 'c2ln' });
});
