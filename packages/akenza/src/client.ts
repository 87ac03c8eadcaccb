/**
 * The akenza device client on mqtt.js: client id = device id, username "unused", password = a device token; uplinks to
 * `/up/device/id/<id>[/<subtopic>]`, downlinks from `/down/device/id/<id>/#`.
 *
 * Token renewal: `renewBefore` seconds before the token expires the client makes a fresh token and drops the
 * connection; mqtt.js reconnects with the new password. QoS 1 messages not yet acknowledged stay in mqtt.js's outgoing
 * store across the reconnect and are sent again (at least once: a message can arrive twice, never zero times); a
 * publish mqtt.js could not store is retried by this client after the reconnect. Messages published while offline
 * are queued the same way.
 */
import { EventEmitter } from 'node:events';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { InputInvalidError, type Backend } from '@cryptoplug/core';
import { AkenzaError } from './errors.js';
import type { DeviceAlg } from './jwt.js';
import { importDevicePrivateKey, type KeyInput } from './keys.js';
import { DEFAULT_TOKEN_LIFETIME, issueDeviceToken } from './token.js';
import { assertDeviceId, downlinkFilter, parseDownlinkTopic, uplinkTopic } from './topics.js';

export const DEFAULT_AKENZA_URL = 'mqtts://mqtt.akenza.io:8883';

export interface DeviceClientOptions {
  readonly deviceId: string;
  readonly privateKey: KeyInput;
  /** RS256 or ES256; default: the one the key pins. */
  readonly alg?: DeviceAlg | string;
  readonly backend: Backend;
  /** `mqtts://host:8883` (default mqtts://mqtt.akenza.io:8883), `mqtt://host:1883`, `wss://host/path`, `ws://...`. */
  readonly url?: string;
  /** CA certificate(s) (PEM) to trust for mqtts/wss; default: Node's bundled roots. */
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** TLS server name, when it differs from the URL host. */
  readonly servername?: string;
  /** Token lifetime in seconds. Default 1200 (20 minutes). */
  readonly tokenLifetime?: number;
  /** Renew this many seconds before `exp`. Default: min(60, lifetime / 4). */
  readonly renewBefore?: number;
  /** Extra token claims. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Subscribe to `/down/device/id/<id>/#` (default true) with this QoS (default 1). */
  readonly downlinks?: boolean;
  readonly downlinkQos?: 0 | 1;
  /** MQTT clean session (default true). */
  readonly clean?: boolean;
  /** Keepalive in seconds (default 60). */
  readonly keepalive?: number;
  /** Milliseconds between reconnection attempts (default 1000). */
  readonly reconnectPeriod?: number;
  /** Milliseconds the first connection may take (default 30000). */
  readonly connectTimeout?: number;
}

export interface PublishOptions {
  /** Appended to the uplink topic: `/up/device/id/<id>/<subtopic>`. */
  readonly subtopic?: string;
  /** 0 or 1 (default 1). */
  readonly qos?: 0 | 1;
  readonly retain?: boolean;
}

export interface Downlink {
  readonly topic: string;
  /** The part after `/down/device/id/<id>/`, if any. */
  readonly subtopic?: string;
  readonly payload: Uint8Array;
  readonly qos: number;
}

export interface DeviceClientStats {
  /** Successful CONNACKs. */
  connects: number;
  /** Tokens made after the first. */
  renewals: number;
  /** Uplinks acknowledged (QoS 1) or written (QoS 0). */
  published: number;
  /** Publishes retried after mqtt.js could not store them (connection lost mid-call). */
  retried: number;
}

export interface DeviceClientEvents {
  connect: [];
  offline: [];
  renewed: [{ exp: number }];
  downlink: [Downlink];
  /** Non-fatal problems (a failed reconnection attempt) and the fatal one that ends the client. */
  error: [AkenzaError];
  closed: [];
}

function encodePayload(payload: unknown): string | Buffer {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload === undefined) throw new InputInvalidError('publish needs a payload');
  return JSON.stringify(payload);
}

function refusedCode(e: unknown): number | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code > 0 ? code : undefined;
}

