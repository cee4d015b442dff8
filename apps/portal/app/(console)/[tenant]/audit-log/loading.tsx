import { PageHeader } from '@/components/console/page-header';
import skeleton from '@/components/ui/skeleton.module.css';

/** Shown while the entries and the chain check load. */
export default function AuditLogLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the audit log">
      <PageHeader
        title="Audit log"
        description="Every change in this workspace, in a tamper-evident hash chain."
      />
      <div className={skeleton.block} style={{ height: 64, marginBottom: 16 }} />
      <div className={skeleton.block} style={{ height: 36, marginBottom: 12 }} />
      <div className={skeleton.block} style={{ height: 56, marginBottom: 16 }} />
      {Array.from({ length: 8 }, (_, index) => (
        <div key={index} className={skeleton.block} style={{ height: 44, marginBottom: 6 }} />
      ))}
    </div>
  );
}
