import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { costShare, grandTotal, type SeriesTotals } from '@/lib/usage-chart';
import { formatErrorRate, formatInteger, formatUsd } from '@/lib/usage-format';
import styles from './usage.module.css';

/** Totals per series over the range, largest cost first, with a total row; exact numbers. */
export function UsageTable({ rows, groupLabel }: { rows: SeriesTotals[]; groupLabel: string }) {
  const total = grandTotal(rows);
  const columns: DataTableColumn<SeriesTotals>[] = [
    {
      id: 'series',
      header: groupLabel,
      rowHeader: true,
      nowrap: true,
      cell: (row) => (
        <span className={styles.seriesCell}>
          <span className={styles.swatch} style={{ background: row.color }} aria-hidden="true" />
          <span className={styles.seriesName} title={row.key ?? undefined}>
            {row.label}
          </span>
        </span>
      ),
    },
    { id: 'requests', header: 'Requests', align: 'end', cell: (row) => formatInteger(row.requests) },
    {
      id: 'errors',
      header: 'Errors',
      align: 'end',
      cell: (row) => formatErrorRate(row.errors, row.requests),
    },
    { id: 'input', header: 'Input tokens', align: 'end', cell: (row) => formatInteger(row.inputTokens) },
    {
      id: 'cached',
      header: 'Cached input',
      align: 'end',
      cell: (row) => formatInteger(row.cachedInputTokens),
    },
    { id: 'output', header: 'Output tokens', align: 'end', cell: (row) => formatInteger(row.outputTokens) },
    { id: 'cost', header: 'Cost', align: 'end', cell: (row) => formatUsd(row.costMicros) },
    {
      id: 'share',
      header: 'Share',
      align: 'end',
      cell: (row) => `${costShare(row.costMicros, total.costMicros)}%`,
    },
  ];
  return (
    <DataTable
      caption={`Usage totals by ${groupLabel.toLowerCase()}`}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      density="compact"
      testId="usage-table"
      footer={
        rows.length > 1
          ? {
              series: 'Total',
              requests: formatInteger(total.requests),
              errors: formatErrorRate(total.errors, total.requests),
              input: formatInteger(total.inputTokens),
              cached: formatInteger(total.cachedInputTokens),
              output: formatInteger(total.outputTokens),
              cost: formatUsd(total.costMicros),
              share: '100%',
            }
          : undefined
      }
    />
  );
}
