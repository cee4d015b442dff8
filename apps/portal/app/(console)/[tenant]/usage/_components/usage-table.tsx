import { costShare, grandTotal, type SeriesTotals } from '@/lib/usage-chart';
import { formatErrorRate, formatInteger, formatUsd } from '@/lib/usage-format';
import styles from './usage.module.css';

/** Totals per series over the range, largest cost first, with a total row; exact numbers. */
export function UsageTable({ rows, groupLabel }: { rows: SeriesTotals[]; groupLabel: string }) {
  const total = grandTotal(rows);
  return (
    <div className={styles.tableFrame}>
      <table className={styles.table} data-testid="usage-table">
        <caption className={styles.srOnly}>Usage totals by {groupLabel.toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col" className={styles.number}>
              Requests
            </th>
            <th scope="col" className={styles.number}>
              Errors
            </th>
            <th scope="col" className={styles.number}>
              Input tokens
            </th>
            <th scope="col" className={styles.number}>
              Cached input
            </th>
            <th scope="col" className={styles.number}>
              Output tokens
            </th>
            <th scope="col" className={styles.number}>
              Cost
            </th>
            <th scope="col" className={styles.number}>
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className={styles.seriesCell}>
                <span className={styles.swatch} style={{ background: row.color }} aria-hidden="true" />
                <span className={styles.seriesName} title={row.key ?? undefined}>
                  {row.label}
                </span>
              </th>
              <td className={styles.number}>{formatInteger(row.requests)}</td>
              <td className={styles.number}>{formatErrorRate(row.errors, row.requests)}</td>
              <td className={styles.number}>{formatInteger(row.inputTokens)}</td>
              <td className={styles.number}>{formatInteger(row.cachedInputTokens)}</td>
              <td className={styles.number}>{formatInteger(row.outputTokens)}</td>
              <td className={styles.number}>{formatUsd(row.costMicros)}</td>
              <td className={styles.number}>{costShare(row.costMicros, total.costMicros)}%</td>
            </tr>
          ))}
        </tbody>
        {rows.length > 1 ? (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className={styles.number}>{formatInteger(total.requests)}</td>
              <td className={styles.number}>{formatErrorRate(total.errors, total.requests)}</td>
              <td className={styles.number}>{formatInteger(total.inputTokens)}</td>
              <td className={styles.number}>{formatInteger(total.cachedInputTokens)}</td>
              <td className={styles.number}>{formatInteger(total.outputTokens)}</td>
              <td className={styles.number}>{formatUsd(total.costMicros)}</td>
              <td className={styles.number}>100%</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
