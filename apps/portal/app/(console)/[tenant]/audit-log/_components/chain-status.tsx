'use client';

import { useActionState } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import { describeChain, formatDateTimeUtc } from '@/lib/audit-display';
import { type VerifyState, verifyAuditChain } from '../actions';
import styles from './audit-log.module.css';
import a11y from '@/components/ui/visually-hidden.module.css';

/** The hash chain's state, checked when the page loads and again on "Verify now". */
export function ChainStatusCard({ tenantSlug, initial }: { tenantSlug: string; initial: VerifyState }) {
  const [state, verify, pending] = useActionState(verifyAuditChain.bind(null, tenantSlug), initial);
  return (
    <section className={styles.chain} aria-labelledby="chain-title" aria-busy={pending}>
      <div className={styles.chainText}>
        <h2 id="chain-title" className={a11y.hidden}>
          Chain verification
        </h2>
        {state.status === 'verified' ? <Verified state={state} /> : null}
        {state.status === 'error' ? (
          <div role="alert">
            <StatusBadge tone="neutral">Not verified</StatusBadge>
            <p className={styles.chainDetail}>
              The check could not run: {state.message}
              {state.requestId ? (
                <span className={styles.requestId}> Request ID: {state.requestId}</span>
              ) : null}
            </p>
          </div>
        ) : null}
      </div>
      <form action={verify}>
        <button type="submit" className={styles.verifyButton} disabled={pending}>
          {pending ? 'Verifying…' : 'Verify now'}
        </button>
      </form>
    </section>
  );
}

function Verified({ state }: { state: Extract<VerifyState, { status: 'verified' }> }) {
  const chain = describeChain(state.report);
  return (
    <div role="status">
      <p className={styles.chainTitle}>
        <StatusBadge tone={chain.tone}>{chain.tone === 'success' ? 'Verified' : 'Broken'}</StatusBadge>
        <span>{chain.title}</span>
      </p>
      <p className={styles.chainDetail}>
        {chain.detail}{' '}
        <span className={styles.subtleInline}>Checked {formatDateTimeUtc(state.checkedAt)}.</span>
      </p>
    </div>
  );
}
