'use client';

import { useState } from 'react';
import { PageHeader } from '@/components/console/page-header';
import { Button } from '@/components/ui/button';
import { KeyIcon, PlusIcon } from '@/components/ui/icons';
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
      {rows.length === 0 ? (
        <div className={styles.empty}>
          <span className={styles.emptyIcon} aria-hidden="true">
            <KeyIcon width={20} height={20} />
          </span>
          <h2 className={styles.emptyTitle}>No API keys yet</h2>
          <p className={styles.emptyText}>
            {canManage
              ? 'Create a key to call models through the gateway with the OpenAI or Anthropic SDKs.'
              : 'An owner, admin or developer of this workspace can create one.'}
          </p>
          {canManage ? (
            <Button onClick={() => setDialog({ kind: 'create' })}>
              <PlusIcon />
              Create your first key
            </Button>
          ) : null}
        </div>
      ) : (
        <div className={styles.tableFrame}>
          <table className={styles.table}>
            <caption className={styles.srOnly}>API keys of this workspace, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className={styles.wideOnly}>
                  Key
                </th>
                <th scope="col" className={styles.wideOnly}>
                  Scopes
                </th>
                <th scope="col" className={styles.wideOnly}>
                  Created
                </th>
                <th scope="col" className={styles.wideOnly}>
                  Last used
                </th>
                <th scope="col">Status</th>
                {canManage ? (
                  <th scope="col">
                    <span className={styles.srOnly}>Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <span className={styles.keyName}>{row.name}</span>
                    <code className={`${styles.inlineCode} ${styles.phoneOnly}`}>{row.maskedKey}</code>
                    {row.kind === 'management' ? <span className={styles.kind}>management</span> : null}
                    {row.expiresLabel && row.status === 'active' ? (
                      <span className={styles.subtle}>Expires {row.expiresLabel}</span>
                    ) : null}
                  </td>
                  <td className={styles.wideOnly}>
                    <code className={styles.inlineCode}>{row.maskedKey}</code>
                  </td>
                  <td className={styles.wideOnly}>
                    <span className={styles.scopes}>
                      {row.scopes.map((scope) => (
                        <span key={scope} className={styles.scope}>
                          {scope}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td className={styles.wideOnly}>
                    <time dateTime={row.createdAt}>{row.createdLabel}</time>
                  </td>
                  <td className={styles.wideOnly}>
                    {row.lastUsedAt ? (
                      <time dateTime={row.lastUsedAt}>{row.lastUsedLabel}</time>
                    ) : (
                      <span className={styles.subtle}>{row.lastUsedLabel}</span>
                    )}
                  </td>
                  <td>
                    <StatusBadge tone={statusTone[row.status]}>{statusLabel[row.status]}</StatusBadge>
                  </td>
                  {canManage ? (
                    <td className={styles.actionsCell}>
                      {row.status === 'active' ? (
                        <span className={styles.rowActions}>
                          <Button
                            variant="ghost"
                            size="sm"
                            aria-label={`Rotate ${row.name}`}
                            onClick={() => setDialog({ kind: 'rotate', row })}
                          >
                            Rotate
                          </Button>
                          <Button
                            variant="ghost"
                            size="sm"
                            className={styles.dangerGhost}
                            aria-label={`Revoke ${row.name}`}
                            onClick={() => setDialog({ kind: 'revoke', row })}
                          >
                            Revoke
                          </Button>
                        </span>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