const REFUSALS: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** An akenza device connected over MQTT. Make one with {@link connectDevice}. */
export class AkenzaDeviceClient extends EventEmitter<DeviceClientEvents> {
  readonly deviceId: string;
  readonly url: string;
  readonly stats: DeviceClientStats = { connects: 0, renewals: 0, published: 0, retried: 0 };
  #options: DeviceClientOptions;
  #alg: DeviceAlg;
  #lifetime: number;
  #renewBefore: number;
  #mqtt: MqttClient | undefined;
  #exp = 0;
  #renewTimer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;
  #closed = false;
  #fatal: AkenzaError | undefined;
  #refusedSinceConnect = 0;
  #pending = new Set<(e: AkenzaError) => void>();

  private constructor(options: DeviceClientOptions) {
    super();
    assertDeviceId(options.deviceId);
    if (!options.backend) throw new InputInvalidError('the device client needs options.backend');
    this.#alg = importDevicePrivateKey(options.privateKey, options.alg as DeviceAlg | undefined).alg;
    this.#lifetime = options.tokenLifetime ?? DEFAULT_TOKEN_LIFETIME;
    if (!Number.isInteger(this.#lifetime) || this.#lifetime < 2) throw new InputInvalidError('tokenLifetime must be an integer >= 2 (seconds)');
    this.#renewBefore = options.renewBefore ?? Math.min(60, this.#lifetime / 4);
    if (!(this.#renewBefore > 0 && this.#renewBefore < this.#lifetime)) throw new InputInvalidError('renewBefore must be > 0 and below tokenLifetime');
    this.deviceId = options.deviceId;
    this.url = options.url ?? DEFAULT_AKENZA_URL;
    if (!/^(mqtts?|wss?|tcp|ssl):\/\//.test(this.url)) throw new InputInvalidError(`unsupported broker URL ${JSON.stringify(this.url)} (mqtt://, mqtts://, ws://, wss://)`);
    this.#options = options;
  }

  /** Connects (resolves after the broker accepted the token and, by default, the downlink subscription). */
  static async connect(options: DeviceClientOptions): Promise<AkenzaDeviceClient> {
    const client = new AkenzaDeviceClient(options);
    await client.#start();
    return client;
  }

  get connected(): boolean {
    return this.#mqtt?.connected ?? false;
  }

  /** `exp` of the current token (seconds since the epoch). */
  get tokenExpiresAt(): number {
    return this.#exp;
  }

  /** The algorithm of the device's tokens. */
  get alg(): DeviceAlg {
    return this.#alg;
  }

  async #mint(): Promise<string> {
    const o = this.#options;
    const { token, claims } = await issueDeviceToken({
      deviceId: o.deviceId,
      privateKey: o.privateKey,
      alg: this.#alg,
      backend: o.backend,
      lifetime: this.#lifetime,
      ...(o.claims ? { claims: o.claims } : {}),
    });
    this.#exp = claims.exp;
    return token;
  }

  async #start(): Promise<void> {
    const o = this.#options;
    const password = await this.#mint();
    const ca = o.ca === undefined ? undefined : (Array.isArray(o.ca) ? o.ca : [o.ca]).map((c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c)));
    const mqttOptions: IClientOptions & { minVersion: 'TLSv1.2' } = {
      clientId: o.deviceId,
      username: 'unused',
      password,
      protocolVersion: 4,
      clean: o.clean ?? true,
      keepalive: o.keepalive ?? 60,
      reconnectPeriod: o.reconnectPeriod ?? 1000,
      connectTimeout: o.connectTimeout ?? 30_000,
      resubscribe: true,
      queueQoSZero: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ...(ca ? { ca: ca as string[] | Buffer[] } : {}),
      ...(o.servername ? { servername: o.servername } : {}),
      // wss: mqtt.js hands ca/rejectUnauthorized to ws; the TLS floor goes in wsOptions
      ...(this.url.startsWith('wss:') ? { wsOptions: { minVersion: 'TLSv1.2' as const, ...(o.servername ? { servername: o.servername } : {}) } } : {}),
    };
    const client = mqtt.connect(this.url, mqttOptions);
    this.#mqtt = client;

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new AkenzaError('ERR_AKENZA_CONNECT_FAILED', `no connection to ${this.url} within ${mqttOptions.connectTimeout} ms`)), mqttOptions.connectTimeout);
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onError = (e: Error) => fail(this.#connectError(e));
      const fail = (e: AkenzaError) => {
        cleanup();
        client.on('error', () => undefined); // late socket errors of the abandoned connection
        client.end(true);
        this.#closed = true;
        reject(e);
      };
      const cleanup = () => {
        clearTimeout(timer);
        client.removeListener('connect', onConnect);
        client.removeListener('error', onError);
      };
      client.once('connect', onConnect);
      client.on('error', onError);
    });
    this.stats.connects++;

