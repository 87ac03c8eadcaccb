/** akenza topic layout and the ACL predicates the broker uses (expected values written out by hand). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AkenzaError,
  deviceAudience,
  downlinkFilter,
  downlinkTopic,
  isOwnDownlinkFilter,
  isOwnUplinkTopic,
  parseDownlinkTopic,
  parseUplinkTopic,
  uplinkTopic,
} from '../src/index.js';

test('topic names', () => {
  assert.equal(uplinkTopic('abc'), '/up/device/id/abc');
  assert.equal(uplinkTopic('abc', 'sensors/t'), '/up/device/id/abc/sensors/t');
  assert.equal(downlinkFilter('abc'), '/down/device/id/abc/#');
  assert.equal(downlinkTopic('abc', 'config'), '/down/device/id/abc/config');
  assert.equal(deviceAudience('0011AABB'), 'https://akenza.io/devices/0011AABB');
});

test('invalid subtopics and device ids', () => {
  for (const s of ['', '/x', 'x/', 'a//b', '+', 'a/#', 'a\u0000b']) {
    assert.throws(() => uplinkTopic('abc', s), (e: unknown) => e instanceof AkenzaError && e.code === ('ERR_AKENZA_TOPIC_INVALID' as string), JSON.stringify(s));
  }
  for (const id of ['', 'a/b', '+', '#', 'a b', 'a\tb', 'x'.repeat(129)]) {
    assert.throws(() => uplinkTopic(id), (e: unknown) => e instanceof AkenzaError && e.code === ('ERR_AKENZA_DEVICE_ID_INVALID' as string), JSON.stringify(id));
  }
});

test('a device publishes only inside its own uplink tree', () => {
  const yes = ['/up/device/id/abc', '/up/device/id/abc/x', '/up/device/id/abc/x/y'];
  const no = ['/up/device/id/abcd', '/up/device/id/ab', '/up/device/id/other', '/up/device/id/abc/+', '/up/device/id/abc/#', '/down/device/id/abc',
    'up/device/id/abc', '/up/device/id', '/up/#', '$SYS/x', '/up/device/id/abc#'];
  for (const t of yes) assert.equal(isOwnUplinkTopic('abc', t), true, t);
  for (const t of no) assert.equal(isOwnUplinkTopic('abc', t), false, t);
});

test('a device subscribes only inside its own downlink tree', () => {
  const yes = ['/down/device/id/abc/#', '/down/device/id/abc', '/down/device/id/abc/config', '/down/device/id/abc/+', '/down/device/id/abc/+/x'];
  const no = ['/down/device/id/#', '/down/device/id/+/#', '/down/device/id/+', '/down/#', '#', '+/device/id/abc/#', '/down/device/id/abcd/#',
    '/down/device/id/ab/#', '/up/device/id/abc/#', '/down/device/id/other/#', '$SYS/#'];
  for (const t of yes) assert.equal(isOwnDownlinkFilter('abc', t), true, t);
  for (const t of no) assert.equal(isOwnDownlinkFilter('abc', t), false, t);
});

test('parsing topics', () => {
  assert.deepEqual(parseUplinkTopic('/up/device/id/abc'), { deviceId: 'abc' });
  assert.deepEqual(parseUplinkTopic('/up/device/id/abc/a/b'), { deviceId: 'abc', subtopic: 'a/b' });
  assert.deepEqual(parseDownlinkTopic('/down/device/id/abc/'), { deviceId: 'abc' });
  assert.equal(parseDownlinkTopic('/up/device/id/abc'), undefined);
  assert.equal(parseUplinkTopic('/up/device/id/'), undefined);
});
