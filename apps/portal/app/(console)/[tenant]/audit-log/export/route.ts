import { auditExportFormatSchema, auditLogContract, endpointPath, tenantSlugSchema } from '@llmguard/shared';
import { failureFromResponse, UNREACHABLE_MESSAGE } from '@/lib/api-client';
import { auditExportQuery, parseAuditFilters } from '@/lib/audit-filters';
import { getEnv } from '@/lib/env';
import { browserHeaders } from '@/lib/control-plane';

// The audit export, proxied: the browser's session cookie lives on the portal's origin, so the download link points
// here and this handler streams the control plane's file through unchanged (never buffered: exports can be large).
// The page's own filter parameters are accepted, so the link is the page's query plus `format`.

/** Long enough for a large export to start streaming; the body itself is not time-limited. */
const EXPORT_START_TIMEOUT_MS = 30_000;

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  if (!tenantSlugSchema.safeParse(tenant).success) return textResponse(404, 'Not found.');
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const format = auditExportFormatSchema.safeParse(search.format ?? 'csv');
  if (!format.success) return textResponse(400, 'The format must be csv or jsonl.');
  const { query, errors } = parseAuditFilters(search);
  const firstError = Object.entries(errors)[0];
  if (firstError) return textResponse(400, `The ${firstError[0]} filter is invalid: ${firstError[1]}`);

  const url = new URL(
    endpointPath(auditLogContract.export.path, { tenantSlug: tenant }).slice(1),
    withSlash(getEnv().CONTROL_PLANE_URL),
  );
  for (const [name, value] of Object.entries(auditExportQuery(query, format.data)))
    url.searchParams.set(name, value);
  const requestHeaders = await browserHeaders('GET');
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      headers: requestHeaders,
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(EXPORT_START_TIMEOUT_MS),
    });
  } catch {
    return textResponse(502, UNREACHABLE_MESSAGE);
  }
  if (!upstream.ok || !upstream.body) {
    const failure = failureFromResponse(upstream.status, await upstream.text(), upstream.headers);
    const requestId = failure.requestId ? ` (request ID: ${failure.requestId})` : '';
    return textResponse(upstream.status, `${failure.message}${requestId}`);
  }
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const name of ['content-type', 'content-disposition', 'x-request-id']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: 200, headers });
}

function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
