import type { AdminTenantView } from '@llmguard/shared';
import { StatusBadge, type StatusTone } from '@/components/ui/status-badge';

export type TenantStatus = AdminTenantView['status'];

export const TENANT_STATUS_LABELS: Readonly<Record<TenantStatus, string>> = {
  active: 'Active',
  suspended: 'Suspended',
  deleted: 'Deleted',
};

const TONES: Readonly<Record<TenantStatus, StatusTone>> = {
  active: 'success',
  suspended: 'danger',
  deleted: 'neutral',
};

export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  return <StatusBadge tone={TONES[status]}>{TENANT_STATUS_LABELS[status]}</StatusBadge>;
}
