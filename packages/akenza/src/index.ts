/**
 * @cryptoplug/akenza — akenza device authentication on cryptoplug: device JWTs (RS256/ES256, `kid` = SHA-256 of the
 * SubjectPublicKeyInfo) for the device and broker side, and an MQTT device client (mqtt.js) that renews its token.
 */
export { AkenzaError, AKENZA_ERROR_CODES, isAkenzaError, type AkenzaErrorCode } from './errors.js';
export { MAX_TOKEN_LENGTH, type DeviceAlg } from './jwt.js';
export {
  DEVICE_ALGS,
  MIN_RSA_BITS,
  algForKey,
  assertDeviceAlg,
  deviceKid,
  importDevicePrivateKey,
  importDevicePublicKey,
  type KeyInput,
} from './keys.js';
export {
  DEFAULT_CLOCK_SKEW,
  DEFAULT_MAX_LIFETIME,
  DEFAULT_TOKEN_LIFETIME,
  createDeviceToken,
  decodeDeviceToken,
  issueDeviceToken,
  verifyDeviceToken,
  type CreateDeviceTokenOptions,
  type DeviceClaims,
  type VerifiedDeviceToken,
  type VerifyDeviceTokenOptions,
} from './token.js';
export {
  DOWNLINK_PREFIX,
  MAX_DEVICE_ID_LENGTH,
  UPLINK_PREFIX,
  assertDeviceId,
  deviceAudience,
  downlinkFilter,
  downlinkTopic,
  isOwnDownlinkFilter,
  isOwnUplinkTopic,
  parseDownlinkTopic,
  parseUplinkTopic,
  uplinkTopic,
} from './topics.js';
export {
  AkenzaDeviceClient,
  DEFAULT_AKENZA_URL,
  connectDevice,
  type DeviceClientEvents,
  type DeviceClientOptions,
  type DeviceClientStats,
  type Downlink,
  type PublishOptions,
} from './client.js';
