/**
 * The local stand-in for akenza's MQTT endpoint: an aedes broker with akenza's device rules.
 *
 * - CONNECT: the client id must be a registered device and the password a valid device token for it (signature with
 *   the registered key, alg pinned by the key, aud, exp, lifetime, kid); the username is ignored ("unused"). An
 *   application account (username + password) may connect with any client id that is not a device id. Anything
 *   else: CONNACK 4 (bad user name or password). One JSON log line per decision.
 * - ACL: a device publishes only to `/up/device/id/<id>[/...]` and subscribes only inside `/down/device/id/<id>/#`;
 *   an application subscribes inside `/up/#` and publishes inside `/down/#`. A refused PUBLISH closes the connection
 *   (MQTT 3.1.1 has no negative PUBACK); a refused subscription gets SUBACK 0x80.
 * - QoS 0 and 1 (subscriptions are granted at most QoS 1; a QoS 2 PUBLISH closes the connection).
 * - A device connection is closed when its token expires (exp + clock skew), like a session bound to its password.
 * - Listeners: MQTT over TCP, TLS, WebSocket (`ws://host:port/mqtt`) and WebSocket over TLS (`wss://`), each optional,
 *   all handed to the same aedes instance (same auth and ACL). WebSocket follows aedes' documented pattern
 *   (`ws` WebSocketServer + `createWebSocketStream` → `aedes.handle`).
 * - Limits (limits.ts): packet size checked on the raw bytes before aedes buffers them, unauthenticated sockets,
 *   per-IP connect rate, authentication deadline, connections, in-flight QoS 1 per client. aedes speaks MQTT 3.1/3.1.1
 *   only (a v5 CONNECT gets CONNACK 1), so refusals use 3.1.1 codes: CONNACK 3 (server unavailable) for the connection
 *   limit and the per-IP rate; a limit hit before a CONNECT could be read (oversized packet, too many
 *   unauthenticated sockets, deadline) closes the socket — MQTT has no packet for that. Each one is logged and counted.
 * - Scale-out: with `redis`, aedes uses mqemitter-redis (pub/sub fan-out between instances) and
 *   aedes-persistence-redis (sessions, subscriptions, retained messages, QoS 1 in-flight/offline queues), so any
 *   number of instances serve one fleet; without it, one process with in-memory state.
 * - Operations: `/healthz` and Prometheus `/metrics` on `httpPort`; JSON log lines (pino); graceful close: stop
 *   accepting, wait (bounded) for unacknowledged QoS 1 deliveries, then close.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { Aedes, type AedesOptions, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { Redis } from 'ioredis';
import MQEmitterRedis from 'mqemitter-redis';
import aedesPersistenceRedis from 'aedes-persistence-redis';
import { pino } from 'pino';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Backend } from '@cryptoplug/core';
import {
  AkenzaError,
  DEFAULT_CLOCK_SKEW,
  DEFAULT_MAX_LIFETIME,
  isOwnDownlinkFilter,
  isOwnUplinkTopic,
  verifyDeviceToken,
  type AkenzaErrorCode,
} from '@cryptoplug/akenza';
import { DeviceRegistry, type RegistrySources } from './registry.js';
import { createSelfSignedTls } from './tls.js';
import { ConnectRate, PacketSizeGuard, filterMatches, resolveLimits, type BrokerLimits } from './limits.js';
import { BrokerMetrics, createOpsServer } from './metrics.js';

export interface AppAccount {
  readonly username: string;
  readonly password: string;
}

export type TlsConfig =
  | { readonly cert: string; readonly key: string }
  | { readonly selfSigned: { readonly dir?: string; readonly hostnames?: readonly string[] } };

export interface AkenzaBrokerOptions {
  readonly backend: Backend;
  /** Where devices come from (reloaded by `reload()`). */
  readonly devices?: RegistrySources;
  /** A ready registry (used instead of loading `devices` at start). */
  readonly registry?: DeviceRegistry;
  /** Listen address. Default 127.0.0.1. */
  readonly host?: string;
  /** Plain MQTT port; 0 picks a free one; null disables it. Default 1883. */
  readonly port?: number | null;
  /** MQTT over TLS port; 0 picks a free one; null (default) disables it. */
  readonly tlsPort?: number | null;
  /** MQTT over WebSocket port (path `wsPath`); 0 picks a free one; null (default) disables it. */
  readonly wsPort?: number | null;
  /** MQTT over secure WebSocket port (same certificate as TLS); 0 picks a free one; null (default) disables it. */
  readonly wssPort?: number | null;
  /** WebSocket path. Default `/mqtt` (akenza's). */
  readonly wsPath?: string;
  /** HTTP port for /healthz and /metrics; 0 picks a free one; null (default) disables it. */
  readonly httpPort?: number | null;
  /** Resource limits (limits.ts, DEFAULT_LIMITS). */
  readonly limits?: Partial<BrokerLimits>;
  /** `redis://host:port[/db]`: share fan-out and state with the other instances on that Redis. Default: in-memory. */
  readonly redis?: string;
  /** On close, wait at most this long for unacknowledged QoS 1 deliveries. Default 5000 ms. */
  readonly drainTimeoutMs?: number;
  /** Certificate for the TLS and WSS listeners: PEM cert (chain) + key, or a self-signed one made now. Default self-signed. */
  readonly tls?: TlsConfig;
  readonly apps?: readonly AppAccount[];
  /** Longest accepted token lifetime (exp - iat), seconds. Default 86400. */
  readonly maxLifetime?: number;
  /** Clock skew for iat/exp, seconds. Default 60. */
  readonly clockSkew?: number;
  /** Refuse tokens without kid. Default false. */
  readonly requireKid?: boolean;
  /** Close a device's connection when its token expires. Default true. */
  readonly disconnectOnExpiry?: boolean;
  /** Receives one object per event (auth decisions, ACL refusals, expiries, reloads). Default: JSON lines on stderr. */
  readonly log?: (entry: LogEntry) => void;
}

