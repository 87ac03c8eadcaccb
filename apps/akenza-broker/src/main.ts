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
  --clock-skew S           accepted clock difference for iat/exp (default 60)
  --require-kid            refuse tokens without a kid header
  --no-expiry-disconnect   keep device connections open after their token expires
  --backend NAME           cryptoplug backend: auto (default), node, webcrypto, noble, forge
  --quiet                  no per-connection auth/ACL log lines
  -h, --help

stdout: "ca-file PATH", "listening PROTOCOL HOST PORT" lines, then "ready". stderr: JSON log lines.
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
        cert: { type: 'string' },
        'cert-key': { type: 'string' },
        'cert-out': { type: 'string' },
        'tls-hostname': { type: 'string', multiple: true },
        device: { type: 'string', multiple: true },
        devices: { type: 'string' },
        'app-user': { type: 'string' },
        'app-password': { type: 'string' },
        'max-lifetime': { type: 'string' },
        'clock-skew': { type: 'string' },
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
        ...(v.cert !== undefined ? { cert: v.cert } : {}),
        ...(v['cert-key'] !== undefined ? { certKey: v['cert-key'] } : {}),
        ...(v['cert-out'] !== undefined ? { certOut: v['cert-out'] } : {}),
        ...(v['tls-hostname'] !== undefined ? { tlsHostname: v['tls-hostname'] } : {}),
        ...(v.device !== undefined ? { device: v.device } : {}),
        ...(v.devices !== undefined ? { devices: v.devices } : {}),
        ...(v['app-user'] !== undefined ? { appUser: v['app-user'] } : {}),
        ...(v['app-password'] !== undefined ? { appPassword: v['app-password'] } : {}),
        ...(v['max-lifetime'] !== undefined ? { maxLifetime: v['max-lifetime'] } : {}),
        ...(v['clock-skew'] !== undefined ? { clockSkew: v['clock-skew'] } : {}),
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
