import type { ReactNode } from 'react';
import type { GatewayFailure } from '@/lib/playground/gateway-failure';
import { Alert } from '@/components/ui/alert';
import styles from './playground.module.css';

/** A failed gateway call as a page alert: what kind of failure, the gateway's words, the details. */
export function FailureAlert({ failure, hint }: { failure: GatewayFailure; hint?: ReactNode }) {
  return (
    <Alert title={failure.title}>
      <FailureBody failure={failure} />
      {hint ? <p className={styles.failureHint}>{hint}</p> : null}
    </Alert>
  );
}

/** The same details inline under a field (the key input). */
export function FailureDetails({ failure, compact }: { failure: GatewayFailure; compact?: boolean }) {
  return (
    <div role="alert" className={compact ? styles.fieldFailure : undefined}>
      <p className={styles.fieldFailureTitle}>{failure.title}</p>
      <FailureBody failure={failure} />
    </div>
  );
}

function FailureBody({ failure }: { failure: GatewayFailure }) {
  const details = [
    failure.status ? `HTTP ${failure.status}` : undefined,
    failure.code,
    failure.retryAfterSeconds ? `retry in ${failure.retryAfterSeconds} s` : undefined,
  ].filter((detail) => detail !== undefined);
  return (
    <>
      <p>{failure.message}</p>
      {details.length > 0 || failure.requestId ? (
        <p className={styles.failureMeta}>
          {details.join(' · ')}
          {details.length > 0 && failure.requestId ? ' · ' : null}
          {failure.requestId ? <>Request ID: {failure.requestId}</> : null}
        </p>
      ) : null}
    </>
  );
}
