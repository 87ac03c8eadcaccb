/**
 * Prometheus metrics (prom-client, one registry per broker so several brokers can run in one process) and the
 * operations HTTP endpoint: `GET /healthz` (200 `{"status":"ok"}` while serving, 503 while shutting down or when
 * Redis is unreachable) and `GET /metrics` (Prometheus text format).
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export class BrokerMetrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({ name: 'akenza_broker_connections', help: 'Open connections by state (authenticated MQTT clients, sockets not yet authenticated).', labelNames: ['state'] as const, registers: [this.registry] });
  readonly authAccepted = new Counter({ name: 'akenza_broker_auth_accepted_total', help: 'Accepted CONNECTs by role.', labelNames: ['role'] as const, registers: [this.registry] });
  readonly authFailures = new Counter({ name: 'akenza_broker_auth_failures_total', help: 'Refused CONNECTs by reason (error code).', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly aclDenied = new Counter({ name: 'akenza_broker_acl_denied_total', help: 'Refused PUBLISH/SUBSCRIBE by action.', labelNames: ['action'] as const, registers: [this.registry] });
  readonly messagesIn = new Counter({ name: 'akenza_broker_messages_in_total', help: 'Authorized PUBLISH packets received from clients.', registers: [this.registry] });
  readonly messagesOut = new Counter({ name: 'akenza_broker_messages_out_total', help: 'Messages forwarded to subscribers.', registers: [this.registry] });
  readonly dropped = new Counter({ name: 'akenza_broker_messages_dropped_total', help: 'Messages not forwarded to a subscriber, by reason.', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly limitHits = new Counter({ name: 'akenza_broker_limit_hits_total', help: 'Connections refused or closed by a resource limit, by limit.', labelNames: ['limit'] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'akenza_broker_' });
    for (const state of ['authenticated', 'unauthenticated']) this.connections.set({ state }, 0);
  }
}

export function createOpsServer(metrics: BrokerMetrics, healthy: () => { ok: boolean; reason?: string }): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const h = healthy();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(h.ok ? { status: 'ok' } : { status: 'unavailable', reason: h.reason }));
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e)),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: /healthz, /metrics\n');
  });
}
