/** The browser client's static files (dist/web, built by `npm run build`): `/` and `/app.js`. Absent until built. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

// from dist/web.js and from src/web.ts (tests through tsx) alike
const WEB_DIST = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'dist', 'web');

export async function webRoutes(): Promise<((app: FastifyInstance) => void) | undefined> {
  let html: string;
  let js: string;
  try {
    [html, js] = await Promise.all([readFile(join(WEB_DIST, 'index.html'), 'utf8'), readFile(join(WEB_DIST, 'app.js'), 'utf8')]);
  } catch {
    return undefined;
  }
  const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:" };
  return (app) => {
    app.get('/', (_req, reply) => reply.headers(headers).type('text/html; charset=utf-8').send(html));
    app.get('/app.js', (_req, reply) => reply.headers(headers).type('text/javascript; charset=utf-8').send(js));
  };
}
