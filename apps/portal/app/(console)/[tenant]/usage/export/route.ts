import { type NextRequest } from 'next/server';
import { endpointPath, usageContract } from '@llmguard/shared';
import { failureFromResponse, UNREACHABLE_MESSAGE } from '@/lib/api-client';
import { getEnv } from '@/lib/env';
import { browserHeaders } from '@/lib/control-plane';
import { parseUsageView, usageSeriesQuery } from '@/lib/usage-range';

// Exports take longer than a page's JSON calls on long ranges.
const EXPORT_TIMEOUT_MS = 30_000;

/**
 * The usage page's "Download CSV": the same view (from the same search params) asked of the control
 * plane's CSV export with the browser's session, streamed back as the control plane wrote it. The
 * browser never talks to the control plane itself.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const view = parseUsageView(Object.fromEntries(request.nextUrl.searchParams), new Date());
  const url = new URL(
    endpointPath(usageContract.export.path, { tenantSlug: slug }).slice(1),
    `${getEnv().CONTROL_PLANE_URL.replace(/\/+$/, '')}/`,
  );
  for (const [name, value] of Object.entries(usageSeriesQuery(view))) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const requestHeaders = await browserHeaders('GET');
  let upstream: Response;
  try {
    upstream = await fetch(url, {
      headers: { accept: 'text/csv', ...requestHeaders },
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
    });
  } catch {
    return plainText(502, UNREACHABLE_MESSAGE);
  }
  if (!upstream.ok || !upstream.body) {
    const failure = failureFromResponse(upstream.status, await upstream.text(), upstream.headers);
    const requestId = failure.requestId ? `\nRequest ID: ${failure.requestId}` : '';
    return plainText(upstream.status, `Could not export usage: ${failure.message}${requestId}`);
  }
  return new Response(upstream.body, {
    status: 200,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/csv; charset=utf-8',
      'content-disposition':
        upstream.headers.get('content-disposition') ?? 'attachment; filename="usage.csv"',
      'cache-control': 'no-store',
    },
  });
}

function plainText(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
