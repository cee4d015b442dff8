import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
import { DataTable, type DataTableColumn, PhoneOnly } from '@/components/ui/data-table';
import styles from './policies.module.css';

export type VersionRow = {
  version: number;
  comment: string | null;
  author: string;
  createdAt: string;
  relativeTime: string;
  absoluteTime: string;
};

/** The versions, newest first; choosing one shows what it changed below. */
export function VersionHistory({
  basePath,
  rows,
  currentVersion,
  selectedVersion,
  historyCursor,
  nextCursor,
}: {
  basePath: string;
  rows: VersionRow[];
  currentVersion: number | null;
  selectedVersion: number | null;
  historyCursor: string | undefined;
  nextCursor: string | null;
}) {
  if (rows.length === 0) {
    return (
      <p className={styles.emptySection}>
        No versions yet: the tier’s defaults apply as they are. A platform admin’s first change becomes
        version 1.
      </p>
    );
  }
  const withCursor = (extra: Record<string, string>) => {
    const search = new URLSearchParams(extra);
    if (historyCursor && !('historyCursor' in extra)) search.set('historyCursor', historyCursor);
    return `${basePath}?${search.toString()}`;
  };
  return (
    <>
      <DataTable
        caption="Policy versions, newest first"
        columns={versionColumns(currentVersion, selectedVersion, withCursor)}
        rows={rows}
        rowKey={(row) => String(row.version)}
        density="compact"
        verticalAlign="top"
        rowProps={(row) => ({
          className: row.version === selectedVersion ? styles.selectedRow : undefined,
          data: { version: row.version },
        })}
      />
      {historyCursor || nextCursor ? (
        <nav aria-label="History pages" className={styles.pager}>
          {historyCursor ? (
            <ButtonLink href={basePath} variant="secondary" size="sm">
              Newest versions
            </ButtonLink>
          ) : null}
          {nextCursor ? (
            <ButtonLink href={withCursor({ historyCursor: nextCursor })} variant="secondary" size="sm">
              Older versions
            </ButtonLink>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function versionColumns(
  currentVersion: number | null,
  selectedVersion: number | null,
  withCursor: (extra: Record<string, string>) => string,
): DataTableColumn<VersionRow>[] {
  return [
    {
      id: 'version',
      header: 'Version',
      cell: (row) => (
        <>
          <span className={styles.versionNumber}>v{row.version}</span>
          {row.version === currentVersion ? <span className={styles.currentTag}>Current</span> : null}
        </>
      ),
    },
    {
      id: 'summary',
      header: 'Summary',
      className: styles.commentCell,
      cell: (row) => (
        <>
          {row.comment ?? <span className={styles.subtle}>No comment</span>}
          <PhoneOnly className={styles.subtle}>{row.author}</PhoneOnly>
        </>
      ),
    },
    { id: 'author', header: 'Author', hideOnPhone: true, cell: (row) => row.author },
    {
      id: 'when',
      header: 'When',
      cell: (row) => (
        <time dateTime={row.createdAt} title={row.absoluteTime}>
          {row.relativeTime}
        </time>
      ),
    },
    {
      id: 'view',
      header: 'Changes',
      headerHidden: true,
      align: 'end',
      cell: (row) => {
        const selected = row.version === selectedVersion;
        return (
          <Link
            href={withCursor({ version: String(row.version) })}
            className={styles.viewLink}
            aria-current={selected ? 'true' : undefined}
            scroll={false}
          >
            {selected ? 'Shown' : 'View changes'}
          </Link>
        );
      },
    },
  ];
}
