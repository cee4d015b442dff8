import { TableSkeleton } from '@/components/ui/table-skeleton';

export default function AdminTenantLoading() {
  return <TableSkeleton label="Loading the tenant…" rows={6} columns={2} />;
}
