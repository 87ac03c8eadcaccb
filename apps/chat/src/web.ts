/** The browser client's static files (built by `npm run build:web`); absent until built. */
import type { FastifyInstance } from 'fastify';

export async function webRoutes(): Promise<((app: FastifyInstance) => void) | undefined> {
  return undefined;
}
