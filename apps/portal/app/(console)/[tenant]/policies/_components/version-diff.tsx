'use client';

import { useState } from 'react';
import { ActionDialog, DoneDialog } from '@/components/forms/action-dialog';
import { Button } from '@/components/ui/button';
import { DialogText } from '@/components/ui/dialog';
import { formatChangeValue } from '@/lib/policy-display';
import { type PolicyActionState, restorePolicyVersion } from '../actions';
import styles from './policies.module.css';

type Change = { path: string; before: unknown; after: unknown };

/** What one version changed against the version before it, with "Restore" for platform admins. */
export function VersionDiff({
  tenantSlug,
  version,
  comment,
  author,
  absoluteTime,
  changes,
  isCurrent,
  canRestore,
  currentVersion,
}: {
  tenantSlug: string;
  version: number;
  comment: string | null;
  author: string;
  absoluteTime: string;
  changes: Change[];
  isCurrent: boolean;
  canRestore: boolean;
  currentVersion: number | null;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section className={styles.diff} aria-labelledby="diff-title" data-version={version}>
      <header className={styles.diffHeader}>
        <div>
          <h3 id="diff-title" className={styles.diffTitle}>
            Changes in version {version}
            <span className={styles.diffAgainst}>
              {version === 1 ? ' (the first version)' : ` against version ${version - 1}`}
            </span>
          </h3>
          <p className={styles.subtle}>
            {author} · {absoluteTime}
            {comment ? ` · “${comment}”` : ''}
          </p>
        </div>
        {canRestore && !isCurrent ? (
          <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
            Restore version {version}
          </Button>
        ) : null}
      </header>
      {changes.length === 0 ? (
        <p className={styles.emptySection}>No field changed.</p>
      ) : (
        <ul className={styles.changes}>
          {changes.map((change) => (
            <li key={change.path} className={styles.change}>
              <code className={styles.changePath}>{change.path}</code>
              <span className={styles.changeValues}>
                <del
                  className={styles.before}
                  aria-label={`before: ${formatChangeValue(change.path, change.before)}`}
                >
                  {formatChangeValue(change.path, change.before)}
                </del>
                <span aria-hidden="true" className={styles.arrow}>
                  →
                </span>
                <ins
                  className={styles.after}
                  aria-label={`after: ${formatChangeValue(change.path, change.after)}`}
                >
                  {formatChangeValue(change.path, change.after)}
                </ins>
              </span>
            </li>
          ))}
        </ul>
      )}
      {confirming ? (
        <RestoreDialog
          tenantSlug={tenantSlug}
          version={version}
          currentVersion={currentVersion}
          onClose={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}

const initialState: PolicyActionState = { status: 'idle' };

function RestoreDialog({
  tenantSlug,
  version,
  currentVersion,
  onClose,
}: {
  tenantSlug: string;
  version: number;
  currentVersion: number | null;
  onClose: () => void;
}) {
  return (
    <ActionDialog
      title={`Restore version ${version}?`}
      action={restorePolicyVersion.bind(null, tenantSlug, version, currentVersion)}
      initialState={initialState}
      focus="cancel"
      submitLabel={`Restore version ${version}`}
      pendingLabel="Restoring…"
      failureTitle={(state) =>
        state.status === 'error' && state.conflict ? 'Someone else changed the policy' : 'Could not restore'
      }
      result={(state) =>
        state.status === 'saved' ? (
          <DoneDialog title="Version restored" onClose={onClose}>
            Version {state.version} repeats version {version} and is now in force.
          </DoneDialog>
        ) : null
      }
      onClose={onClose}
    >
      <DialogText>
        This saves version {(currentVersion ?? 0) + 1} with the settings of version {version}. Every gateway
        applies it within a second; the history keeps every version.
      </DialogText>
    </ActionDialog>
  );
}
