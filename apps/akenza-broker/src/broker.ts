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
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
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
  /** Certificate for the TLS listener: PEM cert (chain) + key, or a self-signed one made now. Default self-signed. */
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
  readonly event: 'auth' | 'acl' | 'expired' | 'reload' | 'listening' | 'closed' | 'tls-error' | 'client-error' | 'revoked' | 'shutdown';
  readonly [field: string]: unknown;
}

export interface Listener {
  readonly protocol: 'mqtt' | 'mqtts';
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
}

export interface AkenzaBroker {
  readonly listeners: readonly Listener[];
  /** The CA certificate file clients trust, when the TLS certificate was generated here. */
  readonly caFile: string | undefined;
  /** PEM of the CA (self-signed) or of the configured certificate chain. */
  readonly caPem: string | undefined;
  readonly stats: BrokerStats;
  readonly aedes: Aedes;
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

function jsonLine(entry: LogEntry): void {
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');
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

function checkPort(value: unknown, what: string): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `${what} must be an integer 0..65535, got ${String(value)}`);
  }
}

export async function startAkenzaBroker(options: AkenzaBrokerOptions): Promise<AkenzaBroker> {
  const { backend } = options;
  const log = options.log ?? jsonLine;
  const host = options.host ?? '127.0.0.1';
  const plainPort = options.port === undefined ? 1883 : options.port;
  const tlsPort = options.tlsPort ?? null;
  checkPort(plainPort, 'port');
  checkPort(tlsPort, 'tlsPort');
  if (plainPort === null && tlsPort === null) throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', 'no listener: give a port and/or a TLS port');
  const skew = options.clockSkew ?? DEFAULT_CLOCK_SKEW;
  const maxLifetime = options.maxLifetime ?? DEFAULT_MAX_LIFETIME;
  const disconnectOnExpiry = options.disconnectOnExpiry ?? true;
  const apps = (options.apps ?? []).map((a) => {
    if (!a.username || !a.password) throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', 'an application account needs a username and a password');
    return { username: a.username, password: digest(a.password) };
  });
  let registry = options.registry ?? (await DeviceRegistry.load(options.devices ?? {}, backend));

  const stats: BrokerStats = { authAccepted: 0, authRejected: 0, aclDenied: 0, expired: 0, published: 0 };
  const sessions = new WeakMap<Client, Session>();
  const live = new Set<Client>();

  const aedes = await Aedes.createBroker({ heartbeatInterval: 60_000, drainTimeout: 30_000, connectTimeout: 30_000 });

  const reject = (client: Client, role: string, code: AkenzaErrorCode | string, reason: string, done: (e: AuthenticateError | null, ok: boolean | null) => void) => {
    stats.authRejected++;
    log({ event: 'auth', result: 'reject', clientId: client.id, role, code, reason });
    done(authError(), null);
  };

  aedes.authenticate = (client, username, password, done) => {
    const app = username === undefined ? undefined : apps.find((a) => a.username === username);
    if (app) {
      const ok = password !== undefined && timingSafeEqual(digest(password.toString('utf8')), app.password);
      if (!ok) return reject(client, 'app', 'ERR_AKENZA_APP_AUTH', `wrong password for application account "${username}"`, done);
      if (registry.has(client.id)) return reject(client, 'app', 'ERR_AKENZA_APP_AUTH', 'an application cannot use a device id as client id', done);
      sessions.set(client, { role: 'app', username: app.username });
      stats.authAccepted++;
      log({ event: 'auth', result: 'accept', clientId: client.id, role: 'app', username: app.username });
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
        stats.authAccepted++;
        log({ event: 'auth', result: 'accept', clientId: client.id, role: 'device', alg: verified.alg, kid: device.kid, exp: verified.claims.exp });
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
    callback(null);
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

  // 'client': registered after a successful CONNECT (before the CONNACK reaches the client)
  aedes.on('client', (client) => {
    live.add(client);
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
    live.delete(client);
    const session = sessions.get(client);
    if (session?.role === 'device') clearTimeout(session.timer);
  });
  const clientError = (client: Client | null, err: Error) => {
    if (!ownErrors.has(err)) log({ event: 'client-error', clientId: client?.id ?? null, reason: err.message });
  };
  aedes.on('clientError', clientError);
  aedes.on('connectionError', clientError);

  const servers: Server[] = [];
  const listeners: Listener[] = [];
  // every socket, so that close() also ends connections that never completed CONNECT or the TLS handshake
  const sockets = new Set<Socket>();
  const track = (server: Server) =>
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
  let caFile: string | undefined;
  let caPem: string | undefined;
  try {
    if (plainPort !== null) {
      const server = createNetServer(aedes.handle);
      track(server);
      servers.push(server);
      const port = await listen(server, plainPort, host);
      listeners.push({ protocol: 'mqtt', host, port, url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}` });
    }
    if (tlsPort !== null) {
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
      let server: Server;
      try {
        server = createTlsServer({ cert, key, minVersion: 'TLSv1.2' }, aedes.handle);
      } catch (cause) {
        throw new AkenzaError('ERR_AKENZA_BROKER_CONFIG', `the TLS certificate or key is not usable: ${(cause as Error).message}`, { cause });
      }
      server.on('tlsClientError', (err: Error) => log({ event: 'tls-error', reason: err.message }));
      track(server);
      servers.push(server);
      const port = await listen(server, tlsPort, host);
      listeners.push({ protocol: 'mqtts', host, port, url: `mqtts://${host.includes(':') ? `[${host}]` : host}:${port}` });
    }
  } catch (e) {
    for (const s of servers) s.close();
    await new Promise<void>((r) => aedes.close(() => r()));
    throw e;
  }
  for (const l of listeners) log({ event: 'listening', protocol: l.protocol, host: l.host, port: l.port });

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
        const closed = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
        await new Promise<void>((r) => aedes.close(() => r()));
        for (const socket of sockets) socket.destroy();
        await closed;
        log({ event: 'closed' });
      })();
      return closing;
    },
  };
}
