/** `cryptoplug jwe encrypt|decrypt`: JSON Web Encryption (RFC 7516) of a file or stdin, to one or more recipients. */
import { Command, Option } from 'commander';
import { InputInvalidError, PrivateKey, PublicKey, SecretKey, isJwkLike, keyFromJwk, type Key } from '@cryptoplug/core';
import {
  CONTENT_ENCRYPTION,
  CONTENT_ENCRYPTION_NAMES,
  JWE_ALGORITHMS,
  JWE_ALGORITHM_NAMES,
  decryptJwe,
  encryptCompact,
  encryptGeneral,
  type KeyInput,
  type KeyResolver,
  type LocalJwkSet,
} from '@cryptoplug/jose';
import type { CliContext } from '../context.js';
import { backendOption } from './shared.js';
import { algList, parseIntArg, readJoseKey, withBackend } from './jwt.js';
import { examples } from '../command.js';

/**
 * Key management algorithms a key can do, when --alg is not given (the key type pins them; PBES2 is never implied).
 */
export function algorithmsForKey(key: Key): string[] {
  if (key instanceof SecretKey) {
    const n = key.bits / 8;
    const out = (Object.entries(JWE_ALGORITHMS) as Array<[string, { kind: string; kwKeyBytes?: number }]>)
      .filter(([, s]) => (s.kind === 'aes-kw' || s.kind === 'aes-gcm-kw') && s.kwKeyBytes === n)
      .map(([name]) => name);
    if (Object.values(CONTENT_ENCRYPTION).some((e) => e.keyBytes === n)) out.push('dir');
    return out;
  }
  const k = key instanceof PrivateKey ? key : (key as PublicKey);
  if (k.kty === 'RSA') return ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'];
  if (k.kty === 'EC' || k.curve === 'X25519') return ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'];
  return [];
}

function inferAlgorithms(key: KeyInput | KeyResolver): string[] {
  const keys: Key[] = [];
  if (typeof key === 'function') {
    for (const jwk of (key as LocalJwkSet).keys ?? []) {
      try {
        keys.push(keyFromJwk(jwk));
      } catch {
        /* unusable member: the selector will not pick it either */
      }
    }
  } else if (key instanceof PrivateKey || key instanceof PublicKey || key instanceof SecretKey) {
    keys.push(key);
  } else if (isJwkLike(key)) {
    if (typeof key.alg === 'string' && JWE_ALGORITHM_NAMES.includes(key.alg as never)) return [key.alg];
    keys.push(keyFromJwk(key));
  }
  const algs = [...new Set(keys.flatMap(algorithmsForKey))];
  if (algs.length === 0) throw new InputInvalidError('cannot tell which JWE algorithms this key allows: give --alg');
  return algs;
}

