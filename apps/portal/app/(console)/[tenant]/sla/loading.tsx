import { MetricCardSkeleton } from '@/components/ui/metric-card';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import styles from './_components/sla.module.css';

/** The SLA page's shape while its data loads. */
export default function SlaLoading() {
  return (
    <>
      <div className={styles.summary}>
        <MetricCardSkeleton />
        <MetricCardSkeleton />
        <MetricCardSkeleton />
        <MetricCardSkeleton />
      </div>
      <TableSkeleton label="Loading the SLA…" rows={6} columns={6} />
    </>
  );
}
