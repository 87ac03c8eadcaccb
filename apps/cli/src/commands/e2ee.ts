/**
 * `cryptoplug e2ee …`: end-to-end encrypted messages (@cryptoplug/e2ee) — the Virgil-compatible format (readable and
 * writable by virgil-crypto 5.x) and the `hpke` profile (RFC 9180).
 *
 *   e2ee keygen  --type ed25519|curve25519|x25519 --out DIR [--passphrase-file F]
 *   e2ee encrypt --to PUBKEY [--to PUBKEY…] [--sign-with PRIVKEY] [--format virgil|hpke] FILE|-   → base64
 *   e2ee decrypt --key PRIVKEY [--verify-with PUBKEY…] [--format auto|virgil|hpke] FILE|-          → plaintext
 *   e2ee sign    --key PRIVKEY FILE|-                                                              → base64 signature
 *   e2ee verify  --key PUBKEY --signature B64|@FILE FILE|-
 *   e2ee inspect FILE|-                                                                            → JSON header summary
 *
 * Keys: PEM (PKCS#8 / SPKI / ENCRYPTED PRIVATE KEY with --passphrase-file), DER, JWK, or base64 of the DER (the form
 * virgil-crypto applications keep). Messages on input: base64 text (what `encrypt` prints) or raw bytes.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { readBounded } from '../input.js';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import {
  InputInvalidError,
  SignatureInvalidError,
  base64,
  bytesToHex,
  exportPem,
  fromBase64,
  type Backend,
  type PrivateKey,
  type PublicKey,
} from '@cryptoplug/core';
import {
  HpkeEnvelope,
  VirgilCodec,
  exportEncryptedPrivateKey,
  exportVirgilPublicKey,
  importVirgilPrivateKey,
  importVirgilPublicKey,
  virgilKeyId,
} from '@cryptoplug/e2ee';
import type { CliContext } from '../context.js';
import { backendOption } from './shared.js';
import { examples } from '../command.js';

const HPKE_MAGIC = [0x43, 0x50, 0x48, 0x31]; // "CPH1"

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readFileBytes(path: string, what: string): Promise<Uint8Array> {
  return readBounded(path, what);
}

async function readPassphrase(file: string | undefined): Promise<Uint8Array | undefined> {
  if (!file) return undefined;
  const p = await readFileBytes(file, 'passphrase file');
  let end = p.length;
  while (end > 0 && (p[end - 1] === 0x0a || p[end - 1] === 0x0d)) end--;
  if (end === 0) throw new InputInvalidError(`passphrase file "${file}" is empty`);
  return p.subarray(0, end);
}

/** Key files: PEM, DER, JWK, or base64 text of the DER. */
function keyInput(bytes: Uint8Array): Uint8Array | string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim();
  if (text.length > 0 && /^[A-Za-z0-9+/=\s]+$/.test(text)) return text;
  return bytes;
}

async function readPrivateKey(path: string, passphraseFile?: string): Promise<PrivateKey> {
  const passphrase = await readPassphrase(passphraseFile);
  return importVirgilPrivateKey(keyInput(await readFileBytes(path, 'key file')), passphrase ? { passphrase } : {});
}

async function readPublicKey(path: string): Promise<PublicKey> {
  return importVirgilPublicKey(keyInput(await readFileBytes(path, 'key file')));
}

/** A message given as base64 text (what `encrypt` prints) or as raw bytes. */
function messageBytes(input: Uint8Array): Uint8Array {
  if (input.length > 0 && (input[0] === 0x30 || HPKE_MAGIC.every((b, i) => input[i] === b))) return input;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input).replace(/\s+/g, '');
  try {
    return fromBase64(text);
  } catch (cause) {
    throw new InputInvalidError('the message is neither base64 text nor a binary Virgil / hpke message', { cause });
  }
}

function detectFormat(data: Uint8Array, format: string): 'virgil' | 'hpke' {
  if (format === 'virgil' || format === 'hpke') return format;
  return HPKE_MAGIC.every((b, i) => data[i] === b) ? 'hpke' : 'virgil';
}

