#!/usr/bin/env node
/** Entry point of the `cryptoplug` command (see program.ts). */
import { main } from './program.js';

process.exitCode = await main(process.argv);