export interface LogEntry {
  readonly event: 'auth' | 'acl' | 'expired' | 'reload' | 'listening' | 'closed' | 'tls-error' | 'client-error' | 'revoked' | 'shutdown' | 'limit' | 'drain' | 'redis';
  readonly [field: string]: unknown;
}

export interface Listener {
  readonly protocol: 'mqtt' | 'mqtts' | 'ws' | 'wss' | 'http';
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

export interface BrokerStats {
  authAccepted: number;
  authRejected: number;
  aclDenied: number;
  expired: number;
  published: number;
  /** Connections refused or closed by a limit. */
  limitHits: number;
  /** Messages not forwarded because the subscriber had maxInflight unacknowledged QoS 1 messages. */
  dropped: number;
}

export interface AkenzaBroker {
  readonly listeners: readonly Listener[];
  /** The CA certificate file clients trust, when the TLS certificate was generated here. */
  readonly caFile: string | undefined;
  /** PEM of the CA (self-signed) or of the configured certificate chain. */
  readonly caPem: string | undefined;
  readonly stats: BrokerStats;
  readonly aedes: Aedes;
  readonly limits: BrokerLimits;
  readonly metrics: BrokerMetrics;
  registry(): DeviceRegistry;
  /** Loads the device sources again; on failure keeps the current registry and throws. */
  reload(): Promise<{ devices: number; revoked: number }>;
  /** Replaces the registry (connections of devices no longer registered with the same key are closed). */
  setRegistry(registry: DeviceRegistry): number;
  close(): Promise<void>;
}

type Session =
  | { readonly role: 'device'; readonly deviceId: string; readonly kid: string; readonly exp: number; timer?: NodeJS.Timeout }
  | { readonly role: 'app'; readonly username: string };

let defaultLogger: pino.Logger | undefined;
const WARN_EVENTS = new Set(['limit', 'client-error', 'tls-error']);

/** The default log: pino JSON lines on stderr (ISO time, level label, one `event` field per line). */
export function jsonLine(entry: LogEntry): void {
  defaultLogger ??= pino(
    { base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    pino.destination({ fd: 2, sync: true }),
  );
  if (WARN_EVENTS.has(entry.event) || entry.result === 'reject' || entry.result === 'error' || entry.result === 'failed') defaultLogger.warn(entry);
  else defaultLogger.info(entry);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Errors this module hands to aedes (already logged once; aedes reports them again as client errors). */
const ownErrors = new WeakSet<Error>();

function authError(): AuthenticateError {
  const e = new Error('bad user name or password') as AuthenticateError;
  (e as { returnCode: number }).returnCode = 4;
  ownErrors.add(e);
  return e;
}

function inTree(topic: string, root: string): boolean {
  return topic === root || topic.startsWith(root + '/');
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `cannot listen on ${host}:${port} (${e.code ?? e.message})`, { cause: e }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** The part of aedes-persistence-redis (a CallBackPersistence) whose calls wait for their own Redis broadcast. */
interface SubscriptionStore {
  addSubscriptions(client: { id: string }, subs: readonly unknown[], cb?: (err: Error | null, client?: unknown) => void): unknown;
  removeSubscriptions(client: { id: string }, subs: readonly unknown[], cb?: (err: Error | null, client?: unknown) => void): unknown;
  cleanSubscriptions(client: { id: string }, cb?: (err: Error | null, client?: unknown) => void): unknown;
}

/**
 * Root cause of the SUBSCRIBE that was never answered (SUBACK missing) with `redis`: aedes-persistence(-redis)'s
 * BroadcastPersistence confirms addSubscriptions/removeSubscriptions only when its own `$SYS/sub/add|rm` broadcast comes
 * back through Redis, and finds the waiting call in a Map keyed by client id + the first topic of the call. A second call
 * with the same key made before the first broadcast came back replaces the first waiter, which then never resolves.
 * aedes 1.x makes exactly such calls: for a clean=false SUBSCRIBE with N filters it calls
 * `addSubscriptions(client, packet.subscriptions)` once per filter, N identical calls at once (reproduced: a two-filter
 * persistent SUBSCRIBE was never answered, every time); and the packets of one read batch (two SUBSCRIBEs of one client
 * in one TCP segment) are handled concurrently too.
 * Here identical calls (the same `subs` array, i.e. one SUBSCRIBE packet) share one call, and the calls of one client
 * run one after another, so no two calls of this instance ever wait under the same key.
 */
function serializeSubscriptionBroadcasts(store: SubscriptionStore): void {
  const tails = new Map<string, Promise<unknown>>();
  const inClientOrder = (clientId: string, run: () => Promise<unknown>): Promise<unknown> => {
    const result = (tails.get(clientId) ?? Promise.resolve()).then(run, run);
    const tail = result.then(() => undefined, () => undefined);
    tails.set(clientId, tail);
    void tail.then(() => {
      if (tails.get(clientId) === tail) tails.delete(clientId);
    });
    return result;
  };
  const withCallback = (result: Promise<unknown>, client: unknown, cb?: (err: Error | null, client?: unknown) => void) => {
    if (!cb) return result;
    result.then(() => cb(null, client), (e: Error) => cb(e));
    return undefined;
  };
  for (const name of ['addSubscriptions', 'removeSubscriptions'] as const) {
    const original = store[name].bind(store) as (client: { id: string }, subs: readonly unknown[]) => Promise<unknown>;
    const sameCall = new WeakMap<object, Promise<unknown>>();
    store[name] = (client, subs, cb) => {
      let result = sameCall.get(subs);
      if (!result) {
        result = inClientOrder(client.id, () => original(client, subs));
        sameCall.set(subs, result);
      }
      return withCallback(result, client, cb);
    };
  }
  const clean = store.cleanSubscriptions.bind(store) as (client: { id: string }) => Promise<unknown>;
  store.cleanSubscriptions = (client, cb) => withCallback(inClientOrder(client.id, () => clean(client)), client, cb);
}

function checkPort(value: unknown, what: string): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `${what} must be an integer 0..65535, got ${String(value)}`);
  }
}

/** Per raw socket: where it came from, whether it authenticated, its deadline. */
interface ConnState {
  readonly ip: string;
  readonly listener: Listener['protocol'];
  authenticated: boolean;
  /** Over the per-IP rate: the CONNECT is answered with CONNACK 3. */
  refuse?: 'rate';
  timer?: NodeJS.Timeout;
  raw: Socket;
  guard?: PacketSizeGuard;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startAkenzaBroker(options: AkenzaBrokerOptions): Promise<AkenzaBroker> {
  const { backend } = options;
  const log = options.log ?? jsonLine;
  const host = options.host ?? '127.0.0.1';
  const plainPort = options.port === undefined ? 1883 : options.port;
  const tlsPort = options.tlsPort ?? null;
  const wsPort = options.wsPort ?? null;
  const wssPort = options.wssPort ?? null;
  const httpPort = options.httpPort ?? null;
  const wsPath = options.wsPath ?? '/mqtt';
  checkPort(plainPort, 'port');
  checkPort(tlsPort, 'tlsPort');
  checkPort(wsPort, 'wsPort');
  checkPort(wssPort, 'wssPort');
  checkPort(httpPort, 'httpPort');
  if (plainPort === null && tlsPort === null && wsPort === null && wssPort === null) {
    throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', 'no listener: give a port, a TLS port and/or a WebSocket port');
  }
  if (!wsPath.startsWith('/')) throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `the WebSocket path must start with "/", got ${JSON.stringify(wsPath)}`);
  const limits = resolveLimits(options.limits);
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `limit ${name} must be a non-negative integer, got ${String(value)}`);
  }
  if (limits.maxConnectPacketSize < 64 || limits.maxPacketSize < limits.maxConnectPacketSize || limits.maxPacketSize > 268_435_460) {
    throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', 'limits: need 64 ≤ maxConnectPacketSize ≤ maxPacketSize ≤ 268435460 (the MQTT maximum)');
  }
  if (limits.authDeadlineMs < 1) throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', 'limits: authDeadlineMs must be at least 1');
  let redisUrl: URL | undefined;
  if (options.redis !== undefined) {
    try {
      redisUrl = new URL(options.redis);
    } catch (cause) {
      throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `not a Redis URL: ${JSON.stringify(options.redis)}`, { cause });
    }
    if (redisUrl.protocol !== 'redis:' && redisUrl.protocol !== 'rediss:') throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `the Redis URL must be redis:// or rediss://, got ${JSON.stringify(options.redis)}`);
  }
  const skew = options.clockSkew ?? DEFAULT_CLOCK_SKEW;
  const maxLifetime = options.maxLifetime ?? DEFAULT_MAX_LIFETIME;
  const disconnectOnExpiry = options.disconnectOnExpiry ?? true;
  const drainTimeoutMs = options.drainTimeoutMs ?? 5000;
  const apps = (options.apps ?? []).map((a) => {
    if (!a.username || !a.password) throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', 'an application account needs a username and a password');
    return { username: a.username, password: digest(a.password) };
  });
  let registry = options.registry ?? (await DeviceRegistry.load(options.devices ?? {}, backend));

  const stats: BrokerStats = { authAccepted: 0, authRejected: 0, aclDenied: 0, expired: 0, published: 0, limitHits: 0, dropped: 0 };
  const metrics = new BrokerMetrics();
  const sessions = new WeakMap<Client, Session>();
  const live = new Set<Client>();
  /** aedes' connection stream (socket, TLS socket or WebSocket stream) → its raw socket's state. */
  const states = new WeakMap<object, ConnState>();
  /** Unacknowledged QoS 1 deliveries per client. */
  const inflight = new Map<Client, number>();
  let unauthenticated = 0;
  const rate = new ConnectRate(limits.connectRatePerIp, limits.connectBurstPerIp);

  const limitHit = (limit: string, fields: Record<string, unknown>) => {
    stats.limitHits++;
    metrics.limitHits.inc({ limit });
    log({ event: 'limit', limit, ...fields });
  };

  // Redis: fan-out (mqemitter-redis, its own publish and subscribe connections) + state (aedes-persistence-redis)
  const redisConns: Redis[] = [];
  let redisReady = true;
  const brokerOptions: AedesOptions = { heartbeatInterval: 60_000, drainTimeout: 30_000, connectTimeout: limits.authDeadlineMs };
  if (redisUrl) {
    const watch = (r: { on(event: string, fn: (e?: Error) => void): unknown }) => {
      r.on('error', (e?: Error) => {
        if (redisReady) log({ event: 'redis', result: 'error', reason: e?.message ?? 'error' });
        redisReady = false;
      });
      r.on('ready', () => {
        if (!redisReady) log({ event: 'redis', result: 'reconnected' });
        redisReady = true;
      });
    };
    /** A connected ioredis client (bounded wait; the start-up error reported once). */
    const open = async (extra: { enableReadyCheck?: boolean } = {}): Promise<Redis> => {
      const r = new Redis(redisUrl!.toString(), { lazyConnect: true, ...extra });
      let firstError: Error | undefined;
      const quiet = (e: Error) => void (firstError ??= e); // until connected: reported once, as the start-up error below
      r.on('error', quiet);
      redisConns.push(r);
      try {
        await Promise.race([
          r.connect(),
          new Promise((_, rej) => setTimeout(() => rej(new Error('no answer within 5 s')), 5000).unref()),
        ]);
        await r.ping();
      } catch (cause) {
        for (const c of redisConns) c.disconnect();
        throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `cannot reach Redis at ${redisUrl!.host} (${(firstError ?? (cause as Error)).message})`, { cause });
      }
      r.removeListener('error', quiet);
      watch(r);
      return r;
    };
    const conn = await open();
    // mqemitter-redis' own publish and subscribe connections, opened here and handed over ready. If it opens them itself,
    // the PSUBSCRIBEs of start-up (aedes-persistence-redis' `$SYS/sub/+`, aedes' `$SYS/+/…`) can reach the subscriber
    // connection while ioredis is still in its handshake ('connect': SUBSCRIBE may be written then); ioredis' INFO ready
    // check that follows is refused on a connection in subscriber mode ("Connection in subscriber mode, only subscriber
    // commands may be used"), so ioredis drops that connection ("Ready check failed") and reconnects — and every
    // broadcast published in that gap is lost for this instance, among them the `$SYS/sub/add` that a SUBSCRIBE waits
    // for (the SUBACK never came). Seen in the logs of a failed start. The ready check means nothing on a pub/sub
    // connection (SUBSCRIBE is valid while Redis loads), so the subscriber connection does without it (also on reconnects).
    const subConn = await open({ enableReadyCheck: false });
    const pubConn = await open();
    const mq = MQEmitterRedis({ subConn, pubConn } as never) as ReturnType<typeof MQEmitterRedis> & { state: NodeJS.EventEmitter; subConn: Redis };
    // mqemitter-redis reports connection errors on `state` (an unhandled 'error' there would end the process)
    mq.state.on('error', (e: Error) => {
      if (redisReady) log({ event: 'redis', result: 'error', reason: e.message });
      redisReady = false;
    });
    (brokerOptions as { mq?: unknown }).mq = mq;
    const persistence = aedesPersistenceRedis({ conn });
    serializeSubscriptionBroadcasts(persistence as unknown as SubscriptionStore);
    (brokerOptions as { persistence?: unknown }).persistence = persistence;
    log({ event: 'redis', result: 'connected', host: redisUrl.host });
  }
  const aedes = await Aedes.createBroker(brokerOptions);
  type PublishFn = (packet: PublishPacket, client: Client | null, done: (err?: Error) => void) => void;
  const publishNow = (aedes.publish as unknown as PublishFn).bind(aedes);
  /** QoS 1 PUBLISH packets already published by authorizePublish (before aedes' PUBACK). */
  const handled = new WeakSet<object>();
  (aedes as unknown as { publish: (p: PublishPacket, c?: Client | null | ((e?: Error) => void), d?: (e?: Error) => void) => void }).publish = (packet, c, d) => {
    const done = typeof c === 'function' ? c : d;
    if (handled.has(packet)) {
      handled.delete(packet);
      return done?.();
    }
    return typeof c === 'function' ? publishNow(packet, null, c) : publishNow(packet, c ?? null, d ?? (() => undefined));
  };
  if (redisUrl) {
    // aedes drops a delivery whose (brokerId, brokerCounter) is not above the last one the client got from that broker
    // (its guard against overlapping subscriptions). The counter is taken when a PUBLISH arrives, but with Redis the
    // persistence steps before the emit are asynchronous, so concurrent QoS 1 publishes reach Redis out of counter
    // order and other instances would drop the "older" ones (seen: ~30 % of a 1,000-message stream lost). Numbering
    // at emit time makes the counter follow the order of the Redis pub/sub channel, which every instance sees alike.
    const mq = (aedes as unknown as { mq: unknown }).mq as { emit(packet: { brokerId?: string; brokerCounter?: number }, cb?: (err?: Error) => void): void };
    const emit = mq.emit.bind(mq);
    const counter = aedes as unknown as { id: string; counter: number };
    mq.emit = (packet, cb) => {
      if (packet.brokerId === counter.id) packet.brokerCounter = ++counter.counter;
      emit(packet, cb);
    };
    // Ready (and listening) only once Redis pub/sub carries this instance's subscription broadcasts back to it:
    // aedes-persistence-redis confirms a SUBSCRIBE by waiting for its own `$SYS/sub/add` broadcast, which Redis pub/sub
    // does not keep for a subscriber that has not subscribed yet. Its setup already waits for the PSUBSCRIBE of
    // `$SYS/sub/*` (mqemitter-redis calls back on Redis' reply); this probe checks exactly that pattern end to end: an
    // empty broadcast (`subs: []`, a no-op for every instance's persistence) on `$SYS/sub/add` must come back here.
    // Only then are the listeners opened.
    const bus = mq as unknown as { on(t: string, f: (p: { payload: unknown }, cb: () => void) => void, done: () => void): void; removeListener(t: string, f: (p: { payload: unknown }, cb: () => void) => void): void };
    const pattern = '$SYS/sub/+';
    const probeId = `probe-${counter.id}`;
    try {
      await new Promise<void>((resolve, reject) => {
        const send = () => emit({ topic: '$SYS/sub/add', payload: Buffer.from(JSON.stringify({ clientId: probeId, subs: [] })) } as never);
        // sent again every 250 ms until one comes back (Redis pub/sub keeps nothing for a subscriber not there yet)
        const again = setInterval(send, 250);
        const timer = setTimeout(() => {
          clearInterval(again);
          reject(new Error('Redis pub/sub did not deliver a probe within 10 s'));
        }, 10_000);
        const onProbe = (p: { payload: unknown }, cb: () => void) => {
          cb();
          let mine = false;
          try {
            mine = (JSON.parse(String(p.payload)) as { clientId?: unknown }).clientId === probeId;
          } catch {
            // another instance's broadcast we cannot read: not the probe
          }
          if (!mine) return;
          clearTimeout(timer);
          clearInterval(again);
          bus.removeListener(pattern, onProbe);
          resolve();
        };
        bus.on(pattern, onProbe, send);
      });
    } catch (cause) {
      await new Promise<void>((r) => aedes.close(() => r()));
      for (const r of redisConns) r.disconnect();
      throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', (cause as Error).message, { cause });
    }
  }

  const reject = (client: Client, role: string, code: AkenzaErrorCode | string, reason: string, done: (e: AuthenticateError | null, ok: boolean | null) => void, returnCode = 4) => {
    stats.authRejected++;
    metrics.authFailures.inc({ reason: code });
    log({ event: 'auth', result: 'reject', clientId: client.id, role, code, reason });
    const e = authError();
    (e as { returnCode: number }).returnCode = returnCode;
    if (returnCode === 3) e.message = 'server unavailable';
    done(e, null);
  };

  const accepted = (client: Client, role: 'device' | 'app') => {
    const state = states.get(client.conn as object);
    if (state && !state.authenticated) {
      state.authenticated = true;
      clearTimeout(state.timer);
      unauthenticated--;
      metrics.connections.dec({ state: 'unauthenticated' });
    }
    stats.authAccepted++;
    metrics.authAccepted.inc({ role });
  };

  aedes.authenticate = (client, username, password, done) => {
    const state = states.get(client.conn as object);
    if (state?.refuse === 'rate') {
      limitHit('connect-rate', { ip: state.ip, clientId: client.id, limit_per_s: limits.connectRatePerIp });
      return reject(client, 'unknown', 'ERR_AKENZA_BROKER_LIMIT', `over the connect rate of ${limits.connectRatePerIp}/s for ${state.ip}`, done, 3);
    }
    if (live.size >= limits.maxConnections) {
      limitHit('max-connections', { clientId: client.id, max: limits.maxConnections });
      return reject(client, 'unknown', 'ERR_AKENZA_BROKER_LIMIT', `${limits.maxConnections} connections already`, done, 3);
    }
    const app = username === undefined ? undefined : apps.find((a) => a.username === username);
    if (app) {
      const ok = password !== undefined && timingSafeEqual(digest(password.toString('utf8')), app.password);
      if (!ok) return reject(client, 'app', 'ERR_AKENZA_APP_AUTH', `wrong password for application account "${username}"`, done);
      if (registry.has(client.id)) return reject(client, 'app', 'ERR_AKENZA_APP_AUTH', 'an application cannot use a device id as client id', done);
      sessions.set(client, { role: 'app', username: app.username });
      accepted(client, 'app');
      log({ event: 'auth', result: 'accept', clientId: client.id, role: 'app', username: app.username, via: state?.listener });
      return done(null, true);
    }
    const device = registry.get(client.id);
    if (!device) return reject(client, 'device', 'ERR_AKENZA_UNKNOWN_DEVICE', 'the client id is not a registered device', done);
    if (password === undefined || password.length === 0) return reject(client, 'device', 'ERR_AKENZA_TOKEN_MALFORMED', 'no password (device token)', done);
    verifyDeviceToken(password.toString('utf8'), {
      deviceId: device.id,
      publicKey: device.key,
      backend,
      clockSkew: skew,
      maxLifetime,
      ...(options.requireKid ? { requireKid: true } : {}),
    }).then(
      (verified) => {
        if (registry.get(client.id)?.kid !== device.kid) return reject(client, 'device', 'ERR_AKENZA_UNKNOWN_DEVICE', 'the device was removed or re-keyed during verification', done);
        sessions.set(client, { role: 'device', deviceId: device.id, kid: device.kid, exp: verified.claims.exp });
        accepted(client, 'device');
        log({ event: 'auth', result: 'accept', clientId: client.id, role: 'device', alg: verified.alg, kid: device.kid, exp: verified.claims.exp, via: state?.listener });
        done(null, true);
      },
      (e: unknown) => {
        const code = e instanceof AkenzaError || (e instanceof Error && 'code' in e) ? String((e as { code: unknown }).code) : 'ERR_INTERNAL';
        reject(client, 'device', code, e instanceof Error ? e.message : String(e), done);
      },
    );
  };

  const deny = (client: Client | null, action: string, topic: string, reason: string): Error => {
    stats.aclDenied++;
    metrics.aclDenied.inc({ action });
    log({ event: 'acl', result: 'deny', clientId: client?.id ?? null, action, topic, reason });
    const e = new Error(`${action} ${topic} denied: ${reason}`);
    ownErrors.add(e);
    return e;
  };

  aedes.authorizePublish = (client, packet: PublishPacket, callback) => {
    const session = client ? sessions.get(client) : undefined;
    if (!client || !session) return callback(deny(client, 'publish', packet.topic, 'not authenticated'));
    if (packet.qos > 1) return callback(deny(client, 'publish', packet.topic, 'QoS 2 is not supported (QoS 0 and 1 only)'));
    if (session.role === 'device') {
      if (!isOwnUplinkTopic(session.deviceId, packet.topic)) return callback(deny(client, 'publish', packet.topic, `a device publishes only to /up/device/id/${session.deviceId}[/...]`));
    } else if (!inTree(packet.topic, '/down') || /[+#]/.test(packet.topic)) {
      return callback(deny(client, 'publish', packet.topic, 'an application publishes only to /down/...'));
    }
    stats.published++;
    metrics.messagesIn.inc();
    if (packet.qos !== 1) return callback(null);
    // At least once across a crash: aedes 1.x writes the PUBACK first and publishes afterwards, so an instance killed
    // in between acknowledges messages that never reached Redis (seen: ~250 of 1,000 lost on SIGKILL). Here the QoS 1
    // message is published (retained store, offline queues, fan-out) before authorization completes; aedes then
    // writes its PUBACK and its own publish step for this packet is skipped (see `handled`).
    publishNow({ ...packet }, client, (err?: Error) => {
      if (err) return callback(err);
      handled.add(packet);
      callback(null);
    });
  };

  aedes.authorizeSubscribe = (client, sub: Subscription, callback) => {
    const session = sessions.get(client);
    const ok =
      session?.role === 'device' ? isOwnDownlinkFilter(session.deviceId, sub.topic) : session?.role === 'app' ? inTree(sub.topic, '/up') : false;
    if (!ok) {
      deny(client, 'subscribe', sub.topic, session?.role === 'device' ? `a device subscribes only inside /down/device/id/${session.deviceId}/#` : 'an application subscribes only inside /up/#');
      return callback(null, null);
    }
    callback(null, { ...sub, qos: sub.qos > 1 ? 1 : sub.qos });
  };

  // In-flight bound: QoS 1 deliveries a client has not acknowledged yet. Over the limit further messages to that
  // client are dropped (counted), like mosquitto's max_inflight/max_queued_messages; the publisher is unaffected.
  aedes.authorizeForward = (client, packet) => {
    if (packet.topic.startsWith('$SYS/')) return packet;
    let qos = 0;
    if (packet.qos > 0) {
      for (const [filter, sub] of Object.entries((client as unknown as { subscriptions: Record<string, { qos: number }> }).subscriptions)) {
        if (sub.qos > 0 && filterMatches(filter, packet.topic)) {
          qos = 1;
          break;
        }
      }
    }
    if (qos > 0) {
      const n = inflight.get(client) ?? 0;
      if (limits.maxInflight > 0 && n >= limits.maxInflight) {
        stats.dropped++;
        metrics.dropped.inc({ reason: 'inflight' });
        if (n === limits.maxInflight) {
          // log once per episode (until acknowledgements bring it below the limit again)
          limitHit('inflight', { clientId: client.id, max: limits.maxInflight });
          inflight.set(client, n + 1);
        }
        return null;
      }
      inflight.set(client, n + 1);
    }
    metrics.messagesOut.inc();
    return packet;
  };
  aedes.on('ack', (_packet, client) => {
    if (!client) return;
    const n = inflight.get(client) ?? 0;
    if (n > limits.maxInflight) inflight.set(client, limits.maxInflight - 1);
    else if (n > 0) inflight.set(client, n - 1);
  });

  // 'client': registered after a successful CONNECT (before the CONNACK reaches the client)
  aedes.on('client', (client) => {
    live.add(client);
    metrics.connections.inc({ state: 'authenticated' });
    const session = sessions.get(client);
    if (session?.role === 'device' && disconnectOnExpiry) {
      const ms = (session.exp + skew) * 1000 - Date.now();
      session.timer = setTimeout(() => {
        stats.expired++;
        log({ event: 'expired', clientId: client.id, exp: session.exp });
        client.close();
      }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
      session.timer.unref();
    }
  });
  aedes.on('clientDisconnect', (client) => {
    if (live.delete(client)) metrics.connections.dec({ state: 'authenticated' });
    inflight.delete(client);
    const session = sessions.get(client);
    if (session?.role === 'device') clearTimeout(session.timer);
  });
  const clientError = (client: Client | null, err: Error) => {
    if (!ownErrors.has(err)) log({ event: 'client-error', clientId: client?.id ?? null, reason: err.message });
  };
  aedes.on('clientError', clientError);
  aedes.on('connectionError', clientError);

  /**
   * Every raw socket of every MQTT listener comes through here: the unauthenticated-socket bound, the per-IP rate
   * (marked, answered with CONNACK 3 once the CONNECT is read) and the authentication deadline.
   */
  const admit = (raw: Socket, listener: Listener['protocol']): ConnState | undefined => {
    sockets.add(raw);
    raw.once('close', () => sockets.delete(raw));
    const ip = raw.remoteAddress ?? 'unknown';
    if (draining) {
      raw.destroy();
      return undefined;
    }
    if (unauthenticated >= limits.maxUnauthenticated) {
      limitHit('max-unauthenticated', { ip, listener, max: limits.maxUnauthenticated });
      raw.destroy();
      return undefined;
    }
    const state: ConnState = { ip, listener, authenticated: false, raw };
    if (!rate.take(ip)) state.refuse = 'rate';
    unauthenticated++;
    metrics.connections.inc({ state: 'unauthenticated' });
    state.timer = setTimeout(() => {
      if (state.authenticated) return;
      limitHit('auth-deadline', { ip, listener, ms: limits.authDeadlineMs });
      raw.destroy();
    }, limits.authDeadlineMs);
    state.timer.unref();
    raw.once('close', () => {
      clearTimeout(state.timer);
      if (!state.authenticated) {
        unauthenticated--;
        metrics.connections.dec({ state: 'unauthenticated' });
      }
    });
    return state;
  };

  /** Hands a connection stream to aedes behind the packet-size guard (which sees every byte aedes reads). */
  const handle = (stream: Duplex, state: ConnState, req?: IncomingMessage) => {
    states.set(stream, state);
    const guard = new PacketSizeGuard(() => (state.authenticated ? limits.maxPacketSize : limits.maxConnectPacketSize));
    state.guard = guard;
    const read = stream.read;
    stream.read = function guardedRead(this: Duplex, size?: number) {
      const chunk = read.call(this, size) as Buffer | string | null;
      if (chunk !== null && typeof chunk !== 'string') {
        const over = guard.feed(chunk);
        if (over) {
          limitHit('packet-size', { ip: state.ip, listener: state.listener, announced: over.announced, max: over.limit, authenticated: state.authenticated });
          state.raw.destroy();
          stream.destroy();
          return null;
        }
      }
      return chunk;
    } as typeof stream.read;
    stream.on('error', () => undefined);
    (aedes.handle as (s: Duplex, r?: IncomingMessage) => void)(stream, req);
  };

  let draining = false;
  const servers: Array<{ close(cb: () => void): unknown }> = [];
  const listeners: Listener[] = [];
  // every socket, so that close() also ends connections that never completed CONNECT or the TLS handshake
  const sockets = new Set<Socket>();
  let caFile: string | undefined;
  let caPem: string | undefined;
  let ops: Server | undefined;
  try {
    let secureContext: SecureContext | undefined;
    if (tlsPort !== null || wssPort !== null) {
      let cert: string;
      let key: string;
      const tls = options.tls ?? { selfSigned: {} };
      if ('selfSigned' in tls) {
        const made = await createSelfSignedTls({ ...tls.selfSigned, hostnames: [host, ...(tls.selfSigned.hostnames ?? [])] });
        cert = made.certPem + made.caPem;
        key = made.keyPem;
        caFile = made.caFile;
        caPem = made.caPem;
      } else {
        cert = tls.cert;
        key = tls.key;
        caPem = tls.cert;
      }
      try {
        secureContext = createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
      } catch (cause) {
        throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `the TLS certificate or key is not usable: ${(cause as Error).message}`, { cause });
      }
    }
    /** TLS over an admitted raw socket (the handshake runs under the authentication deadline). */
    const secure = (raw: Socket, then: (s: TLSSocket) => void) => {
      const t = new TLSSocket(raw, { isServer: true, secureContext: secureContext!, requestCert: false });
      t.once('secure', () => then(t));
      t.on('error', (err: Error) => {
        log({ event: 'tls-error', reason: err.message });
        raw.destroy();
      });
    };
    const add = async (protocol: Listener['protocol'], port: number, server: Server, path = '') => {
      servers.push(server);
      const bound = await listen(server, port, host);
      listeners.push({ protocol, host, port: bound, url: `${protocol}://${urlHost(host)}:${bound}${path}` });
    };
    if (plainPort !== null) {
      await add('mqtt', plainPort, createNetServer((raw) => {
        const state = admit(raw, 'mqtt');
        if (state) handle(raw, state);
      }));
    }
    if (tlsPort !== null) {
      await add('mqtts', tlsPort, createNetServer((raw) => {
        const state = admit(raw, 'mqtts');
        if (state) secure(raw, (t) => handle(t, state));
      }));
    }
    for (const [protocol, port] of [['ws', wsPort], ['wss', wssPort]] as const) {
      if (port === null) continue;
      // WebSocket as aedes documents it (ws + createWebSocketStream). maxPayload bounds one WebSocket frame before ws
      // buffers it (ws checks the frame header), no compression (no decompression bombs).
      const http = createHttpServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end(`MQTT over WebSocket is on ${wsPath}\n`));
      http.headersTimeout = Math.min(limits.authDeadlineMs, 60_000);
      http.requestTimeout = Math.min(limits.authDeadlineMs, 60_000);
      const wss = new WebSocketServer({ server: http, path: wsPath, maxPayload: limits.maxPacketSize, perMessageDeflate: false });
      wss.on('connection', (websocket, req) => {
        const state = states.get(req.socket);
        if (!state) {
          websocket.terminate();
          return;
        }
        handle(createWebSocketStream(websocket), state, req);
      });
      wss.on('error', (err) => log({ event: 'client-error', clientId: null, reason: err.message }));
      const net = createNetServer((raw) => {
        const state = admit(raw, protocol);
        if (!state) return;
        const serve = (s: Socket) => {
          states.set(s, state);
          http.emit('connection', s);
        };
        if (protocol === 'wss') secure(raw, serve);
        else serve(raw);
      });
      servers.push({ close: (cb) => wss.close(() => cb()) });
      await add(protocol, port, net, wsPath);
    }
    if (httpPort !== null) {
      ops = createOpsServer(metrics, () => (draining ? { ok: false, reason: 'shutting down' } : redisReady ? { ok: true } : { ok: false, reason: 'redis unreachable' }));
      await add('http', httpPort, ops);
    }
  } catch (e) {
    for (const s of servers) s.close(() => undefined);
    rate.close();
    await new Promise<void>((r) => aedes.close(() => r()));
    for (const r of redisConns) r.disconnect();
    throw e;
  }
  for (const l of listeners) log({ event: 'listening', protocol: l.protocol, host: l.host, port: l.port, ...(l.protocol === 'ws' || l.protocol === 'wss' ? { path: wsPath } : {}) });

  const setRegistry = (next: DeviceRegistry): number => {
    registry = next;
    let revoked = 0;
    for (const client of live) {
      const session = sessions.get(client);
      if (session?.role !== 'device') continue;
      const now = next.get(session.deviceId);
      if (!now || now.kid !== session.kid) {
        revoked++;
        log({ event: 'revoked', clientId: client.id, reason: now ? 'the device key changed' : 'the device is no longer registered' });
        client.close();
      }
    }
    return revoked;
  };

  let closing: Promise<void> | undefined;
  return {
    listeners,
    caFile,
    caPem,
    stats,
    aedes,
    limits,
    metrics,
    registry: () => registry,
    async reload() {
      const next = await DeviceRegistry.load(options.devices ?? {}, backend);
      const revoked = setRegistry(next);
      log({ event: 'reload', devices: next.size, revoked });
      return { devices: next.size, revoked };
    },
    setRegistry,
    close() {
      closing ??= (async () => {
        // 1. stop accepting (listeners close; new sockets on open ones are refused)
        draining = true;
        const mqttServers = servers.filter((s) => s !== ops);
        const closed = Promise.all(mqttServers.map((s) => new Promise<void>((r) => s.close(() => r()))));
        // 2. drain: wait (bounded) until every QoS 1 delivery in flight is acknowledged
        const t0 = Date.now();
        const pending = () => [...inflight.values()].reduce((a, b) => a + Math.min(b, limits.maxInflight), 0);
        while (pending() > 0 && Date.now() - t0 < drainTimeoutMs) await new Promise((r) => setTimeout(r, 20));
        log({ event: 'drain', unacknowledged: pending(), ms: Date.now() - t0 });
        // 3. close clients and the broker. aedes 1.x and aedes-persistence-redis leave a late write or two (session
        // clean-up of the clients just closed) whose promise nobody awaits; when the Redis connection closes under
        // it, ioredis rejects it with "Connection is closed." — only that rejection is absorbed (and logged), for a
        // few seconds around the close.
        const lateRedis = (reason: unknown) => {
          if (reason instanceof Error && reason.message === 'Connection is closed.') log({ event: 'redis', result: 'late-write-dropped', reason: reason.message });
          else throw reason;
        };
        if (redisUrl) {
          process.on('unhandledRejection', lateRedis);
          setTimeout(() => process.removeListener('unhandledRejection', lateRedis), 5000).unref();
        }
        await new Promise<void>((r) => aedes.close(() => r()));
        for (const socket of sockets) socket.destroy();
        await closed;
        if (ops) await new Promise<void>((r) => ops.close(() => r()));
        rate.close();
        // QUIT lets Redis answer what is still queued (a late persistence write must not reject into the void)
        await Promise.all(redisConns.map((r) => (r.status === 'ready' ? r.quit().then(() => undefined, () => undefined) : (r.disconnect(), undefined))));
        log({ event: 'closed' });
      })();
      return closing;
    },
  };
}
