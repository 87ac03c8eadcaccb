/** Run-time detection (never bundler conditions: a build for one runtime must not decide for another). */
import type { RuntimeName } from './names.js';

interface RuntimeGlobals {
  Bun?: unknown;
  Deno?: { version?: { deno?: string } };
  process?: { versions?: { node?: string; bun?: string } };
  navigator?: { userAgent?: string };
  window?: unknown;
  document?: unknown;
  WebSocketPair?: unknown;
  importScripts?: unknown;
}

export function detectRuntime(g: RuntimeGlobals = globalThis as RuntimeGlobals): RuntimeName {
  if (typeof g.Bun !== 'undefined' || g.process?.versions?.bun) return 'bun';
  if (typeof g.Deno !== 'undefined' && g.Deno?.version?.deno) return 'deno';
  if (g.navigator?.userAgent === 'Cloudflare-Workers' || (typeof g.WebSocketPair === 'function' && !g.process?.versions?.node)) return 'workerd';
  if (g.process?.versions?.node) return 'node';
  if (typeof g.window !== 'undefined' || typeof g.document !== 'undefined' || typeof g.importScripts === 'function') return 'browser';
  return 'unknown';
}

export function runtimeVersion(runtime: RuntimeName = detectRuntime()): string {
  const g = globalThis as RuntimeGlobals & { Bun?: { version?: string } };
  switch (runtime) {
    case 'node':
      return g.process?.versions?.node ?? '';
    case 'bun':
      return g.process?.versions?.bun ?? '';
    case 'deno':
      return g.Deno?.version?.deno ?? '';
    default:
      return g.navigator?.userAgent ?? '';
  }
}
