import { Fragment, type ReactNode } from 'react';
import styles from './data-table.module.css';
import a11y from './visually-hidden.module.css';

/** One column: its header and how a row fills its cell. */
export type DataTableColumn<Row> = {
  id: string;
  header: ReactNode;
  /** The header is read to assistive technology only (a column of row buttons). */
  headerHidden?: boolean;
  cell: (row: Row) => ReactNode;
  /** `end`: numbers, right-aligned in tabular figures, never wrapped. */
  align?: 'start' | 'end';
  /** The cell heads its row (`<th scope="row">`), e.g. the series of a totals table. */
  rowHeader?: boolean;
  /** Folded away below 700 px; show what matters of it elsewhere in the row (PhoneOnly). */
  hideOnPhone?: boolean;
  nowrap?: boolean;
  /** A class of every cell of the column, its header included (a width, a font). */
  className?: string;
  /** A class of one row's cell (a breached value in red). */
  cellClassName?: (row: Row) => string | undefined;
  /** How many columns a row's cell spans (one note across two columns); the columns it covers draw nothing. */
  cellSpan?: (row: Row) => number;
};

/** A row's own class and data attributes (`data-version`), for styling and for tests. */
export type DataTableRowProps = { className?: string; data?: Record<string, string | number> };

type DataTableProps<Row> = {
  /** What the table lists, for screen readers (a visually hidden caption). */
  caption: string;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows (an EmptyState). */
  empty?: ReactNode;
  /** A `<tfoot>` row (a total): its cells by column id; a missing one is empty. */
  footer?: Partial<Record<string, ReactNode>>;
  /** `in-card`: inside a Card's body, which draws the frame; `standalone`: a frame of its own. */
  placement?: 'standalone' | 'in-card';
  /** `compact` rows for long, dense lists (audit entries, usage). */
  density?: 'comfortable' | 'compact';
  verticalAlign?: 'middle' | 'top';
  /** Highlights the row under the pointer (rows that lead somewhere). */
  hoverable?: boolean;
  rowProps?: (row: Row) => DataTableRowProps;
  /** A full-width row under a row (its opened details), or null while closed. */
  expansion?: (row: Row) => { id: string; content: ReactNode } | null;
  /** A class of the `<table>`, for a page's own layout of the rows (the audit log's cards on phones). */
  className?: string;
  testId?: string;
};

/**
 * The console's table: a header row, one row per item and, when the columns do not fit, a frame that scrolls
 * sideways; below 700 px the columns marked hideOnPhone fold away. With no rows it shows `empty` instead. It holds
 * no state, so server pages use it as well as client views.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  footer,
  placement = 'standalone',
  density = 'comfortable',
  verticalAlign = 'middle',
  hoverable = false,
  rowProps,
  expansion,
  className,
  testId,
}: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const tableClass = classNames(
    styles.table,
    density === 'compact' && styles.compact,
    verticalAlign === 'top' && styles.alignTop,
    hoverable && styles.hoverable,
    className,
  );
  return (
    <div className={placement === 'in-card' ? styles.inCard : styles.frame}>
      <table className={tableClass} data-testid={testId}>
        <caption className={a11y.hidden}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col" className={columnClass(column)}>
                {column.headerHidden ? <span className={a11y.hidden}>{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = rowKey(row);
            const own = rowProps?.(row);
            const opened = expansion?.(row) ?? null;
            return (
              <Fragment key={key}>
                <tr className={own?.className} {...dataAttributes(own?.data)}>
                  {visibleCells(columns, row).map(({ column, span }) => (
                    <Cell
                      key={column.id}
                      header={column.rowHeader}
                      className={cellClass(column, row)}
                      colSpan={span}
                    >
                      {column.cell(row)}
                    </Cell>
                  ))}
                </tr>
                {opened ? (
                  <tr className={styles.expandedRow} data-expansion="">
                    <td id={opened.id} colSpan={columns.length}>
                      {opened.content}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
        {footer ? (
          <tfoot>
            <tr>
              {columns.map((column) => (
                <Cell key={column.id} header={column.rowHeader} className={columnClass(column)}>
                  {footer[column.id]}
                </Cell>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

function Cell({
  header,
  className,
  colSpan,
  children,
}: {
  header?: boolean;
  className?: string;
  colSpan?: number;
  children: ReactNode;
}) {
  return header ? (
    <th scope="row" className={className} colSpan={colSpan}>
      {children}
    </th>
  ) : (
    <td className={className} colSpan={colSpan}>
      {children}
    </td>
  );
}

/** The row's cells, each with its span; the columns a wider cell covers are left out. */
function visibleCells<Row>(
  columns: readonly DataTableColumn<Row>[],
  row: Row,
): { column: DataTableColumn<Row>; span: number | undefined }[] {
  const cells: { column: DataTableColumn<Row>; span: number | undefined }[] = [];
  let covered = 0;
  for (const column of columns) {
    if (covered > 0) {
      covered -= 1;
      continue;
    }
    const span = column.cellSpan?.(row) ?? 1;
    covered = span - 1;
    cells.push({ column, span: span > 1 ? span : undefined });
  }
  return cells;
}

function columnClass<Row>(column: DataTableColumn<Row>): string | undefined {
  return classNames(
    column.align === 'end' && styles.end,
    column.nowrap && styles.nowrap,
    column.hideOnPhone && styles.hideOnPhone,
    column.className,
  );
}

function cellClass<Row>(column: DataTableColumn<Row>, row: Row): string | undefined {
  return classNames(columnClass(column), column.cellClassName?.(row));
}

function dataAttributes(data: Record<string, string | number> | undefined): Record<string, string | number> {
  if (!data) return {};
  return Object.fromEntries(Object.entries(data).map(([name, value]) => [`data-${name}`, value]));
}

function classNames(...names: (string | false | null | undefined)[]): string | undefined {
  const joined = names.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

/** A line shown only below 700 px: what a folded column said, inside a column that stays. */
export function PhoneOnly({ children, className }: { children: ReactNode; className?: string }) {
  // The caller's class sits inside, so its own `display` cannot undo the hiding.
  return (
    <span className={styles.phoneOnly}>
      <span className={className}>{children}</span>
    </span>
  );
}

/** A quieter second line under a cell's main text (an email under a name). */
export function CellSubtext({ children }: { children: ReactNode }) {
  return <span className={styles.subtext}>{children}</span>;
}
