'use client';

import { useState } from 'react';
import { DataTable, type DataTableColumn, PhoneOnly } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
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

  return (
    <DataTable
      caption="Audit entries, newest first"
      columns={auditColumns(open, toggle)}
      rows={rows}
      rowKey={(row) => row.id}
      density="compact"
      verticalAlign="top"
      className={styles.entries}
      rowProps={(row) => ({ className: open.has(row.id) ? styles.rowOpen : undefined })}
      expansion={(row) =>
        open.has(row.id) ? { id: detailsId(row), content: <EntryDetails row={row} /> } : null
      }
      empty={
        <EmptyState
          title={filtered ? 'No entries match these filters' : 'No audit entries yet'}
          headingLevel="h2"
          action={
            filtered ? (
              <a href={clearHref} className={styles.clearLink}>
                Clear filters
              </a>
            ) : null
          }
        >
          {filtered
            ? 'Try a wider date range or another action.'
            : 'Changes to keys, members, policies and settings appear here as they happen.'}
        </EmptyState>
      }
    />
  );
}

const detailsId = (row: AuditRow) => `audit-details-${row.id}`;

function auditColumns(open: ReadonlySet<string>, toggle: (id: string) => void): DataTableColumn<AuditRow>[] {
  return [
    {
      id: 'time',
      header: 'Time',
      hideOnPhone: true,
      nowrap: true,
      className: styles.timeColumn,
      cell: (row) => (
        <>
          <time dateTime={row.occurredAt} title={row.absoluteTime} className={styles.time}>
            {row.relativeTime}
          </time>
          <span className={styles.sequence}>#{row.sequence}</span>
        </>
      ),
    },
    { id: 'actor', header: 'Actor', className: styles.actorCell, cell: (row) => <ActorCell row={row} /> },
    {
      id: 'action',
      header: 'Action',
      className: styles.actionCell,
      cell: (row) => (
        <>
          <code className={styles.action}>{row.action}</code>
          {row.target ? (
            <PhoneOnly className={`${styles.subtle} ${styles.breakAll}`}>{row.target}</PhoneOnly>
          ) : null}
          <PhoneOnly className={styles.subtle}>
            <time dateTime={row.occurredAt} title={row.absoluteTime}>
              {row.relativeTime} · #{row.sequence}
            </time>
          </PhoneOnly>
        </>
      ),
    },
    {
      id: 'target',
      header: 'Target',
      hideOnPhone: true,
      className: styles.targetCell,
      cell: (row) =>
        row.target ? (
          <code className={styles.target}>{row.target}</code>
        ) : (
          <span className={styles.subtle}>—</span>
        ),
    },
    {
      id: 'details',
      header: 'Details',
      headerHidden: true,
      align: 'end',
      className: styles.toggleCell,
      cell: (row) => {
        const expanded = open.has(row.id);
        return (
          <button
            type="button"
            className={styles.toggle}
            aria-expanded={expanded}
            aria-controls={detailsId(row)}
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
        );
      },
    },
  ];
}

function ActorCell({ row }: { row: AuditRow }) {
  return (
    <>
      <span className={styles.actorLine}>
        {row.actorHref ? (
          <a href={row.actorHref} className={styles.actorLink} title="Show only this actor's entries">
            {row.actor.label}
          </a>
        ) : (
          <span className={styles.actorName}>{row.actor.label}</span>
        )}
        {row.actor.badge ? (
          <span className={row.actor.badge === 'Platform admin' ? styles.badgeAdmin : styles.badge}>
            {row.actor.badge}
          </span>
        ) : null}
      </span>
      {row.actor.detail ? <span className={styles.subtle}>{row.actor.detail}</span> : null}
    </>
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
