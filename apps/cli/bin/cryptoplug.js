#!/usr/bin/env node
// The `cryptoplug` bin: a committed, executable shim (npm links it at install time, before any build, and no build or
// turbo cache replay can change its mode). The command itself is the compiled dist/main.js.
import '../dist/main.js';
