import skeleton from './skeleton.module.css';
import styles from './table-skeleton.module.css';
import a11y from './visually-hidden.module.css';

/**
 * A page's shape while its data loads (loading.tsx): a title line and a table of grey bars. Hidden
 * from assistive technology, which hears the status text instead.
 */
export function TableSkeleton({
  label,
  rows = 5,
  columns = 4,
}: {
  label: string;
  rows?: number;
  columns?: number;
}) {
  return (
    <div className={styles.page}>
      <p role="status" className={a11y.hidden}>
        {label}
      </p>
      <div aria-hidden="true">
        <span className={`${skeleton.bone} ${styles.title}`} />
        <span className={`${skeleton.bone} ${styles.subtitle}`} />
        <div className={styles.table}>
          {Array.from({ length: rows + 1 }, (_, row) => (
            <div key={row} className={`${styles.row} ${row === 0 ? styles.head : ''}`}>
              {Array.from({ length: columns }, (_, column) => (
                <span
                  key={column}
                  className={`${skeleton.bone} ${styles.cell}`}
                  style={{ width: `${column === 0 ? 38 : 70 - column * 8}%` }}
                />
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
