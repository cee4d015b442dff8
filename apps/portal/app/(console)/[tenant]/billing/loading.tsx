import { MetricCardSkeleton } from '@/components/ui/metric-card';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import styles from './_components/billing.module.css';

/** The billing page's shape while its data loads. */
export default function BillingLoading() {
  return (
    <>
      <div className={styles.grid}>
        <MetricCardSkeleton />
        <MetricCardSkeleton />
      </div>
      <TableSkeleton label="Loading billing…" rows={4} columns={5} />
    </>
  );
}