export function register(program: Command, ctx: CliContext): void {
  const jwe = program.command('jwe').description('JSON Web Encryption (RFC 7516) of a file or stdin');
  examples(
    jwe,
    'cryptoplug jwe encrypt --alg ECDH-ES+A256KW --enc A256GCM --key keys/public.pem secret.txt > s.jwe',
    'cryptoplug jwe decrypt --key keys/private.pem @s.jwe',
  );

  const encrypt = jwe
    .command('encrypt')
    .description('encrypt a file (or stdin): compact JWE for one key, general JSON for --json or several keys')
    .addOption(new Option('--alg <ALG>', 'key management algorithm').choices([...JWE_ALGORITHM_NAMES]).makeOptionMandatory())
    .addOption(new Option('--enc <ENC>', 'content encryption').choices([...CONTENT_ENCRYPTION_NAMES]).makeOptionMandatory())
    .requiredOption('--key <FILE>', "recipient key (public PEM/DER/JWK; oct JWK for A*KW, A*GCMKW, dir and PBES2); repeat for several recipients", (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', 'general JSON serialization (always used with several keys)')
    .option('--zip', 'compress the plaintext with DEFLATE ("zip": "DEF")')
    .option('--cty <CTY>', '"cty" header parameter (e.g. JWT for a nested token)')
    .option('--kid <KID>', '"kid" header parameter (compact) or first recipient kid')
    .addOption(backendOption())
    .argument('[FILE]', 'plaintext; - or absent for stdin')
    .action(async (file: string | undefined, o: { alg: string; enc: string; key: string[]; json?: boolean; zip?: boolean; cty?: string; kid?: string; backend: string }) => {
      const keys = [] as KeyInput[];
      for (const path of o.key) keys.push((await readJoseKey(ctx, path)) as KeyInput);
      const plaintext = await ctx.readInput(file);
      const backend = await withBackend(ctx, o.backend);
      const shared: Record<string, unknown> = { enc: o.enc };
      if (o.zip) shared.zip = 'DEF';
      if (o.cty !== undefined) shared.cty = o.cty;
      if (!o.json && keys.length === 1) {
        const header: Record<string, unknown> = { alg: o.alg, ...shared };
        if (o.kid !== undefined) header.kid = o.kid;
        ctx.out((await encryptCompact(plaintext, keys[0]!, { backend, protectedHeader: header as { alg: string; enc: string } })) + '\n');
        return;
      }
      const recipients = keys.map((key, i) => {
        const header: Record<string, unknown> = { alg: o.alg };
        const kid = i === 0 ? o.kid : undefined;
        const jwkKid = isJwkLike(key) && typeof key.kid === 'string' ? key.kid : undefined;
        if (kid ?? jwkKid) header.kid = kid ?? jwkKid;
        return { key, header };
      });
      ctx.out(JSON.stringify(await encryptGeneral(plaintext, recipients, { backend, protectedHeader: shared })) + '\n');
    });
  examples(
    encrypt,
    'cryptoplug jwe encrypt --alg ECDH-ES+A256KW --enc A256GCM --key keys/public.pem secret.txt > s.jwe',
    'cryptoplug jwe encrypt --alg RSA-OAEP-256 --enc A128CBC-HS256 --key bob.pem --key carol.pem --zip secret.txt   # general JSON',
  );

  const decrypt = jwe
    .command('decrypt')
    .description('decrypt a JWE (compact, flattened or general JSON) and write the plaintext to stdout')
    .requiredOption('--key <FILE>', 'private key (PEM/DER/JWK), oct JWK, or a JWK Set')
    .option('--alg <ALG>', 'allowed key management algorithm(s), comma-separated (default: what the key type can do; PBES2 only when named)', algList)
    .option('--enc <ENC>', 'allowed content encryption(s), comma-separated (default: all)', algList)
    .option('--passphrase-file <F>', 'passphrase of an encrypted private key')
    .option('--max-p2c <N>', 'ceiling for PBES2 "p2c" per recipient (default 10000)', parseIntArg('--max-p2c', 1))
    .option('--max-p2c-total <N>', 'budget for the sum of PBES2 "p2c" over all recipients (default 20000)', parseIntArg('--max-p2c-total', 1))
    .addOption(new Option('--compat <LIB>', 'read tokens of a non-conforming producer: python-jose (its 128-bit A*GCM IVs; decryption only)').choices(['python-jose']))
    .addOption(backendOption())
    .argument('[TOKEN]', 'the JWE, @FILE, or - / absent for stdin')
    .addHelpText('after', '\nExample (a token python-jose 3.3 made with its defaults, dir + A256GCM):\n  cryptoplug jwe decrypt --compat python-jose --key secret.jwk.json @token.jwe')
    .action(async (tokenArg: string | undefined, o: { key: string; alg?: string[]; enc?: string[]; passphraseFile?: string; maxP2c?: number; maxP2cTotal?: number; compat?: 'python-jose'; backend: string }) => {
      const token = await ctx.readToken(tokenArg);
      const key = await readJoseKey(ctx, o.key, { allowSet: true, ...(o.passphraseFile ? { passphraseFile: o.passphraseFile } : {}) });
      const backend = await withBackend(ctx, o.backend);
      const r = await decryptJwe(token, key, {
        backend,
        keyManagementAlgorithms: o.alg ?? inferAlgorithms(key),
        ...(o.enc ? { contentEncryptionAlgorithms: o.enc } : {}),
        ...(o.maxP2c !== undefined ? { maxPbes2Count: o.maxP2c } : {}),
        ...(o.maxP2cTotal !== undefined ? { maxPbes2Total: o.maxP2cTotal } : {}),
        ...(o.compat ? { compat: o.compat } : {}),
      });
      ctx.out(r.plaintext);
    });
  examples(
    decrypt,
    'cryptoplug jwe decrypt --key keys/private.pem @s.jwe',
    'cryptoplug jwe decrypt --key oct.jwk.json --alg PBES2-HS256+A128KW --max-p2c 100000 @s.jwe',
  );
}
