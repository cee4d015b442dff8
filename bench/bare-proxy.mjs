#!/usr/bin/env node
// The "Node floor": the least a Node reverse proxy can do. node:http server in front, one undici
// keep-alive Pool behind, request and response bodies streamed straight through (no parsing, no
// buffering: each upstream chunk is written to the client as it arrives), status and headers
// forwarded minus the hop-by-hop ones. Whatever the gateway costs above this is the gateway's own.
//
//   node bare-proxy.mjs --port 19390 --upstream http://127.0.0.1:19300 [--connections 256]
//
// --connections matches the gateway's upstream pool (apps/gateway/src/clients/upstream-pool.ts,
// 256 per origin) so both queue alike; 0 = unlimited.
import http from 'node:http';
import { Pool } from 'undici';
import { pathToFileURL } from 'node:url';

const HELP = `bare-proxy.mjs — bare Node passthrough proxy (node:http + undici Pool)

  --port N            listen port, 0 = any free port (default 19390)
  --host H            listen address (default 127.0.0.1)
  --upstream URL      where to forward, e.g. http://127.0.0.1:19300 (a path prefix is kept)
  --connections N     upstream keep-alive connections (default 256, like the gateway; 0 = unlimited)
  --quiet             no startup line`;

// RFC 9110 §7.6.1 connection-specific fields, plus the ones a proxy sets itself.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** Copies headers minus hop-by-hop ones (and those named in Connection). */
function forwardable(headers) {
  const named = headers.connection;
  let extra = null;
  if (named) {
    extra = new Set(
      String(named)
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    );
  }
  const out = {};
  for (const k in headers) {
    if (HOP_BY_HOP.has(k) || (extra !== null && extra.has(k))) continue;
    out[k] = headers[k];
  }
  return out;
}

export function createBareProxy({ upstream, connections = 256 }) {
  const base = new URL(upstream);
  const prefix = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connections: connections > 0 ? connections : null,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });

  const server = http.createServer((req, res) => {
    const ac = new AbortController();
    // The client went away before the answer was complete: stop the upstream call too.
    res.on('close', () => {
      if (!res.writableFinished) ac.abort();
    });
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    pool
      .stream(
        {
          path: prefix + req.url,
          method: req.method,
          headers: forwardable(req.headers),
          body: hasBody ? req : null,
          signal: ac.signal,
          opaque: res,
        },
        // undici writes each body chunk into the returned Writable as it arrives: no buffering.
        ({ statusCode, headers, opaque }) => {
          opaque.writeHead(statusCode, forwardable(headers));
          return opaque;
        },
      )
      .catch((err) => {
        if (res.headersSent) {
          res.destroy(err);
          return;
        }
        const body = JSON.stringify({
          error: { message: `bare-proxy: ${err.message}`, type: 'proxy_error' },
        });
        res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
  });
  server.keepAliveTimeout = 65_000; // as the gateway's Fastify server
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  return {
    server,
    pool,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address().port));
      });
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(() => r()));
      await pool.close().catch(() => {});
    },
  };
}

function flag(argv, name, dflt) {
  const i = argv.indexOf(`--${name}`);
  if (i !== -1) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : dflt;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    process.exit(0);
  }
  const upstream = flag(argv, 'upstream');
  if (!upstream) {
    console.error('bare-proxy: --upstream URL is required\n\n' + HELP);
    process.exit(2);
  }
  const proxy = createBareProxy({ upstream, connections: Number(flag(argv, 'connections', 256)) });
  const port = await proxy.listen(Number(flag(argv, 'port', 19390)), flag(argv, 'host', '127.0.0.1'));
  if (!argv.includes('--quiet'))
    console.log(`bare-proxy listening on http://127.0.0.1:${port} → ${upstream} (pid ${process.pid})`);
  const stop = () => proxy.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
