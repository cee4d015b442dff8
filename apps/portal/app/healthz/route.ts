// Liveness: the Next.js server is up and answering. It checks nothing else, so an orchestrator never
// restarts the portal because the control plane is down; /readyz covers dependencies.

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
