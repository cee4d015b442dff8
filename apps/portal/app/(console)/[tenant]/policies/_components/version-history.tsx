import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';
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
      <div className={styles.historyFrame}>
        <table className={styles.historyTable}>
          <caption className={styles.srOnly}>Policy versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Summary</th>
              <th scope="col" className={styles.wideOnly}>
                Author
              </th>
              <th scope="col">When</th>
              <th scope="col">
                <span className={styles.srOnly}>Changes</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const selected = row.version === selectedVersion;
              return (
                <tr
                  key={row.version}
                  className={selected ? styles.selectedRow : undefined}
                  data-version={row.version}
                >
                  <td>
                    <span className={styles.versionNumber}>v{row.version}</span>
                    {row.version === currentVersion ? (
                      <span className={styles.currentTag}>Current</span>
                    ) : null}
                  </td>
                  <td className={styles.commentCell}>
                    {row.comment ?? <span className={styles.subtle}>No comment</span>}
                    <span className={`${styles.subtle} ${styles.phoneOnly}`}>{row.author}</span>
                  </td>
                  <td className={styles.wideOnly}>{row.author}</td>
                  <td>
                    <time dateTime={row.createdAt} title={row.absoluteTime}>
                      {row.relativeTime}
                    </time>
                  </td>
                  <td className={styles.viewCell}>
                    <Link
                      href={withCursor({ version: String(row.version) })}
                      className={styles.viewLink}
                      aria-current={selected ? 'true' : undefined}
                      scroll={false}
                    >
                      {selected ? 'Shown' : 'View changes'}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
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
