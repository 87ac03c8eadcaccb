/**
 * What the host (Node, src/host/) and a runtime under test (src/suite-entry.ts, bundled for Bun, Deno, Chromium and
 * workerd) exchange: jobs as JSON, results as JSON. Runtime-neutral: no `node:` imports, no DOM.
 *
 * One job = one unit of work small enough for workerd's per-request limits: the runtime's backends and `auto` choice
 * (`info`), one suite on one backend (`conformance`, the suite's already-loaded data inside the job), or the
 * cross-backend matrix (`cross`, the committed vector keys inside the job).
 */
import type { ConformanceReport, CrossReport } from '@cryptoplug/conformance';
import type { Capabilities, RuntimeName } from '@cryptoplug/core';

/** `LoadedSuites` as JSON: the key files' bytes as base64 (see {@link encodeFiles}). */
export interface WireSuites {
  suites: Record<string, unknown>;
  primitiveKeys?: { json: unknown; files: Record<string, string> };
  missing?: Record<string, string>;
}

export interface InfoJob {
  kind: 'info';
}

export interface ConformanceJob {
  kind: 'conformance';
  backend: string;
  /** Suite filter for runConformance (one suite name per job in practice). */
  suites: string;
  data: WireSuites;
  concurrency?: number;
}

export interface CrossJob {
  kind: 'cross';
  /** PKCS#8 PEM of the committed vector keys, by name (`ec-p256`, `ec-p256-b`, …, `rsa-2048`). */
  keys: Record<string, string>;
}

export type Job = InfoJob | ConformanceJob | CrossJob;

export interface BackendStatus {
  name: string;
  status: 'available' | 'unavailable';
  /** Why it cannot load here (unavailable only). */
  reason?: string;
  capabilities?: Capabilities;
}

export interface AutoRow {
  operation: string;
  backend: string | null;
  reason: string;
}

export interface InfoResult {
  kind: 'info';
  /** detectRuntime() inside the runtime. */
  detected: RuntimeName;
  /** runtimeVersion() inside the runtime (the user agent for browsers and workerd). */
  version: string;
  userAgent: string | null;
  backends: BackendStatus[];
  /** The order `auto` tries backends here (registry.order()). */
  order: string[];
  /** `auto`'s explain(): the backend chosen per operation. */
  auto: AutoRow[];
}

export interface ConformanceResult {
  kind: 'conformance';
  report: ConformanceReport;
  ms: number;
}

export interface CrossResult {
  kind: 'cross';
  report: CrossReport;
  ms: number;
}

/** A job that threw inside the runtime (never a test failure: those are in the reports). */
export interface ErrorResult {
  kind: 'error';
  error: string;
}

export type JobResult = InfoResult | ConformanceResult | CrossResult | ErrorResult;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Bytes → base64 (no dependency on Buffer or btoa, so the same code runs everywhere). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** base64 → bytes; throws on anything that is not canonical base64 with padding. */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('not base64');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (B64.indexOf(text[i]!) << 18) |
      (B64.indexOf(text[i + 1]!) << 12) |
      ((text[i + 2] === '=' ? 0 : B64.indexOf(text[i + 2]!)) << 6) |
      (text[i + 3] === '=' ? 0 : B64.indexOf(text[i + 3]!));
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function encodeFiles(files: Record<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, toBase64(v)]));
}

export function decodeFiles(files: Record<string, string>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, fromBase64(v)]));
}
