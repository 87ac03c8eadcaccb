/**
 * workerd runner (a Workers module, bundled with the suite chunk and loaded by miniflare): every `POST /job` request
 * carries one job and answers with its result. The host pushes jobs one request at a time, so each request stays small.
 */
import { handleJob } from '../suite-entry.js';
import type { Job } from '../protocol.js';

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return new Response('POST a job', { status: 405 });
    const job = (await request.json()) as Job;
    return Response.json(await handleJob(job));
  },
};
