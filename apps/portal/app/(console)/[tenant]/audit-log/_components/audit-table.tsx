'use client';

import { Fragment, useState } from 'react';
import type { AuditRow } from './audit-row';
import styles from './audit-log.module.css';

/** The entries, newest first; each row opens a panel with its full details. */
export function AuditTable({
  rows,
  filtered,
  clearHref,
}: {
  rows: AuditRow[];
  filtered: boolean;
  clearHref: string;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (rows.length === 0) {
    return (
      <div className={styles.empty}>
        <h2 className={styles.emptyTitle}>
          {filtered ? 'No entries match these filters' : 'No audit entries yet'}
        </h2>
        <p className={styles.emptyText}>
          {filtered
            ? 'Try a wider date range or another action.'
            : 'Changes to keys, members, policies and settings appear here as they happen.'}
        </p>
        {filtered ? (
          <a href={clearHref} className={styles.clearLink}>
            Clear filters
          </a>
        ) : null}
      </div>
    );
  }

  return (
    <div className={styles.tableFrame}>
      <table className={styles.table}>
        <caption className={styles.srOnly}>Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className={`${styles.timeColumn} ${styles.wideOnly}`}>
              Time
            </th>
            <th scope="col" className={styles.actorColumn}>
              Actor
            </th>
            <th scope="col" className={styles.actionColumn}>
              Action
            </th>
            <th scope="col" className={styles.wideOnly}>
              Target
            </th>
            <th scope="col" className={styles.toggleColumn}>
              <span className={styles.srOnly}>Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const expanded = open.has(row.id);
            const panelId = `audit-details-${row.id}`;
            return (
              <Fragment key={row.id}>
                <tr className={expanded ? styles.rowOpen : undefined}>
                  <td className={`${styles.timeCell} ${styles.wideOnly}`}>
                    <time dateTime={row.occurredAt} title={row.absoluteTime}>
                      {row.relativeTime}
                    </time>
                    <span className={styles.sequence}>#{row.sequence}</span>
                  </td>
                  <td className={styles.actorCell}>
                    <span className={styles.actorLine}>
                      {row.actorHref ? (
                        <a
                          href={row.actorHref}
                          className={styles.actorLink}
                          title="Show only this actor's entries"
                        >
                          {row.actor.label}
                        </a>
                      ) : (
                        <span className={styles.actorName}>{row.actor.label}</span>
                      )}
                      {row.actor.badge ? (
                        <span
                          className={row.actor.badge === 'Platform admin' ? styles.badgeAdmin : styles.badge}
                        >
                          {row.actor.badge}
                        </span>
                      ) : null}
                    </span>
                    {row.actor.detail ? <span className={styles.subtle}>{row.actor.detail}</span> : null}
                  </td>
                  <td className={styles.actionCell}>
                    <code className={styles.action}>{row.action}</code>
                    {row.target ? (
                      <span className={`${styles.subtle} ${styles.phoneOnly} ${styles.breakAll}`}>
                        {row.target}
                      </span>
                    ) : null}
                    <time
                      dateTime={row.occurredAt}
                      title={row.absoluteTime}
                      className={`${styles.subtle} ${styles.phoneOnly}`}
                    >
                      {row.relativeTime} · #{row.sequence}
                    </time>
                  </td>
                  <td className={`${styles.wideOnly} ${styles.targetCell}`}>
                    {row.target ? (
                      <code className={styles.target}>{row.target}</code>
                    ) : (
                      <span className={styles.subtle}>—</span>
                    )}
                  </td>
                  <td className={styles.toggleCell}>
                    <button
                      type="button"
                      className={styles.toggle}
                      aria-expanded={expanded}
                      aria-controls={panelId}
                      aria-label={`${expanded ? 'Hide' : 'Show'} details of entry #${row.sequence}`}
                      onClick={() => toggle(row.id)}
                    >
                      <svg
                        width="14"
                        height="14"
                        viewBox="0 0 24 24"
                        fill="none"
                        stroke="currentColor"
                        strokeWidth="2"
                        aria-hidden="true"
                      >
                        <path d="m6 9 6 6 6-6" strokeLinecap="round" strokeLinejoin="round" />
                      </svg>
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className={styles.detailsRow}>
                    <td colSpan={5} id={panelId} className={styles.detailsCell}>
                      <EntryDetails row={row} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EntryDetails({ row }: { row: AuditRow }) {
  return (
    <div className={styles.details}>
      <dl className={styles.meta}>
        <div>
          <dt>Time</dt>
          <dd>{row.absoluteTime}</dd>
        </div>
        <div>
          <dt>Entry</dt>
          <dd>
            <code>{row.id}</code> · #{row.sequence}
          </dd>
        </div>
        <div>
          <dt>IP address</dt>
          <dd>{row.ip ?? '—'}</dd>
        </div>
        <div>
          <dt>User agent</dt>
          <dd className={styles.breakAll}>{row.userAgent ?? '—'}</dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>{row.target ? <code>{row.target}</code> : '—'}</dd>
        </div>
        <div>
          <dt>Hash</dt>
          <dd className={styles.breakAll}>
            <code>{row.hash}</code>
          </dd>
        </div>
      </dl>
      <div className={styles.jsonPair}>
        <JsonBlock title="Before" json={row.beforeJson} empty="Nothing before (a creation)." />
        <JsonBlock title="After" json={row.afterJson} empty="Nothing after (a deletion)." />
      </div>
    </div>
  );
}

function JsonBlock({ title, json, empty }: { title: string; json: string | null; empty: string }) {
  return (
    <div className={styles.jsonBlock}>
      <p className={styles.jsonTitle}>{title}</p>
      {json ? <pre className={styles.json}>{json}</pre> : <p className={styles.subtle}>{empty}</p>}
    </div>
  );
}