    client.on('connect', () => {
      this.stats.connects++;
      this.#refusedSinceConnect = 0;
      this.emit('connect');
    });
    client.on('offline', () => {
      this.emit('offline');
      // back online needs a token that is still valid when the broker checks it
      if (this.#exp - Date.now() / 1000 <= this.#renewBefore) void this.#renew(false);
    });
    client.on('error', (e) => void this.#onError(e));
    client.on('message', (topic, payload, packet) => {
      const parsed = parseDownlinkTopic(topic);
      if (!parsed || parsed.deviceId !== this.deviceId) return;
      this.emit('downlink', {
        topic,
        ...(parsed.subtopic !== undefined ? { subtopic: parsed.subtopic } : {}),
        payload: new Uint8Array(payload),
        qos: packet.qos,
      });
    });

    if (o.downlinks ?? true) {
      const qos = o.downlinkQos ?? 1;
      try {
        // mqtt.js rejects a SUBACK 0x80 with an error carrying the packet
        const granted = await client.subscribeAsync(downlinkFilter(this.deviceId), { qos });
        if (granted.some((g) => g.qos === 128)) throw Object.assign(new Error('SUBACK 0x80'), { packet: { granted: [128] } });
      } catch (e) {
        await this.close({ force: true });
        const refused = (e as { packet?: { granted?: number[] } }).packet?.granted?.includes(128);
        throw refused
          ? new AkenzaError('ERR_AKENZA_CONNECT_REFUSED', `the broker refused the downlink subscription ${downlinkFilter(this.deviceId)}`, { cause: e })
          : new AkenzaError('ERR_AKENZA_CONNECT_FAILED', `subscribing to the downlinks failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }
    this.#scheduleRenewal();
    this.emit('connect');
  }

  #connectError(e: unknown): AkenzaError {
    const rc = refusedCode(e);
    if (rc !== undefined && rc <= 5) {
      return new AkenzaError('ERR_AKENZA_CONNECT_REFUSED', `the broker refused the connection of ${this.deviceId}: ${REFUSALS[rc] ?? `code ${rc}`}`, { cause: e });
    }
    return new AkenzaError('ERR_AKENZA_CONNECT_FAILED', `cannot connect to ${this.url}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }

  async #onError(e: Error): Promise<void> {
    if (this.#closed) return;
    const err = this.#connectError(e);
    const rc = refusedCode(e);
    if (rc === 4 || rc === 5) {
      // mqtt.js stops reconnecting after a refused CONNECT. One refusal right after a renewal race (the attempt used
      // a token that expired meanwhile) is retried with a fresh token; a second one in a row is final.
      this.#refusedSinceConnect++;
      if (this.#refusedSinceConnect === 1) {
        await this.#renew(false);
        const m = this.#mqtt!;
        if (!this.#closed) m.reconnect({ incomingStore: m.incomingStore, outgoingStore: m.outgoingStore });
        return;
      }
      this.#fail(err);
      return;
    }
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  #fail(err: AkenzaError): void {
    this.#fatal = err;
    if (this.listenerCount('error') > 0) this.emit('error', err);
    void this.close({ force: true });
  }

  #scheduleRenewal(): void {
    clearTimeout(this.#renewTimer);
    if (this.#closed) return;
    const delay = Math.max(0, (this.#exp - this.#renewBefore) * 1000 - Date.now());
    this.#renewTimer = setTimeout(() => void this.#renew(true), Math.min(delay, 2 ** 31 - 1));
    this.#renewTimer.unref();
  }

  /** Makes a fresh token for the next CONNECT; with `reconnect`, drops the live connection so it is used now. */
  #renew(reconnect: boolean): Promise<void> {
    if (this.#renewing) return this.#renewing;
    this.#renewing = (async () => {
      try {
        const token = await this.#mint();
        const m = this.#mqtt;
        if (!m || this.#closed) return;
        m.options.password = token;
        this.stats.renewals++;
        this.emit('renewed', { exp: this.#exp });
        this.#scheduleRenewal();
        if (reconnect && m.connected) {
          // Like a network drop: mqtt.js keeps unacknowledged QoS 1 messages and reconnects with the new password.
          const stream = m.stream as unknown as { end(): void; destroy(): void; once(ev: string, f: () => void): void };
          const kill = setTimeout(() => stream.destroy(), 2000);
          kill.unref();
          stream.once('close', () => clearTimeout(kill));
          stream.end();
        }
      } catch (e) {
        if (this.listenerCount('error') > 0) {
          this.emit('error', e instanceof AkenzaError ? e : new AkenzaError('ERR_AKENZA_CONNECT_FAILED', 'renewing the device token failed', { cause: e }));
        }
        // try again a little later
        clearTimeout(this.#renewTimer);
        this.#renewTimer = setTimeout(() => void this.#renew(reconnect), this.#options.reconnectPeriod ?? 1000);
        this.#renewTimer.unref();
      } finally {
        this.#renewing = undefined;
      }
    })();
    return this.#renewing;
  }

  /** Forces a token renewal now (and a reconnect with it). */
  renewToken(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closedError());
    return this.#renew(true);
  }

  #closedError(): AkenzaError {
    return this.#fatal ?? new AkenzaError('ERR_AKENZA_CLIENT_CLOSED', `the device client ${this.deviceId} is closed`);
  }

  /**
   * Publishes an uplink. `payload`: a string or bytes as-is, anything else as JSON. QoS 1 (default) resolves once the
   * broker acknowledged it, across reconnects and token renewals; QoS 0 once written (or queued while offline).
   */
  publish(payload: unknown, options: PublishOptions = {}): Promise<void> {
    if (this.#closed || !this.#mqtt) return Promise.reject(this.#closedError());
    const topic = uplinkTopic(this.deviceId, options.subtopic);
    const qos = options.qos ?? 1;
    if (qos !== 0 && qos !== 1) return Promise.reject(new InputInvalidError('qos must be 0 or 1'));
    const body = encodePayload(payload);
    const m = this.#mqtt;
    return new Promise<void>((resolve, reject) => {
      const abort = (e: AkenzaError) => reject(e);
      this.#pending.add(abort);
      const attempt = () => {
        if (this.#closed) return;
        m.publish(topic, body, { qos, retain: options.retain ?? false }, (err) => {
          if (this.#closed) return;
          if (!err) {
            this.#pending.delete(abort);
            this.stats.published++;
            resolve();
            return;
          }
          // mqtt.js dropped it before storing it (connection lost during the call): send it again once connected.
          this.stats.retried++;
          m.once('connect', attempt);
        });
      };
      attempt();
    });
  }

  /**
   * Disconnects. By default waits (at most `timeoutMs`, default 5000) for in-flight QoS 1 messages to be acknowledged;
   * `force` drops the connection at once. Publishes still pending then reject with `ERR_AKENZA_CLIENT_CLOSED`.
   */
  async close(options: { force?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.#closed && !this.#mqtt) return;
    this.#closed = true;
    clearTimeout(this.#renewTimer);
    const m = this.#mqtt;
    this.#mqtt = undefined;
    if (m) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => m.end(true, () => resolve()), options.timeoutMs ?? 5000);
        m.end(options.force ?? false, () => {
          clearTimeout(t);
          resolve();
        });
      });
      m.removeAllListeners('message');
    }
    const err = this.#closedError();
    for (const abort of this.#pending) abort(err);
    this.#pending.clear();
    this.emit('closed');
  }
}

/** Connects an akenza device (see {@link AkenzaDeviceClient}). */
export function connectDevice(options: DeviceClientOptions): Promise<AkenzaDeviceClient> {
  return AkenzaDeviceClient.connect(options);
}
