/** Command groups contributed by other packages' owners (JOSE, ETAMP, akenza, E2EE, bench). */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export type RegisterCommands = (program: Command, ctx: CliContext) => void;

export const COMMAND_GROUPS: readonly RegisterCommands[] = [];
