/**
 * Prometheus metrics over HTTP(S): a registry with the process defaults (CPU, memory, event
 * loop, handles) and a tiny server for `GET /metrics`. Coordinator and agents define their own
 * metrics on it (coordinator/src/metrics, node-agent/src/agent/agent-metrics.ts).
 *
 * Loopback by default, like the gRPC port; another host is the caller's explicit choice, and then
 * a web-config file (web-config.ts) adds TLS and basic auth. `reload` swaps the certificate and
 * the users in place (SIGHUP), without dropping the port. `/healthz` (the process answers) and
 * `/readyz` (it can do its work) are served beside `/metrics`, without auth.
 */
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:net';
import bcrypt from 'bcryptjs';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricsWebConfig } from './web-config.js';

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface MetricsServer {
  port: number;
  /** http or https */
  scheme: 'http' | 'https';
  /** new certificate and users (the TLS setting itself cannot change without a restart) */
  reload(config: MetricsWebConfig): void;
  close(): Promise<void>;
}

export interface MetricsServing {
  port: number;
  /** default 127.0.0.1 */
  host?: string;
  webConfig?: MetricsWebConfig;
  /** for `/readyz`: null when ready, else why not */
  notReady?: () => string | null;
}

/** Serves `registry` on http(s)://HOST:PORT/metrics (port 0: any free one). */
export async function serveMetrics(registry: Registry, o: MetricsServing): Promise<MetricsServer> {
  let users = o.webConfig?.users ?? new Map<string, string>();
  // bcrypt is slow by design: a credential that passed once is remembered (by its SHA-256) until reload
  let accepted = new Set<string>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // probes for Kubernetes and friends: no auth (they say nothing but up/ready)
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) {
      const why = path === '/readyz' ? (o.notReady?.() ?? null) : null;
      res
        .writeHead(why === null ? 200 : 503, { 'content-type': 'text/plain' })
        .end(why === null ? 'ok\n' : `not ready: ${why}\n`);
      return;
    }
    void authorized(req, users, accepted).then((ok) => {
      if (!ok) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="ionsweep metrics"', 'content-type': 'text/plain' });
        res.end('unauthorized\n');
        return;
      }
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(err)}\n`),
      );
    });
  };
  const tls = o.webConfig?.tls ?? null;
  const server = tls
    ? createHttpsServer(
        {
          cert: tls.cert,
          key: tls.key,
          ca: tls.clientCa,
          requestCert: tls.clientCa !== undefined,
          rejectUnauthorized: tls.requireClientCert,
        },
        handler,
      )
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: ((server as Server).address() as { port: number }).port,
    scheme: tls ? 'https' : 'http',
    reload(config) {
      users = config.users;
      accepted = new Set();
      if (tls && config.tls && 'setSecureContext' in server)
        server.setSecureContext({ cert: config.tls.cert, key: config.tls.key, ca: config.tls.clientCa });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** No users: open. Otherwise a Basic credential whose password matches the user's bcrypt hash. */
async function authorized(req: IncomingMessage, users: Map<string, string>, accepted: Set<string>): Promise<boolean> {
  if (users.size === 0) return true;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return false;
  const [user, password] = [text.slice(0, colon), text.slice(colon + 1)];
  const digest = createHash('sha256').update(text).digest('hex');
  if (accepted.has(digest)) return true;
  const hash = users.get(user);
  // htpasswd writes $2y$, the same algorithm as $2b$
  if (!hash || !(await bcrypt.compare(password, hash.replace(/^\$2y\$/, '$2b$')))) return false;
  accepted.add(digest);
  return true;
}