function virgilType(type: string): 'ed25519' | 'curve25519' {
  return type === 'ed25519' ? 'ed25519' : 'curve25519';
}

export function register(program: Command, ctx: CliContext): void {
  const e2ee = program
    .command('e2ee')
    .description('end-to-end encrypted messages: Virgil-compatible (virgil-crypto 5.x) and the RFC 9180 hpke profile');
  examples(
    e2ee,
    'cryptoplug e2ee keygen --type ed25519 --out alice/',
    'cryptoplug e2ee encrypt --to bob/public.pem --sign-with alice/private.pem msg.txt > msg.b64',
    'cryptoplug e2ee decrypt --key bob/private.pem --verify-with alice/public.pem msg.b64',
  );

  const keygen = e2ee
    .command('keygen')
    .description('generate a key pair: private.pem (PKCS#8, encrypted with --passphrase-file), public.pem, public.b64 (Virgil form)')
    .addOption(new Option('--type <TYPE>', 'ed25519 (signs and decrypts) or curve25519 / x25519 (decrypts; hpke recipients)').choices(['ed25519', 'curve25519', 'x25519']).makeOptionMandatory())
    .requiredOption('--out <DIR>', 'output directory (created if missing)')
    .option('--passphrase-file <F>', 'protect private.pem with this passphrase (PKCS#8 PBES2, scrypt + AES-256-CBC)')
    .option('--force', 'overwrite existing files')
    .option('--json', 'print the written paths and key ids as JSON')
    .addOption(backendOption())
    .action(async (o: { type: string; out: string; passphraseFile?: string; force?: boolean; json?: boolean; backend: string }) => {
      const backend = await ctx.backend(o.backend);
      const passphrase = await readPassphrase(o.passphraseFile);
      const key = await backend.generateKey(virgilType(o.type) === 'ed25519' ? 'ed25519' : 'x25519');
      const files: Array<[string, string, number]> = [
        ['private.pem', passphrase ? exportEncryptedPrivateKey(key, passphrase) : exportPem(key, 'pkcs8'), 0o600],
        ['public.pem', exportPem(key, 'spki'), 0o644],
        ['public.b64', base64(exportVirgilPublicKey(key)) + '\n', 0o644],
      ];
      await mkdir(o.out, { recursive: true });
      if (!o.force) {
        for (const [name] of files) {
          const path = join(o.out, name);
          if (await access(path).then(() => true, () => false)) throw new InputInvalidError(`${path} exists (use --force to overwrite)`);
        }
      }
      const written: string[] = [];
      for (const [name, text, mode] of files) {
        const path = join(o.out, name);
        await writeFile(path, text, { mode });
        written.push(path);
      }
      const keyId = bytesToHex(await virgilKeyId(backend, key));
      const keyIdSha256 = bytesToHex(await virgilKeyId(backend, key, 'SHA-256'));
      if (o.json) ctx.out(JSON.stringify({ type: virgilType(o.type), keyId, keyIdSha256, encrypted: passphrase !== undefined, files: written }, null, 2) + '\n');
      else ctx.out(written.join('\n') + '\n');
      ctx.err(`${virgilType(o.type)} key written to ${o.out} (Virgil key id ${keyId})`);
    });
  examples(
    keygen,
    'cryptoplug e2ee keygen --type ed25519 --out alice/',
    'cryptoplug e2ee keygen --type x25519 --out bob/ --passphrase-file secret.txt --json',
  );

  const encrypt = e2ee
    .command('encrypt')
    .description('encrypt a file (or stdin) for one or more recipients; prints the message as base64')
    .option('--to <PUBKEY>', 'recipient public key file (repeat for more recipients)', collect, [])
    .option('--sign-with <PRIVKEY>', 'sender private key (ED25519): sign the message')
    .option('--passphrase-file <F>', 'passphrase of an encrypted --sign-with key')
    .addOption(new Option('--format <F>', 'virgil (virgil-crypto 5.x compatible) or hpke (RFC 9180 profile)').choices(['virgil', 'hpke']).default('virgil'))
    .addOption(new Option('--sign-mode <M>', 'virgil: signThenEncrypt (signature in the header) or signAndEncrypt (signature encrypted in a footer)').choices(['then', 'and']).default('then'))
    .option('--padding', 'virgil: random padding to a multiple of 160 bytes (virgil-crypto enablePadding)')
    .addOption(backendOption())
    .argument('[FILE]', 'data to encrypt; - or absent for stdin')
    .action(async (file: string | undefined, o: { to: string[]; signWith?: string; passphraseFile?: string; format: 'virgil' | 'hpke'; signMode: 'then' | 'and'; padding?: boolean; backend: string }) => {
      if (o.to.length === 0) throw new InputInvalidError('at least one --to PUBKEY is needed');
      const recipients = await Promise.all(o.to.map((p) => readPublicKey(p)));
      const signer = o.signWith ? await readPrivateKey(o.signWith, o.passphraseFile) : undefined;
      const data = await ctx.readInput(file);
      const backend: Backend = await ctx.backend(o.backend);
      let message: Uint8Array;
      if (o.format === 'hpke') {
        if (o.padding) throw new InputInvalidError('--padding is for the virgil format');
        message = await new HpkeEnvelope(backend).encrypt(data, recipients, signer ? { signer } : {});
      } else {
        const codec = new VirgilCodec(backend);
        const options = { padding: o.padding === true };
        if (!signer) message = await codec.encrypt(data, recipients, options);
        else if (o.signMode === 'and') message = await codec.signAndEncrypt(data, signer, recipients, options);
        else message = await codec.signThenEncrypt(data, signer, recipients, options);
      }
      ctx.out(base64(message) + '\n');
    });
  examples(
    encrypt,
    'cryptoplug e2ee encrypt --to bob/public.pem --to carol/public.pem --sign-with alice/private.pem msg.txt > msg.b64',
    'cryptoplug e2ee encrypt --format hpke --to bob/public.pem msg.txt > msg.b64',
  );

  const decrypt = e2ee
    .command('decrypt')
    .description('decrypt a message (base64 or binary) with a private key; with --verify-with, the signature must verify')
    .requiredOption('--key <PRIVKEY>', 'recipient private key file')
    .option('--passphrase-file <F>', 'passphrase of an encrypted --key')
    .option('--verify-with <PUBKEY>', 'accepted sender public key (repeat for several); the message must be signed by one of them', collect, [])
    .addOption(new Option('--format <F>', 'auto (from the content), virgil or hpke').choices(['auto', 'virgil', 'hpke']).default('auto'))
    .option('--recipient-id <HEX>', 'virgil: the recipient id to look for (default: the key\'s Virgil key ids)')
    .addOption(backendOption())
    .argument('[FILE]', 'the message; - or absent for stdin')
    .action(async (file: string | undefined, o: { key: string; passphraseFile?: string; verifyWith: string[]; format: string; recipientId?: string; backend: string }) => {
      const key = await readPrivateKey(o.key, o.passphraseFile);
      const senders = await Promise.all(o.verifyWith.map((p) => readPublicKey(p)));
      const data = messageBytes(await ctx.readInput(file));
      const backend = await ctx.backend(o.backend);
      let plaintext: Uint8Array;
      let note: string | undefined;
      if (detectFormat(data, o.format) === 'hpke') {
        const r = await new HpkeEnvelope(backend).decrypt(data, key, senders.length > 0 ? { senders } : {});
        plaintext = r.plaintext;
        if (r.verified) note = `signature valid (signer key id ${r.signerId})`;
        else if (r.signed) note = `signed by key id ${r.signerId}, not verified (pass --verify-with)`;
      } else {
        let recipientId: Uint8Array | undefined;
        if (o.recipientId !== undefined) {
          if (!/^([0-9a-fA-F]{2})+$/.test(o.recipientId)) throw new InputInvalidError('--recipient-id must be hex');
          recipientId = new Uint8Array(Buffer.from(o.recipientId, 'hex'));
        }
        const r = await new VirgilCodec(backend).open(data, key, senders.length > 0 ? senders : undefined, recipientId ? { recipientId } : {});
        plaintext = r.plaintext;
        if (r.verified) note = `signature valid (${r.signature}, signer key id ${r.signerId})`;
        else if (r.signature !== 'none') note = `signed (${r.signature}) by key id ${r.signerId ?? 'unknown'}, not verified (pass --verify-with)`;
      }
      ctx.out(plaintext);
      if (note) ctx.err(note);
    });
  examples(
    decrypt,
    'cryptoplug e2ee decrypt --key bob/private.pem --verify-with alice/public.pem msg.b64',
    'cryptoplug e2ee decrypt --key bob/private.pem --passphrase-file secret.txt msg.b64 > msg.txt',
  );

  const sign = e2ee
    .command('sign')
    .description('sign a file (or stdin) with an ED25519 key; prints the Virgil signature (DER { sha512, Ed25519(SHA-512(data)) }) as base64')
    .requiredOption('--key <PRIVKEY>', 'signer private key file (ED25519)')
    .option('--passphrase-file <F>', 'passphrase of an encrypted --key')
    .addOption(backendOption())
    .argument('[FILE]', 'data to sign; - or absent for stdin')
    .action(async (file: string | undefined, o: { key: string; passphraseFile?: string; backend: string }) => {
      const key = await readPrivateKey(o.key, o.passphraseFile);
      const data = await ctx.readInput(file);
      const codec = new VirgilCodec(await ctx.backend(o.backend));
      ctx.out(base64(await codec.sign(data, key)) + '\n');
    });
  examples(sign, 'cryptoplug e2ee sign --key alice/private.pem msg.txt > msg.sig');

  const verify = e2ee
    .command('verify')
    .description('verify a Virgil signature over a file (or stdin); exit 0 if valid, 1 if not')
    .requiredOption('--key <PUBKEY>', 'signer public key file')
    .requiredOption('--signature <B64>', 'the signature, base64 (or @FILE)')
    .addOption(backendOption())
    .argument('[FILE]', 'signed data; - or absent for stdin')
    .action(async (file: string | undefined, o: { key: string; signature: string; backend: string }) => {
      const key = await readPublicKey(o.key);
      if (o.signature === '-' && file === undefined) throw new InputInvalidError('the signature and the data cannot both come from stdin');
      const text = await ctx.readToken(o.signature);
      let signature: Uint8Array;
      try {
        signature = fromBase64(text.replace(/\s+/g, ''));
      } catch (cause) {
        throw new InputInvalidError('--signature is not base64', { cause });
      }
      const data = await ctx.readInput(file);
      const codec = new VirgilCodec(await ctx.backend(o.backend));
      if (!(await codec.verify(data, signature, key))) throw new SignatureInvalidError();
      ctx.err('signature valid');
    });
  examples(
    verify,
    'cryptoplug e2ee verify --key alice/public.pem --signature @msg.sig msg.txt   # exit 0 valid, 1 invalid',
  );

  const inspect = e2ee
    .command('inspect')
    .description('print a message header as JSON (recipients, signature kind, padding) without decrypting')
    .addOption(new Option('--format <F>', 'auto (from the content), virgil or hpke').choices(['auto', 'virgil', 'hpke']).default('auto'))
    .addOption(backendOption())
    .argument('[FILE]', 'the message; - or absent for stdin')
    .action(async (file: string | undefined, o: { format: string; backend: string }) => {
      const data = messageBytes(await ctx.readInput(file));
      const backend = await ctx.backend(o.backend);
      const summary = detectFormat(data, o.format) === 'hpke' ? { format: 'hpke', ...new HpkeEnvelope(backend).inspect(data) } : { format: 'virgil', ...new VirgilCodec(backend).inspect(data) };
      ctx.out(JSON.stringify(summary, null, 2) + '\n');
    });
  examples(inspect, 'cryptoplug e2ee inspect msg.b64        # recipients, signature kind, padding; nothing decrypted');
}
