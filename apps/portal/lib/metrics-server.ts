import { createServer } from 'node:http';
import { portalMetrics } from './metrics';

/**
 * GET /metrics of the portal on a port of its own (PORTAL_METRICS_PORT), so it is scraped inside the cluster and
 * never served on the public port. Started once per server process by instrumentation.ts; port 0 = off.
 */
export function startPortalMetricsServer(port: number): void {
  if (port === 0) return;
  const { registry } = portalMetrics();
  createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  })
    .on('error', (error) => console.error(`portal: /metrics server failed: ${String(error)}`))
    .listen(port, process.env.HOSTNAME ?? '127.0.0.1')
    .unref();
}
