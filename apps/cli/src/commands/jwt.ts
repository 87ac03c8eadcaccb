/**
 * `cryptoplug jwt sign|verify|decode`, and the key/option helpers the JOSE commands share (jws.ts and jwe.ts import
 * them from here).
 *
 * Key files: PEM (any format; encrypted ones with --passphrase-file), DER, a JWK (its "use"/"alg"/"key_ops" are
 * enforced) or, for verification and decryption, a JWK Set ({"keys": [...]}: the key is chosen by kid/alg/use).
 */
import { readBounded } from '../input.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputInvalidError } from '@cryptoplug/core/errors';
import { fromUtf8 } from '@cryptoplug/core/bytes';
import type { Backend } from '@cryptoplug/core';
// Start-up: only the algorithm table and the decoder load with this group (`jwt decode` verifies nothing and needs no
// backend); signing, verification and JWK Sets import @cryptoplug/jose inside their actions.
import { JWS_ALGORITHM_NAMES } from '@cryptoplug/jose/algorithms';
import { decodeJwt, decodeProtectedHeader } from '@cryptoplug/jose/decode';
import type { JwtClaims, KeyInput, KeyResolver } from '@cryptoplug/jose';
import type { CliContext } from '../context.js';
import { backendOption } from './shared.js';
import { addOptionWithAliases, examples } from '../command.js';

/** Reads a key file: a JWK or JWK Set (JSON) is kept as JSON so its metadata is enforced; anything else via ctx.readKey. */
export async function readJoseKey(ctx: CliContext, path: string, options: { passphraseFile?: string; allowSet?: boolean } = {}): Promise<KeyInput | KeyResolver> {
  const bytes = await readBounded(path, 'key file');
  let text: string | undefined;
  try {
    text = fromUtf8(bytes).trim();
  } catch {
    text = undefined;
  }
  if (text?.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new InputInvalidError(`key file "${path}" is not valid JSON`, { cause });
    }
    if (typeof json === 'object' && json !== null && Array.isArray((json as { keys?: unknown }).keys)) {
      if (!options.allowSet) throw new InputInvalidError(`key file "${path}" is a JWK Set: give a single key to sign or encrypt`);
      const { createLocalJwkSet } = await import('@cryptoplug/jose');
      return createLocalJwkSet(json);
    }
    const { isJwkLike } = await import('@cryptoplug/core/jwk');
    if (isJwkLike(json)) return json;
  }
  return ctx.readKey(path, options.passphraseFile ? { passphraseFile: options.passphraseFile } : {});
}

/** `--alg A,B` → ['A', 'B']. */
export function algList(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new InvalidArgumentError('give at least one algorithm');
  return list;
}

