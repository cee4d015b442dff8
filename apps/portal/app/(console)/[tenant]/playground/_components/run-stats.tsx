import type { ReactNode } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import {
  describeFinishReason,
  formatDuration,
  formatTokenCount,
  formatTokensPerSecond,
  outputTokensPerSecond,
} from '@/lib/playground/run-metrics';
import styles from './playground.module.css';
import type { RunState } from './use-chat-session';

const statusText = {
  streaming: 'Streaming…',
  done: 'Complete',
  stopped: 'Stopped',
  failed: 'Failed',
} as const;

/** The last run's numbers: status, time to first token, latency, tokens, rate, request id. */
export function RunStats({ run }: { run: Exclude<RunState, { status: 'idle' }> }) {
  const { metrics } = run;
  const rate = run.status === 'done' ? outputTokensPerSecond(metrics) : undefined;
  const status =
    run.status === 'done' && metrics.finishReason
      ? describeFinishReason(metrics.finishReason)
      : statusText[run.status];
  return (
    <div className={styles.stats}>
      <dl className={styles.statsList}>
        <Stat label="Status">
          <span role="status" className={`${styles.runStatus} ${styles[`run-${run.status}`]}`}>
            {status}
          </span>
        </Stat>
        <Stat label="Time to first token">
          {metrics.timeToFirstTokenMs !== undefined ? formatDuration(metrics.timeToFirstTokenMs) : '—'}
        </Stat>
        <Stat label="Latency">
          {metrics.latencyMs !== undefined ? formatDuration(metrics.latencyMs) : '—'}
        </Stat>
        <Stat label="Input tokens">
          {metrics.inputTokens !== undefined ? formatTokenCount(metrics.inputTokens) : '—'}
        </Stat>
        <Stat label="Output tokens">
          {metrics.outputTokens !== undefined ? formatTokenCount(metrics.outputTokens) : '—'}
        </Stat>
        {rate !== undefined ? <Stat label="Speed">{formatTokensPerSecond(rate)}</Stat> : null}
      </dl>
      {metrics.requestId ? (
        <div className={styles.requestIdRow}>
          <span className={styles.statLabel}>Request ID</span>
          <code className={styles.requestIdCode}>{metrics.requestId}</code>
          <CopyButton value={metrics.requestId} label="Copy ID" />
        </div>
      ) : null}
      {run.status === 'stopped' ? (
        <p className={styles.statsNote}>
          Stopped early. The model reports no usage for a cut stream, so the gateway meters the tokens it
          streamed up to the stop itself.
        </p>
      ) : null}
    </div>
  );
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className={styles.stat}>
      <dt className={styles.statLabel}>{label}</dt>
      <dd className={styles.statValue}>{children}</dd>
    </div>
  );
}
