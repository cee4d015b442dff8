import { getEnv } from '@/lib/env';
import { buildReadinessReport, checkReadiness } from '@/lib/status';

// Readiness: the portal can serve pages only when the control-plane API answers its own /readyz.
// 200 {status:"ready"} or 503 {status:"unavailable", checks:{controlPlane:{state,detail}}}.

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const controlPlane = await checkReadiness(getEnv().CONTROL_PLANE_URL);
  const report = buildReadinessReport({ controlPlane });
  return Response.json(report.body, { status: report.httpStatus, headers: { 'cache-control': 'no-store' } });
}
