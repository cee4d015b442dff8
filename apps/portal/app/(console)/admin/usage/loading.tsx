import { MetricCardSkeleton } from '@/components/ui/metric-card';
import { TableSkeleton } from '@/components/ui/table-skeleton';
import styles from './_components/usage.module.css';

export default function AdminUsageLoading() {
  return (
    <>
      <div className={styles.metrics}>
        {Array.from({ length: 5 }, (_, index) => (
          <MetricCardSkeleton key={index} />
        ))}
      </div>
      <TableSkeleton label="Loading the platform usage…" rows={6} columns={4} />
    </>
  );
}
