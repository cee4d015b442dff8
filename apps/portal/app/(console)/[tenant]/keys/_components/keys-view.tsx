'use client';

import { useState } from 'react';
import { PageHeader } from '@/components/console/page-header';
import { Button } from '@/components/ui/button';
import { KeyIcon, PlusIcon } from '@/components/ui/icons';
import { CellSubtext, DataTable, type DataTableColumn, PhoneOnly } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { StatusBadge, type StatusTone } from '@/components/ui/status-badge';
import { RevokeKeyDialog, RotateKeyDialog } from './confirm-key-dialogs';
import { CreateKeyDialog } from './create-key-dialog';
import type { KeyRow } from './key-row';
import styles from './keys.module.css';

type KeysViewProps = {
  tenantSlug: string;
  rows: KeyRow[];
  canManage: boolean;
  scopeOptions: readonly string[];
  gatewayUrl: string;
  defaultModel: string;
  /** Just after onboarding: say what comes next. */
  welcome: boolean;
};

type OpenDialog =
  { kind: 'create' } | { kind: 'revoke'; row: KeyRow } | { kind: 'rotate'; row: KeyRow } | null;

const statusTone: Record<KeyRow['status'], StatusTone> = {
  active: 'success',
  expired: 'neutral',
  revoked: 'danger',
};
const statusLabel: Record<KeyRow['status'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** The key list and its dialogs. Without the right to manage keys, the same list without buttons. */
export function KeysView({
  tenantSlug,
  rows,
  canManage,
  scopeOptions,
  gatewayUrl,
  defaultModel,
  welcome,
}: KeysViewProps) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const close = () => setDialog(null);
  const createButton = canManage ? (
    <Button onClick={() => setDialog({ kind: 'create' })}>
      <PlusIcon />
      Create key
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="API keys"
        description="Your apps send these keys to the gateway. Each key has its own scopes, models and expiry."
        actions={rows.length > 0 ? createButton : null}
      />
      {welcome && rows.length === 0 ? (
        <div className={styles.welcome} role="status">
          <p className={styles.welcomeTitle}>Your workspace is ready.</p>
          <p>Create its first API key, then call the gateway with it.</p>
        </div>
      ) : null}
      {!canManage ? (
        <p className={styles.readOnlyNote}>Your role can see keys but not create, rotate or revoke them.</p>
      ) : null}
      <DataTable
        caption="API keys of this workspace, newest first"
        columns={keyColumns(canManage, setDialog)}
        rows={rows}
        rowKey={(row) => row.id}
        empty={
          <EmptyState
            title="No API keys yet"
            headingLevel="h2"
            icon={<KeyIcon width={20} height={20} />}
            action={
              canManage ? (
                <Button onClick={() => setDialog({ kind: 'create' })}>
                  <PlusIcon />
                  Create your first key
                </Button>
              ) : null
            }
          >
            {canManage
              ? 'Create a key to call models through the gateway with the OpenAI or Anthropic SDKs.'
              : 'An owner, admin or developer of this workspace can create one.'}
          </EmptyState>
        }
      />
      {dialog?.kind === 'create' ? (
        <CreateKeyDialog
          tenantSlug={tenantSlug}
          scopeOptions={scopeOptions}
          gatewayUrl={gatewayUrl}
          defaultModel={defaultModel}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'revoke' ? (
        <RevokeKeyDialog tenantSlug={tenantSlug} row={dialog.row} onClose={close} />
      ) : null}
      {dialog?.kind === 'rotate' ? (
        <RotateKeyDialog
          tenantSlug={tenantSlug}
          row={dialog.row}
          gatewayUrl={gatewayUrl}
          defaultModel={defaultModel}
          onClose={close}
        />
      ) : null}
    </>
  );
}

function keyColumns(canManage: boolean, open: (dialog: OpenDialog) => void): DataTableColumn<KeyRow>[] {
  const columns: DataTableColumn<KeyRow>[] = [
    {
      id: 'name',
      header: 'Name',
      cell: (row) => (
        <>
          <span className={styles.keyName}>{row.name}</span>
          <PhoneOnly>
            <code className={styles.inlineCode}>{row.maskedKey}</code>
          </PhoneOnly>
          {row.kind === 'management' ? <span className={styles.kind}>management</span> : null}
          {row.expiresLabel && row.status === 'active' ? (
            <CellSubtext>Expires {row.expiresLabel}</CellSubtext>
          ) : null}
        </>
      ),
    },
    {
      id: 'key',
      header: 'Key',
      hideOnPhone: true,
      cell: (row) => <code className={styles.inlineCode}>{row.maskedKey}</code>,
    },
    {
      id: 'scopes',
      header: 'Scopes',
      hideOnPhone: true,
      cell: (row) => (
        <span className={styles.scopes}>
          {row.scopes.map((scope) => (
            <span key={scope} className={styles.scope}>
              {scope}
            </span>
          ))}
        </span>
      ),
    },
    {
      id: 'created',
      header: 'Created',
      hideOnPhone: true,
      cell: (row) => <time dateTime={row.createdAt}>{row.createdLabel}</time>,
    },
    {
      id: 'lastUsed',
      header: 'Last used',
      hideOnPhone: true,
      cell: (row) =>
        row.lastUsedAt ? (
          <time dateTime={row.lastUsedAt}>{row.lastUsedLabel}</time>
        ) : (
          <CellSubtext>{row.lastUsedLabel}</CellSubtext>
        ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (row) => <StatusBadge tone={statusTone[row.status]}>{statusLabel[row.status]}</StatusBadge>,
    },
  ];
  if (!canManage) return columns;
  return [
    ...columns,
    {
      id: 'actions',
      header: 'Actions',
      headerHidden: true,
      align: 'end',
      cell: (row) =>
        row.status === 'active' ? (
          <span className={styles.rowActions}>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Rotate ${row.name}`}
              onClick={() => open({ kind: 'rotate', row })}
            >
              Rotate
            </Button>
            <Button
              variant="ghost-danger"
              size="sm"
              aria-label={`Revoke ${row.name}`}
              onClick={() => open({ kind: 'revoke', row })}
            >
              Revoke
            </Button>
          </span>
        ) : null,
    },
  ];
}
