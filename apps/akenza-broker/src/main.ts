#!/usr/bin/env node
/**
 * akenza-broker: the local akenza MQTT endpoint stand-in. See README.md.
 *
 *   akenza-broker --port 0 --tls-port 0 --device DEV1=dev1.pub.pem --devices devices.json --app-user app --app-password secret
 *
 * Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM); 1 on a configuration or start-up error (one line
 * `error CODE: message` on stderr); 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { CryptoplugError } from '@cryptoplug/core';
import { createRegistry } from '@cryptoplug/backends';
import { brokerOptionsFromCli, runBroker } from './run.js';

const USAGE = `usage: akenza-broker [options]

  --host ADDR              listen address (default 127.0.0.1)
  --port N|off             plain MQTT port, 0 = a free port (default 1883)
  --tls-port N             MQTT over TLS port, 0 = a free port (default: no TLS)
  --ws-port N              MQTT over WebSocket, ws://HOST:N/mqtt, 0 = a free port (default: none)
  --wss-port N             MQTT over secure WebSocket, wss://HOST:N/mqtt (same certificate as TLS; default: none)
  --ws-path PATH           WebSocket path (default /mqtt)
  --http-port N            /healthz and Prometheus /metrics (default: none)
  --redis URL              redis://HOST:PORT[/DB]: share fan-out, sessions, subscriptions, retained messages and
                           QoS 1 in-flight state with the other instances on that Redis (default: in-memory)
  --max-packet-size B      largest MQTT packet after authentication (default 262144)
  --max-connect-packet-size B
                           largest packet before authentication, i.e. the CONNECT (default 16384)
  --max-unauthenticated N  sockets not yet authenticated, all listeners (default 1000)
  --max-connections N      authenticated connections; more get CONNACK 3 (default 10000)
  --connect-rate N         new connections per second per IP, 0 = no limit; over it CONNACK 3 (default 100)
  --connect-burst N        per-IP burst (default 2 x --connect-rate)
  --auth-deadline MS       from accept to an accepted CONNECT (default 10000)
  --max-inflight N         unacknowledged QoS 1 messages to one client; more are dropped (default 1000)
  --drain-timeout MS       on SIGTERM, wait this long for QoS 1 acknowledgements (default 5000)
  --cert FILE --cert-key FILE
                           TLS certificate chain and key (PEM); without them a CA and a server certificate are
                           generated and the CA is written out (see --cert-out; printed as "ca-file PATH")
  --cert-out DIR           where the generated CA/server certificate go (default: a new temp directory)
  --tls-hostname NAME      extra name (DNS or IP) in the generated certificate (repeatable)
  --device ID=FILE         register a device with its public key (PEM); repeatable
  --devices FILE           JSON list [{"id": ..., "publicKey": PEM}]; reloaded with the --device files on SIGHUP
  --app-user U --app-password P
                           application account (subscribes /up/#, publishes /down/#);
                           default from AKENZA_APP_USER / AKENZA_APP_PASSWORD
  --max-lifetime S         longest accepted token lifetime exp - iat (default 86400)
  --clock-tolerance S      accepted clock difference for iat/exp (default 60; --clock-skew is the old name)
  --require-kid            refuse tokens without a kid header
  --no-expiry-disconnect   keep device connections open after their token expires
  --backend NAME           cryptoplug backend: auto (default), node, webcrypto, noble, forge
  --quiet                  no per-connection auth/ACL log lines
  -h, --help

stdout: "ca-file PATH", "listening PROTOCOL HOST PORT [PATH]" lines, then "ready". stderr: JSON log lines (pino).
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'tls-port': { type: 'string' },
        'ws-port': { type: 'string' },
        'wss-port': { type: 'string' },
        'ws-path': { type: 'string' },
        'http-port': { type: 'string' },
        redis: { type: 'string' },
        'max-packet-size': { type: 'string' },
        'max-connect-packet-size': { type: 'string' },
        'max-unauthenticated': { type: 'string' },
        'max-connections': { type: 'string' },
        'connect-rate': { type: 'string' },
        'connect-burst': { type: 'string' },
        'auth-deadline': { type: 'string' },
        'max-inflight': { type: 'string' },
        'drain-timeout': { type: 'string' },
        cert: { type: 'string' },
        'cert-key': { type: 'string' },
        'cert-out': { type: 'string' },
        'tls-hostname': { type: 'string', multiple: true },
        device: { type: 'string', multiple: true },
        devices: { type: 'string' },
        'app-user': { type: 'string' },
        'app-password': { type: 'string' },
        'max-lifetime': { type: 'string' },
        'clock-tolerance': { type: 'string' },
        'clock-skew': { type: 'string' }, // the old name, kept as an alias (same option name as the cryptoplug CLI now)
        'require-kid': { type: 'boolean' },
        'no-expiry-disconnect': { type: 'boolean' },
        backend: { type: 'string', default: 'auto' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`akenza-broker: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  const clockTolerance = v['clock-tolerance'] ?? v['clock-skew']; // --clock-skew: the old name
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const backend = await createRegistry().select(v.backend ?? 'auto');
    const options = await brokerOptionsFromCli(
      {
        ...(v.host !== undefined ? { host: v.host } : {}),
        ...(v.port !== undefined ? { port: v.port } : {}),
        ...(v['tls-port'] !== undefined ? { tlsPort: v['tls-port'] } : {}),
        ...(v['ws-port'] !== undefined ? { wsPort: v['ws-port'] } : {}),
        ...(v['wss-port'] !== undefined ? { wssPort: v['wss-port'] } : {}),
        ...(v['ws-path'] !== undefined ? { wsPath: v['ws-path'] } : {}),
        ...(v['http-port'] !== undefined ? { httpPort: v['http-port'] } : {}),
        ...(v.redis !== undefined ? { redis: v.redis } : {}),
        ...(v['max-packet-size'] !== undefined ? { maxPacketSize: v['max-packet-size'] } : {}),
        ...(v['max-connect-packet-size'] !== undefined ? { maxConnectPacketSize: v['max-connect-packet-size'] } : {}),
        ...(v['max-unauthenticated'] !== undefined ? { maxUnauthenticated: v['max-unauthenticated'] } : {}),
        ...(v['max-connections'] !== undefined ? { maxConnections: v['max-connections'] } : {}),
        ...(v['connect-rate'] !== undefined ? { connectRate: v['connect-rate'] } : {}),
        ...(v['connect-burst'] !== undefined ? { connectBurst: v['connect-burst'] } : {}),
        ...(v['auth-deadline'] !== undefined ? { authDeadline: v['auth-deadline'] } : {}),
        ...(v['max-inflight'] !== undefined ? { maxInflight: v['max-inflight'] } : {}),
        ...(v['drain-timeout'] !== undefined ? { drainTimeout: v['drain-timeout'] } : {}),
        ...(v.cert !== undefined ? { cert: v.cert } : {}),
        ...(v['cert-key'] !== undefined ? { certKey: v['cert-key'] } : {}),
        ...(v['cert-out'] !== undefined ? { certOut: v['cert-out'] } : {}),
        ...(v['tls-hostname'] !== undefined ? { tlsHostname: v['tls-hostname'] } : {}),
        ...(v.device !== undefined ? { device: v.device } : {}),
        ...(v.devices !== undefined ? { devices: v.devices } : {}),
        ...(v['app-user'] !== undefined ? { appUser: v['app-user'] } : {}),
        ...(v['app-password'] !== undefined ? { appPassword: v['app-password'] } : {}),
        ...(v['max-lifetime'] !== undefined ? { maxLifetime: v['max-lifetime'] } : {}),
        ...(clockTolerance !== undefined ? { clockSkew: clockTolerance } : {}),
        ...(v['require-kid'] ? { requireKid: true } : {}),
        ...(v['no-expiry-disconnect'] ? { expiryDisconnect: false } : {}),
        ...(v.quiet ? { quiet: true } : {}),
      },
      backend,
    );
    await runBroker(options, { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') });
    return 0;
  } catch (e) {
    if (e instanceof CryptoplugError) {
      process.stderr.write(`error ${e.code}: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`error ERR_INTERNAL: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
