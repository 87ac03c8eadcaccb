/**
 * `cryptoplug explorer [--port N] [--host H]`: serves the backend explorer (apps/explorer) — a page that runs the
 * conformance suite and the benchmark in the visitor's own browser. Prints the URL on stdout, notes on stderr, and
 * runs until SIGINT/SIGTERM. @cryptoplug/explorer (fastify) is imported only when the command runs.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../context.js';

function portArg(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('a port number 0–65535 (0 = any free port)');
  return n;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('explorer')
    .description('serve the backend explorer: conformance and benchmarks of every backend, in your own browser')
    .option('--port <N>', 'port to listen on (0 = any free port)', portArg, 4178)
    .option('--host <H>', 'address to listen on (0.0.0.0 = every interface)', '127.0.0.1')
    .addHelpText(
      'after',
      '\nExamples:\n  $ cryptoplug explorer --port 8080      # prints http://127.0.0.1:8080/ — open it; Ctrl-C stops\n\n' +
        'Wycheproof (the full conformance plan) is served when found: CRYPTOPLUG_WYCHEPROOF_DIR, else ../shared/wycheproof\n' +
        'beside the repository. The page itself is plain files (node_modules/@cryptoplug/explorer/dist/site/).',
    )
    .action(async (o: { port: number; host: string }) => {
      const { startExplorer } = await import('@cryptoplug/explorer');
      const server = await startExplorer({ port: o.port, host: o.host });
      ctx.out(`${server.url}\n`);
      ctx.err(
        'files' in server.wycheproof
          ? `explorer: serving ${server.wycheproof.files.length} Wycheproof files from ${server.wycheproof.dir} for the full plan`
          : `explorer: Wycheproof not served (${'unavailable' in server.wycheproof ? server.wycheproof.unavailable : ''}); the page runs the repository's vectors`,
      );
      ctx.err('explorer: open the URL above in a browser; Ctrl-C stops the server');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}
