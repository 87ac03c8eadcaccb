/**
 * `cryptoplug chat …`: the end-to-end encrypted chat of seed 003 (@cryptoplug/chat), loaded lazily.
 *
 *   chat serve    [--data DIR] [--database-url URL] [--port N] [--host H]          → runs until SIGINT/SIGTERM
 *   chat invite   --server URL (--data DIR | --operator-token-file F) [--ttl S] [--identity NAME]
 *   chat register --server URL --invitation TOKEN --identity NAME --key private.pem [--directory-key B64]
 *   chat channel create NAME | add CHANNEL MEMBER… | remove CHANNEL MEMBER… | list
 *   chat send CHANNEL TEXT|-        chat read CHANNEL [--after ID]        chat watch [CHANNEL] [--count N]
 *
 * Every command after `register` reads the profile file it wrote (--profile, default chat-profile.json).
 */
import { Command, Option } from 'commander';
import { InputInvalidError } from '@cryptoplug/core';
import type { CliContext } from '../context.js';
import { examples } from '../command.js';

type Terminal = typeof import('@cryptoplug/chat').terminal;
const load = async (): Promise<Terminal> => (await import('@cryptoplug/chat')).terminal;

function int(value: string, name: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new InputInvalidError(`${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function register(program: Command, ctx: CliContext): void {
  const io = { out: (s: string) => ctx.out(s), err: (l: string) => ctx.err(l) };
  const chat = program.command('chat').description('end-to-end encrypted chat: key directory, channels, live delivery (server and terminal client)');
  examples(
    chat,
    'cryptoplug chat serve --data ./chat-data --port 8080                 # the server (browser client at /)',
    'cryptoplug chat invite --server http://127.0.0.1:8080 --data ./chat-data',
    'cryptoplug chat send CHANNEL_ID "hello"',
  );
  const profile = (c: Command): Command =>
    c
      .option('--profile <FILE>', 'profile written by `chat register` (default $CRYPTOPLUG_CHAT_PROFILE or chat-profile.json)')
      .option('--passphrase-file <F>', 'passphrase of an encrypted private key')
      .option('--json', 'print JSON');

  chat
    .command('serve')
    .description('run the chat server (HTTP API, WebSocket, browser client) on PGlite or PostgreSQL')
    .option('--data <DIR>', 'data directory: directory key, operator token, embedded database', 'chat-data')
    .addOption(new Option('--database-url <URL>', 'use this PostgreSQL instead of the embedded database').env('DATABASE_URL'))
    .option('--port <N>', 'TCP port (0: any free port)', '8080')
    .option('--host <H>', 'listen address', '127.0.0.1')
    .option('--json', 'print the URL, directory key and paths as one JSON line on stdout')
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat serve --data ./chat-data --port 8080\n')
    .action(async (o: { data: string; databaseUrl?: string; port: string; host: string; json?: boolean }) => {
      await (await load()).serve({ data: o.data, port: int(o.port, '--port', 0), host: o.host, ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}), ...(o.json ? { json: true } : {}) }, io);
    });

  chat
    .command('invite')
    .description('create an invitation token (operator; needs the server operator token)')
    .requiredOption('--server <URL>', 'chat server URL')
    .option('--data <DIR>', 'server data directory (reads operator.token from it)')
    .option('--operator-token-file <F>', 'the operator token file')
    .option('--ttl <S>', 'lifetime in seconds', '86400')
    .option('--identity <NAME>', 'only this identity may use it')
    .option('--json', 'print { token, expiresAt } as JSON')
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat invite --server http://127.0.0.1:8080 --data ./chat-data --ttl 3600\n')
    .action(async (o: { server: string; data?: string; operatorTokenFile?: string; ttl: string; identity?: string; json?: boolean }) => {
      await (await load()).invite({ ...o, ttl: int(o.ttl, '--ttl', 1) }, io);
    });

  chat
    .command('register')
    .description('publish a card for your ED25519 key (from `cryptoplug e2ee keygen --type ed25519`) and write the profile')
    .requiredOption('--server <URL>', 'chat server URL')
    .requiredOption('--invitation <TOKEN>', 'invitation token from the operator')
    .requiredOption('--identity <NAME>', 'your identity (user name or e-mail)')
    .requiredOption('--key <FILE>', 'your ED25519 private key file')
    .option('--directory-key <B64>', 'pin this directory key (base64 SPKI, printed by `chat serve`); default: trust on first use')
    .addOption(new Option('--profile <FILE>', 'where to write the profile (default $CRYPTOPLUG_CHAT_PROFILE or chat-profile.json)'))
    .option('--passphrase-file <F>', 'passphrase of an encrypted private key')
    .option('--json', 'print the card as JSON')
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat register --server http://127.0.0.1:8080 --invitation TOKEN --identity alice --key alice/private.pem\n')
    .action(async (o: { server: string; invitation: string; identity: string; key: string; directoryKey?: string; profile?: string; passphraseFile?: string; json?: boolean }) => {
      await (await load()).register(o, io);
    });

  const channel = chat.command('channel').description('create channels and manage their members');
  examples(channel, 'cryptoplug chat channel create general', 'cryptoplug chat channel add CHANNEL_ID bob carol');
  profile(channel.command('create').description('create a channel (you are its owner and first member); prints its id').argument('<NAME>'))
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat channel create general\n')
    .action(async (name: string, o: { profile?: string; passphraseFile?: string; json?: boolean }) => (await load()).channelCreate(name, o, io));
  profile(channel.command('add').description('add members (identity or card id); owner only').argument('<CHANNEL>').argument('<MEMBER...>'))
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat channel add CHANNEL_ID bob carol\n')
    .action(async (id: string, members: string[], o: { profile?: string; passphraseFile?: string; json?: boolean }) => (await load()).channelAdd(id, members, o, io));
  profile(channel.command('remove').description('remove members (identity or card id); later messages are not encrypted for them').argument('<CHANNEL>').argument('<MEMBER...>'))
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat channel remove CHANNEL_ID carol\n')
    .action(async (id: string, members: string[], o: { profile?: string; passphraseFile?: string; json?: boolean }) => (await load()).channelRemove(id, members, o, io));
  profile(channel.command('list').description('list your channels'))
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat channel list --json\n')
    .action(async (o: { profile?: string; passphraseFile?: string; json?: boolean }) => (await load()).channelList(o, io));

  profile(chat.command('send').description("encrypt TEXT for the channel's current members, sign it, post it").argument('<CHANNEL>').argument('[TEXT]', 'the message; - or absent for stdin'))
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat send CHANNEL_ID "hello"\n')
    .action(async (id: string, text: string | undefined, o: { profile?: string; passphraseFile?: string; json?: boolean }) => {
      const body = text === undefined || text === '-' ? new TextDecoder().decode(await ctx.readInput('-')).replace(/\n$/, '') : text;
      await (await load()).send(id, body, o, io);
    });
  profile(chat.command('read').description('verify (sender card, directory countersignature, signature) and decrypt the messages of a channel').argument('<CHANNEL>'))
    .option('--after <ID>', 'only messages after this cursor', '0')
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat read CHANNEL_ID --json\n')
    .action(async (id: string, o: { profile?: string; passphraseFile?: string; json?: boolean; after: string }) => (await load()).read(id, { ...o, after: int(o.after, '--after', 0) }, io));
  profile(chat.command('watch').description('print live messages (WebSocket) until Ctrl-C').argument('[CHANNEL]', 'only this channel'))
    .option('--count <N>', 'exit after N messages')
    .addHelpText('after', '\nExamples:\n  $ cryptoplug chat watch CHANNEL_ID --count 1 --json\n')
    .action(async (id: string | undefined, o: { profile?: string; passphraseFile?: string; json?: boolean; count?: string }) =>
      (await load()).watch(id, { profile: o.profile, passphraseFile: o.passphraseFile, json: o.json, ...(o.count !== undefined ? { count: int(o.count, '--count', 1) } : {}) }, io),
    );
}
