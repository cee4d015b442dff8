import Link from 'next/link';
import type { GuardrailPiiKind, GuardrailRecentAction } from '@llmguard/shared';
import { CellSubtext, DataTable, PhoneOnly, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDateTimeUtc, formatRelativeTime } from '@/lib/audit-display';
import {
  auditLogHrefForRequest,
  describeFindings,
  GUARDRAIL_ACTIONS,
  piiKindLabel,
} from '@/lib/guardrail-activity';
import { formatInteger } from '@/lib/usage-format';
import styles from './guardrails.module.css';

/** "3 in 2 requests", or a dash when the kind was not found on that side. */
function foundCell(found: number, requests: number): string {
  if (found === 0) return '—';
  return `${formatInteger(found)} in ${formatInteger(requests)} request${requests === 1 ? '' : 's'}`;
}

const PII_COLUMNS: DataTableColumn<GuardrailPiiKind>[] = [
  { id: 'kind', header: 'Kind', rowHeader: true, cell: (row) => piiKindLabel(row.kind) },
  {
    id: 'input',
    header: 'In prompts',
    align: 'end',
    cell: (row) => foundCell(row.inputFound, row.inputRequests),
  },
  {
    id: 'output',
    header: 'In completions',
    align: 'end',
    cell: (row) => foundCell(row.outputFound, row.outputRequests),
  },
];

/** Personal data per kind: values found in prompts and in completions, and in how many requests. */
export function PiiTable({ rows }: { rows: GuardrailPiiKind[] }) {
  return (
    <DataTable
      caption="Personal data found, per kind, in prompts and completions"
      columns={PII_COLUMNS}
      rows={rows}
      rowKey={(row) => row.kind}
      placement="in-card"
      density="compact"
      testId="guardrails-pii"
      empty={
        <EmptyState title="No personal data found" placement="in-card">
          The guardrails acted on other findings in this range.
        </EmptyState>
      }
    />
  );
}

const ACTION_INFO = new Map(GUARDRAIL_ACTIONS.map((info) => [info.action, info]));

function actionCell(row: GuardrailRecentAction) {
  const info = ACTION_INFO.get(row.action);
  return (
    <span className={styles.action}>
      <span className={styles.swatch} style={{ background: info?.color }} aria-hidden="true" />
      {info?.label ?? row.action}
    </span>
  );
}

/** The latest actions, each linking to its request's entries in the audit log. */
export function RecentActionsTable({
  tenantSlug,
  rows,
  now,
}: {
  tenantSlug: string;
  rows: GuardrailRecentAction[];
  now: Date;
}) {
  const columns: DataTableColumn<GuardrailRecentAction>[] = [
    {
      id: 'time',
      header: 'Time',
      nowrap: true,
      cell: (row) => (
        <time dateTime={row.occurredAt} title={formatDateTimeUtc(row.occurredAt)}>
          {formatRelativeTime(row.occurredAt, now)}
        </time>
      ),
    },
    {
      id: 'action',
      header: 'Action',
      cell: (row) => (
        <>
          {actionCell(row)}
          <PhoneOnly>
            <CellSubtext>{describeFindings(row)}</CellSubtext>
          </PhoneOnly>
        </>
      ),
    },
    { id: 'found', header: 'Found', hideOnPhone: true, cell: (row) => describeFindings(row) },
    {
      id: 'request',
      header: 'Request',
      cell: (row) =>
        row.requestId ? (
          <Link
            href={auditLogHrefForRequest(tenantSlug, row.requestId)}
            className={styles.requestLink}
            title="This request's entries in the audit log"
          >
            {row.requestId}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      id: 'key',
      header: 'API key',
      hideOnPhone: true,
      cell: (row) => row.apiKeyName ?? (row.apiKeyId ? `Deleted key (${row.apiKeyId})` : '—'),
    },
  ];
  return (
    <DataTable
      caption="The latest guardrail actions"
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      placement="in-card"
      density="compact"
      testId="guardrails-recent"
    />
  );
}
