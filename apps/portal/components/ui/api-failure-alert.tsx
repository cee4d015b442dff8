import type { ApiFailure } from '@/lib/api-client';
import { Alert } from './alert';
import styles from './api-failure-alert.module.css';

/** Something the control plane did not give or refused: its public message and the request id to quote. */
export function ApiFailureAlert({
  title,
  failure,
}: {
  title: string;
  failure: Pick<ApiFailure, 'message' | 'requestId'>;
}) {
  return (
    <Alert title={title}>
      <p>{failure.message}</p>
      {failure.requestId ? <p className={styles.requestId}>Request ID: {failure.requestId}</p> : null}
    </Alert>
  );
}
