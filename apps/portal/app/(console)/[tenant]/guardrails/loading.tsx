import { PageHeader } from '@/components/console/page-header';
import { MetricCardSkeleton } from '@/components/ui/metric-card';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import { GUARDRAILS_DESCRIPTION } from '@/lib/guardrail-activity';
import styles from './_components/guardrails.module.css';

/** The guardrails page's shape while its data loads. */
export default function GuardrailsLoading() {
  return (
    <>
      <PageHeader title="Guardrails" description={GUARDRAILS_DESCRIPTION} />
      <div className={styles.totals}>
        {Array.from({ length: 4 }, (_, index) => (
          <MetricCardSkeleton key={index} />
        ))}
      </div>
      <TableSkeleton label="Loading the guardrail activity…" rows={6} columns={5} />
    </>
  );
}
