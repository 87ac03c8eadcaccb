// temporary: the real program with the etamp commands wired in, as the lead will do in main
import { CommanderError } from 'commander';
import { CryptoplugError } from '@cryptoplug/core';
import { buildProgram } from './src/program.ts';
import { CliExit, createContext } from './src/context.ts';
import { register } from './src/commands/etamp.ts';
const ctx = createContext();
const program = buildProgram(ctx);
register(program, ctx);
const deep = (c: any) => { c.exitOverride(); c.commands.forEach(deep); };
deep(program);
try { await program.parseAsync(process.argv); process.exitCode = 0; } catch (e) {
  if (e instanceof CommanderError) process.exitCode = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code) ? 0 : 2;
  else if (e instanceof CliExit) { if (e.line) ctx.err(e.line); process.exitCode = e.exitCode; }
  else if (e instanceof CryptoplugError) { ctx.err(`error ${e.code}: ${e.message}`); process.exitCode = 1; }
  else { ctx.err(`error ERR_INTERNAL: ${String(e)}`); process.exitCode = 1; }
}
