/**
 * The `cryptoplug` command. Exit codes: 0 success; 1 invalid input, failed verification or any CryptoplugError (one line
 * `error CODE: message` on stderr); 2 usage errors. Unexpected internal errors also exit 1 with one line (stack traces
 * only with CRYPTOPLUG_DEBUG=1).
 */
import { Command, CommanderError } from 'commander';
// Subpath import: the root of @cryptoplug/core would load every key format and curve library at start-up.
import { CryptoplugError } from '@cryptoplug/core/errors';
import { CliExit, createContext, type CliContext } from './context.js';
import { COMMAND_GROUPS, groupsFor } from './commands/index.js';

/**
 * The program with the command groups `argv` needs (all of them by default). Groups are imported on demand (see
 * commands/index.ts), so start-up pays only for the command that runs.
 */
export async function buildProgram(ctx: CliContext, argv?: readonly string[]): Promise<Command> {
  const program = new Command('cryptoplug')
    .description('Pluggable crypto backends (node:crypto, WebCrypto, noble, forge): keys, signatures, conformance, JOSE')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
  });
  const groups = argv ? groupsFor(argv.slice(2)) : COMMAND_GROUPS;
  const modules = await Promise.all(groups.map((g) => g.load()));
  for (const m of modules) m.register(program, ctx);
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
      ctx.err(`error ${e.code}: ${e.message}`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    ctx.err(`error ERR_INTERNAL: ${message.split('\n')[0]}`);
    if (process.env.CRYPTOPLUG_DEBUG === '1' && e instanceof Error) ctx.err(e.stack ?? '');
    return 1;
  }
}

