import { TableSkeleton } from '@/components/ui/table-skeleton';

export default function SettingsLoading() {
  return <TableSkeleton label="Loading the settings…" rows={3} columns={2} />;
}
