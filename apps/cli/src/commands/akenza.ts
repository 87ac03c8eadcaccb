/**
 * `cryptoplug akenza …`: akenza device tokens, the device client and the local akenza broker.
 *
 *   akenza token   --device-id ID --key FILE [--alg RS256|ES256] [--expires-in S]      → the JWT (the MQTT password)
 *   akenza kid     --key PUBLIC_KEY_FILE                                               → the key fingerprint (kid)
 *   akenza verify  --device-id ID --key PUBLIC_KEY_FILE [--now UNIX] TOKEN             → claims JSON; exit 1 if invalid
 *   akenza publish --device-id ID --key FILE [--alg] --payload JSON [--subtopic S] [--url URL] [--ca FILE]
 *   akenza broker  [--port 1883] [--tls-port N [--cert F --cert-key F]] [--ws-port N] [--wss-port N] [--http-port N]
 *                  [--redis redis://…] [limits] --device ID=FILE… [--devices FILE]
 *                  [--app-user U --app-password P] [--max-lifetime S]                  → runs until SIGINT/SIGTERM
 */
import { readBounded } from '../input.js';
import { Command, Option } from 'commander';
import { InputInvalidError, KeyUsageError, PrivateKey, SecretKey } from '@cryptoplug/core';
import {
  DEFAULT_AKENZA_URL,
  connectDevice,
  createDeviceToken,
  deviceKid,
  importDevicePublicKey,
  uplinkTopic,
  verifyDeviceToken,
} from '@cryptoplug/akenza';
import { brokerOptionsFromCli, runBroker } from '@cryptoplug/akenza-broker';
import type { CliContext } from '../context.js';
import { backendOption } from './shared.js';
import { addOptionWithAliases, examples } from '../command.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function intOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new InputInvalidError(`${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

async function readText(path: string, what: string): Promise<string> {
  return new TextDecoder().decode(await readBounded(path, what));
}

async function privateKey(ctx: CliContext, path: string, passphraseFile?: string): Promise<PrivateKey> {
  const key = await ctx.readKey(path, passphraseFile ? { passphraseFile } : {});
  if (!(key instanceof PrivateKey)) throw new KeyUsageError(`a device token is signed with the device's private key; ${path} holds a ${key.type} key`);
  return key;
}

