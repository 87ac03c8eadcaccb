#!/usr/bin/env node
// The `cryptoplug-bench` bin: a committed, executable shim (npm links it before any build; no build or turbo cache replay can
// change its mode). The program itself is the compiled dist/main.js.
import '../dist/main.js';
