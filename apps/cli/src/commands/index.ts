/**
 * Every command group of the `cryptoplug` command, loaded lazily: a group's module (and the packages it imports — the
 * conformance runner, the bench, the akenza broker, e2ee...) is imported only when its command is run, or when the
 * full help is shown. `cryptoplug --version` loads none of them; `cryptoplug jwt decode` loads only the JOSE group.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export type RegisterCommands = (program: Command, ctx: CliContext) => void;

export interface CommandGroup {
  /** The top-level command names the group's `register` adds. */
  readonly names: readonly string[];
  readonly load: () => Promise<{ readonly register: RegisterCommands }>;
}

/** In help order. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['status'], load: () => import('./status.js') },
  { names: ['backends'], load: () => import('./backends.js') },
  { names: ['keygen'], load: () => import('./keygen.js') },
  { names: ['sign', 'verify'], load: () => import('./sign.js') },
  { names: ['conformance'], load: () => import('./conformance.js') },
  { names: ['bench'], load: () => import('./bench.js') },
  { names: ['jwt'], load: () => import('./jwt.js') },
  { names: ['jws'], load: () => import('./jws.js') },
  { names: ['jwe'], load: () => import('./jwe.js') },
  { names: ['etamp'], load: () => import('./etamp.js') },
  { names: ['akenza'], load: () => import('./akenza.js') },
  { names: ['e2ee'], load: () => import('./e2ee.js') },
  { names: ['vectors'], load: () => import('./vectors.js') },
  { names: ['chat'], load: () => import('./chat.js') },
  { names: ['explorer'], load: () => import('./explorer.js') },
];

/** Program-level options that take a separate value (`--max-input 1M`): that value is not a command name. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--max-input']);

function firstCommandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(a)) i++; // skip its value ("--max-input=1M" is one word and needs no skip)
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * The groups a command line needs: the group of its first word when that names one; none for a bare `--version`;
 * none for `version`; every group otherwise (help, `help CMD`, an unknown command — so help and "did you mean" see all
 * commands).
 */
export function groupsFor(args: readonly string[]): readonly CommandGroup[] {
  const first = firstCommandWord(args);
  if (first === undefined) {
    return args.some((a) => a === '-V' || a === '--version') && !args.some((a) => a === '-h' || a === '--help') ? [] : COMMAND_GROUPS;
  }
  if (first === 'version' && !args.some((a) => a === '-h' || a === '--help')) return []; // built into program.ts
  const group = COMMAND_GROUPS.find((g) => g.names.includes(first));
  return group ? [group] : COMMAND_GROUPS;
}