export function register(program: Command, ctx: CliContext): void {
  const akenza = program.command('akenza').description('akenza IoT: device JWTs (RS256/ES256), MQTT device client, local akenza broker');
  examples(
    akenza,
    'cryptoplug akenza token --device-id 0011AABB --key device/private.pem --alg ES256 > token.jwt',
    'cryptoplug akenza verify --device-id 0011AABB --key device/public.pem @token.jwt',
    'cryptoplug akenza broker --port 0 --device 0011AABB=device/public.pem',
  );

  const token = akenza
    .command('token')
    .description('make a device token (the MQTT password: client id = device id, username "unused")')
    .requiredOption('--device-id <ID>', 'the akenza device id (aud = https://akenza.io/devices/<ID>)')
    .requiredOption('--key <FILE>', "the device's RSA or EC P-256 private key (PEM, DER or JWK)")
    .addOption(new Option('--alg <ALG>', 'RS256 (RSA keys) or ES256 (P-256 keys); default: from the key').choices(['RS256', 'ES256']));
  addOptionWithAliases(token, new Option('--expires-in <S>', 'seconds until exp').default('1200'), '--lifetime <S>');
  token
    .option('--passphrase-file <F>', 'passphrase of an encrypted private key')
    .addOption(backendOption())
    .action(async (o: { deviceId: string; key: string; alg?: string; expiresIn: string; passphraseFile?: string; backend: string }) => {
      const key = await privateKey(ctx, o.key, o.passphraseFile);
      const backend = await ctx.backend(o.backend);
      const token = await createDeviceToken({ deviceId: o.deviceId, privateKey: key, backend, lifetime: intOption(o.expiresIn, '--expires-in', 1)!, ...(o.alg ? { alg: o.alg } : {}) });
      ctx.out(token + '\n');
    });
  examples(
    token,
    'cryptoplug akenza token --device-id 0011AABB --key device/private.pem --alg ES256 > token.jwt',
    'cryptoplug akenza token --device-id 0011AABB --key rsa-device.pem --expires-in 600',
  );

  const kid = akenza
    .command('kid')
    .description("print the key fingerprint akenza uses as kid: hex SHA-256 of the public key's SubjectPublicKeyInfo DER")
    .requiredOption('--key <FILE>', 'public key (a private key gives the kid of its public part)')
    .addOption(backendOption())
    .action(async (o: { key: string; backend: string }) => {
      const key = await ctx.readKey(o.key);
      if (key instanceof SecretKey) throw new KeyUsageError('a kid is the fingerprint of an RSA or EC key, not of a secret');
      const backend = await ctx.backend(o.backend);
      ctx.out((await deviceKid(importDevicePublicKey(key).key, backend)) + '\n');
    });
  examples(kid, 'cryptoplug akenza kid --key device/public.pem');

  const verify = akenza
    .command('verify')
    .description("verify a device token as the akenza broker does; print its claims as JSON (exit 1 if invalid)")
    .requiredOption('--device-id <ID>', 'the device (MQTT client id) the token must be for')
    .requiredOption('--key <FILE>', "the device's registered public key")
    .option('--now <UNIX>', 'the current time, seconds since the epoch')
    .option('--max-lifetime <S>', 'longest accepted exp - iat', '86400');
  addOptionWithAliases(verify, new Option('--clock-tolerance <S>', 'accepted clock difference for iat/exp').default('60'), '--clock-skew <S>');
  verify
    .option('--require-kid', 'refuse tokens without kid')
    .addOption(backendOption())
    .argument('[TOKEN]', 'the token, @FILE, or - / absent for stdin')
    .action(async (tokenArg: string | undefined, o: { deviceId: string; key: string; now?: string; maxLifetime: string; clockTolerance: string; requireKid?: boolean; backend: string }) => {
      const key = await ctx.readKey(o.key);
      if (key instanceof SecretKey) throw new KeyUsageError('akenza devices have RSA or EC keys, not secrets');
      const token = await ctx.readToken(tokenArg);
      const backend = await ctx.backend(o.backend);
      const now = intOption(o.now, '--now', 0);
      const verified = await verifyDeviceToken(token, {
        deviceId: o.deviceId,
        publicKey: key,
        backend,
        maxLifetime: intOption(o.maxLifetime, '--max-lifetime', 1)!,
        clockSkew: intOption(o.clockTolerance, '--clock-tolerance', 0)!,
        ...(now !== undefined ? { now } : {}),
        ...(o.requireKid ? { requireKid: true } : {}),
      });
      ctx.out(JSON.stringify(verified.claims, null, 2) + '\n');
      ctx.err(`token valid: ${verified.alg}, kid ${verified.kid}`);
    });
  examples(
    verify,
    'cryptoplug akenza verify --device-id 0011AABB --key device/public.pem @token.jwt',
    'cryptoplug akenza verify --device-id 0011AABB --key device/public.pem --clock-tolerance 5 --require-kid "$TOKEN"',
  );

  const publish = akenza
    .command('publish')
    .description('connect as the device (token as password) and publish one uplink to /up/device/id/<ID>[/<subtopic>]')
    .requiredOption('--device-id <ID>', 'the akenza device id (also the MQTT client id)')
    .requiredOption('--key <FILE>', "the device's private key")
    .addOption(new Option('--alg <ALG>', 'RS256 or ES256; default: from the key').choices(['RS256', 'ES256']))
    .requiredOption('--payload <JSON>', 'the uplink: JSON text, or @FILE')
    .option('--subtopic <S>', 'publish to /up/device/id/<ID>/<S>')
    .option('--url <URL>', 'broker: mqtts://host:port, mqtt://…, wss://…, ws://…', DEFAULT_AKENZA_URL)
    .option('--ca <FILE>', 'CA certificate (PEM) to trust for mqtts/wss')
    .addOption(new Option('--qos <N>', 'QoS').choices(['0', '1']).default('1'));
  addOptionWithAliases(publish, new Option('--expires-in <S>', 'token lifetime in seconds (renewed before it expires)').default('1200'), '--lifetime <S>');
  publish
    .option('--passphrase-file <F>', 'passphrase of an encrypted private key')
    .addOption(backendOption())
    .action(async (o: { deviceId: string; key: string; alg?: string; payload: string; subtopic?: string; url: string; ca?: string; qos: string; expiresIn: string; passphraseFile?: string; backend: string }) => {
      const key = await privateKey(ctx, o.key, o.passphraseFile);
      const payload = o.payload.startsWith('@') ? await readText(o.payload.slice(1), 'payload file') : o.payload;
      try {
        JSON.parse(payload);
      } catch (cause) {
        throw new InputInvalidError('--payload is not valid JSON', { cause });
      }
      const topic = uplinkTopic(o.deviceId, o.subtopic);
      const ca = o.ca === undefined ? undefined : await readText(o.ca, 'CA file');
      const backend = await ctx.backend(o.backend);
      const device = await connectDevice({
        deviceId: o.deviceId,
        privateKey: key,
        backend,
        url: o.url,
        downlinks: false,
        tokenLifetime: intOption(o.expiresIn, '--expires-in', 2)!,
        connectTimeout: 30_000,
        ...(o.alg ? { alg: o.alg } : {}),
        ...(ca !== undefined ? { ca } : {}),
      });
      try {
        await device.publish(payload.trim(), { qos: o.qos === '0' ? 0 : 1, ...(o.subtopic !== undefined ? { subtopic: o.subtopic } : {}) });
      } finally {
        await device.close();
      }
      ctx.err(`published ${topic} (QoS ${o.qos})`);
    });
  examples(
    publish,
    'cryptoplug akenza publish --device-id 0011AABB --key device/private.pem --payload \'{"temperature": 21.5}\'',
    'cryptoplug akenza publish --device-id 0011AABB --key device/private.pem --url mqtts://127.0.0.1:8883 --ca ca.pem --payload @uplink.json --subtopic env',
  );

  const broker = akenza
    .command('broker')
    .description('run the local akenza broker stand-in (aedes): device JWT auth and topic ACLs; prints its ports; stops on SIGINT/SIGTERM, reloads devices on SIGHUP')
    .option('--host <ADDR>', 'listen address', '127.0.0.1')
    .option('--port <N>', 'plain MQTT port (0 = a free port, off = none)', '1883')
    .option('--tls-port <N>', 'MQTT over TLS port (0 = a free port); default: no TLS')
    .option('--ws-port <N>', 'MQTT over WebSocket, ws://HOST:N/mqtt (0 = a free port); default: none')
    .option('--wss-port <N>', 'MQTT over secure WebSocket, wss://HOST:N/mqtt (same certificate as TLS); default: none')
    .option('--ws-path <PATH>', 'WebSocket path', '/mqtt')
    .option('--http-port <N>', '/healthz and Prometheus /metrics (0 = a free port); default: none')
    .option('--redis <URL>', 'redis://HOST:PORT: share fan-out, sessions, subscriptions, retained and QoS 1 state with other instances')
    .option('--max-packet-size <BYTES>', 'largest MQTT packet after authentication', '262144')
    .option('--max-connect-packet-size <BYTES>', 'largest packet before authentication (the CONNECT)', '16384')
    .option('--max-unauthenticated <N>', 'sockets not yet authenticated', '1000')
    .option('--max-connections <N>', 'authenticated connections (more: CONNACK 3)', '10000')
    .option('--connect-rate <N>', 'new connections per second per IP, 0 = no limit (more: CONNACK 3)', '100')
    .option('--connect-burst <N>', 'per-IP burst (default: 2 x --connect-rate)')
    .option('--auth-deadline <MS>', 'milliseconds from accept to an accepted CONNECT', '10000')
    .option('--max-inflight <N>', 'unacknowledged QoS 1 messages to one client (more are dropped)', '1000')
    .option('--drain-timeout <MS>', 'on shutdown, wait this long for QoS 1 acknowledgements', '5000')
    .option('--cert <FILE>', 'TLS certificate chain (PEM); default: a generated CA + server certificate')
    .option('--cert-key <FILE>', 'TLS private key (PEM)')
    .option('--cert-out <DIR>', 'where the generated CA and certificate are written')
    .option('--device <ID=FILE>', 'register a device with its public key (repeatable)', collect, [])
    .option('--devices <FILE>', 'JSON list [{"id": …, "publicKey": PEM}]')
    .option('--app-user <U>', 'application account user (default: $AKENZA_APP_USER)')
    .option('--app-password <P>', 'application account password (default: $AKENZA_APP_PASSWORD)')
    .option('--max-lifetime <S>', 'longest accepted token lifetime exp - iat', '86400');
  addOptionWithAliases(broker, new Option('--clock-tolerance <S>', 'accepted clock difference for iat/exp').default('60'), '--clock-skew <S>');
  broker
    .option('--require-kid', 'refuse tokens without kid')
    .option('--quiet', 'no per-connection auth/ACL log lines')
    .addOption(backendOption())
    .action(async (o: {
      host: string; port: string; tlsPort?: string; cert?: string; certKey?: string; certOut?: string; device: string[]; devices?: string;
      appUser?: string; appPassword?: string; maxLifetime: string; clockTolerance: string; requireKid?: boolean; quiet?: boolean; backend: string;
      wsPort?: string; wssPort?: string; wsPath: string; httpPort?: string; redis?: string; maxPacketSize: string; maxConnectPacketSize: string;
      maxUnauthenticated: string; maxConnections: string; connectRate: string; connectBurst?: string; authDeadline: string; maxInflight: string;
      drainTimeout: string;
    }) => {
      const backend = await ctx.backend(o.backend);
      const options = await brokerOptionsFromCli(
        {
          host: o.host,
          port: o.port,
          device: o.device,
          maxLifetime: o.maxLifetime,
          clockSkew: o.clockTolerance,
          wsPath: o.wsPath,
          maxPacketSize: o.maxPacketSize,
          maxConnectPacketSize: o.maxConnectPacketSize,
          maxUnauthenticated: o.maxUnauthenticated,
          maxConnections: o.maxConnections,
          connectRate: o.connectRate,
          authDeadline: o.authDeadline,
          maxInflight: o.maxInflight,
          drainTimeout: o.drainTimeout,
          ...(o.connectBurst !== undefined ? { connectBurst: o.connectBurst } : {}),
          ...(o.wsPort !== undefined ? { wsPort: o.wsPort } : {}),
          ...(o.wssPort !== undefined ? { wssPort: o.wssPort } : {}),
          ...(o.httpPort !== undefined ? { httpPort: o.httpPort } : {}),
          ...(o.redis !== undefined ? { redis: o.redis } : {}),
          ...(o.tlsPort !== undefined ? { tlsPort: o.tlsPort } : {}),
          ...(o.cert !== undefined ? { cert: o.cert } : {}),
          ...(o.certKey !== undefined ? { certKey: o.certKey } : {}),
          ...(o.certOut !== undefined ? { certOut: o.certOut } : {}),
          ...(o.devices !== undefined ? { devices: o.devices } : {}),
          ...(o.appUser !== undefined ? { appUser: o.appUser } : {}),
          ...(o.appPassword !== undefined ? { appPassword: o.appPassword } : {}),
          ...(o.requireKid ? { requireKid: true } : {}),
          ...(o.quiet ? { quiet: true } : {}),
        },
        backend,
      );
      await runBroker(options, { out: (line) => ctx.out(line + '\n'), err: (line) => ctx.err(line) });
    });
  examples(
    broker,
    'cryptoplug akenza broker --port 0 --device 0011AABB=device/public.pem      # a free port; Ctrl-C stops it',
    'cryptoplug akenza broker --port off --tls-port 8883 --cert-out certs/ --devices devices.json --app-user app --app-password s3cret',
  );
}