export function parseIntArg(what: string, min = 0): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`${what} must be an integer`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${what} must be an integer ≥ ${min}`);
    return n;
  };
}

export function parseJsonArg(what: string): (value: string) => string {
  return (value: string) => {
    if (value.startsWith('@')) return value;
    try {
      JSON.parse(value);
    } catch {
      throw new InvalidArgumentError(`${what} must be JSON (or @FILE)`);
    }
    return value;
  };
}

export async function readJsonObject(ctx: CliContext, arg: string, what: string): Promise<Record<string, unknown>> {
  const v = await ctx.readJson(arg, what);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputInvalidError(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

export async function withBackend(ctx: CliContext, name: string): Promise<Backend> {
  return ctx.backend(name);
}

export function register(program: Command, ctx: CliContext): void {
  const jwt = program.command('jwt').description('JSON Web Tokens (RFC 7519): sign, verify with claim checks, decode');
  examples(
    jwt,
    'cryptoplug jwt sign --alg ES256 --key keys/private.pem --iat --expires-in 600 --claims \'{"sub":"alice"}\' > t.jwt',
    'cryptoplug jwt verify --alg ES256 --key keys/public.pem --require sub,exp @t.jwt',
    'cryptoplug jwt decode @t.jwt',
  );

  const sign = jwt
    .command('sign')
    .description('sign a claims set and print the compact JWT')
    .requiredOption('--alg <ALG>', `signature algorithm: ${JWS_ALGORITHM_NAMES.join(', ')}`)
    .requiredOption('--key <FILE>', 'signing key: private PEM/DER/JWK, or an oct JWK for HS*')
    .requiredOption('--claims <JSON|@FILE>', 'the claims set (a JSON object, inline or @FILE)', parseJsonArg('--claims'))
    .option('--kid <KID>', '"kid" header parameter')
    .option('--typ <TYP>', '"typ" header parameter (e.g. JWT, at+jwt)')
    .option('--header <JSON>', 'more protected header parameters (JSON object or @FILE)', parseJsonArg('--header'))
    .option('--iat', 'set "iat" to the current time');
  addOptionWithAliases(sign, new Option('--expires-in <SECONDS>', 'set "exp" to now (or iat) + SECONDS').argParser(parseIntArg('--expires-in', 1)), '--exp-in <SECONDS>');
  sign
    .option('--now <UNIX>', 'the current time, seconds since the epoch (default: the clock)', parseIntArg('--now'))
    .option('--passphrase-file <F>', 'passphrase of an encrypted private key')
    .addOption(backendOption())
    .action(async (o: { alg: string; key: string; claims: string; kid?: string; typ?: string; header?: string; iat?: boolean; expiresIn?: number; now?: number; passphraseFile?: string; backend: string }) => {
      const claims = (await readJsonObject(ctx, o.claims, '--claims')) as JwtClaims;
      const header = o.header ? await readJsonObject(ctx, o.header, '--header') : undefined;
      const key = (await readJoseKey(ctx, o.key, o.passphraseFile ? { passphraseFile: o.passphraseFile } : {})) as KeyInput;
      const backend = await withBackend(ctx, o.backend);
      const { signJwt } = await import('@cryptoplug/jose');
      const token = await signJwt(claims, key, {
        backend,
        alg: o.alg,
        ...(o.kid !== undefined ? { kid: o.kid } : {}),
        ...(o.typ !== undefined ? { typ: o.typ } : {}),
        ...(header ? { header } : {}),
        ...(o.iat ? { issuedAt: true } : {}),
        ...(o.expiresIn !== undefined ? { expiresIn: o.expiresIn } : {}),
        ...(o.now !== undefined ? { currentDate: o.now } : {}),
      });
      ctx.out(token + '\n');
    });
  examples(
    sign,
    'cryptoplug jwt sign --alg ES256 --key keys/private.pem --iat --expires-in 600 --claims \'{"sub":"alice"}\' > t.jwt',
    'cryptoplug jwt sign --alg HS256 --key oct.jwk.json --kid k1 --claims @claims.json',
  );

  const verify = jwt
    .command('verify')
    .description('verify a JWT (signature with the pinned algorithm(s), then claims) and print its claims as JSON')
    .requiredOption('--key <FILE>', 'verification key: public/private PEM, DER, JWK, oct JWK, or a JWK Set')
    .requiredOption('--alg <ALG>', 'allowed algorithm(s), comma-separated; the token header never chooses', algList);
  addOptionWithAliases(verify, new Option('--audience <AUD>', 'the audience the token must have ("aud")'), '--aud <AUD>');
  addOptionWithAliases(verify, new Option('--issuer <ISS>', 'the issuer the token must have ("iss")'), '--iss <ISS>');
  addOptionWithAliases(verify, new Option('--subject <SUB>', 'the subject the token must have ("sub")'), '--sub <SUB>');
  verify
    .option('--typ <TYP>', 'the "typ" header parameter the token must have')
    .option('--require <CLAIMS>', 'claims that must be present, comma-separated')
    .option('--max-age <SECONDS>', 'maximum age from "iat"', parseIntArg('--max-age'))
    .option('--now <UNIX>', 'the current time, seconds since the epoch (default: the clock)', parseIntArg('--now'))
    .option('--clock-tolerance <S>', 'allowed clock skew in seconds', parseIntArg('--clock-tolerance'))
    .addOption(backendOption())
    .argument('[TOKEN]', 'the token, @FILE, or - / absent for stdin')
    .action(async (tokenArg: string | undefined, o: { key: string; alg: string[]; audience?: string; issuer?: string; subject?: string; typ?: string; require?: string; maxAge?: number; now?: number; clockTolerance?: number; backend: string }) => {
      const token = await ctx.readToken(tokenArg);
      const key = await readJoseKey(ctx, o.key, { allowSet: true });
      const backend = await withBackend(ctx, o.backend);
      const { verifyJwt } = await import('@cryptoplug/jose');
      const { payload } = await verifyJwt(token, key, {
        backend,
        algorithms: o.alg,
        ...(o.audience !== undefined ? { audience: o.audience } : {}),
        ...(o.issuer !== undefined ? { issuer: o.issuer } : {}),
        ...(o.subject !== undefined ? { subject: o.subject } : {}),
        ...(o.typ !== undefined ? { typ: o.typ } : {}),
        ...(o.require ? { requiredClaims: o.require.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        ...(o.maxAge !== undefined ? { maxTokenAge: o.maxAge } : {}),
        ...(o.now !== undefined ? { currentDate: o.now } : {}),
        ...(o.clockTolerance !== undefined ? { clockTolerance: o.clockTolerance } : {}),
      });
      ctx.out(JSON.stringify(payload) + '\n');
    });
  examples(
    verify,
    'cryptoplug jwt verify --alg ES256 --key keys/public.pem --require sub,exp @t.jwt',
    'cryptoplug jwt verify --alg RS256,PS256 --key jwks.json --audience api --issuer https://issuer.example --clock-tolerance 30 "$TOKEN"',
    'cat t.jwt | cryptoplug jwt verify --alg EdDSA --key public.jwk.json',
  );

  const decode = jwt
    .command('decode')
    .description('print {"header", "claims"} of a JWT WITHOUT verifying anything (a JWE shows its header only)')
    .argument('[TOKEN]', 'the token, @FILE, or - / absent for stdin')
    .action(async (tokenArg: string | undefined) => {
      const token = await ctx.readToken(tokenArg);
      const header = decodeProtectedHeader(token);
      const isJwe = token.split('.').length === 5;
      const claims = isJwe ? null : decodeJwt(token);
      ctx.err(isJwe ? 'warning: NOT verified; this is an encrypted JWT (JWE): its claims need `jwe decrypt`' : 'warning: NOT verified: signature and claims were not checked');
      ctx.out(JSON.stringify({ header, claims }) + '\n');
    });
  examples(decode, 'cryptoplug jwt decode @t.jwt          # header and claims, NOT verified', 'cat t.jwt | cryptoplug jwt decode');
}
