/**
 * `cryptoplug etamp keygen|create|verify`: ETAMP messages (see packages/etamp). `create` prints the message JSON;
 * `verify` prints the verified claims JSON (with the decrypted message for the strong profile) or exits 1 with
 * `error ERR_ETAMP_...: message`.
 */
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { InputInvalidError, KeyUsageError, SecretKey, fromUtf8, jwkThumbprint, type Key, type PrivateKey, type PublicKey } from '@cryptoplug/core';
import {
  ETAMP_PROFILES,
  createEtamp,
  formatEtampMessage,
  verifyEtamp,
  type EtampProfileName,
  type ReplayStore,
} from '@cryptoplug/etamp';
import type { CliContext } from '../context.js';
import { backendOption } from './shared.js';
import { writeKeyFiles } from './keygen.js';
import { addOptionWithAliases, examples } from '../command.js';

function asymmetric(key: Key, path: string): PrivateKey | PublicKey {
  if (key instanceof SecretKey) throw new KeyUsageError(`${path} holds a secret key; ETAMP needs an EC key`);
  return key;
}

function seconds(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new InputInvalidError(`${what} must be a whole number of seconds`);
  return Number(value.trim());
}

function profileOption(): Option {
  return new Option('--profile <PROFILE>', 'seed (interoperable with the Python seed) or strong').choices([...ETAMP_PROFILES]).default('seed');
}

/**
 * Seen-Id store in a JSON file ({"<Id>": <expiresAt>}), so that one-shot CLI invocations can detect replays. Each
 * check-and-record holds FILE.lock (created exclusively) around read-modify-write; a lock left by a crashed process
 * must be removed by hand (the error says so).
 */
class FileReplayStore implements ReplayStore {
  constructor(readonly path: string) {}

