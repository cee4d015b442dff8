import { tenantRoutesContract, type RouteVariantsResponse } from '@llmguard/shared';
import { ApiFailureAlert } from '@/components/ui/api-failure-alert';
import { Card } from '@/components/ui/card';
import { callControlPlane } from '@/lib/control-plane';
import { experimentRoutes, formatShare } from '@/lib/route-variants';
import { formatErrorRate, formatInteger, formatLatency, formatUsd } from '@/lib/usage-format';
import type { UsageView } from '@/lib/usage-range';
import styles from './usage.module.css';

/**
 * The range's A/B tests and canaries: for each weighted route splitting traffic, each variant's traffic share beside
 * its weight share, errors, latency and cost. Nothing when the tenant has no such route or the member may not read
 * routes (the billing role).
 */
export async function RouteVariants({ tenantSlug, view }: { tenantSlug: string; view: UsageView }) {
  const routes = await callControlPlane(tenantRoutesContract.list, {
    params: { tenantSlug },
    query: { limit: '100' },
  });
  if (!routes.ok) {
    if (routes.failure.status === 403) return null;
    return <ApiFailureAlert title="Could not load route variants" failure={routes.failure} />;
  }
  const experiments = experimentRoutes(routes.data.data);
  if (experiments.length === 0) return null;
  const reports = await Promise.all(
    experiments.map((route) =>
      callControlPlane(tenantRoutesContract.variants, {
        params: { tenantSlug, routeId: route.id },
        query: { from: view.from, to: view.to },
      }),
    ),
  );
  return (
    <div className={styles.variants} data-testid="route-variants">
      {reports.map((report, index) =>
        report.ok ? (
          <VariantsCard key={report.data.routeId} report={report.data} />
        ) : (
          <ApiFailureAlert
            key={experiments[index]?.id}
            title={`Could not load the variants of ${experiments[index]?.alias}`}
            failure={report.failure}
          />
        ),
      )}
    </div>
  );
}

function VariantsCard({ report }: { report: RouteVariantsResponse }) {
  return (
    <Card
      title={`Variants of ${report.alias}`}
      description={`${formatInteger(report.requests)} requests; traffic share against weight share, latency of successful requests`}
    >
      <div className={styles.tableFrame}>
        <table className={styles.table}>
          <caption className={styles.srOnly}>Usage per variant of {report.alias}</caption>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col" className={styles.number}>
                Weight share
              </th>
              <th scope="col" className={styles.number}>
                Traffic share
              </th>
              <th scope="col" className={styles.number}>
                Requests
              </th>
              <th scope="col" className={styles.number}>
                Errors
              </th>
              <th scope="col" className={styles.number}>
                Latency p50 / p95
              </th>
              <th scope="col" className={styles.number}>
                TTFT p50 / p95
              </th>
              <th scope="col" className={styles.number}>
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {report.variants.map((variant) => (
              <tr key={variant.deploymentId}>
                <th scope="row" title={variant.deploymentId}>
                  {variant.name}
                  {variant.settings === null ? ' (removed)' : ''}
                </th>
                <td className={styles.number}>{formatShare(variant.settings?.weightShare)}</td>
                <td className={styles.number}>
                  {formatShare(report.requests === 0 ? null : variant.trafficShare)}
                </td>
                <td className={styles.number}>{formatInteger(variant.requests)}</td>
                <td className={styles.number}>{formatErrorRate(variant.errors, variant.requests)}</td>
                <td className={styles.number}>
                  {formatLatency(variant.latencyMsP50)} / {formatLatency(variant.latencyMsP95)}
                </td>
                <td className={styles.number}>
                  {formatLatency(variant.ttftMsP50)} / {formatLatency(variant.ttftMsP95)}
                </td>
                <td className={styles.number}>{formatUsd(variant.costMicros)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
