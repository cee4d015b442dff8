import { TableSkeleton } from '@/components/ui/table-skeleton';

export default function MembersLoading() {
  return <TableSkeleton label="Loading the members…" rows={4} columns={4} />;
}
