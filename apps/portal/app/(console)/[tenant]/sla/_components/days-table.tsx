import type { SlaDay } from '@llmguard/shared';
import { CellSubtext, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatBasisPoints } from '@/lib/billing-format';
import { breachSummary, isBreached } from '@/lib/sla-display';
import { formatInteger, formatLatency } from '@/lib/usage-format';
import styles from './sla.module.css';

const DAY = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** Every day of the month so far, newest first; a breached value is shown in red beside its badge. */
export function DaysTable({ days }: { days: SlaDay[] }) {
  const today = new Date().toISOString().slice(0, 10);
  return (
    <DataTable
      caption="SLA measurements per day, newest first"
      columns={dayColumns(today)}
      rows={[...days].reverse()}
      rowKey={(day) => day.day}
      placement="in-card"
      density="compact"
      rowProps={(day) => ({ className: isBreached(day) ? styles.breachedRow : undefined })}
    />
  );
}

/** A measure's cell is red when that measure missed its target. */
const badWhen = (breached: (day: SlaDay) => boolean) => (day: SlaDay) =>
  breached(day) ? styles.bad : undefined;

function dayColumns(today: string): DataTableColumn<SlaDay>[] {
  return [
    {
      id: 'day',
      header: 'Day (UTC)',
      nowrap: true,
      cell: (day) => (
        <>
          {DAY.format(new Date(`${day.day}T00:00:00Z`))}
          {day.day === today ? <CellSubtext>Today, still measuring</CellSubtext> : null}
        </>
      ),
    },
    { id: 'requests', header: 'Requests', align: 'end', cell: (day) => formatInteger(day.requests) },
    {
      id: 'availability',
      header: 'Availability',
      align: 'end',
      cellClassName: badWhen((day) => day.availabilityBreached),
      cell: (day) => (day.requests === 0 ? '—' : formatBasisPoints(day.availabilityBasisPoints)),
    },
    {
      id: 'latencyP95',
      header: 'Latency p95',
      align: 'end',
      cellClassName: badWhen((day) => day.latencyBreached),
      cell: (day) => (
        <>
          {formatLatency(day.latencyP95Ms)}
          {day.latencyP50Ms !== null ? (
            <CellSubtext>p50 {formatLatency(day.latencyP50Ms)}</CellSubtext>
          ) : null}
        </>
      ),
    },
    {
      id: 'ttftP95',
      header: 'TTFT p95',
      align: 'end',
      cellClassName: badWhen((day) => day.ttftBreached),
      cell: (day) => formatLatency(day.ttftP95Ms),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (day) =>
        isBreached(day) ? (
          <StatusBadge tone="danger">{`Missed ${breachSummary(day)}`}</StatusBadge>
        ) : day.requests === 0 ? (
          <StatusBadge tone="neutral">No traffic</StatusBadge>
        ) : (
          <StatusBadge tone="success">Met</StatusBadge>
        ),
    },
  ];
}
