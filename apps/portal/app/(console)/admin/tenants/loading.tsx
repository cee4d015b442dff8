import { TableSkeleton } from '@/components/ui/table-skeleton';

export default function AdminTenantsLoading() {
  return <TableSkeleton label="Loading the tenants…" rows={8} columns={4} />;
}
