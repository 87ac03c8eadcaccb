/**
 * The `cryptoplug` command. Exit codes: 0 success; 1 invalid input, failed verification or any CryptoplugError (one line
 * `error CODE: message` on stderr); 2 usage errors. Unexpected internal errors also exit 1 with one line (stack traces
 * only with CRYPTOPLUG_DEBUG=1).
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { CliCommand, examples } from './command.js';
// Subpath import: the root of @cryptoplug/core would load every key format and curve library at start-up.
import { CryptoplugError } from '@cryptoplug/core/errors';
import { CliExit, createContext, type CliContext } from './context.js';
import { parseSize, setMaxInput } from './input.js';
import { COMMAND_GROUPS, groupsFor } from './commands/index.js';

/** The version of this package (its package.json, which every install of it has). */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/**
 * The program with the command groups `argv` needs (all of them by default). Groups are imported on demand (see
 * commands/index.ts), so start-up pays only for the command that runs.
 */
export async function buildProgram(ctx: CliContext, argv?: readonly string[]): Promise<Command> {
  const program = new CliCommand('cryptoplug')
    .description('Pluggable crypto backends (node:crypto, WebCrypto, noble, forge): keys, signatures, conformance, JOSE')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError()
    .option('--max-input <SIZE>', 'largest file or stdin input any command reads, in bytes or with a K/M/G suffix (over it: ERR_INPUT_TOO_LARGE, the rest is not read)', '4M')
    .exitOverride();
  // the global limit applies to every reader (input.ts) before the command's action runs
  program.hook('preAction', () => {
    setMaxInput(parseSize(String(program.opts().maxInput)));
  });
  examples(
    program,
    'cryptoplug status                     # backends here, what auto picks, conformance summary',
    'cryptoplug keygen --type ec-p256 --out keys/',
    'cryptoplug jwt sign --alg ES256 --key keys/private.pem --claims \'{"sub":"alice"}\'',
    'cryptoplug <command> --help           # every command has its own examples',
  );
  program.configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
  });
  const groups = argv ? groupsFor(argv.slice(2)) : COMMAND_GROUPS;
  const modules = await Promise.all(groups.map((g) => g.load()));
  for (const m of modules) m.register(program, ctx);
  examples(
    program.command('version').description('print the version (the same as --version)').action(() => ctx.out(VERSION + '\n')),
    'cryptoplug version',
  );
  for (const cmd of program.commands) exitOverrideDeep(cmd);
  return program;
}

function exitOverrideDeep(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) exitOverrideDeep(sub);
}

export async function main(argv: string[]): Promise<number> {
  const ctx = createContext();
  try {
    const program = await buildProgram(ctx, argv);
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are exit 0; every other commander error is a usage error (2)
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (e instanceof CliExit) {
      if (e.line) ctx.err(e.line);
      return e.exitCode;
    }
    if (e instanceof CryptoplugError) {
      ctx.err(`error ${e.code}: ${e.message}${ctx.hint ? `; ${ctx.hint}` : ''}`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    ctx.err(`error ERR_INTERNAL: ${message.split('\n')[0]}`);
    if (process.env.CRYPTOPLUG_DEBUG === '1' && e instanceof Error) ctx.err(e.stack ?? '');
    return 1;
  }
}