  async remember(id: string, expiresAt: number, now: number): Promise<boolean> {
    const lock = `${this.path}.lock`;
    let handle;
    for (let attempt = 0; ; attempt++) {
      try {
        handle = await open(lock, 'wx');
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputInvalidError(`cannot lock the replay file ${lock}`, { cause: e });
        if (attempt >= 100) throw new InputInvalidError(`the replay file is locked (${lock}); remove it if no cryptoplug process is running`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    try {
      let seen: Record<string, number> = {};
      try {
        const parsed = JSON.parse(fromUtf8(new Uint8Array(await readFile(this.path)))) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        seen = parsed as Record<string, number>;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputInvalidError(`the replay file ${this.path} is not a JSON object of id → expiry`, { cause: e });
      }
      const known = seen[id];
      if (typeof known === 'number' && known >= now) return false;
      const kept: Record<string, number> = {};
      for (const [k, v] of Object.entries(seen)) if (typeof v === 'number' && v >= now) kept[k] = v;
      kept[id] = expiresAt;
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(kept) + '\n', { mode: 0o600 });
      await rename(tmp, this.path);
      return true;
    } finally {
      await handle.close();
      await rm(lock, { force: true });
    }
  }
}

export function register(program: Command, ctx: CliContext): void {
  const etamp = program
    .command('etamp')
    .description('ETAMP messages: P-521 keys, create and verify (seed-compatible and strong profiles)');
  examples(
    etamp,
    'cryptoplug etamp keygen --out etamp/',
    'cryptoplug etamp create --key etamp/private.pem --sender-server-name alpha --sender-user alice --recipient-server-name beta --recipient-user bob --message hello > msg.json',
    'cryptoplug etamp verify --key etamp/public.pem msg.json',
  );

  const keygen = etamp
    .command('keygen')
    .description('generate a P-521 key pair for ETAMP: private.pem, public.pem, private.jwk.json, public.jwk.json')
    .requiredOption('--out <DIR>', 'output directory (created if missing)')
    .option('--force', 'overwrite existing files')
    .option('--json', 'print the written paths and the key thumbprint as JSON')
    .addOption(backendOption())
    .action(async (o: { out: string; force?: boolean; json?: boolean; backend: string }) => {
      const backend = await ctx.backend(o.backend);
      const key = await backend.generateKey('ec-p521');
      const files = await writeKeyFiles(key, o.out, o.force === true);
      const thumbprint = jwkThumbprint(key);
      if (o.json) ctx.out(JSON.stringify({ type: 'ec-p521', thumbprint, files }, null, 2) + '\n');
      else ctx.out(files.join('\n') + '\n');
      ctx.err(`P-521 key written to ${o.out} (JWK thumbprint ${thumbprint})`);
    });
  examples(keygen, 'cryptoplug etamp keygen --out etamp/', 'cryptoplug etamp keygen --out etamp/ --force --json');

  const create = etamp
    .command('create')
    .description('create an ETAMP message and print it as JSON {"Id","Token","SignatureToken","SignatureMessage"}')
    .requiredOption('--key <FILE>', "sender's P-521 private key: PEM (SEC1 as python-ecdsa writes it, PKCS#8), DER or JWK")
    .option('--sender-server-id <ID>', 'sender server id (default: a fresh UUID)')
    .requiredOption('--sender-server-name <N>', 'sender server name')
    .requiredOption('--sender-user <N>', 'sender user name')
    .option('--sender-id <ID>', 'sender user id (default: a fresh UUID)')
    .option('--recipient-server-id <ID>', "recipient server id (default: the sender's when the server names are equal, else a fresh UUID)")
    .requiredOption('--recipient-server-name <N>', 'recipient server name')
    .requiredOption('--recipient-user <N>', 'recipient user name')
    .option('--recipient-id <ID>', 'recipient user id (default: a fresh UUID)')
    .addOption(new Option('--message <TEXT>', 'the message text').conflicts('messageFile'))
    .addOption(new Option('--message-file <FILE>', 'read the message text from a file (- for stdin)').conflicts('message'))
    .addOption(profileOption())
    .option('--encrypt-to <PUBKEY>', "strong profile: the recipient's EC public key file (P-256/384/521) the message is encrypted to");
  addOptionWithAliases(create, new Option('--expires-in <SECONDS>', 'lifetime: exp = now + SECONDS').default('3600'), '--ttl <SECONDS>');
  create
    .option('--now <UNIX>', 'creation time in seconds since the epoch (default: now)')
    .option('--message-id <ID>', 'message id (default: a fresh UUID)')
    .option('--passphrase-file <F>', 'passphrase for an encrypted private key')
    .addOption(backendOption())
    .action(
      async (o: {
        key: string;
        senderServerId?: string;
        senderServerName: string;
        senderUser: string;
        senderId?: string;
        recipientServerId?: string;
        recipientServerName: string;
        recipientUser: string;
        recipientId?: string;
        message?: string;
        messageFile?: string;
        profile: EtampProfileName;
        encryptTo?: string;
        expiresIn: string;
        now?: string;
        messageId?: string;
        passphraseFile?: string;
        backend: string;
      }) => {
        if (o.message === undefined && o.messageFile === undefined) throw new InputInvalidError('give the message with --message TEXT or --message-file FILE');
        const message = o.message ?? fromUtf8(await ctx.readInput(o.messageFile));
        const key = asymmetric(await ctx.readKey(o.key, o.passphraseFile ? { passphraseFile: o.passphraseFile } : {}), o.key);
        if (o.profile !== 'strong' && o.encryptTo !== undefined) throw new InputInvalidError('--encrypt-to is for --profile strong');
        if (o.profile === 'strong' && o.encryptTo === undefined) throw new InputInvalidError("--profile strong needs --encrypt-to PUBKEY (the recipient's EC public key)");
        const encryptTo = o.encryptTo === undefined ? undefined : asymmetric(await ctx.readKey(o.encryptTo), o.encryptTo);
        const now = seconds(o.now, '--now');
        const backend = await ctx.backend(o.backend);
        const m = await createEtamp({
          backend,
          key,
          profile: o.profile,
          sender: { serverName: o.senderServerName, userName: o.senderUser, ...(o.senderServerId ? { serverId: o.senderServerId } : {}), ...(o.senderId ? { id: o.senderId } : {}) },
          recipient: {
            serverName: o.recipientServerName,
            userName: o.recipientUser,
            ...(o.recipientServerId ? { serverId: o.recipientServerId } : {}),
            ...(o.recipientId ? { id: o.recipientId } : {}),
          },
          message,
          ...(encryptTo ? { encryptTo } : {}),
          ttl: seconds(o.expiresIn, '--expires-in')!,
          ...(now !== undefined ? { now } : {}),
          ...(o.messageId ? { messageId: o.messageId } : {}),
        });
        ctx.out(formatEtampMessage(m) + '\n');
      },
    );
  examples(
    create,
    'cryptoplug etamp create --key etamp/private.pem --sender-server-name alpha --sender-user alice --recipient-server-name beta --recipient-user bob --message hello > msg.json',
    'cryptoplug etamp create --profile strong --encrypt-to bob-etamp/public.pem --key etamp/private.pem --sender-server-name alpha --sender-user alice --recipient-server-name beta --recipient-user bob --message-file note.txt --expires-in 300',
  );

  const verify = etamp
    .command('verify')
    .description('verify an ETAMP message (JSON, or the seed\'s printed dict) and print the verified claims as JSON; exit 1 on any failure')
    .requiredOption('--key <FILE>', "sender's P-521 public key (PEM, DER or JWK)")
    .addOption(profileOption())
    .option('--now <UNIX>', 'current time in seconds since the epoch (default: now)')
    .option('--clock-tolerance <SECONDS>', 'allowed clock skew for exp/nbf/max age', '60')
    .option('--max-age <SECONDS>', 'maximum message age (default: 300 for strong, none for seed)')
    .option('--audience <AUD>', 'expected audience (<recipientServerId>.<recipientServerName>.<recipient>.<recipientId>)')
    .option('--issuer <ISS>', 'expected issuer (<senderServerId>.<senderServerName>.<senderUserName>.<senderId>)')
    .option('--decrypt-key <FILE>', "strong profile: the recipient's EC private key; without it the message stays encrypted")
    .option('--replay-file <FILE>', 'remember verified message ids in this JSON file and reject replays (strong: recommended)')
    .option('--tolerate-seed-double-sign', "seed profile: accept the seed's own SignatureMessage, which signs a SignatureToken the message does not carry")
    .addOption(backendOption())
    .argument('[MESSAGE]', 'message file; - or absent for stdin')
    .action(
      async (
        file: string | undefined,
        o: {
          key: string;
          profile: EtampProfileName;
          now?: string;
          clockTolerance: string;
          maxAge?: string;
          audience?: string;
          issuer?: string;
          decryptKey?: string;
          replayFile?: string;
          tolerateSeedDoubleSign?: boolean;
          backend: string;
        },
      ) => {
        const key = asymmetric(await ctx.readKey(o.key), o.key);
        if (o.decryptKey !== undefined && o.profile !== 'strong') throw new InputInvalidError('--decrypt-key is for --profile strong');
        const decryptionKey = o.decryptKey === undefined ? undefined : asymmetric(await ctx.readKey(o.decryptKey), o.decryptKey);
        const now = seconds(o.now, '--now');
        const maxAge = seconds(o.maxAge, '--max-age');
        const input = await ctx.readInput(file);
        const backend = await ctx.backend(o.backend);
        if (o.profile === 'strong' && o.replayFile === undefined) {
          ctx.err('note: without --replay-file this one-shot command cannot detect replays');
        }
        const r = await verifyEtamp(input, {
          backend,
          key,
          profile: o.profile,
          clockTolerance: seconds(o.clockTolerance, '--clock-tolerance')!,
          ...(now !== undefined ? { now } : {}),
          ...(maxAge !== undefined ? { maxAge } : {}),
          ...(o.audience !== undefined ? { audience: o.audience } : {}),
          ...(o.issuer !== undefined ? { issuer: o.issuer } : {}),
          ...(decryptionKey ? { decryptionKey } : {}),
          replayStore: o.replayFile === undefined ? null : new FileReplayStore(o.replayFile),
          ...(o.tolerateSeedDoubleSign ? { tolerateSeedDoubleSign: true } : {}),
        });
        if (r.signatureMessage === 'unverified') {
          ctx.err("warning: SignatureMessage was not verified (the seed's double signing, tolerated on request)");
        }
        ctx.out(
          JSON.stringify(
            {
              valid: true,
              profile: r.profile,
              id: r.id,
              header: r.header,
              claims: r.claims,
              ...(r.message !== undefined ? { message: r.message } : {}),
              encrypted: r.encrypted,
              signatureMessage: r.signatureMessage,
            },
            null,
            2,
          ) + '\n',
        );
      },
    );
  examples(
    verify,
    'cryptoplug etamp verify --key etamp/public.pem msg.json',
    'cryptoplug etamp verify --profile strong --key alice-etamp/public.pem --decrypt-key etamp/private.pem --replay-file seen.json --audience "$AUD" msg.json',
  );
}
