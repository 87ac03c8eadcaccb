/**
 * akenza's MQTT topic layout and device id rules:
 * - uplinks (device → akenza): `/up/device/id/<deviceId>` or `/up/device/id/<deviceId>/<subtopic>`
 * - downlinks (akenza → device): `/down/device/id/<deviceId>/...`, a device subscribes to `/down/device/id/<deviceId>/#`
 */
import { AkenzaError } from './errors.js';

export const UPLINK_PREFIX = '/up/device/id/';
export const DOWNLINK_PREFIX = '/down/device/id/';
export const MAX_DEVICE_ID_LENGTH = 128;

/**
 * Throws `ERR_AKENZA_DEVICE_ID_INVALID` unless `id` can name a device: 1..128 characters, none of them an MQTT topic
 * level separator or wildcard (`/`, `+`, `#`), whitespace or a control character. (The id is a topic level and the
 * MQTT client id, so these would let a device escape its own topic tree.)
 */
export function assertDeviceId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) throw new AkenzaError('ERR_AKENZA_DEVICE_ID_INVALID', 'the device id must be a non-empty string');
  if (id.length > MAX_DEVICE_ID_LENGTH) throw new AkenzaError('ERR_AKENZA_DEVICE_ID_INVALID', `the device id exceeds ${MAX_DEVICE_ID_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[/+#\s\u0000-\u001f\u007f]/.test(id)) {
    throw new AkenzaError('ERR_AKENZA_DEVICE_ID_INVALID', `the device id ${JSON.stringify(id.slice(0, 40))} contains "/", "+", "#", whitespace or a control character`);
  }
}

/** `https://akenza.io/devices/<deviceId>`: the `aud` of a device token. */
export function deviceAudience(deviceId: string): string {
  assertDeviceId(deviceId);
  return `https://akenza.io/devices/${deviceId}`;
}

function assertSubtopic(subtopic: string): void {
  if (typeof subtopic !== 'string' || subtopic.length === 0) throw new AkenzaError('ERR_AKENZA_TOPIC_INVALID', 'the subtopic must be a non-empty string');
  // eslint-disable-next-line no-control-regex
  if (/[+#\u0000]/.test(subtopic)) throw new AkenzaError('ERR_AKENZA_TOPIC_INVALID', 'the subtopic must not contain "+", "#" or NUL');
  if (subtopic.startsWith('/') || subtopic.endsWith('/') || subtopic.includes('//')) {
    throw new AkenzaError('ERR_AKENZA_TOPIC_INVALID', 'the subtopic must not start or end with "/" nor contain empty levels');
  }
  if (subtopic.length > 1024) throw new AkenzaError('ERR_AKENZA_TOPIC_INVALID', 'the subtopic exceeds 1024 characters');
}

/** `/up/device/id/<deviceId>[/<subtopic>]`. */
export function uplinkTopic(deviceId: string, subtopic?: string): string {
  assertDeviceId(deviceId);
  if (subtopic === undefined) return UPLINK_PREFIX + deviceId;
  assertSubtopic(subtopic);
  return `${UPLINK_PREFIX}${deviceId}/${subtopic}`;
}

/** `/down/device/id/<deviceId>/#`: the filter a device subscribes to. */
export function downlinkFilter(deviceId: string): string {
  assertDeviceId(deviceId);
  return `${DOWNLINK_PREFIX}${deviceId}/#`;
}

/** `/down/device/id/<deviceId>[/<subtopic>]`: where an application publishes a downlink. */
export function downlinkTopic(deviceId: string, subtopic?: string): string {
  assertDeviceId(deviceId);
  if (subtopic === undefined) return DOWNLINK_PREFIX + deviceId;
  assertSubtopic(subtopic);
  return `${DOWNLINK_PREFIX}${deviceId}/${subtopic}`;
}

function inTree(topic: string, root: string): boolean {
  return topic === root || topic.startsWith(root + '/');
}

/** True when a device may publish to `topic`: its own uplink topic or below (never a wildcard). */
export function isOwnUplinkTopic(deviceId: string, topic: string): boolean {
  return !/[+#]/.test(topic) && inTree(topic, UPLINK_PREFIX + deviceId);
}

/**
 * True when a device may subscribe to `filter`: a filter inside its own downlink tree (`/down/device/id/<id>/#`,
 * `/down/device/id/<id>/config`, `/down/device/id/<id>/+`...). Wildcards are allowed only below the device level,
 * so no filter can match another device's downlinks.
 */
export function isOwnDownlinkFilter(deviceId: string, filter: string): boolean {
  return inTree(filter, DOWNLINK_PREFIX + deviceId);
}

/** The device id and subtopic of an uplink topic, or undefined. */
export function parseUplinkTopic(topic: string): { deviceId: string; subtopic?: string } | undefined {
  return parseTree(topic, UPLINK_PREFIX);
}

/** The device id and subtopic of a downlink topic, or undefined. */
export function parseDownlinkTopic(topic: string): { deviceId: string; subtopic?: string } | undefined {
  return parseTree(topic, DOWNLINK_PREFIX);
}

function parseTree(topic: string, prefix: string): { deviceId: string; subtopic?: string } | undefined {
  if (!topic.startsWith(prefix)) return undefined;
  const rest = topic.slice(prefix.length);
  const slash = rest.indexOf('/');
  const deviceId = slash < 0 ? rest : rest.slice(0, slash);
  if (deviceId.length === 0) return undefined;
  return slash < 0 || slash === rest.length - 1 ? { deviceId } : { deviceId, subtopic: rest.slice(slash + 1) };
}
