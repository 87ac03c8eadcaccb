/** Command groups contributed by the higher-level packages (JOSE, ETAMP, akenza, E2EE). */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { register as jwt } from './jwt.js';
import { register as jws } from './jws.js';
import { register as jwe } from './jwe.js';
import { register as etamp } from './etamp.js';
import { register as e2ee } from './e2ee.js';
import { register as akenza } from './akenza.js';
import { register as explorer } from './explorer.js';

export type RegisterCommands = (program: Command, ctx: CliContext) => void;

export const COMMAND_GROUPS: readonly RegisterCommands[] = [jwt, jws, jwe, etamp, akenza, e2ee, explorer];
