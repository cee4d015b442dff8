import type { ChartSeries } from '@/lib/usage-chart';
import styles from './charts.module.css';

/** The series' colours and names, as a plain list (recharts' legend does not wrap well on phones). */
export function ChartLegend({ series }: { series: ChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <ul className={styles.legend} aria-label="Series">
      {series.map((item) => (
        <li key={item.id} className={styles.legendItem}>
          <span className={styles.swatch} style={{ background: item.color }} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
