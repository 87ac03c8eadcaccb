/**
 * The host's job server (127.0.0.1 only, an unguessable path prefix): runtimes that pull (Node, Bun, Deno, the
 * Chromium page) long-poll `GET {base}/job` and post `POST {base}/result/{id}`. The host drives it with `run(job)`,
 * one job at a time, so a job's timeout starts when the runtime takes it. For Chromium it also serves the page and the
 * bundle (`GET {base}/` and `GET {base}/bundle/…`, only files of the bundle directory).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Job, JobResult } from '../protocol.js';

interface Pending {
  id: string;
  job: string;
  taken: boolean;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
  timeoutMs: number;
}

export interface JobServerOptions {
  /** Serve `{base}/bundle/<file>` from this directory (Chromium). */
  bundleDir?: string;
  /** HTML served at `{base}/` (Chromium). */
  page?: string;
}

const PAGE_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8' };

export class JobServer {
  readonly #server: Server;
  readonly #prefix = `/${randomBytes(12).toString('hex')}`;
  readonly #opts: JobServerOptions;
  #pending: Pending | undefined;
  #waiting: ServerResponse[] = [];
  #finished = false;
  #failure: Error | undefined;
  #seq = 0;
  #base = '';
  /** Set when the page posts `/done` or `/fatal`. */
  readonly events: Array<{ type: 'done' | 'fatal'; detail: string }> = [];

  constructor(opts: JobServerOptions = {}) {
    this.#opts = opts;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(e));
      });
    });
    this.#server.keepAliveTimeout = 1000;
    this.#server.requestTimeout = 0;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#base = `http://127.0.0.1:${port}${this.#prefix}`;
    return this.#base;
  }

  get base(): string {
    return this.#base;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Queues one job and resolves with its result; rejects on timeout (counted from when the runtime takes it). */
  run(job: Job, timeoutMs: number): Promise<JobResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#pending) return Promise.reject(new Error('JobServer runs one job at a time'));
    return new Promise<JobResult>((resolve, reject) => {
      this.#pending = { id: String(++this.#seq), job: JSON.stringify(job), taken: false, resolve, reject, timeoutMs };
      const waiter = this.#waiting.shift();
      if (waiter) this.#hand(waiter);
    });
  }

  /** The runtime is gone (exited, crashed): the pending job and every later one fail with `e`. */
  fail(e: Error): void {
    this.#failure ??= e;
    const p = this.#pending;
    this.#pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(e);
    }
  }

  /** No more jobs: waiting and later `GET /job` get 204, so pull loops end. */
  finish(): void {
    this.#finished = true;
    for (const res of this.#waiting.splice(0)) res.writeHead(204).end();
  }

  async close(): Promise<void> {
    this.finish();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #hand(res: ServerResponse): void {
    const p = this.#pending!;
    p.taken = true;
    p.timer = setTimeout(() => {
      if (this.#pending === p) {
        this.#pending = undefined;
        p.reject(new Error(`job timed out after ${Math.round(p.timeoutMs / 1000)} s`));
      }
    }, p.timeoutMs);
    res.writeHead(200, { 'content-type': 'application/json', 'x-job-id': p.id, 'cache-control': 'no-store' }).end(p.job);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(`${this.#prefix}/`)) return void res.writeHead(404).end();
    const path = url.pathname.slice(this.#prefix.length);
    if (req.method === 'GET' && path === '/job') {
      if (this.#pending && !this.#pending.taken) return this.#hand(res);
      if (this.#finished || this.#failure) return void res.writeHead(204).end();
      this.#waiting.push(res);
      res.on('close', () => (this.#waiting = this.#waiting.filter((r) => r !== res)));
      return;
    }
    if (req.method === 'POST' && path.startsWith('/result/')) {
      const id = decodeURIComponent(path.slice('/result/'.length));
      const body = await readBody(req);
      const p = this.#pending;
      if (!p || p.id !== id) return void res.writeHead(409).end('no such job (timed out?)');
      this.#pending = undefined;
      clearTimeout(p.timer);
      res.writeHead(204).end();
      try {
        p.resolve(JSON.parse(body) as JobResult);
      } catch (e) {
        p.reject(new Error(`result of job ${id} is not JSON: ${String(e)}`));
      }
      return;
    }
    if (req.method === 'POST' && (path === '/done' || path === '/fatal')) {
      const detail = await readBody(req);
      this.events.push({ type: path === '/done' ? 'done' : 'fatal', detail });
      if (path === '/fatal') this.fail(new Error(`runtime reported a fatal error: ${detail}`));
      return void res.writeHead(204).end();
    }
    if (req.method === 'GET' && path === '/' && this.#opts.page !== undefined) {
      return void res.writeHead(200, { 'content-type': PAGE_TYPES['.html']!, 'cache-control': 'no-store' }).end(this.#opts.page);
    }
    if (req.method === 'GET' && path.startsWith('/bundle/') && this.#opts.bundleDir) {
      const rel = normalize(decodeURIComponent(path.slice('/bundle/'.length)));
      if (rel.startsWith('..') || rel.includes(`..${sep}`) || !rel.endsWith('.js')) return void res.writeHead(403).end();
      try {
        const body = await readFile(join(this.#opts.bundleDir, rel));
        return void res.writeHead(200, { 'content-type': PAGE_TYPES['.js']!, 'cache-control': 'no-store' }).end(body);
      } catch {
        return void res.writeHead(404).end();
      }
    }
    if (req.method === 'GET' && path === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(404).end();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
