import { PageHeader } from '@/components/console/page-header';
import skeleton from '@/components/ui/skeleton.module.css';
import styles from './_components/policies.module.css';

/** Shown while the policy and its history load. */
export default function PoliciesLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the policies">
      <PageHeader title="Policies" description="What the gateway enforces for this workspace." />
      <div className={skeleton.block} style={{ height: 46, marginBottom: 24 }} />
      <div className={styles.sections}>
        <div className={`${skeleton.block} ${styles.cardWide}`} style={{ height: 180 }} />
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className={skeleton.block} style={{ height: 140 }} />
        ))}
      </div>
    </div>
  );
}
